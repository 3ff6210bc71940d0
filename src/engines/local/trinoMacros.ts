/**
 * DuckDB macros that give Athena's (Trino's) functions Trino's meaning on the local engine.
 * Each is `__lh_<trino name>`; the query translator rewrites calls to them. (date_parse and
 * friends become strptime/strftime in the translator, which converts their format literals.)
 */
import { BIG_DECIMAL, fastFloat, JAVA_FLOAT, javaFloatValue } from './javaText';
import { PRECISE_MACROS } from './preciseMacros';

const UNITS = `CASE lower(u) WHEN 'millisecond' THEN 'millisecond' WHEN 'second' THEN 'second' WHEN 'minute' THEN 'minute' WHEN 'hour' THEN 'hour' WHEN 'day' THEN 'day' WHEN 'week' THEN 'week' WHEN 'month' THEN 'month' WHEN 'quarter' THEN 'quarter' WHEN 'year' THEN 'year' ELSE error('Invalid unit: ' || u) END`;

/** One of date_trunc's units as an interval, for time_bucket. */
const BUCKET = `CASE lower(u) WHEN 'millisecond' THEN INTERVAL 1 MILLISECOND WHEN 'second' THEN INTERVAL 1 SECOND WHEN 'minute' THEN INTERVAL 1 MINUTE WHEN 'hour' THEN INTERVAL 1 HOUR WHEN 'day' THEN INTERVAL 1 DAY WHEN 'week' THEN INTERVAL 7 DAY WHEN 'month' THEN INTERVAL 1 MONTH WHEN 'quarter' THEN INTERVAL 3 MONTH WHEN 'year' THEN INTERVAL 1 YEAR ELSE error('Invalid unit: ' || u) END`;

/** Trino's text of x, by its type (see __lh_varchar): the branches after the refusal of a long real. */
const VARCHAR_TEXT = `WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN __lh_number_text(CAST(x AS VARCHAR)) WHEN typeof(x) = 'INTERVAL' THEN __lh_interval_text(TRY_CAST(CAST(x AS VARCHAR) AS INTERVAL)) WHEN typeof(x) = 'JSON' THEN __lh_json_text(CAST(x AS VARCHAR)) WHEN typeof(x) LIKE 'DECIMAL%' THEN regexp_replace(CAST(x AS VARCHAR), '^(-?)[.]', '\\10.') ELSE CAST(x AS VARCHAR) END`;

/** `date_add`'s units as DuckDB intervals of `n`; a DATE takes whole days and more only. */
const DATE_UNITS: readonly [string, string][] = [
  ['day', 'to_days(CAST(n AS INTEGER))'],
  ['week', 'to_weeks(CAST(n AS INTEGER))'],
  ['month', 'to_months(CAST(n AS INTEGER))'],
  ['quarter', 'to_months(CAST(3 * n AS INTEGER))'],
  ['year', 'to_years(CAST(n AS INTEGER))'],
];
const TIME_UNITS: readonly [string, string][] = [['millisecond', 'to_milliseconds(n)'], ['second', 'to_seconds(n)'], ['minute', 'to_minutes(n)'], ['hour', 'to_hours(n)'], ...DATE_UNITS];
const interval = (units: readonly [string, string][]): string =>
  `CASE lower(u) ${units.map(([unit, expr]) => `WHEN '${unit}' THEN ${expr}`).join(' ')} ELSE error('Invalid unit: ' || u) END`;

/** 10^(6 - p) as a BIGINT, and half of it: microseconds per unit of a precision p ≤ 6. */
const FACTOR = `(CASE p WHEN 0 THEN 1000000 WHEN 1 THEN 100000 WHEN 2 THEN 10000 WHEN 3 THEN 1000 WHEN 4 THEN 100 WHEN 5 THEN 10 ELSE 1 END)::BIGINT`;
const HALF = `(${FACTOR} // 2)`;

/** The divisor `b`, or an error when it is an exact zero (floating point divides by zero). */
/**
 * Text cast to an integer, a date or a timestamp must read as Trino (Java) reads it, between
 * spaces: [+-]digits for an integer (DuckDB also takes 12.5, 1e2, 0x10 and 1_000); [+-]year-m-d
 * for a date (DuckDB also takes 2024/01/31 and a time after the date); and an optional time for a
 * timestamp (no ISO T, no zone). What DuckDB writes back as the same text is taken without the
 * regular expression, which costs the most per value. Anything not text passes.
 */
const INTEGER_TEXT = `x IS NULL OR typeof(x) <> 'VARCHAR' OR CAST(TRY_CAST(x AS HUGEINT) AS VARCHAR) = CAST(x AS VARCHAR) OR regexp_full_match(CAST(x AS VARCHAR), '\\s*[+-]?[0-9]+\\s*')`;
const DATE_TEXT = `x IS NULL OR typeof(x) <> 'VARCHAR' OR (CAST(TRY_CAST(x AS DATE) AS VARCHAR) = CAST(x AS VARCHAR) AND length(CAST(x AS VARCHAR)) = 10) OR regexp_full_match(CAST(x AS VARCHAR), '\\s*[+-]?[0-9]+-[0-9]{1,2}-[0-9]{1,2}\\s*')`;
const FAST_FLOAT = fastFloat('x');
const JAVA_FLOAT_VALUE = javaFloatValue('x');
const TIMESTAMP_TEXT = `x IS NULL OR typeof(x) <> 'VARCHAR' OR regexp_full_match(CAST(x AS VARCHAR), '\\s*[+-]?\\d{4,}-\\d{1,2}-\\d{1,2}( \\d{1,2}:\\d{1,2}(:\\d{1,2}(\\.\\d{1,12})?)?)?\\s*')`;

/** The remainders of the long division in `__lh_long_divide`. */
const R0 = '(a % b)';
const R1 = `(${R0} * m1 % b)`;
const R2 = `(${R1} * m2 % b)`;
const NONZERO = `CASE WHEN b = 0 AND typeof(a) NOT IN ('DOUBLE', 'FLOAT') AND typeof(b) NOT IN ('DOUBLE', 'FLOAT') THEN error('Division by zero') ELSE b END`;

/** `b`, which must be varbinary (BLOB), or an error naming the function that needs it. */
const BYTES = (fn: string): string => `CASE WHEN typeof(b) NOT IN ('BLOB', '"NULL"') THEN error('${fn} takes varbinary, not ' || typeof(b) || ': convert text with to_utf8(…)') ELSE b END`;

