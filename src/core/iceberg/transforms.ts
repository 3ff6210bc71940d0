/**
 * Iceberg's partition transforms applied to a query's literal values, so that a predicate on a
 * source column can be compared with the partition values a manifest records. Per the Iceberg
 * spec: `identity`; `year`/`month`/`day`/`hour` as whole units since 1970-01-01 (UTC);
 * `bucket[N]` as (murmur3_x86_32(value's bytes) & Integer.MAX_VALUE) % N; `truncate[W]`.
 */

/** A literal of a predicate, as the estimate knows it. */
export type IcebergLiteral =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'date'; readonly days: number }
  | { readonly kind: 'timestamp'; readonly micros: bigint };

/** MurmurHash3 x86 32-bit, seed 0 (what Iceberg's bucket transform hashes with). */
export function murmur3_32(bytes: Uint8Array): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = 0;
  const blocks = bytes.length >> 2;
  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    let k = (bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) >>> 0;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = blocks * 4;
  const rest = bytes.length & 3;
  if (rest) {
    let k = 0;
    if (rest === 3) k ^= bytes[tail + 2]! << 16;
    if (rest >= 2) k ^= bytes[tail + 1]! << 8;
    k ^= bytes[tail]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** A long as Iceberg hashes it: 8 bytes, little-endian. */
function longBytes(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  let x = BigInt.asUintN(64, v);
  for (let i = 0; i < 8; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

function hashOf(lit: IcebergLiteral): number {
  switch (lit.kind) {
    case 'int':
      return murmur3_32(longBytes(lit.value));
    case 'date':
      return murmur3_32(longBytes(BigInt(lit.days)));
    case 'timestamp':
      return murmur3_32(longBytes(lit.micros));
    case 'string':
      return murmur3_32(new TextEncoder().encode(lit.value));
  }
}

const MICROS_PER_HOUR = 3_600_000_000n;
const MICROS_PER_DAY = 24n * MICROS_PER_HOUR;
const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));

function daysOf(lit: IcebergLiteral): number | undefined {
  if (lit.kind === 'date') return lit.days;
  if (lit.kind === 'timestamp') return Number(floorDiv(lit.micros, MICROS_PER_DAY));
  return undefined;
}

/** Year, month (0-based) of a day number since 1970-01-01. */
function civil(days: number): { year: number; month: number } {
  const d = new Date(days * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() };
}

/**
 * The partition value a transform gives for a literal, as a manifest stores it (a number for
 * integers, days, months, …; a string for strings), or undefined when the transform does not
 * apply to the literal's type (then nothing is pruned by it).
 */
export function applyTransform(transform: string, lit: IcebergLiteral): number | string | undefined {
  const t = transform.toLowerCase();
  if (t === 'identity') {
    switch (lit.kind) {
      case 'int':
        return Number(lit.value);
      case 'string':
        return lit.value;
      case 'date':
        return lit.days;
      case 'timestamp':
        return undefined; // a timestamp partition value is compared as micros: not pruned here
    }
  }
  const days = daysOf(lit);
  if (t === 'day') return days;
  if (t === 'year') return days === undefined ? undefined : civil(days).year - 1970;
  if (t === 'month') {
    if (days === undefined) return undefined;
    const { year, month } = civil(days);
    return (year - 1970) * 12 + month;
  }
  if (t === 'hour') return lit.kind === 'timestamp' ? Number(floorDiv(lit.micros, MICROS_PER_HOUR)) : undefined;
  const bucket = /^bucket\[(\d+)\]$/.exec(t);
  if (bucket) return ((hashOf(lit) & 0x7fffffff) >>> 0) % Number(bucket[1]);
  const truncate = /^truncate\[(\d+)\]$/.exec(t);
  if (truncate) {
    const w = BigInt(truncate[1]!);
    if (lit.kind === 'int') return Number(lit.value - (((lit.value % w) + w) % w));
    if (lit.kind === 'string') return Array.from(lit.value).slice(0, Number(w)).join('');
  }
  return undefined;
}
