import * as assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runAndCollect } from '../../src/engines/collect';
import { ok, tempLakehouse } from './localHelpers';

const lake = tempLakehouse();
const { engine } = lake;
after(() => engine.dispose());

const bytesOf = async (sql: string): Promise<number | undefined> => (await ok(engine, sql)).stats.bytesScanned;
const fileSize = (uri: string): number => statSync(engine.map.toLocal(uri)).size;

const JAN = 's3://lake/usage/year=2024/month=01/a.csv';
const FEB = 's3://lake/usage/year=2024/month=02/b.csv';

test('text tables: whole files of the partitions the query reads (Athena bills CSV that way)', async () => {
  lake.put(JAN, 'svc-a,10,1.5\nsvc-b,20,2.5\n');
  lake.put(FEB, 'svc-a,11,3.5\nsvc-c,5,0.5\nsvc-d,7,0.25\n');
  await ok(engine, 'CREATE DATABASE b');
  await ok(
    engine,
    "CREATE EXTERNAL TABLE b.usage (service string, units int, cost double) PARTITIONED BY (year string, month string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/usage/'",
  );
  await ok(engine, 'MSCK REPAIR TABLE b.usage');
  assert.equal(await bytesOf('SELECT sum(units) FROM b.usage'), fileSize(JAN) + fileSize(FEB));
  assert.equal(await bytesOf("SELECT sum(units) FROM b.usage WHERE month = '02'"), fileSize(FEB), 'partition pruning');
  assert.equal(await bytesOf("SELECT * FROM b.usage WHERE month = '02' LIMIT 1"), fileSize(FEB), 'a LIMIT reads the files once');
  assert.equal(await bytesOf("SELECT service FROM b.usage WHERE year = '2024' AND month IN ('01') AND units > 1"), fileSize(JAN));
  assert.equal(await bytesOf("SELECT count(*) FROM b.usage WHERE month = '03'"), 0, 'no partition, nothing read');
  assert.equal(
    await bytesOf("SELECT a.service FROM b.usage a JOIN b.usage c ON a.service = c.service WHERE a.month = '01' AND c.month = '02'"),
    fileSize(JAN) + fileSize(FEB),
    'each side of a join reads its own partitions',
  );
});

test('Parquet: footers plus the compressed chunks of the referenced columns only', async () => {
  await ok(engine, "CREATE TABLE b.usage_pq WITH (format = 'PARQUET', external_location = 's3://lake/usage_pq/') AS SELECT service, units, cost FROM b.usage");
  const dir = engine.map.toLocal('s3://lake/usage_pq/');
  const total = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
  const one = await bytesOf('SELECT sum(units) FROM b.usage_pq');
  const all = await bytesOf('SELECT * FROM b.usage_pq');
  assert.ok(one !== undefined && all !== undefined);
  assert.ok(one > 0 && one < all, `one column (${one}) < all columns (${all})`);
  assert.ok(all <= total, `all columns (${all}) ≤ the file (${total})`);
  const filtered = await bytesOf("SELECT sum(units) FROM b.usage_pq WHERE service = 'svc-a'");
  assert.ok(filtered !== undefined && filtered > one, 'a column in the filter is read too');
});

test('views resolve to their tables; EXPLAIN, DDL and table-less queries cost nothing', async () => {
  await ok(engine, "CREATE VIEW b.feb AS SELECT * FROM b.usage WHERE month = '02'");
  assert.equal(await bytesOf('SELECT count(*) FROM b.feb'), fileSize(FEB));
  assert.equal(await bytesOf('EXPLAIN SELECT * FROM b.usage'), 0);
  assert.equal(await bytesOf('SELECT 1'), 0);
  assert.equal((await ok(engine, 'SHOW TABLES IN b')).stats.bytesScanned, 0);
  const ctas = await runAndCollect(engine, { sql: "CREATE TABLE b.feb_copy WITH (format = 'JSON', external_location = 's3://lake/feb_copy/') AS SELECT * FROM b.feb" }, 10);
  assert.ok(ctas.ok);
  if (ctas.ok) assert.equal(ctas.result.stats.bytesScanned, fileSize(FEB), 'CTAS is billed for what its query reads');
});

test('a repeated statement is measured once per catalog change: a new file of its table is counted', async () => {
  const MAR = 's3://lake/again/a.csv';
  lake.put(MAR, 'x,1\n');
  await ok(engine, "CREATE EXTERNAL TABLE b.again (k string, v int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/again/'");
  const sql = 'SELECT sum(v) FROM b.again';
  assert.equal(await bytesOf(sql), fileSize(MAR));
  assert.equal(await bytesOf(sql), fileSize(MAR), 'the same again');
  // A file dropped into the table's folder (no statement in between): the view and the figure follow.
  const MORE = 's3://lake/again/b.csv';
  lake.put(MORE, 'y,2\nz,3\n');
  const after = await ok(engine, sql);
  assert.deepEqual(after.rows, [['6']]);
  assert.equal(after.stats.bytesScanned, fileSize(MAR) + fileSize(MORE));
});
