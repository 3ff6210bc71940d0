import { splitStatements, statementAt } from './splitter';
import { isTrivia, tokenize, type Token } from './tokenizer';

/** A table named in a statement, with the alias it goes by there. */
export interface TableRef {
  readonly database?: string;
  readonly table: string;
  readonly alias?: string;
}

export type CompletionContext =
  | { readonly kind: 'none' }
  /** After `x.`: the columns of the table x stands for. */
  | { readonly kind: 'columns'; readonly ref: TableRef }
  /** After `db.` (db not a table here): the tables of that database. */
  | { readonly kind: 'tablesIn'; readonly database: string }
  /** After FROM, JOIN, INTO, TABLE…: relations only. */
  | { readonly kind: 'relations' }
  /** Inside CTAS `WITH (`, where a property name goes. */
  | { readonly kind: 'ctasProperty' }
  /** After `property =` inside CTAS `WITH (`. */
  | { readonly kind: 'ctasValue'; readonly property: string }
  | { readonly kind: 'general' };

export interface CompletionSite {
  readonly context: CompletionContext;
  /** The word being typed (before the cursor). */
  readonly prefix: string;
  /** Tables the statement names (for columns and aliases). */
  readonly refs: readonly TableRef[];
  /** CTE names the statement defines. */
  readonly ctes: readonly string[];
}

const RELATION_BEFORE = new Set(['FROM', 'JOIN', 'INTO', 'TABLE', 'UPDATE', 'USING', 'DESCRIBE', 'REPAIR']);
const NOT_ALIAS = new Set(['WHERE', 'ON', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'FULL', 'CROSS', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'HAVING', 'AS', 'USING', 'WHEN', 'SET', 'CROSS', 'NATURAL', 'WINDOW', 'OFFSET', 'EXCEPT', 'INTERSECT', 'TABLESAMPLE', 'LATERAL', 'VALUES', 'SELECT']);

function unquote(s: string): string {
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith('`') && s.endsWith('`'))) return s.slice(1, -1).replace(/""|``/g, (m) => m[0] ?? '');
  return s;
}

interface Sig {
  readonly t: Token;
  readonly text: string;
  readonly upper: string;
}

/** Tables after FROM/JOIN (with aliases), and CTE names, of one statement. */
export function tableRefs(sql: string): { refs: TableRef[]; ctes: string[] } {
  const sig: Sig[] = tokenize(sql)
    .filter((t) => !isTrivia(t))
    .map((t) => {
      const text = sql.slice(t.start, t.end);
      return { t, text, upper: t.kind === 'word' ? text.toUpperCase() : text };
    });
  const refs: TableRef[] = [];
  const ctes: string[] = [];
  for (let i = 0; i < sig.length; i++) {
    const s = sig[i] as Sig;
    // CTEs: WITH name AS (, …, name AS (
    if ((s.upper === 'WITH' || s.upper === ',') && sig[i + 2]?.upper === 'AS' && sig[i + 3]?.text === '(' && isName(sig[i + 1])) ctes.push(unquote(sig[i + 1]?.text ?? '').toLowerCase());
    if (s.upper !== 'FROM' && s.upper !== 'JOIN' && !(s.upper === ',' && inFromList(sig, i))) continue;
    const parts: string[] = [];
    let j = i + 1;
    while (isName(sig[j])) {
      parts.push(unquote(sig[j]?.text ?? '').toLowerCase());
      if (sig[j + 1]?.text !== '.') break;
      j += 2;
    }
    // `FROM db.` still being typed is no table yet.
    if (!parts.length || (sig[j + 1]?.text === '.' && !isName(sig[j + 2]))) continue;
    let k = j + 1;
    if (sig[k]?.upper === 'AS') k++;
    const aliasTok = sig[k];
    const alias = isName(aliasTok) && !NOT_ALIAS.has(aliasTok?.upper ?? '') ? unquote(aliasTok?.text ?? '').toLowerCase() : undefined;
    const table = parts[parts.length - 1] as string;
    const database = parts.length >= 2 ? parts[parts.length - 2] : undefined;
    refs.push({ table, ...(database ? { database } : {}), ...(alias ? { alias } : {}) });
  }
  return { refs, ctes };
}

function isName(s: Sig | undefined): boolean {
  return !!s && (s.t.kind === 'word' || s.t.kind === 'quotedIdent' || s.t.kind === 'backtickIdent');
}

/** A comma continues a FROM list when the nearest clause keyword before it is FROM. */
function inFromList(sig: readonly Sig[], i: number): boolean {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const u = (sig[j] as Sig).upper;
    if (u === ')') depth++;
    else if (u === '(') {
      if (depth === 0) return false;
      depth--;
    } else if (depth === 0) {
      if (u === 'FROM') return true;
      if (['SELECT', 'WHERE', 'GROUP', 'ORDER', 'ON', 'SET', 'VALUES', 'BY', 'HAVING'].includes(u)) return false;
    }
  }
  return false;
}

