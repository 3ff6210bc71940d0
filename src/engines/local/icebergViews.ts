import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from '../../core/catalog/model';
import { newestMetadataFile, parseIcebergMetadata, type IcebergMetadata } from '../../core/iceberg/metadata';
import { duckType } from './hiveTypes';
import type { S3Map } from './s3Map';
import { ident, sqlString } from './sqlText';

/** The local path of an Iceberg table's current metadata file: its `metadata_location`, else the newest under `<location>/metadata/`. */
export function icebergMetadataPath(table: Table, map: S3Map): string {
  const given = table.parameters.metadata_location;
  if (given) return map.toLocal(given);
  if (!table.storage.location) throw new Error(`${table.database}.${table.name} has neither metadata_location nor a location.`);
  const folder = join(map.toLocal(table.storage.location), 'metadata');
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    // no folder: no metadata
  }
  const newest = newestMetadataFile(names);
  if (!newest) throw new Error(`${table.database}.${table.name}: no Iceberg metadata file under ${folder}.`);
  return join(folder, newest);
}

/**
 * An Iceberg table read by DuckDB's iceberg extension: the current snapshot with the columns the
 * catalog gives, typed as it says; or (in a table macro) the snapshot a parameter names, by id or
 * by time, with that snapshot's own schema (as Trino reads a snapshot).
 */
export function icebergTableQuery(table: Table, metadataPath: string, at?: 'version' | 'time'): string {
  if (at) return `SELECT * FROM iceberg_scan(${sqlString(metadataPath)}, ${at === 'version' ? 'snapshot_from_id = v' : 'snapshot_from_timestamp = ts'})`;
  const columns = table.storage.columns.map((c) => `CAST(${ident(c.name)} AS ${duckType(c.type)}) AS ${ident(c.name)}`).join(', ');
  return `SELECT ${columns} FROM iceberg_scan(${sqlString(metadataPath)})`;
}

/** The names of an Iceberg table's time-travel macros: `t$at_version(v)`, `t$at_time(ts)`. */
export const timeTravelMacro = (name: string, kind: 'version' | 'timestamp'): string => `${name}$at_${kind === 'version' ? 'version' : 'time'}`;

const bigint = (id: string | undefined): string => (id === undefined ? 'CAST(NULL AS BIGINT)' : `CAST(${id} AS BIGINT)`);
const at = (ms: number): string => `make_timestamptz(${Math.round(ms) * 1000})`;

/**
 * Athena's `"t$snapshots"` and `"t$history"` metadata tables, from the table's metadata file, with
 * Athena's columns. Other metadata tables need the manifests: the local engine refuses them.
 */
export function icebergMetadataViews(metadataPath: string): { snapshots: string; history: string } {
  const meta: IcebergMetadata = parseIcebergMetadata(readFileSync(metadataPath, 'utf8'));
  const summary = (s: Readonly<Record<string, string>>): string => {
    const entries = Object.entries(s);
    return entries.length ? `MAP {${entries.map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`).join(', ')}}` : 'CAST(MAP {} AS MAP(VARCHAR, VARCHAR))';
  };
  const snapshotRows = meta.snapshots.map((s) => `(${at(s.timestampMs)}, ${bigint(s.snapshotId)}, ${bigint(s.parentId)}, ${sqlString(s.operation ?? '')}, ${sqlString(s.manifestList)}, ${summary(s.summary)})`);
  const snapshots = snapshotRows.length
    ? `SELECT * FROM (VALUES ${snapshotRows.join(', ')}) AS s(committed_at, snapshot_id, parent_id, operation, manifest_list, summary)`
    : `SELECT CAST(NULL AS TIMESTAMPTZ) AS committed_at, CAST(NULL AS BIGINT) AS snapshot_id, CAST(NULL AS BIGINT) AS parent_id, CAST(NULL AS VARCHAR) AS operation, CAST(NULL AS VARCHAR) AS manifest_list, CAST(MAP {} AS MAP(VARCHAR, VARCHAR)) AS summary WHERE false`;
  // The current snapshot's ancestors: is_current_ancestor.
  const ancestors = new Set<string>();
  const byId = new Map(meta.snapshots.map((s) => [s.snapshotId, s]));
  for (let id = meta.currentSnapshotId; id !== undefined && !ancestors.has(id); id = byId.get(id)?.parentId) ancestors.add(id);
  const log = meta.history.length ? meta.history : meta.snapshots.map((s) => ({ timestampMs: s.timestampMs, snapshotId: s.snapshotId }));
  const historyRows = log.map((h) => `(${at(h.timestampMs)}, ${bigint(h.snapshotId)}, ${bigint(byId.get(h.snapshotId)?.parentId)}, ${ancestors.has(h.snapshotId)})`);
  const history = historyRows.length
    ? `SELECT * FROM (VALUES ${historyRows.join(', ')}) AS h(made_current_at, snapshot_id, parent_id, is_current_ancestor)`
    : `SELECT CAST(NULL AS TIMESTAMPTZ) AS made_current_at, CAST(NULL AS BIGINT) AS snapshot_id, CAST(NULL AS BIGINT) AS parent_id, CAST(NULL AS BOOLEAN) AS is_current_ancestor WHERE false`;
  return { snapshots, history };
}
