import { isTrivia, tokenize, type Token } from './tokenizer';

export interface FilePathUse {
  readonly offset: number;
  readonly message: string;
}

/** Clause words that decide what a comma at the same depth separates. */
const CLAUSES = new Set(['select', 'from', 'where', 'group', 'having', 'order', 'limit', 'offset', 'window', 'union', 'intersect', 'except', 'values', 'on', 'using', 'set', 'returning']);

/** A quoted name that looks like a path or a file (`"/data/x.csv"`, `"x.parquet"`, `"~/a"`). */
const PATH_LIKE = /[/\\~*:]|\.[A-Za-z0-9]+$/;

/**
 * Where a statement names a file instead of a table: a string (`FROM '/etc/passwd'`) or a quoted
 * name that reads as a path (`FROM "/data/x.csv"`) in a table position (after FROM, JOIN, or a
 * comma of a FROM list). Athena reads catalog tables by name only; DuckDB would read the file.
 */
export function findFilePathInFrom(sql: string): FilePathUse | undefined {
  const tokens = tokenize(sql).filter((t) => !isTrivia(t));
  const text = (t: Token): string => sql.slice(t.start, t.end);
  const clause: string[] = [''];
  let tablePosition = false;
  for (const t of tokens) {
    const depth = clause.length - 1;
    if (tablePosition) {
      tablePosition = false;
      if (t.kind === 'string') {
        return { offset: t.start, message: `A file path cannot stand for a table: ${text(t)}. Athena reads tables of the catalog by name (database.table); on Athena this is a syntax error.` };
      }
      if (t.kind === 'quotedIdent' && PATH_LIKE.test(text(t).slice(1, -1))) {
        return { offset: t.start, message: `Table ${text(t)} does not exist: a quoted name is a table of the catalog, never a file.` };
      }
    }
    if (t.kind === 'punct') {
      const p = text(t);
      if (p === '(') clause.push('');
      else if (p === ')' && clause.length > 1) clause.pop();
      else if (p === ',' && clause[depth] === 'from') tablePosition = true;
      continue;
    }
    if (t.kind !== 'word') continue;
    const w = text(t).toLowerCase();
    // FROM inside a call (`trim('x' FROM s)`, `extract(year FROM d)`) is not a table's.
    if ((w === 'from' && (depth === 0 || clause[depth] === 'select')) || w === 'join') {
      clause[depth] = 'from';
      tablePosition = true;
    } else if (CLAUSES.has(w)) clause[depth] = w;
  }
  return undefined;
}
