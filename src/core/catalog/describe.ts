import { isProjected } from './projection';
import { dataFormat, type Column, type DataFormat, type Table } from './model';

/** What kind of table a node is, for its icon and its context menu. */
export type TableKind = 'view' | 'iceberg' | 'external' | 'managed';

export function tableKind(t: Table): TableKind {
  const format = dataFormat(t);
  if (format === 'view') return 'view';
  if (format === 'iceberg') return 'iceberg';
  return t.tableType === 'MANAGED_TABLE' ? 'managed' : 'external';
}

const FORMAT_LABELS: Record<DataFormat, string> = {
  'csv-lazysimple': 'CSV (LazySimpleSerDe)',
  'csv-opencsv': 'CSV (OpenCSVSerde)',
  json: 'JSON',
  parquet: 'Parquet',
  orc: 'ORC',
  avro: 'Avro',
  iceberg: 'Iceberg',
  view: 'view',
  unknown: 'unknown format',
};

export const formatLabel = (t: Table): string => {
  const f = dataFormat(t);
  if (f === 'iceberg') {
    const inner = t.parameters.format ?? t.parameters['write.format.default'];
    return inner ? `Iceberg (${inner.toLowerCase()})` : 'Iceberg';
  }
  if (f === 'unknown' && t.storage.serde.serializationLibrary) return t.storage.serde.serializationLibrary.split('.').pop() ?? 'unknown format';
  return FORMAT_LABELS[f];
};

/** The short text beside a table in the tree: its format, and its partition keys when it has some. */
export function tableDescription(t: Table): string {
  const keys = t.partitionKeys.map((k) => k.name);
  const partitioned = keys.length ? ` · by ${keys.join(', ')}` : isProjected(t) ? ' · projected' : '';
  return `${formatLabel(t)}${partitioned}`;
}

/** Table properties worth a look in a tooltip: projection, Iceberg, compression, classification. */
const NOTABLE = /^(projection\.|storage\.location\.template$|table_type$|format$|write_compression$|parquet\.compression$|orc\.compress$|classification$|has_encrypted_data$|skip\.header\.line\.count$|serialization\.null\.format$|vacuum_|optimize_|write\.)/;

export interface TooltipFacts {
  readonly title: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly properties: readonly (readonly [string, string])[];
  readonly description?: string;
}

/** The facts a table's tooltip shows, in order (the tree renders them as Markdown). */
export function tableFacts(t: Table): TooltipFacts {
  const facts: [string, string][] = [];
  const kind = tableKind(t);
  facts.push(['Type', kind === 'view' ? 'view' : kind === 'iceberg' ? 'Iceberg table' : kind === 'managed' ? 'managed table' : 'external table']);
  if (kind !== 'view') {
    facts.push(['Format', formatLabel(t)]);
    if (t.storage.location) facts.push(['Location', t.storage.location]);
    if (t.storage.serde.serializationLibrary) facts.push(['SerDe', t.storage.serde.serializationLibrary]);
    const serdeProps = Object.entries(t.storage.serde.parameters).filter(([k]) => k !== 'serialization.format');
    if (serdeProps.length) facts.push(['SerDe properties', serdeProps.map(([k, v]) => `${k}=${JSON.stringify(v).slice(1, -1)}`).join(', ')]);
  }
  facts.push(['Columns', String(t.storage.columns.length)]);
  if (t.partitionKeys.length) facts.push(['Partition keys', t.partitionKeys.map((k) => `${k.name} ${k.type}`).join(', ')]);
  if (isProjected(t)) facts.push(['Partitions', 'partition projection (computed from table properties, not stored in Glue)']);
  const updated = t.updateTime ?? t.createTime;
  if (updated) facts.push([t.updateTime ? 'Last updated' : 'Created', updated]);
  const properties = Object.entries(t.parameters)
    .filter(([k]) => NOTABLE.test(k))
    .sort(([a], [b]) => a.localeCompare(b));
  return { title: `${t.database}.${t.name}`, facts, properties, ...(t.description ? { description: t.description } : {}) };
}

/** The text beside a column: its type, and "partition key" for one. */
export const columnDescription = (c: Column, partitionKey: boolean): string => (partitionKey ? `${c.type} · partition key` : c.type);

/** A partition's label: `year=2024 / month=01`. */
export const partitionLabel = (keys: readonly Column[], values: readonly string[]): string => values.map((v, i) => `${keys[i]?.name ?? `p${i}`}=${v}`).join(' / ');
