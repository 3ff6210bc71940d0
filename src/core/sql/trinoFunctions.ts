import { jodaToStrftime, mysqlToStrftime } from './dateFormats';
import { applyEdits, type Edit } from './edits';
import { findFilePathInFrom } from './filePaths';
import { findFunctionCalls, formatArgument } from './functionCalls';
import { rewritePreciseTemporal } from './preciseTemporal';
import type { ColumnTypes } from './staticTypes';
import { rewriteOperators } from './trinoOperators';
import { bindSortNames } from './sortNames';
import { trinoTypeEdits } from './trinoTypes';
import { useTryVariants } from './tryVariants';

/**
 * Athena (Trino) functions the local engine runs. `same`: DuckDB has it with Trino's meaning.
 * `mapped`: the call is rewritten to the engine's `__lh_<name>` implementation. Anything else is
 * refused with its name: an Athena SQL file must never get a silently different answer, and
 * SQL that works locally must also work on Athena.
 */
export const SAME_IN_DUCKDB: ReadonlySet<string> = new Set([
  // math
  'abs', 'ceil', 'ceiling', 'floor', 'sqrt', 'cbrt', 'exp', 'ln', 'log2', 'log10', 'log', 'power', 'pow', 'sign', 'pi',
  'random', 'radians', 'degrees', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'greatest', 'least',
  // conditionals
  'coalesce', 'nullif', 'if', 'try',
  // strings
  'length', 'lower', 'upper', 'trim', 'ltrim', 'rtrim', 'reverse', 'concat',
  'starts_with', 'chr', 'translate', 'hamming_distance', 'regexp_extract_all',
  // aggregates and windows
  'count', 'sum', 'avg', 'min', 'max', 'regr_slope', 'regr_intercept', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'corr',
  'covar_pop', 'covar_samp', 'bool_and', 'bool_or', 'count_if', 'max_by', 'min_by', 'arbitrary', 'any_value', 'array_agg',
  'kurtosis', 'skewness', 'row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead',
  'first_value', 'last_value', 'nth_value',
  // dates
  'year', 'month', 'day', 'hour', 'minute', 'second', 'quarter', 'week', 'now',
  // json, arrays, maps
  'json_extract', 'json_array_length', 'flatten', 'map', 'map_keys', 'map_values',
]);

/** Trino names whose local implementation is a macro `__lh_<name>` (see the engine's macros). */
export const MAPPED: ReadonlySet<string> = new Set([
  'from_iso8601_timestamp', 'from_iso8601_date', 'to_iso8601',
  'date_add', 'date_diff', 'date_trunc', 'to_unixtime', 'from_unixtime', 'date', 'day_of_week', 'dow', 'day_of_month',
  'day_of_year', 'doy', 'year_of_week', 'yow', 'last_day_of_month', 'approx_distinct', 'approx_percentile', 'element_at',
  'cardinality', 'contains', 'array_join', 'array_distinct', 'array_max', 'array_min', 'array_sort', 'array_position',
  'array_remove', 'slice', 'sequence', 'split', 'regexp_like', 'regexp_extract', 'regexp_replace',
  'regexp_split', 'json_extract_scalar', 'json_parse', 'json_format', 'levenshtein_distance', 'truncate', 'is_nan',
  'is_finite', 'is_infinite', 'codepoint', 'nan', 'infinity', 'mod',
  'json_array_get', 'format_number', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'bitwise_not', 'bit_count', 'round', 'array_intersect', 'array_except', 'ngrams', 'width_bucket', 'lpad', 'rpad', 'strpos', 'concat_ws', 'split_part', 'substr', 'replace', 'arrays_overlap', 'repeat', 'regexp_count', 'regexp_position', 'json_size', 'json_array_contains', 'to_utf8', 'from_utf8', 'md5', 'sha1', 'sha256', 'to_hex', 'from_hex', 'to_base64', 'from_base64',
  'millisecond', 'week_of_year',
]);

/** Trino names DuckDB has under another name with the same meaning (lambdas cannot pass through macros). */
export const RENAMED: Readonly<Record<string, string>> = { transform: 'list_transform', filter: 'list_filter', parse_duration: '__lh_parse_duration' };

export const MACRO_PREFIX = '__lh_';

