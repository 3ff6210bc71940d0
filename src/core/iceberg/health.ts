import { formatBytes } from '../cost/price';
import type { IcebergMetadata, IcebergSnapshot } from './metadata';

/** A live file as the health summary needs it. */
export interface HealthFile {
  readonly sizeBytes: number;
  readonly specId: number;
  readonly partition: Readonly<Record<string, unknown>>;
}

export interface IcebergHealth {
  readonly table: string;
  readonly dataFiles: number;
  readonly dataBytes: number;
  /** Files under OPTIMIZE's minimum size (`optimize_rewrite_min_data_file_size_bytes`). */
  readonly smallFiles: number;
  readonly smallBytes: number;
  readonly minFileBytes: number;
  readonly deleteFiles: number;
  readonly deleteBytes: number;
  /** Delete files per data file. */
  readonly deleteRatio: number;
  readonly snapshots: number;
  /** Snapshots VACUUM would expire: older than `vacuum_max_snapshot_age_seconds`, beyond the newest `vacuum_min_snapshots_to_keep`. */
  readonly expirable: readonly IcebergSnapshot[];
  readonly maxSnapshotAgeSeconds: number;
  readonly minSnapshotsToKeep: number;
  /** What needs attention, in words; empty when nothing does. */
  readonly flags: readonly string[];
  /** OPTIMIZE … REWRITE DATA USING BIN_PACK, and the bytes it would read (billed as scanned). */
  readonly optimize?: { readonly statement: string; readonly files: number; readonly bytes: number };
  readonly vacuum?: { readonly statement: string; readonly snapshots: number };
}

/** Athena's defaults for the table properties that steer OPTIMIZE and VACUUM. */
const TARGET_FILE_BYTES = 512 * 2 ** 20;
const DATA_FILE_THRESHOLD = 5;
const DELETE_FILE_THRESHOLD = 2;
const MAX_SNAPSHOT_AGE_SECONDS = 432_000;
const MIN_SNAPSHOTS_TO_KEEP = 1;

const prop = (meta: IcebergMetadata, table: Readonly<Record<string, string>>, key: string, fallback: number): number => {
  const v = Number(table[key] ?? meta.properties[key]);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};

const quoted = (database: string, name: string): string => `"${database.replace(/"/g, '""')}"."${name.replace(/"/g, '""')}"`;

/**
 * The state of an Iceberg table as Athena's maintenance sees it: small files and delete files
 * that OPTIMIZE would rewrite, and snapshots that VACUUM would expire, with the table's own
 * thresholds (its properties, else Athena's defaults).
 */
