/**
 * Names in SQL we write for the user: quoted only when they must be (so copied names read the
 * way people write them), always quoted when a statement is built for running.
 */

const PLAIN = /^[a-z_][a-z0-9_]*$/;

/** A name in Athena DML quotes: `"my table"` (inner quotes doubled). */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A name in Athena DDL quotes (Hive): `` `my table` `` (inner backticks doubled). */
export const backtickIdent = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/** `"db"."table"`: for statements we build and run. */
export const quotedName = (database: string, table: string): string => `${quoteIdent(database)}.${quoteIdent(table)}`;

/** A name as a person writes it: bare when it is a plain lower-case identifier, else quoted. */
export const displayIdent = (name: string): string => (PLAIN.test(name) ? name : quoteIdent(name));

/** `db.table`, each part quoted only when it must be. */
export const displayName = (database: string, table: string): string => `${displayIdent(database)}.${displayIdent(table)}`;
