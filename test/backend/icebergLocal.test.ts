import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { icebergLakehouse as lakehouse, makeIcebergTables, registerFixture as register, type IcebergFixtures } from '../helpers/iceberg';
import { fails, ok, rows } from './localHelpers';

const repo = resolve(__dirname, '..', '..', '..');
/** DuckDB's iceberg and avro extensions from PyPI, as setup lays them out (test/tools/setup.mjs). */
const extensions = join(repo, '.venv', 'duckdb-extensions');

describe('Iceberg tables on the local engine (DuckDB iceberg extension)', () => {
  const { engine, s3 } = lakehouse(extensions);
  let fixtures: IcebergFixtures;
  after(() => engine.dispose());
  before(() => {
    fixtures = makeIcebergTables({ warehouse: join(s3, 'warehouse') });
    register(engine, fixtures, 'by_region');
    register(engine, fixtures, 'by_day', true);
  });

  test('the engine’s DuckDB is the release the extensions were built for (they drift apart: this fails)', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const c = await (await DuckDBInstance.create(':memory:')).connect();
    const reported = (await c.runAndReadAll('SELECT version()')).getRowsJson()[0]?.[0];
    const version = typeof reported === 'string' ? reported : '';
    c.closeSync();
    assert.match(version, /^v\d+\.\d+\.\d+$/);
    assert.ok(existsSync(join(extensions, version, 'linux_amd64', 'iceberg.duckdb_extension')), `no iceberg extension for DuckDB ${version} under ${extensions}`);
  });

  test('a table reads what pyiceberg reads; found by its metadata_location or by listing its metadata folder', async () => {
    for (const name of ['by_region', 'by_day']) {
      const t = fixtures.tables.find((x) => x.name === name)!;
      const r = rows(await ok(engine, `SELECT count(*), round(sum(amount), 6) FROM lake.${name}`));
      assert.deepEqual(r, [[String(t.rows), t.amountSum]], name);
    }
    // The schema after evolution: rows written before the new column read it as NULL.
    const notes = rows(await ok(engine, 'SELECT count(note), count(*) - count(note) FROM lake.by_region'));
    assert.deepEqual(notes.map((r) => r.map(Number)), [[20, fixtures.tables[0]!.rows - 20]]);
  });

  test('"t$snapshots" and "t$history": the snapshots pyiceberg wrote, with Athena’s columns', async () => {
    const t = fixtures.tables.find((x) => x.name === 'by_region')!;
    const snapshots = await ok(engine, 'SELECT snapshot_id, parent_id, operation, summary FROM lake."by_region$snapshots" ORDER BY committed_at');
    assert.deepEqual(
      rows(snapshots).map((r) => [String(r[0] as string), r[1] === null ? null : String(r[1] as string), r[2]]),
      t.snapshots.map((s) => [s.id, s.parent, s.operation]),
    );
    const history = rows(await ok(engine, 'SELECT count(*), count_if(is_current_ancestor) FROM lake."by_region$history"'));
    assert.deepEqual(history.map((r) => r.map(Number)), [[t.snapshots.length, t.snapshots.length]]);
    assert.match(await fails(engine, 'SELECT * FROM lake."by_region$files"'), /"by_region\$files" needs the table's manifests.*query it on Athena/);
  });

  test('time travel: FOR VERSION AS OF a snapshot and FOR TIMESTAMP AS OF a time read what pyiceberg holds there', async () => {
    const t = fixtures.tables.find((x) => x.name === 'by_region')!;
    for (const s of t.snapshots) {
      const rowsThen = s.files.reduce((a, f) => a + f.records, 0);
      assert.deepEqual(rows(await ok(engine, `SELECT count(*) FROM lake.by_region FOR VERSION AS OF ${s.id} AS r`)), [[String(rowsThen)]], `version ${s.id} (${s.operation})`);
      const when = new Date(s.timestampMs).toISOString().replace('T', ' ').replace('Z', '');
      assert.deepEqual(rows(await ok(engine, `SELECT count(*) FROM "lake"."by_region" FOR TIMESTAMP AS OF TIMESTAMP '${when}'`)), [[String(rowsThen)]], `time ${when}`);
    }
    assert.match(await fails(engine, 'SELECT * FROM lake.by_region FOR VERSION AS OF 42'), /snapshot/i);
    assert.match(await fails(engine, 'SELECT * FROM lake.by_region FOR TIMESTAMP AS OF current_timestamp'), /a snapshot id or a literal time/);
    await ok(engine, "CREATE EXTERNAL TABLE lake.plain (x int) LOCATION 's3://warehouse/plain/'");
    assert.match(await fails(engine, 'SELECT * FROM lake.plain FOR VERSION AS OF 1'), /FOR VERSION AS OF reads Iceberg tables only: lake\.plain is not an Iceberg table/);
  });

  test('Iceberg writes are refused by name: INSERT, DELETE, UPDATE, MERGE, OPTIMIZE, VACUUM, CTAS as Iceberg', async () => {
    assert.match(await fails(engine, "INSERT INTO lake.by_region VALUES (1, 'eu', TIMESTAMP '2024-01-01 00:00:00', 1.0, 'x')"), /INSERT INTO lake\.by_region: the local engine does not write Iceberg tables.*Run it on Athena/);
    for (const verb of ['DELETE FROM lake.by_region WHERE id = 1', "UPDATE lake.by_region SET note = 'x'", 'MERGE INTO lake.by_region t USING lake.by_day s ON t.id = s.id WHEN MATCHED THEN DELETE', 'OPTIMIZE lake.by_region REWRITE DATA USING BIN_PACK', 'VACUUM lake.by_region']) {
      assert.match(await fails(engine, verb), /does not run (DELETE|UPDATE|MERGE|OPTIMIZE|VACUUM) on Iceberg tables.*Run it on Athena/, verb);
    }
    assert.match(await fails(engine, "CREATE TABLE lake.copy WITH (table_type = 'ICEBERG', location = 's3://warehouse/copy/') AS SELECT 1 AS x"), /table_type='ICEBERG': the local engine does not write ICEBERG tables.*Run it on Athena/);
  });
});
