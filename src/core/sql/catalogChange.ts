import { parseAthenaStatement, type TableName } from './athenaStatement';
import { classifyStatement } from './statementKind';

/**
 * What a statement that succeeded did to the catalog, so the tree refreshes the right database
 * and reveals a new table. `database` absent: the session's database (or, when unknowable, all).
 */
export type CatalogChange =
  | { readonly scope: 'table'; readonly action: 'created' | 'dropped' | 'altered'; readonly database?: string; readonly table: string }
  | { readonly scope: 'database'; readonly action: 'created' | 'dropped'; readonly database: string }
  /** DDL we cannot place (e.g. an ALTER we do not parse): refresh everything. */
  | { readonly scope: 'all' };

const onTable = (action: 'created' | 'dropped' | 'altered', t: TableName): CatalogChange => ({ scope: 'table', action, table: t.name.toLowerCase(), ...(t.database ? { database: t.database.toLowerCase() } : {}) });

/** The catalog change of `sql`; undefined for statements that change no catalog object. */
export function catalogChangeOf(sql: string): CatalogChange | undefined {
  const info = classifyStatement(sql);
  if (info.kind !== 'ddl' && info.kind !== 'ctas') return undefined;
  const parsed = parseAthenaStatement(sql);
  if (!parsed.ok) return { scope: 'all' };
  const s = parsed.statement;
  switch (s.kind) {
    case 'createTable':
      return onTable('created', s.databaseGiven ? { database: s.table.database, name: s.table.name } : { name: s.table.name });
    case 'ctas':
      return onTable('created', s.table);
    case 'createView':
      return onTable('created', s.view);
    case 'dropTable':
      return onTable('dropped', s.table);
    case 'dropView':
      return onTable('dropped', s.view);
    case 'addPartitions':
    case 'dropPartitions':
    case 'msckRepair':
      return onTable('altered', s.table);
    case 'createDatabase':
      return { scope: 'database', action: 'created', database: s.name.toLowerCase() };
    case 'dropDatabase':
      return { scope: 'database', action: 'dropped', database: s.name.toLowerCase() };
    case 'use':
    case 'describe':
    case 'showCreateTable':
    case 'showCreateView':
    case 'showColumns':
    case 'showPartitions':
    case 'showDatabases':
    case 'showTables':
    case 'showViews':
      return undefined;
    default:
      return { scope: 'all' };
  }
}
