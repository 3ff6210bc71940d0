import { parseAthenaStatement, type TableName } from './athenaStatement';
import { isTrivia, tokens, type Token } from './tokenizer';

/**
 * What a statement is, from its leading keywords: enough to label it, to decide whether running it
 * needs a confirmation, and where a CTAS writes. Works on half-typed SQL and never throws.
 */
export type StatementKind = 'query' | 'explain' | 'ctas' | 'insert' | 'unload' | 'ddl' | 'iceberg-dml' | 'other';

export interface Destructive {
  /** What the statement does, as a person says it: "drop table", "delete rows from"… */
  readonly action: string;
  /** What it touches, e.g. `sales.orders` (as written). */
  readonly target: string;
  /** A short note on the data: DROP of an external table leaves the S3 files, Iceberg's deletes them… */
  readonly dataNote: string;
}

export interface StatementInfo {
  readonly kind: StatementKind;
  /** The leading keywords, upper case (e.g. `CREATE TABLE`, `INSERT OVERWRITE`). */
  readonly verb: string;
  /** Set when running it may lose data: the run asks first. */
  readonly destructive?: Destructive;
  /** DDL and EXPLAIN are not billed by Athena. */
  readonly billed: boolean;
}

/** The significant tokens' upper-cased words (strings, identifiers and punctuation as written). */
function words(sql: string): string[] {
  const out: string[] = [];
  for (const t of tokens(sql)) {
    if (isTrivia(t)) continue;
    out.push(wordOf(sql, t));
    if (out.length >= 12) break;
  }
  return out;
}

/** `CREATE TABLE … [WITH (…)] AS SELECT|WITH|(`: an AS outside brackets followed by a query. */
function isCtas(sql: string): boolean {
  let depth = 0;
  let sawAs = false;
  for (const t of tokens(sql)) {
    if (isTrivia(t)) continue;
    const w = wordOf(sql, t);
    if (sawAs) return w === 'SELECT' || w === 'WITH' || w === '(' || w === 'VALUES';
    if (w === '(') depth++;
    else if (w === ')') depth--;
    else if (depth === 0 && w === 'AS') sawAs = true;
  }
  return false;
}

/** A CTAS's table and where it writes (`external_location`, or Iceberg's `location`). */
export function ctasTarget(sql: string): { readonly table: TableName; readonly location?: string } | undefined {
  const parsed = parseAthenaStatement(sql);
  if (!parsed.ok || parsed.statement.kind !== 'ctas') return undefined;
  const p = parsed.statement.properties;
  const location = [p.external_location, p.location].find((v): v is string => typeof v === 'string');
  return { table: parsed.statement.table, ...(location ? { location } : {}) };
}

const wordOf = (sql: string, t: Token): string => (t.kind === 'word' ? sql.slice(t.start, t.end).toUpperCase() : sql.slice(t.start, t.end));

