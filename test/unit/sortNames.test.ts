import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { bindSortNames } from '../../src/core/sql/sortNames';

test('an output name inside an ORDER BY expression reads as its select item, as in Trino', () => {
  assert.equal(bindSortNames('SELECT -x AS x FROM t ORDER BY x + 0'), 'SELECT -x AS x FROM t ORDER BY (-x) + 0');
  assert.equal(bindSortNames('SELECT g, count(*) AS n FROM t GROUP BY g ORDER BY abs(n - 3) DESC, g'), 'SELECT g, count(*) AS n FROM t GROUP BY g ORDER BY abs((count(*)) - 3) DESC, g');
  // In a CTE, a subquery in FROM and a scalar subquery alike.
  assert.equal(
    bindSortNames('WITH c AS (SELECT -x AS x FROM t ORDER BY x * 2 LIMIT 3) SELECT (SELECT -y AS y FROM u ORDER BY y + 1 LIMIT 1) FROM c'),
    'WITH c AS (SELECT -x AS x FROM t ORDER BY (-x) * 2 LIMIT 3) SELECT (SELECT -y AS y FROM u ORDER BY (-y) + 1 LIMIT 1) FROM c',
  );
});

test('left alone: a bare name, a qualified column, an output that is its own column, two outputs of one name, a lambda parameter', () => {
  for (const sql of [
    'SELECT -x AS x FROM t ORDER BY x',
    'SELECT -x AS x FROM t ORDER BY t.x + 0',
    'SELECT t.x AS x FROM t ORDER BY x + 0',
    'SELECT -x AS x, x + 1 AS x FROM t ORDER BY x + 0',
    'SELECT -x AS x FROM t ORDER BY cardinality(filter(a, x -> x > 0))',
    'SELECT -x AS y FROM t ORDER BY x + 0',
    'not SQL at all',
  ])
    assert.equal(bindSortNames(sql), sql, sql);
});
