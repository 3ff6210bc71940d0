import type { DataFormat } from '../catalog/model';
import { billedBytes, formatBytes, formatUsd, queryCostUsd } from './price';

/** How a table's bytes were found. */
export type EstimateMethod =
  /** Sizes of the selected objects: what Athena reads of text, JSON and Avro. */
  | 'objects'
  /** Parquet footers read: footers plus the referenced columns' compressed chunks. */
  | 'parquet-footers'
  /** Parquet footers of a sample of the files, extrapolated to the rest by size. */
  | 'parquet-sampled'
  /** An Iceberg table's manifests: each data file's column chunk sizes, and its footer (the rest of the file). */
  | 'iceberg-manifests'
  /** The objects' total size, which the engine may read less of (ORC, Iceberg, unknown formats). */
  | 'upper-bound';

export interface TableEstimate {
  /** `db.table` */
  readonly table: string;
  readonly via: readonly string[];
  readonly format: DataFormat;
  /** Partitions selected, of how many (total only when asked for); absent for unpartitioned tables. */
  readonly partitions?: { readonly selected: number; readonly total?: number };
  /** The Glue partition expression sent, when the query narrows partitions. */
  readonly expression?: string;
  readonly objects: number;
  readonly bytes: number;
  readonly method: EstimateMethod;
  /** Storage columns read (lower case); every column when the query reads all. */
  readonly columns: readonly string[];
  readonly allColumns: boolean;
  /** An Iceberg table read from its manifests: the snapshot, and its data files kept of those live. */
  readonly iceberg?: { readonly snapshotId: string; readonly dataFiles: number; readonly liveDataFiles: number; readonly deleteFiles: number };
  readonly warnings: readonly string[];
}

export interface Estimate {
  /** `scan`: a billed read of the tables below; `free`: DDL, EXPLAIN, SHOW; `unknown`: cannot tell. */
  readonly kind: 'scan' | 'free' | 'unknown';
  readonly verb: string;
  readonly bytes: number;
  /** The bytes Athena would bill (rounded up to the MB, 10 MB minimum; 0 when free). */
  readonly billedBytes: number;
  readonly costUsd: number;
  /** Some table's figure is an upper bound ("≤"). */
  readonly upperBound: boolean;
  readonly tables: readonly TableEstimate[];
  /** Tables the statement names that the catalog does not have. */
  readonly missing: readonly string[];
  readonly warnings: readonly string[];
  /** Why it is free or unknown. */
  readonly reason?: string;
  readonly elapsedMs: number;
}

export function scanEstimate(verb: string, tables: readonly TableEstimate[], missing: readonly string[], warnings: readonly string[], pricePerTbUsd: number, elapsedMs: number): Estimate {
  const bytes = tables.reduce((a, t) => a + t.bytes, 0);
  return {
    kind: 'scan',
    verb,
    bytes,
    billedBytes: billedBytes(bytes),
    costUsd: queryCostUsd(bytes, pricePerTbUsd),
    upperBound: tables.some((t) => t.method === 'upper-bound'),
    tables,
    missing,
    warnings,
    elapsedMs,
  };
}

export function otherEstimate(kind: 'free' | 'unknown', verb: string, reason: string, elapsedMs = 0): Estimate {
  return { kind, verb, bytes: 0, billedBytes: 0, costUsd: 0, upperBound: false, tables: [], missing: [], warnings: [], reason, elapsedMs };
}

/** "≈ 1.24 GB · $0.006", "≤ 3.1 GB · $0.015", "free (DDL)", "no estimate". */
export function estimateLabel(e: Estimate): string {
  if (e.kind === 'free') return `free (${e.reason ?? e.verb})`;
  if (e.kind === 'unknown') return 'no estimate';
  const approx = e.upperBound ? '≤' : '≈';
  const incomplete = e.missing.length ? ' + unknown tables' : '';
  return `${approx} ${formatBytes(e.bytes)} · ${formatUsd(e.costUsd)}${incomplete}`;
}

/** Athena (and Hive) skip objects whose name, or a folder's on the way, starts with `_` or `.`, folder markers and empty objects. */
export function isDataObject(relativeKey: string, size: number): boolean {
  if (size <= 0 || relativeKey.endsWith('/') || relativeKey.endsWith('$folder$')) return false;
  return !relativeKey.split('/').some((part) => part.startsWith('_') || part.startsWith('.'));
}

