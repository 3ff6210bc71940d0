import { SERDE } from '../catalog/model';
import type { Layer } from '../ddl/scaffold';
import { backtickIdent, quoteIdent } from '../sql/identifiers';
import { columnType, partitionProperties, type Contract, type ContractObject, type ContractProperty, type ContractServer } from './model';

export interface ContractDdlOptions {
  readonly layers: readonly Layer[];
  /** Databases of the layers (a raw table goes to its server's database when it names one). */
  readonly databases: Readonly<Record<Layer, string>>;
  /** s3://…/ prefixes of the staging and curated layers; each table gets `<zone><table>/`. */
  readonly zones: Readonly<Record<Layer, string>>;
  readonly curatedFormat: 'parquet' | 'iceberg';
  readonly compression: string;
  /** The server whose files the raw table reads (by name); else the first that has a location. */
  readonly server?: string;
  /** The raw tables' database, over the server's own (a glue `database`) and the layer's. */
  readonly rawDatabase?: string;
}

export interface ContractDdl {
  readonly object: string;
  readonly statements: readonly { readonly layer: Layer; readonly sql: string }[];
}

export class ContractDdlError extends Error {
  override readonly name = 'ContractDdlError';
}

const str = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const zone = (z: string, table: string): string => `${z.endsWith('/') ? z : `${z}/`}${table}/`;
/** Formats with a type per value in the file: the raw table declares the contract's types. */
const TYPED = new Set(['parquet', 'orc', 'avro']);

/** The server the raw tables read: the one named, else the first with a location and format. */
export function dataServer(contract: Contract, name?: string): ContractServer {
  const usable = (s: ContractServer): boolean => (s.type === 's3' || s.type === 'glue') && Boolean(s.location) && Boolean(s.format);
  if (name !== undefined) {
    const s = contract.servers.find((x) => x.name === name);
    if (!s) throw new ContractDdlError(`The contract has no server named ${name} (it has ${contract.servers.map((x) => x.name).join(', ') || 'none'}).`);
    if (!usable(s)) throw new ContractDdlError(`Server ${name} is not an s3 or glue server with a location and a format: raw tables read files from S3.`);
    return s;
  }
  const s = contract.servers.find(usable);
  if (!s) throw new ContractDdlError('The contract has no s3 or glue server with a location and a format: raw tables need the files they read.');
  return s;
}

/** The folder a server's location names for an object: `{model}` is the object's name, a file glob is cut off. */
export function objectLocation(server: ContractServer, object: string): string {
  let loc = (server.location ?? '').replace(/\{model\}/g, object);
  const last = loc.slice(loc.lastIndexOf('/') + 1);
  if (/[*?]/.test(last) || /\.\w+$/.test(last)) loc = loc.slice(0, loc.lastIndexOf('/') + 1);
  return loc.endsWith('/') ? loc : `${loc}/`;
}

/** A DDL type as a CAST in a query writes it. */
function dmlType(t: string): string {
  return t.replace(/\bstring\b/g, 'varchar').replace(/\bint\b/g, 'integer').replace(/^struct</, 'row(');
}

/** The raw column's type: text formats keep what the SerDe cannot parse as a string. */
function rawType(format: string, p: ContractProperty): string {
  const t = columnType(p);
  if (TYPED.has(format)) return t;
  if (format === 'json') return /^(date|timestamp|decimal)/.test(t) ? 'string' : t;
  return 'string';
}

/** Values a property's own `missingValues` rule counts as missing: staging turns them into NULL. */
function nullTokens(p: ContractProperty): string[] {
  const tokens = new Set<string>(['']);
  for (const r of p.quality) {
    const given = r.metric === 'missingValues' ? r.arguments?.missingValues : undefined;
    if (Array.isArray(given)) for (const v of given) if (typeof v === 'string') tokens.add(v.trim());
  }
  return [...tokens];
}

function stagingExpr(format: string, p: ContractProperty): string {
  const ref = quoteIdent(p.name);
  const raw = rawType(format, p);
  const target = columnType(p);
  const tokens = nullTokens(p);
  if (raw !== 'string') return raw === target ? ref : `CAST(${ref} AS ${dmlType(target)})`;
  const cleaned = tokens.length === 1 ? `nullif(trim(${ref}), '')` : `CASE WHEN trim(${ref}) IN (${tokens.map(str).join(', ')}) THEN NULL ELSE trim(${ref}) END`;
  if (target === 'string' || /^(varchar|char)/.test(target)) return cleaned;
  if (target === 'boolean') return `CASE lower(${cleaned}) WHEN 'true' THEN true WHEN 'false' THEN false END`;
  // SQL text (2024-03-01 10:20:30) or ISO 8601 (2024-03-01T10:20:30Z), as exports write them.
  if (target === 'timestamp') return `coalesce(try_cast(${cleaned} AS timestamp), CAST(try(from_iso8601_timestamp(${cleaned})) AS timestamp))`;
  return `try_cast(${cleaned} AS ${dmlType(target)})`;
}

