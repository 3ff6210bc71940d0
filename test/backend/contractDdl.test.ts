import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { contractDdl, contractDdlDocument, objectLocation } from '../../src/core/contracts/ddl';
import { readContract } from '../../src/core/contracts/model';
import { validateContract } from '../../src/core/contracts/validate';
import { YamlFile } from '../../src/core/contracts/yamlDocument';
import { BUCKET, generatePublicSectorLakehouse } from '../../src/core/sample/publicSector';
import { splitStatements } from '../../src/core/sql/splitter';
import { ok, rows, tempLakehouse } from './localHelpers';

const repo = resolve(__dirname, '..', '..', '..');
const fixture = (name: string): string => readFileSync(join(repo, 'test', 'fixtures', 'contracts', name), 'utf8');
const OPTIONS = {
  layers: ['raw', 'staging', 'curated'] as const,
  databases: { raw: 'retail_raw', staging: 'retail_staging', curated: 'retail_curated' },
  zones: { raw: 's3://retail-lake/raw/', staging: 's3://retail-lake/staging/', curated: 's3://retail-lake/curated/' },
  curatedFormat: 'parquet' as const,
  compression: 'ZSTD',
};

const lakes: ReturnType<typeof tempLakehouse>[] = [];
after(() => lakes.forEach((l) => l.engine.dispose()));

