import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expressions, ok, rows, tempLakehouse } from './localHelpers';

/**
 * Operators whose Trino meaning depends on their operands' types, on the local engine (DuckDB):
 * decimal ÷, × and % at Trino's result types, IEEE division by a floating-point zero, NaN in
 * comparisons, greatest/least and array_max/array_min. Where the types cannot be told from the
 * SQL (a column), DuckDB's own arithmetic stays.
 */
const lake = tempLakehouse();
const { engine } = lake;

before(async () => {
  lake.put('s3://lake/raw/m/part-0.csv', '1.5,3\n');
  await ok(engine, 'CREATE DATABASE t');
  await ok(engine, "CREATE EXTERNAL TABLE t.m (d decimal(10,2), n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/raw/m/'");
});
after(() => engine.dispose());

const { value, refused } = expressions(engine);

describe('decimal arithmetic at Trino result types', () => {
  test('division keeps at least six decimals, rounded half up; past 38 digits the scale gives way', async () => {
    assert.equal(await value("DECIMAL '1.0' / DECIMAL '3'"), '0.333333');
    assert.equal(await value("DECIMAL '200.00000' / DECIMAL '-0.3'"), '-666.6666667');
    assert.equal(await value("DECIMAL '999999999999999999' / DECIMAL '1'"), '999999999999999999.000000');
    assert.equal(await value("DECIMAL '.20000000000000000000000000000000000000' / DECIMAL '0.30'"), '0.666666666666666666666666666666666667');
    assert.equal(await value("(CAST('1635619.3155' AS DECIMAL(38,4))) / (CAST('47497517.7405' AS DECIMAL(38,4)))"), '0.034436');
  });
  test('multiplication past 38 digits rounds the scale; modulus keeps the dividend sign; overflow and zero fail', async () => {
    assert.equal(await value("DECIMAL '1234567890123456789.0123456789012345678' * DECIMAL '3'"), '3703703670370370367.037037036703703703');
    assert.equal(await value("DECIMAL '99999999999999999999999999999999999997' % DECIMAL '3.0000000000000000'"), '1.0000000000000000');
    assert.match(await refused("DECIMAL '200000000000000000000000000000000000' / DECIMAL '0.30'"), /overflow/i);
    assert.match(await refused("DECIMAL '1' / DECIMAL '0.00'"), /Division by zero/);
  });
  test('a decimal column divides as DuckDB does (its type is not in the SQL text)', async () => {
    assert.deepEqual(rows(await ok(engine, 'SELECT d * 2 AS v FROM t.m')), [['3.00']]);
  });
});

describe('floating point: IEEE division, and NaN compares with nothing', () => {
  test('a zero divisor gives NaN or a signed Infinity', async () => {
    assert.equal(await value('0.0E0 / 0.0E0'), 'NaN');
    assert.equal(await value('-1.0E0 / 0'), '-Infinity');
    assert.equal(await value("1.0E0 / DOUBLE '-0.0'"), '-Infinity');
    assert.equal(await value("is_infinite(1.0E0 / 0.0E0)"), true);
    assert.equal(await value("(REAL '-0.0') / (REAL '0.0')"), 'NaN');
  });
  test('NaN = NaN is false, NaN <> NaN true, and no order holds with NaN', async () => {
    assert.equal(await value("DOUBLE 'NaN' = DOUBLE 'NaN'"), false);
    assert.equal(await value("(DOUBLE 'NaN') <> (DOUBLE 'NaN')"), true);
    assert.equal(await value("37.7E0 < (DOUBLE 'NaN')"), false);
    assert.equal(await value("(REAL 'NaN') >= (REAL 'NaN')"), false);
    assert.equal(await value("(DOUBLE 'NaN') BETWEEN (DOUBLE 'NaN') AND (DOUBLE 'NaN')"), false);
    assert.equal(await value("(DOUBLE 'NaN') NOT BETWEEN 1E0 AND 2E0"), true);
    assert.equal(await value('CAST(NULL AS DOUBLE) < 1E0'), null);
  });
  test('greatest, least, array_max and array_min pass over NaN unless every value is NaN', async () => {
    assert.equal(Number(await value('greatest(5, 4, NaN(), 3)')), 5);
    assert.equal(Number(await value('least(5, NaN(), 3)')), 3);
    assert.equal(await value('greatest(NaN(), NaN())'), 'NaN');
    assert.equal(await value('greatest(5, NULL, NaN())'), null);
    assert.equal(Number(await value('array_max(ARRAY[2, NaN(), 3])')), 3);
    assert.equal(Number(await value("array_min(ARRAY[REAL '2', CAST(NaN() AS REAL), REAL '3'])")), 2);
    assert.equal(await value("array_max(ARRAY['a', 'b'])"), 'b');
  });
  test('round of a bigint near its limit is refused rather than wrapped', async () => {
    assert.match(await refused('round(9223372036854775807, -2)'), /close to its limit/);
    assert.equal(String(await value('round(1234567, -2)')), '1234600');
  });
});
