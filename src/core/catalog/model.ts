/**
 * The catalog model, shaped like the Glue Data Catalog's (Database, Table with StorageDescriptor,
 * PartitionKeys, Parameters, Partition), so the local engine and Glue map onto one thing.
 */

export interface Column {
  readonly name: string;
  /** Hive/Glue type text, lower case: `bigint`, `decimal(10,2)`, `array<string>`, `struct<a:int>`. */
  readonly type: string;
  readonly comment?: string;
}

export interface SerdeInfo {
  /** e.g. org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe */
  readonly serializationLibrary: string;
  readonly parameters: Readonly<Record<string, string>>;
}

export interface StorageDescriptor {
  readonly columns: readonly Column[];
  /** s3://bucket/prefix/ */
  readonly location?: string;
  readonly inputFormat?: string;
  readonly outputFormat?: string;
  readonly serde: SerdeInfo;
}

export type TableType = 'EXTERNAL_TABLE' | 'VIRTUAL_VIEW' | 'MANAGED_TABLE';

export interface Table {
  readonly database: string;
  readonly name: string;
  readonly tableType: TableType;
  readonly description?: string;
  readonly storage: StorageDescriptor;
  readonly partitionKeys: readonly Column[];
  /** TBLPROPERTIES */
  readonly parameters: Readonly<Record<string, string>>;
  /** For views: the SQL after AS. */
  readonly viewText?: string;
  readonly createTime?: string;
  readonly updateTime?: string;
}

export interface Database {
  readonly name: string;
  readonly description?: string;
  readonly locationUri?: string;
  readonly parameters?: Readonly<Record<string, string>>;
}

export interface Partition {
  /** Values in the order of the table's partition keys. */
  readonly values: readonly string[];
  readonly location: string;
}

/** The data format a table's storage descriptor amounts to, as a person names it. */
export type DataFormat = 'csv-lazysimple' | 'csv-opencsv' | 'json' | 'parquet' | 'orc' | 'avro' | 'iceberg' | 'view' | 'unknown';

export const SERDE = {
  lazySimple: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
  openCsv: 'org.apache.hadoop.hive.serde2.OpenCSVSerde',
  openxJson: 'org.openx.data.jsonserde.JsonSerDe',
  hiveJson: 'org.apache.hive.hcatalog.data.JsonSerDe',
  parquet: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  orc: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
  avro: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe',
} as const;

export const FORMATS = {
  text: { input: 'org.apache.hadoop.mapred.TextInputFormat', output: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat' },
  parquet: {
    input: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  },
  orc: { input: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat', output: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat' },
  avro: {
    input: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat',
  },
} as const;

export function dataFormat(table: Table): DataFormat {
  if (table.tableType === 'VIRTUAL_VIEW') return 'view';
  if ((table.parameters.table_type ?? '').toUpperCase() === 'ICEBERG') return 'iceberg';
  const lib = table.storage.serde.serializationLibrary;
  const input = table.storage.inputFormat ?? '';
  if (lib === SERDE.openCsv) return 'csv-opencsv';
  if (lib === SERDE.openxJson || lib === SERDE.hiveJson) return 'json';
  if (lib === SERDE.parquet || /parquet/i.test(input)) return 'parquet';
  if (lib === SERDE.orc || /orc/i.test(input)) return 'orc';
  if (lib === SERDE.avro || /avro/i.test(input)) return 'avro';
  if (lib === SERDE.lazySimple || /TextInputFormat/.test(input)) return 'csv-lazysimple';
  return 'unknown';
}

/** Serde properties whose values are single characters, written and read with Hive's escapes. */
export const DELIMITER_PROPERTIES: ReadonlySet<string> = new Set([
  'field.delim',
  'serialization.format',
  'escape.delim',
  'collection.delim',
  'mapkey.delim',
  'line.delim',
  'separatorChar',
  'quoteChar',
  'escapeChar',
]);
