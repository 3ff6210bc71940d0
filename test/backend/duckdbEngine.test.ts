import * as assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DuckDBEngine } from '../../src/engines/local/duckdbEngine';

const engine = new DuckDBEngine(':memory:');
after(() => engine.dispose());

test('runs a query in real DuckDB and reports Athena types', async () => {
  const outcome = await engine.execute(
    "SELECT 42::BIGINT AS n, 'x' AS s, NULL::VARCHAR AS nothing, '' AS empty, 1.25::DECIMAL(10,2) AS money, DATE '2024-03-01' AS d, [1, 2] AS list, true AS flag",
    { maxRows: 10 },
  );
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  const { result } = outcome;
  assert.deepEqual(
    result.columns.map((c) => c.type),
    ['bigint', 'varchar', 'varchar', 'varchar', 'decimal(10,2)', 'date', 'array(integer)', 'boolean'],
  );
  assert.deepEqual(result.rows, [['42', 'x', null, '', '1.25', '2024-03-01', '[1,2]', true]]);
  assert.equal(result.truncated, false);
  assert.ok(result.stats.elapsedMs >= 0);
});

test('caps the rows held in memory and says the result was cut', async () => {
  const outcome = await engine.execute('SELECT * FROM range(100000)', { maxRows: 500 });
  assert.ok(outcome.ok);
  assert.equal(outcome.result.rows.length, 500);
  assert.equal(outcome.result.truncated, true);
});

test('SQL the engine rejects is an expected failure, not an exception', async () => {
  const outcome = await engine.execute('SELECT * FROM no_such_table', { maxRows: 10 });
  assert.equal(outcome.ok, false);
  if (!outcome.ok) {
    assert.equal(outcome.cancelled, false);
    assert.match(outcome.message, /no_such_table/);
  }
  const next = await engine.execute('SELECT 1 AS still_works', { maxRows: 10 });
  assert.ok(next.ok, 'the engine keeps working after an error');
});

test('an aborted signal interrupts a long query and reports it as cancelled', async () => {
  const abort = new AbortController();
  const started = performance.now();
  const run = engine.execute('SELECT count(*) FROM range(10000000000) a WHERE a.range % 7 = 3', { maxRows: 10, signal: abort.signal });
  setTimeout(() => abort.abort(), 300);
  const outcome = await run;
  assert.equal(outcome.ok, false);
  if (!outcome.ok) assert.equal(outcome.cancelled, true);
  assert.ok(performance.now() - started < 20_000, 'cancel returns promptly');
});

test('concurrent callers are served in order on one connection', async () => {
  const results = await Promise.all([1, 2, 3].map((i) => engine.execute(`SELECT ${i} AS i`, { maxRows: 1 })));
  assert.deepEqual(
    results.map((r) => (r.ok ? r.result.rows[0]?.[0] : 'failed')),
    [1, 2, 3],
  );
});
