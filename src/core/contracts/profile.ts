import type { Column, Table } from '../catalog/model';
import { quoteIdent } from '../sql/identifiers';

// Profiling a table for a drafted contract: the queries and how their rows are read. No YAML here,
// so the engines can profile without loading the contract bundle.

/** What profiling a column found. */
export interface ColumnProfile {
  readonly nulls: number;
  readonly distinct: number;
  readonly min?: string | number;
  readonly max?: string | number;
  /** Every value, when there are few (at most VALUE_SET). */
  readonly values?: readonly string[];
}

/** Text columns with at most this many values get a validValues rule. */
export const VALUE_SET = 10;

export const NUMERIC = /^(tinyint|smallint|int|integer|bigint|float|double|real|decimal)/;
const ORDERED = /^(tinyint|smallint|int|integer|bigint|float|double|real|decimal|date|timestamp)/;
export const TEXT = /^(string|varchar|char)/;

/** The profile query of a table: one row, per column its NULLs, distinct values, and range when ordered. */
export function profileSql(table: Table): string {
  const ref = `${quoteIdent(table.database)}.${quoteIdent(table.name)}`;
  const parts = ['count(*)'];
  for (const c of columnsOf(table)) {
    const col = quoteIdent(c.name);
    parts.push(`count_if(${col} IS NULL)`, /^(array|map|struct|row)/.test(c.type) ? '0' : `count(DISTINCT ${col})`);
    if (ORDERED.test(c.type)) parts.push(`CAST(min(${col}) AS varchar)`, `CAST(max(${col}) AS varchar)`);
  }
  return `SELECT\n  ${parts.join(',\n  ')}\nFROM ${ref}`;
}

/** The query of one low-cardinality text column's values. */
export function valuesSql(table: Table, column: string): string {
  return `SELECT DISTINCT ${quoteIdent(column)} FROM ${quoteIdent(table.database)}.${quoteIdent(table.name)} WHERE ${quoteIdent(column)} IS NOT NULL ORDER BY 1 LIMIT ${VALUE_SET + 1}`;
}

/** A table's columns, partition keys last. */
export function columnsOf(table: Table): Column[] {
  return [...table.storage.columns, ...table.partitionKeys];
}

/** Reads the profile query's row into a profile per column (values come apart). */
export function readProfile(table: Table, row: readonly unknown[]): { rowCount: number; columns: Map<string, ColumnProfile> } {
  let i = 1;
  const out = new Map<string, ColumnProfile>();
  const num = (v: unknown): number => Number(v ?? 0);
  const scalar = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined);
  for (const c of columnsOf(table)) {
    const nulls = num(row[i++]);
    const distinct = num(row[i++]);
    let range: { min?: string; max?: string } = {};
    if (ORDERED.test(c.type)) {
      const min = scalar(row[i++]);
      const max = scalar(row[i++]);
      range = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    out.set(c.name, { nulls, distinct, ...range });
  }
  return { rowCount: num(row[0]), columns: out };
}

/** The columns whose values are worth listing (text, few values). */
export function valueSetColumns(table: Table, profile: ReadonlyMap<string, ColumnProfile>): string[] {
  return columnsOf(table)
    .filter((c) => TEXT.test(c.type) && (profile.get(c.name)?.distinct ?? 0) > 0 && (profile.get(c.name)?.distinct ?? 0) <= VALUE_SET)
    .map((c) => c.name);
}

/** A table's profile: its rows, and per column what profiling found. */
export interface TableProfile {
  readonly rowCount: number;
  readonly columns: ReadonlyMap<string, ColumnProfile>;
}
