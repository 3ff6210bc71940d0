import { translateFunctions } from '../../core/sql/trinoFunctions';
import { CatalogError } from './localCatalog';

/** Where the Trino macros live; calls are qualified so views in any schema find them. */
export const MACROS = 'main.__lh_';

/** Athena SQL → the SQL DuckDB runs, or a CatalogError naming what the local engine cannot run. */
export function translateQuery(sql: string): string {
  const t = translateFunctions(sql, MACROS);
  if (!t.ok) throw new CatalogError(t.message);
  return t.sql;
}
