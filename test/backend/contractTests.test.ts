import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import type { CheckResult } from '../../src/core/contracts/checks';
import { readContract } from '../../src/core/contracts/model';
import { validateContract } from '../../src/core/contracts/validate';
import { YamlFile } from '../../src/core/contracts/yamlDocument';
import { BUCKET, generatePublicSectorLakehouse } from '../../src/core/sample/publicSector';
import { splitStatements } from '../../src/core/sql/splitter';
import { runContractTests } from '../../src/engines/contractTests';
import { ok, rows, tempLakehouse } from './localHelpers';

const repo = resolve(__dirname, '..', '..', '..');
const FIXTURE = join(repo, 'test', 'fixtures', 'contracts', 'checks.odcs.yaml');
const CSV = ['order_id,shop,status,amount,placed_on', '1,Lyon,shipped,10.00,2024-03-01', '2,Paris,shipped,20.00,2024-03-02', '3,,lost,,2024-03-02', '4,n/a,pending,40.00,2024-03-03', '5,Lille,shipped,50.00,2024-03-04', '5,Lille,cancelled,60.00,2024-03-05', ''].join('\n');
const DDL = [
  'CREATE DATABASE IF NOT EXISTS shop',
  "CREATE EXTERNAL TABLE shop.orders (order_id bigint, shop string, status string, amount decimal(10,2), placed_on date) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://shop-lake/orders/' TBLPROPERTIES ('skip.header.line.count' = '1', 'serialization.null.format' = '')",
];

/** A workspace folder for the CLI (s3:// under `lake/`), with the orders CSV when asked, and a runner of `lakehouse` in it. */
function cliWorkspace(withOrders: boolean): { dir: string; run: (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }> } {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-contract-'));
  mkdirSync(join(dir, '.vscode'));
  writeFileSync(join(dir, '.vscode', 'settings.json'), '{ "lakehouse.local.s3Root": "lake" }\n');
  if (withOrders) {
    mkdirSync(join(dir, 'lake', 'shop-lake', 'orders'), { recursive: true });
    writeFileSync(join(dir, 'lake', 'shop-lake', 'orders', 'orders.csv'), CSV);
  }
  const cli = join(repo, 'dist', 'cli.js');
  const run = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((done) => execFile(process.execPath, [cli, ...args], { cwd: dir }, (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })));
  return { dir, run };
}

const lakes: ReturnType<typeof tempLakehouse>[] = [];
after(() => lakes.forEach((l) => l.engine.dispose()));

