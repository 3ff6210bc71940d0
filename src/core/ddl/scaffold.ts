import { SERDE } from '../catalog/model';
import { athenaType, type ColumnProfile, type InferredType } from '../csv/infer';
import { hiveType, type JsonSample } from '../csv/jsonLines';
import type { CsvSample } from '../csv/sniff';
import { backtickIdent, quoteIdent } from '../sql/identifiers';

/**
 * From a sniffed sample to three layers Athena can really read:
 *  - raw: CREATE EXTERNAL TABLE with the SerDe the data needs, typing only what that SerDe parses;
 *  - staging: a view (or CTAS) that trims, turns null tokens into NULL and casts each column;
 *  - curated: a CTAS to Parquet (ZSTD) or Iceberg, optionally partitioned by year/month.
 */
export type Layer = 'raw' | 'staging' | 'curated';
export type Serde = 'lazysimple' | 'opencsv' | 'json';

export interface ScaffoldOptions {
  readonly table: string;
  readonly layers: readonly Layer[];
  readonly databases: Readonly<Record<Layer, string>>;
  /** s3://…/ prefixes; each table gets `<zone><table>/`. */
  readonly zones: Readonly<Record<Layer, string>>;
  readonly stagingAs: 'view' | 'ctas';
  readonly curatedFormat: 'parquet' | 'iceberg';
  readonly compression: string;
  /** A date or timestamp column to partition the curated table by year and month. */
  readonly partitionBy?: string;
}

export const DEFAULT_SCAFFOLD: Omit<ScaffoldOptions, 'table'> = {
  layers: ['raw', 'staging', 'curated'],
  databases: { raw: 'raw', staging: 'staging', curated: 'curated' },
  zones: { raw: 's3://my-lakehouse/raw/', staging: 's3://my-lakehouse/staging/', curated: 's3://my-lakehouse/curated/' },
  stagingAs: 'view',
  curatedFormat: 'parquet',
  compression: 'ZSTD',
};

export interface ColumnPlan {
  readonly name: string;
  readonly original: string;
  /** The type in the raw table (what the SerDe can parse). */
  readonly rawType: string;
  /** The type after staging. */
  readonly stagingType: string;
  /** The detected format, when it matters for the cast (`%m/%d/%Y`, `iso8601`, `epoch-seconds`…). */
  readonly format?: string;
  /** Why the raw type is string though the data is typed. */
  readonly note?: string;
}

export interface Scaffold {
  readonly serde: Serde;
  readonly columns: readonly ColumnPlan[];
  readonly statements: readonly { readonly layer: Layer; readonly sql: string }[];
  readonly warnings: readonly string[];
}

/** A sample Athena cannot read as it is: the message names the problem and the way out. */
export class ScaffoldError extends Error {
  override readonly name = 'ScaffoldError';
}

const bt = backtickIdent;
const dq = quoteIdent;
const str = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const zone = (z: string, table: string): string => `${z.endsWith('/') ? z : `${z}/`}${table}/`;

/** How a delimiter is written in Hive DDL. */
function hiveChar(c: string): string {
  if (c === '\t') return '\\t';
  if (c === '\u0001') return '\\001';
  return c === "'" ? "\\'" : c;
}

function dateFormatPattern(t: InferredType): string | undefined {
  if (t.kind === 'date') return t.format === 'mdy' ? '%m/%d/%Y' : t.format === 'dmy' ? '%d/%m/%Y' : undefined;
  if (t.kind === 'timestamp') return t.format === 'sql' ? undefined : t.format;
  return undefined;
}

