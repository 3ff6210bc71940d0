import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Table } from '../../src/core/catalog/model';
import { estimateLabel, estimateMarkdown } from '../../src/core/cost/estimate';
import { Estimator } from '../../src/engines/estimator';
import { LOCAL_CATALOG } from '../../src/engines/local/localCatalog';
import { LocalEngine } from '../../src/engines/local/localEngine';
import { createAwsBackend, type AwsBackend } from '../../src/engines/aws';
import { AWS_DATA_CATALOG } from '../../src/engines/aws/glueCatalog';
import { startAwsProxy, type AwsProxy } from '../helpers/awsProxy';
import { FIXTURE_COLUMNS, makeIcebergTables, type IcebergFixtures } from '../helpers/iceberg';
import { motoUrl, skipWithoutMoto, testSettings } from '../helpers/moto';

describe('Iceberg estimates from the manifests, on the local catalog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-iceberg-estimate-'));
  const s3 = join(dir, 's3');
  const engine = new LocalEngine({ lakehouseDir: join(dir, '.lakehouse'), s3Root: s3 });
  after(() => engine.dispose());
  let fixtures: IcebergFixtures;
  let estimator: Estimator;

  before(() => {
    // The warehouse lies under the lakehouse root (the local engine reads nothing outside it).
    mkdirSync(join(s3, 'warehouse'), { recursive: true });
    fixtures = makeIcebergTables({ warehouse: join(s3, 'warehouse') });
    engine.catalog.createDatabase({ name: 'lake' }, true);
    for (const t of fixtures.tables) {
      const table: Table = {
        database: 'lake',
        name: t.name,
        tableType: 'EXTERNAL_TABLE',
        storage: { location: `s3://warehouse/lake/${t.name}`, columns: FIXTURE_COLUMNS, inputFormat: '', outputFormat: '', serde: { serializationLibrary: '', parameters: {} } },
        partitionKeys: [],
        // Tables named by their metadata file (as Glue names them), and one found by listing its metadata folder.
        parameters: t.name === 'by_bucket' ? { table_type: 'ICEBERG' } : { table_type: 'ICEBERG', metadata_location: t.metadataLocation },
      };
      engine.catalog.putTable(table, { replace: false });
    }
    estimator = new Estimator(engine.catalog, engine.objects, LOCAL_CATALOG);
  });

  test('identity, day and bucket specs, after a delete, time travel by id and by time: the bytes of the files pyiceberg plans', async () => {
    assert.equal(fixtures.cases.length, 6);
    for (const c of fixtures.cases) {
      const e = await estimator.estimate(c.sql, { database: 'lake' });
      assert.equal(e.kind, 'scan', c.sql);
      const t = e.tables[0]!;
      assert.equal(e.upperBound, false, `${c.sql}: exact, not ≤ (${t.warnings.join('; ')})`);
      assert.equal(t.method, 'iceberg-manifests', `${c.sql}: from the manifests' column sizes, no footer read`);
      assert.equal(t.iceberg?.dataFiles, c.files.length, `${c.sql}: data files kept`);
      assert.equal(e.bytes, c.bytes, `${c.sql}: bytes`);
      assert.match(estimateLabel(e), /^≈ /);
    }
  });

  test('pruning keeps fewer files than the snapshot holds; the breakdown says which snapshot and how many', async () => {
    const c = fixtures.cases.find((x) => x.table === 'by_bucket')!;
    const e = await estimator.estimate(c.sql, { database: 'lake' });
    const t = e.tables[0]!;
    assert.ok(t.iceberg && t.iceberg.dataFiles < t.iceberg.liveDataFiles, JSON.stringify(t.iceberg));
    const current = fixtures.tables.find((x) => x.name === 'by_bucket')!.currentSnapshotId;
    assert.match(estimateMarkdown(e, c.sql), new RegExp(`Iceberg snapshot ${current}, ${t.iceberg.dataFiles} of its ${t.iceberg.liveDataFiles} data files where id = 34`));
  });

  test('an unknown snapshot id is 0 bytes with Athena’s refusal named; metadata outside the root is refused', async () => {
    const e = await estimator.estimate('SELECT * FROM lake.by_region FOR VERSION AS OF 42', { database: 'lake' });
    assert.equal(e.bytes, 0);
    assert.match(e.tables[0]!.warnings.join(' '), /No snapshot 42: Athena refuses the query/);
    const outside = makeIcebergTables();
    engine.catalog.putTable(
      { ...engine.catalog.table('lake', 'by_region')!, name: 'elsewhere', parameters: { table_type: 'ICEBERG', metadata_location: outside.tables[0]!.metadataLocation } },
      { replace: false },
    );
    const refused = await estimator.estimate('SELECT * FROM lake.elsewhere', { database: 'lake' });
    assert.match(refused.tables[0]!.warnings.join(' '), /outside the local lakehouse root/);
    assert.equal(refused.upperBound, true);
  });
});

