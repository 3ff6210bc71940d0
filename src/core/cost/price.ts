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

export { formatBytes, formatUsd } from '../../shared/format';
