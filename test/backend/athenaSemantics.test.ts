import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LocalEngine } from '../../src/engines/local/localEngine';
import { ok, rows, tempLakehouse } from './localHelpers';

/**
 * The local engine answers as Athena (Trino) does: one regression test per family of semantics
 * fixed after the conformance corpus found it (test/conformance).
 */
const lake = tempLakehouse();
const { engine } = lake;

before(async () => {
  lake.put('s3://lake/raw/orders/part-0.csv', '1,7\n2,9\n3,9\n');
  await ok(engine, 'CREATE DATABASE shop');
  await ok(engine, "CREATE EXTERNAL TABLE shop.orders (id int, qty int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/raw/orders/'");
});
after(() => engine.dispose());

const value = async (expr: string): Promise<unknown> => (await ok(engine, `SELECT ${expr} AS v`)).rows[0]?.[0];
const names = async (sql: string): Promise<string[]> => (await ok(engine, sql, 'shop')).columns.map((c) => c.name);

describe('integer division and modulo, as Trino: truncated toward zero, the type kept', () => {
  test('tinyint, smallint, integer and bigint divide as integers', async () => {
    assert.equal(await value('7 / 2'), 3);
    assert.equal(await value('-7 / 2'), -3);
    assert.equal(await value("TINYINT '7' / TINYINT '2'"), 3);
    assert.equal(await value("SMALLINT '-9' / SMALLINT '4'"), -2);
    assert.equal(String(await value('BIGINT \'9000000000\' / 4')), '2250000000');
    assert.equal(await value('-7 % 2'), -1);
    assert.equal(await value('7 % -2'), 1);
    assert.equal(Number(await value('sum(qty) / count(*) FROM shop.orders --')), 8);
  });

  test('a double or decimal operand still divides exactly', async () => {
    assert.equal(await value('7e0 / 2'), 3.5);
    assert.equal(Number(await value('7.0 / 2')), 3.5);
  });
});

describe("Athena's result column names: an unaliased expression is _col<i>", () => {
  test('in a plain query (the grid, exports and the CLI read these names)', async () => {
    assert.deepEqual(await names('SELECT count(*), max(qty) AS most, id, id * 2 FROM shop.orders GROUP BY id'), ['_col0', 'most', 'id', '_col3']);
    assert.deepEqual(await names('SELECT *, qty + 1 FROM shop.orders'), ['id', 'qty', '_col2']);
  });

  test('in a CTAS: the created table has the column _col0, and SHOW COLUMNS says so', async () => {
    await ok(engine, "CREATE TABLE shop.counts WITH (format = 'PARQUET', external_location = 's3://lake/curated/counts/') AS SELECT qty, count(*) FROM shop.orders GROUP BY qty", 'shop');
    assert.deepEqual(rows(await ok(engine, 'SHOW COLUMNS IN shop.counts')), [['qty'], ['_col1']]);
    assert.deepEqual(rows(await ok(engine, 'SELECT qty, _col1 FROM shop.counts ORDER BY qty')), [[7, '1'], [9, '2']]);
  });

  test('in a view: its columns, SHOW COLUMNS and queries over it use _col<i>', async () => {
    await ok(engine, 'CREATE VIEW shop.order_stats AS SELECT count(*), max(qty) AS most, upper(CAST(id AS varchar)) FROM shop.orders GROUP BY id', 'shop');
    assert.deepEqual(rows(await ok(engine, 'SHOW COLUMNS IN shop.order_stats')), [['_col0'], ['most'], ['_col2']]);
    assert.deepEqual(await names('SELECT * FROM shop.order_stats'), ['_col0', 'most', '_col2']);
    assert.equal(Number((await ok(engine, 'SELECT sum(_col0) AS n FROM shop.order_stats')).rows[0]?.[0]), 3);
  });

  test('a view keeps its names after the engine restarts (views are rebuilt from their SQL)', async () => {
    const again = new LocalEngine({ lakehouseDir: `${lake.dir}/.lakehouse`, s3Root: lake.s3 });
    try {
      assert.deepEqual((await ok(again, 'SELECT * FROM shop.order_stats')).columns.map((c) => c.name), ['_col0', 'most', '_col2']);
    } finally {
      again.dispose();
    }
  });
});