test('every metric and comparator on the local engine, against the truth computed by plain SQL', async () => {
  const text = readFileSync(FIXTURE, 'utf8');
  assert.deepEqual(validateContract(text), []);
  const lake = tempLakehouse();
  lakes.push(lake);
  lake.put('s3://shop-lake/orders/orders.csv', CSV);
  for (const sql of DDL) await ok(lake.engine, sql);
  const truth = async (sql: string): Promise<number> => Number(rows(await ok(lake.engine, sql))[0]?.[0]);
  const T = 'shop.orders';
  const want = {
    rows: await truth(`SELECT count(*) FROM ${T}`),
    nulls: await truth(`SELECT count(*) FROM ${T} WHERE amount IS NULL`),
    missing: await truth(`SELECT count(*) FROM ${T} WHERE shop IS NULL OR trim(shop) = ''`),
    missingNa: await truth(`SELECT count(*) FROM ${T} WHERE shop IS NULL OR shop = 'n/a'`),
    invalidStatus: await truth(`SELECT count(*) FROM ${T} WHERE status NOT IN ('shipped', 'pending', 'cancelled')`),
    idDups: await truth(`SELECT count(order_id) - count(DISTINCT order_id) FROM ${T}`),
    pairDups: await truth(`SELECT count(*) FROM (SELECT order_id, shop, count(*) AS n FROM ${T} GROUP BY 1, 2 HAVING count(*) > 1)`),
    big: await truth(`SELECT count(*) FROM ${T} WHERE amount > 45`),
    total: await truth(`SELECT sum(amount) FROM ${T}`),
  };
  // The data is built so that each comparator meets both outcomes somewhere.
  assert.deepEqual(want, { rows: 6, nulls: 1, missing: 1, missingNa: 2, invalidStatus: 1, idDups: 1, pairDups: 1, big: 2, total: 180 });

  const contract = readContract(new YamlFile(text).value);
  const results = await runContractTests(lake.engine, contract, 'shop');
  const byId = new Map(results.map((r) => [r.id, r]));
  const check = (id: string, status: CheckResult['status'], measured?: number | string): void => {
    const r = byId.get(id);
    assert.ok(r, `${id} in ${[...byId.keys()].join(', ')}`);
    assert.equal(r.status, status, `${id}: ${JSON.stringify(r)}`);
    if (measured !== undefined) assert.equal(r.measured, measured, id);
    assert.ok(r.status === 'warning' && r.measured === undefined ? true : (r.sql ?? '').length > 0, `${id} carries its SQL`);
  };
  check('rows', 'passed', want.rows); // mustBe
  check('rows-range', 'passed', want.rows); // mustNotBeBetween
  check('dup-pairs', 'failed', want.pairDups); // object duplicateValues
  check('ids-numeric', 'passed', 0); // invalidValues, pattern
  check('ids-dups', 'passed', want.idDups); // duplicateValues, mustBeGreaterThan
  check('shop-missing', 'passed', want.missing); // missingValues, mustBeLessThan
  check('shop-missing-pct', 'failed', `${Math.round((10_000 * want.missingNa) / want.rows) / 100}%`); // percent, mustBeLessOrEqualTo
  check('status-valid', 'warning', want.invalidStatus); // validValues, non-blocking severity
  check('amount-nulls', 'failed', want.nulls); // nullValues, mustBe
  check('amount-nulls-not-all', 'passed', want.nulls); // mustNotBe
  check('big-amounts', 'passed', want.big); // sql with both placeholders, mustBeBetween
  check('amount-total', 'failed', want.total); // sql, mustBeGreaterOrEqualTo
  check('words', 'warning'); // text: not executable
  assert.match(byId.get('words')?.message ?? '', /not executable/);
  // Schema: the table, the columns and their types; required and unique.
  check('orders.exists', 'passed');
  for (const c of ['order_id', 'shop', 'status', 'amount', 'placed_on']) check(`orders.${c}.type`, 'passed');
  check('orders.order_id.required', 'passed', 0);
  check('orders.order_id.unique', 'failed', want.idDups);
  // Freshness against the date column: within 100,000 days, not within one (analytics: a warning).
  check('orders.placed_on.freshness.1', 'passed');
  check('orders-fresh-today', 'warning');
  assert.match(byId.get('big-amounts')?.sql ?? '', /WHERE "amount" > 45$/);
  assert.match(byId.get('big-amounts')?.sql ?? '', /FROM "shop"\."orders"/);
  // One scan for the object's metrics: every aggregate check shares one query.
  const aggregate = byId.get('rows')?.sql;
  for (const id of ['rows-range', 'ids-numeric', 'ids-dups', 'shop-missing', 'shop-missing-pct', 'status-valid', 'amount-nulls', 'orders.order_id.unique']) assert.equal(byId.get(id)?.sql, aggregate, id);
});