export function icebergHealth(
  database: string,
  name: string,
  meta: IcebergMetadata,
  files: { readonly data: readonly HealthFile[]; readonly deletes: readonly HealthFile[] },
  nowMs: number,
  tableProperties: Readonly<Record<string, string>> = {},
): IcebergHealth {
  const target = prop(meta, tableProperties, 'write_target_data_file_size_bytes', TARGET_FILE_BYTES);
  const minFileBytes = prop(meta, tableProperties, 'optimize_rewrite_min_data_file_size_bytes', Math.floor(target * 0.75));
  const dataThreshold = prop(meta, tableProperties, 'optimize_rewrite_data_file_threshold', DATA_FILE_THRESHOLD);
  const deleteThreshold = prop(meta, tableProperties, 'optimize_rewrite_delete_file_threshold', DELETE_FILE_THRESHOLD);
  const maxAge = prop(meta, tableProperties, 'vacuum_max_snapshot_age_seconds', MAX_SNAPSHOT_AGE_SECONDS);
  const keep = Math.max(1, prop(meta, tableProperties, 'vacuum_min_snapshots_to_keep', MIN_SNAPSHOTS_TO_KEEP));
  const partitionOf = (f: HealthFile): string => `${f.specId}\u0000${JSON.stringify(f.partition)}`;
  const deletesBy = new Map<string, number>();
  for (const d of files.deletes) deletesBy.set(partitionOf(d), (deletesBy.get(partitionOf(d)) ?? 0) + 1);
  const small = files.data.filter((f) => f.sizeBytes < minFileBytes);
  const sum = (xs: readonly HealthFile[]): number => xs.reduce((a, f) => a + f.sizeBytes, 0);
  // OPTIMIZE rewrites small files, and files whose partition has enough delete files (with those).
  const deleted = new Set([...deletesBy].filter(([, n]) => n >= deleteThreshold).map(([p]) => p));
  const rewrite = files.data.filter((f) => f.sizeBytes < minFileBytes || deleted.has(partitionOf(f)));
  const rewriteDeletes = files.deletes.filter((d) => deleted.has(partitionOf(d)));
  const newestFirst = [...meta.snapshots].sort((a, b) => b.timestampMs - a.timestampMs);
  const expirable = newestFirst.slice(keep).filter((s) => s.snapshotId !== meta.currentSnapshotId && nowMs - s.timestampMs > maxAge * 1000);
  const flags: string[] = [];
  if (small.length >= dataThreshold) flags.push(`${small.length} of ${files.data.length} data files are small (under ${formatBytes(minFileBytes)}): every query opens each one.`);
  if (deleted.size) flags.push(`${rewriteDeletes.length} delete files in ${deleted.size} partition(s) with ${deleteThreshold} or more: every read applies them.`);
  if (expirable.length) flags.push(`${expirable.length} snapshots are older than ${Math.round(maxAge / 3600)} h beyond the newest ${keep}: their files are kept until VACUUM.`);
  const optimize =
    small.length >= dataThreshold || deleted.size
      ? { statement: `OPTIMIZE ${quoted(database, name)} REWRITE DATA USING BIN_PACK`, files: rewrite.length + rewriteDeletes.length, bytes: sum(rewrite) + sum(rewriteDeletes) }
      : undefined;
  return {
    table: `${database}.${name}`,
    dataFiles: files.data.length,
    dataBytes: sum(files.data),
    smallFiles: small.length,
    smallBytes: sum(small),
    minFileBytes,
    deleteFiles: files.deletes.length,
    deleteBytes: sum(files.deletes),
    deleteRatio: files.data.length ? files.deletes.length / files.data.length : 0,
    snapshots: meta.snapshots.length,
    expirable,
    maxSnapshotAgeSeconds: maxAge,
    minSnapshotsToKeep: keep,
    flags,
    ...(optimize ? { optimize } : {}),
    ...(expirable.length ? { vacuum: { statement: `VACUUM ${quoted(database, name)}`, snapshots: expirable.length } } : {}),
  };
}

/** The summary as Markdown, with the statements it proposes. */
export function healthMarkdown(h: IcebergHealth): string {
  const lines = [`# Iceberg health: ${h.table}`, ''];
  lines.push(h.flags.length ? '**Needs attention.**' : 'Nothing needs attention.', '');
  lines.push('| | |', '| --- | --- |');
  lines.push(`| data files | ${h.dataFiles.toLocaleString('en')} (${formatBytes(h.dataBytes)}) |`);
  lines.push(`| small files (under ${formatBytes(h.minFileBytes)}) | ${h.smallFiles.toLocaleString('en')} (${formatBytes(h.smallBytes)}) |`);
  lines.push(`| delete files | ${h.deleteFiles.toLocaleString('en')} (${formatBytes(h.deleteBytes)}), ${h.deleteRatio.toFixed(2)} per data file |`);
  lines.push(`| snapshots | ${h.snapshots}, ${h.expirable.length} past retention (${h.maxSnapshotAgeSeconds} s, keep ${h.minSnapshotsToKeep}) |`);
  if (h.flags.length) lines.push('', ...h.flags.map((f) => `- ${f}`));
  if (h.optimize) {
    lines.push('', `## Compact: ${h.optimize.files} files, about ${formatBytes(h.optimize.bytes)} scanned (billed as a query)`, '', '```sql', `${h.optimize.statement};`, '```');
  }
  if (h.vacuum) lines.push('', `## Expire ${h.vacuum.snapshots} snapshots and remove orphan files`, '', '```sql', `${h.vacuum.statement};`, '```');
  return lines.join('\n');
}
