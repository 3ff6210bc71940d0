import { catalogColumnTypes } from './columnTypes';
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { dataFormat, FORMATS, SERDE, type Column, type Partition, type Table } from '../../core/catalog/model';
import type { AthenaStatement, CtasValue } from '../../core/sql/athenaStatement';
import type { QueryExecution, QueryRequest } from '../types';
import { staticExecution } from './executions';
import { folderHasObjects } from './files';
import { duckType, hiveTypeFromDuck } from './hiveTypes';
import type { LocalContext } from './localEngine';
import { CatalogError, key } from './localCatalog';
import { discoverPartitions } from './partitions';
import { toMillis } from './tableReader';
import { asFolder } from './s3Map';
import { checkName, ident, jsonText, sqlString, withSearchPath } from './sqlText';
import { translateQuery } from './translate';
import { athenaColumnNames } from '../../core/sql/outputNames';
import { parseQuery } from '../../core/sql/queryAst';
import { staticType, type ColumnTypes } from '../../core/sql/staticTypes';

const MAX_PARTITIONS = 100;
/** Where a CTAS without external_location writes, like a workgroup's `<results>/tables/<id>/`. */
const DEFAULT_TABLES_LOCATION = 's3://lakehouse-local-results/tables/';

type Format = 'PARQUET' | 'JSON' | 'TEXTFILE';

interface WriteSpec {
  readonly format: Format;
  readonly compression: string;
  readonly fieldDelimiter: string;
}

function str(v: CtasValue | undefined, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new CatalogError(`The table property ${name} takes a quoted string.`);
  return v;
}

function writeSpec(properties: Readonly<Record<string, CtasValue>>): WriteSpec {
  const format = (str(properties.format, 'format') ?? 'PARQUET').toUpperCase();
  if (format !== 'PARQUET' && format !== 'JSON' && format !== 'TEXTFILE') {
    throw new CatalogError(`The local engine writes PARQUET, JSON and TEXTFILE; format '${format}' is not supported.`);
  }
  // Athena's default for Parquet is GZIP; text formats are uncompressed unless asked.
  const compression = (str(properties.write_compression, 'write_compression') ?? (format === 'PARQUET' ? 'GZIP' : 'NONE')).toUpperCase();
  if (!['NONE', 'SNAPPY', 'GZIP', 'ZSTD', 'LZ4'].includes(compression)) throw new CatalogError(`write_compression '${compression}' is not supported.`);
  return { format, compression, fieldDelimiter: str(properties.field_delimiter, 'field_delimiter') ?? '\u0001' };
}

function copyOptions(spec: WriteSpec, partitionBy: readonly string[], filePattern: string): string {
  const options: string[] = [];
  if (spec.format === 'PARQUET') options.push('FORMAT PARQUET', `COMPRESSION ${sqlString(spec.compression === 'NONE' ? 'uncompressed' : spec.compression.toLowerCase())}`);
  else {
    options.push(spec.format === 'JSON' ? 'FORMAT JSON' : `FORMAT CSV, DELIMITER ${sqlString(spec.fieldDelimiter)}, HEADER false, QUOTE '', ESCAPE '', NULLSTR '\\N'`);
    if (spec.compression !== 'NONE') options.push(`COMPRESSION ${sqlString(spec.compression.toLowerCase())}`);
  }
  if (partitionBy.length) options.push(`PARTITION_BY (${partitionBy.map(ident).join(', ')})`, 'APPEND true');
  options.push(`FILENAME_PATTERN ${sqlString(filePattern)}`);
  return options.join(', ');
}

function extension(spec: WriteSpec): string {
  const base = spec.format === 'PARQUET' ? 'parquet' : spec.format === 'JSON' ? 'json' : 'txt';
  return spec.format !== 'PARQUET' && spec.compression === 'GZIP' ? `${base}.gz` : base;
}

function storageFor(spec: WriteSpec, columns: Column[], location: string): Table['storage'] {
  switch (spec.format) {
    case 'PARQUET':
      return { columns, location, inputFormat: FORMATS.parquet.input, outputFormat: FORMATS.parquet.output, serde: { serializationLibrary: SERDE.parquet, parameters: {} } };
    case 'JSON':
      return { columns, location, inputFormat: FORMATS.text.input, outputFormat: FORMATS.text.output, serde: { serializationLibrary: SERDE.hiveJson, parameters: {} } };
    case 'TEXTFILE':
      return {
        columns,
        location,
        inputFormat: FORMATS.text.input,
        outputFormat: FORMATS.text.output,
        serde: { serializationLibrary: SERDE.lazySimple, parameters: { 'field.delim': spec.fieldDelimiter, 'serialization.format': spec.fieldDelimiter } },
      };
  }
}

/**
 * Athena's Hive tables keep timestamps to the millisecond: a CTAS whose column is a timestamp(4…6)
 * (a cast or a literal that says so, or an Iceberg table's column) fails there, so here too.
 * Checked where the query's own select list gives each column (no `*`).
 */