/** Which inferred types a SerDe parses by itself, for values exactly as written. */
function rawTypeFor(serde: Serde, p: ColumnProfile, lastColumnWithCr: boolean): { type: string; note?: string } {
  const t = p.type;
  const onlyEmptyNulls = [...p.nullTokens].every((n) => n === '');
  if (t.kind === 'string') return { type: 'string' };
  if (serde === 'opencsv') {
    // OpenCSVSerde recognises BOOLEAN, BIGINT, INT and DOUBLE, and fails on an empty numeric value.
    if (p.nullTokens.size) return { type: 'string', note: 'OpenCSVSerde fails on empty or null-token values in non-string columns' };
    if (p.padded) return { type: 'string', note: 'values have spaces around them' };
    if (t.kind === 'integer') return { type: t.type === 'bigint' ? 'bigint' : 'int' };
    if (t.kind === 'double' || t.kind === 'boolean') return { type: t.kind };
    return { type: 'string', note: 'OpenCSVSerde reads only BOOLEAN, INT, BIGINT and DOUBLE' };
  }
  // LazySimpleSerDe (and the JSON SerDe's string values): no trimming, NULL only for the null format.
  if (lastColumnWithCr) return { type: 'string', note: 'the file has CRLF line ends and LazySimpleSerDe keeps the \\r in the last column' };
  if (!onlyEmptyNulls) return { type: 'string', note: `null tokens (${[...p.nullTokens].filter((n) => n !== '').join(', ')}) are turned into NULL in staging` };
  if (p.padded) return { type: 'string', note: 'values have spaces around them' };
  if (t.kind === 'date' && t.format !== 'iso') return { type: 'string', note: `dates in ${dateFormatPattern(t) ?? t.format} format` };
  if (t.kind === 'timestamp' && t.format !== 'sql') return { type: 'string', note: `timestamps as ${t.format}` };
  if (t.kind === 'decimal' && t.comma) return { type: 'string', note: 'decimal commas' };
  if (t.kind === 'integer') return { type: t.type };
  return { type: athenaType(t) };
}

/** The staging expression for one column read from the raw table. */
function stagingExpr(ref: string, c: ColumnPlan, p: ColumnProfile | undefined, csv: boolean): string {
  if (!p) return ref;
  // Strings from a CSV are trimmed and their null tokens become NULL; the rest pass through as typed.
  const clean = p.type.kind === 'string' && c.rawType === 'string' && (csv || p.padded || p.nullTokens.size > 0);
  if (c.rawType === c.stagingType && !clean) return ref;
  // A typed raw column (e.g. OpenCSVSerde's int for a tinyint column) only narrows.
  if (c.rawType !== 'string') return `CAST(${ref} AS ${c.stagingType === 'int' ? 'integer' : c.stagingType})`;
  const tokens = [...new Set(['', ...p.nullTokens])];
  const cleaned = tokens.length === 1 ? `nullif(trim(${ref}), '')` : `CASE WHEN trim(${ref}) IN (${tokens.map(str).join(', ')}) THEN NULL ELSE trim(${ref}) END`;
  const t = p.type;
  switch (t.kind) {
    case 'string':
      return cleaned;
    case 'boolean':
      return `CASE lower(${cleaned}) WHEN 'true' THEN true WHEN 'false' THEN false END`;
    case 'integer':
      return `try_cast(${cleaned} AS ${t.type === 'int' ? 'integer' : t.type})`;
    case 'decimal':
      // A decimal comma becomes a point before the cast.
      return `try_cast(${t.comma ? `replace(${cleaned}, ',', '.')` : cleaned} AS decimal(${t.precision},${t.scale}))`;
    case 'double':
      return `try_cast(${cleaned} AS double)`;
    case 'date':
      return t.format === 'iso' ? `try_cast(${cleaned} AS date)` : `CAST(try(date_parse(${cleaned}, ${str(dateFormatPattern(t) ?? '')})) AS date)`;
    case 'timestamp':
      switch (t.format) {
        case 'sql':
          return `try_cast(${cleaned} AS timestamp)`;
        case 'iso8601':
          return `CAST(try(from_iso8601_timestamp(${cleaned})) AS timestamp)`;
        case 'epoch-seconds':
          return `CAST(from_unixtime(try_cast(${cleaned} AS bigint)) AS timestamp)`;
        case 'epoch-millis':
          return `CAST(from_unixtime(try_cast(${cleaned} AS bigint) / 1000.0) AS timestamp)`;
      }
  }
}

