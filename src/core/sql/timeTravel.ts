import { isTrivia, tokenize, type Token } from './tokenizer';

/** `FOR VERSION AS OF n` / `FOR TIMESTAMP AS OF t` after a table name, found in SQL text. */
export interface TimeTravelRef {
  /** The table's name parts as written (unquoted). */
  readonly parts: readonly string[];
  readonly kind: 'version' | 'timestamp';
  /** The value's text: a snapshot id, or a timestamp literal (`TIMESTAMP '…'` or `'…'`). */
  readonly value: string;
  /** [start, end) of `name FOR … AS OF value` in the text. */
  readonly start: number;
  readonly end: number;
}

const unquote = (text: string): string => (text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.startsWith('`') ? text.slice(1, -1).replace(/``/g, '`') : text);

/**
 * Every time-travel reference in `sql`: a (qualified) name followed by `FOR VERSION AS OF <number>`
 * or `FOR TIMESTAMP AS OF [TIMESTAMP] '<text>'`. A value of another form (a computed time) is
 * listed in `unsupported` (from FOR to the value's first token), for the caller to refuse by name.
 */
export function findTimeTravel(sql: string): { readonly refs: readonly TimeTravelRef[]; readonly unsupported: readonly string[] } {
  const all = tokenize(sql).filter((t) => !isTrivia(t));
  const text = (t: Token | undefined): string => (t ? sql.slice(t.start, t.end) : '');
  const word = (t: Token | undefined, w: string): boolean => t?.kind === 'word' && text(t).toUpperCase() === w;
  const refs: TimeTravelRef[] = [];
  const unsupported: string[] = [];
  for (let i = 1; i < all.length; i++) {
    if (!word(all[i], 'FOR') || !(word(all[i + 1], 'VERSION') || word(all[i + 1], 'TIMESTAMP')) || !word(all[i + 2], 'AS') || !word(all[i + 3], 'OF')) continue;
    // The name before FOR: word or quoted identifiers joined by dots.
    let first = i - 1;
    const isName = (t: Token | undefined): boolean => t?.kind === 'word' || t?.kind === 'quotedIdent' || t?.kind === 'backtickIdent';
    if (!isName(all[first])) continue;
    while (first >= 2 && text(all[first - 1]) === '.' && isName(all[first - 2])) first -= 2;
    const parts: string[] = [];
    for (let k = first; k < i; k += 2) parts.push(unquote(text(all[k])));
    const kind = word(all[i + 1], 'VERSION') ? 'version' : 'timestamp';
    let v = i + 4;
    let value: string | undefined;
    if (kind === 'version' && all[v]?.kind === 'number' && /^\d+$/.test(text(all[v]))) value = text(all[v]);
    else if (kind === 'timestamp') {
      if (word(all[v], 'TIMESTAMP') && all[v + 1]?.kind === 'string') v += 1;
      if (all[v]?.kind === 'string') value = `TIMESTAMP ${text(all[v])}`;
    }
    if (value === undefined) {
      unsupported.push(sql.slice(all[i]!.start, all[v]?.end ?? sql.length));
      continue;
    }
    refs.push({ parts, kind, value, start: all[first]!.start, end: all[v]!.end });
  }
  return { refs, unsupported };
}

/** `sql` with each reference replaced by `replace(ref)`. */
export function replaceTimeTravel(sql: string, refs: readonly TimeTravelRef[], replace: (ref: TimeTravelRef) => string): string {
  let out = '';
  let at = 0;
  for (const r of [...refs].sort((a, b) => a.start - b.start)) {
    out += sql.slice(at, r.start) + replace(r);
    at = r.end;
  }
  return out + sql.slice(at);
}
