/**
 * Athena's price for a query: data scanned rounded up to the next megabyte, at least 10 MB per
 * query, at a price per terabyte (5.00 USD in most regions). DDL, EXPLAIN and failed queries are
 * free; cancelled ones are billed for what they scanned.
 */
export const DEFAULT_PRICE_PER_TB_USD = 5;
const MB = 1024 * 1024;
const TB = 1024 ** 4;
export const MINIMUM_BILLED_BYTES = 10 * MB;

/** The bytes Athena bills for `bytesScanned`. */
export function billedBytes(bytesScanned: number): number {
  return Math.max(MINIMUM_BILLED_BYTES, Math.ceil(bytesScanned / MB) * MB);
}

export function queryCostUsd(bytesScanned: number, pricePerTbUsd = DEFAULT_PRICE_PER_TB_USD): number {
  return (billedBytes(bytesScanned) / TB) * pricePerTbUsd;
}

/** "$0.0001", "$0.006", "$1.24": enough digits to see a non-zero cost. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  const digits = Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(usd))));
  return `$${usd.toFixed(digits)}`;
}

/** "1.24 GB" in binary units, as the Athena console shows data scanned. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[u]}`;
}

/** A result's cost figures as the results header shows them: "190 KB scanned ($0.000048) · estimated ≈ 190 KB". */
export function scanFigures(r: { readonly bytesScanned?: number; readonly costUsd?: number; readonly estimatedBytes?: number; readonly estimateUpperBound?: boolean }): string | undefined {
  const parts: string[] = [];
  if (r.bytesScanned !== undefined) parts.push(`${formatBytes(r.bytesScanned)} scanned${r.costUsd === undefined ? '' : ` (${formatUsd(r.costUsd)})`}`);
  if (r.estimatedBytes !== undefined) parts.push(`estimated ${r.estimateUpperBound ? '≤' : '≈'} ${formatBytes(r.estimatedBytes)}`);
  return parts.length ? parts.join(' · ') : undefined;
}
