import * as assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { fails, ok, tempLakehouse } from './localHelpers';

const { engine } = tempLakehouse();
after(() => engine.dispose());

/**
 * [Athena SQL expression, what Trino's documentation says it returns (as an SQL expression)].
 * Each is checked with IS NOT DISTINCT FROM inside the engine, so NULL and types count.
 */
const CASES: [string, string][] = [
  // dates and times
  ["date_parse('2024-01-31 13:45:10', '%Y-%m-%d %H:%i:%s')", "TIMESTAMP '2024-01-31 13:45:10'"],
  ["date_parse('31/01/2024', '%d/%m/%Y')", "TIMESTAMP '2024-01-31 00:00:00'"],
  ["date_format(TIMESTAMP '2024-01-31 13:45:10', '%Y/%m/%d %H:%i')", "'2024/01/31 13:45'"],
  ["date_format(TIMESTAMP '2024-01-31 13:45:10', '%M %e, %Y')", "'January 31, 2024'"],
  ["format_datetime(TIMESTAMP '2024-01-31 13:45:10', 'yyyy-MM-dd HH:mm')", "'2024-01-31 13:45'"],
  ["parse_datetime('31/01/2024 08:05', 'dd/MM/yyyy HH:mm')", "TIMESTAMP '2024-01-31 08:05:00'"],
  ["to_unixtime(from_iso8601_timestamp('2024-01-31T13:45:10Z'))", '1706708710.0'],
  ["from_iso8601_date('2024-01-31')", "DATE '2024-01-31'"],
  ["to_iso8601(DATE '2024-01-31')", "'2024-01-31'"],
  ["date_add('day', 3, DATE '2024-01-30')", "DATE '2024-02-02'"],
  ["date_add('month', 1, DATE '2024-01-31')", "DATE '2024-02-29'"],
  ["date_add('hour', -2, TIMESTAMP '2024-01-01 01:00:00')", "TIMESTAMP '2023-12-31 23:00:00'"],
  ["date_diff('day', TIMESTAMP '2020-01-01 23:00:00', TIMESTAMP '2020-01-02 01:00:00')", '0'],
  ["date_diff('day', DATE '2024-01-01', DATE '2024-03-01')", '60'],
  ["date_diff('year', DATE '2020-06-01', DATE '2024-05-31')", '3'],
  ["date_trunc('month', DATE '2024-03-15')", "DATE '2024-03-01'"],
  ["date_trunc('hour', TIMESTAMP '2024-03-15 10:42:00')", "TIMESTAMP '2024-03-15 10:00:00'"],
  ["to_unixtime(TIMESTAMP '1970-01-02 00:00:00')", '86400.0'],
  ['to_unixtime(from_unixtime(1700000000))', '1700000000.0'],
  ["date('2024-01-31')", "DATE '2024-01-31'"],
  ["day_of_week(DATE '2024-01-07')", '7'],
  ["dow(DATE '2024-01-08')", '1'],
  ["day_of_month(DATE '2024-01-31')", '31'],
  ["day_of_year(DATE '2024-02-01')", '32'],
  ["year_of_week(DATE '2021-01-01')", '2020'],
  ["last_day_of_month(DATE '2024-02-10')", "DATE '2024-02-29'"],
  // arrays and maps
  ['element_at(ARRAY[1, 2, 3], 2)', '2'],
  ['element_at(ARRAY[1, 2, 3], -1)', '3'],
  ['element_at(ARRAY[1], 5)', 'NULL'],
  ["element_at(MAP(ARRAY['a', 'b'], ARRAY[1, 2]), 'b')", '2'],
  ['cardinality(ARRAY[1, 2, 3])', '3'],
  ['contains(ARRAY[1, 2], 2)', 'true'],
  ["array_join(ARRAY['a', 'b', NULL], ',')", "'a,b'"],
  ["array_join(ARRAY['a', NULL], ',', 'x')", "'a,x'"],
  ['array_distinct(ARRAY[3, 1, 3, 2, 1])', 'ARRAY[3, 1, 2]'],
  ['array_max(ARRAY[3, 7, 1])', '7'],
  ['array_min(ARRAY[3, 7, 1])', '1'],
  ['array_sort(ARRAY[3, NULL, 1])', 'ARRAY[1, 3, NULL]'],
  ['array_position(ARRAY[5, 6], 6)', '2'],
  ['array_position(ARRAY[5, 6], 9)', '0'],
  ['array_remove(ARRAY[1, 2, 1], 1)', 'ARRAY[2]'],
  ['slice(ARRAY[1, 2, 3, 4], 2, 2)', 'ARRAY[2, 3]'],
  ['slice(ARRAY[1, 2, 3, 4], -2, 2)', 'ARRAY[3, 4]'],
  ['sequence(1, 5)', 'ARRAY[1, 2, 3, 4, 5]'],
  ['sequence(1, 10, 3)', 'ARRAY[1, 4, 7, 10]'],
  ["sequence(DATE '2024-01-30', DATE '2024-02-01', INTERVAL '1' DAY)", "ARRAY[DATE '2024-01-30', DATE '2024-01-31', DATE '2024-02-01']"],
  ['transform(ARRAY[1, 2], x -> x * 2)', 'ARRAY[2, 4]'],
  ['filter(ARRAY[1, 2, 3], x -> x > 1)', 'ARRAY[2, 3]'],
  // strings and regular expressions
  ["split('a,b,c', ',')", "ARRAY['a', 'b', 'c']"],
  ["split('a,b,c', ',', 2)", "ARRAY['a', 'b,c']"],
  ["regexp_like('1a 2b 14m', '\\d+b')", 'true'],
  ["regexp_extract('1a 2b 14m', '\\d+')", "'1'"],
  ["regexp_extract('1a 2b 14m', '(\\d+)([a-z]+)', 2)", "'a'"],
  ["regexp_extract('abc', '\\d+')", 'NULL'],
  ["regexp_replace('1a 2b 14m', '\\d+[ab] ')", "'14m'"],
  ["regexp_replace('1a 2b 14m', '(\\d+)([ab]) ', '3c$2 ')", "'3ca 3cb 14m'"],
  ["regexp_split('1a 2b 14m', '\\s*[a-z]+\\s*')", "ARRAY['1', '2', '14', '']"],
  ["levenshtein_distance('kitten', 'sitting')", '3'],
  ["codepoint('A')", '65'],
  ["strpos('high', 'ig')", '2'],
  ["split_part('a-b-c', '-', 2)", "'b'"],
  ["lpad('7', 3, '0')", "'007'"],
  ["concat_ws(',', 'a', 'b')", "'a,b'"],
  ["reverse('abc')", "'cba'"],
  ["starts_with('abc', 'a')", 'true'],
  // json
  ['json_extract_scalar(\'{"a": {"b": "x"}}\', \'$.a.b\')', "'x'"],
  ['json_extract_scalar(\'{"a": {"b": "x"}}\', \'$.a\')', 'NULL'],
  ['json_format(json_parse(\'{"a": 1}\'))', '\'{"a":1}\''],
  ["json_array_length('[1, 2, 3]')", '3'],
  // math and conditionals
  ['truncate(-2.7)', '-2'],
  ['is_nan(nan())', 'true'],
  ['is_finite(1.0)', 'true'],
  ['is_infinite(infinity())', 'true'],
  ["try(CAST('x' AS integer))", 'NULL'],
  ['greatest(1, 3, 2)', '3'],
  ['round(2.345, 2)', '2.35'],
  ['mod(7, 3)', '1'],
  ['log(2, 8)', '3.0'],
  ['power(2, 10)', '1024.0'],
  ["if(1 > 2, 'yes', 'no')", "'no'"],
];

