import { stringify } from 'yaml';
import { dataFormat, SERDE, type Table } from '../catalog/model';
import { athenaType } from '../csv/infer';
import type { CsvSample } from '../csv/sniff';
import { columnsOf, NUMERIC, TEXT, VALUE_SET, type ColumnProfile, type TableProfile } from './profile';
import { ODCS_VERSION } from './validate';

const FORMAT: Record<string, string> = { 'csv-opencsv': 'csv', 'csv-lazysimple': 'csv', json: 'json', parquet: 'parquet', orc: 'orc', avro: 'avro', iceberg: 'iceberg' };
const sqlNumber = (v: string | number | undefined): string | undefined => (v === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(String(v)) ? String(v) : undefined);

/**
 * A data contract for a table as it is: its schema (types from the catalog, `required` where no
 * NULL was seen, `unique` where every value differs, partition keys in order) and rules from its
 * profile (row count, the NULL share where there are NULLs, value sets of few-valued text
 * columns, ranges of numbers). Every rule holds on the data it was made from.
 */
export function contractFromTable(table: Table, profile: TableProfile, options: { stagingDir: string; servers?: readonly Record<string, unknown>[]; from?: string }): string {
  const keys = new Map(table.partitionKeys.map((k, i) => [k.name, i + 1]));
  const properties = columnsOf(table).map((c) => {
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

/** Where an athena server of a drafted contract keeps results: the configured location, else one beside the table's data. */
export function draftStagingDir(configured: unknown, tableLocation: string | undefined): string {
  if (typeof configured === 'string' && configured) return configured;
  return `s3://${/^s3:\/\/([^/]+)/.exec(tableLocation ?? '')?.[1] ?? 'my-bucket'}/athena-results/`;
}
