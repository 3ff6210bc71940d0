import { isTrivia, tokenize, type Token } from './tokenizer';

/** A function call found in SQL text: its name as written and where the name stands. */
export interface FunctionCall {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** Words that take a parenthesis without being function calls (syntax, types, clauses). */
const NOT_CALLS = new Set(
  [
    'and', 'or', 'not', 'in', 'exists', 'values', 'as', 'on', 'using', 'over', 'filter', 'within', 'from', 'where', 'select', 'join',
    'when', 'then', 'else', 'case', 'by', 'having', 'is', 'like', 'between', 'all', 'any', 'some', 'union', 'intersect', 'except',
    'into', 'table', 'view', 'with', 'partition', 'window', 'grouping', 'sets', 'cube', 'rollup',
    'row', 'array', 'decimal', 'numeric', 'varchar', 'char', 'varbinary', 'timestamp', 'time', 'interval', 'date', 'real',
    'double', 'bigint', 'integer', 'int', 'smallint', 'tinyint', 'boolean', 'json', 'lateral', 'unnest', 'ordinality',
    'cast', 'try_cast', 'extract', 'position', 'substring', 'trim', 'return', 'returns', 'limit', 'offset', 'fetch', 'order',
    'group', 'distinct', 'default', 'tablesample', 'bernoulli', 'system', 'escape', 'zone', 'at', 'set', 'lambda',
  ],
);

const significant = (text: string): Token[] => tokenize(text).filter((t) => !isTrivia(t));

/**
 * Function calls in a statement: a name directly followed by `(`, minus syntax that looks the
 * same (`AS t(a, b)` aliases, `WITH cte(x) AS (…)`, `INSERT INTO t (a)`, `decimal(10, 2)`).
 */
export function findFunctionCalls(text: string): FunctionCall[] {
  const tokens = significant(text);
  const calls: FunctionCall[] = [];
  const word = (t: Token | undefined): string => (t?.kind === 'word' ? text.slice(t.start, t.end).toLowerCase() : '');
  const isPunct = (t: Token | undefined, p: string): boolean => t?.kind === 'punct' && text.slice(t.start, t.end) === p;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'word' || !isPunct(tokens[i + 1], '(')) continue;
    const name = word(t);
    if (NOT_CALLS.has(name)) continue;
    const prev = tokens[i - 1];
    const prevWord = word(prev);
    // `AS t(a, b)`, `) t(a, b)`, `FROM tbl t(a)`: a relation alias with column names.
    if (prevWord === 'as' || isPunct(prev, ')') || prevWord === 'into' || prevWord === 'table' || prevWord === 'view' || isPunct(prev, '.')) continue;
    if (prev?.kind === 'word' && !NOT_CALLS.has(prevWord) && !['select', 'distinct'].includes(prevWord)) continue;
    if (prev?.kind === 'quotedIdent' || prev?.kind === 'backtickIdent') continue;
    // `cte(a, b) AS (`: a CTE with column names.
    let depth = 0;
    let j = i + 1;
    for (; j < tokens.length; j++) {
      if (isPunct(tokens[j], '(')) depth++;
      else if (isPunct(tokens[j], ')') && --depth === 0) break;
    }
    if (word(tokens[j + 1]) === 'as' && isPunct(tokens[j + 2], '(')) continue;
    calls.push({ name: text.slice(t.start, t.end), start: t.start, end: t.end });
  }
  return calls;
}

/** The call's last argument when it is a single string literal (a format), with its value. */
export function formatArgument(text: string, call: FunctionCall): { start: number; end: number; value: string } | undefined {
  const tokens = significant(text.slice(call.end)).map((t) => ({ ...t, start: t.start + call.end, end: t.end + call.end }));
  let depth = 0;
  let lastArgStart = 1;
  let close = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const s = t.kind === 'punct' ? text.slice(t.start, t.end) : '';
    if (s === '(' || s === '[') depth++;
    else if (s === ')' || s === ']') {
      if (--depth === 0) {
        close = i;
        break;
      }
    } else if (s === ',' && depth === 1) lastArgStart = i + 1;
  }
  if (close < 0 || close - lastArgStart !== 1) return undefined;
  const arg = tokens[lastArgStart] as Token;
  if (arg.kind !== 'string') return undefined;
  return { start: arg.start, end: arg.end, value: text.slice(arg.start + 1, arg.end - 1).replace(/''/g, "'") };
}
