/**
 * Macros for timestamps and times finer than the microsecond (Trino's precisions 7 to 12), which
 * the translator (core/sql/preciseTemporal.ts) carries as HUGEINT picoseconds: since the epoch
 * for a timestamp, since midnight for a time. Division is floor division throughout, so dates
 * before 1970 round and truncate as the later ones do.
 */

const DAY = "CAST('86400000000000000' AS HUGEINT)";
const MICRO = 'CAST(1000000 AS HUGEINT)';
/** 10^(12 - p): picoseconds per unit of precision p (a power of ten below 10^22 is exact in a double). */
const UNIT = `CAST(pow(10, 12 - p) AS HUGEINT)`;
/** A timestamp's text with Trino's years: four digits at least, a sign past 9999 or before 0. */
const YEAR_TEXT = `CASE WHEN year(t) > 9999 THEN '+' || CAST(year(t) AS VARCHAR) WHEN year(t) <= -1000 THEN CAST(year(t) AS VARCHAR) WHEN year(t) < 0 THEN '-' || lpad(CAST(-year(t) AS VARCHAR), 4, '0') ELSE lpad(CAST(year(t) AS VARCHAR), 4, '0') END`;
const FRACTION = `CASE WHEN p > 0 THEN '.' || left(lpad(CAST(main.__lh_pt_mod(x, CAST('1000000000000' AS HUGEINT)) AS VARCHAR), 12, '0'), p) ELSE '' END`;
/** Text Trino reads as a timestamp: date, optional time with up to 12 digits, an optional zone (dropped). */
const TS_TEXT = `^\\s*([+-]?\\d{4,}-\\d{1,2}-\\d{1,2})(?:\\s+(\\d{1,2}:\\d{1,2}(?::\\d{1,2})?)(?:\\.(\\d{1,12}))?)?(?:\\s*(?:[+-]\\d{1,2}(?::?\\d{2})?|UTC|Z|[A-Za-z]+(?:/[A-Za-z_]+)+))?\\s*$`;

export const PRECISE_MACROS: readonly string[] = [
  `__lh_pt_mod(x, m) AS ((x % m) + m) % m`,
  `__lh_pt_floor_us(x) AS list_transform([x], v -> CAST((v - main.__lh_pt_mod(v, ${MICRO})) // ${MICRO} AS BIGINT))[1]`,
  `__lh_pt_floor_ts(x) AS make_timestamp(main.__lh_pt_floor_us(x))`,
  `__lh_pt_floor_time(x) AS CAST(TIMESTAMP '1970-01-01' + to_microseconds(main.__lh_pt_floor_us(main.__lh_pt_mod(x, ${DAY}))) AS TIME)`,
  `__lh_pt_of_ts(t) AS CAST(epoch_us(t) AS HUGEINT) * ${MICRO}`,
  `__lh_pt_of_date(d) AS main.__lh_pt_of_ts(CAST(d AS TIMESTAMP))`,
  `__lh_pt_of_time(t) AS CAST(epoch_us(t) AS HUGEINT) * ${MICRO}`,
  // Text (checked as Trino reads it), a date or a timestamp, as picoseconds.
  `__lh_pt_of_any(x, lenient) AS CASE WHEN typeof(x) = 'VARCHAR' THEN (CASE WHEN NOT regexp_full_match(CAST(x AS VARCHAR), '${TS_TEXT}') THEN (CASE WHEN lenient THEN NULL ELSE error('Value cannot be cast to timestamp: ' || CAST(x AS VARCHAR)) END) ELSE main.__lh_pt_of_ts(CAST(regexp_extract(CAST(x AS VARCHAR), '${TS_TEXT}', 1) || ' ' || coalesce(nullif(regexp_extract(CAST(x AS VARCHAR), '${TS_TEXT}', 2), ''), '00:00') AS TIMESTAMP)) + CAST(rpad(regexp_extract(CAST(x AS VARCHAR), '${TS_TEXT}', 3), 12, '0') AS HUGEINT) END) WHEN typeof(x) = 'DATE' THEN main.__lh_pt_of_date(TRY_CAST(x AS DATE)) ELSE main.__lh_pt_of_ts(TRY_CAST(x AS TIMESTAMP)) END`,
  // Half up in time, to p fractional digits; a time of day wraps at midnight.
  `__lh_pt_round(x, p) AS list_transform([${UNIT}], u -> x + u // 2 - main.__lh_pt_mod(x + u // 2, u))[1]`,
  `__lh_pt_round_time(x, p) AS main.__lh_pt_mod(main.__lh_pt_round(x, p), ${DAY})`,
  `__lh_pt_day(x) AS main.__lh_pt_mod(x, ${DAY})`,
  `__lh_pt_trunc(x, u) AS x - main.__lh_pt_mod(x, u)`,
  `__lh_pt_ts_text(x, p) AS list_transform([main.__lh_pt_floor_ts(x)], t -> ${YEAR_TEXT} || strftime(t, '-%m-%d %H:%M:%S') || ${FRACTION})[1]`,
  `__lh_pt_time_text(x, p) AS strftime(TIMESTAMP '1970-01-01' + to_microseconds(main.__lh_pt_floor_us(x)), '%H:%M:%S') || ${FRACTION}`,
  // A new microsecond value, keeping the picoseconds below it.
  `__lh_pt_keep_sub(x, t) AS main.__lh_pt_of_ts(t) + main.__lh_pt_mod(x, ${MICRO})`,
  `__lh_pt_ts_plus(x, i) AS main.__lh_pt_keep_sub(x, main.__lh_pt_floor_ts(x) + i)`,
  `__lh_pt_ts_minus(x, i) AS main.__lh_pt_keep_sub(x, main.__lh_pt_floor_ts(x) - i)`,
  `__lh_pt_time_plus(x, i) AS main.__lh_pt_mod(x + main.__lh_pt_of_ts(TIMESTAMP '1970-01-01' + i), ${DAY})`,
  `__lh_pt_time_minus(x, i) AS main.__lh_pt_mod(x - main.__lh_pt_of_ts(TIMESTAMP '1970-01-01' + i), ${DAY})`,
  // The difference of two values: an interval of milliseconds, rounded half up (as Trino).
  `__lh_pt_diff(a, b) AS to_milliseconds(CAST(main.__lh_pt_round(a - b, 3) // CAST(1000000000 AS HUGEINT) AS BIGINT))`,
  `__lh_pt_unixtime(x) AS CAST(x AS DOUBLE) / 1e12`,
  `__lh_pt_json(s) AS to_json(s)`,
];
