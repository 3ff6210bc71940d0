import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnDescription, partitionLabel, tableDescription, tableFacts, tableKind } from '../../src/core/catalog/describe';
import { FORMATS, SERDE, type Table } from '../../src/core/catalog/model';
import { parseNameFilter, patternRegex } from '../../src/core/catalog/nameFilter';
import { parsePartitionExpression, partitionMatcher, PartitionExpressionError } from '../../src/core/catalog/partitionExpression';
import { catalogChangeOf } from '../../src/core/sql/catalogChange';
import { displayName, quotedName } from '../../src/core/sql/identifiers';
import { dropSql, previewSql, selectAllColumnsSql } from '../../src/core/sql/tableSql';
import { CatalogBrowser } from '../../src/engines/catalogBrowser';
import type { Catalog, Page } from '../../src/engines/types';

const table = (name: string, over: Partial<Table> = {}): Table => ({
  database: 'sales',
  name,
  tableType: 'EXTERNAL_TABLE',
  storage: { columns: [{ name: 'id', type: 'bigint' }, { name: 'amount', type: 'decimal(10,2)' }], location: `s3://lake/curated/${name}/`, inputFormat: FORMATS.parquet.input, serde: { serializationLibrary: SERDE.parquet, parameters: {} } },
  partitionKeys: [],
  parameters: {},
  ...over,
});

test('name filter: substring, glob, db.table; matches in memory and as a Glue whole-name expression', () => {
  const sub = parseNameFilter(' Orders ');
  assert.equal(sub?.table?.expression, '*orders*');
  assert.ok(sub?.table?.test('fact_orders_daily') && !sub.table.test('dim_date'));
  assert.equal(sub?.database, undefined);
  const glob = parseNameFilter('fact_*');
  assert.equal(glob?.table?.expression, 'fact_*');
  assert.ok(glob?.table?.test('fact_orders') && !glob.table.test('my_fact_orders'));
  const one = parseNameFilter('dim_?ate');
  assert.ok(one?.table?.test('dim_date') && !one.table.test('dim_update'));
  const both = parseNameFilter('ps_*.agenc*');
  assert.ok(both?.database?.test('ps_cloud_raw') && !both.database.test('finance'));
  assert.ok(both?.table?.test('agencies'));
  const dbOnly = parseNameFilter('ps_cloud_raw.');
  assert.ok(dbOnly?.database && !dbOnly.table);
  // Regular-expression characters are literal: a dot-free name with + or ( matches itself only.
  const odd = parseNameFilter('a+b(c)');
  assert.equal(odd?.table?.expression, '*a\\+b\\(c\\)*');
  assert.ok(odd?.table?.test('x_a+b(c)') && !odd.table.test('aab(c)'));
  assert.equal(parseNameFilter('   '), undefined);
  assert.equal(parseNameFilter('*'), undefined);
});

