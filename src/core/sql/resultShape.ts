import { parseQuery, type Expr, type QueryBody } from './queryAst';

/** Trino's aggregate functions: a call to one outside a window makes its SELECT an aggregation. */
const AGGREGATES = new Set([
  'count', 'count_if', 'sum', 'avg', 'min', 'max', 'min_by', 'max_by', 'arbitrary', 'any_value', 'approx_distinct', 'approx_percentile',
  'approx_most_frequent', 'array_agg', 'bool_and', 'bool_or', 'every', 'checksum', 'geometric_mean', 'histogram', 'listagg', 'map_agg',
  'map_union', 'multimap_agg', 'numeric_histogram', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'corr',
  'covar_pop', 'covar_samp', 'kurtosis', 'skewness', 'regr_intercept', 'regr_slope', 'bitwise_and_agg', 'bitwise_or_agg',
]);

const aggregates = (e: Expr): boolean => e.k === 'call' && !e.window && AGGREGATES.has(e.name.toLowerCase());

/**
 * Whether a query's first row comes only once its whole input has been read: its outer SELECT
 * groups, or aggregates every row into one. Streaming such a result gives no row sooner, so the
 * engine may run it to completion at once. False when unsure (and for SQL that does not parse).
 */
export function aggregatedResult(sql: string): boolean {
  let body: QueryBody;
  try {
    body = parseQuery(sql).body;
  } catch {
    return false;
  }
  while (body.k === 'nested' && !body.query.ctes.length) body = body.query.body;
  if (body.k !== 'select') return false;
  if (body.groupBy.length) return true;
  return body.items.length > 0 && body.items.every((i) => i.k === 'expr' && aggregates(i.e));
}
