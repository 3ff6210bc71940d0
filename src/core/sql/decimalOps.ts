/**
 * Trino's decimal multiplication, division and modulus, exact (BigInt): the operands as text, the
 * result at Trino's type decimal(p, s) (see staticTypes' decimalResult), rounded half up (away
 * from zero). Errors as Trino's: division by zero, and a result that does not fit in p digits.
 */

function parse(text: string): { unscaled: bigint; scale: number } {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (!m[2] && !m[3])) throw new Error(`Not a decimal: ${text}`);
  const fraction = m[3] ?? '';
  const digits = BigInt(`${m[2] || '0'}${fraction}`);
  return { unscaled: m[1] === '-' ? -digits : digits, scale: fraction.length };
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** n / d rounded half away from zero. */
function divideRounded(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const q = (2n * abs(n) + abs(d)) / (2n * abs(d));
  return negative ? -q : q;
}

function text(unscaled: bigint, scale: number): string {
  const digits = abs(unscaled).toString().padStart(scale + 1, '0');
  const body = scale ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}` : digits;
  return unscaled < 0n ? `-${body}` : body;
}

export function decimalOp(op: string, aText: string, bText: string, p: number, s: number): string {
  const a = parse(aText);
  const b = parse(bText);
  let r: bigint;
  if (op === '*') {
    const scale = a.scale + b.scale;
    r = scale >= s ? divideRounded(a.unscaled * b.unscaled, pow10(scale - s)) : a.unscaled * b.unscaled * pow10(s - scale);
  } else if (op === '/' || op === '%') {
    if (b.unscaled === 0n) throw new Error('Division by zero');
    // Trino rescales the dividend by at most 10^38 (NUMERIC_VALUE_OUT_OF_RANGE past it).
    if (op === '/' && s + b.scale - a.scale > 38) throw new Error(`Decimal overflow: ${aText} / ${bText} needs the dividend rescaled by 10^${s + b.scale - a.scale}`);
    if (op === '/') r = divideRounded(a.unscaled * pow10(b.scale + s), b.unscaled * pow10(a.scale));
    else {
      // Both at the result's scale; the remainder keeps the dividend's sign (BigInt's % does).
      const x = a.unscaled * pow10(s - a.scale);
      const y = b.unscaled * pow10(s - b.scale);
      r = x % y;
    }
  } else if (op === 'round') {
    // round(a, d): half away from zero at d decimals (d < 0 rounds to tens, hundreds…), at scale s.
    const d = Number(bText);
    if (!Number.isInteger(d)) throw new Error(`round takes a whole number of decimals, not ${bText}`);
    r = d >= a.scale ? a.unscaled * pow10(s - a.scale) : divideRounded(a.unscaled, pow10(a.scale - d)) * pow10(s - d);
  } else throw new Error(`Unknown decimal operator ${op}`);
  if (abs(r) >= pow10(p)) throw new Error(`Decimal overflow: the result of ${aText} ${op} ${bText} does not fit in decimal(${p},${s})`);
  return text(r, s);
}
