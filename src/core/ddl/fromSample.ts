import { SampleError } from '../csv/decode';
import type { InferOptions } from '../csv/infer';
import { sniffJsonLines, type JsonSample } from '../csv/jsonLines';
import { sanitizeName } from '../csv/names';
import { sniffCsv, type CsvSample } from '../csv/sniff';
import { scaffold, type Scaffold, type ScaffoldOptions } from './scaffold';

/** The sample is read up to this many bytes (and rows) unless a setting says otherwise. */
export const DEFAULT_SAMPLE_BYTES = 1024 * 1024;
export const DEFAULT_SAMPLE_ROWS = 20_480;

export interface SampleSettings extends InferOptions {
  readonly maxRows?: number;
}

/** JSON lines by extension, or by content when the extension says nothing (`.txt`, none). */
export function isJsonSample(fileName: string, bytes: Uint8Array): boolean {
  if (/\.(jsonl|ndjson|json)$/i.test(fileName)) return true;
  if (/\.(csv|tsv|txt|psv|dat)$/i.test(fileName)) return false;
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('{');
}

export function sniffSample(fileName: string, bytes: Uint8Array, truncated: boolean, settings: SampleSettings = {}): CsvSample | JsonSample {
  if (/\.(gz|bz2|zst|snappy|lz4)$/i.test(fileName)) {
    throw new SampleError('The file is compressed: sniff an uncompressed sample (Athena reads compressed text by its extension, so the table itself can point at compressed files).');
  }
  return isJsonSample(fileName, bytes) ? sniffJsonLines(bytes, truncated, settings) : sniffCsv(bytes, truncated, settings);
}

/** The table name a file suggests: `spend-2024.csv` → `spend_2024`. */
export function tableNameFor(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return sanitizeName(base) || 'sample';
}

export interface ScaffoldReport {
  readonly sample: CsvSample | JsonSample;
  readonly scaffold: Scaffold;
}

export function scaffoldSample(fileName: string, bytes: Uint8Array, truncated: boolean, options: ScaffoldOptions, settings: SampleSettings = {}): ScaffoldReport {
  const sample = sniffSample(fileName, bytes, truncated, settings);
  return { sample, scaffold: scaffold(sample, options) };
}

/** What `lakehouse ddl --json` prints: the dialect and, per column, its names, types and format. */
export function describeScaffold(r: ScaffoldReport): Record<string, unknown> {
  const s = r.sample;
  return {
    format: s.format,
    ...(s.format === 'csv'
      ? {
          dialect: {
            delimiter: s.dialect.delimiter,
            quote: s.dialect.quote,
            escape: s.dialect.escape,
            header: s.dialect.header,
            bom: s.dialect.bom,
            lineEnding: s.dialect.lineEnding === '\r\n' ? 'CRLF' : s.dialect.lineEnding === '\r' ? 'CR' : 'LF',
            quotedValues: s.dialect.anyQuoted,
          },
          raggedRows: s.raggedRows,
        }
      : {}),
    serde: r.scaffold.serde,
    sampledRows: s.format === 'csv' ? s.rowCount : s.rows.length,
    truncated: s.truncated,
    columns: r.scaffold.columns.map((c) => ({ name: c.name, original: c.original, rawType: c.rawType, stagingType: c.stagingType, ...(c.format ? { format: c.format } : {}), ...(c.note ? { note: c.note } : {}) })),
    warnings: r.scaffold.warnings,
  };
}
