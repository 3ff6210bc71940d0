import { closeSync, openSync, readSync } from 'node:fs';
import { dataFormat, type Column, type Table } from '../../core/catalog/model';
import { duckType, isFloatingType, isIntegerType, isStringType, parseHiveType } from './hiveTypes';
import { fastFloat, JAVA_FLOAT, javaFloatValue } from './javaText';
import { ident, sqlString, sqlStringList } from './sqlText';

/** The files behind one partition (or the whole table when it is not partitioned). */
export interface FileGroup {
  /** Local paths of the data files, in a stable order. */
  readonly files: readonly string[];
  /** Values of the partition keys, in key order; empty for an unpartitioned table. */
  readonly partitionValues: readonly string[];
}

const INT_RE = sqlString('[+-]?[0-9]+');
const DATE_RE = sqlString('[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}');
/** A null string no data holds: DuckDB's CSV reader needs one, and SQL text cannot carry NUL. */
const NO_NULL = '\u0002lakehouse:no-null\u0003';
const TS_RE = sqlString('[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]{1,9})?');

/** A GLOB class for one ASCII digit (GLOB is far cheaper per value than a regular expression). */
const D = '[0-9]';
/** Hive's usual date and timestamp text, each character fixed: GLOB patterns their regular expressions take. */
const DATE_GLOB = `${D.repeat(4)}-${D.repeat(2)}-${D.repeat(2)}`;
const TS_GLOBS = [`${DATE_GLOB} ${D.repeat(2)}:${D.repeat(2)}:${D.repeat(2)}`, `${DATE_GLOB} ${D.repeat(2)}:${D.repeat(2)}:${D.repeat(2)}.${D.repeat(3)}`];

/**
 * `cast` (a TRY_CAST of `text`) where `text` has Hive's form `pattern`, else NULL. DuckDB's casts
 * take more than Hive's text (`1e2`, ` 12`, `2024/01/31`), so the pattern decides; but a regular
 * expression per value is most of what a CSV read costs. So `fast`, a cheap test that implies the
 * pattern, takes the usual text first, and CASE runs the pattern only on the values it leaves.
 */
const hiveCast = (text: string, cast: string, pattern: string, fast: string): string =>
  `CASE WHEN ${fast} THEN ${cast} WHEN regexp_full_match(${text}, ${pattern}) THEN ${cast} END`;

/**
 * A Hive table's `timestamp` column is Trino's timestamp(3) on Athena (Iceberg's keep microseconds):
 * every reader rounds what it reads half up to the millisecond. `date_trunc` floors, also before
 * 1970, so truncating 500 µs later is that rounding; DuckDB's reads truncate to the microsecond,
 * which keeps the digit that decides.
 */
export const toMillis = (timestamp: string): string => `date_trunc('millisecond', ${timestamp} + INTERVAL '500 microseconds')`;

/**
 * Names a value a cast tests and then returns: computed once, in a projection below the one that
 * tests it (DuckDB's common-subexpression optimizer is off: see localEngine). The identity computes
 * it in place, where no such projection can be (inside a lambda).
 */
type Share = (expr: string) => string;
const inPlace: Share = (expr) => expr;

/**
 * LazySimpleSerDe: a value it cannot parse as the column's type is NULL. Dates must be
 * `YYYY-MM-DD` and timestamps `yyyy-MM-dd HH:mm:ss[.f…]` (an ISO `T` is not a timestamp here).
 */
function lazySimpleCast(v: string, type: string, collectionDelim: string, share: Share = inPlace): string {
  const { base, args } = parseHiveType(type);
  if (isStringType(type)) return v;
  if (isIntegerType(type)) {
    // The text exactly as DuckDB writes the integer it read: digits, a minus sign, no zero first.
    const cast = share(`TRY_CAST(${v} AS ${duckType(type)})`);
    return hiveCast(v, cast, INT_RE, `CAST(${cast} AS VARCHAR) = ${v}`);
  }
  // A double or float is what Java's parseDouble / parseFloat reads (1.5d yes; 1_000, inf no).
  if (base === 'double' || base === 'float' || base === 'real') {
    const asDouble = share(`TRY_CAST(${v} AS DOUBLE)`);
    const value = base === 'double' ? asDouble : `TRY_CAST(${v} AS ${duckType(type)})`;
    return `CASE WHEN ${fastFloat(v, asDouble)} THEN ${value} WHEN regexp_full_match(${v}, ${JAVA_FLOAT}) THEN TRY_CAST(${javaFloatValue(v)} AS ${duckType(type)}) END`;
  }
  if (isFloatingType(type)) return `TRY_CAST(${v} AS ${duckType(type)})`;
  switch (base) {
    case 'boolean':
      return `CASE lower(${v}) WHEN 'true' THEN true WHEN 'false' THEN false END`;
    case 'date':
      return hiveCast(v, `TRY_CAST(${v} AS DATE)`, DATE_RE, `${v} GLOB ${sqlString(DATE_GLOB)}`);
    case 'timestamp':
      return toMillis(hiveCast(v, `TRY_CAST(${v} AS TIMESTAMP)`, TS_RE, TS_GLOBS.map((g) => `${v} GLOB ${sqlString(g)}`).join(' OR ')));
    case 'array': {
      const element = args[0] ?? 'string';
      const inner = lazySimpleCast('x', element, '\u0003');
      return `CASE WHEN ${v} IS NOT NULL THEN list_transform(string_split(${v}, ${sqlString(collectionDelim)}), x -> ${inner}) END`;
    }
    default:
      throw new Error(`The local engine cannot read ${type} columns through LazySimpleSerDe yet.`);
  }
}

