import { applyEdits, type Edit } from './edits';
import { isTrivia, tokenize, type Token } from './tokenizer';

/** The engine's try() variant of a macro `__lh_<name>` is `__lh_t_<name>`. */
export const TRY_PREFIX = '__lh_t_';

/**
 * Inside Trino's `try(…)`, the engine's macros are called as their try() variants: DuckDB's TRY
 * refuses a volatile function (error(), which the macros raise Trino's errors with), so each
 * variant raises what try() catches as an error TRY can catch (see the engine's MacroSet).
 */
export function useTryVariants(sql: string): string {
  if (!/\btry\s*\(/i.test(sql) || !sql.includes('__lh_')) return sql;
  const tokens = tokenize(sql).filter((t) => !isTrivia(t));
  const text = (t: Token | undefined): string => (t ? sql.slice(t.start, t.end) : '');
  const open = (t: Token | undefined): boolean => t?.kind === 'punct' && text(t) === '(';
  const close = (t: Token | undefined): boolean => t?.kind === 'punct' && text(t) === ')';
  const edits: Edit[] = [];
  /** The depths of the try( … ) the scan is inside. */
  const tries: number[] = [];
  for (let i = 0, depth = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (open(t)) {
      depth++;
      if (tokens[i - 1]?.kind === 'word' && text(tokens[i - 1]).toLowerCase() === 'try' && text(tokens[i - 2]) !== '.') tries.push(depth);
    } else if (close(t)) {
      if (tries[tries.length - 1] === depth) tries.pop();
      depth--;
    } else if (tries.length && t.kind === 'word' && open(tokens[i + 1])) {
      const name = text(t);
      if (name.startsWith('__lh_') && !name.startsWith(TRY_PREFIX)) edits.push({ start: t.start, end: t.start + '__lh_'.length, text: TRY_PREFIX });
    }
  }
  return edits.length ? applyEdits(sql, edits) : sql;
}
