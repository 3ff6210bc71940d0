import type { DuckDBMaterializedResult } from '@duckdb/node-api';
import { athenaColumnNames } from '../../core/sql/outputNames';
import type { ColumnTypes } from '../../core/sql/staticTypes';
import { translateFunctions } from '../../core/sql/trinoFunctions';
import { CatalogError } from './localCatalog';
import { ident, jsonText } from './sqlText';

/** Where the Trino macros live; calls are qualified so views in any schema find them. */
export const MACROS = 'main.__lh_';

/**
 * Athena SQL → the SQL DuckDB runs, or a CatalogError naming what the local engine cannot run.
 * `storing`: the query fills a table or a view (see translateFunctions).
 */
export function translateQuery(sql: string, storing = false, columns?: ColumnTypes): string {
  const t = translateFunctions(sql, MACROS, storing, columns);
  if (!t.ok) throw new CatalogError(t.message);
  return t.sql;
}

/**
 * A view's query for DuckDB whose columns carry the names Athena gives them (`_col0` for an
 * unaliased expression), so `SELECT _col0 FROM the_view` works as on Athena. Runs DESCRIBE on
 * `run`, whose search path must be the view's database.
 */
export async function translateNamedQuery(run: (sql: string) => Promise<DuckDBMaterializedResult>, athenaSql: string, columns?: ColumnTypes): Promise<string> {
  const sql = translateQuery(athenaSql, true, columns);
  const engineNames = (await (await run(`DESCRIBE ${sql}`)).getRowsJson()).map((r) => jsonText(r[0]));
  const names = athenaColumnNames(athenaSql, engineNames);
  if (names.every((n, i) => n === engineNames[i])) return sql;
  return `SELECT * FROM (${sql}) AS __lh_named(${names.map(ident).join(', ')})`;
}