function planCsv(sample: CsvSample): { serde: Serde; plans: ColumnPlan[]; profiles: (ColumnProfile | undefined)[] } {
  const d = sample.dialect;
  if (d.anyQuoted && d.quotedNewline) {
    throw new ScaffoldError(
      "Some quoted values hold line breaks. Athena's OpenCSVSerde reads every line as a row, so those rows would be split and misread. Re-export without line breaks inside values, or convert the file to JSON lines or Parquet first.",
    );
  }
  const serde: Serde = d.anyQuoted ? 'opencsv' : 'lazysimple';
  const crlf = d.lineEnding === '\r\n' && serde === 'lazysimple';
  const plans = sample.columns.map((c, i) => {
    const raw = rawTypeFor(serde, c.profile, crlf && i === sample.columns.length - 1);
    const stagingType = athenaType(c.profile.type);
    const format = dateFormatPattern(c.profile.type);
    return { name: c.name, original: c.original, rawType: raw.type, stagingType, ...(format ? { format } : {}), ...(raw.note && raw.type !== stagingType ? { note: raw.note } : {}) };
  });
  return { serde, plans, profiles: sample.columns.map((c) => c.profile) };
}

function planJson(sample: JsonSample): { serde: Serde; plans: ColumnPlan[]; profiles: (ColumnProfile | undefined)[] } {
  const plans = sample.columns.map((c): ColumnPlan => {
    if (c.profile) {
      const stagingType = athenaType(c.profile.type);
      const format = dateFormatPattern(c.profile.type);
      // JSON strings stay strings in raw; staging casts what they hold.
      return { name: c.name, original: c.original, rawType: 'string', stagingType, ...(format ? { format } : {}), ...(stagingType !== 'string' ? { note: 'text values in the JSON' } : {}) };
    }
    const t = hiveType(c.shape);
    return { name: c.name, original: c.original, rawType: t, stagingType: t };
  });
  return { serde: 'json', plans, profiles: sample.columns.map((c) => c.profile) };
}

function rawDdl(sample: CsvSample | JsonSample, serde: Serde, plans: readonly ColumnPlan[], o: ScaffoldOptions): string {
  const cols = plans
    .map((c) => {
      const comment = c.original && c.original !== c.name ? ` COMMENT ${str(c.original)}` : '';
      return `  ${bt(c.name)} ${c.rawType}${comment}`;
    })
    .join(',\n');
  const head = `CREATE EXTERNAL TABLE IF NOT EXISTS ${bt(o.databases.raw)}.${bt(o.table)} (\n${cols}\n)`;
  const location = `LOCATION ${str(zone(o.zones.raw, o.table))}`;
  if (serde === 'json') {
    const mappings = plans.filter((c) => c.original !== c.name).map((c) => `  ${str(`mapping.${c.name}`)} = ${str(c.original)}`);
    const props = mappings.length ? `\nWITH SERDEPROPERTIES (\n${mappings.join(',\n')}\n)` : '';
    return `${head}\nROW FORMAT SERDE ${str(SERDE.openxJson)}${props}\n${location}`;
  }
  const csv = sample as CsvSample;
  const d = csv.dialect;
  const tblProps: string[] = [];
  if (d.header) tblProps.push(`  'skip.header.line.count' = '1'`);
  if (serde === 'lazysimple') {
    tblProps.push(`  'serialization.null.format' = ''`);
    const escaped = d.escape === '\\' ? `\n  ESCAPED BY '\\\\'` : '';
    return `${head}\nROW FORMAT DELIMITED\n  FIELDS TERMINATED BY '${hiveChar(d.delimiter)}'${escaped}\n  LINES TERMINATED BY '\\n'\nSTORED AS TEXTFILE\n${location}\nTBLPROPERTIES (\n${tblProps.join(',\n')}\n)`;
  }
  const serdeProps = [`  'separatorChar' = '${hiveChar(d.delimiter)}'`, `  'quoteChar' = '"'`, `  'escapeChar' = '\\\\'`];
  return `${head}\nROW FORMAT SERDE ${str(SERDE.openCsv)}\nWITH SERDEPROPERTIES (\n${serdeProps.join(',\n')}\n)\nSTORED AS TEXTFILE\n${location}${tblProps.length ? `\nTBLPROPERTIES (\n${tblProps.join(',\n')}\n)` : ''}`;
}

