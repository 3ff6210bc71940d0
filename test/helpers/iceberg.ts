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

const repo = resolve(__dirname, '..', '..', '..');

/** Writes the fixture tables (identity, day and bucket specs) into a new folder. */
export function makeIcebergTables(): { dir: string; warehouse: string; tables: readonly FixtureTable[] } {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-iceberg-'));
  const python = join(repo, '.venv', 'bin', 'python');
  const out = execFileSync(python, [join(repo, 'test', 'fixtures', 'iceberg', 'make_tables.py'), dir], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const parsed = JSON.parse(out) as { warehouse: string; tables: FixtureTable[] };
  return { dir, ...parsed };
}
