import type { Table } from '../../core/catalog/model';
import { parseQuery, queryParts, type Query, type QueryBody, type Relation } from '../../core/sql/queryAst';
import { typeFromText, type ColumnTypes, type StaticType } from '../../core/sql/staticTypes';

/**
 * The catalog's column types for a query's column references, where they are certain: every
 * relation of the query (nested ones too) is a catalog table, and the name is neither an output
 * alias nor a column of two tables with different types. Otherwise undefined (a CTE, a subquery
 * in FROM, UNNEST: their columns' types are not the catalog's).
 */
export function catalogColumnTypes(sql: string, database: string, table: (database: string, name: string) => Table | undefined): ColumnTypes | undefined {
  let query: Query;
  try {
    query = parseQuery(sql);
  } catch {
    return undefined;
  }
  const tables: { names: string[]; columns: Map<string, StaticType> }[] = [];
  const aliases = new Set<string>();
  let certain = true;
  const relation = (r: Relation): void => {
    if (r.k === 'table') {
      const parts = r.parts.map((p) => p.toLowerCase());
      const t = parts.length === 2 ? table(parts[0] as string, parts[1] as string) : parts.length === 1 ? table(database, parts[0] as string) : undefined;
      if (!t) {
        certain = false;
        return;
      }
      const columns = new Map([...t.storage.columns, ...t.partitionKeys].map((c) => [c.name.toLowerCase(), typeFromText(c.type)] as const));
      tables.push({ names: [t.name.toLowerCase(), ...(r.alias ? [r.alias.toLowerCase()] : [])], columns });
    } else if (r.k === 'join') {
      relation(r.left);
      relation(r.right);
    } else certain = false;
  };
  const body = (b: QueryBody): void => {
    if (b.k === 'select') {
      b.from.forEach(relation);
      for (const item of b.items) if (item.k === 'expr' && item.alias) aliases.add(item.alias.toLowerCase());
    } else if (b.k === 'set') {
      body(b.left);
      body(b.right);
    } else if (b.k === 'nested') walk(b.query);
    else if (b.k === 'tableRef') certain = false;
  };
  const walk = (q: Query): void => {
    if (q.ctes.length) certain = false;
    body(q.body);
    // Scalar and IN subqueries: their tables join the lookup (names must agree across all).
    for (const nested of queryParts(q).queries) walk(nested);
  };
  walk(query);
  if (!certain || !tables.length) return undefined;
  return (parts) => {
    const name = (parts[parts.length - 1] ?? '').toLowerCase();
    if (aliases.has(name)) return undefined;
    const qualifier = parts.length >= 2 ? (parts[parts.length - 2] ?? '').toLowerCase() : undefined;
    const found = tables.filter((t) => !qualifier || t.names.includes(qualifier)).map((t) => t.columns.get(name));
    const first = found.find((t) => t !== undefined);
    if (!first || found.some((t) => t !== undefined && JSON.stringify(t) !== JSON.stringify(first))) return undefined;
    return first;
  };
}