function stagingSql(plans: readonly ColumnPlan[], profiles: readonly (ColumnProfile | undefined)[], o: ScaffoldOptions, csv: boolean): string {
  const select = plans.map((c, i) => `  ${stagingExpr(dq(c.name), c, profiles[i], csv)} AS ${dq(c.name)}`).join(',\n');
  const body = `SELECT\n${select}\nFROM ${dq(o.databases.raw)}.${dq(o.table)}`;
  if (o.stagingAs === 'view') return `CREATE OR REPLACE VIEW ${dq(o.databases.staging)}.${dq(o.table)} AS\n${body}`;
  return `CREATE TABLE ${dq(o.databases.staging)}.${dq(o.table)}\nWITH (\n  format = 'PARQUET',\n  write_compression = ${str(o.compression)},\n  external_location = ${str(zone(o.zones.staging, o.table))}\n) AS\n${body}`;
}

function curatedSql(plans: readonly ColumnPlan[], o: ScaffoldOptions, warnings: string[]): string {
  const names = new Set(plans.map((c) => c.name));
  const partition = o.partitionBy ? plans.find((c) => c.name === o.partitionBy) : undefined;
  if (o.partitionBy && (!partition || (partition.stagingType !== 'date' && partition.stagingType !== 'timestamp'))) {
    throw new ScaffoldError(`Partitioning needs a date or timestamp column; ${o.partitionBy} is ${partition ? partition.stagingType : 'not a column'}.`);
  }
  const yearCol = names.has('year') ? 'part_year' : 'year';
  const monthCol = names.has('month') ? 'part_month' : 'month';
  const select = plans.map((c) => `  ${dq(c.name)}`);
  const props = [`  format = 'PARQUET'`, `  write_compression = ${str(o.compression)}`];
  if (o.curatedFormat === 'iceberg') {
    props.unshift(`  table_type = 'ICEBERG'`, `  is_external = false`);
    props.push(`  location = ${str(zone(o.zones.curated, o.table))}`);
    if (partition) props.push(`  partitioning = ARRAY['month(${partition.name})']`);
  } else {
    props.push(`  external_location = ${str(zone(o.zones.curated, o.table))}`);
    if (partition) {
      // Partition columns go last; Athena writes at most 100 partitions per CTAS.
      select.push(`  year(${dq(partition.name)}) AS ${dq(yearCol)}`, `  month(${dq(partition.name)}) AS ${dq(monthCol)}`);
      props.push(`  partitioned_by = ARRAY['${yearCol}', '${monthCol}']`);
      warnings.push('A CTAS writes at most 100 partitions: for more than 100 months of data, create the table from a range of months, then INSERT INTO the rest in batches.');
    }
  }
  return `CREATE TABLE ${dq(o.databases.curated)}.${dq(o.table)}\nWITH (\n${props.join(',\n')}\n) AS\nSELECT\n${select.join(',\n')}\nFROM ${dq(o.databases.staging)}.${dq(o.table)}`;
}

