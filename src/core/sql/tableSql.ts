import type { Table } from '../catalog/model';
import { backtickIdent, quotedName, quoteIdent } from './identifiers';

/** Statements the catalog's table actions write, every name quoted. */

export const previewSql = (database: string, table: string, limit: number): string => `SELECT * FROM ${quotedName(database, table)} LIMIT ${Math.max(1, Math.floor(limit))}`;

/** `SELECT` with every column listed (partition keys last, as Athena orders them). */
export function selectAllColumnsSql(t: Table, limit?: number): string {
  const columns = [...t.storage.columns, ...t.partitionKeys].map((c) => `  ${quoteIdent(c.name)}`);
  const list = columns.length ? columns.join(',\n') : '  *';
  return `SELECT\n${list}\nFROM ${quotedName(t.database, t.name)}${limit ? `\nLIMIT ${limit}` : ''};\n`;
}

/** DROP TABLE (DDL: backticks) or DROP VIEW (a view statement: double quotes). */
export const dropSql = (t: Table): string =>
  t.tableType === 'VIRTUAL_VIEW' ? `DROP VIEW IF EXISTS ${quotedName(t.database, t.name)}` : `DROP TABLE IF EXISTS ${backtickIdent(t.database)}.${backtickIdent(t.name)}`;
