import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expressions, fails, ok, rows, tempLakehouse } from './localHelpers';

/**
 * Timestamps and times finer than microseconds (Trino's precisions 7 to 12) on the local engine:
 * carried as exact picoseconds, answered as Athena answers, or refused by name. Never truncated.
 */
const lake = tempLakehouse();
const { engine } = lake;

before(async () => {
  lake.put('s3://lake/raw/events/part-0.csv', '1,2020-05-01 12:34:56.123456789\n2,2020-05-01 12:34:56.123456788\n3,2020-05-01 12:34:57\n');
  await ok(engine, 'CREATE DATABASE logs');
  await ok(engine, "CREATE EXTERNAL TABLE logs.events (id int, stamp string) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/raw/events/'");
});
after(() => engine.dispose());

const { value, refused } = expressions(engine);

describe('literals and casts keep every digit, and round half up in time', () => {
  test('a literal is its own precision; casts round to p digits, before 1970 as after, and wrap a time at midnight', async () => {
    assert.equal(await value("TIMESTAMP '2020-05-01 12:34:56.123456789012'"), '2020-05-01 12:34:56.123456789012');
    assert.equal(await value("CAST(TIMESTAMP '2020-05-10 12:34:56.55555555555' AS TIMESTAMP(7))"), '2020-05-10 12:34:56.5555556');
    assert.equal(await value("CAST(TIMESTAMP '1500-05-10 12:34:56.55555555555' AS TIMESTAMP(4))"), '1500-05-10 12:34:56.5556');
    assert.equal(await value("CAST(TIMESTAMP '2020-05-01 12:34:56.1234567' AS TIMESTAMP(12))"), '2020-05-01 12:34:56.123456700000');
    assert.equal(await value("CAST(TIME '23:59:59.999999999999' AS TIME(6))"), '00:00:00');
    assert.equal(await value("CAST(TIMESTAMP '2020-05-01 23:59:59.99999999999' AS TIME(10))"), '00:00:00.0000000000');
    assert.equal(await value("CAST('2020-05-01 12:34:56.555555555555' AS TIMESTAMP(8))"), '2020-05-01 12:34:56.55555556');
    assert.equal(await value("CAST('2020-05-10 12:34:56.1111111111 +01:23' AS TIMESTAMP(10))"), '2020-05-10 12:34:56.1111111111');
    assert.equal(await value("CAST(TIMESTAMP '-123001-05-01 12:34:56.123456789' AS VARCHAR)"), '-123001-05-01 12:34:56.123456789');
    assert.equal(await value("CAST(TIMESTAMP '123001-05-01 12:34:56' AS VARCHAR)"), '+123001-05-01 12:34:56');
  });

  test('comparisons see the digits past the microsecond', async () => {
    assert.equal(await value("TIMESTAMP '2020-05-01 12:34:56.1234567890' <= TIMESTAMP '2020-05-01 12:34:56.1234567889'"), false);
    assert.equal(await value("TIME '12:34:56.12345678901' <> TIME '12:34:56.12345678902'"), true);
    assert.equal(await value("TIMESTAMP '2020-05-01 12:34:56.123' = TIMESTAMP '2020-05-01 12:34:56.1230000'"), true);
    assert.equal(await value("TIME '12:34:56.1234567' BETWEEN TIME '12:34:56.1234566' AND TIME '12:34:56.123457'"), true);
    assert.equal(await value("TIMESTAMP '2020-05-01 12:34:56.1234567' IS DISTINCT FROM TIMESTAMP '2020-05-01 12:34:56.1234568'"), true);
  });

  test('arithmetic, date functions and fields keep the picoseconds below what they change', async () => {
    assert.equal(await value("TIMESTAMP '2020-05-01 12:34:56.123456789012' + INTERVAL '1.123' SECOND"), '2020-05-01 12:34:57.246456789012');
    assert.equal(await value("TIMESTAMP '2020-01-31 12:34:56.12345678' + INTERVAL '1' MONTH"), '2020-02-29 12:34:56.12345678');
    assert.equal(await value("date_add('day', 1683, TIMESTAMP '2001-01-31 13:31:00.11111111')"), '2005-09-10 13:31:00.11111111');
    assert.equal(await value("date_trunc('month', TIMESTAMP '2020-05-10 12:34:56.123456789012')"), '2020-05-01 00:00:00.000000000000');
    assert.equal(await value("date_trunc('millisecond', TIME '12:34:56.55555555')"), '12:34:56.55500000');
    assert.equal(String(await value("date_diff('millisecond', TIMESTAMP '2020-05-10 12:34:55.11111111', TIMESTAMP '2020-05-10 12:34:56.99999999')")), '1888');
    assert.equal(String(await value("millisecond(TIMESTAMP '2020-05-10 12:34:56.12345678')")), '123');
    assert.equal(String(await value("EXTRACT(SECOND FROM TIME '12:34:56.123456789012')")), '56');
    assert.equal(await value("date_format(TIMESTAMP '2020-05-10 12:34:56.5555555', '%H:%i:%s.%f')"), '12:34:56.556000');
    assert.equal(await value("to_iso8601(TIMESTAMP '2020-05-01 12:34:56.123456789')"), '2020-05-01T12:34:56.123456789');
  });

  test('the difference of two values is an interval of milliseconds, rounded half up', async () => {
    const diff = await value("TIMESTAMP '2020-05-01 12:34:55.11111111' - TIMESTAMP '2020-05-01 12:34:56.99999999'");
    assert.match(JSON.stringify(diff), /-0 00:00:01\.889/);
    assert.match(JSON.stringify(await value("TIME '12:34:56.999999999999' - TIME '12:34:55.111111111111'")), /"0 00:00:01\.889"/);
  });
});

