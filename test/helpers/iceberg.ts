/** Iceberg tables written by pyiceberg at test time (their metadata holds absolute paths). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface FixtureFile {
  readonly path: string;
  readonly size: number;
  readonly records: number;
  readonly deletes: readonly { readonly path: string; readonly size: number; readonly content: number }[];
}

export interface FixtureSnapshot {
  readonly id: string;
  readonly parent: string | null;
  readonly timestampMs: number;
  readonly operation: string;
  readonly summary: Readonly<Record<string, string>>;
  /** What pyiceberg plans for a scan of this snapshot. */
  readonly files: readonly FixtureFile[];
}

export interface FixtureTable {
  readonly name: string;
  readonly metadataLocation: string;
  readonly currentSnapshotId: string;
  readonly snapshots: readonly FixtureSnapshot[];
}

/** A query on a fixture table, with what pyiceberg plans for it and the bytes that scan reads. */
export interface FixtureCase {
  readonly sql: string;
  readonly table: string;
  readonly files: readonly string[];
  readonly deletes: readonly string[];
  /** Footers and the projected columns' compressed chunks of `files`, plus the delete files' sizes. */
  readonly bytes: number;
}

export interface IcebergFixtures {
  readonly dir: string;
  /** The database the tables are in (the SQL of the cases names it). */
  readonly database: string;
  readonly warehouse: string;
  readonly tables: readonly FixtureTable[];
  readonly cases: readonly FixtureCase[];
}

const repo = resolve(__dirname, '..', '..', '..');

/**
 * Writes the fixture tables (identity, day and bucket specs): into a new folder, or under
 * `warehouse`, or with `glue`, into moto's S3 with Glue entries in a database of that name.
 */
export function makeIcebergTables(where?: { readonly warehouse: string } | { readonly glue: string; readonly database: string }): IcebergFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-iceberg-'));
  const python = join(repo, '.venv', 'bin', 'python');
  const target = !where ? [] : 'warehouse' in where ? [where.warehouse] : ['--glue', where.glue, where.database];
  const args = [join(repo, 'test', 'fixtures', 'iceberg', 'make_tables.py'), dir, ...target];
  const out = execFileSync(python, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return { dir, ...(JSON.parse(out) as Omit<IcebergFixtures, 'dir'>) };
}

/** The fixture tables' columns, as Athena's catalog lists an Iceberg table's. */
export const FIXTURE_COLUMNS = [
  { name: 'id', type: 'bigint' },
  { name: 'region', type: 'string' },
  { name: 'ts', type: 'timestamp' },
  { name: 'amount', type: 'double' },
  { name: 'note', type: 'string' },
];