/** What a Parquet file's footer says about its cost to read. */
export interface ParquetFooter {
  /** Footer bytes: the metadata, its length and the magic (read whole by every query). */
  readonly footerBytes: number;
  /** Compressed chunk bytes per top-level column (lower case), over all row groups. */
  readonly columns: ReadonlyMap<string, number>;
}

/** Bytes a scan of one Parquet file reads: its footer plus the referenced columns' chunks. */
export function parquetScanBytes(footer: ParquetFooter, columns: readonly string[]): number {
  let total = footer.footerBytes;
  for (const c of columns) total += footer.columns.get(c) ?? 0;
  return total;
}

/** Evenly spread indexes of `n` items, `k` of them (all when k ≥ n). */
export function sampleIndexes(n: number, k: number): number[] {
  if (k >= n) return Array.from({ length: n }, (_v, i) => i);
  const out: number[] = [];
  for (let j = 0; j < k; j++) out.push(Math.floor(((j + 0.5) * n) / k));
  return out;
}

/** The ratio of actual to estimated bytes over past runs: median and worst (furthest from 1). */
export function accuracySummary(pairs: readonly { readonly estimated: number; readonly actual: number }[]): { readonly count: number; readonly median: number; readonly worst: number } | undefined {
  const ratios = pairs.filter((p) => p.estimated > 0 && p.actual >= 0).map((p) => p.actual / p.estimated);
  if (!ratios.length) return undefined;
  const sorted = [...ratios].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const distance = (r: number): number => (r === 0 ? Infinity : Math.abs(Math.log(r)));
  const worst = ratios.reduce((w, r) => (distance(r) > distance(w) ? r : w), ratios[0] as number);
  return { count: ratios.length, median, worst };
}

/** The per-table breakdown as Markdown, for the breakdown command and the CLI. */
export function estimateMarkdown(e: Estimate, statement: string): string {
  const lines: string[] = [`# Scan estimate: ${estimateLabel(e)}`, '', '```sql', statement.trim(), '```', ''];
  if (e.kind !== 'scan') {
    lines.push(e.reason ?? '');
    return lines.join('\n');
  }
  lines.push(`Billed: ${formatBytes(e.billedBytes)} (data scanned rounded up to the MB, at least 10 MB) → ${formatUsd(e.costUsd)}. Estimated in ${Math.round(e.elapsedMs)} ms.`, '');
  lines.push('| table | partitions | objects | bytes | method | columns |', '| --- | --- | --- | --- | --- | --- |');
  for (const t of e.tables) {
    const parts = t.partitions ? `${t.partitions.selected}${t.partitions.total !== undefined ? ` of ${t.partitions.total}` : ''}` : '—';
    const cols = t.format === 'parquet' || t.format === 'orc' || (t.format === 'iceberg' && t.method !== 'upper-bound') ? (t.allColumns ? 'all' : t.columns.join(', ') || '(none: footers only)') : 'whole objects';
    const via = t.via.length ? ` (via ${t.via.join(' → ')})` : '';
    lines.push(`| ${t.table}${via} | ${parts} | ${t.objects} | ${t.method === 'upper-bound' ? '≤ ' : ''}${formatBytes(t.bytes)} | ${t.method} | ${cols} |`);
  }
  const notes = [...e.warnings, ...e.tables.flatMap((t) => t.warnings.map((w) => `${t.table}: ${w}`)), ...e.missing.map((m) => `${m} is not in the catalog: not counted.`)];
  for (const t of e.tables) {
    if (t.iceberg) {
      const i = t.iceberg;
      notes.push(`${t.table}: Iceberg snapshot ${i.snapshotId}, ${i.dataFiles} of its ${i.liveDataFiles} data files${t.expression ? ` where ${t.expression}` : ''}, ${i.deleteFiles} delete file${i.deleteFiles === 1 ? '' : 's'}`);
    } else if (t.expression) notes.push(`${t.table}: partitions where ${t.expression}`);
  }
  if (notes.length) lines.push('', ...notes.map((n) => `- ${n}`));
  return lines.join('\n');
}