/** What completion should offer at `offset` in `text`. */
export function completionSite(text: string, offset: number): CompletionSite {
  const statement = statementAt(splitStatements(text), offset);
  const start = statement && offset >= statement.start ? statement.start : offset;
  const end = statement ? Math.max(statement.end, offset) : offset;
  const full = text.slice(start, end);
  const before = text.slice(start, offset);
  const { refs, ctes } = tableRefs(full);
  const none: CompletionSite = { context: { kind: 'none' }, prefix: '', refs, ctes };
  const tokens = tokenize(before);
  const last = tokens[tokens.length - 1];
  // Inside a string, a quoted name or a comment that is not closed yet: nothing to offer.
  if (last && last.end === before.length) {
    const lt = before.slice(last.start);
    if ((last.kind === 'string' && !/'$/.test(lt.slice(1))) || last.kind === 'lineComment' || (last.kind === 'blockComment' && !lt.endsWith('*/'))) return none;
  }
  const typing = last && last.end === before.length && last.kind === 'word' ? before.slice(last.start) : '';
  const sig = tokens.slice(0, typing ? -1 : undefined).filter((t) => !isTrivia(t));
  const word = (i: number): string => {
    const t = sig[sig.length - i];
    return t ? before.slice(t.start, t.end) : '';
  };
  const site = (context: CompletionContext): CompletionSite => ({ context, prefix: typing, refs, ctes });

  // x.  →  columns of x (an alias or a table), or the tables of database x.
  if (word(1) === '.' && sig.length >= 2) {
    const q = unquote(word(2)).toLowerCase();
    if (RELATION_BEFORE.has(word(3).toUpperCase())) return site({ kind: 'tablesIn', database: q });
    const db = sig.length >= 4 && word(3) === '.' ? unquote(word(4)).toLowerCase() : undefined;
    const ref = refs.find((r) => r.alias === q) ?? refs.find((r) => r.table === q && (!db || r.database === db)) ?? (db ? { database: db, table: q } : undefined);
    return site(ref ? { kind: 'columns', ref } : { kind: 'tablesIn', database: q });
  }
  // Inside CTAS WITH ( … ) before AS: property names and values.
  const open = ctasWithOpen(before, sig);
  if (open) {
    if (word(1) === '=') return site({ kind: 'ctasValue', property: word(2).toLowerCase() });
    if (word(1) === '(' || word(1) === ',') return site({ kind: 'ctasProperty' });
  }
  const prev = word(1).toUpperCase();
  if (RELATION_BEFORE.has(prev) || (prev === ',' && inFromListTokens(before, sig))) return site({ kind: 'relations' });
  return site({ kind: 'general' });
}

function inFromListTokens(before: string, sig: readonly Token[]): boolean {
  const s: Sig[] = sig.map((t) => {
    const text = before.slice(t.start, t.end);
    return { t, text, upper: t.kind === 'word' ? text.toUpperCase() : text };
  });
  return inFromList(s, s.length);
}

/** True when the cursor is inside the `WITH (` of a `CREATE TABLE … WITH (` not yet closed. */
function ctasWithOpen(before: string, sig: readonly Token[]): boolean {
  const words = sig.map((t) => (t.kind === 'word' ? before.slice(t.start, t.end).toUpperCase() : before.slice(t.start, t.end)));
  if (words[0] !== 'CREATE' || !words.includes('TABLE')) return false;
  const withAt = words.indexOf('WITH');
  if (withAt < 0 || words[withAt + 1] !== '(' || words.includes('AS')) return false;
  let depth = 0;
  for (let i = withAt + 1; i < words.length; i++) {
    if (words[i] === '(') depth++;
    else if (words[i] === ')') depth--;
  }
  return depth >= 1 && !(depth > 1 && words.lastIndexOf('[') > words.lastIndexOf(']'));
}

/** The function call the cursor is in and the index of the argument it is on. */
export function callAt(text: string, offset: number): { name: string; argument: number } | undefined {
  const statement = statementAt(splitStatements(text), offset);
  const start = statement && offset >= statement.start ? statement.start : 0;
  const before = text.slice(start, offset);
  const sig = tokenize(before).filter((t) => !isTrivia(t));
  let depth = 0;
  let commas = 0;
  for (let i = sig.length - 1; i >= 0; i--) {
    const t = sig[i] as Token;
    const s = before.slice(t.start, t.end);
    if (s === ')' || s === ']') depth++;
    else if (s === '(' || s === '[') {
      if (depth === 0) {
        const fn = sig[i - 1];
        if (s === '(' && fn?.kind === 'word') return { name: before.slice(fn.start, fn.end).toLowerCase(), argument: commas };
        return undefined;
      }
      depth--;
    } else if (s === ',' && depth === 0) commas++;
  }
  return undefined;
}

/** The identifier (possibly qualified, `db.table`) at `offset`, with its range. */
export function nameAt(text: string, offset: number): { parts: string[]; start: number; end: number } | undefined {
  const isPart = (c: string): boolean => /[\w$"`.]/.test(c);
  let s = offset;
  let e = offset;
  while (s > 0 && isPart(text[s - 1] ?? '')) s--;
  while (e < text.length && isPart(text[e] ?? '')) e++;
  const raw = text.slice(s, e).replace(/^\.+|\.+$/g, '');
  if (!raw || /^\d/.test(raw)) return undefined;
  const parts = raw.split('.').map((p) => unquote(p).toLowerCase()).filter(Boolean);
  return parts.length ? { parts, start: s, end: e } : undefined;
}