/** The name after `from` words, as written (quotes removed), e.g. `db.table`. */
function nameAt(ws: readonly string[], from: number): string {
  let i = from;
  while (['IF', 'EXISTS', 'NOT', 'TABLE', 'INTO', 'FROM', 'VIEW', 'DATABASE', 'SCHEMA'].includes(ws[i] ?? '')) i++;
  const parts: string[] = [];
  for (; i < ws.length; i++) {
    const w = ws[i] ?? '';
    if (w === '.') continue;
    if (parts.length && ws[i - 1] !== '.') break;
    parts.push(w.replace(/^[`"]|[`"]$/g, '').toLowerCase());
  }
  return parts.join('.') || '?';
}

export function classifyStatement(sql: string): StatementInfo {
  const ws = words(sql);
  const [w0 = '', w1 = '', w2 = ''] = ws;
  const info = (kind: StatementKind, verb: string, extra: Partial<StatementInfo> = {}): StatementInfo => ({ kind, verb, billed: kind !== 'ddl' && kind !== 'explain', ...extra });
  switch (w0) {
    case 'SELECT':
    case 'WITH':
    case 'VALUES':
    case 'TABLE':
    case '(':
    case 'SHOW':
    case 'DESCRIBE':
    case 'DESC':
      return info('query', w0 === '(' ? 'SELECT' : w0, w0 === 'SHOW' || w0 === 'DESCRIBE' || w0 === 'DESC' ? { billed: false } : {});
    case 'EXPLAIN':
      // EXPLAIN ANALYZE runs the query, and is billed as such.
      return w1 === 'ANALYZE' ? info('query', 'EXPLAIN ANALYZE') : info('explain', 'EXPLAIN');
    case 'INSERT': {
      if (w1 === 'OVERWRITE') {
        const target = nameAt(ws, 2);
        return info('insert', 'INSERT OVERWRITE', { destructive: { action: 'overwrite', target, dataNote: 'The rows it replaces are deleted.' } });
      }
      return info('insert', 'INSERT INTO');
    }
    case 'UNLOAD':
      return info('unload', 'UNLOAD');
    case 'UPDATE':
      return info('iceberg-dml', 'UPDATE', { destructive: { action: 'update rows of', target: nameAt(ws, 1), dataNote: 'Rows are changed in place (Iceberg).' } });
    case 'DELETE':
      return info('iceberg-dml', 'DELETE', { destructive: { action: 'delete rows from', target: nameAt(ws, 1), dataNote: 'The matching rows are deleted (Iceberg).' } });
    case 'MERGE':
      return info('iceberg-dml', 'MERGE', { destructive: { action: 'merge into', target: nameAt(ws, 1), dataNote: 'Rows may be updated or deleted (Iceberg).' } });
    case 'VACUUM':
      return info('iceberg-dml', 'VACUUM', { destructive: { action: 'vacuum', target: nameAt(ws, 1), dataNote: 'Expired snapshots and their files are deleted for good: time travel to them ends.' } });
    case 'OPTIMIZE':
      return info('iceberg-dml', 'OPTIMIZE');
    case 'DROP': {
      const what = w1 === 'EXTERNAL' ? w2 : w1;
      const target = nameAt(ws, w1 === 'EXTERNAL' ? 2 : 1);
      const dataNote =
        what === 'TABLE'
          ? "For an external table the files in S3 stay; for an Iceberg table Athena deletes its data."
          : what === 'DATABASE' || what === 'SCHEMA'
            ? ws.includes('CASCADE')
              ? 'CASCADE drops every table in it too.'
              : 'The database must be empty.'
            : 'Only the definition is removed.';
      return info('ddl', `DROP ${what}`, { destructive: { action: `drop ${what.toLowerCase()}`, target, dataNote } });
    }
    case 'ALTER': {
      const dropsPartition = ws.includes('DROP') && ws.includes('PARTITION');
      return info('ddl', 'ALTER', dropsPartition ? { destructive: { action: 'drop partitions of', target: nameAt(ws, 2), dataNote: 'The partitions leave the catalog; their files stay in S3.' } } : {});
    }
    case 'CREATE': {
      const tableish = ws.slice(1, 4).find((w) => ['TABLE', 'VIEW', 'DATABASE', 'SCHEMA'].includes(w)) ?? w1;
      if (tableish === 'TABLE' && w1 !== 'EXTERNAL' && isCtas(sql)) return info('ctas', 'CREATE TABLE AS');
      return info('ddl', `CREATE ${tableish}`);
    }
    case 'MSCK':
    case 'USE':
    case 'COMMENT':
      return info('ddl', w0);
    case 'EXECUTE':
    case 'PREPARE':
    case 'DEALLOCATE':
      return info('other', w0);
    default:
      return info('other', w0);
  }
}

/** A table name as the guards and history show it. */
export const tableText = (t: TableName): string => (t.database ? `${t.database}.${t.name}` : t.name);
