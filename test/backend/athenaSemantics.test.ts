import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runAndCollect } from '../../src/engines/collect';
import { LocalEngine } from '../../src/engines/local/localEngine';
import { expressions, ok, rows, tempLakehouse } from './localHelpers';

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

const { value, refused: fails } = expressions(engine);
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


describe('division and modulo by zero, as Trino', () => {
  test('an integer or decimal zero divisor fails; a floating-point one gives NaN or Infinity', async () => {
    assert.match(await fails('5 / 0'), /Division by zero/);
    assert.match(await fails("SMALLINT '17' % SMALLINT '0'"), /Division by zero/);
    assert.match(await fails('mod(5, 0)'), /Division by zero/);
    assert.match(await fails("DECIMAL '1.0' / DECIMAL '0'"), /Division by zero/);
    assert.equal(await value('5e0 % 0e0'), 'NaN');
    assert.equal(await value('mod(7, 3)'), 1);
    // Precedence and nesting survive the rewrite.
    assert.equal(await value('1 + 10 / 2 / 5'), 2);
    assert.equal(await value('(2 + 4) / (1 + 1) * 3 % 5'), 4);
  });
});

describe('concat and || give NULL when any argument is NULL, as Trino', () => {
  test('concat with a NULL argument is NULL; with two or more values it joins them', async () => {
    assert.equal(await value("concat('a', NULL)"), null);
    assert.equal(await value("concat('a', 'b', 'c')"), 'abc');
    assert.equal(await value("'a' || NULL"), null);
    assert.equal(await value("concat(concat('a', 'b'), upper('c'))"), 'abC');
    assert.match(await fails("concat('a')"), /two or more concatenation arguments/);
  });
});

describe('decimal literals and casts keep Trino types', () => {
  test("DECIMAL 'x' has the literal's precision and scale; CAST(x AS DECIMAL) is decimal(38,0)", async () => {
    assert.equal(await value("DECIMAL '.1234567890123456' + DECIMAL '.1234567890123456'"), '0.2469135780246912');
    assert.equal(await value("CAST(DECIMAL '2.34' AS varchar)"), '2.34');
    assert.equal(await value("DECIMAL '38.0000000000000000' < DECIMAL '00000000038.0000000000000000000001'"), true);
    assert.equal(await value('CAST(31.41 AS DECIMAL)'), '31');
    const r = await ok(engine, "SELECT DECIMAL '123.45' AS v");
    assert.equal(r.columns[0]?.type, 'decimal(5,2)');
  });

  test('a double becomes a decimal from its shortest text, rounded half up (not from its binary value)', async () => {
    // 2.675 is 2.67499999999999982236431605997495353221893310546875 in binary.
    assert.equal(await value("CAST(DOUBLE '2.675' AS DECIMAL(10,2))"), '2.68');
    assert.equal(await value("CAST(DOUBLE '1234567890.0' AS DECIMAL(30,20))"), '1234567890.00000000000000000000');
    assert.equal(await value("CAST(DOUBLE '-1234567890123456789012345' AS DECIMAL(30,5))"), '-1234567890123456800000000.00000');
    assert.deepEqual((await ok(engine, 'SELECT CAST(avg(x) AS DECIMAL(10,2)) AS v FROM (VALUES 2.675E0, 2.675E0) AS t(x)')).rows, [['2.68']]);
    // Text, integers, decimals and booleans as before; NaN cannot be a decimal.
    assert.equal(await value("CAST('12.345' AS DECIMAL(10,2))"), '12.35');
    assert.equal(await value('CAST(BIGINT \'9000000000000000000\' AS DECIMAL(19,0))'), '9000000000000000000');
    assert.equal(await value("CAST(DECIMAL '-1.005' AS DECIMAL(10,2))"), '-1.01');
    assert.equal(await value('CAST(true AS DECIMAL(1,0))'), '1');
    assert.match((await runAndCollect(engine, { sql: "SELECT CAST(DOUBLE 'NaN' AS DECIMAL(10,2))" }, 10).then((o) => (o.ok ? 'answered' : o.message))), /nan|NaN/);
  });
});

