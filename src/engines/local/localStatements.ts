import { catalogColumnTypes } from './columnTypes';
import { dataFormat, type Table } from '../../core/catalog/model';
import { showCreateTable } from '../../core/catalog/showCreate';
import type { AthenaStatement, TableName } from '../../core/sql/athenaStatement';
import type { ColumnInfo, QueryExecution, QueryRequest, Row } from '../types';
import { staticExecution } from './executions';
import { duckType, hiveTypeFromDuck } from './hiveTypes';
import type { LocalContext } from './localEngine';
import { CatalogError, key } from './localCatalog';
import { discoverPartitions, partitionPath, specValues } from './partitions';
import { asFolder } from './s3Map';
import { checkName, ident, jsonText, withSearchPath } from './sqlText';
import { translateNamedQuery } from './translate';
import { runCtas, runInsert } from './writer';

const text = (name: string): ColumnInfo => ({ name, type: 'varchar' });
const none = (startedAt: number): QueryExecution => staticExecution([], [], startedAt);

/** SQL LIKE-ish patterns of SHOW statements: `*` and `%` match anything, `|` separates choices. */
function matcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const alternatives = pattern.split('|').map((p) => new RegExp(`^${p.trim().replace(/[.+?^${}()[\]\\]/g, '\\$&').replace(/[*%]/g, '.*').replace(/_/g, '.')}$`, 'i'));
  return (name) => alternatives.some((r) => r.test(name));
}

function resolve(ctx: LocalContext, name: TableName, database: string): Table {
  const db = name.database ?? database;
  if (!ctx.catalog.database(db)) throw new CatalogError(`Database '${db}' does not exist.`);
  const table = ctx.catalog.table(db, name.name);
  if (!table) throw new CatalogError(`Table '${db}.${name.name}' does not exist.`);
  return table;
}

