import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregatedResult } from '../../src/core/sql/resultShape';

test('a result is aggregated when its outer SELECT groups or aggregates every row into one', () => {
  for (const sql of [
    'SELECT region, sum(cost) FROM t GROUP BY region ORDER BY 2 DESC',
    'SELECT count(*), max(ts) FROM t WHERE x > 1',
    '(SELECT count_if(ok) FROM t)',
    'WITH a AS (SELECT * FROM t) SELECT k, count(*) FROM a GROUP BY k',
  ])
    assert.equal(aggregatedResult(sql), true, sql);
  for (const sql of [
    'SELECT * FROM t',
    'SELECT x, count(*) OVER (PARTITION BY k) FROM t',
    'SELECT count(*), x FROM t',
    'SELECT * FROM (SELECT k, count(*) FROM t GROUP BY k) ORDER BY k',
    'SELECT k FROM t UNION ALL SELECT count(*) FROM u',
    'SELEC nonsense',
  ])
    assert.equal(aggregatedResult(sql), false, sql);
});