/**
 * Functions whose format argument must be a literal: it is translated in the SQL text and the
 * call becomes DuckDB's strptime/strftime, which need constant formats.
 */
const FORMAT_FUNCTIONS: Readonly<Record<string, { readonly to: string; readonly convert: (f: string) => string }>> = {
  // date_parse is Trino's timestamp(3), 1970 where the format has no year, 20yy for %y: a macro.
  date_parse: { to: `${MACRO_PREFIX}date_parse`, convert: mysqlToStrftime },
  // date_format formats the timestamp rounded to milliseconds, as Trino: a macro.
  date_format: { to: `${MACRO_PREFIX}date_format`, convert: mysqlToStrftime },
  parse_datetime: { to: 'strptime', convert: jodaToStrftime },
  format_datetime: { to: 'strftime', convert: jodaToStrftime },
};

export type TranslateOutcome =
  | { readonly ok: true; readonly sql: string; readonly functions: readonly string[] }
  | { readonly ok: false; readonly message: string; readonly offset: number };

/**
 * Rewrites Athena SQL's function calls for the local engine, or names the first it cannot run.
 * A file path where a table belongs is refused first: Athena reads catalog tables only.
 * `storing`: the query fills a table or a view (CTAS, INSERT, CREATE VIEW), whose columns
 * cannot hold what only a result can show (a timestamp finer than microseconds, as text).
 * `columns`: the catalog's column types, for the rules that read them.
 */
export function translateFunctions(athenaSql: string, target = MACRO_PREFIX, storing = false, columns?: ColumnTypes): TranslateOutcome {
  const path = findFilePathInFrom(athenaSql);
  if (path) return { ok: false, offset: path.offset, message: path.message };
  /** Where the macros live (`main.`), without their `__lh_` prefix. */
  const schema = target.slice(0, target.length - MACRO_PREFIX.length);
  // Timestamps and times finer than microseconds first: they become picoseconds and macro calls.
  // (Before them, ORDER BY reads output names as Trino does: every later rule sees the result.)
  const precise = rewritePreciseTemporal(bindSortNames(athenaSql), schema, storing);
  if (!precise.ok) return precise;
  const sql = precise.sql;
  const internal = new Set(precise.macros);
  const types = trinoTypeEdits(sql, schema, columns);
  if (!types.ok) return types;
  const edits: Edit[] = [...types.edits];
  const used = new Set<string>();
  for (const call of findFunctionCalls(sql)) {
    const name = call.name.toLowerCase();
    if (internal.has(name)) continue;
    used.add(name);
    if (SAME_IN_DUCKDB.has(name)) continue;
    const renamed = RENAMED[name];
    if (renamed) {
      edits.push({ start: call.start, end: call.end, text: renamed });
      continue;
    }
    const format = FORMAT_FUNCTIONS[name];
    if (format) {
      const literal = formatArgument(sql, call);
      if (!literal) return { ok: false, offset: call.start, message: `${call.name} needs its format as a string literal on the local engine.` };
      try {
        const to = format.to.startsWith(MACRO_PREFIX) ? `${target}${format.to.slice(MACRO_PREFIX.length)}` : format.to;
        edits.push({ start: call.start, end: call.end, text: to }, { start: literal.start, end: literal.end, text: `'${format.convert(literal.value).replace(/'/g, "''")}'` });
      } catch (e) {
        return { ok: false, offset: literal.start, message: e instanceof Error ? e.message : String(e) };
      }
      continue;
    }
    if (MAPPED.has(name)) {
      edits.push({ start: call.start, end: call.end, text: `${target}${name}` });
      continue;
    }
    return {
      ok: false,
      offset: call.start,
      message: `Function '${call.name}' is not supported by the local lakehouse engine${name.startsWith(MACRO_PREFIX) ? '' : ' (or is not an Athena function)'}.`,
    };
  }
  // Operators whose meaning depends on their operands go through macros, on the translated text.
  const operators = rewriteOperators(applyEdits(sql, edits), schema, columns);
  if (!operators.ok) return { ok: false, offset: 0, message: operators.message };
  // Inside try(), the macros' errors are ones DuckDB's TRY catches.
  return { ok: true, sql: useTryVariants(operators.sql), functions: [...used].sort() };
}
