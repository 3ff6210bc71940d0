/** SQL text helpers for the DuckDB statements the local engine builds. */

/** A string literal: quotes doubled, nothing else changes. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A quoted identifier. */
export const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A JSON value from DuckDB as text (names and type names come back as strings). */
export const jsonText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** A DuckDB list of string literals. */
export const sqlStringList = (items: readonly string[]): string => `[${items.map(sqlString).join(', ')}]`;