/** sequence(a, b, step) must step towards b, as Trino requires (DuckDB gives an empty list). */
const SEQUENCE_DIRECTION = `(step > (step - step) AND a > b) OR (step < (step - step) AND a < b) THEN error('sequence stop value should be greater than or equal to start value if step is greater than zero otherwise stop should be less than or equal to start') WHEN true`;

/** The least or greatest value of x's integer type, as a HUGEINT. */
const INT_RANGE = (end: 'min' | 'max'): string =>
  `(CASE typeof(x) WHEN 'TINYINT' THEN ${end === 'min' ? '-128' : '127'} WHEN 'SMALLINT' THEN ${end === 'min' ? '-32768' : '32767'} WHEN 'INTEGER' THEN ${end === 'min' ? '-2147483648' : '2147483647'} ELSE ${end === 'min' ? '-9223372036854775808' : '9223372036854775807'} END)::HUGEINT`;

/** Java's whitespace (Character.isWhitespace), what Trino's one-argument trims remove. */
const JAVA_SPACE = '[\\t\\n\\x{0B}\\f\\r\\x{1C}-\\x{20}\\x{1680}\\x{2000}-\\x{2006}\\x{2008}-\\x{200A}\\x{2028}\\x{2029}\\x{205F}\\x{3000}]';

/** An array of arrays or rows: Trino's array_max passes over those holding NULL or NaN (DuckDB ranks them highest). */
const NESTED_LIST = `(typeof(a) LIKE '%][]' OR typeof(a) LIKE 'STRUCT(%[]')`;

/** An array array_join refuses (Trino): of JSON, maps, rows or arrays. */
const JOIN_REFUSED = `regexp_matches(typeof(a), '^(JSON|MAP\\(|STRUCT\\(|.*\\]\\[)')`;

/** Whether list `a` holds a NULL. */
const HAS_NULL = (a: string): string => `len(list_filter(${a}, e -> e IS NULL)) > 0`;

/** Trino functions of one argument that are another DuckDB function of it. */
const UNARY_ALIASES: readonly [string, string][] = [
  ['to_unixtime', 'epoch'],
  ['from_unixtime', 'to_timestamp'],
  ['day_of_week', 'isodow'],
  ['dow', 'isodow'],
  ['day_of_month', 'day'],
  ['day_of_year', 'dayofyear'],
  ['doy', 'dayofyear'],
  ['year_of_week', 'isoyear'],
  ['yow', 'isoyear'],
  ['last_day_of_month', 'last_day'],
  ['approx_distinct', 'approx_count_distinct'],
  ['cardinality', 'len'],
  ['json_parse', 'json'],
  ['is_nan', 'isnan'],
  ['is_finite', 'isfinite'],
  ['is_infinite', 'isinf'],
  ['week_of_year', 'week'],
];