test('describe: kind, format and partition description, tooltip facts and notable properties', () => {
  const iceberg = table('orders', { parameters: { table_type: 'ICEBERG', format: 'parquet', write_compression: 'zstd', 'transient_lastDdlTime': '1' }, updateTime: '2024-05-01T10:00:00.000Z' });
  assert.equal(tableKind(iceberg), 'iceberg');
  assert.equal(tableDescription(iceberg), 'Iceberg (parquet)');
  const f = tableFacts(iceberg);
  assert.deepEqual(f.facts.find(([k]) => k === 'Last updated'), ['Last updated', '2024-05-01T10:00:00.000Z']);
  assert.deepEqual(f.properties, [['format', 'parquet'], ['table_type', 'ICEBERG'], ['write_compression', 'zstd']]);
  const partitioned = table('events', { partitionKeys: [{ name: 'year', type: 'string' }, { name: 'month', type: 'string' }] });
  assert.equal(tableDescription(partitioned), 'Parquet · by year, month');
  assert.deepEqual(tableFacts(partitioned).facts.find(([k]) => k === 'Partition keys'), ['Partition keys', 'year string, month string']);
  const projected = table('logs', { partitionKeys: [{ name: 'dt', type: 'string' }], parameters: { 'projection.enabled': 'true', 'projection.dt.type': 'date', 'projection.dt.range': '2024-01-01,NOW', 'projection.dt.format': 'yyyy-MM-dd' } });
  assert.match(tableFacts(projected).facts.map(([k, v]) => `${k}: ${v}`).join('\n'), /partition projection/);
  assert.deepEqual(tableFacts(projected).properties.map(([k]) => k), ['projection.dt.format', 'projection.dt.range', 'projection.dt.type', 'projection.enabled']);
  const csv = table('raw', { storage: { columns: [], location: 's3://lake/raw/', serde: { serializationLibrary: SERDE.openCsv, parameters: { separatorChar: ',', quoteChar: '"' } } } });
  assert.equal(tableDescription(csv), 'CSV (OpenCSVSerde)');
  assert.match(tableFacts(csv).facts.map(([k, v]) => `${k}: ${v}`).join('\n'), /SerDe properties: separatorChar=,, quoteChar=\\"/);
  assert.equal(tableKind(table('v', { tableType: 'VIRTUAL_VIEW' })), 'view');
  assert.equal(columnDescription({ name: 'year', type: 'string' }, true), 'string · partition key');
  assert.equal(partitionLabel([{ name: 'year', type: 'string' }, { name: 'month', type: 'string' }], ['2024', '01']), 'year=2024 / month=01');
});

test('catalog changes: what a statement did, for the tree to refresh and reveal', () => {
  assert.deepEqual(catalogChangeOf("CREATE EXTERNAL TABLE ps_raw.agencies (id int) LOCATION 's3://b/a/'"), { scope: 'table', action: 'created', database: 'ps_raw', table: 'agencies' });
  assert.deepEqual(catalogChangeOf("CREATE EXTERNAL TABLE agencies (id int) LOCATION 's3://b/a/'"), { scope: 'table', action: 'created', table: 'agencies' });
  assert.deepEqual(catalogChangeOf("CREATE TABLE cur.fact WITH (format = 'PARQUET') AS SELECT 1 AS x"), { scope: 'table', action: 'created', database: 'cur', table: 'fact' });
  assert.deepEqual(catalogChangeOf('CREATE OR REPLACE VIEW cur.v AS SELECT 1 AS x'), { scope: 'table', action: 'created', database: 'cur', table: 'v' });
  assert.deepEqual(catalogChangeOf('DROP TABLE IF EXISTS `cur`.`Fact`'), { scope: 'table', action: 'dropped', database: 'cur', table: 'fact' });
  assert.deepEqual(catalogChangeOf("ALTER TABLE raw.events ADD PARTITION (dt = '2024-01-01')"), { scope: 'table', action: 'altered', database: 'raw', table: 'events' });
  assert.deepEqual(catalogChangeOf('CREATE DATABASE IF NOT EXISTS cur'), { scope: 'database', action: 'created', database: 'cur' });
  assert.deepEqual(catalogChangeOf('ALTER TABLE raw.events SET TBLPROPERTIES (\'x\' = \'y\')'), { scope: 'all' });
  assert.equal(catalogChangeOf('SELECT 1'), undefined);
  assert.equal(catalogChangeOf('SHOW CREATE TABLE raw.events'), undefined);
  assert.equal(catalogChangeOf("INSERT INTO raw.events VALUES (1)"), undefined);
});

test('table SQL quotes every name; copied names are bare when they can be', () => {
  assert.equal(previewSql('sales', 'order "lines"', 100), 'SELECT * FROM "sales"."order ""lines""" LIMIT 100');
  assert.equal(quotedName('a', 'b'), '"a"."b"');
  assert.equal(displayName('sales', 'orders'), 'sales.orders');
  assert.equal(displayName('sales', '2024-orders'), 'sales."2024-orders"');
  const t = table('orders', { partitionKeys: [{ name: 'year', type: 'string' }] });
  assert.equal(selectAllColumnsSql(t, 10), 'SELECT\n  "id",\n  "amount",\n  "year"\nFROM "sales"."orders"\nLIMIT 10;\n');
  assert.equal(dropSql(t), 'DROP TABLE IF EXISTS `sales`.`orders`');
  assert.equal(dropSql(table('v', { tableType: 'VIRTUAL_VIEW' })), 'DROP VIEW IF EXISTS "sales"."v"');
});

/** A catalog of one database with `n` tables, paged by `size`, counting its calls. */
function pagedCatalog(n: number, size: number): Catalog & { calls: string[] } {
  const names = Array.from({ length: n }, (_, i) => `t_${String(i).padStart(5, '0')}`);
  const calls: string[] = [];
  const page = <T>(items: T[], token?: string): Page<T> => {
    const at = Number(token ?? 0);
    return { items: items.slice(at, at + size), ...(at + size < items.length ? { nextToken: String(at + size) } : {}) };
  };
  return {
    calls,
    listCatalogs: () => Promise.resolve([{ name: 'c', type: 'GLUE' }]),
    listDatabases: (_c, t) => (calls.push(`db ${t ?? ''}`), Promise.resolve(page([{ name: 'big' }, { name: 'small' }], t))),
    listTables: (_c, db, t, pattern) => {
      calls.push(`tables ${db} ${t ?? ''} ${pattern ?? ''}`);
      if (db === 'denied') return Promise.reject(new Error('access denied (glue:GetTables)'));
      const re = pattern ? patternRegex(pattern) : undefined;
      return Promise.resolve(page(names.filter((x) => !re || re.test(x)).map((x) => table(x, { database: db })), t));
    },
    getTable: (_c, db, name) => (calls.push(`get ${db}.${name}`), Promise.resolve(names.includes(name) ? table(name, { database: db }) : undefined)),
    listPartitions: () => Promise.resolve({ items: [] }),
  };
}

test('browser: first page only, then more; a filter goes to the server until the whole list is loaded, then stays in memory', async () => {
  const catalog = pagedCatalog(1000, 100);
  const b = new CatalogBrowser(catalog);
  const first = await b.tables('c', 'big');
  assert.equal(first.items.length, 100);
  assert.equal(first.more, true);
  assert.deepEqual(catalog.calls, ['tables big  ']);
  await b.tables('c', 'big'); // expanding again: nothing new
  assert.equal(catalog.calls.length, 1);
  const second = await b.moreTables('c', 'big');
  assert.equal(second.items.length, 200);
  // Two "Load more" at once load one page, not two.
  const [x, y] = await Promise.all([b.moreTables('c', 'big'), b.moreTables('c', 'big')]);
  assert.equal(x.items.length, 300);
  assert.equal(y.items.length, 300);
  assert.equal(catalog.calls.length, 3);

  const filter = parseNameFilter('00042');
  const filtered = await b.tables('c', 'big', filter);
  assert.deepEqual(filtered.items.map((t) => t.name), ['t_00042']);
  assert.equal(catalog.calls.at(-1), 'tables big  *00042*');
  // The whole list loaded: filters are answered in memory.
  let pages = 3;
  for (let more = true; more; pages++) more = (await b.moreTables('c', 'big')).more;
  assert.equal(pages, 10);
  const callsBefore: number = catalog.calls.length;
  const again = await b.tables('c', 'big', parseNameFilter('t_0099*'));
  assert.deepEqual(again.items.map((t) => t.name), Array.from({ length: 10 }, (_, i) => `t_0099${i}`));
  assert.equal(catalog.calls.length, callsBefore);
  // Invalidating the database starts over.
  b.invalidate('c', 'big');
  await b.tables('c', 'big');
  assert.equal(catalog.calls.length, callsBefore + 1);
});

test('browser: a failing level fails alone and can be retried; databases narrowed by db.table filters', async () => {
  const catalog = pagedCatalog(5, 100);
  const b = new CatalogBrowser(catalog);
  await assert.rejects(b.tables('c', 'denied'), /access denied/);
  await assert.rejects(b.tables('c', 'denied'), /access denied/); // tried again, not a cached failure
  assert.equal(catalog.calls.filter((c) => c.startsWith('tables denied')).length, 2);
  assert.equal((await b.tables('c', 'small')).items.length, 5);
  assert.deepEqual((await b.databases('c', parseNameFilter('sm*.t'))).items.map((d) => d.name), ['small']);
  assert.equal((await b.table('c', 'small', 't_00003'))?.name, 't_00003');
  assert.ok(!catalog.calls.some((c) => c.startsWith('get ')), 'a listed table is not fetched again');
  // A table not listed yet: one GetTable, kept; completion's "every table" continues the same list.
  await b.table('c', 'big', 't_00004');
  await b.table('c', 'big', 't_00004');
  assert.equal(catalog.calls.filter((c) => c === 'get big.t_00004').length, 1);
  assert.equal((await b.allTables('c', 'small')).length, 5);
  assert.equal(catalog.calls.filter((c) => c.startsWith('tables small')).length, 1, 'the listing the tree made is reused');
  assert.deepEqual((await b.allDatabases('c')).map((d) => d.name), ['big', 'small']);
  b.invalidate('c', 'big');
  await b.table('c', 'big', 't_00004');
  assert.equal(catalog.calls.filter((c) => c === 'get big.t_00004').length, 2, 'a refresh drops kept tables too');
});

test('browser: "no such table" is kept for seconds, not the five minutes a table is', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  const catalog = pagedCatalog(5, 100);
  const b = new CatalogBrowser(catalog);
  assert.equal(await b.table('c', 'big', 'no_such'), undefined);
  assert.equal(await b.table('c', 'big', 'no_such'), undefined);
  assert.equal(catalog.calls.filter((c) => c === 'get big.no_such').length, 1, 'asked once while it is fresh');
  t.mock.timers.tick(6_000);
  await b.table('c', 'big', 'no_such');
  assert.equal(catalog.calls.filter((c) => c === 'get big.no_such').length, 2, 'asked again a few seconds later');
  await b.table('c', 'big', 't_00001');
  t.mock.timers.tick(60_000);
  await b.table('c', 'big', 't_00001');
  assert.equal(catalog.calls.filter((c) => c === 'get big.t_00001').length, 1, 'a table found is kept');
});

