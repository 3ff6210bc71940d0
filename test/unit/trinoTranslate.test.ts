import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { jodaToStrftime, mysqlToStrftime } from '../../src/core/sql/dateFormats';
import { findFunctionCalls } from '../../src/core/sql/functionCalls';
import { translateFunctions } from '../../src/core/sql/trinoFunctions';

const calls = (sql: string): string[] => findFunctionCalls(sql).map((c) => c.name.toLowerCase());

test('finds function calls, not aliases, CTE columns, types or syntax', () => {
  assert.deepEqual(calls('SELECT count(*), sum(x) FROM t'), ['count', 'sum']);
  assert.deepEqual(calls('SELECT a FROM (VALUES (1)) AS t(a) JOIN u v(b) ON true'), []);
  assert.deepEqual(calls('WITH c(n) AS (SELECT 1), d AS (SELECT 2) SELECT * FROM c'), []);
  assert.deepEqual(calls('SELECT CAST(x AS decimal(10, 2)), TRY_CAST(y AS varchar(3)) FROM t WHERE z IN (1, 2) AND EXISTS (SELECT 1)'), []);
  assert.deepEqual(calls("SELECT transform(a, x -> upper(x)), 'lower(not a call)' FROM t -- abs(1)"), ['transform', 'upper']);
  assert.deepEqual(calls('SELECT "count"(1), t.f(2) FROM range(3)'), ['range']);
  assert.deepEqual(calls('SELECT row_number() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t'), ['row_number']);
});

test('translation renames mapped calls and converts format literals', () => {
  const t = translateFunctions("SELECT date_parse(s, '%Y-%m-%d %H:%i:%s'), cardinality(a), abs(b) FROM t", '__lh_');
  assert.ok(t.ok);
  if (t.ok) assert.equal(t.sql, "SELECT __lh_date_parse(s, '%Y-%m-%d %H:%M:%S'), __lh_cardinality(a), abs(b) FROM t");
});

test('translation refuses unknown functions and non-literal formats, naming them', () => {
  const unknown = translateFunctions('SELECT 1 + frob(2)');
  assert.equal(unknown.ok, false);
  if (!unknown.ok) {
    assert.match(unknown.message, /'frob'/);
    assert.equal(unknown.offset, 'SELECT 1 + '.length);
  }
  const dynamic = translateFunctions('SELECT date_parse(s, fmt) FROM t');
  assert.equal(dynamic.ok, false);
  if (!dynamic.ok) assert.match(dynamic.message, /date_parse needs its format as a string literal/);
});

test('MySQL-style and Joda formats become strftime formats', () => {
  assert.equal(mysqlToStrftime('%Y-%m-%d %H:%i:%s'), '%Y-%m-%d %H:%M:%S');
  assert.equal(mysqlToStrftime('%M %e, %Y %T %%'), '%B %-d, %Y %H:%M:%S %%');
  assert.throws(() => mysqlToStrftime('%Q'), /%Q is not supported/);
  assert.equal(jodaToStrftime("yyyy-MM-dd'T'HH:mm:ss.SSS"), '%Y-%m-%dT%H:%M:%S.%g');
  assert.equal(jodaToStrftime('dd/MM/yy h:mm a'), '%d/%m/%y %-I:%M %p');
  assert.throws(() => jodaToStrftime('GG yyyy'), /'GG' is not supported/);
});