describe("timestamps and times at Trino's precision", () => {
  test('CAST(x AS TIMESTAMP) is precision 3 and rounds half up, also before 1970; TIMESTAMP(p) rounds to p digits', async () => {
    assert.equal(await value("CAST('2020-05-01 12:34:56.111111' AS TIMESTAMP)"), '2020-05-01 12:34:56.111');
    assert.equal(await value("CAST(TIMESTAMP '2020-05-10 12:34:56.5555' AS TIMESTAMP)"), '2020-05-10 12:34:56.556');
    assert.equal(await value("CAST(TIMESTAMP '1500-05-10 12:34:56.55555' AS TIMESTAMP(4))"), '1500-05-10 12:34:56.5556');
    assert.equal(await value("CAST(TIMESTAMP '2020-05-10 12:34:56.5' AS TIMESTAMP(0))"), '2020-05-10 12:34:57');
    assert.equal(await value('CAST(NULL AS TIMESTAMP)'), null);
  });

  test('TIME(p) rounds and wraps at midnight; the date part is never invented', async () => {
    assert.equal(await value("CAST(TIME '23:59:59.9999' AS TIME(0))"), '00:00:00');
    assert.equal(await value("CAST(TIME '12:34:56.1234' AS TIME(2))"), '12:34:56.12');
  });

  test('more fractional digits than microseconds are kept exactly, never truncated (test/backend/preciseTemporal)', async () => {
    assert.equal(await value("TIMESTAMP '2020-05-01 12:34:56.1234567'"), '2020-05-01 12:34:56.1234567');
    assert.equal(await value("CAST(TIMESTAMP '2020-05-01 12:34:56' AS TIMESTAMP(9))"), '2020-05-01 12:34:56.000000000');
    assert.equal(await value("TIME '12:34:56.1234567891'"), '12:34:56.1234567891');
    assert.match(await fails("CAST(TIMESTAMP '2020-05-01 12:34:56' AS TIMESTAMP(13))"), /precision must be in range \[0, 12\]: 13/);
  });
});

describe("Trino's VALUES row lists", () => {
  test('VALUES 1, 2, 3 is three rows of one column (_col0), in FROM and at the top', async () => {
    assert.equal(Number(await value('count_if(x > 1) FROM (VALUES 1, 2, 3) AS t(x) --')), 2);
    const top = await ok(engine, 'VALUES 1, 2');
    assert.deepEqual(rows(top), [[1], [2]]);
    assert.deepEqual(top.columns.map((c) => c.name), ['_col0']);
    assert.deepEqual(rows(await ok(engine, "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(x, y) ORDER BY x")), [[1, 'a'], [2, 'b']]);
  });
});

