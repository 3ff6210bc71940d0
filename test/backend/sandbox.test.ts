import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runAndCollect } from '../../src/engines/collect';
import { ok, tempLakehouse } from './localHelpers';

const SECRET = 'TOP-SECRET-7f3a91';
const lake = tempLakehouse();
const { engine } = lake;
/** A folder beside the lakehouse root, outside it, holding a file the SQL must never see. */
const outside = join(lake.dir, 'outside');
const secretCsv = join(outside, 'secret.csv');

before(async () => {
  mkdirSync(outside, { recursive: true });
  writeFileSync(secretCsv, `id,secret\n1,${SECRET}\n`);
  writeFileSync(join(outside, 'secret.json'), `{"secret":"${SECRET}"}\n`);
  lake.put('s3://lake/raw/ok/part-0.csv', '1,a\n2,b\n');
  await ok(engine, 'CREATE DATABASE raw');
  await ok(engine, "CREATE EXTERNAL TABLE raw.ok (id int, v string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/raw/ok/'");
});
after(() => engine.dispose());

/** Runs SQL that must be refused; the message must say why and hold no byte of the secret. */
async function refused(sql: string, why: RegExp): Promise<string> {
  const outcome = await runAndCollect(engine, { sql, database: 'raw' }, 1000);
  assert.equal(outcome.ok, false, `expected a refusal for: ${sql}\n${outcome.ok ? JSON.stringify(outcome.result.rows) : ''}`);
  const message = outcome.ok ? '' : outcome.message;
  assert.ok(!message.includes(SECRET), `the secret leaked into: ${message}`);
  assert.match(message, why, `refusal of ${sql} says why`);
  return message;
}

/** Every file under the outside folder, to prove nothing was written there. */
const outsideFiles = (): string[] => readdirSync(outside, { recursive: true }).map(String).sort();

describe('local engine sandbox: SQL reads and writes only under the lakehouse root', () => {
  test("FROM '<path>' and FROM \"<path>\" are refused as Athena refuses them", async () => {
    await refused(`SELECT * FROM '${secretCsv}'`, /file path cannot stand for a table.*syntax error/);
    await refused(`SELECT * FROM "${secretCsv}"`, /does not exist: a quoted name is a table/);
    await refused(`SELECT * FROM raw.ok, '${secretCsv}'`, /file path cannot stand for a table/);
  });

  test('table functions that read paths are refused by name', async () => {
    await refused(`SELECT * FROM read_csv('${secretCsv}')`, /Function 'read_csv' is not supported/);
    await refused(`SELECT * FROM read_json_auto('${join(outside, 'secret.json')}')`, /Function 'read_json_auto' is not supported/);
    await refused(`SELECT * FROM glob('${outside}/*')`, /Function 'glob' is not supported/);
    await refused(`SELECT read_text('${secretCsv}')`, /Function 'read_text' is not supported/);
  });

  test('a path joined with a real table, and a path in a subquery, are refused', async () => {
    await refused(`SELECT * FROM raw.ok JOIN '${secretCsv}' s ON true`, /file path cannot stand for a table/);
    await refused(`SELECT * FROM raw.ok WHERE v IN (SELECT secret FROM '${secretCsv}')`, /file path cannot stand for a table/);
    await refused(`SELECT (SELECT max(secret) FROM "${secretCsv}") AS s`, /does not exist/);
  });

  test('a view over a path is refused and not created', async () => {
    await refused(`CREATE VIEW raw.leak AS SELECT * FROM '${secretCsv}'`, /file path cannot stand for a table/);
    await refused('SELECT * FROM raw.leak', /does not exist|not found/i);
  });

  test('a table over a folder that is a symlink to outside the root is refused, at CREATE and at query', async () => {
    symlinkSync(outside, join(lake.s3, 'lake', 'link'));
    await refused(
      "CREATE EXTERNAL TABLE raw.linked (id int, secret string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/link/'",
      /leads outside the local lakehouse root through a symbolic link/,
    );
    // A table created before its folder became a link fails when queried, and reads nothing.
    await ok(engine, "CREATE EXTERNAL TABLE raw.later (id int, secret string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/later/'");
    symlinkSync(outside, join(lake.s3, 'lake', 'later'));
    await refused('SELECT * FROM raw.later', /leads outside the local lakehouse root/);
  });

  test("a CTAS whose external_location climbs out with '..' is refused and writes nothing", async () => {
    const before = outsideFiles();
    await refused("CREATE TABLE raw.out WITH (format = 'PARQUET', external_location = 's3://lake/../../outside/x/') AS SELECT * FROM raw.ok", /'\.\.' segments/);
    await refused("CREATE TABLE raw.out2 WITH (format = 'PARQUET', external_location = 's3://../outside/') AS SELECT * FROM raw.ok", /'\.\.' segments/);
    await refused("CREATE TABLE raw.out3 WITH (format = 'PARQUET', external_location = 's3://lake/link/ctas/') AS SELECT * FROM raw.ok", /symbolic link/);
    assert.deepEqual(outsideFiles(), before);
    assert.equal(existsSync(join(outside, 'x')), false);
  });

  test('DuckDB itself refuses file access outside the root, and its configuration is locked', async () => {
    // Past our SQL checks, on a connection of the engine's own DuckDB instance.
    const { instance } = await (engine as unknown as { duck(): Promise<{ instance: { connect(): Promise<{ run(sql: string): Promise<unknown>; closeSync(): void }> } }> }).duck();
    const c = await instance.connect();
    try {
      const attempt = async (sql: string, why: RegExp): Promise<void> => {
        await assert.rejects(c.run(sql), (e: Error) => {
          assert.ok(!e.message.includes(SECRET), `the secret leaked into: ${e.message}`);
          assert.match(e.message, why);
          return true;
        });
      };
      await attempt(`SELECT * FROM read_text('${secretCsv}')`, /Permission Error/);
      await attempt(`SELECT * FROM '${secretCsv}'`, /Permission Error/);
      await attempt(`SELECT * FROM '${lake.s3}/lake/link/secret.csv'`, /Permission Error/);
      await attempt(`SELECT * FROM '${lake.s3}/../outside/secret.csv'`, /Permission Error/);
      await attempt(`COPY (SELECT 1) TO '${join(outside, 'w.csv')}'`, /Permission Error/);
      await attempt("ATTACH '/tmp/lakehouse-sandbox-test.db'", /Permission Error/);
      await attempt('SET enable_external_access = true', /configuration has been locked/);
      await attempt("SET allowed_directories = ['/']", /configuration has been locked/);
      await attempt('SET integer_division = false', /configuration has been locked/);
      assert.deepEqual(outsideFiles(), ['secret.csv', 'secret.json']);
    } finally {
      c.closeSync();
    }
  });

  test('a path inside the root is refused in FROM too (Athena reads tables, not files)', async () => {
    await refused(`SELECT * FROM '${join(lake.s3, 'lake', 'raw', 'ok', 'part-0.csv')}'`, /file path cannot stand for a table/);
    // The table over that folder reads as usual.
    assert.equal(Number((await ok(engine, 'SELECT count(*) AS n FROM raw.ok')).rows[0]?.[0]), 2);
  });
});
