import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { rewriteOperators } from '../../src/core/sql/trinoOperators';
import { decimalLiteralType, trinoTypeEdits } from '../../src/core/sql/trinoTypes';
import { applyEdits } from '../../src/core/sql/edits';

const ops = (sql: string): string => {
  const r = rewriteOperators(sql, 'm.');
  assert.ok(r.ok);
  return r.sql;
};

test('division and modulo become macro calls that keep precedence and nesting', () => {
  assert.equal(ops('SELECT a / b / c FROM t'), 'SELECT m.__lh_divide(m.__lh_divide(a, b), c) FROM t');
  assert.equal(ops('SELECT 1 + x / (y - 1) % 3'), 'SELECT 1 + m.__lh_modulo(m.__lh_divide(x, (y - 1)), 3)');
  assert.equal(ops('SELECT f(a/b) FROM t WHERE x IN (SELECT c % d FROM u)'), 'SELECT f(m.__lh_divide(a, b)) FROM t WHERE x IN (SELECT m.__lh_modulo(c, d) FROM u)');
  assert.equal(ops('SELECT a * b FROM t'), 'SELECT a * b FROM t');
});

test('concat becomes || (NULL in, NULL out); a single argument is refused as in Trino', () => {
  assert.equal(ops("SELECT concat(a, 'x', concat(b, c)) FROM t"), "SELECT (a || 'x' || (b || c)) FROM t");
  const one = rewriteOperators("SELECT concat('a')");
  assert.ok(!one.ok && /two or more/.test(one.message));
  // Text the parser does not read is left alone.
  assert.equal(ops('SELECT FROM WHERE / 2'), 'SELECT FROM WHERE / 2');
});

test("decimal literal types follow Trino: every digit, no leading zeros", () => {
  assert.deepEqual(decimalLiteralType('123.45'), { precision: 5, scale: 2 });
  assert.deepEqual(decimalLiteralType('.1234567890123456'), { precision: 16, scale: 16 });
  assert.deepEqual(decimalLiteralType('00000000038.0000000000000000000001'), { precision: 24, scale: 22 });
  assert.deepEqual(decimalLiteralType('-0'), { precision: 1, scale: 0 });
  assert.equal(decimalLiteralType('1e3'), undefined);
});

test('type rewrites: decimal literals, CAST to DECIMAL, TIMESTAMP and TIME precision', () => {
  const types = (sql: string): string => {
    const r = trinoTypeEdits(sql, 'm.');
    assert.ok(r.ok, r.ok ? '' : r.message);
    return applyEdits(sql, r.edits);
  };
  assert.equal(types("SELECT DECIMAL '1.50'"), "SELECT CAST('1.50' AS DECIMAL(3,2))");
  assert.equal(types('SELECT CAST(x AS decimal), CAST(y AS decimal(10,2))'), 'SELECT CAST(m.__lh_decimal_operand(x ) AS DECIMAL(38,0)), CAST(m.__lh_decimal_operand(y ) AS decimal(10,2))');
  assert.equal(types('SELECT CAST(x AS TIMESTAMP)'), 'SELECT m.__lh_round_timestamp(CAST(m.__lh_timestamp_text(false, x ) AS TIMESTAMP), 3)');
  assert.equal(types('SELECT TRY_CAST(x AS time(0))'), 'SELECT m.__lh_round_time(TRY_CAST(x AS TIME), 0)');
  assert.equal(types('SELECT CAST(x AS timestamp(6)), CAST(x AS timestamp with time zone)'), 'SELECT CAST(m.__lh_timestamp_text(false, x ) AS TIMESTAMP), CAST(x AS timestamp with time zone)');
  assert.equal(types('SELECT 1 AS decimal'), 'SELECT 1 AS decimal');
  const refused = trinoTypeEdits("SELECT TIMESTAMP '2020-01-01 00:00:00.1234567'");
  assert.ok(!refused.ok && /microsecond/.test(refused.message));
});
