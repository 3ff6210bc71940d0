import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERDE, type Table } from '../../src/core/catalog/model';
import { planQueryScan, type ScanPlan } from '../../src/core/cost/scanPlan';
import { parseQuery, QueryParseError } from '../../src/core/sql/queryAst';

const table = (database: string, name: string, columns: string[], keys: string[] = [], viewText?: string): Table => ({
  database,
  name,
  tableType: viewText ? 'VIRTUAL_VIEW' : 'EXTERNAL_TABLE',
  storage: { columns: columns.map((c) => ({ name: c, type: 'string' })), serde: { serializationLibrary: SERDE.parquet, parameters: {} }, location: `s3://b/${name}/` },
  partitionKeys: keys.map((k) => ({ name: k, type: 'string' })),
  parameters: {},
  ...(viewText ? { viewText } : {}),
});

const catalog = new Map<string, Table>(
  [
    table('db', 'sales', ['id', 'amount', 'region', 'note'], ['year', 'month']),
    table('db', 'budgets', ['region', 'budget'], ['year']),
    table('db', 'archive', ['id', 'amount', 'region', 'note'], ['year', 'month']),
    table('db', 'both', [], [], "SELECT id, amount, year FROM db.sales UNION ALL SELECT id, amount, year FROM db.archive"),
    table('db', 'ranked', [], [], 'SELECT id, year, rank() OVER (ORDER BY amount) AS r FROM db.sales'),
  ].map((t) => [`${t.database}.${t.name}`, t]),
);

const plan = (sql: string): Promise<ScanPlan> => planQueryScan(sql, 'db', (d, n) => Promise.resolve(catalog.get(`${d}.${n}`.toLowerCase())));
const summary = (p: ScanPlan): string[] => p.scans.map((s) => `${s.table.name}[${s.columns.join(',')}]${s.expression ? ` where ${s.expression}` : ''}`);

test('columns: only what the query references reaches the base table, through subqueries and CTEs', async () => {
  assert.deepEqual(summary(await plan('SELECT count(*) FROM sales')), ['sales[]']);
  assert.deepEqual(summary(await plan('SELECT * FROM sales')), ['sales[id,amount,region,note]']);
  assert.deepEqual(summary(await plan('SELECT s.* FROM sales s JOIN budgets b USING (region)')), ['sales[id,amount,region,note]', 'budgets[region]']);
  // A subquery column nobody reads costs nothing; one used in a filter does.
  assert.deepEqual(summary(await plan('SELECT id FROM (SELECT id, note, amount FROM sales) t WHERE amount > 1')), ['sales[id,amount]']);
  assert.deepEqual(summary(await plan('WITH a AS (SELECT id, note FROM sales) SELECT count(*) FROM a')), ['sales[]']);
  // DISTINCT and UNION (without ALL) read every output column.
  assert.deepEqual(summary(await plan('SELECT count(*) FROM (SELECT DISTINCT id, note FROM sales)')), ['sales[id,note]']);
  // ORDER BY names an output alias before a column of the same name; GROUP BY 1 the first item.
  assert.deepEqual(summary(await plan('SELECT upper(region) AS note FROM sales GROUP BY 1 ORDER BY note')), ['sales[region]']);
  // A lambda's parameter is not a column.
  assert.deepEqual(summary(await plan('SELECT transform(ARRAY[1], note -> note + 1) FROM sales')), ['sales[]']);
  // Struct fields read their column; a correlated subquery reads the outer table's column.
  assert.deepEqual(summary(await plan('SELECT s.note.city FROM sales s')), ['sales[note]']);
  assert.deepEqual(summary(await plan('SELECT id FROM sales s WHERE EXISTS (SELECT 1 FROM budgets b WHERE b.region = s.region)')), ['sales[id,region]', 'budgets[region]']);
});

test('partition predicates: pushed through views and set operations, across equalities, but not into the preserved side of an outer join', async () => {
  assert.deepEqual(summary(await plan("SELECT count(*) FROM both WHERE year = '2024'")), ["sales[] where year = '2024'", "archive[] where year = '2024'"]);
  assert.deepEqual(summary(await plan("SELECT b.budget FROM sales s JOIN budgets b ON b.year = s.year WHERE s.year IN ('2023', '2024')")), [
    "sales[] where year IN ('2023', '2024')",
    "budgets[budget] where year IN ('2023', '2024')",
  ]);
  // LEFT JOIN: the ON clause narrows the right side only.
  assert.deepEqual(summary(await plan("SELECT s.id FROM sales s LEFT JOIN budgets b ON b.region = s.region AND b.year = '2024' AND s.year = '2020'")), ['sales[id,region]', "budgets[region] where year = '2024'"]);
  // A window function between the filter and the table stops the pushdown.
  assert.deepEqual(summary(await plan("SELECT id FROM ranked WHERE year = '2024'")), ['sales[id]']);
  // A LIMIT in a subquery does too.
  assert.deepEqual(summary(await plan("SELECT id FROM (SELECT id, year FROM sales LIMIT 10) WHERE year = '2024'")), ['sales[id]']);
  // Reversed comparisons, dates and NOT.
  assert.deepEqual(summary(await plan("SELECT 1 FROM sales WHERE '2024' <= year AND NOT (month = '01')")), ["sales[] where (year >= '2024') AND (NOT (month = '01'))"]);
  const f = await plan("SELECT 1 FROM sales WHERE concat(year, month) = '202401'");
  assert.equal(f.scans[0]?.expression, undefined);
  assert.match(f.scans[0]?.warnings[0] ?? '', /function around partition key year/);
});

test('unknown tables are reported, and text the parser cannot read is an error with its place', async () => {
  const p = await plan('SELECT * FROM nowhere JOIN sales ON true');
  assert.deepEqual(p.missing, ['db.nowhere']);
  assert.throws(() => parseQuery('SELECT FROM WHERE'), (e: unknown) => e instanceof QueryParseError && e.offset === 7);
  for (const sql of [
    "SELECT a FROM t WHERE x BETWEEN 1 AND 2 AND y NOT IN (1, 2) AND z NOT LIKE 'a%' ESCAPE '\\' AND w IS NOT NULL",
    'SELECT CAST(a AS decimal(10, 2)), TRY_CAST(b AS array(row(x int))), EXTRACT(year FROM d), a[1], INTERVAL \'1\' DAY FROM t',
    'SELECT sum(a) FILTER (WHERE b > 1) OVER (PARTITION BY c ORDER BY d ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t',
    'SELECT * FROM t CROSS JOIN UNNEST(arr) WITH ORDINALITY AS u(x, n) LEFT JOIN LATERAL (SELECT 1 AS y) l ON true',
    'SELECT a FROM t GROUP BY GROUPING SETS ((a), (a, b), ()) HAVING count(*) > 1 ORDER BY 1 DESC NULLS LAST OFFSET 2 LIMIT 3',
    "VALUES (1, 'a'), (2, 'b')",
    'SELECT CASE WHEN a THEN 1 ELSE 2 END, DATE \'2024-01-01\', TIMESTAMP \'2024-01-01 00:00:00\' AT TIME ZONE \'UTC\', current_date FROM t',
    '(SELECT 1) UNION (SELECT 2) INTERSECT SELECT 3 EXCEPT SELECT 4',
  ]) {
    assert.doesNotThrow(() => parseQuery(sql), sql);
  }
});
