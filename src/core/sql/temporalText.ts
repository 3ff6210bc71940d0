/**
 * Trino's timestamp and time text read exactly, to the picosecond (precision 12), for values the
 * local engine's DuckDB cannot hold (it keeps microseconds). A timestamp becomes picoseconds
 * since 1970-01-01 00:00:00 in the proleptic Gregorian calendar, a time picoseconds since
 * midnight, both as BigInt.
 */

const PICOS_PER_SECOND = 1_000_000_000_000n;
const PICOS_PER_DAY = 86_400n * PICOS_PER_SECOND;

/** Fractional digits DuckDB's timestamps and times keep (microseconds); Trino keeps up to 12. */
export const DUCKDB_FRACTION_DIGITS = 6;

/** Days from 1970-01-01 to year-month-day (astronomical years: 0 is 1 BC). */
export function daysFromCivil(year: bigint, month: number, day: number): bigint {
  const y = month <= 2 ? year - 1n : year;
  const era = (y >= 0n ? y : y - 399n) / 400n;
  const yoe = y - era * 400n;
  const mp = BigInt((month + 9) % 12);
  const doy = (153n * mp + 2n) / 5n + BigInt(day - 1);
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy;
  return era * 146_097n + doe - 719_468n;
}

const isLeap = (y: bigint): boolean => (y % 4n === 0n && y % 100n !== 0n) || y % 400n === 0n;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Picoseconds of a time of day, `HH:MM[:SS[.f…]]`, or undefined if out of range. */
function timeOfDay(h: string, m: string, s: string | undefined, fraction: string | undefined): bigint | undefined {
  const [hh, mm, ss] = [Number(h), Number(m), Number(s ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return undefined;
  return BigInt(hh * 3600 + mm * 60 + ss) * PICOS_PER_SECOND + BigInt((fraction ?? '').padEnd(12, '0') || '0');
}

export interface TemporalValue {
  /** Picoseconds (since the epoch for a timestamp, since midnight for a time). */
  readonly picos: bigint;
  /** Fractional digits as written: the literal's precision. */
  readonly digits: number;
}

const TIMESTAMP_TEXT = /^\s*([+-]?\d{4,})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?)?\s*$/;
/** A zone after a timestamp's text, which a cast to a timestamp without one drops (as Trino does). */
const ZONE_SUFFIX = /\s*(?:[+-]\d{1,2}(?::?\d{2})?|UTC|Z|[A-Za-z]+(?:\/[A-Za-z_]+)+)\s*$/;

/**
 * A timestamp's text as Trino reads it (`2020-05-01 12:34:56.123456789`, years of 4 digits or
 * more with a sign, no `T`), or undefined. `zone`: a zone may follow and is dropped (casts from
 * text do this; a literal with a zone is another type).
 */
export function parseTimestampText(text: string, zone = false): TemporalValue | undefined {
  const body = zone && !TIMESTAMP_TEXT.test(text) ? text.replace(ZONE_SUFFIX, '') : text;
  const m = TIMESTAMP_TEXT.exec(body);
  if (!m) return undefined;
  const year = BigInt(m[1] ?? '0');
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const limit = month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 31);
  if (day > limit) return undefined;
  const fraction = m[7] ?? '';
  if (fraction.length > 12) return undefined;
  const time = m[4] === undefined ? 0n : timeOfDay(m[4], m[5] ?? '0', m[6], fraction);
  if (time === undefined) return undefined;
  return { picos: daysFromCivil(year, month, day) * PICOS_PER_DAY + time, digits: fraction.length };
}

const TIME_TEXT = /^\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?\s*$/;

/** A time of day's text (`12:34:56.123456789`), or undefined. */
export function parseTimeText(text: string): TemporalValue | undefined {
  const m = TIME_TEXT.exec(text);
  if (!m) return undefined;
  const fraction = m[4] ?? '';
  if (fraction.length > 12) return undefined;
  const picos = timeOfDay(m[1] ?? '0', m[2] ?? '0', m[3], fraction);
  return picos === undefined ? undefined : { picos, digits: fraction.length };
}

/** The fractional digits of a time of day inside a literal (`… 12:34:56.1234567` → 7). */
export function fractionDigits(text: string): number {
  const m = /\d:\d\d(?::\d\d)?\.(\d+)/.exec(text);
  return m?.[1]?.length ?? 0;
}
