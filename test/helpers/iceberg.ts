/** Iceberg tables written by pyiceberg at test time (their metadata holds absolute paths). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Table } from '../../src/core/catalog/model';
import { LocalEngine } from '../../src/engines/local/localEngine';

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
  /** Rows of the current snapshot, and the sum of their `amount`, as pyiceberg reads them. */
  readonly rows: number;
  readonly amountSum: number;
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

/** A new local lakehouse (its warehouse folder made) whose DuckDB takes extensions from `extensionDirectory`. */
export function icebergLakehouse(extensionDirectory: string): { engine: LocalEngine; s3: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-iceberg-local-'));
  const s3 = join(dir, 's3');
  mkdirSync(join(s3, 'warehouse'), { recursive: true });
  return { engine: new LocalEngine({ lakehouseDir: join(dir, '.lakehouse'), s3Root: s3, extensionDirectory }), s3 };
}

/** Registers a fixture table in the local catalog, by its metadata_location or (`byListing`) by its location alone. */
export function registerFixture(engine: LocalEngine, fixtures: IcebergFixtures, name: string, byListing = false): void {
  const t = fixtures.tables.find((x) => x.name === name)!;
  engine.catalog.createDatabase({ name: 'lake' }, true);
  const table: Table = {
    database: 'lake',
    name,
    tableType: 'EXTERNAL_TABLE',
    storage: { location: `s3://warehouse/lake/${name}`, columns: FIXTURE_COLUMNS, inputFormat: '', outputFormat: '', serde: { serializationLibrary: '', parameters: {} } },
    partitionKeys: [],
    parameters: byListing ? { table_type: 'ICEBERG' } : { table_type: 'ICEBERG', metadata_location: t.metadataLocation },
  };
  engine.catalog.putTable(table, { replace: false });
}