test('a contract’s DDL: raw over its server’s files, staging casting to its types, curated partitioned as it says; it runs on the local engine', async () => {
  const text = fixture('orders.odcs.yaml');
  assert.deepEqual(validateContract(text), [], 'the fixture is a valid contract');
  const contract = readContract(new YamlFile(text).value);
  const ddl = contractDdl(contract, { ...OPTIONS, layers: [...OPTIONS.layers] });
  assert.deepEqual(ddl.map((d) => [d.object, d.statements.map((s) => s.layer)]), [['orders', ['raw', 'staging', 'curated']]]);
  const [raw, staging, curated] = ddl[0]!.statements.map((s) => s.sql);
  // Raw: the CSV as strings, over the folder of the server's location ({model} → the object).
  assert.match(raw!, /^CREATE EXTERNAL TABLE IF NOT EXISTS `retail_raw`\.`orders` \(\n {2}`order_id` string,\n {2}`shop` string,/);
  assert.match(raw!, /ROW FORMAT SERDE 'org\.apache\.hadoop\.hive\.serde2\.OpenCSVSerde'/);
  assert.match(raw!, /LOCATION 's3:\/\/retail-lake\/landing\/orders\/'/);
  assert.match(raw!, /'skip\.header\.line\.count' = '1'/);
  // Staging: typed casts; the status column's missingValues tokens become NULL.
  assert.match(staging!, /try_cast\(nullif\(trim\("order_id"\), ''\) AS bigint\) AS "order_id"/);
  assert.match(staging!, /try_cast\(nullif\(trim\("amount"\), ''\) AS decimal\(10,2\)\) AS "amount"/);
  assert.match(staging!, /CASE lower\(nullif\(trim\("paid"\), ''\)\) WHEN 'true' THEN true WHEN 'false' THEN false END AS "paid"/);
  assert.match(staging!, /CASE WHEN trim\("status"\) IN \('', 'n\/a', '-'\) THEN NULL ELSE trim\("status"\) END AS "status"/);
  // Curated: Parquet, partitioned by placed_on (last in the select).
  assert.match(curated!, /partitioned_by = ARRAY\['placed_on'\]/);
  assert.match(curated!, /"status",\n {2}"placed_on"\nFROM "retail_staging"\."orders"$/);

  const lake = tempLakehouse();
  lakes.push(lake);
  lake.put(
    's3://retail-lake/landing/orders/2024-03.csv',
    ['"order_id","shop","amount","paid","status","placed_on"', '"1","Lyon","12.50","true","shipped","2024-03-01"', '"2","Paris","7.25","false","n/a","2024-03-01"', '"3","Lille","","TRUE","-","2024-03-02"', ''].join('\n'),
  );
  const doc = contractDdlDocument(contract, ddl, 'orders.odcs.yaml');
  for (const db of Object.values(OPTIONS.databases)) await ok(lake.engine, `CREATE DATABASE IF NOT EXISTS ${db}`);
  for (const s of splitStatements(doc)) await ok(lake.engine, s.text);
  const described = rows(await ok(lake.engine, 'DESCRIBE retail_curated.orders'));
  assert.deepEqual(
    described.slice(0, 6).map((r) => [r[0], r[1]]),
    [
      ['order_id', 'bigint'],
      ['shop', 'string'],
      ['amount', 'decimal(10,2)'],
      ['paid', 'boolean'],
      ['status', 'string'],
      ['placed_on', 'date'],
    ],
  );
  assert.deepEqual(rows(await ok(lake.engine, 'SELECT order_id, shop, amount, paid, status, CAST(placed_on AS varchar) FROM retail_curated.orders ORDER BY order_id')), [
    ['1', 'Lyon', '12.50', true, 'shipped', '2024-03-01'],
    ['2', 'Paris', '7.25', false, null, '2024-03-01'],
    ['3', 'Lille', null, true, null, '2024-03-02'],
  ]);
  // Written partitioned as the contract says.
  assert.deepEqual(rows(await ok(lake.engine, 'SHOW PARTITIONS retail_curated.orders')), [['placed_on=2024-03-01'], ['placed_on=2024-03-02']]);
});

test('where a contract cannot give DDL it says why', () => {
  const contract = readContract(new YamlFile(fixture('orders.odcs.yaml')).value);
  assert.throws(() => contractDdl(contract, { ...OPTIONS, layers: ['raw'], server: 'analytics' }), /Server analytics is not an s3 or glue server with a location and a format/);
  assert.throws(() => contractDdl(contract, { ...OPTIONS, layers: ['raw'], server: 'nope' }), /no server named nope \(it has landing, analytics\)/);
  assert.throws(() => contractDdl({ ...contract, servers: [] }, { ...OPTIONS, layers: ['raw'] }), /no s3 or glue server with a location and a format/);
  assert.equal(objectLocation({ name: 's', type: 's3', location: 's3://b/x/{model}' }, 'orders'), 's3://b/x/orders/');
  assert.equal(objectLocation({ name: 's', type: 's3', location: 's3://b/x/data.parquet' }, 'orders'), 's3://b/x/');
});

test('lakehouse contract ddl prints the DDL, or the contract’s problems as file:line:column with exit 1', async () => {
  const cli = join(repo, 'dist', 'cli.js');
  const run = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((done) => execFile(process.execPath, [cli, ...args], (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })));
  const good = join(repo, 'test', 'fixtures', 'contracts', 'orders.odcs.yaml');
  const r = await run('contract', 'ddl', good, '--layers', 'staging,curated');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^-- DDL from the data contract retail-orders 1\.2\.0 \(orders\.odcs\.yaml\)\n\n-- orders: staging\nCREATE OR REPLACE VIEW "staging"\."orders" AS/);
  assert.match(r.stdout, /-- orders: curated\nCREATE TABLE "curated"\."orders"/);
  assert.doesNotMatch(r.stdout, /CREATE EXTERNAL TABLE/, 'only the layers asked for');
  const bad = join(repo, 'test', 'fixtures', 'contracts', 'broken.odcs.yaml');
  const b = await run('contract', 'ddl', bad);
  assert.equal(b.code, 1);
  assert.equal(b.stdout, '');
  assert.match(b.stderr, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:1: Unknown key 'colour'`));
  assert.match(b.stderr, /broken\.odcs\.yaml:22:23: physicalType 'decimal\(40,2\)' is not an Athena type/);
  assert.match(b.stderr, /broken\.odcs\.yaml has 4 problems: nothing done\n$/);
  assert.equal((await run('contract', 'ddl', good, '--server', 'analytics')).code, 1);
  assert.equal((await run('contract', 'ddl', good, '--layers', 'gold')).code, 2);
});

test('the sample lakehouse’s contracts are valid, and their DDL runs on its data on the local engine', async () => {
  const dir = join(repo, 'samples', 'public-sector-lakehouse', 'contracts');
  const files = readdirSync(dir).filter((f) => f.endsWith('.odcs.yaml')).sort();
  assert.deepEqual(files, ['agencies.odcs.yaml', 'cost_monthly.odcs.yaml', 'incidents.odcs.yaml']);
  const lake = tempLakehouse();
  lakes.push(lake);
  const counts = new Map<string, number>();
  for (const f of generatePublicSectorLakehouse()) {
    await lake.engine.objects.write(`s3://${BUCKET}/${f.key}`, f.body);
    counts.set(f.key.split('/')[1] ?? '', f.rows);
  }
  const databases = { raw: 'contract_raw', staging: 'contract_staging', curated: 'contract_curated' };
  for (const db of Object.values(databases)) await ok(lake.engine, `CREATE DATABASE IF NOT EXISTS ${db}`);
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    assert.deepEqual(validateContract(text), [], file);
    const contract = readContract(new YamlFile(text).value);
    const ddl = contractDdl(contract, { ...OPTIONS, layers: ['raw', 'staging', 'curated'], databases, rawDatabase: databases.raw, zones: { ...OPTIONS.zones, curated: `s3://${BUCKET}/contract-curated/` } });
    for (const s of splitStatements(contractDdlDocument(contract, ddl, file))) await ok(lake.engine, s.text);
    for (const o of contract.objects) {
      const [[n]] = rows(await ok(lake.engine, `SELECT count(*) FROM contract_curated.${o.name}`)) as [[string]];
      assert.equal(Number(n), counts.get(o.name), `${file}: every row reaches the curated table`);
    }
  }
  // Typed as the contracts say: money as decimal, ISO timestamps parsed, nested JSON kept.
  const types = async (table: string): Promise<Record<string, unknown>> => {
    const described = rows(await ok(lake.engine, `DESCRIBE contract_curated.${table}`));
    return Object.fromEntries(described.map((r): [string, unknown] => [String(r[0]), r[1]]));
  };
  assert.deepEqual(Object.entries(await types('cost_monthly')).filter(([k]) => k.endsWith('_eur')), [['cost_eur', 'decimal(12,2)'], ['idle_cost_eur', 'decimal(12,2)']]);
  const incidents = await types('incidents');
  assert.deepEqual([incidents.opened_at, incidents.tags, incidents.impact], ['timestamp', 'array<string>', 'struct<users_affected:int,regions:array<string>>']);
  assert.deepEqual(rows(await ok(lake.engine, 'SELECT count(*) FILTER (WHERE cost_eur IS NULL) FROM contract_curated.cost_monthly')), [['0']]);
  assert.deepEqual(rows(await ok(lake.engine, 'SELECT count(*) FILTER (WHERE opened_at IS NULL), count(*) FILTER (WHERE impact.users_affected IS NULL) FROM contract_curated.incidents')), [['0', '0']]);
  assert.ok(rows(await ok(lake.engine, 'SHOW PARTITIONS contract_curated.cost_monthly')).length >= 36, 'a partition per billing month');
});
