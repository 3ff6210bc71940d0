import { splitStatements } from './splitter';
import { isTrivia, tokenize } from './tokenizer';

/** A problem the checker is sure of, with its range in the text. */
export interface SyntaxProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** Words that begin an Athena statement (Trino DML, Hive DDL, Iceberg maintenance, prepared statements). */
const STARTERS = [
  'SELECT', 'WITH', 'VALUES', 'TABLE', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'CREATE', 'DROP', 'ALTER', 'INSERT', 'UNLOAD', 'UPDATE', 'DELETE',
  'MERGE', 'OPTIMIZE', 'VACUUM', 'MSCK', 'USE', 'PREPARE', 'EXECUTE', 'DEALLOCATE', 'COMMENT', 'GRANT', 'REVOKE', 'START', 'COMMIT', 'ROLLBACK', 'SET', 'RESET', 'CALL',
];
const STARTER_SET = new Set(STARTERS);

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return (d[a.length] as number[])[b.length] ?? 0;
}

/**
 * Syntax problems, only where there is no doubt: a statement that begins with a word no Athena
 * statement begins with (a misspelt keyword, with the likely one), and a string, quoted name or
 * comment left open at the end of the text. Anything subtler is left to the engine, whose
 * errors land where they occurred when the statement runs.
 */
export function syntaxProblems(text: string): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  for (const s of splitStatements(text)) {
    const first = tokenize(s.text).find((t) => !isTrivia(t));
    if (!first || first.kind !== 'word') continue;
    const word = s.text.slice(first.start, first.end);
    const upper = word.toUpperCase();
    if (STARTER_SET.has(upper)) continue;
    const near = STARTERS.filter((k) => distance(upper, k) <= 2).sort((a, b) => distance(upper, a) - distance(upper, b))[0];
    problems.push({
      start: s.start + first.start,
      end: s.start + first.end,
      message: `"${word}" does not begin an Athena statement${near ? `: did you mean ${near}?` : '.'}`,
    });
  }
  const tokens = tokenize(text);
  const last = tokens[tokens.length - 1];
  if (last) {
    const body = text.slice(last.start, last.end);
    const open =
      (last.kind === 'string' && (body.length < 2 || !/'$/.test(body.slice(1)) || /^'(?:[^']|'')*$/.test(body))) ||
      (last.kind === 'quotedIdent' && (body.length < 2 || /^"(?:[^"]|"")*$/.test(body))) ||
      (last.kind === 'backtickIdent' && (body.length < 2 || /^`(?:[^`]|``)*$/.test(body))) ||
      (last.kind === 'blockComment' && !body.endsWith('*/'));
    if (open) {
      const what = last.kind === 'string' ? 'string' : last.kind === 'blockComment' ? 'comment' : 'quoted name';
      problems.push({ start: last.start, end: Math.min(last.end, last.start + 1), message: `This ${what} is never closed.` });
    }
  }
  return problems;
}
