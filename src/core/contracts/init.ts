import { stringify } from 'yaml';
import { dataFormat, SERDE, type Column, type Table } from '../catalog/model';
import { athenaType } from '../csv/infer';
import type { CsvSample } from '../csv/sniff';
import { quoteIdent } from '../sql/identifiers';
import { ODCS_VERSION } from './validate';

/** What profiling a column found. */
export interface ColumnProfile {
  readonly nulls: number;
  readonly distinct: number;
  readonly min?: string | number;
  readonly max?: string | number;
  /** Every value, when there are few (at most VALUE_SET). */
  readonly values?: readonly string[];
}

/** Text columns with at most this many values get a validValues rule. */
export const VALUE_SET = 10;

const NUMERIC = /^(tinyint|smallint|int|integer|bigint|float|double|real|decimal)/;
const ORDERED = /^(tinyint|smallint|int|integer|bigint|float|double|real|decimal|date|timestamp)/;
const TEXT = /^(string|varchar|char)/;

/** The profile query of a table: one row, per column its NULLs, distinct values, and range when ordered. */
export function profileSql(table: Table): string {
  const ref = `${quoteIdent(table.database)}.${quoteIdent(table.name)}`;
  const parts = ['count(*)'];
  for (const c of columns(table)) {
    const col = quoteIdent(c.name);
    parts.push(`count_if(${col} IS NULL)`, /^(array|map|struct|row)/.test(c.type) ? '0' : `count(DISTINCT ${col})`);
    if (ORDERED.test(c.type)) parts.push(`CAST(min(${col}) AS varchar)`, `CAST(max(${col}) AS varchar)`);
  }
  return `SELECT\n  ${parts.join(',\n  ')}\nFROM ${ref}`;
}

/** The query of one low-cardinality text column's values. */
export function valuesSql(table: Table, column: string): string {
  return `SELECT DISTINCT ${quoteIdent(column)} FROM ${quoteIdent(table.database)}.${quoteIdent(table.name)} WHERE ${quoteIdent(column)} IS NOT NULL ORDER BY 1 LIMIT ${VALUE_SET + 1}`;
}

function columns(table: Table): Column[] {
  return [...table.storage.columns, ...table.partitionKeys];
}

/** Reads the profile query's row into a profile per column (values come apart). */
export function readProfile(table: Table, row: readonly unknown[]): { rowCount: number; columns: Map<string, ColumnProfile> } {
  let i = 1;
  const out = new Map<string, ColumnProfile>();
  const num = (v: unknown): number => Number(v ?? 0);
  const scalar = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined);
  for (const c of columns(table)) {
    const nulls = num(row[i++]);
    const distinct = num(row[i++]);
    let range: { min?: string; max?: string } = {};
    if (ORDERED.test(c.type)) {
      const min = scalar(row[i++]);
      const max = scalar(row[i++]);
      range = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    out.set(c.name, { nulls, distinct, ...range });
  }
  return { rowCount: num(row[0]), columns: out };
}

/** The columns whose values are worth listing (text, few values). */
export function valueSetColumns(table: Table, profile: ReadonlyMap<string, ColumnProfile>): string[] {
  return columns(table)
    .filter((c) => TEXT.test(c.type) && (profile.get(c.name)?.distinct ?? 0) > 0 && (profile.get(c.name)?.distinct ?? 0) <= VALUE_SET)
    .map((c) => c.name);
}

const FORMAT: Record<string, string> = { 'csv-opencsv': 'csv', 'csv-lazysimple': 'csv', json: 'json', parquet: 'parquet', orc: 'orc', avro: 'avro', iceberg: 'iceberg' };
const sqlNumber = (v: string | number | undefined): string | undefined => (v === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(String(v)) ? String(v) : undefined);

/**
 * A data contract for a table as it is: its schema (types from the catalog, `required` where no
 * NULL was seen, `unique` where every value differs, partition keys in order) and rules from its
 * profile (row count, the NULL share where there are NULLs, value sets of few-valued text
 * columns, ranges of numbers). Every rule holds on the data it was made from.
 */
