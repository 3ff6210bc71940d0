import { format as sqlFormat } from 'sql-formatter';
import { applyEdits, type Edit } from '../sql/edits';
import { splitStatements } from '../sql/splitter';
import { classifyStatement } from '../sql/statementKind';
import { isTrivia, tokenize } from '../sql/tokenizer';

export interface FormatOptions {
  readonly keywordCase: 'upper' | 'lower' | 'preserve';
  readonly indent: string;
}

export const DEFAULT_FORMAT: FormatOptions = { keywordCase: 'upper', indent: '  ' };

/** The meaning-bearing tokens: whitespace dropped, words compared without case. */
export function tokenSignature(sql: string): string[] {
  return tokenize(sql)
    .filter((t) => !isTrivia(t) || t.kind !== 'whitespace')
    .map((t) => {
      const text = sql.slice(t.start, t.end);
      if (t.kind === 'word') return `w:${text.toLowerCase()}`;
      if (t.kind === 'lineComment') return `c:${text.trimEnd()}`;
      if (t.kind === 'blockComment') return `b:${text.replace(/\s+/g, ' ')}`;
      return `${t.kind}:${text}`;
    });
}

const sameTokens = (a: string, b: string): boolean => {
  const x = tokenSignature(a);
  const y = tokenSignature(b);
  return x.length === y.length && x.every((t, i) => t === y[i]);
};

const FORMATTED_KINDS = new Set(['query', 'explain', 'ctas', 'insert', 'unload', 'iceberg-dml']);

/**
 * One statement, formatted: queries, CTAS, INSERT, UNLOAD and Iceberg DML by sql-formatter's
 * Trino dialect; Hive DDL only loses trailing spaces (its clauses are kept as written). A result
 * whose tokens differ from the input's (ignoring whitespace and keyword case) is discarded: the
 * statement stays as it was. Formatting never changes meaning.
 */
export function formatStatement(sql: string, o: FormatOptions = DEFAULT_FORMAT): string {
  const kind = classifyStatement(sql).kind;
  if (!FORMATTED_KINDS.has(kind)) return sql.replace(/[ \t]+$/gm, '');
  let out: string;
  try {
    const options = { language: 'trino' as const, keywordCase: o.keywordCase, tabWidth: o.indent === '\t' ? 4 : o.indent.length, useTabs: o.indent === '\t', linesBetweenQueries: 1, paramTypes: { positional: true } };
    out = sqlFormat(sql, options).trim();
    // Twice, so that formatting formatted text changes nothing.
    out = sqlFormat(out, options).trim();
  } catch {
    return sql;
  }
  return sameTokens(sql, out) ? out : sql;
}

/**
 * Edits that format every statement overlapping [from, to) (the whole text by default); what
 * lies between statements (comments, semicolons, blank lines) is left alone.
 */
export function formatEdits(text: string, o: FormatOptions = DEFAULT_FORMAT, from = 0, to = text.length): Edit[] {
  const edits: Edit[] = [];
  for (const s of splitStatements(text)) {
    if (s.endWithTerminator < from || s.start > to) continue;
    const formatted = formatStatement(s.text, o);
    if (formatted !== s.text) edits.push({ start: s.start, end: s.end, text: formatted });
  }
  return edits;
}

export type { Edit };

export function formatDocument(text: string, o: FormatOptions = DEFAULT_FORMAT): string {
  return applyEdits(text, formatEdits(text, o));
}