function refuseFinerTimestamps(sql: string, columns: readonly Column[], types: ColumnTypes | undefined): void {
  let body;
  try {
    body = parseQuery(sql).body;
  } catch {
    return;
  }
  if (body.k !== 'select' || body.items.some((item) => item.k !== 'expr')) return;
  body.items.forEach((item, i) => {
    const t = item.k === 'expr' ? staticType(item.e, types) : undefined;
    if (t?.k === 'timestamp' && t.p !== undefined && t.p > 3) {
      throw new CatalogError(
        `NOT_SUPPORTED: Incorrect timestamp precision for timestamp(${t.p}); the configured precision is MILLISECONDS; column name: ${columns[i]?.name ?? i}. Cast it to timestamp(3).`,
      );
    }
  });
}

/**
 * A value as a table stores it: a timestamp in Parquet at Athena's milliseconds (rounded half up),
 * so that its footer says milliseconds and reads of it filter row groups by it (see parquetReader).
 */
function stored(value: string, hiveType: string, spec: WriteSpec): string {
  return spec.format === 'PARQUET' && /^timestamp$/i.test(hiveType.trim()) ? `CAST(${toMillis(value)} AS TIMESTAMP_MS)` : value;
}

/** Writes `select` into `dir` (a local folder) and returns the number of rows written. */
async function copyInto(ctx: LocalContext, select: string, dir: string, spec: WriteSpec, partitionBy: readonly string[], queryId: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  const target = partitionBy.length ? dir : `${dir}/${queryId}_00000.${extension(spec)}`;
  const pattern = partitionBy.length ? `${queryId}_{uuid}` : queryId;
  const result = await ctx.run(`COPY (${select}) TO ${sqlString(target)} (${copyOptions(spec, partitionBy, pattern)})`);
  const rows = await result.getRowsJson();
  return Number(rows[0]?.[0] ?? 0);
}

const withSchema = <T>(ctx: LocalContext, database: string, work: () => Promise<T>): Promise<T> => withSearchPath(ctx.run, database, work);

