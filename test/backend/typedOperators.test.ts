import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { decimalOp } from '../../src/core/sql/decimalOps';
import { LocalEngine } from '../../src/engines/local/localEngine';
import { decimalResult } from '../../src/core/sql/staticTypes';
import { expressions, fails, ok, rows, tempLakehouse } from './localHelpers';

/**
 * Operators whose Trino meaning depends on their operands' types, on the local engine (DuckDB):
 * decimal ÷, × and % at Trino's result types, IEEE division by a floating-point zero, NaN in
 * comparisons, greatest/least and array_max/array_min. Where the types cannot be told from the
 * SQL (a column), DuckDB's own arithmetic stays.
 */
const lake = tempLakehouse();
const { engine } = lake;

/** Deterministic decimals of `digits` digits and `scale` decimals, signed, never zero. */
function numbers(count: number, digits: number, scale: number, seed: number): string[] {
  let x = BigInt(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
    const width = 1 + Number(x % BigInt(digits));
    let n = (x >> 8n) % 10n ** BigInt(width) || 7n;
    if ((x >> 3n) % 2n === 1n) n = -n;
    const t = (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
    out.push(`${n < 0n ? '-' : ''}${scale ? `${t.slice(0, t.length - scale)}.${t.slice(t.length - scale)}` : t}`);
  }
  return out;
}
/** The columns of t.nums: name, type, precision, scale, values. */
const NUMS = [
  { name: 'a', type: 'decimal(10,2)', p: 10, s: 2, values: numbers(200, 10, 2, 1) },
  { name: 'b', type: 'decimal(18,4)', p: 18, s: 4, values: numbers(200, 18, 4, 2) },
  { name: 'c', type: 'decimal(5,3)', p: 5, s: 3, values: numbers(200, 5, 3, 3) },
  { name: 'i', type: 'int', p: 10, s: 0, values: numbers(200, 9, 0, 4) },
  { name: 'g', type: 'bigint', p: 19, s: 0, values: numbers(200, 18, 0, 5) },
];

before(async () => {
  lake.put('s3://lake/raw/nums/part-0.csv', NUMS[0]!.values.map((_v, r) => [r, ...NUMS.map((c) => c.values[r])].join(',')).join('\n') + '\n');
  lake.put('s3://lake/raw/m/part-0.csv', '1.5,3\n');
  await ok(engine, 'CREATE DATABASE t');
  await ok(engine, "CREATE EXTERNAL TABLE t.m (d decimal(10,2), n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/raw/m/'");
  await ok(engine, `CREATE EXTERNAL TABLE t.nums (r int, ${NUMS.map((c) => `${c.name} ${c.type}`).join(', ')}) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/raw/nums/'`);
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
  test('a decimal column multiplies as DuckDB does, which is Trino\'s type', async () => {
    assert.deepEqual(rows(await ok(engine, 'SELECT d * 2 AS v FROM t.m')), [['3.00']]);
  });
  test('decimal and integer columns divide exactly at Trino\'s type, row by row (BIGINT long division or HUGEINT)', async () => {
    const pairs = ['a/i', 'a/c', 'b/a', 'i/a', 'c/c', 'a/g', 'b/b', 'c/b', 'g/a'];
    const result = await ok(engine, `SELECT ${pairs.map((q, k) => `${q.replace('/', ' / ')} AS q${k}`).join(', ')} FROM t.nums ORDER BY r`);
    pairs.forEach((pair, k) => {
      const [x, y] = pair.split('/').map((n) => NUMS.find((c) => c.name === n)!);
      const type = decimalResult('/', x!, y!);
      assert.equal(result.columns[k]?.type, `decimal(${type.p},${type.s})`, pair);
      const want = x!.values.map((v, r) => [decimalOp('/', v, y!.values[r]!, type.p, type.s)]);
      assert.deepEqual(result.rows.map((row) => [row[k]]), want, pair);
    });
    // The usual guards keep the types: a / nullif(i, 0), coalesce(a, 0) / 4, abs(a) / 3.
    const guarded = await ok(engine, 'SELECT a / nullif(i, 0), coalesce(a, 0) / 4, abs(a) / 3 FROM t.nums ORDER BY r');
    assert.deepEqual(guarded.columns.map((c) => c.type), ['decimal(21,13)', 'decimal(23,13)', 'decimal(21,13)']);
    const [a, i] = [NUMS[0]!, NUMS[3]!];
    assert.deepEqual(
      rows(guarded),
      a.values.map((v, r) => [decimalOp('/', v, i.values[r]!, 21, 13), decimalOp('/', v, '4', 23, 13), decimalOp('/', v.replace('-', ''), '3', 21, 13)]),
    );
    // round of a decimal column keeps its scale (Trino's decimal(p + 1, s)); without digits, decimal(p - s + 1, 0).
    const rounded = await ok(engine, 'SELECT round(a, 1), round(b, -2), round(c), round(a / 3, 2) FROM t.nums ORDER BY r');
    assert.deepEqual(rounded.columns.map((c) => c.type), ['decimal(11,2)', 'decimal(19,4)', 'decimal(3,0)', 'decimal(22,13)']);
    const [b, c] = [NUMS[1]!, NUMS[2]!];
    assert.deepEqual(
      rows(rounded),
      a.values.map((v, r) => [
        decimalOp('round', v, '1', 11, 2),
        decimalOp('round', b.values[r]!, '-2', 19, 4),
        decimalOp('round', c.values[r]!, '0', 3, 0),
        decimalOp('round', decimalOp('/', v, '3', 21, 13), '2', 22, 13),
      ]),
    );
    assert.match(await fails(engine, 'SELECT a / (i - i) FROM t.nums'), /Division by zero/);
    assert.deepEqual(rows(await ok(engine, 'SELECT CAST(NULL AS decimal(10,2)) / (i - i) AS v FROM t.nums WHERE r = 0')), [[null]]);
  });
  test('avg of a decimal column is decimal(p, s), the exact mean rounded half up: grouped, DISTINCT, FILTER and OVER', async () => {
    const mean = (values: readonly string[], s: number): string => {
      const scaled = values.map((v) => BigInt(decimalOp('*', v, '1', 38, s).replace('.', '')));
      const sum = scaled.reduce((t, v) => t + v, 0n);
      const digits = (sum < 0n ? -sum : sum).toString().padStart(s + 1, '0');
      const text = `${sum < 0n ? '-' : ''}${digits.slice(0, digits.length - s)}.${digits.slice(digits.length - s)}`;
      return decimalOp('/', text, String(values.length), 38, s);
    };
    for (const c of NUMS.filter((x) => x.s > 0)) {
      const r = await ok(engine, `SELECT avg(${c.name}), avg(DISTINCT ${c.name}), avg(${c.name}) FILTER (WHERE r < 50), r % 2 AS odd FROM t.nums GROUP BY r % 2 ORDER BY odd`);
      assert.deepEqual(r.columns.slice(0, 3).map((x) => x.type), [c.type, c.type, c.type]);
      const half = (odd: number, values: readonly string[]): string[] => values.filter((_v, k) => k % 2 === odd);
      for (const odd of [0, 1]) {
        const own = half(odd, c.values);
        assert.deepEqual(r.rows[odd]?.slice(0, 3), [mean(own, c.s), mean([...new Set(own)], c.s), mean(half(odd, c.values.slice(0, 50)), c.s)], `${c.name}, odd ${odd}`);
      }
      const running = await ok(engine, `SELECT avg(${c.name}) OVER (ORDER BY r) FROM t.nums ORDER BY r`);
      assert.equal(running.columns[0]?.type, c.type);
      assert.deepEqual(running.rows.map((row) => row[0]), c.values.map((_v, k) => mean(c.values.slice(0, k + 1), c.s)), `${c.name} OVER`);
    }
    assert.deepEqual(rows(await ok(engine, 'SELECT avg(a) FROM t.nums WHERE r < 0')), [[null]]);
    // Through a CTE, a subquery with a column list, UNION ALL and a LATERAL subquery: the types follow.
    const typeOf = async (sql: string): Promise<string | undefined> => (await ok(engine, sql)).columns[0]?.type;
    assert.equal(await typeOf('WITH x AS (SELECT a, r FROM t.nums) SELECT avg(a) FROM x'), 'decimal(10,2)');
    assert.equal(await typeOf('WITH x(v) AS (SELECT a FROM t.nums), y AS (SELECT v AS w FROM x) SELECT w / 3 FROM y'), 'decimal(21,13)');
    assert.equal(await typeOf('SELECT q.v / i FROM (SELECT a / 2 AS v, i FROM t.nums) AS q'), 'decimal(32,24)');
    assert.equal(await typeOf('SELECT avg(v) FROM (SELECT a FROM t.nums UNION ALL SELECT a FROM t.nums) AS u(v)'), 'decimal(10,2)');
    // An output name that shadows a column (not used by ORDER BY) leaves the column typed.
    assert.equal(await typeOf('SELECT a / 3 AS a, id FROM (SELECT r AS id, a FROM t.nums) AS s ORDER BY id'), 'decimal(21,13)');
    // Where one name may have two types (here a double and a decimal), DuckDB's own types stay.
    assert.equal(await typeOf('SELECT avg(a) FROM (SELECT CAST(a AS double) AS a FROM t.nums) AS s'), 'double');
    assert.equal(await typeOf('SELECT avg(v) FROM (SELECT a AS v FROM t.nums UNION ALL SELECT CAST(c AS double) FROM t.nums) AS u'), 'double');
    assert.match(await fails(engine, 'SELECT avg(a * 2) OVER (ORDER BY r) FROM t.nums'), /avg of a decimal with FILTER or OVER/);
    // A view keeps its decimal columns when another engine (a reopened window) makes it again.
    await ok(engine, 'CREATE VIEW t.means AS SELECT r % 2 AS odd, avg(a) AS mean, sum(a) / count(*) AS ratio FROM t.nums GROUP BY r % 2');
    const before = await ok(engine, 'SELECT mean, ratio FROM t.means ORDER BY odd');
    const reopened = new LocalEngine({ lakehouseDir: join(lake.dir, '.lakehouse'), s3Root: lake.s3 });
    try {
      const after = await ok(reopened, 'SELECT mean, ratio FROM t.means ORDER BY odd');
      assert.deepEqual(after.columns.map((c) => c.type), ['decimal(10,2)', 'decimal(38,6)']);
      assert.deepEqual(rows(after), rows(before));
    } finally {
      reopened.dispose();
    }
  });
});

describe('a CASE has the common type of its results', () => {
  test('conditional aggregates over a decimal column stay decimals: avg, sum with ELSE 0, a simple CASE, a division', async () => {
    lake.put('s3://lake/raw/spend/part-0.csv', ['compute|10.25|2', 'storage|3.10|1', 'compute|7.00|0'].join('\n') + '\n');
    await ok(engine, "CREATE EXTERNAL TABLE t.spend (category string, cost decimal(10,2), n int) ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' LOCATION 's3://lake/raw/spend/'");
    const r = await ok(
      engine,
      `SELECT avg(CASE WHEN category = 'compute' THEN cost END) AS a, sum(CASE WHEN category = 'compute' THEN cost ELSE 0 END) AS s,
              avg(CASE category WHEN 'storage' THEN cost END) AS st, max(CASE WHEN n > 0 THEN cost / n END) AS per,
              avg(CASE WHEN n > 0 THEN n * 1.5 ELSE 0.25 END) AS mixed FROM t.spend`,
    );
    // Trino: decimal(10,2) rounded half up (8.625 → 8.63); common type of decimal(10,2) and
    // integer is decimal(12,2), summed to decimal(38,2); ÷ integer keeps 13 decimals; n * 1.5
    // (decimal(12,1)) with 0.25 is decimal(13,2).
    assert.deepEqual(r.columns.map((c) => c.type), ['decimal(10,2)', 'decimal(38,2)', 'decimal(10,2)', 'decimal(21,13)', 'decimal(13,2)']);
    assert.deepEqual(rows(r), [['8.63', '17.25', '3.10', '5.1250000000000', '1.58']]);
  });
});

describe('integer sums are bigints, as in Trino', () => {
  test('in a result, a CTAS and a view; past the bigint range the query fails', async () => {
    const r = await ok(engine, 'SELECT sum(i), sum(g) FILTER (WHERE abs(g) < 1000000000), sum(CASE WHEN i > 0 THEN 1 ELSE 0 END) FROM t.nums');
    assert.deepEqual(r.columns.map((c) => c.type), ['bigint', 'bigint', 'bigint']);
    const i = NUMS[3]!.values.map(BigInt);
    assert.equal(r.rows[0]?.[0], String(i.reduce((a, b) => a + b, 0n)));
    assert.equal(r.rows[0]?.[2], String(i.filter((v) => v > 0n).length));
    await ok(engine, "CREATE TABLE t.sums WITH (format = 'PARQUET') AS SELECT r % 3 AS k, sum(i) AS total FROM t.nums GROUP BY r % 3");
    await ok(engine, 'CREATE VIEW t.sums_v AS SELECT sum(i) AS total FROM t.nums');
    for (const table of ['sums', 'sums_v']) {
      const described = rows(await ok(engine, `DESCRIBE t.${table}`)).map((row) => `${String(row[0]).trim()} ${String(row[1]).trim()}`);
      assert.ok(described.includes('total bigint'), `${table}: ${described.join('; ')}`);
    }
    assert.deepEqual(rows(await ok(engine, 'SELECT sum(total) FROM t.sums')), rows(await ok(engine, 'SELECT total FROM t.sums_v')));
    assert.match(await fails(engine, "SELECT sum(v) FROM (VALUES BIGINT '9223372036854775807', BIGINT '1') AS t(v)"), /bigint addition overflow/);
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
  test('a double column divided by zero gives NaN or a signed Infinity too (its type from the catalog)', async () => {
    lake.put('s3://lake/raw/dbl/part-0.csv', '1,1.5\n2,0\n3,-2.5\n4,\n');
    await ok(engine, "CREATE EXTERNAL TABLE t.dbl (k int, x double) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/raw/dbl/'");
    assert.deepEqual(rows(await ok(engine, 'SELECT x / 0, x / k FROM t.dbl ORDER BY k')), [
      ['Infinity', 1.5],
      ['NaN', 0],
      ['-Infinity', -2.5 / 3],
      [null, null],
    ]);
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
