/** SQL text helpers for the DuckDB statements the local engine builds. */

/** A string literal: quotes doubled, nothing else changes. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A quoted identifier. */
export const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A JSON value from DuckDB as text (names and type names come back as strings). */
export const jsonText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** A DuckDB list of string literals. */
export const sqlStringList = (items: readonly string[]): string => `[${items.map(sqlString).join(', ')}]`;

/** Athena's rule for database, table and column names we create: letters, digits, underscore. */
export function checkName(kind: string, name: string): void {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new NameError(`${kind} name '${name}' is not valid: Athena names use letters, digits and underscores only.`);
}

export class NameError extends Error {}

/** Unqualified names resolve in the session database, then in `main` (where our macros live). */
export const searchPath = (database: string): string => `SET search_path = '${database.toLowerCase().replace(/[^a-z0-9_]/g, '')},main'`;