export function contractFromTable(table: Table, profile: { rowCount: number; columns: ReadonlyMap<string, ColumnProfile> }, options: { stagingDir: string; servers?: readonly Record<string, unknown>[]; from?: string }): string {
  const keys = new Map(table.partitionKeys.map((k, i) => [k.name, i + 1]));
  const properties = columns(table).map((c) => {
    const p = profile.columns.get(c.name);
    const quality: Record<string, unknown>[] = [];
    if (p && p.nulls > 0 && profile.rowCount > 0) {
      const share = Math.ceil((1000 * p.nulls) / profile.rowCount) / 10;
      quality.push({ metric: 'nullValues', unit: 'percent', mustBeLessOrEqualTo: share });
    }
    if (p?.values?.length) quality.push({ metric: 'invalidValues', arguments: { validValues: [...p.values] }, mustBe: 0 });
    const min = sqlNumber(p?.min);
    const max = sqlNumber(p?.max);
    if (NUMERIC.test(c.type) && min !== undefined && max !== undefined) {
      quality.push({ name: `${c.name} between ${min} and ${max}`, type: 'sql', query: `SELECT count(*) FROM \${object} WHERE \${property} < ${min} OR \${property} > ${max}`, mustBe: 0 });
    }
    return {
      name: c.name,
      physicalType: c.type,
      ...(c.comment ? { description: c.comment } : {}),
      ...(p && profile.rowCount > 0 && p.nulls === 0 ? { required: true } : {}),
      ...(p && profile.rowCount > 1 && p.nulls === 0 && p.distinct === profile.rowCount ? { unique: true } : {}),
      ...(keys.has(c.name) ? { partitioned: true, partitionKeyPosition: keys.get(c.name) } : {}),
      ...(quality.length ? { quality } : {}),
    };
  });
  const format = FORMAT[dataFormat(table)];
  const servers: Record<string, unknown>[] = options.servers ? [...options.servers] : [];
  if (!options.servers) {
    if (table.storage.location && format) servers.push({ server: 'files', type: 's3', location: table.storage.location, format });
    servers.push({ server: 'athena', type: 'athena', schema: table.database, stagingDir: options.stagingDir });
  }
  const contract = {
    apiVersion: ODCS_VERSION,
    kind: 'DataContract',
    id: `${table.database}-${table.name}`.replace(/_/g, '-'),
    name: `${table.database}.${table.name}`,
    version: '0.1.0',
    status: 'draft',
    servers,
    schema: [
      {
        name: table.name,
        physicalType: table.tableType === 'VIRTUAL_VIEW' ? 'view' : 'table',
        ...(table.description ? { description: table.description } : {}),
        properties,
        quality: [{ metric: 'rowCount', mustBeGreaterThan: 0 }],
      },
    ],
  };
  return `# A data contract drafted from ${options.from ?? `${table.database}.${table.name}`} and a profile of its ${profile.rowCount.toLocaleString('en')} rows.\n# Each rule holds on that data; tighten or loosen them, then test with lakehouse contract test.\n${stringify(contract, { lineWidth: 0 })}`;
}

/**
 * A draft contract from a CSV sample: the types the scaffolding infers (what staging casts to),
 * and the profile of the sample's rows. Its server is the file itself (`local`), and an athena
 * server for `database` when one is given.
 */
export function contractFromCsvSample(table: string, file: string, sample: CsvSample, options: { database?: string; stagingDir: string }): string {
  const columns = sample.columns.map((c) => ({ name: c.name, type: athenaType(c.profile.type), ...(c.original && c.original !== c.name ? { comment: c.original } : {}) }));
  const profiles = new Map<string, ColumnProfile>();
  sample.columns.forEach((c, i) => {
    const seen: string[] = [];
    let nulls = 0;
    for (const row of sample.rows) {
      const v = (row[i] ?? '').trim();
      if (v === '' || c.profile.nullTokens.has(v)) nulls++;
      else seen.push(v);
    }
    const distinct = new Set(seen);
    const type = athenaType(c.profile.type);
    const numbers = NUMERIC.test(type) ? seen.map(Number).filter((n) => Number.isFinite(n)) : [];
    profiles.set(c.name, {
      nulls,
      distinct: distinct.size,
      ...(numbers.length ? { min: Math.min(...numbers), max: Math.max(...numbers) } : {}),
      ...(TEXT.test(type) && distinct.size > 0 && distinct.size <= VALUE_SET ? { values: [...distinct].sort() } : {}),
    });
  });
  const t: Table = {
    database: options.database ?? 'raw',
    name: table,
    tableType: 'EXTERNAL_TABLE',
    storage: { columns, serde: { serializationLibrary: SERDE.openCsv, parameters: {} } },
    partitionKeys: [],
    parameters: {},
  };
  const servers: Record<string, unknown>[] = [{ server: 'sample', type: 'local', path: file, format: 'csv' }];
  if (options.database) servers.push({ server: 'athena', type: 'athena', schema: options.database, stagingDir: options.stagingDir });
  return contractFromTable(t, { rowCount: sample.rows.length, columns: profiles }, { stagingDir: options.stagingDir, servers, from: file });
}
