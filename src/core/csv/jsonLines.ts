import { decodeSample, SampleError } from './decode';
import { inferColumn, type ColumnProfile, type InferOptions } from './infer';
import { columnNames, sanitizeName } from './names';

/** A JSON value's shape, merged over rows: mixed kinds widen (int → bigint → double, else string). */
export type JsonShape =
  | { readonly k: 'null' }
  | { readonly k: 'boolean' }
  | { readonly k: 'int' | 'bigint' | 'double' }
  | { readonly k: 'string' }
  | { readonly k: 'struct'; readonly fields: ReadonlyMap<string, JsonShape> }
  | { readonly k: 'array'; readonly element: JsonShape };

export interface JsonColumn {
  readonly name: string;
  /** The key as written in the data (the SerDe maps it when it differs from `name`). */
  readonly original: string;
  readonly shape: JsonShape;
  /** For string columns: what the text values are (dates, timestamps, numbers…). */
  readonly profile?: ColumnProfile;
}

export interface JsonSample {
  readonly format: 'json';
  readonly columns: readonly JsonColumn[];
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  readonly truncated: boolean;
  readonly malformedLines: number;
  readonly warnings: readonly string[];
}

const INT_MAX = 2_147_483_647;

function shapeOf(v: unknown): JsonShape {
  if (v === null || v === undefined) return { k: 'null' };
  if (typeof v === 'boolean') return { k: 'boolean' };
  if (typeof v === 'number') return Number.isInteger(v) ? (Math.abs(v) <= INT_MAX ? { k: 'int' } : Number.isSafeInteger(v) ? { k: 'bigint' } : { k: 'double' }) : { k: 'double' };
  if (typeof v === 'string') return { k: 'string' };
  if (Array.isArray(v)) return { k: 'array', element: v.reduce<JsonShape>((acc, e) => merge(acc, shapeOf(e)), { k: 'null' }) };
  const fields = new Map<string, JsonShape>();
  for (const [key, value] of Object.entries(v as Record<string, unknown>)) fields.set(key, shapeOf(value));
  return { k: 'struct', fields };
}

const NUMERIC = ['int', 'bigint', 'double'] as const;

export function merge(a: JsonShape, b: JsonShape): JsonShape {
  if (a.k === 'null') return b;
  if (b.k === 'null') return a;
  const ai = NUMERIC.indexOf(a.k as (typeof NUMERIC)[number]);
  const bi = NUMERIC.indexOf(b.k as (typeof NUMERIC)[number]);
  if (ai >= 0 && bi >= 0) return { k: NUMERIC[Math.max(ai, bi)] as 'int' | 'bigint' | 'double' };
  if (a.k === 'struct' && b.k === 'struct') {
    const fields = new Map(a.fields);
    for (const [key, shape] of b.fields) fields.set(key, merge(fields.get(key) ?? { k: 'null' }, shape));
    return { k: 'struct', fields };
  }
  if (a.k === 'array' && b.k === 'array') return { k: 'array', element: merge(a.element, b.element) };
  if (a.k === b.k) return a;
  return { k: 'string' };
}

/** The Hive type of a shape; nested field names lower-cased and made safe. */
export function hiveType(s: JsonShape): string {
  switch (s.k) {
    case 'null':
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'int':
      return 'int';
    case 'bigint':
      return 'bigint';
    case 'double':
      return 'double';
    case 'array':
      return `array<${hiveType(s.element)}>`;
    case 'struct':
      return `struct<${[...s.fields].map(([k, v]) => `${sanitizeName(k) || 'field'}:${hiveType(v)}`).join(',')}>`;
  }
}

/**
 * Columns and shapes of a JSON-lines sample (one object per line, as Athena's JSON SerDes read).
 * A JSON array file, or lines that are not objects, are refused with the fix.
 */
export function sniffJsonLines(bytes: Uint8Array, truncated: boolean, options: InferOptions & { maxRows?: number } = {}): JsonSample {
  const { text } = decodeSample(bytes, truncated);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    throw new SampleError("The file is one JSON array. Athena's JSON SerDe reads one object per line (JSON lines): convert it first, e.g. `jq -c '.[]' in.json > out.jsonl`.");
  }
  const lines = text.split(/\r?\n/);
  if (truncated) lines.pop(); // the last line may be cut
  const rows: Record<string, unknown>[] = [];
  let malformed = 0;
  let shape: JsonShape = { k: 'null' };
  for (const line of lines) {
    if (rows.length >= (options.maxRows ?? 20_480)) break;
    if (!line.trim()) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      malformed++;
      continue;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      malformed++;
      continue;
    }
    rows.push(v as Record<string, unknown>);
    shape = merge(shape, shapeOf(v));
  }
  if (!rows.length) throw new SampleError(malformed ? 'No line of the sample is a JSON object: is it JSON lines (one object per line)?' : 'The sample is empty.');
  const fields = shape.k === 'struct' ? [...shape.fields] : [];
  const names = columnNames(fields.map(([k]) => k));
  const columns: JsonColumn[] = fields.map(([key, s], i) => {
    const name = names[i] ?? key;
    if (s.k !== 'string' && s.k !== 'null') return { name, original: key, shape: s };
    const texts = rows.map((r) => r[key]).filter((x): x is string => typeof x === 'string');
    return { name, original: key, shape: s, profile: inferColumn(name, texts, options) };
  });
  if (malformed) {
    throw new SampleError(
      `${malformed} of the sampled lines are not JSON objects. Athena's JSON SerDe fails the whole query on such a line (HIVE_CURSOR_ERROR): fix or remove them first. ('ignore.malformed.json' = 'true' would skip them silently, hiding bad data.)`,
    );
  }
  const warnings: string[] = [];
  if (columns.some((c) => c.name !== c.original)) warnings.push('Keys were changed to Athena-safe column names; the SerDe maps each back to its key.');
  return { format: 'json', columns, rows, truncated, malformedLines: malformed, warnings };
}