export async function runCtas(
  ctx: LocalContext,
  s: Extract<AthenaStatement, { kind: 'ctas' }>,
  database: string,
  _request: QueryRequest,
  startedAt: number,
): Promise<QueryExecution> {
  const db = s.table.database ?? database;
  if (!ctx.catalog.database(db)) throw new CatalogError(`Database '${db}' does not exist.`);
  if (ctx.catalog.table(db, s.table.name)) {
    if (s.ifNotExists) return staticExecution([], [], startedAt);
    throw new CatalogError(`Table ${key(db)}.${key(s.table.name)} already exists.`);
  }
  checkName('Table', s.table.name);
  const columnTypes = catalogColumnTypes(s.sql, database, (d, n) => ctx.catalog.table(d, n));
  const sql = translateQuery(s.sql, true, columnTypes);
  const tableType = str(s.properties.table_type, 'table_type');
  if (tableType && tableType.toUpperCase() !== 'HIVE') {
    throw new CatalogError(`CTAS with table_type='${tableType}': the local engine does not write ${tableType} tables (it cannot keep their semantics: snapshots, the partition spec). Run it on Athena, or write Parquet here.`);
  }
  const spec = writeSpec(s.properties);
  const queryId = randomUUID();
  const location = asFolder(str(s.properties.external_location, 'external_location') ?? `${DEFAULT_TABLES_LOCATION}${queryId}/`);
  const dir = ctx.map.toLocal(location);
  if (await folderHasObjects(dir)) {
    throw new CatalogError(
      `HIVE_PATH_ALREADY_EXISTS: Target directory for table '${key(db)}.${key(s.table.name)}' already exists: ${location}. ` +
        `You may need to manually clean the data at location '${location}' before retrying. Athena will not delete data in your account.`,
    );
  }
  const partitionedBy = ((s.properties.partitioned_by as readonly string[] | undefined) ?? []).map(key);
  return withSchema(ctx, db, async () => {
    const described = await (await ctx.run(`DESCRIBE ${sql}`)).getRowsJson();
    // Athena names an unaliased expression _col<i>: so does the created table.
    const names = athenaColumnNames(s.sql, described.map((r) => jsonText(r[0])));
    const all: Column[] = described.map((r, i) => ({ name: key(names[i] ?? jsonText(r[0])), type: hiveTypeFromDuck(jsonText(r[1])) }));
    const seen = new Set<string>();
    for (const c of all) {
      if (seen.has(c.name)) throw new CatalogError(`Column name '${c.name}' specified more than once.`);
      seen.add(c.name);
    }
    refuseFinerTimestamps(s.sql, all, columnTypes);
    const tail = all.slice(all.length - partitionedBy.length).map((c) => c.name);
    if (partitionedBy.length && tail.join() !== partitionedBy.join()) {
      throw new CatalogError(
        `HIVE_COLUMN_ORDER_MISMATCH: Partition keys must be the last columns in the table and in the same order as the partition specification: [${partitionedBy.join(', ')}]`,
      );
    }
    const columns = all.slice(0, all.length - partitionedBy.length);
    const partitionKeys = all.slice(all.length - partitionedBy.length);
    let written = 0;
    // Measured while the rows are written.
    const measuring = s.withData ? ctx.bytesScanned(sql, db) : Promise.resolve(0);
    if (s.withData) {
      try {
        // An integer sum is a HUGEINT in DuckDB: the table stores Trino's bigint (failing past it).
        const items = all.map((c, i) => {
          const duck = jsonText(described[i]?.[1]);
          if (duck === 'HUGEINT') return `CAST(${ident(c.name)} AS BIGINT) AS ${ident(c.name)}`;
          return duck === 'TIMESTAMP' ? `${stored(ident(c.name), c.type, spec)} AS ${ident(c.name)}` : ident(c.name);
        });
        written = await copyInto(ctx, `SELECT ${items.join(', ')} FROM (${sql}) AS q(${all.map((c) => ident(c.name)).join(', ')})`, dir, spec, partitionedBy, queryId);
      } catch (e) {
        await measuring;
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
    }
    const bytes = await measuring;
    const table: Table = {
      database: db,
      name: s.table.name,
      tableType: 'EXTERNAL_TABLE',
      storage: storageFor(spec, columns, location),
      partitionKeys,
      parameters: { EXTERNAL: 'TRUE', has_encrypted_data: 'false', ...(spec.format === 'PARQUET' ? { 'parquet.compression': spec.compression } : {}) },
    };
    const partitions = await discoverPartitions(table, ctx.map);
    if (partitions.length > MAX_PARTITIONS) {
      await rm(dir, { recursive: true, force: true });
      throw new CatalogError(`HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of ${MAX_PARTITIONS} open writers for partitions/buckets (the query wrote ${partitions.length}).`);
    }
    ctx.catalog.putTable(table, { replace: false });
    ctx.catalog.addPartitions(db, s.table.name, partitions);
    return staticExecution([{ name: 'rows', type: 'bigint' }], [[written]], startedAt, bytes);
  });
}

/** How rows are written into an existing table, from the SerDe that reads it. */
function insertSpec(table: Table): WriteSpec {
  const serde = table.storage.serde.serializationLibrary;
  if (serde === SERDE.parquet) return { format: 'PARQUET', compression: table.parameters['parquet.compression'] ?? 'GZIP', fieldDelimiter: '' };
  if (serde === SERDE.hiveJson || serde === SERDE.openxJson) return { format: 'JSON', compression: 'NONE', fieldDelimiter: '' };
  if (serde === SERDE.lazySimple) return { format: 'TEXTFILE', compression: 'NONE', fieldDelimiter: table.storage.serde.parameters['field.delim'] ?? '\u0001' };
  throw new CatalogError(`The local engine cannot INSERT INTO a table read by ${serde}.`);
}

export async function runInsert(
  ctx: LocalContext,
  s: Extract<AthenaStatement, { kind: 'insert' }>,
  table: Table,
  database: string,
  _request: QueryRequest,
  startedAt: number,
): Promise<QueryExecution> {
  if (table.tableType === 'VIRTUAL_VIEW') throw new CatalogError(`${table.database}.${table.name} is a view: INSERT INTO needs a table.`);
  if (dataFormat(table) === 'iceberg') {
    throw new CatalogError(`INSERT INTO ${table.database}.${table.name}: the local engine does not write Iceberg tables (it cannot add a snapshot keeping Iceberg's semantics). Run it on Athena.`);
  }
  const spec = insertSpec(table);
  const target = [...table.storage.columns, ...table.partitionKeys];
  const given = s.columns?.map(key) ?? target.map((c) => c.name);
  for (const g of given) if (!target.some((c) => c.name === g)) throw new CatalogError(`Insert column name does not exist in the target table: ${g}`);
  const sql = translateQuery(s.sql, true, catalogColumnTypes(s.sql, database, (d, n) => ctx.catalog.table(d, n)));
  return withSchema(ctx, database, async () => {
    const described = await (await ctx.run(`DESCRIBE ${sql}`)).getRowsJson();
    if (described.length !== given.length) {
      throw new CatalogError(`Insert query has mismatched column count: the table has ${given.length} columns to fill and the query returns ${described.length}.`);
    }
    const select = `SELECT ${target
      .map((c) => (given.includes(c.name) ? `${stored(`CAST(${ident(c.name)} AS ${duckType(c.type)})`, c.type, spec)} AS ${ident(c.name)}` : `CAST(NULL AS ${duckType(c.type)}) AS ${ident(c.name)}`))
      .join(', ')} FROM (${sql}) AS q(${given.map(ident).join(', ')})`;
    const location = table.storage.location;
    if (!location) throw new CatalogError(`${table.database}.${table.name} has no location to write to.`);
    // Measured while the rows are written.
    const measuring = ctx.bytesScanned(sql, database);
    const written = await copyInto(ctx, select, ctx.map.toLocal(location), spec, table.partitionKeys.map((k) => k.name), randomUUID()).finally(() => measuring);
    const bytes = await measuring;
    if (table.partitionKeys.length) {
      const found: Partition[] = await discoverPartitions(table, ctx.map);
      ctx.catalog.addPartitions(table.database, table.name, found);
    }
    return staticExecution([{ name: 'rows', type: 'bigint' }], [[written]], startedAt, bytes);
  });
}