/** Executes every statement that is not a plain query, against the catalog and files. */
export async function runCatalogStatement(
  ctx: LocalContext,
  s: AthenaStatement,
  database: string,
  request: QueryRequest,
  startedAt: number,
): Promise<QueryExecution> {
  switch (s.kind) {
    case 'createDatabase':
      checkName('Database', s.name);
      if (s.location) ctx.map.toLocal(s.location);
      if (ctx.catalog.createDatabase({ name: s.name, ...(s.comment ? { description: s.comment } : {}), ...(s.location ? { locationUri: s.location } : {}), parameters: s.properties }, s.ifNotExists)) {
        await ctx.run(`CREATE SCHEMA IF NOT EXISTS ${ident(key(s.name))}`);
      }
      return none(startedAt);
    case 'dropDatabase':
      ctx.catalog.dropDatabase(s.name, s.ifExists, s.cascade);
      await ctx.run(`DROP SCHEMA IF EXISTS ${ident(key(s.name))} CASCADE`);
      return none(startedAt);
    case 'createTable': {
      const table = s.table;
      if (!ctx.catalog.database(table.database)) throw new CatalogError(`Database '${table.database}' does not exist.`);
      if (ctx.catalog.table(table.database, table.name)) {
        if (s.ifNotExists) return none(startedAt);
        throw new CatalogError(`Table ${table.database}.${table.name} already exists.`);
      }
      checkName('Table', table.name);
      for (const c of [...table.storage.columns, ...table.partitionKeys]) checkName('Column', c.name);
      if (!table.storage.location) throw new CatalogError('CREATE EXTERNAL TABLE needs a LOCATION (an s3:// folder).');
      ctx.map.toLocal(table.storage.location);
      for (const c of [...table.storage.columns, ...table.partitionKeys]) duckType(c.type);
      const format = dataFormat(table);
      if (!['csv-lazysimple', 'csv-opencsv', 'json', 'parquet'].includes(format)) {
        throw new CatalogError(`The local engine reads CSV, JSON and Parquet tables; ${table.name} is ${format}.`);
      }
      const names = new Set<string>();
      for (const c of [...table.storage.columns, ...table.partitionKeys]) {
        if (names.has(key(c.name))) throw new CatalogError(`Column '${c.name}' is declared twice in ${table.name}.`);
        names.add(key(c.name));
      }
      ctx.catalog.putTable(table, { replace: false });
      return none(startedAt);
    }
    case 'dropTable': {
      const db = s.table.database ?? database;
      const existing = ctx.catalog.table(db, s.table.name);
      if (!existing) {
        if (s.ifExists) return none(startedAt);
        throw new CatalogError(`Table '${db}.${s.table.name}' does not exist.`);
      }
      if (existing.tableType === 'VIRTUAL_VIEW') throw new CatalogError(`${db}.${s.table.name} is a view: use DROP VIEW.`);
      ctx.catalog.dropTable(db, s.table.name);
      ctx.views.forget(db, s.table.name);
      await ctx.run(`DROP VIEW IF EXISTS ${ident(key(db))}.${ident(key(s.table.name))}`);
      return none(startedAt);
    }
    case 'createView': {
      const db = s.view.database ?? database;
      if (!ctx.catalog.database(db)) throw new CatalogError(`Database '${db}' does not exist.`);
      const existing = ctx.catalog.table(db, s.view.name);
      if (existing && existing.tableType !== 'VIRTUAL_VIEW') throw new CatalogError(`${db}.${s.view.name} is a table, not a view.`);
      if (existing && !s.orReplace) throw new CatalogError(`View ${db}.${s.view.name} already exists.`);
      checkName('View', s.view.name);
      await withSearchPath(ctx.run, db, async () => {
        const sql = await translateNamedQuery(ctx.run, s.sql, catalogColumnTypes(s.sql, db, (d, n) => ctx.catalog.table(d, n)));
        await ctx.run(`CREATE OR REPLACE VIEW ${ident(key(db))}.${ident(key(s.view.name))} AS ${sql}`);
        await ctx.views.probe.applyView(key(db), key(s.view.name), sql);
        const described = await ctx.run(`DESCRIBE ${ident(key(db))}.${ident(key(s.view.name))}`);
        const rows = await described.getRowsJson();
        const columns = rows.map((r) => ({ name: jsonText(r[0]), type: hiveTypeFromDuck(jsonText(r[1])) }));
        ctx.catalog.putTable(
          {
            database: db,
            name: s.view.name,
            tableType: 'VIRTUAL_VIEW',
            storage: { columns, serde: { serializationLibrary: '', parameters: {} } },
            partitionKeys: [],
            parameters: { presto_view: 'true' },
            viewText: s.sql,
          },
          { replace: true },
        );
      });
      return none(startedAt);
    }
    case 'dropView': {
      const db = s.view.database ?? database;
      const existing = ctx.catalog.table(db, s.view.name);
      if (!existing) {
        if (s.ifExists) return none(startedAt);
        throw new CatalogError(`View '${db}.${s.view.name}' does not exist.`);
      }
      if (existing.tableType !== 'VIRTUAL_VIEW') throw new CatalogError(`${db}.${s.view.name} is a table: use DROP TABLE.`);
      ctx.catalog.dropTable(db, s.view.name);
      ctx.views.forget(db, s.view.name);
      await ctx.run(`DROP VIEW IF EXISTS ${ident(key(db))}.${ident(key(s.view.name))}`);
      return none(startedAt);
    }
    case 'ctas':
      return runCtas(ctx, s, database, request, startedAt);
    case 'insert':
      return runInsert(ctx, s, resolve(ctx, s.table, database), database, request, startedAt);
    case 'msckRepair': {
      const table = resolve(ctx, s.table, database);
      if (!table.partitionKeys.length) throw new CatalogError(`Table ${table.database}.${table.name} is not partitioned.`);
      const found = await discoverPartitions(table, ctx.map);
      const known = new Set(ctx.catalog.partitions(table.database, table.name).map((p) => JSON.stringify(p.values)));
      const added = found.filter((p) => !known.has(JSON.stringify(p.values)));
      ctx.catalog.addPartitions(table.database, table.name, added);
      const lines: Row[] = added.length
        ? [[`Partitions not in metastore:\t${added.map((p) => `${table.name}:${partitionPath(table, p.values).slice(0, -1)}`).join('\t')}`], ...added.map((p): Row => [`Repair: Added partition to metastore ${table.name}:${partitionPath(table, p.values).slice(0, -1)}`])]
        : [];
      return staticExecution([text('result')], lines, startedAt);
    }
    case 'addPartitions': {
      const table = resolve(ctx, s.table, database);
      if (!table.partitionKeys.length) throw new CatalogError(`Table ${table.database}.${table.name} is not partitioned.`);
      const partitions = s.partitions.map((p) => {
        const values = specValues(table, p.spec);
        const location = p.location ?? `${asFolder(table.storage.location ?? '')}${partitionPath(table, values)}`;
        ctx.map.toLocal(location);
        return { values, location: asFolder(location) };
      });
      const existing = new Set(ctx.catalog.partitions(table.database, table.name).map((p) => JSON.stringify(p.values)));
      const clash = partitions.find((p) => existing.has(JSON.stringify(p.values)));
      if (clash && !s.ifNotExists) throw new CatalogError(`Partition already exists: ${partitionPath(table, clash.values).slice(0, -1)}`);
      ctx.catalog.addPartitions(table.database, table.name, partitions);
      return none(startedAt);
    }
    case 'dropPartitions': {
      const table = resolve(ctx, s.table, database);
      const values = s.partitions.map((spec) => specValues(table, spec));
      const dropped = ctx.catalog.dropPartitions(table.database, table.name, values);
      if (dropped < values.length && !s.ifExists) throw new CatalogError(`Partition does not exist in ${table.database}.${table.name}.`);
      return none(startedAt);
    }
    case 'showDatabases': {
      const like = matcher(s.like);
      return staticExecution([text('database_name')], ctx.catalog.databases().filter((d) => like(d.name)).map((d) => [d.name]), startedAt);
    }
    case 'showTables':
    case 'showViews': {
      const like = matcher(s.like);
      const tables = ctx.catalog.tables(s.database ?? database).filter((t) => like(t.name) && (s.kind === 'showTables' || t.tableType === 'VIRTUAL_VIEW'));
      return staticExecution([text(s.kind === 'showTables' ? 'tab_name' : 'views')], tables.map((t) => [t.name]), startedAt);
    }
    case 'showColumns': {
      const table = resolve(ctx, s.table, database);
      return staticExecution([text('field')], [...table.storage.columns, ...table.partitionKeys].map((c) => [c.name]), startedAt);
    }
    case 'showPartitions': {
      const table = resolve(ctx, s.table, database);
      if (!table.partitionKeys.length) throw new CatalogError(`Table ${table.database}.${table.name} is not partitioned.`);
      return staticExecution([text('partition')], ctx.catalog.partitions(table.database, table.name).map((p) => [partitionPath(table, p.values).slice(0, -1)]), startedAt);
    }
    case 'showCreateTable':
    case 'showCreateView': {
      const table = resolve(ctx, s.kind === 'showCreateTable' ? s.table : s.view, database);
      if (s.kind === 'showCreateView' && table.tableType !== 'VIRTUAL_VIEW') throw new CatalogError(`${table.database}.${table.name} is not a view.`);
      return staticExecution([text('createtab_stmt')], showCreateTable(table).split('\n').map((l) => [l]), startedAt);
    }
    case 'describe': {
      const table = resolve(ctx, s.table, database);
      const row = (c: { name: string; type: string; comment?: string }): Row => [c.name, c.type, c.comment ?? ''];
      const rows: Row[] = table.storage.columns.map(row);
      if (table.partitionKeys.length) {
        rows.push(...table.partitionKeys.map(row), ['', '', ''], ['# Partition Information', '', ''], ['# col_name', 'data_type', 'comment'], ...table.partitionKeys.map(row));
      }
      if (s.formatted) {
        rows.push(['', '', ''], ['# Detailed Table Information', '', ''], ['Location:', table.storage.location ?? '', ''], ['Table Type:', table.tableType, ''], ['SerDe Library:', table.storage.serde.serializationLibrary, '']);
      }
      return staticExecution([text('col_name'), text('data_type'), text('comment')], rows, startedAt);
    }
    case 'use':
      throw new CatalogError('Athena has no USE statement: qualify names as database.table, or choose the session database.');
    case 'unsupported':
      if (/Iceberg/.test(s.what)) {
        throw new CatalogError(`The local engine does not run ${s.what.replace(/ \(Iceberg tables\)$/, '')} on Iceberg tables: it cannot write Iceberg keeping its semantics (a new snapshot, the partition spec). Run it on Athena.`);
      }
      throw new CatalogError(`The local engine does not support ${s.what} yet.`);
    case 'query':
    case 'explain':
      throw new Error('queries are not catalog statements');
  }
}