/**
 * OpenCSVSerde recognises BOOLEAN, BIGINT, INT and DOUBLE (and reads other numeric types the same
 * way); a value that does not parse, including an empty one, fails the query with HIVE_BAD_DATA.
 * DATE is days since 1970-01-01 and TIMESTAMP is epoch milliseconds.
 */
function openCsvCast(v: string, type: string, field: number): string {
  const bad = `error('HIVE_BAD_DATA: Error parsing field value ''' || ${v} || ''' for field ${field}: For input string: "' || ${v} || '"')`;
  const { base } = parseHiveType(type);
  if (isStringType(type)) return v;
  if (isIntegerType(type)) return `CASE WHEN ${v} IS NULL THEN NULL WHEN regexp_full_match(${v}, ${INT_RE}) THEN CAST(${v} AS ${duckType(type)}) ELSE ${bad} END`;
  if (isFloatingType(type)) return `CASE WHEN ${v} IS NULL THEN NULL WHEN TRY_CAST(${v} AS DOUBLE) IS NOT NULL THEN CAST(${v} AS ${duckType(type)}) ELSE ${bad} END`;
  switch (base) {
    case 'boolean':
      return `CASE WHEN ${v} IS NULL THEN NULL ELSE lower(${v}) = 'true' END`;
    case 'date':
      return `CASE WHEN ${v} IS NULL THEN NULL WHEN regexp_full_match(${v}, ${INT_RE}) THEN DATE '1970-01-01' + CAST(${v} AS INTEGER) ELSE ${bad} END`;
    case 'timestamp':
      return `CASE WHEN ${v} IS NULL THEN NULL WHEN regexp_full_match(${v}, ${INT_RE}) THEN make_timestamp(CAST(${v} AS BIGINT) * 1000) ELSE ${bad} END`;
    default:
      throw new Error(`OpenCSVSerde cannot read ${type} columns: declare it as STRING and cast it in a view or CTAS.`);
  }
}

/** Whether the start of a file escapes quotes with a backslash (`\"`) rather than doubling them. */
function usesBackslashEscapes(file: string | undefined): boolean {
  if (!file) return false;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return /[^\\]\\"[^,\r\n]/.test(buf.subarray(0, n).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function csvReader(table: Table, files: readonly string[], openCsv: boolean, hive = NO_HIVE): string {
  const serde = table.storage.serde.parameters;
  const columns = table.storage.columns;
  const skip = Number(table.parameters['skip.header.line.count'] ?? serde['skip.header.line.count'] ?? 0) || 0;
  const raw = columns.map((_c, i) => `c${i}`);
  const columnSpec = `{${raw.map((r) => `${sqlString(r)}: 'VARCHAR'`).join(', ')}}`;
  const shared: string[] = [];
  const share: Share = (expr) => ident(sharedName(shared.push(expr) - 1));
  let options: string;
  let casts: string[];
  if (openCsv) {
    const sep = serde.separatorChar ?? ',';
    const quote = serde.quoteChar ?? '"';
    // opencsv reads both `\"` (its default escape) and a doubled quote inside quotes; DuckDB takes
    // one escape character, so the data decides which one this table uses.
    const backslash = (serde.escapeChar ?? '\\') === '\\';
    const escape = backslash ? (usesBackslashEscapes(files[0]) ? '\\' : quote) : (serde.escapeChar ?? quote);
    options = `delim=${sqlString(sep)}, quote=${sqlString(quote)}, escape=${sqlString(escape)}, nullstr=${sqlString(NO_NULL)}`;
    casts = columns.map((c, i) => openCsvCast(ident(`c${i}`), c.type, i + 1));
  } else {
    const delim = serde['field.delim'] ?? serde['serialization.format'] ?? '\u0001';
    const nullFormat = table.parameters['serialization.null.format'] ?? serde['serialization.null.format'] ?? '\\N';
    // An empty null format means '' is NULL: DuckDB's nullstr cannot be empty, so map it in the cast.
    const nullstr = nullFormat === '' ? NO_NULL : nullFormat;
    options = `delim=${sqlString(delim)}, quote='', escape='', nullstr=${sqlString(nullstr)}`;
    const collection = serde['collection.delim'] ?? '\u0002';
    casts = columns.map((c, i) => {
      const v = nullFormat === '' ? `nullif(${ident(`c${i}`)}, '')` : ident(`c${i}`);
      return lazySimpleCast(v, c.type, collection, share);
    });
  }
  const select = casts.map((cast, i) => `${cast} AS ${ident((columns[i] as Column).name)}`).join(', ');
  const read = `read_csv(${sqlStringList(files)}, ${options}, header=false, skip=${skip}, columns=${columnSpec}, auto_detect=false, null_padding=true, strict_mode=false${hive.options})`;
  // Measured on 1M rows, two integer columns: a fifth less time for the checks than casting twice.
  if (!shared.length) return `SELECT ${select}${hive.select} FROM ${read}`;
  // The raw columns by name: DuckDB adds a column for each `name=value` folder of a path it reads.
  const inner = [...raw.map((r) => ident(r)), ...shared.map((e, k) => `${e} AS ${ident(sharedName(k))}`)].join(', ');
  return `SELECT ${select}${hive.select} FROM (SELECT ${inner}${hive.select} FROM ${read})`;
}