test('lakehouse contract test: lines, --json and --junit read back, exit 1 on a blocking failure', async () => {
  const { dir, run } = cliWorkspace(true);
  for (const sql of DDL) assert.equal((await run('run', '--workspace', dir, '-e', sql)).code, 0);
  const junit = join(dir, 'report.xml');
  const r = await run('contract', 'test', FIXTURE, '--workspace', dir, '--json', '--junit', junit);
  assert.equal(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as { contract: string; database: string; results: CheckResult[] };
  assert.equal(doc.contract, 'shop-orders-checks');
  assert.equal(doc.database, 'shop', 'the database comes from the athena server’s schema');
  const statuses = Object.fromEntries(doc.results.map((x) => [x.id, x.status]));
  assert.equal(statuses.rows, 'passed');
  assert.equal(statuses['amount-nulls'], 'failed');
  assert.equal(statuses['status-valid'], 'warning');
  const xml = readFileSync(junit, 'utf8');
  const cases = xml.match(/<testcase /g) ?? [];
  assert.equal(cases.length, doc.results.length);
  const failures = Number(/<testsuites [^>]*failures="(\d+)"/.exec(xml)?.[1]);
  assert.equal(failures, doc.results.filter((x) => x.status === 'failed').length);
  assert.match(xml, /<testcase classname="shop-orders-checks\.orders" name="amount-nulls: [^"]*"><failure message="[^"]*">measured: 1\nthreshold: = 0/);
  // Lines, and a passing contract exits 0.
  const lines = await run('contract', 'test', FIXTURE, '--workspace', dir);
  assert.match(lines.stdout, /^FAILED {2}amount-nulls: nullValues of orders\.amount \(measured 1, expected = 0\)$/m);
  assert.match(lines.stdout, /^\d+ checks: \d+ passed, \d+ failed, 3 warnings, 0 errors$/m);
  const passing = join(dir, 'passing.odcs.yaml');
  writeFileSync(passing, ['apiVersion: v3.1.0', 'kind: DataContract', 'id: p', 'version: 1.0.0', 'status: draft', 'schema:', '  - name: orders', '    quality:', '      - metric: rowCount', '        mustBeGreaterThan: 0', ''].join('\n'));
  const good = await run('contract', 'test', passing, '--workspace', dir, '--database', 'shop');
  assert.equal(good.code, 0, good.stdout + good.stderr);
  assert.equal((await run('contract', 'test', passing, '--workspace', dir)).code, 2, 'no database named anywhere');
});

test('the sample’s contracts on its raw tables: one rule fails on purpose, with the count plain SQL gives', async () => {
  const lake = tempLakehouse();
  lakes.push(lake);
  for (const f of generatePublicSectorLakehouse()) await lake.engine.objects.write(`s3://${BUCKET}/${f.key}`, f.body);
  const sample = join(repo, 'samples', 'public-sector-lakehouse');
  for (const s of splitStatements(readFileSync(join(sample, '01_raw_tables.sql'), 'utf8'))) await ok(lake.engine, s.text);
  const failed: CheckResult[] = [];
  for (const file of ['agencies', 'cost_monthly', 'incidents']) {
    const contract = readContract(new YamlFile(readFileSync(join(sample, 'contracts', `${file}.odcs.yaml`), 'utf8')).value);
    const results = await runContractTests(lake.engine, contract, 'ps_cloud_raw');
    assert.ok(!results.some((r) => r.status === 'error'), JSON.stringify(results.filter((r) => r.status === 'error')));
    failed.push(...results.filter((r) => r.status === 'failed'));
  }
  const open = Number(rows(await ok(lake.engine, 'SELECT count(*) FROM ps_cloud_raw.incidents WHERE resolved_at IS NULL'))[0]?.[0]);
  assert.ok(open > 0);
  assert.deepEqual(failed.map((r) => [r.id, r.measured]), [['incidents-resolved', open]]);
});

test('lakehouse contract diff: an added column, a dropped column and a changed type; a matching table exits 0', async () => {
  const { dir, run } = cliWorkspace(false);
  const contract = join(dir, 'orders.odcs.yaml');
  writeFileSync(
    contract,
    ['apiVersion: v3.1.0', 'kind: DataContract', 'id: drift', 'version: 1.0.0', 'status: active', 'servers:', '  - server: files', '    type: s3', '    location: s3://shop-lake/orders/', '    format: csv', '  - server: lake', '    type: athena', '    schema: shop', '    stagingDir: s3://shop-lake/results/', 'schema:', '  - name: orders', '    properties:', '      - name: order_id', '        physicalType: bigint', '      - name: shop', '        physicalType: string', '      - name: amount', '        physicalType: decimal(10,2)', ''].join('\n'),
  );
  assert.equal((await run('run', '--workspace', dir, '-e', 'CREATE DATABASE shop')).code, 0);
  // The table as the contract says: no difference.
  const same = "CREATE EXTERNAL TABLE shop.orders (order_id bigint, shop string, amount decimal(10,2)) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' LOCATION 's3://shop-lake/orders/'";
  assert.equal((await run('run', '--workspace', dir, '-e', same)).code, 0);
  const clean = await run('contract', 'diff', contract, '--workspace', dir);
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  assert.equal(clean.stdout, 'shop matches orders.odcs.yaml\n');
  // Then: amount dropped, a column added, order_id's type changed, elsewhere, as JSON.
  for (const sql of ['DROP TABLE shop.orders', "CREATE EXTERNAL TABLE shop.orders (order_id string, shop string, channel string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://shop-lake/orders-v2/'"]) {
    assert.equal((await run('run', '--workspace', dir, '--yes', '-e', sql)).code, 0, sql);
  }
  const d = await run('contract', 'diff', contract, '--workspace', dir);
  assert.equal(d.code, 1);
  assert.deepEqual(d.stdout.split('\n').filter(Boolean), [
    'type           orders.order_id is string in the table, bigint in the contract',
    'missing-column orders.amount is in the contract, not in the table',
    'extra-column   orders.channel is in the table, not in the contract',
    "location       orders reads s3://shop-lake/orders-v2/; the contract's server files puts it at s3://shop-lake/orders/",
    "format         orders is json in the catalog, csv in the contract's server files",
    '5 differences between orders.odcs.yaml and shop',
  ]);
});

test('lakehouse contract init --table drafts a valid contract that its own table passes; never over a file', async () => {
  const { dir, run } = cliWorkspace(true);
  for (const sql of DDL) assert.equal((await run('run', '--workspace', dir, '-e', sql)).code, 0);
  const out = join(dir, 'orders.odcs.yaml');
  const init = await run('contract', 'init', '--table', 'shop.orders', '--workspace', dir, '--out', out);
  assert.equal(init.code, 0, init.stderr);
  const text = readFileSync(out, 'utf8');
  assert.deepEqual(validateContract(text), [], text);
  const model = readContract(new YamlFile(text).value);
  const props = Object.fromEntries(model.objects[0]!.properties.map((p) => [p.name, p]));
  // From the profile: placed_on has no NULL; status has four values; amount a range; NULLs counted.
  assert.equal(props.placed_on?.required, true);
  assert.equal(props.order_id?.unique, false, 'order 5 is there twice');
  assert.deepEqual(props.status?.quality[0]?.arguments?.validValues, ['cancelled', 'lost', 'pending', 'shipped']);
  assert.match(text, /query: SELECT count\(\*\) FROM \$\{object\} WHERE \$\{property\} < 10\.00 OR \$\{property\} > 60\.00/);
  assert.match(text, /metric: nullValues\n\s+unit: percent\n\s+mustBeLessOrEqualTo: 16\.7/);
  const tested = await run('contract', 'test', out, '--workspace', dir);
  assert.equal(tested.code, 0, tested.stdout);
  assert.match(tested.stdout, / 0 failed, 0 warnings, 0 errors\n$/);
  const again = await run('contract', 'init', '--table', 'shop.orders', '--workspace', dir, '--out', out);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /exists: contract init never writes over a file/);
  assert.equal(readFileSync(out, 'utf8'), text);
});

test('lakehouse contract init --sample FILE.csv drafts a valid contract from the sample’s types and values', async () => {
  const { dir, run } = cliWorkspace(false);
  const csv = join(dir, 'orders.csv');
  writeFileSync(csv, CSV);
  const r = await run('contract', 'init', '--sample', csv, '--database', 'shop');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(validateContract(r.stdout), [], r.stdout);
  const model = readContract(new YamlFile(r.stdout).value);
  assert.deepEqual(model.servers.map((s) => [s.type, s.location ?? s.database]), [['local', csv], ['athena', 'shop']]);
  const props = Object.fromEntries(model.objects[0]!.properties.map((p) => [p.name, p]));
  assert.equal(model.objects[0]?.name, 'orders');
  assert.deepEqual([props.order_id?.physicalType, props.amount?.physicalType, props.placed_on?.physicalType], ['bigint', 'decimal(4,2)', 'date']);
  assert.equal(props.placed_on?.required, true);
  assert.deepEqual(props.status?.quality[0]?.arguments?.validValues, ['cancelled', 'lost', 'pending', 'shipped']);
  assert.equal((await run('contract', 'init', '--sample', csv, '--table', 'shop.orders')).code, 2, 'one source at a time');
});
