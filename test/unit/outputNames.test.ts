import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { athenaColumnNames } from '../../src/core/sql/outputNames';

describe('Athena result column names (_col<i> for an expression without an alias)', () => {
  test('a plain expression is _col<position>; aliases and column references keep their names', () => {
    assert.deepEqual(athenaColumnNames('SELECT count(*), 1 + 1 AS two, t.x, x * 2 FROM t', ['count_star()', 'two', 'x', '(x * 2)']), ['_col0', 'two', 'x', '_col3']);
  });

  test('positions count the columns a * expands to, before and after it', () => {
    assert.deepEqual(athenaColumnNames('SELECT 1, *, upper(b) FROM t', ['1', 'a', 'b', 'c', 'upper(b)']), ['_col0', 'a', 'b', 'c', '_col4']);
    // Between two stars the width of each is unknown: the engine's name stays.
    assert.deepEqual(athenaColumnNames('SELECT t.*, 1, u.* FROM t, u', ['a', '1', 'b']), ['a', '1', 'b']);
  });

  test('set operations take the first branch; VALUES is unnamed; WITH and parentheses see through', () => {
    assert.deepEqual(athenaColumnNames('SELECT a, a + 1 FROM t UNION ALL SELECT 1, 2', ['a', '(a + 1)']), ['a', '_col1']);
    assert.deepEqual(athenaColumnNames('VALUES (1, 2)', ['col0', 'col1']), ['_col0', '_col1']);
    assert.deepEqual(athenaColumnNames('WITH q AS (SELECT 1 AS x) (SELECT max(x) FROM q)', ['max(x)']), ['_col0']);
  });

  test('a statement the parser does not read keeps the engine names', () => {
    assert.deepEqual(athenaColumnNames('SELECT FROM WHERE', ['a']), ['a']);
  });
});
