import { parsePartitionExpression, type Comparison, type PartitionExpr } from '../catalog/partitionExpression';
import type { IcebergField, IcebergMetadata, IcebergSchema } from './metadata';
import { applyTransform, type IcebergLiteral } from './transforms';

/** What pruning needs of a data file: its spec, partition values and column bounds. */
export interface PrunableFile {
  readonly specId: number;
  readonly partition: Readonly<Record<string, unknown>>;
  readonly lowerBounds: ReadonlyMap<number, Uint8Array>;
  readonly upperBounds: ReadonlyMap<number, Uint8Array>;
}

type Typed = { readonly lit: IcebergLiteral; readonly order: bigint | number | string } | { readonly lit?: undefined; readonly order: number };

const MICROS = 1000n;

/** `2024-03-05`, `2024-03-05 10:00:00[.ffffff]` (optionally ` UTC`, `Z`, `T`) as microseconds since the epoch. */
export function timestampMicros(text: string): bigint | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(?:UTC|Z)?$/i.exec(text.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}Z`);
  if (Number.isNaN(ms)) return undefined;
  const fraction = (m[5] ?? '').padEnd(6, '0').slice(0, 6);
  return BigInt(ms) * MICROS + BigInt(Number(fraction));
}

/** A predicate's literal in the column's Iceberg type, with a value bounds compare against. */
function typed(field: IcebergField, text: string): Typed | undefined {
  const t = field.type.toLowerCase();
  if (t === 'int' || t === 'long') {
    if (!/^[+-]?\d+$/.test(text.trim())) return undefined;
    const v = BigInt(text.trim());
    return { lit: { kind: 'int', value: v }, order: v };
  }
  if (t === 'string') return { lit: { kind: 'string', value: text }, order: text };
  if (t === 'date') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) return undefined;
    const days = Date.parse(`${text.trim()}T00:00:00Z`) / 86_400_000;
    return Number.isNaN(days) ? undefined : { lit: { kind: 'date', days }, order: days };
  }
  if (t === 'timestamp' || t === 'timestamptz') {
    const micros = timestampMicros(text);
    return micros === undefined ? undefined : { lit: { kind: 'timestamp', micros }, order: micros };
  }
  if (t === 'double' || t === 'float') {
    const v = Number(text);
    return Number.isFinite(v) ? { order: v } : undefined;
  }
  return undefined;
}

/** A bound in Iceberg's single-value binary form, as the same kind of value `typed` gives. */
function bound(field: IcebergField, bytes: Uint8Array | undefined): bigint | number | string | undefined {
  if (!bytes) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (field.type.toLowerCase()) {
    case 'int':
      return bytes.length === 4 ? BigInt(view.getInt32(0, true)) : undefined;
    case 'long':
      return bytes.length === 8 ? view.getBigInt64(0, true) : bytes.length === 4 ? BigInt(view.getInt32(0, true)) : undefined;
    case 'date':
      return bytes.length === 4 ? view.getInt32(0, true) : undefined;
    case 'timestamp':
    case 'timestamptz':
      return bytes.length === 8 ? view.getBigInt64(0, true) : undefined;
    case 'double':
      return bytes.length === 8 ? view.getFloat64(0, true) : undefined;
    case 'float':
      return bytes.length === 4 ? view.getFloat32(0, true) : undefined;
    case 'string':
      return new TextDecoder().decode(bytes);
    default:
      return undefined;
  }
}

const cmp = (a: bigint | number | string, b: bigint | number | string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Transforms whose value never decreases as the source value grows: a range on the source is a range on them. */
const MONOTONIC = /^(identity|year|month|day|hour|truncate\[\d+\])$/;

/**
 * Whether a data file may hold rows a query's predicates select, from its partition values (by
 * the spec's transforms) and its column bounds, as Trino's Iceberg connector prunes. False only
 * when it certainly holds none; anything it cannot judge keeps the file.
 */
export function filePruner(meta: IcebergMetadata, schema: IcebergSchema, expression: string | undefined): (file: PrunableFile) => boolean {
  if (!expression) return () => true;
  let expr: PartitionExpr;
  try {
    expr = parsePartitionExpression(expression);
  } catch {
    return () => true;
  }
  const fields = new Map(schema.fields.map((f) => [f.name.toLowerCase(), f]));
  const specs = new Map(meta.specs.map((s) => [s.specId, s]));
  const compare = (file: PrunableFile, key: string, op: Comparison, text: string): boolean => {
    const field = fields.get(key.toLowerCase());
    const value = field ? typed(field, text) : undefined;
    if (!field || !value) return true;
    if (value.lit) {
      for (const pf of specs.get(file.specId)?.fields ?? []) {
        if (pf.sourceId !== field.id) continue;
        const p = applyTransform(pf.transform, value.lit);
        const v = file.partition[pf.name];
        if (p === undefined) continue;
        // A NULL partition value satisfies no comparison.
        if (v === null) return false;
        if (typeof v !== typeof p) continue;
        const c = cmp(v as number | string, p);
        const t = pf.transform.toLowerCase();
        if (t === 'identity') {
          if (!({ '=': c === 0, '<>': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 } as const)[op]) return false;
        } else if (MONOTONIC.test(t)) {
          if (!({ '=': c === 0, '<>': true, '<': c <= 0, '<=': c <= 0, '>': c >= 0, '>=': c >= 0 } as const)[op]) return false;
        } else if (op === '=' && c !== 0) return false; // bucket: equality only
      }
    }
    const lo = bound(field, file.lowerBounds.get(field.id));
    const hi = bound(field, file.upperBounds.get(field.id));
    const x = value.order;
    const same = (b: unknown): b is bigint | number | string => typeof b === typeof x;
    if (same(lo) && ((op === '=' && cmp(lo, x) > 0) || (op === '<' && cmp(lo, x) >= 0) || (op === '<=' && cmp(lo, x) > 0))) return false;
    if (same(hi) && ((op === '=' && cmp(hi, x) < 0) || (op === '>' && cmp(hi, x) <= 0) || (op === '>=' && cmp(hi, x) < 0))) return false;
    return true;
  };
  const may = (file: PrunableFile, e: PartitionExpr): boolean => {
    switch (e.op) {
      case 'and':
        return may(file, e.left) && may(file, e.right);
      case 'or':
        return may(file, e.left) || may(file, e.right);
      case 'cmp':
        return compare(file, e.key, e.cmp, e.value);
      case 'between':
        return e.negated || (compare(file, e.key, '>=', e.low) && compare(file, e.key, '<=', e.high));
      case 'in':
        return e.negated || e.values.some((v) => compare(file, e.key, '=', v));
      default:
        return true;
    }
  };
  return (file) => may(file, expr);
}