function rawDdl(o: ContractObject, server: ContractServer, database: string): string {
  const format = server.format ?? 'csv';
  if (format === 'iceberg') throw new ContractDdlError(`${o.name}: an Iceberg source is a table already; there is no raw table to declare over its files.`);
  const columns = o.properties.map((p) => `  ${backtickIdent(p.name)} ${rawType(format, p)}${p.description ? ` COMMENT ${str(p.description)}` : ''}`).join(',\n');
  const head = `CREATE EXTERNAL TABLE IF NOT EXISTS ${backtickIdent(database)}.${backtickIdent(o.name)} (\n${columns}\n)${o.description ? `\nCOMMENT ${str(o.description)}` : ''}`;
  const location = `LOCATION ${str(objectLocation(server, o.name))}`;
  if (TYPED.has(format)) return `${head}\nSTORED AS ${format.toUpperCase()}\n${location}`;
  if (format === 'json') return `${head}\nROW FORMAT SERDE ${str(SERDE.openxJson)}\n${location}`;
  const delimiter = server.delimiter && server.delimiter.length === 1 ? server.delimiter : ',';
  return `${head}\nROW FORMAT SERDE ${str(SERDE.openCsv)}\nWITH SERDEPROPERTIES (\n  'separatorChar' = ${str(delimiter === '\t' ? '\\t' : delimiter)},\n  'quoteChar' = '"',\n  'escapeChar' = '\\\\'\n)\nSTORED AS TEXTFILE\n${location}\nTBLPROPERTIES (\n  'skip.header.line.count' = '1'\n)`;
}

function stagingSql(o: ContractObject, format: string, rawDatabase: string, databases: ContractDdlOptions['databases']): string {
  const select = o.properties.map((p) => `  ${stagingExpr(format, p)} AS ${quoteIdent(p.name)}`).join(',\n');
  return `CREATE OR REPLACE VIEW ${quoteIdent(databases.staging)}.${quoteIdent(o.name)} AS\nSELECT\n${select}\nFROM ${quoteIdent(rawDatabase)}.${quoteIdent(o.name)}`;
}

function curatedSql(o: ContractObject, options: ContractDdlOptions): string {
  const partitions = partitionProperties(o);
  const keys = new Set(partitions.map((p) => p.name));
  // Partition columns go last in a CTAS's select list.
  const select = [...o.properties.filter((p) => !keys.has(p.name)), ...partitions].map((p) => `  ${quoteIdent(p.name)}`);
  const props = [`  format = 'PARQUET'`, `  write_compression = ${str(options.compression)}`];
  const where = zone(options.zones.curated, o.name);
  if (options.curatedFormat === 'iceberg') {
    props.unshift(`  table_type = 'ICEBERG'`, `  is_external = false`);
    props.push(`  location = ${str(where)}`);
    if (partitions.length) props.push(`  partitioning = ARRAY[${partitions.map((p) => str(p.name)).join(', ')}]`);
  } else {
    props.push(`  external_location = ${str(where)}`);
    if (partitions.length) props.push(`  partitioned_by = ARRAY[${partitions.map((p) => str(p.name)).join(', ')}]`);
  }
  return `CREATE TABLE ${quoteIdent(options.databases.curated)}.${quoteIdent(o.name)}\nWITH (\n${props.join(',\n')}\n) AS\nSELECT\n${select.join(',\n')}\nFROM ${quoteIdent(options.databases.staging)}.${quoteIdent(o.name)}`;
}

/**
 * For each object of the contract: the raw table over its server's files, the staging view that
 * casts to the contract's types (its `missingValues` tokens made NULL), and the curated CTAS
 * (Parquet or Iceberg, partitioned by the properties marked `partitioned`, in
 * `partitionKeyPosition` order).
 */
export function contractDdl(contract: Contract, options: ContractDdlOptions): ContractDdl[] {
  if (!contract.objects.length) throw new ContractDdlError('The contract has no schema objects to write DDL for.');
  const needsServer = options.layers.includes('raw') || options.layers.includes('staging');
  const server = needsServer ? dataServer(contract, options.server) : undefined;
  const rawDatabase = options.rawDatabase ?? server?.database ?? options.databases.raw;
  const format = server?.format ?? 'csv';
  return contract.objects.map((o) => {
    if (!o.properties.length) throw new ContractDdlError(`${o.name}: the object has no properties.`);
    const statements: { layer: Layer; sql: string }[] = [];
    if (options.layers.includes('raw') && server) statements.push({ layer: 'raw', sql: rawDdl(o, server, rawDatabase) });
    if (options.layers.includes('staging')) statements.push({ layer: 'staging', sql: stagingSql(o, format, rawDatabase, options.databases) });
    if (options.layers.includes('curated')) statements.push({ layer: 'curated', sql: curatedSql(o, options) });
    return { object: o.name, statements };
  });
}

/** The DDL as one SQL file: a header, then each object's statements, layer by layer. */
export function contractDdlDocument(contract: Contract, ddl: readonly ContractDdl[], source: string): string {
  const parts = [`-- DDL from the data contract ${contract.id}${contract.version ? ` ${contract.version}` : ''} (${source})`];
  for (const d of ddl) {
    for (const s of d.statements) parts.push(`-- ${d.object}: ${s.layer}\n${s.sql};`);
  }
  return `${parts.join('\n\n')}\n`;
}