/** The name of a reader's k-th shared value (never a column's: those are c0, c1, …). */
const sharedName = (k: number): string => `__lh_v${k}`;

function jsonReader(table: Table, files: readonly string[], hive = NO_HIVE): string {
  const columns = table.storage.columns;
  const params = table.storage.serde.parameters;
  // The OpenX SerDe's `mapping.<column>` = '<key>' reads a column from a key of another name.
  const key = (c: Column): string => params[`mapping.${c.name}`] ?? c.name;
  const spec = `{${columns.map((c) => `${sqlString(key(c))}: ${sqlString(duckType(c.type))}`).join(', ')}}`;
  const ignore = (params['ignore.malformed.json'] ?? '').toLowerCase() === 'true';
  const item = (c: Column): string => (parseHiveType(c.type).base === 'timestamp' ? toMillis(ident(key(c))) : ident(key(c)));
  return `SELECT ${columns.map((c) => `${item(c)} AS ${ident(c.name)}`).join(', ')}${hive.select} FROM read_json(${sqlStringList(files)}, format='newline_delimited', columns=${spec}, ignore_errors=${ignore}${hive.options})`;
}

/**
 * `millis`: the timestamp columns every file stores to the millisecond (their footers say so), read
 * as they are: rounding would keep DuckDB from filtering the files' row groups by them (70× on 10M
 * rows for a day's range). Other timestamp columns (micros, nanos, INT96) are rounded.
 */
function parquetReader(table: Table, files: readonly string[], hive = NO_HIVE, millis: ReadonlySet<string> = NONE): string {
  const columns = table.storage.columns;
  const item = (c: Column): string => {
    const cast = `CAST(${ident(c.name)} AS ${duckType(c.type)})`;
    return parseHiveType(c.type).base === 'timestamp' && !millis.has(c.name.toLowerCase()) ? toMillis(cast) : cast;
  };
  return `SELECT ${columns.map((c) => `${item(c)} AS ${ident(c.name)}`).join(', ')}${hive.select} FROM read_parquet(${sqlStringList(files)}, union_by_name=true${hive.options})`;
}

function emptyReader(columns: readonly Column[]): string {
  return `SELECT ${columns.map((c) => `CAST(NULL AS ${duckType(c.type)}) AS ${ident(c.name)}`).join(', ')} WHERE false`;
}

/** What a reader adds to read the partition keys from Hive-style paths: select items and options. */
interface HiveRead {
  readonly select: string;
  readonly options: string;
}
/**
 * Not reading keys from paths: said, because DuckDB otherwise adds a column for every `name=value`
 * folder in the paths, which takes the place of a column of that name (a reader's `c0`, a JSON key).
 */
const NO_HIVE: HiveRead = { select: '', options: ', hive_partitioning=false' };
const NONE: ReadonlySet<string> = new Set();

