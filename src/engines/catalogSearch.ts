import { CatalogIndex } from '../core/catalog/search';
import type { Table } from '../core/catalog/model';
import { allPages } from './pages';
import type { Catalog } from './types';

/**
 * Every table and view of a catalog (each database's, page by page), indexed for catalog search.
 * One listing per database: on Glue, GetTables returns the columns with the tables.
 */
export async function catalogSearchIndex(catalog: Catalog, catalogName: string): Promise<CatalogIndex> {
  const databases = await allPages((token) => catalog.listDatabases(catalogName, token));
  const tables: Table[] = [];
  for (const db of databases) tables.push(...(await allPages((token) => catalog.listTables(catalogName, db.name, token))));
  return new CatalogIndex(tables);
}
