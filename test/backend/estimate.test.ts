import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { BatchCreatePartitionCommand, CreateDatabaseCommand, CreateTableCommand, GlueClient, type Column as GlueColumn, type TableInput } from '@aws-sdk/client-glue';
import { DuckDBInstance } from '@duckdb/node-api';
import { FORMATS, SERDE } from '../../src/core/catalog/model';
import { encodePrestoView } from '../../src/core/catalog/prestoView';
import { MINIMUM_BILLED_BYTES, queryCostUsd } from '../../src/core/cost/price';
import { estimateLabel, type Estimate } from '../../src/core/cost/estimate';
import { createAwsBackend, type AwsBackend } from '../../src/engines/aws';
import { AWS_DATA_CATALOG } from '../../src/engines/aws/glueCatalog';
import { Estimator } from '../../src/engines/estimator';
import { startAwsProxy, type AwsProxy } from '../helpers/awsProxy';
import { motoUrl, skipWithoutMoto, testSettings } from '../helpers/moto';

// Glue is regional: this file's catalog lives in its own region. S3 bucket names are global.
const REGION = 'sa-east-1';
const RUN = randomBytes(4).toString('hex');
const DB = `est_${RUN}`;
const BUCKET = `lh-estimate-${RUN}`;
const YEARS = ['2022', '2023', '2024'];
const MONTHS = Array.from({ length: 12 }, (_v, i) => String(i + 1).padStart(2, '0'));

const text = (cols: GlueColumn[], serde: string, params: Record<string, string> = {}): NonNullable<TableInput['StorageDescriptor']> => ({
  Columns: cols,
  InputFormat: FORMATS.text.input,
  OutputFormat: FORMATS.text.output,
  SerdeInfo: { SerializationLibrary: serde, Parameters: params },
});
const parquet = (cols: GlueColumn[]): NonNullable<TableInput['StorageDescriptor']> => ({
  Columns: cols,
  InputFormat: FORMATS.parquet.input,
  OutputFormat: FORMATS.parquet.output,
  SerdeInfo: { SerializationLibrary: SERDE.parquet, Parameters: {} },
});

/** Text of a given length, different per call: CSV rows of `n` bytes or so. */
function csvRows(seed: number, rows: number): string {
  let out = '';
  for (let i = 0; i < rows; i++) out += `${seed}-${i},svc-${(seed * 7 + i) % 97},${((seed + i) % 1000) / 10}\n`;
  return out;
}