/** One group's reader, in the table's format. */
function reader(table: Table, files: readonly string[], hive?: HiveRead, millis?: ReadonlySet<string>): string {
  const format = dataFormat(table);
  switch (format) {
    case 'csv-lazysimple':
      return csvReader(table, files, false, hive);
    case 'csv-opencsv':
      return csvReader(table, files, true, hive);
    case 'json':
      return jsonReader(table, files, hive);
    case 'parquet':
      return parquetReader(table, files, hive, millis);
    default:
      throw new Error(`The local engine cannot read ${format} tables (${table.database}.${table.name}).`);
  }
}

/** A partition value DuckDB reads from a path exactly as written (Hive escapes anything else). */
const PLAIN_VALUE = /^[A-Za-z0-9_.-]+$/;
/** Partition key types read from the path by DuckDB itself, with the form a value must have. */
const HIVE_TYPES: readonly [RegExp, RegExp][] = [
  [/^(string|varchar(\(\d+\))?)$/, /^/],
  [/^(tinyint|smallint|int|integer|bigint)$/, /^[+-]?[0-9]{1,9}$/],
  [/^date$/, /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/],
];

/**
 * One read of every partition's files, the partition keys taken from the files' paths, when that
 * gives exactly what the catalog says: each file's path holds `key=value` for each key (with the
 * partition's own value, plainly written, of a type DuckDB reads from a path) and no other
 * `name=value` folder; and every partition reads its files the same way. DuckDB then plans one
 * scan (and skips the files a filter on a key excludes) instead of a union of one per partition,
 * which costs more per partition than it reads. Undefined when one of those does not hold.
 */
function hiveQuery(table: Table, groups: readonly FileGroup[], millis?: ReadonlySet<string>): string | undefined {
  const keys = table.partitionKeys;
  const filled = groups.filter((g) => g.files.length);
  if (filled.length < 2 || !keys.every((k) => HIVE_TYPES.some(([type]) => type.test(k.type.toLowerCase())))) return undefined;
  // A key named as a column the reader itself selects from the file would be replaced by the path's value.
  const names = new Set(keys.map((k) => k.name));
  const params = table.storage.serde.parameters;
  if (table.storage.columns.some((c, i) => names.has(`c${i}`) || names.has(sharedName(i)) || names.has((params[`mapping.${c.name}`] ?? c.name).toLowerCase()))) return undefined;
  for (const g of filled) {
    for (const [i, k] of keys.entries()) {
      const v = g.partitionValues[i] ?? '';
      const form = HIVE_TYPES.find(([type]) => type.test(k.type.toLowerCase()))?.[1];
      if (!PLAIN_VALUE.test(v) || v === '__HIVE_DEFAULT_PARTITION__' || !form?.test(v)) return undefined;
    }
    const want = keys.map((k, i) => `${k.name}=${g.partitionValues[i]}`);
    for (const file of g.files) {
      const folders = file.split(/[\\/]/).slice(0, -1).filter((f) => f.includes('='));
      if (folders.length !== want.length || !want.every((w) => folders.includes(w))) return undefined;
    }
  }
  // Every partition must read its files the same way (a CSV's escape is chosen from its data).
  const shapes = new Set(filled.map((g) => reader(table, g.files).split(sqlStringList(g.files)).join('')));
  if (shapes.size !== 1) return undefined;
  const hive: HiveRead = {
    select: `, ${keys.map((k) => ident(k.name)).join(', ')}`,
    options: `, hive_partitioning=true, hive_types_autocast=false, hive_types={${keys.map((k) => `${sqlString(k.name)}: ${sqlString(duckType(k.type))}`).join(', ')}}`,
  };
  return reader(table, filled.flatMap((g) => g.files), hive, millis);
}

/**
 * The DuckDB query that reads a table the way Athena would: its columns, then its partition keys.
 * `millis`: a Parquet table's timestamp columns stored to the millisecond in every file.
 */
export function tableQuery(table: Table, groups: readonly FileGroup[], millis?: ReadonlySet<string>): string {
  const all = [...table.storage.columns, ...table.partitionKeys];
  if (table.partitionKeys.length) {
    const one = hiveQuery(table, groups, millis);
    if (one) return one;
  }
  const branches: string[] = [];
  for (const group of groups) {
    if (!group.files.length) continue;
    const read = reader(table, group.files, undefined, millis);
    if (!table.partitionKeys.length) {
      branches.push(read);
      continue;
    }
    const keys = table.partitionKeys.map((k, i) => `TRY_CAST(${sqlString(group.partitionValues[i] ?? '')} AS ${duckType(k.type)}) AS ${ident(k.name)}`);
    branches.push(`SELECT *, ${keys.join(', ')} FROM (${read})`);
  }
  return branches.length ? branches.join('\nUNION ALL\n') : emptyReader(all);
}
