import { children, parseQueryWithSpans, queryParts, type Expr, type Query, type QueryBody, type Span } from './queryAst';

export type OperatorRewrite = { readonly ok: true; readonly sql: string } | { readonly ok: false; readonly offset: number; readonly message: string };

/** Macros (without their `__lh_` prefix's schema) that carry Trino's meaning of an operator. */
const OPERATOR_MACROS: Readonly<Record<string, string>> = { '/': '__lh_divide', '%': '__lh_modulo' };

/** An insertion or replacement; `seq` orders edits that start at the same offset. */
interface SpanEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Closers go before openers at one offset; replacements last. */
  readonly kind: 0 | 1 | 2;
  readonly seq: number;
}

/**
 * Expression-level rewrites that need to know where each operand stands (so they cannot be done on
 * tokens alone):
 * - `a / b` and `a % b` go through macros that fail on an integer or decimal zero divisor, as
 *   Trino does (DuckDB gives NULL);
 * - `VALUES 1, 2` (rows without parentheses) gets the parentheses DuckDB needs;
 * - `greatest` and `least` are NULL when an argument is NULL;
 * - `concat(a, b, …)` is `(a || b || …)`: NULL when any argument is NULL, as in Trino (DuckDB's
 *   concat skips NULLs); one argument is an error, as in Trino.
 * A statement the parser does not read is left as it is.
 */
export function rewriteOperators(sql: string, schema = ''): OperatorRewrite {
  let parsed: ReturnType<typeof parseQueryWithSpans>;
  try {
    parsed = parseQueryWithSpans(sql);
  } catch {
    return { ok: true, sql };
  }
  const { spans } = parsed;
  const edits: SpanEdit[] = [];
  let seq = 0;
  const push = (start: number, end: number, text: string, kind: 0 | 1 | 2): void => {
    edits.push({ start, end, text, kind, seq: seq++ });
  };
  let failure: { offset: number; message: string } | undefined;

  const span = (e: Expr): Span | undefined => spans.get(e);
  /** `concat(a, b, …)` → `(a || b || …)`, keeping each argument's text (and its own rewrites). */
  const concatenate = (args: readonly Expr[], whole: Span): void => {
    const at = args.map(span);
    if (!at.every((s) => s)) return;
    const s = at as Span[];
    push(whole.start, (s[0] as Span).start, '(', 2);
    for (let i = 0; i + 1 < s.length; i++) push((s[i] as Span).end, (s[i + 1] as Span).start, ' || ', 2);
    push((s[s.length - 1] as Span).end, whole.end, ')', 2);
  };

  const walkExpr = (e: Expr): void => {
    const macro = e.k === 'bin' ? OPERATOR_MACROS[e.op] : undefined;
    if (e.k === 'bin' && macro) {
      const l = span(e.l);
      const r = span(e.r);
      if (l && r) {
        push(l.start, l.start, `${schema}${macro}(`, 1);
        push(l.end, r.start, ', ', 2);
        push(r.end, r.end, ')', 0);
      }
    } else if (e.k === 'call' && (e.name === 'greatest' || e.name === 'least') && e.args.length > 1) {
      // Trino: NULL when any argument is NULL (DuckDB skips NULLs).
      const whole = span(e);
      const at = e.args.map(span);
      if (whole && at.every((s) => s)) {
        const nulls = (at as Span[]).map((s) => `(${sql.slice(s.start, s.end)}) IS NULL`).join(' OR ');
        push(whole.start, whole.start, `CASE WHEN ${nulls} THEN NULL ELSE `, 1);
        push(whole.end, whole.end, ' END', 0);
      }
    } else if (e.k === 'call' && e.name === 'concat' && !e.window && !e.star) {
      const whole = span(e);
      if (e.args.length < 2) failure ??= { offset: whole?.start ?? 0, message: 'There must be two or more concatenation arguments' };
      else if (e.args.length > 254) failure ??= { offset: whole?.start ?? 0, message: 'Too many arguments for function call concat()' };
      else if (whole) concatenate(e.args, whole);
    }
    const { exprs, queries } = children(e);
    exprs.forEach(walkExpr);
    queries.forEach(walkQuery);
  };
  // `VALUES 1, 2` is two rows in Trino; DuckDB needs each row in parentheses.
  const bareRows = (b: QueryBody): void => {
    if (b.k === 'set') {
      bareRows(b.left);
      bareRows(b.right);
    } else if (b.k === 'values') {
      b.rows.forEach((row, i) => {
        const s = row[0] && b.bare[i] ? span(row[0]) : undefined;
        if (s) {
          push(s.start, s.start, '(', 1);
          push(s.end, s.end, ')', 0);
        }
      });
    }
  };
  const walkQuery = (q: Query): void => {
    bareRows(q.body);
    const { exprs, queries } = queryParts(q);
    exprs.forEach(walkExpr);
    queries.forEach(walkQuery);
  };
  walkQuery(parsed.query);
  if (failure) return { ok: false, ...failure };
  return { ok: true, sql: apply(sql, edits) };
}

/**
 * Applies edits in order of offset; at one offset, closers (inner first) come before openers
 * (outer first), and replacements last, so nested rewrites stay well formed.
 */
function apply(sql: string, edits: readonly SpanEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.kind - b.kind || (a.kind === 0 ? b.seq - a.seq : a.seq - b.seq));
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += sql.slice(at, e.start) + e.text;
    at = Math.max(at, e.end);
  }
  return out + sql.slice(at);
}