export const TRINO_MACROS: readonly string[] = [
  ...UNARY_ALIASES.map(([trino, duck]) => `__lh_${trino}(x) AS ${duck}(x)`),
  // dates and times
  `__lh_from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)`,
  `__lh_from_iso8601_date(s) AS CAST(s AS DATE)`,
  `__lh_to_iso8601(t DATE) AS strftime(t, '%Y-%m-%d'), (t TIMESTAMP) AS strftime(t, '%Y-%m-%dT%H:%M:%S.%g'), (t TIMESTAMPTZ) AS strftime(t, '%Y-%m-%dT%H:%M:%S.%g%z')`,
  `__lh_date_add(u, n, t DATE) AS CAST(t + ${interval(DATE_UNITS)} AS DATE), (u, n, t TIMESTAMP) AS t + ${interval(TIME_UNITS)}, (u, n, t TIMESTAMPTZ) AS t + ${interval(TIME_UNITS)}`,
  // Trino counts whole units elapsed (DuckDB's date_sub), not boundaries crossed (date_diff).
  `__lh_date_diff(u, a, b) AS date_sub(${UNITS}, a, b)`,
  // time_bucket keeps its argument's type (a DATE stays a date) and binds after its arguments, so
  // date_trunc works over an aggregate too; weeks start on Monday, quarters in January.
  `__lh_date_trunc(u, t) AS time_bucket(${BUCKET}, t)`,
  `__lh_date(x) AS CAST(x AS DATE)`,
  `__lh_date_format(t DATE, f) AS strftime(t, f), (t TIMESTAMP, f) AS strftime(main.__lh_round_timestamp(t, 3), f), (t TIMESTAMPTZ, f) AS strftime(t, f)`,
  // Trino's millisecond is the milliseconds within the second (DuckDB's counts the seconds too).
  `__lh_millisecond(x) AS millisecond(x) % 1000`,
  // aggregates
  `__lh_approx_percentile(x, p) AS approx_quantile(x, p)`,
  // arrays and maps: Trino's element_at is 1-based, negative from the end, NULL out of range;
  // DuckDB's subscript does the same for lists and looks keys up in maps.
  `__lh_element_at(a, i) AS CASE WHEN typeof(a) LIKE '%[]' AND CAST(i AS VARCHAR) = '0' THEN error('SQL array indices start at 1') ELSE a[i] END`,
  // Trino: NULL (unknown) when the value is not found but the array holds a NULL.
  `__lh_contains(a, x) AS CASE WHEN list_contains(a, x) THEN true WHEN x IS NULL OR ${HAS_NULL('a')} THEN NULL ELSE false END`,
  // NULL when any element is NULL, as Trino.
  // NaN is passed over (Trino 483), unless every element is NaN.
  `__lh_array_max(a) AS CASE WHEN ${HAS_NULL('a')} THEN NULL WHEN ${NESTED_LIST} AND NOT main.__lh_nested_check(a) THEN NULL WHEN typeof(a) IN ('DOUBLE[]', 'FLOAT[]') THEN coalesce(list_max(list_filter(a, e -> NOT isnan(CAST(e AS DOUBLE)))), list_max(a)) ELSE list_max(a) END`,
  `__lh_array_min(a) AS CASE WHEN ${HAS_NULL('a')} THEN NULL WHEN typeof(a) IN ('DOUBLE[]', 'FLOAT[]') THEN coalesce(list_min(list_filter(a, e -> NOT isnan(CAST(e AS DOUBLE)))), list_min(a)) ELSE list_min(a) END`,
  // Subscripts of an array or map built in the query fail out of range, as in Trino (DuckDB: NULL).
  `__lh_array_subscript(a, i) AS CASE WHEN i < 1 AND i IS NOT NULL THEN error('Array subscript must be at least 1: ' || CAST(i AS VARCHAR)) WHEN i > len(a) THEN error('Array subscript out of bounds: ' || CAST(i AS VARCHAR)) ELSE a[i] END`,
  `__lh_map_subscript(m, k) AS CASE WHEN k IS NOT NULL AND m IS NOT NULL AND NOT list_contains(map_keys(m), k) THEN error('Key not present in map: ' || CAST(k AS VARCHAR)) ELSE m[k] END`,
  // A map cast to another map type must not gain a NULL key (Trino: 'map key is null').
  `__lh_map_keys_check(m) AS CASE WHEN len(list_filter(map_keys(m), k -> k IS NULL)) > 0 THEN error('map key is null') ELSE m END`,
  `__lh_nan_null(x) AS CASE WHEN isnan(CAST(x AS DOUBLE)) THEN NULL ELSE x END`,
  // An array, map or row holding a NULL or NaN (at any depth) compares otherwise in Trino: refused.
  `__lh_nested_check(x) AS CASE WHEN regexp_matches(CAST(to_json(x) AS VARCHAR), '(^|[\\[,:])(null|NaN)([\\],}]|$)') THEN error('The local engine cannot compare arrays, maps or rows holding NULL or NaN as Athena does; run it on Athena.') ELSE true END`,
  `__lh_trim_ws(f, s) AS CASE f WHEN 'ltrim' THEN regexp_replace(s, '^${JAVA_SPACE}+', '') WHEN 'rtrim' THEN regexp_replace(s, '${JAVA_SPACE}+$', '') ELSE regexp_replace(regexp_replace(s, '^${JAVA_SPACE}+', ''), '${JAVA_SPACE}+$', '') END`,
  // A day-to-second interval's fields, normalised as Trino keeps it (days, then hours…).
  `__lh_interval_field(f, i) AS list_transform([CAST(datepart('day', i) AS BIGINT) * 86400000000 + datepart('microseconds', i) + CAST(datepart('minute', i) AS BIGINT) * 60000000 + CAST(datepart('hour', i) AS BIGINT) * 3600000000], us -> CASE f WHEN 'day' THEN us // 86400000000 WHEN 'hour' THEN (us % 86400000000) // 3600000000 WHEN 'minute' THEN (us % 3600000000) // 60000000 ELSE (us % 60000000) // 1000000 END)[1]`,
  // Elements as Trino writes them (a double as 1.0E0); NULLs skipped (an all-NULL array joins to
  // ''), or written as nullrep; JSON, maps, rows and arrays are refused, as in Trino.
  `__lh_array_join(a, sep) AS CASE WHEN ${JOIN_REFUSED} THEN error('array_join takes an array of scalar values, not ' || typeof(a)) WHEN a IS NOT NULL AND sep IS NOT NULL THEN coalesce(array_to_string(list_transform(a, e -> main.__lh_varchar(e)), sep), '') END, (a, sep, nullrep) AS CASE WHEN ${JOIN_REFUSED} THEN error('array_join takes an array of scalar values, not ' || typeof(a)) ELSE array_to_string(list_transform(a, e -> coalesce(main.__lh_varchar(e), nullrep)), sep) END`,
  // Trino keeps the first occurrence of each element, in order.
  `__lh_array_distinct(a) AS list_filter(a, (e, i) -> list_position(a, e) = i)`,
  `__lh_array_sort(a) AS list_sort(a, 'ASC', 'NULLS LAST')`,
  // Arrays of arrays (or rows) holding a NULL are not comparable in Trino: refused by name.
  `__lh_array_position(a, x) AS CASE WHEN x IS NULL THEN NULL WHEN typeof(x) LIKE '%[]' AND NOT (main.__lh_nested_check(a) AND main.__lh_nested_check(x)) THEN NULL ELSE coalesce(list_position(a, x), 0) END`,
  `__lh_array_remove(a, x) AS CASE WHEN typeof(x) LIKE '%[]' AND NOT (main.__lh_nested_check(a) AND main.__lh_nested_check(x)) THEN NULL ELSE list_filter(a, e -> e IS DISTINCT FROM x) END`,
  `__lh_slice(a, s, n) AS CASE WHEN s = 0 THEN error('SQL array indices start at 1') WHEN n < 0 THEN error('length must be greater than or equal to 0') WHEN s > 0 THEN list_slice(a, s, s + n - 1) WHEN -s > len(a) THEN list_slice(a, 1, 0) ELSE list_slice(a, len(a) + s + 1, len(a) + s + n) END`,
  // Without a step Trino counts down when stop < start; at most 10,000 entries.
  `__lh_sequence(a, b) AS CASE WHEN abs(b - a) >= 10000 THEN error('result of sequence function must not have more than 10000 entries') ELSE generate_series(a, b, CASE WHEN a <= b THEN 1 ELSE -1 END) END, (a DATE, b DATE, step) AS CASE WHEN datepart('hour', step) <> 0 OR datepart('minute', step) <> 0 OR datepart('microseconds', step) <> 0 THEN error('sequence step must be a day interval if start and end values are dates') WHEN ${SEQUENCE_DIRECTION} THEN list_transform([list_transform(generate_series(a, b, step), d -> CAST(d AS DATE))], l -> CASE WHEN len(l) > 10000 THEN error('result of sequence function must not have more than 10000 entries') ELSE l END)[1] END, (a, b, step) AS CASE WHEN typeof(step) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT') AND TRY_CAST(CAST(step AS VARCHAR) AS HUGEINT) <> 0 AND abs(TRY_CAST(CAST(b AS VARCHAR) AS HUGEINT) - TRY_CAST(CAST(a AS VARCHAR) AS HUGEINT)) // abs(TRY_CAST(CAST(step AS VARCHAR) AS HUGEINT)) >= 10000 THEN error('result of sequence function must not have more than 10000 entries') WHEN ${SEQUENCE_DIRECTION} THEN list_transform([generate_series(a, b, step)], l -> CASE WHEN len(l) > 10000 THEN error('result of sequence function must not have more than 10000 entries') ELSE l END)[1] END`,
  // strings and regular expressions: Trino's regexp_replace replaces every match and writes
  // groups as $1; regexp_extract gives NULL, not '', when nothing matches.
  `__lh_split(s, sep) AS string_split(s, sep), (s, sep, lim) AS CASE WHEN sep = '' THEN error('The delimiter may not be the empty string') WHEN lim <= 0 THEN error('Limit must be positive') WHEN lim > 2147483647 THEN error('Limit is too large') WHEN len(string_split(s, sep)) <= lim THEN string_split(s, sep) ELSE list_append(list_slice(string_split(s, sep), 1, lim - 1), array_to_string(list_slice(string_split(s, sep), lim, len(string_split(s, sep))), sep)) END`,
  `__lh_regexp_like(s, p) AS regexp_matches(s, p)`,
  // A group past the pattern's fails (Java); an empty group of a pattern with alternatives or
  // optional parts may not have taken part (Trino: NULL), which RE2 cannot tell: refused.
  `__lh_regexp_extract(s, p) AS CASE WHEN regexp_matches(s, p) THEN regexp_extract(s, p) END, (s, p, g) AS CASE WHEN g > __lh_regex_groups(p) THEN error('Pattern has ' || __lh_regex_groups(p) || ' groups. Cannot access group ' || g) WHEN NOT regexp_matches(s, p) THEN NULL ELSE list_transform([regexp_extract(s, p, g)], x -> CASE WHEN x = '' AND g > 0 AND regexp_matches(p, '[|?*{]') THEN error('The local engine cannot tell an empty group from one that did not take part in the match; run it on Athena.') ELSE x END)[1] END`,
  // The replacement is Java's ($n groups, \x literal), checked as Java checks it.
  `__lh_regexp_replace(s, p) AS regexp_replace(s, p, '', 'g'), (s, p, r) AS regexp_replace(s, p, __lh_java_replacement(p, r), 'g')`,
  // An empty pattern matches before and after every character, as in Java.
  `__lh_regexp_split(s, p) AS CASE WHEN p = '' AND s <> '' THEN list_concat([''], string_split(s, ''), ['']) ELSE string_split_regex(s, p) END`,
  // split_part past the last field is NULL; an empty delimiter splits into characters.
  `__lh_split_part(s, d, i) AS CASE WHEN i < 1 THEN error('Index must be greater than zero') WHEN d = '' THEN (CASE WHEN i <= length(s) THEN substr(s, i, 1) END) ELSE list_extract(string_split(s, d), i) END`,
  // substr from 0, or from further back than the start, is empty in Trino.
  `__lh_substr(s, st) AS CASE WHEN st = 0 OR st < -length(s) THEN '' ELSE substr(s, st) END, (s, st, n) AS CASE WHEN st = 0 OR st < -length(s) THEN '' WHEN n < 0 THEN error('length must be greater than or equal to 0') ELSE substr(s, st, n) END`,
  // An empty search string matches between every character.
  `__lh_replace(s, f) AS replace(s, f, ''), (s, f, r) AS CASE WHEN f = '' THEN (CASE WHEN s = '' THEN r ELSE r || array_to_string(string_split(s, ''), r) || r END) ELSE replace(s, f, r) END`,
  // Code points, not bytes: a JS function (trinoUdfs.ts) for text beyond ASCII.
  `__lh_levenshtein_distance(a, b) AS CASE WHEN length(a) * (length(b) - 1) > 1000000 THEN error('The combined inputs for Levenshtein distance are too large') WHEN regexp_full_match(a || b, '[\\x00-\\x7F]*') THEN levenshtein(a, b) ELSE __lh_levenshtein(a, b) END`,
  // json: json_extract_scalar gives the scalar as text, NULL for objects and arrays.
  `__lh_json_extract_scalar(j, p) AS CASE WHEN json_type(CAST(j AS JSON), p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END`,
  `__lh_json_format(j) AS CAST(j AS VARCHAR)`,
  // Trino rounds a timestamp to its precision half up in time (floor division, so dates before
  // 1970 round the same way); a time of day rounds the same way and wraps at midnight.
  `__lh_round_timestamp(t, p) AS make_timestamp(((epoch_us(t) + ${HALF}) // ${FACTOR}) * ${FACTOR} - CASE WHEN (epoch_us(t) + ${HALF}) % ${FACTOR} < 0 THEN ${FACTOR} ELSE 0 END)`,
  `__lh_round_time(t, p) AS CAST(main.__lh_round_timestamp(DATE '1970-01-01' + t, p) AS TIME)`,
  // Integer and decimal division by zero fails as in Trino (DuckDB gives NULL); the divisor keeps
  // its type, so the quotient's type is DuckDB's own. Untyped on purpose: DuckDB resolves typed
  // macro overloads wrongly when an argument holds an aggregate or a correlated column.
  `__lh_divide(a, b) AS a / (${NONZERO})`,
  // Floating-point division (the translator sends it here when an operand is a double or real):
  // a zero divisor gives NaN or ±Infinity as IEEE 754, the sign of a zero counting (the engine's
  // integer_division setting makes DuckDB's NULL); a real over a real stays real.
  `__lh_fdivide(a, b) AS CASE WHEN b = 0 THEN CAST(a AS DOUBLE) * pow(CAST(b AS DOUBLE), -1) ELSE CAST(a AS DOUBLE) / CAST(b AS DOUBLE) END`,
  `__lh_rdivide(a, b) AS CAST(main.__lh_fdivide(a, b) AS FLOAT)`,
  // Trino's decimal ÷ and avg over a column, exact (the translator scales the operands to their
  // unscaled integers and types the result): n ÷ d rounded half away from zero, on HUGEINT (one
  // division, which DuckDB does slowly), or on BIGINT by long division in three chunks of digits
  // (m1, m2, m3 = 10^c; w0 = 10^(c1+c2+c3), w1 = 10^(c2+c3), w2 = 10^c3), every product below 10^18.
  `__lh_unscaled(d, f) AS CAST(trunc(d) AS HUGEINT) * f + CAST((d - trunc(d)) * f AS HUGEINT)`,
  `__lh_decimal_quotient(n, d) AS CASE WHEN d = 0 AND n IS NOT NULL THEN error('Division by zero') ELSE CASE WHEN (n < 0) <> (d < 0) THEN -1 ELSE 1 END * ((2 * abs(n) + abs(d)) // (2 * abs(d))) END`,
  `__lh_decimal_divide(a, b, m1, m2, m3, w0, w1, w2) AS CASE WHEN b = 0 AND a IS NOT NULL THEN error('Division by zero') ELSE CASE WHEN (a < 0) <> (b < 0) THEN -1 ELSE 1 END * main.__lh_long_divide(abs(a), abs(b), m1, m2, m3, w0, w1, w2) END`,
  `__lh_long_divide(a, b, m1, m2, m3, w0, w1, w2) AS CAST(a // b AS HUGEINT) * w0 + CAST(${R0} * m1 // b AS HUGEINT) * w1 + CAST(${R1} * m2 // b AS HUGEINT) * w2 + (2 * ${R2} * m3 + b) // (2 * b)`,
  `__lh_decimal_avg(x, f) AS main.__lh_decimal_quotient(main.__lh_unscaled(sum(x), f), CAST(count(x) AS HUGEINT))`,
  `__lh_decimal_avg_distinct(x, f) AS main.__lh_decimal_quotient(main.__lh_unscaled(sum(DISTINCT x), f), CAST(count(DISTINCT x) AS HUGEINT))`,
  // CAST(… AS DECIMAL) reads its operand as text: a double (or real) from its shortest text, as
  // Trino does, rounded half up; a boolean as 1 or 0; text, integers and decimals exactly.
  `__lh_decimal_operand(x) AS CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN __lh_decimal_text(TRY_CAST(x AS DOUBLE), typeof(x) = 'FLOAT') WHEN typeof(x) = 'BOOLEAN' THEN CAST(CAST(x AS INTEGER) AS VARCHAR) ELSE CAST(x AS VARCHAR) END`,
  `__lh_modulo(a, b) AS a % (${NONZERO})`,
  `__lh_mod(a, b) AS a % (${NONZERO})`,
  // varbinary: DuckDB's hashes take text and give hex text; Trino's take and give bytes, and
  // refuse text (so SQL that runs here also runs on Athena).
  `__lh_to_utf8(s) AS encode(s)`,
  `__lh_from_utf8(b) AS decode(${BYTES('from_utf8')})`,
  `__lh_md5(b) AS unhex(md5(${BYTES('md5')}))`,
  `__lh_sha1(b) AS unhex(sha1(${BYTES('sha1')}))`,
  `__lh_sha256(b) AS unhex(sha256(${BYTES('sha256')}))`,
  `__lh_to_hex(b) AS upper(hex(${BYTES('to_hex')}))`,
  `__lh_from_hex(s) AS CASE WHEN length(s) % 2 = 1 THEN error('invalid input length ' || length(s)) ELSE unhex(s) END`,
  `__lh_to_base64(b) AS to_base64(${BYTES('to_base64')})`,
  `__lh_from_base64(s) AS from_base64(s)`,
  // CAST(x AS varchar): a double or real as Trino prints it (shortest digits, scientific: 3.77E1,
  // 1.0E0), an interval as D HH:MM:SS.mmm or Y-M, a JSON scalar unwrapped; anything else as DuckDB
  // casts it. Untyped: each branch binds for any x, and only the one matching x's type runs. The
  // formatting functions are JS (trinoUdfs.ts): as macros they cost milliseconds of binding.
  `__lh_varchar(x) AS CASE WHEN typeof(x) = 'FLOAT' AND length(rtrim(ltrim(regexp_replace(split_part(lower(CAST(x AS VARCHAR)), 'e', 1), '[^0-9]', '', 'g'), '0'), '0')) > 7 THEN error('The local engine cannot write a real of more than 7 significant digits as Athena does; run it on Athena, or cast it to double first.') ${VARCHAR_TEXT}`,
  // The same where the SQL shows x is not a real (see trinoTypes): without the refusal, whose
  // error() DuckDB's TRY refuses when binding, so try(CAST(x AS varchar)) runs.
  `__lh_varchar_known(x) AS CASE ${VARCHAR_TEXT}`,
  // varchar(n): text is cut to n characters; anything else must fit, as in Trino.
  `__lh_varchar_n(x, n) AS CASE WHEN typeof(x) = 'VARCHAR' THEN left(CAST(x AS VARCHAR), n) ELSE list_transform([main.__lh_varchar(x)], v -> CASE WHEN length(v) > n THEN error('Value ' || v || ' cannot be represented as varchar(' || n || ')') ELSE v END)[1] END`,
  // Text cast to an integer, a date or a timestamp: only what Trino reads (see INTEGER_TEXT);
  // CAST fails on the rest as Trino does.
  `__lh_integer_text(x, t) AS CASE WHEN ${INTEGER_TEXT} THEN x ELSE error('Cannot cast ''' || CAST(x AS VARCHAR) || ''' to ' || t) END`,
  `__lh_date_text(x) AS CASE WHEN ${DATE_TEXT} THEN x ELSE error('Value cannot be cast to date: ' || CAST(x AS VARCHAR)) END`,
  // TRY_CAST and try(CAST …): NULL where the text does not read (no error(), which DuckDB's TRY refuses).
  `__lh_try_integer_text(x) AS CASE WHEN ${INTEGER_TEXT} THEN x END`,
  // Text to double or real as Java reads it: DuckDB also reads 1_000, inf, nan and +-1, and not 1.5d.
  // First the text DuckDB reads as a finite number with neither of those (fuzzed against Java's
  // grammar: none it takes is refused there), then Java's grammar itself. TRY_CAST and try(CAST …)
  // take the variant without error(), which DuckDB's TRY refuses. Known gap: hexadecimal
  // floating-point text (0x1p3) is refused by CAST, and NULL for TRY_CAST (Athena reads 8.0).
  `__lh_double_text(x VARCHAR, t) AS CASE WHEN ${FAST_FLOAT} THEN x WHEN regexp_full_match(x, ${JAVA_FLOAT}) THEN ${JAVA_FLOAT_VALUE} WHEN regexp_full_match(x, '[\\x00-\\x20]*[+-]?0[xX].*') THEN error('The local engine cannot read hexadecimal floating-point text (' || x || ') as Athena does; run it on Athena.') ELSE error('Cannot cast ''' || x || ''' to ' || t) END, (x, t) AS x`,
  `__lh_try_double_text(x VARCHAR) AS CASE WHEN ${FAST_FLOAT} THEN x WHEN regexp_full_match(x, ${JAVA_FLOAT}) THEN ${JAVA_FLOAT_VALUE} END, (x) AS x`,
  // Text to decimal as BigDecimal reads it: no space around it, no 1_000 (DuckDB reads both).
  `__lh_decimal_from_text(x VARCHAR, t) AS CASE WHEN regexp_full_match(x, ${BIG_DECIMAL}) THEN x ELSE error('Cannot cast VARCHAR ''' || x || ''' to ' || t || '. Value is not a number.') END, (x, t) AS x`,
  `__lh_try_decimal_from_text(x VARCHAR) AS CASE WHEN regexp_full_match(x, ${BIG_DECIMAL}) THEN x END, (x) AS x`,
  `__lh_try_date_text(x) AS CASE WHEN ${DATE_TEXT} THEN x END`,
  `__lh_try_timestamp_text(x) AS CASE WHEN ${TIMESTAMP_TEXT} THEN x END`,
  `__lh_timestamp_text(lenient, x) AS CASE WHEN ${TIMESTAMP_TEXT} THEN x WHEN lenient THEN NULL ELSE error('Value cannot be cast to timestamp: ' || CAST(x AS VARCHAR)) END`,
  // date_parse(s, f) with f already in strptime's terms: whole milliseconds (Trino's precision 3,
  // truncated as Trino parses), 1970 when f has no year (strptime says 1900), %y as 20yy.
  `__lh_date_parse(s, f) AS list_transform([strptime(s, f)], t -> date_trunc('millisecond', CASE WHEN strpos(f, '%Y') = 0 AND strpos(f, '%y') = 0 AND strpos(f, '%G') = 0 THEN t + INTERVAL 70 YEAR WHEN strpos(f, '%y') > 0 AND year(t) < 2000 THEN t + INTERVAL 100 YEAR ELSE t END))[1]`,
  // arrays_overlap: NULL when nothing is shared but either array holds a NULL.
  `__lh_arrays_overlap(a, b) AS CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN len(a) = 0 OR len(b) = 0 THEN false WHEN list_has_any(a, b) THEN true WHEN ${HAS_NULL('a')} OR ${HAS_NULL('b')} THEN NULL ELSE false END`,
  // repeat(x, n): an array of n copies (at most 10,000).
  `__lh_repeat(x, n) AS CASE WHEN n < 0 THEN error('count argument of repeat function must be greater than or equal to 0') WHEN n > 10000 THEN error('count argument of repeat function must be less than or equal to 10000') ELSE list_transform(generate_series(1, n), i -> x) END`,
  `__lh_regexp_count(s, p) AS len(regexp_extract_all(s, p))`,
  // The first match's position, 1-based, or -1: the length of what precedes it, plus one.
  `__lh_regexp_position(s, p) AS CASE WHEN s IS NULL OR p IS NULL THEN NULL WHEN NOT regexp_matches(s, p) THEN -1 ELSE length(regexp_replace(s, '(?:' || p || ')(?s:.*)$', '')) + 1 END`,
  // json_size: elements of an array, keys of an object, 0 for a scalar; NULL for invalid JSON.
  `__lh_json_size(j, p) AS CASE WHEN j IS NULL OR p IS NULL THEN NULL WHEN NOT starts_with(trim(p), '$') THEN error('Invalid JSON path: ''' || p || '''') WHEN NOT json_valid(j) THEN NULL ELSE (CASE json_type(j, p) WHEN 'ARRAY' THEN json_array_length(j, p) WHEN 'OBJECT' THEN len(json_keys(j, p)) WHEN NULL THEN NULL ELSE 0 END) END`,
  // json_array_contains: an element of the value's own JSON kind equal to it (nested arrays do not count).
  `__lh_json_array_contains(j, v) AS CASE WHEN j IS NULL OR v IS NULL OR NOT json_valid(j) OR json_type(j) <> 'ARRAY' THEN NULL ELSE len(list_filter(json_extract(j, '$[*]'), e -> CASE WHEN typeof(v) = 'BOOLEAN' THEN json_type(e) = 'BOOLEAN' AND CAST(e AS VARCHAR) = CAST(v AS VARCHAR) WHEN typeof(v) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT') THEN json_type(e) IN ('BIGINT', 'UBIGINT') AND CAST(e AS VARCHAR) = CAST(v AS VARCHAR) WHEN typeof(v) IN ('DOUBLE', 'FLOAT') OR typeof(v) LIKE 'DECIMAL%' THEN json_type(e) = 'DOUBLE' AND TRY_CAST(CAST(e AS VARCHAR) AS DOUBLE) = TRY_CAST(CAST(v AS VARCHAR) AS DOUBLE) WHEN typeof(v) = 'VARCHAR' THEN json_type(e) = 'VARCHAR' AND json_extract_string(e, '$') = CAST(v AS VARCHAR) ELSE false END)) > 0 END`,
  `__lh_truncate(x) AS trunc(x), (x, n) AS trunc(x, n)`,
  // concat_ws(sep, array) joins the array's elements (NULL array, NULL); with values, DuckDB's.
  `__lh_concat_ws(sep, x) AS CASE WHEN sep IS NULL THEN NULL WHEN typeof(x) LIKE '%[]' AND typeof(x) NOT IN ('VARCHAR[]', '"NULL"[]') THEN error('concat_ws takes varchar values (or an array of varchar)') WHEN typeof(x) LIKE '%[]' THEN array_to_string(CAST(x AS VARCHAR[]), sep) WHEN typeof(x) NOT IN ('VARCHAR', '"NULL"') THEN error('concat_ws takes varchar values (or an array of varchar)') ELSE concat_ws(sep, x) END, (sep, a1, a2) AS CASE WHEN typeof(a1) NOT IN ('VARCHAR', '"NULL"') OR typeof(a2) NOT IN ('VARCHAR', '"NULL"') THEN error('concat_ws takes varchar values (or an array of varchar)') ELSE concat_ws(sep, a1, a2) END, (sep, a1, a2, a3) AS CASE WHEN typeof(a1) NOT IN ('VARCHAR', '"NULL"') OR typeof(a2) NOT IN ('VARCHAR', '"NULL"') OR typeof(a3) NOT IN ('VARCHAR', '"NULL"') THEN error('concat_ws takes varchar values (or an array of varchar)') ELSE concat_ws(sep, a1, a2, a3) END, (sep, a1, a2, a3, a4) AS CASE WHEN typeof(a1) NOT IN ('VARCHAR', '"NULL"') OR typeof(a2) NOT IN ('VARCHAR', '"NULL"') OR typeof(a3) NOT IN ('VARCHAR', '"NULL"') OR typeof(a4) NOT IN ('VARCHAR', '"NULL"') THEN error('concat_ws takes varchar values (or an array of varchar)') ELSE concat_ws(sep, a1, a2, a3, a4) END, (sep, a1, a2, a3, a4, a5) AS CASE WHEN typeof(a1) NOT IN ('VARCHAR', '"NULL"') OR typeof(a2) NOT IN ('VARCHAR', '"NULL"') OR typeof(a3) NOT IN ('VARCHAR', '"NULL"') OR typeof(a4) NOT IN ('VARCHAR', '"NULL"') OR typeof(a5) NOT IN ('VARCHAR', '"NULL"') THEN error('concat_ws takes varchar values (or an array of varchar)') ELSE concat_ws(sep, a1, a2, a3, a4, a5) END, (sep, a1, a2, a3, a4, a5, a6) AS CASE WHEN typeof(a1) NOT IN ('VARCHAR', '"NULL"') OR typeof(a2) NOT IN ('VARCHAR', '"NULL"') OR typeof(a3) NOT IN ('VARCHAR', '"NULL"') OR typeof(a4) NOT IN ('VARCHAR', '"NULL"') OR typeof(a5) NOT IN ('VARCHAR', '"NULL"') OR typeof(a6) NOT IN ('VARCHAR', '"NULL"') THEN error('concat_ws takes varchar values (or an array of varchar)') ELSE concat_ws(sep, a1, a2, a3, a4, a5, a6) END, (sep, a1, a2, a3, a4, a5, a6, a7) AS CASE WHEN typeof(a1) NOT IN ('VARCHAR', '"NULL"') OR typeof(a2) NOT IN ('VARCHAR', '"NULL"') OR typeof(a3) NOT IN ('VARCHAR', '"NULL"') OR typeof(a4) NOT IN ('VARCHAR', '"NULL"') OR typeof(a5) NOT IN ('VARCHAR', '"NULL"') OR typeof(a6) NOT IN ('VARCHAR', '"NULL"') OR typeof(a7) NOT IN ('VARCHAR', '"NULL"') THEN error('concat_ws takes varchar values (or an array of varchar)') ELSE concat_ws(sep, a1, a2, a3, a4, a5, a6, a7) END, (sep, a1, a2, a3, a4, a5, a6, a7, a8) AS CASE WHEN typeof(a1) NOT IN ('VARCHAR', '"NULL"') OR typeof(a2) NOT IN ('VARCHAR', '"NULL"') OR typeof(a3) NOT IN ('VARCHAR', '"NULL"') OR typeof(a4) NOT IN ('VARCHAR', '"NULL"') OR typeof(a5) NOT IN ('VARCHAR', '"NULL"') OR typeof(a6) NOT IN ('VARCHAR', '"NULL"') OR typeof(a7) NOT IN ('VARCHAR', '"NULL"') OR typeof(a8) NOT IN ('VARCHAR', '"NULL"') THEN error('concat_ws takes varchar values (or an array of varchar)') ELSE concat_ws(sep, a1, a2, a3, a4, a5, a6, a7, a8) END, (sep, a1, a2, a3, a4, a5, a6, a7, a8, a9) AS CASE WHEN typeof(a1) NOT IN ('VARCHAR', '"NULL"') OR typeof(a2) NOT IN ('VARCHAR', '"NULL"') OR typeof(a3) NOT IN ('VARCHAR', '"NULL"') OR typeof(a4) NOT IN ('VARCHAR', '"NULL"') OR typeof(a5) NOT IN ('VARCHAR', '"NULL"') OR typeof(a6) NOT IN ('VARCHAR', '"NULL"') OR typeof(a7) NOT IN ('VARCHAR', '"NULL"') OR typeof(a8) NOT IN ('VARCHAR', '"NULL"') OR typeof(a9) NOT IN ('VARCHAR', '"NULL"') THEN error('concat_ws takes varchar values (or an array of varchar)') ELSE concat_ws(sep, a1, a2, a3, a4, a5, a6, a7, a8, a9) END, (sep, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) AS CASE WHEN typeof(a1) NOT IN ('VARCHAR', '"NULL"') OR typeof(a2) NOT IN ('VARCHAR', '"NULL"') OR typeof(a3) NOT IN ('VARCHAR', '"NULL"') OR typeof(a4) NOT IN ('VARCHAR', '"NULL"') OR typeof(a5) NOT IN ('VARCHAR', '"NULL"') OR typeof(a6) NOT IN ('VARCHAR', '"NULL"') OR typeof(a7) NOT IN ('VARCHAR', '"NULL"') OR typeof(a8) NOT IN ('VARCHAR', '"NULL"') OR typeof(a9) NOT IN ('VARCHAR', '"NULL"') OR typeof(a10) NOT IN ('VARCHAR', '"NULL"') THEN error('concat_ws takes varchar values (or an array of varchar)') ELSE concat_ws(sep, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) END`,
  // Casts whose text DuckDB writes otherwise than Trino: refused rather than answered differently.
  `__lh_no_json(x) AS CASE WHEN typeof(x) = 'JSON' THEN error('The local engine cannot cast JSON to this array type as Athena does; run it on Athena') ELSE x END`,
  `__lh_no_float_json(x) AS CASE WHEN typeof(x) LIKE '%FLOAT%' OR typeof(x) LIKE '%DOUBLE%' THEN error('The local engine writes floating-point numbers in JSON otherwise than Athena; run it on Athena, or cast them to decimal first') ELSE x END`,
  // strpos(s, sub, n): where the n-th occurrence starts (counting from the end when n < 0), or 0.
  `__lh_strpos(s, sub) AS strpos(s, sub), (s, sub, n) AS CASE WHEN n = 0 THEN error('instance argument must not be zero') WHEN sub = '' THEN 1 ELSE list_transform([string_split(s, sub)], parts -> CASE WHEN abs(n) > len(parts) - 1 THEN 0 ELSE length(array_to_string(list_slice(parts, 1, CASE WHEN n > 0 THEN n ELSE len(parts) + n END), sub)) + 1 END)[1] END`,
  // lpad/rpad: Trino's range and empty-padding errors; codepoint of exactly one character.
  `__lh_lpad(s, n, p) AS CASE WHEN n < 0 OR n > 2147483647 THEN error('Target length must be in the range [0..2147483647]') WHEN length(p) = 0 THEN error('Padding string must not be empty') ELSE lpad(s, CAST(n AS INTEGER), p) END`,
  `__lh_rpad(s, n, p) AS CASE WHEN n < 0 OR n > 2147483647 THEN error('Target length must be in the range [0..2147483647]') WHEN length(p) = 0 THEN error('Padding string must not be empty') ELSE rpad(s, CAST(n AS INTEGER), p) END`,
  `__lh_codepoint(x) AS CASE WHEN length(x) <> 1 THEN error('Input string must be a single character string') ELSE unicode(x) END`,
  // Distinct elements in order of first appearance (NULL counts as a value), as Trino's set functions.
  `__lh_array_intersect(a, b) AS list_filter(list_filter(a, (e, i) -> list_position(a, e) = i), e -> list_position(b, e) IS NOT NULL)`,
  `__lh_array_except(a, b) AS list_filter(list_filter(a, (e, i) -> list_position(a, e) = i), e -> list_position(b, e) IS NULL)`,
  `__lh_ngrams(a, n) AS CASE WHEN n <= 0 THEN error('N must be positive') WHEN n >= len(a) THEN [a] ELSE list_transform(generate_series(1, len(a) - n + 1), i -> list_slice(a, i, i + n - 1)) END`,
  // width_bucket as Trino computes it, in doubles, with its errors.
  `__lh_width_bucket(x, bins) AS CASE WHEN len(bins) = 0 THEN error('Bins cannot be an empty array') WHEN isnan(CAST(x AS DOUBLE)) THEN error('Operand cannot be NaN') WHEN len(list_filter(bins, e -> NOT isfinite(CAST(e AS DOUBLE)))) > 0 THEN error('Bin value must be finite') WHEN list_sort(bins) <> bins THEN error('Bin values are not sorted in ascending order') ELSE CAST(len(list_filter(bins, e -> e <= x)) AS BIGINT) END, (x, lo, hi, n) AS CASE WHEN n <= 0 THEN error('bucketCount must be greater than 0') WHEN isnan(CAST(x AS DOUBLE)) THEN error('operand must not be NaN') WHEN NOT isfinite(CAST(lo AS DOUBLE)) THEN error('first bound must be finite') WHEN NOT isfinite(CAST(hi AS DOUBLE)) THEN error('second bound must be finite') WHEN lo = hi THEN error('bounds cannot equal each other') ELSE list_transform([CASE WHEN CAST(x AS DOUBLE) < least(lo, hi) THEN CAST(0 AS BIGINT) WHEN CAST(x AS DOUBLE) >= greatest(lo, hi) THEN (CASE WHEN n >= 9223372036854775807 THEN error('Bucket for value ' || CAST(x AS VARCHAR) || ' is out of range') ELSE CAST(n AS BIGINT) + 1 END) ELSE CAST(trunc(n * (CAST(x AS DOUBLE) - least(lo, hi)) / (greatest(lo, hi) - least(lo, hi)) + 1) AS BIGINT) END], r -> CASE WHEN lo > hi THEN (CAST(n AS BIGINT) - r) + 1 ELSE r END)[1] END`,
  // round: ±Infinity stays itself; an integer rounded past its type's range fails (DuckDB wraps:
  // round(TINYINT '127', -1) gave -126).
  `__lh_round(x) AS round(x), (x, d) AS CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT') AND NOT isfinite(TRY_CAST(CAST(x AS VARCHAR) AS DOUBLE)) THEN x WHEN typeof(x) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT') AND d < 0 AND (d < -18 OR NOT round(TRY_CAST(CAST(x AS VARCHAR) AS HUGEINT), d) BETWEEN ${INT_RANGE('min')} AND ${INT_RANGE('max')}) THEN error('Value is out of range for ' || lower(typeof(x)) || ': round(' || CAST(x AS VARCHAR) || ', ' || CAST(d AS VARCHAR) || ')') WHEN typeof(x) = 'BIGINT' AND d < 0 AND abs(TRY_CAST(CAST(x AS VARCHAR) AS HUGEINT)) + CAST(pow(10, least(-d, 19)) AS HUGEINT) > CAST('9223372036854775807' AS HUGEINT) THEN error('The local engine cannot round a bigint this close to its limit exactly (DuckDB would wrap): run it on Athena') ELSE round(x, d) END`,
  // json_array_get: the element at a 0-based index (negative from the end), NULL out of range; as
  // in Trino a string element comes back unquoted and a JSON null as NULL.
  `__lh_json_array_get(j, i) AS CASE WHEN j IS NULL OR i IS NULL OR NOT json_valid(CAST(j AS VARCHAR)) OR json_type(CAST(j AS VARCHAR)) <> 'ARRAY' THEN NULL WHEN i >= json_array_length(CAST(j AS VARCHAR)) OR -i > json_array_length(CAST(j AS VARCHAR)) THEN NULL ELSE list_transform([json_extract(CAST(j AS VARCHAR), '$[' || CAST(CASE WHEN i >= 0 THEN i ELSE json_array_length(CAST(j AS VARCHAR)) + i END AS VARCHAR) || ']')], e -> CASE json_type(e) WHEN 'NULL' THEN NULL WHEN 'VARCHAR' THEN json_extract_string(e, '$') ELSE CAST(e AS VARCHAR) END)[1] END`,
  // format_number: thousands as K, M, B, T, Q; two decimals under 10, one under 100, none above.
  `__lh_format_number(x) AS list_transform([CAST(x AS DOUBLE)], v -> list_transform([CASE WHEN abs(v) >= 1e15 THEN 5 WHEN abs(v) >= 1e12 THEN 4 WHEN abs(v) >= 1e9 THEN 3 WHEN abs(v) >= 1e6 THEN 2 WHEN abs(v) >= 1e3 THEN 1 ELSE 0 END], k -> list_transform([v / pow(1000, k)], s -> regexp_replace(CAST(round(s, CASE WHEN abs(s) < 10 THEN 2 WHEN abs(s) < 100 THEN 1 ELSE 0 END) AS VARCHAR), '[.]0$', '') || ['', 'K', 'M', 'B', 'T', 'Q'][k + 1])[1])[1])[1]`,
  // Bitwise functions over bigint, as Trino; bit_count counts x as a two's complement of n bits.
  `__lh_bitwise_and(x, y) AS CAST(x AS BIGINT) & CAST(y AS BIGINT)`,
  `__lh_bitwise_or(x, y) AS CAST(x AS BIGINT) | CAST(y AS BIGINT)`,
  `__lh_bitwise_xor(x, y) AS xor(CAST(x AS BIGINT), CAST(y AS BIGINT))`,
  `__lh_bitwise_not(x) AS ~CAST(x AS BIGINT)`,
  `__lh_bit_count(x, n) AS CASE WHEN n < 2 OR n > 64 THEN error('Bits specified in bit_count must be between 2 and 64, got ' || n) WHEN CAST(x AS HUGEINT) < -(CAST(1 AS HUGEINT) << (n - 1)) OR CAST(x AS HUGEINT) >= (CAST(1 AS HUGEINT) << (n - 1)) THEN error('Number must be representable with the bits specified. ' || x || ' cannot be represented with ' || n || ' bits') WHEN n = 64 THEN CAST(bit_count(CAST(x AS BIGINT)) AS BIGINT) ELSE CAST(bit_count(CAST(x AS BIGINT) & ((CAST(1 AS BIGINT) << n) - 1)) AS BIGINT) END`,
  // math
  `__lh_nan() AS CAST('NaN' AS DOUBLE)`,
  `__lh_infinity() AS CAST('Infinity' AS DOUBLE)`,
  // Inside try(): an error DuckDB's TRY can catch (error() is volatile, which TRY refuses): a
  // failing cast of the message, typed NULL so that it meets any type, as error() does.
  `__lh_raise(message) AS CAST(CAST(coalesce(message, 'error') AS INTEGER) AS "NULL")`,
  ...PRECISE_MACROS,
];

/** The statements that install the macros, in the engine's `main` schema. */
export const installTrinoMacros = (): string[] => TRINO_MACROS.map((m) => `CREATE OR REPLACE MACRO main.${m}`);