test('partition expressions: parsed with AND binding tighter than OR, values compared by key type, clear errors', () => {
  const keys = [
    { name: 'region', type: 'string' },
    { name: 'year', type: 'int' },
    { name: 'dt', type: 'date' },
  ];
  const m = (e: string) => partitionMatcher(e, keys);
  assert.equal(m("region = 'eu' OR region = 'us' AND year = 2024")(['eu', '2022', '2024-01-01']), true);
  assert.equal(m("(region = 'eu' OR region = 'us') AND year = 2024")(['eu', '2022', '2024-01-01']), false);
  // Integers compare as numbers (9 < 10), strings as strings ('9' > '10').
  assert.equal(m('year < 10')(['eu', '9', '2024-01-01']), true);
  assert.equal(m("region < '10'")(['9', '9', '2024-01-01']), false);
  assert.equal(m("dt BETWEEN DATE '2024-01-01' AND '2024-01-31'")(['eu', '1', '2024-01-31']), true);
  assert.equal(m("NOT (region IN ('eu', 'us'))")(['ap', '1', '2024-01-31']), true);
  assert.equal(m("region LIKE 'e_'")(['eu', '1', '2024-01-31']), true);
  assert.equal(m("region LIKE 'e.'")(['eu', '1', '2024-01-31']), false);
  assert.equal(m('year != 2024')(['eu', '2023', '2024-01-31']), true);
  assert.equal(m('year >= -1')(['eu', '0', '2024-01-31']), true);
  assert.equal(m('region IS NULL')(['eu', '0', '2024-01-31']), false);
  assert.deepEqual(parsePartitionExpression("year = '2024'"), { op: 'cmp', key: 'year', cmp: '=', value: '2024' });
  assert.throws(() => m("nokey = 'x'"), /nokey is not a partition key of the table \(keys: region, year, dt\)/);
  assert.throws(() => m("year LIKE '20%'"), /LIKE works on string partition keys; year is int/);
  assert.throws(() => m("year = 'abc'"), /"abc" is not an integer \(partition key year is int\)/);
  assert.throws(() => m("region = 'eu' AND"), PartitionExpressionError);
  assert.throws(() => m("region 'eu'"), /expected a comparison/);
});