describe('varbinary functions, as Trino', () => {
  test('to_utf8, md5, sha1, sha256, to_hex, from_hex, to_base64, from_base64, from_utf8 and X literals', async () => {
    assert.equal(await value("to_hex(md5(to_utf8('abc')))"), '900150983CD24FB0D6963F7D28E17F72');
    assert.equal(await value("to_hex(sha1(to_utf8('abc')))"), 'A9993E364706816ABA3E25717850C26C9CD0D89D');
    assert.equal(await value("to_hex(sha256(to_utf8('abc')))"), 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD');
    assert.equal(await value("from_utf8(from_hex('616263'))"), 'abc');
    assert.equal(await value("to_base64(to_utf8('abc'))"), 'YWJj');
    assert.equal(await value("from_utf8(from_base64('YWJj'))"), 'abc');
    assert.equal(await value("to_hex(X'65683F')"), '65683F');
  });

  test('text where Trino wants varbinary is refused with the fix, as Athena refuses it', async () => {
    assert.match(await fails("md5('abc')"), /md5 takes varbinary, not VARCHAR: convert text with to_utf8/);
    assert.match(await fails("to_hex('abc')"), /to_hex takes varbinary/);
    assert.match(await fails("from_hex('616')"), /invalid input length/);
  });
});

describe('NULLs and edges of array and string functions, as Trino', () => {
  test('greatest, least, array_max and array_min are NULL when a value is NULL', async () => {
    assert.equal(await value('greatest(5, 4, CAST(NULL AS INTEGER), 3)'), null);
    assert.equal(await value('least(5.0E0, 4, CAST(NULL AS DOUBLE), 3)'), null);
    assert.equal(await value('greatest(1, 7, 3)'), 7);
    assert.equal(await value('array_max(ARRAY[1, NULL, 3])'), null);
    assert.equal(await value('array_min(ARRAY[4, 2, 3])'), 2);
  });

  test('contains and array_position answer NULL where Trino cannot tell', async () => {
    assert.equal(await value('contains(ARRAY[NULL, 2, 3], 1)'), null);
    assert.equal(await value('contains(ARRAY[NULL, 2, 3], 2)'), true);
    assert.equal(await value('array_position(ARRAY[1, NULL, 2], NULL)'), null);
  });

  test('sequence counts down without a step and stops at 10,000 entries; slice past the start is empty', async () => {
    assert.equal(await value('sequence(3, 1)'), JSON.stringify(['3', '2', '1']));
    assert.match(await fails('sequence(1, 1000000)'), /not have more than 10000 entries/);
    assert.equal(await value('slice(ARRAY[1, 2, 3, 4], -5, 5)'), '[]');
    assert.match(await fails('slice(ARRAY[1, 2], 0, 1)'), /indices start at 1/);
  });

  test('split_part past the last field is NULL; substr from 0 or too far back is empty; replace of an empty string', async () => {
    assert.equal(await value("split_part('a/b/c', '/', 4)"), null);
    assert.equal(await value("split_part('a/b/c', '/', 2)"), 'b');
    assert.equal(await value("substr('Quadratically', 0, 4)"), '');
    assert.equal(await value("substr('Quadratically', -50)"), '');
    assert.equal(await value("substr('Quadratically', -4, 2)"), 'al');
    assert.equal(await value("SUBSTRING('Quadratically' FROM 0)"), '');
    assert.equal(await value("SUBSTRING('Quadratically' FROM 5 FOR 6)"), 'ratica');
    assert.equal(await value("substring('abc', 2)"), 'bc');
    assert.equal(await value("replace('abc', '', 'xx')"), 'xxaxxbxxcxx');
    assert.equal(await value("replace('abcabc', 'b')"), 'acac');
  });
});

describe("Trino's interval literals and interval text", () => {
  test('two-field literals (DAY TO SECOND, YEAR TO MONTH, …) are normalised as Trino keeps them', async () => {
    assert.equal(Number(await value("DAY(INTERVAL '42 30' DAY TO HOUR)")), 43);
    assert.equal(Number(await value("EXTRACT(HOUR FROM INTERVAL '12:34:56' HOUR TO SECOND)")), 12);
    assert.equal(await value("TIMESTAMP '2020-01-01 00:00:00' + INTERVAL '1 02:03:04.5' DAY TO SECOND"), '2020-01-02 02:03:04.5');
    assert.match(await fails("INTERVAL '12 -10' DAY TO HOUR"), /Invalid INTERVAL DAY TO HOUR value: 12 -10/);
    assert.match(await fails("INTERVAL '45' MINUTE TO HOUR"), /Invalid interval qualifier: MINUTE TO HOUR/);
  });

  test('intervals show as Trino prints them: D HH:MM:SS.mmm and Y-M', async () => {
    assert.equal(await value("INTERVAL '124-30' YEAR TO MONTH"), '126-6');
    assert.equal(await value("INTERVAL '1 02:03:04.5' DAY TO SECOND"), '1 02:03:04.500');
    assert.equal(await value("INTERVAL '3' DAY"), '3 00:00:00.000');
    assert.equal(await value("-INTERVAL '90' SECOND"), '-0 00:01:30.000');
  });
});

describe('CAST(x AS varchar) writes what Athena writes', () => {
  test('a double in scientific notation with its shortest digits; NaN and Infinity by name', async () => {
    assert.equal(await value('CAST(37.7E0 AS varchar)'), '3.77E1');
    assert.equal(await value('CAST(12e2 AS varchar)'), '1.2E3');
    assert.equal(await value('CAST(1.0E0 AS varchar)'), '1.0E0');
    assert.equal(await value('CAST(-12345678.9e0 AS varchar)'), '-1.23456789E7');
    assert.equal(await value('CAST(0.001E0 AS varchar)'), '1.0E-3');
    assert.equal(await value('CAST(0e0 AS varchar)'), '0E0');
    assert.equal(await value('CAST(nan() AS varchar)'), 'NaN');
    assert.equal(await value('CAST(-infinity() AS varchar)'), '-Infinity');
  });

  test('an interval as D HH:MM:SS.mmm or Y-M; other types unchanged', async () => {
    assert.equal(await value("CAST(INTERVAL '1 02:03:04.5' DAY TO SECOND AS varchar)"), '1 02:03:04.500');
    assert.equal(await value("CAST(INTERVAL '124-30' YEAR TO MONTH AS varchar)"), '126-6');
    assert.equal(await value('CAST(42 AS varchar)'), '42');
    assert.equal(await value("CAST(DECIMAL '1.50' AS varchar)"), '1.50');
    assert.equal(await value("CAST(DATE '2020-01-02' AS varchar)"), '2020-01-02');
    assert.equal(await value("'row ' || CAST(7 AS varchar)"), 'row 7');
  });

  test('JSON unwraps its scalar (a string, a number as a double prints, null is NULL); varchar(n) cuts text and refuses numbers that do not fit', async () => {
    assert.equal(await value(`CAST(JSON '"test"' AS varchar)`), 'test');
    assert.equal(await value("CAST(JSON '128.9' AS varchar)"), '1.289E2');
    assert.equal(await value("CAST(JSON 'null' AS varchar)"), null);
    assert.match(await fails("CAST(JSON '[1, 2]' AS varchar)"), /Cannot cast JSON array to varchar/);
    assert.equal(await value("CAST('banana' AS varchar(3))"), 'ban');
    assert.equal(await value('CAST(12 AS varchar(5))'), '12');
    assert.match(await fails('CAST(123 AS varchar(2))'), /Value 123 cannot be represented as varchar\(2\)/);
  });
});

describe('EXTRACT, element_at, sequence steps and text timestamps, as Trino', () => {
  test("EXTRACT(DOW) is ISO (Sunday is 7); a field Trino lacks is refused", async () => {
    assert.equal(Number(await value("EXTRACT(DOW FROM TIMESTAMP '2020-05-10 12:34:56')")), 7);
    assert.equal(Number(await value("EXTRACT(YEAR_OF_WEEK FROM DATE '2021-01-01')")), 2020);
    assert.match(await fails("EXTRACT(MILLISECOND FROM TIMESTAMP '2020-05-10 12:34:56')"), /Invalid EXTRACT field MILLISECOND/);
  });

  test('element_at(array, 0) fails; a sequence stepping away from its stop fails', async () => {
    assert.match(await fails('element_at(ARRAY[1, 2, 3], 0)'), /SQL array indices start at 1/);
    assert.equal(Number(await value('element_at(ARRAY[1, 2, 3], -1)')), 3);
    assert.match(await fails('sequence(2, -1, 1)'), /sequence stop value should be greater than or equal to start value/);
    assert.match(await fails("sequence(DATE '2018-01-01', DATE '2018-01-04', INTERVAL '18' HOUR)"), /step must be a day interval/);
    assert.match(await fails(`concat(${Array.from({ length: 255 }, () => "'x'").join(', ')})`), /Too many arguments for function call concat/);
    assert.match(await fails("CAST('12:34:56.1111111111111' AS TIME(3))"), /Value cannot be cast to time/);
    assert.equal(await value('sequence(1, 7, 3)'), JSON.stringify(['1', '4', '7']));
  });

  test("text with an ISO 'T' is not a timestamp for Athena: CAST fails, TRY_CAST is NULL", async () => {
    assert.match(await fails("CAST('2020-05-10T12:34:56' AS TIMESTAMP)"), /Value cannot be cast to timestamp: 2020-05-10T12:34:56/);
    assert.equal(await value("TRY_CAST('2020-05-10T12:34:56' AS TIMESTAMP)"), null);
    assert.equal(await value("CAST('2020-05-10 12:34:56' AS TIMESTAMP)"), '2020-05-10 12:34:56.000');
    assert.equal(await value("CAST(DATE '2020-01-02' AS TIMESTAMP)"), '2020-01-02 00:00:00.000');
  });
});

describe('integer overflow fails, as Trino (never wraps)', () => {
  test('addition, subtraction, multiplication and negation past the type fail', async () => {
    assert.match(await fails('2147483647 + 1'), /Overflow/i);
    assert.match(await fails("TINYINT '127' + TINYINT '1'"), /Overflow/i);
    assert.match(await fails("SMALLINT '-32768' - SMALLINT '1'"), /Overflow/i);
    assert.match(await fails('9223372036854775807 * 2'), /Overflow/i);
    assert.match(await fails("-BIGINT '-9223372036854775808'"), /Overflow|out of range/i);
    assert.equal(String(await value('2147483647 + BIGINT \'1\'')), '2147483648');
    assert.match(await fails("round(TINYINT '127', -1)"), /out of range for tinyint/);
    assert.match(await fails('round(2147483647, -100)'), /out of range for integer/);
    assert.equal(Number(await value('round(15, -1)')), 20);
    assert.equal(await value('round(infinity(), -1000)'), 'Infinity');
  });
});

describe("date_parse as Trino's timestamp(3)", () => {
  test('1970 when the format has no year, %y as 20yy, fractions cut to milliseconds', async () => {
    assert.equal(await value("date_parse('13:45', '%H:%i')"), '1970-01-01 13:45:00.000');
    assert.equal(await value("date_parse('31-MAY-69 04.59.59.999000 AM', '%d-%b-%y %l.%i.%s.%f %p')"), '2069-05-31 04:59:59.999');
    assert.equal(await value("date_parse('1.2006', '%s.%f')"), '1970-01-01 00:00:01.200');
    assert.equal(await value("date_parse('2024-01-31 13:45:10', '%Y-%m-%d %H:%i:%s')"), '2024-01-31 13:45:10.000');
  });
});

describe('array, regexp and JSON functions Athena has', () => {
  test('arrays_overlap (NULL when undecidable), repeat, regexp_count, regexp_position', async () => {
    assert.equal(await value('arrays_overlap(ARRAY[1, 2], ARRAY[2, 3])'), true);
    assert.equal(await value('arrays_overlap(ARRAY[1, NULL], ARRAY[2, 3])'), null);
    assert.equal(await value('arrays_overlap(ARRAY[], ARRAY[NULL])'), false);
    assert.equal(await value("repeat('x', 3)"), JSON.stringify(['x', 'x', 'x']));
    assert.match(await fails('repeat(1, 10001)'), /less than or equal to 10000/);
    assert.equal(Number(await value("regexp_count('a1b2346c3d', '\\d+')")), 3);
    assert.equal(Number(await value("regexp_position('bobcat cat', '\\bcat')")), 8);
    assert.equal(Number(await value("regexp_position('abc', 'x')")), -1);
  });

  test('json_size and json_array_contains match values of the same JSON kind only', async () => {
    assert.equal(Number(await value(`json_size('{"x": {"a": 1, "b": [1, 2, 3]}}', '$.x')`)), 2);
    assert.equal(Number(await value(`json_size('{"x": {"a": 1}}', '$.x.a')`)), 0);
    assert.match(await fails(`json_size('{"": ""}', '')`), /Invalid JSON path/);
    assert.equal(await value("json_array_contains('[1, 2]', 2)"), true);
    assert.equal(await value("json_array_contains('[1]', 1.0)"), false);
    assert.equal(await value("json_array_contains('[1.5]', 1.5)"), true);
    assert.equal(await value(`json_array_contains('["a", [1]]', 'a')`), true);
    assert.equal(await value("json_array_contains('[[true]]', true)"), false);
    assert.equal(await value("json_array_get('[2, 7, 4, 6, 8, 1, 0]', -2)"), '1');
    assert.equal(await value(`json_array_get('["jhfa", null]', 0)`), 'jhfa');
    assert.equal(await value(`json_array_get('["jhfa", null]', 1)`), null);
    assert.equal(await value("json_array_get('[1, 3]', 5)"), null);
    assert.equal(await value('format_number(12345)'), '12.3K');
    assert.equal(await value('format_number(-999999)'), '-1000K');
    assert.equal(await value('format_number(999)'), '999');
  });
});

describe("Trino's array(T) types, truncate(x, n) and concat_ws over an array", () => {
  test('CAST(x AS array(T)) reads as DuckDB T[]; JSON to arrays of text is refused rather than written differently', async () => {
    assert.equal(await value('CAST(ARRAY[1, NULL, 3] AS array(integer))'), JSON.stringify([1, null, 3]));
    assert.equal(await value('CAST(ARRAY[ARRAY[1], ARRAY[2, 3]] AS array(array(double)))'), JSON.stringify([[1], [2, 3]]));
    assert.equal(await value("CAST(JSON '[1, null, 3]' AS array(bigint))"), JSON.stringify(['1', null, '3']));
    assert.match(await fails(`CAST(JSON '["a", 12.3]' AS array(varchar))`), /cannot cast JSON to this array type/);
    assert.match(await fails("CAST(MAP(ARRAY[1], ARRAY[REAL '3.14']) AS JSON)"), /floating-point numbers in JSON/);
    // Division and concat rewrites still apply in a statement with array types.
    assert.match(await fails('cardinality(CAST(ARRAY[1] AS array(integer))) / 0'), /Division by zero/);
  });

  test('truncate(decimal, n) keeps the value Trino keeps; concat_ws joins an array, NULL for a NULL array', async () => {
    assert.equal(await value("truncate(DECIMAL '1234.56', -1)"), '1230');
    assert.equal(await value("truncate(DECIMAL '-1234.56', 1)"), '-1234.5');
    assert.equal(await value("concat_ws(',', ARRAY['abc', NULL, 'def'])"), 'abc,def');
    assert.equal(await value("concat_ws(',', CAST(NULL AS array(varchar)))"), null);
    assert.equal(await value("concat_ws('-', 'a', NULL, 'b')"), 'a-b');
  });
});

describe('strpos with an instance, and parse_duration', () => {
  test('the n-th occurrence, from the end when n < 0; durations as intervals to the millisecond', async () => {
    assert.equal(Number(await value("strpos('abc/xyz/foo/bar', '/', 3)")), 12);
    assert.equal(Number(await value("strpos('abc/xyz/foo/bar', '/', -3)")), 4);
    assert.equal(Number(await value("strpos('abc/xyz/foo/bar', '/', -4)")), 0);
    assert.equal(await value("parse_duration('1234.567 ms')"), '0 00:00:01.235');
    assert.equal(await value("parse_duration('1234h')"), '51 10:00:00.000');
    assert.match(await fails("parse_duration('abc')"), /not a valid data duration string: abc/);
  });
});

describe("string functions' edges, as Trino", () => {
  test('lpad/rpad refuse an empty pad or a negative length; codepoint takes one character; concat_ws takes text; split checks its limit', async () => {
    assert.equal(await value("lpad('abc', 5, 'x')"), 'xxabc');
    assert.match(await fails("lpad('abc', 3, '')"), /Padding string must not be empty/);
    assert.match(await fails("rpad('abc', -1, 'foo')"), /Target length must be in the range/);
    assert.match(await fails("codepoint('')"), /single character/);
    assert.match(await fails("concat_ws(',', 1, 15)"), /concat_ws takes varchar/);
    assert.match(await fails("split('a.b.c', '.', 0)"), /Limit must be positive/);
    assert.equal(await value("CAST(DECIMAL '-0.1' AS varchar)"), '-0.1');
    assert.equal(Number(await value("levenshtein_distance('hello naïve world', 'hello naive world')")), 1);
  });
});

describe('array_intersect, array_except, ngrams and width_bucket, as Trino', () => {
  test('set functions keep first appearances in order; ngrams slide; width_bucket counts as Trino does', async () => {
    assert.equal(await value('array_intersect(ARRAY[2.3, 2.3, 2.2], ARRAY[2.2, 2.3])'), JSON.stringify(['2.3', '2.2']));
    assert.equal(await value('array_except(ARRAY[true, false, NULL], ARRAY[true])'), JSON.stringify([false, null]));
    assert.equal(await value('ngrams(ARRAY[1, 2, 3], 2)'), JSON.stringify([[1, 2], [2, 3]]));
    assert.equal(await value("ngrams(ARRAY['a', 'b'], 5)"), JSON.stringify([['a', 'b']]));
    assert.equal(Number(await value('width_bucket(3.14E0, 0, 4, 3)')), 3);
    assert.equal(Number(await value('width_bucket(2, 4, 0, 3)')), 2);
    assert.equal(Number(await value('width_bucket(3.14E0, ARRAY[0.0E0, 2.0E0, 4.0E0])')), 2);
    assert.match(await fails('width_bucket(1, ARRAY[2.0E0, 1.0E0])'), /not sorted in ascending order/);
  });
});

describe('bitwise functions, as Trino', () => {
  test('and, or, xor, not over bigint; bit_count of an n-bit two\'s complement, refusing what does not fit', async () => {
    assert.equal(Number(await value('bitwise_and(-4, 12)')), 12);
    assert.equal(Number(await value('bitwise_or(3, 8)')), 11);
    assert.equal(Number(await value('bitwise_xor(60, 21)')), 41);
    assert.equal(Number(await value('bitwise_not(8)')), -9);
    assert.equal(Number(await value('bit_count(-8, 64)')), 61);
    assert.equal(Number(await value('bit_count(-2147483648, 32)')), 1);
    assert.match(await fails('bit_count(2147483648, 32)'), /cannot be represented with 32 bits/);
    assert.match(await fails('bit_count(1, 65)'), /between 2 and 64/);
  });
});

describe('what the local engine cannot run yet says how to get there', () => {
  test('a typed Trino function over an aggregate names the function and the subquery that works', async () => {
    const message = await fails("date_add('hour', 1, max(ts)) FROM (VALUES (TIMESTAMP '2020-01-01 10:30:00')) t(ts) --");
    assert.match(message, /cannot apply date_add directly to an aggregate.*compute that value in a subquery first/);
    assert.equal(await value("date_add('hour', 1, m) FROM (SELECT max(ts) AS m FROM (VALUES (TIMESTAMP '2020-01-01 10:30:00')) t(ts)) --"), '2020-01-01 11:30:00');
  });

  test('date_trunc works over an aggregate and keeps a date a date (weeks from Monday, quarters from January)', async () => {
    assert.equal(await value("date_trunc('hour', max(ts)) FROM (VALUES (TIMESTAMP '2020-01-01 10:30:00')) t(ts) --"), '2020-01-01 10:00:00');
    assert.equal(await value("date_trunc('month', min(d)) FROM (VALUES (DATE '2020-02-17')) t(d) --"), '2020-02-01');
    assert.equal(await value("date_trunc('week', DATE '2024-03-17')"), '2024-03-11');
    assert.equal(await value("date_trunc('quarter', TIMESTAMP '2024-05-15 10:00:00')"), '2024-04-01 00:00:00');
    assert.equal(await value("date_trunc('year', DATE '1999-05-15')"), '1999-01-01');
    assert.equal((await ok(engine, "SELECT date_trunc('month', DATE '2024-03-15') AS v")).columns[0]?.type, 'date');
  });

  test('DuckDB syntax errors on valid Athena SQL say the engine lacks it', async () => {
    // Valid Athena SQL (a row type without field names) that DuckDB's parser refuses.
    assert.match(await fails('CAST(ROW(1, 2) AS ROW(INTEGER, INTEGER))'), /^The local engine cannot run this Athena SQL yet \(DuckDB: /);
    // A real syntax error stays one.
    assert.match(await fails('1 + + FROM'), /syntax error/i);
  });
});