const AGGREGATES: [string, string][] = [
  ['approx_distinct(x % 3)', '3'],
  ['approx_percentile(x, 0.5)', '51'],
  ['count_if(x > 90)', '11'],
  ['max_by(x, -x)', '1'],
  ['arbitrary(x) BETWEEN 1 AND 101', 'true'],
];

describe('Trino functions on the local engine (expected values from Trino docs)', () => {
  for (const [expr, expected] of CASES) {
    test(expr, async () => {
      const r = await ok(engine, `SELECT (${expr}) IS NOT DISTINCT FROM (${expected}) AS same, CAST(${expr} AS varchar) AS got`);
      assert.equal(r.rows[0]?.[0], true, `${expr} gave ${String(r.rows[0]?.[1])}, Trino gives ${expected}`);
    });
  }
  for (const [expr, expected] of AGGREGATES) {
    test(`aggregate ${expr}`, async () => {
      const r = await ok(engine, `SELECT (${expr}) = (${expected}) AS same, CAST(${expr} AS varchar) FROM UNNEST(sequence(1, 101)) AS t(x)`);
      assert.equal(r.rows[0]?.[0], true, `${expr} gave ${String(r.rows[0]?.[1])}`);
    });
  }
  test('date_trunc keeps a DATE a date', async () => {
    const r = await ok(engine, "SELECT date_trunc('month', DATE '2024-03-15') AS d");
    assert.equal(r.columns[0]?.type, 'date');
    assert.equal(r.rows[0]?.[0], '2024-03-01');
  });
  test(`covers at least 40 functions (${CASES.length + AGGREGATES.length} cases)`, () => {
    const names = new Set([...CASES, ...AGGREGATES].flatMap(([e]) => [...e.matchAll(/([a-z_0-9]+)\(/g)].map((m) => m[1])));
    assert.ok(names.size >= 40, `${names.size} functions`);
  });
});

describe('what the local engine cannot run is refused by name', () => {
  test('an unknown function fails with its name and position', async () => {
    const message = await fails(engine, 'SELECT frobnicate(1)');
    assert.match(message, /Function 'frobnicate' is not supported by the local lakehouse engine/);
  });
  test('a DuckDB-only function is refused: the SQL must also run on Athena', async () => {
    assert.match(await fails(engine, "SELECT strftime(now(), '%Y')"), /Function 'strftime'/);
    assert.match(await fails(engine, 'SELECT * FROM range(3)'), /Function 'range'/);
  });
  test('functions in views and CTAS are checked too', async () => {
    await ok(engine, 'CREATE DATABASE fx');
    assert.match(await fails(engine, 'CREATE VIEW fx.v AS SELECT list_value(1)'), /Function 'list_value'/);
    assert.match(await fails(engine, "CREATE TABLE fx.t WITH (external_location='s3://b/t/') AS SELECT epoch_ms(1) AS x"), /Function 'epoch_ms'/);
  });
  test('aliases with column lists and CTE column lists are not mistaken for calls', async () => {
    const r = await ok(engine, 'WITH c(n) AS (SELECT 1) SELECT t.a, c.n FROM (VALUES (1), (2)) AS t(a) CROSS JOIN c ORDER BY t.a');
    assert.equal(r.rows.length, 2);
  });
});