describe('Iceberg estimates from the manifests, on Glue and S3 (moto)', { skip: skipWithoutMoto }, () => {
  let fixtures: IcebergFixtures;
  let proxy: AwsProxy;
  let backend: AwsBackend;
  let estimator: Estimator;

  before(async () => {
    // pyiceberg's Glue catalog writes the tables to moto's S3 and registers them in its Glue
    // (table_type=ICEBERG, metadata_location), as Athena and Glue jobs do.
    fixtures = makeIcebergTables({ glue: motoUrl(), database: `iceberg_${Date.now().toString(36)}` });
    proxy = await startAwsProxy(motoUrl());
    backend = createAwsBackend(testSettings({ endpointUrl: proxy.endpoint }));
    estimator = new Estimator(backend.catalog, backend.store, AWS_DATA_CATALOG);
  });

  after(async () => {
    backend?.dispose();
    await proxy?.stop();
  });

  test('the same six queries: the bytes of the files pyiceberg plans; again from the cache, with no S3 read', async () => {
    for (const c of fixtures.cases) {
      const e = await estimator.estimate(c.sql, { database: fixtures.database });
      const t = e.tables[0]!;
      assert.equal(e.upperBound, false, `${c.sql}: exact, not ≤ (${t.warnings.join('; ')})`);
      assert.equal(t.iceberg?.dataFiles, c.files.length, `${c.sql}: data files kept`);
      assert.equal(e.bytes, c.bytes, `${c.sql}: bytes`);
    }
    const reads = proxy.calls.filter((c) => c.action.startsWith('S3 GET')).length;
    for (const c of fixtures.cases) assert.equal((await estimator.estimate(c.sql, { database: fixtures.database })).bytes, c.bytes);
    assert.equal(proxy.calls.filter((c) => c.action.startsWith('S3 GET')).length, reads, 'metadata, manifests and footers come from the cache');
  });
});

describe('Iceberg health, on the local catalog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-iceberg-health-'));
  const s3 = join(dir, 's3');
  const engine = new LocalEngine({ lakehouseDir: join(dir, '.lakehouse'), s3Root: s3 });
  after(() => engine.dispose());

  test('a table of many small files is flagged, OPTIMIZE proposed with what it would scan; VACUUM once snapshots age', async () => {
    mkdirSync(join(s3, 'warehouse'), { recursive: true });
    const fixtures = makeIcebergTables({ warehouse: join(s3, 'warehouse') });
    const t = fixtures.tables.find((x) => x.name === 'by_region')!;
    const table: Table = {
      database: 'lake',
      name: 'by_region',
      tableType: 'EXTERNAL_TABLE',
      storage: { location: 's3://warehouse/lake/by_region', columns: FIXTURE_COLUMNS, inputFormat: '', outputFormat: '', serde: { serializationLibrary: '', parameters: {} } },
      partitionKeys: [],
      parameters: { table_type: 'ICEBERG', metadata_location: t.metadataLocation },
    };
    const estimator = new Estimator(engine.catalog, engine.objects, LOCAL_CATALOG);
    const current = t.snapshots.find((s) => s.id === t.currentSnapshotId)!;
    const live = current.files;
    const h = await estimator.iceberg.health(table, current.timestampMs + 1000);
    assert.equal(h.dataFiles, live.length);
    assert.equal(h.smallFiles, live.length, 'every fixture file is far under 384 MiB');
    assert.match(h.flags.join(' '), new RegExp(`${live.length} of ${live.length} data files are small`));
    assert.equal(h.optimize?.statement, 'OPTIMIZE "lake"."by_region" REWRITE DATA USING BIN_PACK');
    assert.equal(h.optimize?.bytes, live.reduce((a, f) => a + f.size, 0), 'OPTIMIZE reads the files it rewrites');
    assert.equal(h.vacuum, undefined, 'fresh snapshots: nothing to expire');
    // Six days later (past the default 5 days), every snapshot but the newest may expire.
    const later = await estimator.iceberg.health(table, current.timestampMs + 6 * 86_400_000);
    assert.equal(later.expirable.length, t.snapshots.length - 1);
    assert.equal(later.vacuum?.statement, 'VACUUM "lake"."by_region"');
    // The table's own properties steer the thresholds.
    const tuned = await estimator.iceberg.health({ ...table, parameters: { ...table.parameters, optimize_rewrite_min_data_file_size_bytes: '100', vacuum_max_snapshot_age_seconds: '31536000' } }, current.timestampMs + 6 * 86_400_000);
    assert.deepEqual([tuned.smallFiles, tuned.flags, tuned.optimize, tuned.vacuum], [0, [], undefined, undefined]);
  });
});