export function scaffold(sample: CsvSample | JsonSample, options: ScaffoldOptions): Scaffold {
  const { serde, plans, profiles } = sample.format === 'json' ? planJson(sample) : planCsv(sample);
  const warnings = [...sample.warnings];
  for (const c of plans) if (c.note) warnings.push(`${c.name}: raw ${c.rawType}, ${c.stagingType} in staging (${c.note}).`);
  const statements: { layer: Layer; sql: string }[] = [];
  if (options.layers.includes('raw')) statements.push({ layer: 'raw', sql: rawDdl(sample, serde, plans, options) });
  if (options.layers.includes('staging')) statements.push({ layer: 'staging', sql: stagingSql(plans, profiles, options, sample.format === 'csv') });
  if (options.layers.includes('curated')) statements.push({ layer: 'curated', sql: curatedSql(plans, options, warnings) });
  return { serde, columns: plans, statements, warnings };
}

/** The whole scaffold as one SQL document: databases first, then each layer, with notes. */
export function scaffoldDocument(s: Scaffold, o: ScaffoldOptions, source: string): string {
  const lines = [`-- Generated by Lakehouse Tools from ${source}`, `-- SerDe: ${s.serde === 'lazysimple' ? 'LazySimpleSerDe (no quoting in the data)' : s.serde === 'opencsv' ? 'OpenCSVSerde (the data has quoted values)' : 'OpenX JSON SerDe (JSON lines)'}`];
  for (const w of s.warnings) lines.push(`-- Note: ${w}`);
  lines.push('');
  for (const layer of o.layers) lines.push(`CREATE DATABASE IF NOT EXISTS ${bt(o.databases[layer])};`);
  for (const st of s.statements) lines.push('', `-- ${st.layer}`, `${st.sql};`);
  return `${lines.join('\n')}\n`;
}

/** Data-quality checks for a table: counts, NULLs, distinct values, ranges, duplicate keys, freshness. */
export function qualityChecks(table: { database: string; name: string; columns: readonly { name: string; type: string }[] }, options: { key?: string; freshness?: string } = {}): string {
  const from = `FROM ${dq(table.database)}.${dq(table.name)}`;
  const simple = table.columns.filter((c) => !/^(array|map|struct|row)\b/i.test(c.type));
  const ranged = table.columns.filter((c) => /^(tinyint|smallint|int|integer|bigint|decimal|double|real|float|date|timestamp)\b/i.test(c.type));
  const parts = [`-- Data-quality checks for ${table.database}.${table.name}`, '', '-- Row count', `SELECT count(*) AS row_count ${from};`];
  parts.push('', '-- NULLs per column', `SELECT\n${table.columns.map((c) => `  count(*) - count(${dq(c.name)}) AS ${dq(`${c.name}_nulls`)}`).join(',\n')}\n${from};`);
  if (simple.length) parts.push('', '-- Distinct values per column', `SELECT\n${simple.map((c) => `  count(DISTINCT ${dq(c.name)}) AS ${dq(`${c.name}_distinct`)}`).join(',\n')}\n${from};`);
  if (ranged.length) parts.push('', '-- Ranges of numeric and date columns', `SELECT\n${ranged.map((c) => `  min(${dq(c.name)}) AS ${dq(`${c.name}_min`)},\n  max(${dq(c.name)}) AS ${dq(`${c.name}_max`)}`).join(',\n')}\n${from};`);
  if (options.key) parts.push('', `-- Duplicate keys (${options.key})`, `SELECT ${dq(options.key)}, count(*) AS n\n${from}\nGROUP BY ${dq(options.key)}\nHAVING count(*) > 1\nORDER BY n DESC\nLIMIT 100;`);
  if (options.freshness) {
    const f = dq(options.freshness);
    parts.push('', `-- Freshness (${options.freshness})`, `SELECT max(${f}) AS newest, date_diff('day', CAST(max(${f}) AS date), current_date) AS days_old\n${from};`);
  }
  return `${parts.join('\n')}\n`;
}