describe('over a table: text columns cast at full precision, sorted and filtered exactly', () => {
  test('CAST(column AS TIMESTAMP(9)) keeps each digit, and WHERE and ORDER BY use them', async () => {
    const r = await ok(engine, "SELECT id, CAST(stamp AS TIMESTAMP(9)) AS t FROM logs.events WHERE CAST(stamp AS TIMESTAMP(9)) < TIMESTAMP '2020-05-01 12:34:56.123456789' OR id = 3 ORDER BY CAST(stamp AS TIMESTAMP(9)) DESC");
    assert.deepEqual(rows(r), [
      [3, '2020-05-01 12:34:57.000000000'],
      [2, '2020-05-01 12:34:56.123456788'],
    ]);
    assert.match(await fails(engine, "SELECT CAST('2020-05-01T12:34:56.1234567' AS TIMESTAMP(9)) AS v"), /cannot be cast to timestamp/);
    assert.equal((await ok(engine, "SELECT TRY_CAST(stamp || 'x' AS TIMESTAMP(9)) AS v FROM logs.events LIMIT 1")).rows[0]?.[0], null);
  });
});

describe('what cannot be carried exactly is refused by name', () => {
  test('a precise value out of a subquery, into a function not listed, or against an operand of unknown type', async () => {
    assert.match(await fails(engine, "SELECT t FROM (SELECT TIMESTAMP '2020-05-01 12:34:56.1234567' AS t)"), /outermost query only/);
    assert.match(await refused("sequence(TIMESTAMP '2020-01-01 12:34:56.1234567', TIMESTAMP '2020-01-01 12:34:59.1234567', INTERVAL '1' SECOND)"), /finer than microseconds to sequence/);
    assert.match(await fails(engine, "SELECT stamp < TIMESTAMP '2020-05-01 12:34:56.1234567' AS v FROM logs.events"), /cannot tell the other value's type/);
    assert.match(await refused("EXTRACT(YEAR FROM TIME '12:34:56.1234567')"), /./);
    assert.match(await refused("TIME '12:34:56.1234567891234'"), /not a valid TIME literal|precision/);
  });
  test('a table or a view cannot store one (a CTAS, an INSERT, a view): refused, nothing created', async () => {
    assert.match(await fails(engine, "CREATE TABLE logs.fine AS SELECT CAST(stamp AS TIMESTAMP(9)) AS t FROM logs.events"), /cannot be stored.*timestamp\(6\) or less/);
    assert.match(await fails(engine, "CREATE VIEW logs.fine_v AS SELECT TIMESTAMP '2020-05-01 12:34:56.1234567' AS t"), /cannot be stored/);
    assert.deepEqual(rows(await ok(engine, 'SHOW TABLES IN logs')).flat().sort(), ['events']);
    // Athena's Hive tables keep milliseconds: timestamp(6) is refused with Athena's message too,
    // timestamp(3) is stored, and reads back with its three digits.
    assert.match(
      await fails(engine, 'CREATE TABLE logs.micro AS SELECT id, CAST(CAST(stamp AS TIMESTAMP(9)) AS TIMESTAMP(6)) AS t FROM logs.events WHERE id = 1'),
      /NOT_SUPPORTED: Incorrect timestamp precision for timestamp\(6\); the configured precision is MILLISECONDS; column name: t/,
    );
    assert.match(await fails(engine, "CREATE TABLE logs.micro AS SELECT TIMESTAMP '2020-05-01 12:34:56.1234' AS t4"), /timestamp\(4\).*column name: t4/);
    await ok(engine, 'CREATE TABLE logs.coarse AS SELECT CAST(CAST(stamp AS TIMESTAMP(9)) AS TIMESTAMP(3)) AS t FROM logs.events WHERE id = 1');
    assert.deepEqual(rows(await ok(engine, 'SELECT CAST(t AS VARCHAR) FROM logs.coarse')), [['2020-05-01 12:34:56.123']]);
  });
});
