import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { athenaColumnNames, timestampDigits } from '../../src/core/sql/outputNames';
import type { ColumnTypes } from '../../src/core/sql/staticTypes';
import { timestampText } from '../../src/engines/local/executions';

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

describe("a timestamp column's digits, as Athena writes a timestamp(p)", () => {
  // A Hive table's ts is timestamp(3), an Iceberg table's its timestamp(6).
  const columns: ColumnTypes = (parts) => {
    const name = parts[parts.length - 1];
    return name === 'ts' ? { k: 'timestamp', p: 3 } : name === 'its' ? { k: 'timestamp', p: 6 } : name === 'n' ? { k: 'int', p: 10 } : undefined;
  };
  test('from the select list: columns, casts, literals, date_trunc, ± interval; unknown elsewhere', () => {
    assert.deepEqual(
      timestampDigits("SELECT ts, its, CAST(x AS timestamp), TIMESTAMP '2024-01-01 00:00:00', date_trunc('day', ts), ts + INTERVAL '1' HOUR, n, y FROM t", ['ts', 'its', 'a', 'b', 'c', 'd', 'n', 'y'], columns),
      [3, 6, 3, 0, 3, 3, undefined, undefined],
    );
  });
  test('a * expands by the names the engine gave; items after it keep their places', () => {
    assert.deepEqual(timestampDigits('SELECT *, ts AS t2 FROM t', ['n', 'ts', 'its', 'x', 't2'], columns), [undefined, 3, 6, undefined, 3]);
    assert.deepEqual(timestampDigits('SELECT ts FROM a UNION ALL SELECT ts FROM b', ['ts'], columns), [undefined]);
    assert.deepEqual(timestampDigits('SELECT FROM WHERE', ['a'], columns), [undefined]);
  });
  test("the text gets the digits DuckDB leaves out, never loses any", () => {
    assert.equal(timestampText('2024-01-31 10:11:12.5', 3), '2024-01-31 10:11:12.500');
    assert.equal(timestampText('2024-01-31 10:11:12', 3), '2024-01-31 10:11:12.000');
    assert.equal(timestampText('2024-01-31 10:11:12', 6), '2024-01-31 10:11:12.000000');
    assert.equal(timestampText('2024-01-31 10:11:12.123456', 3), '2024-01-31 10:11:12.123456');
    assert.equal(timestampText('2024-01-31 10:11:12', 0), '2024-01-31 10:11:12');
    assert.equal(timestampText('-0001-01-31 10:11:12.5', 3), '-0001-01-31 10:11:12.500');
    assert.equal(timestampText(null, 3), null);
  });
});