describe('scan estimates against moto (S3 objects and Glue partitions written here)', { skip: skipWithoutMoto }, () => {
  let proxy: AwsProxy;
  let backend: AwsBackend;
  let glue: GlueClient;
  let estimator: Estimator;
  let duck: DuckDBInstance;
  const local = mkdtempSync(join(tmpdir(), 'lh-estimate-'));
  /** Bytes written per object key (what the text estimates must add up to). */
  const sizes = new Map<string, number>();
  const parquetFiles = new Map<string, string>(); // key → local path

  const put = async (key: string, body: Uint8Array | string): Promise<void> => {
    await backend.store.write(`s3://${BUCKET}/${key}`, body);
    sizes.set(key, typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  };
  const sumUnder = (...prefixes: string[]): number => {
    let total = 0;
    for (const [k, v] of sizes) if (prefixes.some((p) => k.startsWith(p)) && !k.split('/').some((s) => s.startsWith('_') || s.startsWith('.'))) total += v;
    return total;
  };
  const estimate = (sql: string): Promise<Estimate> => estimator.estimate(sql, { database: DB, totals: true });

  /** Footers plus the compressed chunks of `columns`, by DuckDB's parquet_metadata on the local copies. */
  const parquetTruth = async (keys: readonly string[], columns: readonly string[]): Promise<number> => {
    const c = await duck.connect();
    let total = 0;
    for (const key of keys) {
      const path = parquetFiles.get(key) as string;
      const r = await c.runAndReadAll(`SELECT path_in_schema, sum(total_compressed_size)::BIGINT FROM parquet_metadata('${path}') GROUP BY 1`);
      for (const [col, bytes] of r.getRowsJson()) if (typeof col === 'string' && columns.includes(col.toLowerCase())) total += Number(bytes);
      const file = readFileSync(path);
      total += file.readUInt32LE(file.length - 8) + 8;
    }
    c.closeSync();
    return total;
  };

  before(async () => {
    glue = new GlueClient({ region: REGION, endpoint: motoUrl() });
    proxy = await startAwsProxy(motoUrl());
    backend = createAwsBackend(testSettings({ region: REGION, endpointUrl: proxy.endpoint }));
    await backend.clients.s3.send(new (await import('@aws-sdk/client-s3')).CreateBucketCommand({ Bucket: BUCKET }));
    duck = await DuckDBInstance.create(':memory:');
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: DB } }));
    const table = (t: TableInput): Promise<unknown> => glue.send(new CreateTableCommand({ DatabaseName: DB, TableInput: { TableType: 'EXTERNAL_TABLE', ...t } }));
    const partitions = async (name: string, values: string[][], location: (v: string[]) => string, sd: NonNullable<TableInput['StorageDescriptor']>): Promise<void> => {
      for (let i = 0; i < values.length; i += 100) {
        const r = await glue.send(new BatchCreatePartitionCommand({ DatabaseName: DB, TableName: name, PartitionInputList: values.slice(i, i + 100).map((v) => ({ Values: v, StorageDescriptor: { ...sd, Location: location(v) } })) }));
        assert.deepEqual(r.Errors ?? [], []);
      }
    };
    const salesCols = [
      { Name: 'id', Type: 'string' },
      { Name: 'service', Type: 'string' },
      { Name: 'amount', Type: 'double' },
    ];

    // CSV by year and month: two objects of different sizes per partition, plus what Athena skips.
    const salesSd = text(salesCols, SERDE.lazySimple, { 'field.delim': ',' });
    await table({ Name: 'sales', StorageDescriptor: { ...salesSd, Location: `s3://${BUCKET}/sales/` }, PartitionKeys: [{ Name: 'year', Type: 'string' }, { Name: 'month', Type: 'string' }] });
    const ym = YEARS.flatMap((y) => MONTHS.map((m) => [y, m]));
    let seed = 0;
    for (const [y, m] of ym) {
      await put(`sales/year=${y}/month=${m}/part-0.csv`, csvRows(seed++, 20 + (seed % 13)));
      await put(`sales/year=${y}/month=${m}/part-1.csv`, csvRows(seed++, 5 + (seed % 7)));
    }
    await put('sales/year=2024/month=01/_SUCCESS', '');
    await put('sales/year=2024/month=02/.part-0.csv.crc', 'checksum');
    await put('sales/year=2024/month=03/_temporary/part-9.csv', csvRows(999, 30));
    // A folder no partition points at: Athena does not read it.
    await put('sales/year=2099/month=01/part-0.csv', csvRows(2099, 30));
    await partitions('sales', ym, ([y, m]) => `s3://${BUCKET}/sales/year=${y}/month=${m}/`, salesSd);

    // Budgets by year, for a join of two partitioned tables.
    const budgetSd = text([{ Name: 'service', Type: 'string' }, { Name: 'budget', Type: 'double' }], SERDE.lazySimple, { 'field.delim': ',' });
    await table({ Name: 'budgets', StorageDescriptor: { ...budgetSd, Location: `s3://${BUCKET}/budgets/` }, PartitionKeys: [{ Name: 'year', Type: 'string' }] });
    for (const y of YEARS) await put(`budgets/year=${y}/b.csv`, csvRows(Number(y), 40));
    await partitions('budgets', YEARS.map((y) => [y]), ([y]) => `s3://${BUCKET}/budgets/year=${y}/`, budgetSd);

    // Gzip CSV by day (OpenCSV), stored compressed: Athena bills the compressed bytes.
    const clickSd = text(salesCols, SERDE.openCsv, { separatorChar: ',' });
    await table({ Name: 'clicks', StorageDescriptor: { ...clickSd, Location: `s3://${BUCKET}/clicks/` }, PartitionKeys: [{ Name: 'dt', Type: 'string' }] });
    const days = Array.from({ length: 10 }, (_v, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);
    for (const [i, d] of days.entries()) await put(`clicks/dt=${d}/clicks.csv.gz`, gzipSync(csvRows(100 + i, 200 + i * 30)));
    await partitions('clicks', days.map((d) => [d]), ([d]) => `s3://${BUCKET}/clicks/dt=${d}/`, clickSd);

    // JSON lines, unpartitioned, in nested folders.
    await table({ Name: 'logs', StorageDescriptor: { ...text([{ Name: 'msg', Type: 'string' }, { Name: 'level', Type: 'string' }], SERDE.openxJson), Location: `s3://${BUCKET}/logs/` } });
    for (let i = 0; i < 3; i++) await put(`logs/${i === 2 ? 'old/' : ''}log-${i}.json`, Array.from({ length: 50 + i * 20 }, (_v, k) => JSON.stringify({ msg: `m${i}-${k}`, level: k % 3 ? 'info' : 'warn' })).join('\n'));

    // Parquet by region: several row groups, columns of very different widths.
    const factCols = [
      { Name: 'id', Type: 'bigint' },
      { Name: 'flag', Type: 'boolean' },
      { Name: 'name', Type: 'string' },
      { Name: 'payload', Type: 'string' },
      { Name: 'amount', Type: 'double' },
    ];
    await table({ Name: 'facts', StorageDescriptor: { ...parquet(factCols), Location: `s3://${BUCKET}/facts/` }, PartitionKeys: [{ Name: 'region', Type: 'string' }] });
    const regions = ['eu', 'us', 'ap', 'sa'];
    const c = await duck.connect();
    for (const [i, r] of regions.entries()) {
      for (let f = 0; f < 2; f++) {
        const path = join(local, `facts-${r}-${f}.parquet`);
        const rows = 6000 + i * 1500 + f * 700;
        await c.run(
          `COPY (SELECT range::BIGINT AS id, range % 3 = 0 AS flag, 'name-' || (range % 50) AS name, md5(range::VARCHAR || '${r}') || md5(range::VARCHAR) || repeat('x', (range % 40)::INT) AS payload, random() * 1000 AS amount FROM range(${rows})) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048, COMPRESSION snappy)`,
        );
        const key = `facts/region=${r}/part-${f}.parquet`;
        parquetFiles.set(key, path);
        await put(key, readFileSync(path));
      }
    }
    const groups = await c.runAndReadAll(`SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${parquetFiles.get('facts/region=eu/part-0.parquet')}')`);
    assert.ok(Number(groups.getRowsJson()[0]?.[0]) >= 3, 'several row groups per file');
    c.closeSync();
    await partitions('facts', regions.map((r) => [r]), ([r]) => `s3://${BUCKET}/facts/region=${r}/`, parquet(factCols));

    // Partition projection: days of January 2024 computed from the table's properties, no Glue partitions.
    await table({
      Name: 'visits',
      StorageDescriptor: { ...text([{ Name: 'page', Type: 'string' }], SERDE.lazySimple), Location: `s3://${BUCKET}/visits/` },
      PartitionKeys: [{ Name: 'day', Type: 'string' }],
      Parameters: {
        'projection.enabled': 'true',
        'projection.day.type': 'date',
        'projection.day.range': '2024-01-01,2024-01-31',
        'projection.day.format': 'yyyy-MM-dd',
        'storage.location.template': `s3://${BUCKET}/visits/\${day}/`,
      },
    });
    for (const d of ['2024-01-03', '2024-01-04', '2024-01-05', '2024-01-20']) await put(`visits/${d}/v.txt`, `/home\n/${d}\n`.repeat(10 + Number(d.slice(-2))));

    // A view over the CSV table.
    await table({
      Name: 'sales_2',
      TableType: 'VIRTUAL_VIEW',
      ViewOriginalText: encodePrestoView({ originalSql: `SELECT year AS y, month, amount * 2 AS double_amount FROM ${DB}.sales`, catalog: 'awsdatacatalog', schema: DB, columns: [] }),
      StorageDescriptor: { Columns: [{ Name: 'y', Type: 'string' }], SerdeInfo: {} },
      Parameters: { presto_view: 'true' },
    });

    estimator = new Estimator(backend.catalog, backend.store, AWS_DATA_CATALOG);
  });

  after(async () => {
    backend?.dispose();
    glue?.destroy();
    duck?.closeSync();
    await proxy?.stop();
  });

  const salesIn = (pairs: (readonly [string, string])[]): number => sumUnder(...pairs.map(([y, m]) => `sales/year=${y}/month=${m}/`));
  const allSales = (): number => salesIn(YEARS.flatMap((y) => MONTHS.map((m) => [y, m] as const)));

  test('CSV: a whole-table read is the sum of every data object (Athena skips _ and . files)', async () => {
    const e = await estimate('SELECT * FROM sales');
    assert.equal(e.kind, 'scan');
    assert.equal(e.bytes, allSales());
    const t = e.tables[0];
    assert.deepEqual(t?.partitions, { selected: 36, total: 36 });
    assert.equal(t?.objects, 72);
    assert.equal(t?.method, 'objects');
    assert.equal(e.upperBound, false);
  });

  test('pruning: =, IN, BETWEEN, ranges and OR across partitions select exactly those objects', async () => {
    const cases: [string, (readonly [string, string])[]][] = [
      ["SELECT sum(amount) FROM sales WHERE year = '2023'", MONTHS.map((m) => ['2023', m] as const)],
      ["SELECT id FROM sales WHERE month IN ('01', '03')", YEARS.flatMap((y) => [[y, '01'] as const, [y, '03'] as const])],
      ["SELECT id FROM sales WHERE year = '2022' AND month BETWEEN '02' AND '04'", ['02', '03', '04'].map((m) => ['2022', m] as const)],
      ["SELECT id FROM sales WHERE year >= '2023' AND month < '03' AND amount > 10", ['2023', '2024'].flatMap((y) => [[y, '01'] as const, [y, '02'] as const])],
      ["SELECT id FROM sales WHERE (year = '2022' AND month = '12') OR (year = '2023' AND month = '01')", [['2022', '12'], ['2023', '01']]],
      ["SELECT id FROM sales WHERE NOT (year <> '2024') AND month > '10'", [['2024', '11'], ['2024', '12']]],
    ];
    for (const [sql, selected] of cases) {
      const before = proxy.calls.filter((c) => c.action === 'AWSGlue.GetPartitions' && c.body.Expression).length;
      estimator.refresh();
      const e = await estimate(sql);
      assert.equal(e.bytes, salesIn(selected), sql);
      assert.equal(e.tables[0]?.partitions?.selected, selected.length, sql);
      assert.equal(e.tables[0]?.partitions?.total, 36, sql);
      const sent = proxy.calls.filter((c) => c.action === 'AWSGlue.GetPartitions' && c.body.Expression);
      assert.ok(sent.length > before, `${sql}: Glue was asked with an Expression`);
    }
  });

  test('many partitions: one listing of the table location gives the same objects as one listing per partition', async () => {
    const whole = new Estimator(backend.catalog, backend.store, AWS_DATA_CATALOG, { wholeListingAbove: 4 });
    for (const [sql, expected] of [
      ['SELECT * FROM sales', allSales()],
      ["SELECT * FROM sales WHERE year IN ('2023', '2024')", salesIn(['2023', '2024'].flatMap((y) => MONTHS.map((m) => [y, m] as const)))],
    ] as const) {
      const lists = proxy.calls.filter((c) => c.action.startsWith('S3 GET')).length;
      const e = await whole.estimate(sql, { database: DB });
      assert.equal(e.bytes, expected, sql);
      const listed = proxy.calls.length ? proxy.calls.filter((c) => c.action.startsWith('S3 GET')).length - lists : 0;
      assert.equal(listed, 1, `${sql}: one listing (no more than 1,000 objects)`);
      whole.refresh();
    }
  });

  test('a function around a partition key prunes nothing, and says so', async () => {
    const e = await estimate("SELECT id FROM sales WHERE substr(month, 1, 1) = '1' AND year = '2024'");
    assert.equal(e.bytes, salesIn(MONTHS.map((m) => ['2024', m] as const)), 'year still prunes; month does not');
    assert.match(e.tables[0]?.warnings.join(' ') ?? '', /function around partition key month/);
    const cast = await estimate('SELECT id FROM sales WHERE CAST(year AS integer) = 2024');
    assert.equal(cast.bytes, allSales());
    assert.match(cast.tables[0]?.warnings.join(' ') ?? '', /partition key year/);
  });

  test('a join of two partitioned tables: each narrowed, the equality carries the year across', async () => {
    const e = await estimate("SELECT s.id, b.budget FROM sales s JOIN budgets b ON b.year = s.year AND b.service = s.service WHERE s.year = '2023' AND s.month IN ('01', '02')");
    const byTable = new Map(e.tables.map((t) => [t.table, t]));
    assert.equal(byTable.get(`${DB}.sales`)?.bytes, salesIn([['2023', '01'], ['2023', '02']]));
    assert.equal(byTable.get(`${DB}.budgets`)?.bytes, sumUnder('budgets/year=2023/'));
    assert.deepEqual(byTable.get(`${DB}.budgets`)?.partitions, { selected: 1, total: 3 });
    assert.equal(e.bytes, salesIn([['2023', '01'], ['2023', '02']]) + sumUnder('budgets/year=2023/'));
  });

  test('a view over a table and a CTE: predicates outside reach the partitions', async () => {
    const view = await estimate("SELECT sum(double_amount) FROM sales_2 WHERE y = '2024' AND month = '06'");
    assert.equal(view.bytes, salesIn([['2024', '06']]));
    assert.deepEqual(view.tables[0]?.via, [`view ${DB}.sales_2`]);
    const cte = await estimate("WITH june AS (SELECT * FROM sales WHERE month = '06') SELECT count(*) FROM june WHERE year = '2022'");
    assert.equal(cte.bytes, salesIn([['2022', '06']]));
    assert.deepEqual(cte.tables[0]?.via, ['WITH june']);
    const twice = await estimate("WITH j AS (SELECT * FROM sales WHERE month = '06') SELECT * FROM j a JOIN j b ON a.id = b.id");
    assert.equal(twice.bytes, 2 * salesIn(YEARS.map((y) => [y, '06'] as const)), 'a CTE read twice is scanned twice');
  });

  test('gzip CSV counts compressed bytes; JSON lines read every object below the location', async () => {
    const gz = await estimate("SELECT count(*) FROM clicks WHERE dt BETWEEN '2024-01-02' AND '2024-01-04'");
    assert.equal(gz.bytes, sumUnder('clicks/dt=2024-01-02/', 'clicks/dt=2024-01-03/', 'clicks/dt=2024-01-04/'));
    assert.equal(gz.tables[0]?.objects, 3);
    const json = await estimate("SELECT level, count(*) FROM logs GROUP BY level");
    assert.equal(json.bytes, sumUnder('logs/'));
    assert.equal(json.tables[0]?.objects, 3);
  });

  test('Parquet: footers plus the referenced columns’ chunks, within 5% of parquet_metadata (exact here)', async () => {
    const keys = (regions: string[]): string[] => [...parquetFiles.keys()].filter((k) => regions.some((r) => k.includes(`region=${r}/`)));
    const cases: [string, string[], string[]][] = [
      ["SELECT id, payload FROM facts WHERE region = 'eu'", ['eu'], ['id', 'payload']],
      ["SELECT sum(amount) FROM facts WHERE region IN ('us', 'ap') AND flag", ['us', 'ap'], ['amount', 'flag']],
      ['SELECT count(*) FROM facts', ['eu', 'us', 'ap', 'sa'], []],
      ['SELECT * FROM facts', ['eu', 'us', 'ap', 'sa'], ['id', 'flag', 'name', 'payload', 'amount']],
    ];
    for (const [sql, regions, columns] of cases) {
      const e = await estimate(sql);
      const truth = await parquetTruth(keys(regions), columns);
      const t = e.tables[0];
      assert.equal(t?.method, 'parquet-footers', sql);
      assert.deepEqual([...(t?.columns ?? [])].sort(), [...columns].sort(), sql);
      assert.ok(Math.abs(e.bytes - truth) <= truth * 0.05, `${sql}: ${e.bytes} vs ${truth}`);
      assert.equal(e.bytes, truth, sql);
    }
    const narrow = await estimate("SELECT flag FROM facts WHERE region = 'eu'");
    const wide = await estimate("SELECT payload FROM facts WHERE region = 'eu'");
    assert.ok(wide.bytes > 5 * narrow.bytes, `the wide column costs more (${wide.bytes} vs ${narrow.bytes})`);
    const objects = sumUnder('facts/region=eu/');
    assert.ok(wide.bytes < objects, 'less than the whole files');
  });

  test('Parquet footers of very large tables are sampled and extrapolated by size, and say so', async () => {
    const sampling = new Estimator(backend.catalog, backend.store, AWS_DATA_CATALOG, { maxFooters: 3 });
    const e = await sampling.estimate('SELECT id, payload FROM facts', { database: DB });
    const truth = await parquetTruth([...parquetFiles.keys()], ['id', 'payload']);
    assert.equal(e.tables[0]?.method, 'parquet-sampled');
    assert.match(e.tables[0]?.warnings.join(' ') ?? '', /Footers of 3 of 8 files read/);
    assert.ok(Math.abs(e.bytes - truth) <= truth * 0.1, `${e.bytes} vs ${truth}`);
  });

  test('partition projection: the days come from the table’s properties; only existing objects count', async () => {
    const e = await estimate("SELECT page FROM visits WHERE day BETWEEN '2024-01-03' AND '2024-01-10'");
    assert.equal(e.bytes, sumUnder('visits/2024-01-03/', 'visits/2024-01-04/', 'visits/2024-01-05/'));
    assert.deepEqual(e.tables[0]?.partitions, { selected: 8, total: 31 });
    const all = await estimate('SELECT count(*) FROM visits');
    assert.equal(all.bytes, sumUnder('visits/'));
  });

  test('money: rounded up to the MB with a 10 MB minimum; DDL and EXPLAIN are free', async () => {
    const e = await estimate("SELECT * FROM sales WHERE year = '2022' AND month = '01'");
    assert.ok(e.bytes > 0 && e.bytes < 1024 * 1024);
    assert.equal(e.billedBytes, MINIMUM_BILLED_BYTES);
    assert.equal(e.costUsd, queryCostUsd(MINIMUM_BILLED_BYTES));
    assert.equal(e.costUsd, (10 * 1024 * 1024 * 5) / 1024 ** 4);
    assert.match(estimateLabel(e), /^≈ \d+ B · \$0\.00004\d+$/);
    for (const sql of [
      `CREATE EXTERNAL TABLE ${DB}.x (a string) LOCATION 's3://b/x/'`,
      `DROP TABLE IF EXISTS ${DB}.x`,
      `ALTER TABLE ${DB}.sales ADD PARTITION (year = '2030', month = '01')`,
      `MSCK REPAIR TABLE ${DB}.sales`,
      `CREATE VIEW ${DB}.v AS SELECT * FROM ${DB}.sales`,
      `EXPLAIN SELECT * FROM ${DB}.sales`,
      `SHOW PARTITIONS ${DB}.sales`,
    ]) {
      const free = await estimate(sql);
      assert.equal(free.kind, 'free', sql);
      assert.equal(free.costUsd, 0, sql);
      assert.match(estimateLabel(free), /^free/);
    }
    const ctas = await estimate(`CREATE TABLE ${DB}.copy WITH (format = 'PARQUET') AS SELECT * FROM ${DB}.sales WHERE year = '2024'`);
    assert.equal(ctas.bytes, salesIn(MONTHS.map((m) => ['2024', m] as const)), 'CTAS pays for its SELECT');
    const insert = await estimate(`INSERT INTO ${DB}.budgets SELECT service, amount, year FROM ${DB}.sales WHERE year = '2022' AND month = '05'`);
    assert.equal(insert.bytes, salesIn([['2022', '05']]));
  });

  test('cached re-estimates make no AWS calls until refresh', async () => {
    const sql = "SELECT id, payload FROM facts WHERE region = 'eu'";
    await estimate(sql);
    const calls = proxy.calls.length;
    const again = await estimate(sql);
    assert.equal(proxy.calls.length, calls, 'no call');
    assert.ok(again.elapsedMs < 50, `${again.elapsedMs} ms`);
    estimator.refresh();
    await estimate(sql);
    assert.ok(proxy.calls.length > calls, 'refresh lists again');
    const footerReads = proxy.calls.slice(calls).filter((c) => c.action.startsWith('S3 GET') && c.action.includes('.parquet'));
    assert.equal(footerReads.length, 0, 'footers of unchanged objects are kept across a refresh');
  });

  test('unknown tables and unreadable SQL: said plainly, never a made-up figure', async () => {
    const missing = await estimate(`SELECT * FROM ${DB}.nope JOIN sales ON true`);
    assert.deepEqual(missing.missing, [`${DB}.nope`]);
    assert.match(estimateLabel(missing), /unknown tables/);
    const bad = await estimate('SELECT FROM WHERE');
    assert.equal(bad.kind, 'unknown');
    assert.match(bad.reason ?? '', /Cannot estimate/);
  });
});
