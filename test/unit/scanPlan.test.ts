import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERDE, type Table } from '../../src/core/catalog/model';
import { planQueryScan, type ScanPlan } from '../../src/core/cost/scanPlan';
import { parseQuery, SqlSyntaxError } from '../../src/core/sql/queryAst';
import { astText } from './astText';

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
  assert.throws(() => parseQuery('SELECT FROM WHERE'), (e: unknown) => e instanceof SqlSyntaxError && e.offset === 7);
});

test('queries parse to the tree Trino would build (snapshots)', () => {
  const cases: [string, string][] = [
    [
      "SELECT a FROM t WHERE x BETWEEN 1 AND 2 AND y NOT IN (1, 2) AND z NOT LIKE 'a%' ESCAPE '\\' AND w IS NOT NULL",
      "(select a (from t) (where (AND (AND (AND (between x 1 2) (not-in y 1 2)) (not-like z 'a%' '\\')) (is-not-null w))))",
    ],
    [
      "SELECT CAST(a AS decimal(10, 2)), TRY_CAST(b AS array(row(x int))), EXTRACT(year FROM d), a[1], INTERVAL '1' DAY FROM t",
      "(select (cast a) (try_cast b) (extract d) (subscript a 1) (lit '1') (from t))",
    ],
    [
      'SELECT sum(a) FILTER (WHERE b > 1) OVER (PARTITION BY c ORDER BY d ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t',
      '(select (sum over a | (> b 1) c d 1) (from t))',
    ],
    [
      'SELECT * FROM t CROSS JOIN UNNEST(arr) WITH ORDINALITY AS u(x, n) LEFT JOIN LATERAL (SELECT 1 AS y) l ON true',
      '(select * (from (left-join (cross-join t (as (unnest+ordinality arr) u[x n])) (as (lateral (select (as 1 y))) l) (on true))))',
    ],
    [
      'SELECT a FROM t GROUP BY GROUPING SETS ((a), (a, b), ()) HAVING count(*) > 1 ORDER BY 1 DESC NULLS LAST OFFSET 2 LIMIT 3',
      '(query (select a (from t) (group a a b) (having (> (count *) 1))) (order 1) limited)',
    ],
    ["VALUES (1, 'a'), (2, 'b')", "(values (1 'a') (2 'b'))"],
    ['VALUES 1, 2', '(values 1 2)'],
    [
      "SELECT CASE WHEN a THEN 1 ELSE 2 END, DATE '2024-01-01', TIMESTAMP '2024-01-01 00:00:00' AT TIME ZONE 'UTC', current_date FROM t",
      "(select (case a 1 2) date'2024-01-01' (at time zone timestamp'2024-01-01 00:00:00' 'UTC') (lit CURRENT_DATE) (from t))",
    ],
    // INTERSECT binds tighter than UNION and EXCEPT, which associate to the left.
    ['(SELECT 1) UNION (SELECT 2) INTERSECT SELECT 3 EXCEPT SELECT 4', '(except (union (nested (select 1)) (intersect (nested (select 2)) (select 3))) (select 4))'],
    // NOT binds looser than a comparison and tighter than AND; AND tighter than OR.
    [
      "WITH c (n) AS (SELECT 1) SELECT x.a || 'b', t.* FROM c x JOIN u USING (n) WHERE a <= 1 OR NOT b <> 2 AND c IN (SELECT 1) AND transform(arr, v -> v + 1) IS NULL",
      "(query (with (c [n] (select 1))) (select (|| x.a 'b') t.* (from (inner-join (as c x) u (using n))) (where (OR (<= a 1) (AND (AND (not (<> b 2)) (in c (select 1))) (is-null (transform arr (lambda [v] (+ v 1)))))))))",
    ],
  ];
  for (const [sql, tree] of cases) assert.equal(astText(parseQuery(sql)), tree, sql);
});

test('Iceberg tables: predicates on any column go to the scan; FOR VERSION / TIMESTAMP AS OF names the snapshot', async () => {
  const events: Table = { ...table('db', 'events', ['id', 'ts', 'region']), parameters: { table_type: 'ICEBERG' } };
  const lookup = (d: string, n: string): Promise<Table | undefined> => Promise.resolve(`${d}.${n}`.toLowerCase() === 'db.events' ? events : catalog.get(`${d}.${n}`.toLowerCase()));
  const p = await planQueryScan("SELECT id FROM events FOR VERSION AS OF 9204528461874786831 AS e WHERE e.region = 'eu' AND upper(ts) > 'x'", 'db', lookup);
  assert.deepEqual(p.scans[0]?.expression, "region = 'eu'");
  assert.deepEqual(p.scans[0]?.asOf, { version: '9204528461874786831' }, 'every digit of a 64-bit id');
  assert.deepEqual(p.scans[0]?.warnings, [], 'no partition-key advice for a function around an Iceberg column');
  const t = await planQueryScan("SELECT count(*) FROM events FOR TIMESTAMP AS OF TIMESTAMP '2024-03-01 10:00:00 UTC'", 'db', lookup);
  assert.deepEqual(t.scans[0]?.asOf, { timestamp: '2024-03-01 10:00:00 UTC' });
  const computed = await planQueryScan('SELECT count(*) FROM events FOR TIMESTAMP AS OF current_timestamp', 'db', lookup);
  assert.match(computed.scans[0]?.warnings.join(' ') ?? '', /computed value: the current snapshot is counted/);
  const hive = await planQueryScan('SELECT count(*) FROM sales FOR VERSION AS OF 1', 'db', lookup);
  assert.match(hive.scans[0]?.warnings.join(' ') ?? '', /reads Iceberg tables only: Athena refuses it on db\.sales/);
});
