import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { athenaTypeName } from '../../src/engines/local/types';

test('DuckDB type names map to Athena type names', () => {
  const cases: [string, string][] = [
    ['INTEGER', 'integer'],
    ['BIGINT', 'bigint'],
    ['VARCHAR', 'varchar'],
    ['DOUBLE', 'double'],
    ['FLOAT', 'real'],
    ['BOOLEAN', 'boolean'],
    ['DATE', 'date'],
    ['TIMESTAMP', 'timestamp'],
    ['DECIMAL(18,3)', 'decimal(18,3)'],
    ['VARCHAR[]', 'array(varchar)'],
    ['INTEGER[][]', 'array(array(integer))'],
    ['MAP(VARCHAR, INTEGER)', 'map(varchar, integer)'],
    ['STRUCT(a INTEGER, "b c" VARCHAR[])', 'row(a integer, "b c" array(varchar))'],
  ];
  for (const [duck, athena] of cases) assert.equal(athenaTypeName(duck), athena, duck);
});
