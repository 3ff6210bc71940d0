import { DEFAULT_SAMPLE_BYTES, DEFAULT_SAMPLE_ROWS } from './fromSample';
import type { Layer, ScaffoldOptions } from './scaffold';

/** The scaffolding settings (`lakehouse.zones.*`, `lakehouse.scaffold.*`), read by the extension and the CLI alike. */
export interface ScaffoldSettings {
  readonly zones: Readonly<Record<Layer, string>>;
  readonly databases: Readonly<Record<Layer, string>>;
  readonly stagingAs: 'view' | 'ctas';
  readonly curatedFormat: 'parquet' | 'iceberg';
  readonly compression: string;
  readonly decimals: 'decimal' | 'double';
  readonly integers: 'bigint' | 'narrowest';
  readonly sampleBytes: number;
  readonly sampleRows: number;
}

export const SCAFFOLD_SETTING_DEFAULTS: ScaffoldSettings = {
  zones: { raw: 's3://lakehouse/raw/', staging: 's3://lakehouse/staging/', curated: 's3://lakehouse/curated/' },
  databases: { raw: 'raw', staging: 'staging', curated: 'curated' },
  stagingAs: 'view',
  curatedFormat: 'parquet',
  compression: 'ZSTD',
  decimals: 'decimal',
  integers: 'bigint',
  sampleBytes: DEFAULT_SAMPLE_BYTES,
  sampleRows: DEFAULT_SAMPLE_ROWS,
};

const text = (v: unknown, dflt: string): string => (typeof v === 'string' && v.trim() ? v.trim() : dflt);
const count = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : dflt);
const zone = (v: unknown, dflt: string): string => {
  const z = text(v, dflt);
  return z.endsWith('/') ? z : `${z}/`;
};

/** Reads `lakehouse.<key>` values through `lookup`, defaults applied. */
export function scaffoldSettingsFrom(lookup: (key: string) => unknown): ScaffoldSettings {
  const d = SCAFFOLD_SETTING_DEFAULTS;
  return {
    zones: { raw: zone(lookup('zones.raw'), d.zones.raw), staging: zone(lookup('zones.staging'), d.zones.staging), curated: zone(lookup('zones.curated'), d.zones.curated) },
    databases: {
      raw: text(lookup('scaffold.rawDatabase'), d.databases.raw),
      staging: text(lookup('scaffold.stagingDatabase'), d.databases.staging),
      curated: text(lookup('scaffold.curatedDatabase'), d.databases.curated),
    },
    stagingAs: lookup('scaffold.stagingAs') === 'ctas' ? 'ctas' : 'view',
    curatedFormat: lookup('scaffold.curatedFormat') === 'iceberg' ? 'iceberg' : 'parquet',
    compression: text(lookup('scaffold.compression'), d.compression).toUpperCase(),
    decimals: lookup('scaffold.decimals') === 'double' ? 'double' : 'decimal',
    integers: lookup('scaffold.integers') === 'narrowest' ? 'narrowest' : 'bigint',
    sampleBytes: count(lookup('scaffold.sampleBytes'), d.sampleBytes),
    sampleRows: count(lookup('scaffold.sampleRows'), d.sampleRows),
  };
}

export function scaffoldOptions(s: ScaffoldSettings, table: string, layers: readonly Layer[], partitionBy?: string): ScaffoldOptions {
  return { table, layers, databases: s.databases, zones: s.zones, stagingAs: s.stagingAs, curatedFormat: s.curatedFormat, compression: s.compression, ...(partitionBy ? { partitionBy } : {}) };
}
