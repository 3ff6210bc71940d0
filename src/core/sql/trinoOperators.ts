import { children, parseQueryWithSpans, queryParts, type Expr, type Query, type QueryBody, type Span } from './queryAst';
import { asDecimal, decimalResult, staticType, type StaticType } from './staticTypes';

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

  /** Wraps a binary expression's operands: `open` l `mid` r `close`, keeping their own rewrites. */
  const wrapBinary = (l: Expr, r: Expr, open: string, mid: string, close: string): boolean => {
    const ls = span(l);
    const rs = span(r);
    if (!ls || !rs) return false;
    push(ls.start, ls.start, open, 1);
    push(ls.end, rs.start, mid, 2);
    push(rs.end, rs.end, close, 0);
    return true;
  };
  const floating = (t: StaticType): boolean => t.k === 'double' || t.k === 'real';
  /** The operands' text again (for a second use in one rewrite): only literals, which cost nothing to repeat. */
  const literalText = (x: Expr): string | undefined => {
    const s = span(x);
    if (!s || !/^[\w\s.'+()-]*$/.test(sql.slice(s.start, s.end))) return undefined;
    return sql.slice(s.start, s.end);
  };

  const walkExpr = (e: Expr): void => {
    const types = e.k === 'bin' ? ([staticType(e.l), staticType(e.r)] as const) : undefined;
    const decimals = types && e.k === 'bin' ? ([asDecimal(types[0]), asDecimal(types[1])] as const) : undefined;
    const macro = e.k === 'bin' ? OPERATOR_MACROS[e.op] : undefined;
    if (
      e.k === 'bin' &&
      types &&
      decimals?.[0] &&
      decimals[1] &&
      (types[0].k === 'decimal' || types[1].k === 'decimal') &&
      (e.op === '/' || e.op === '%' || (e.op === '*' && decimals[0].p + decimals[1].p > 38))
    ) {
      // Trino's decimal ×, ÷ and % (result type, rounding, overflow), exact in BigInt.
      const r = decimalResult(e.op, decimals[0], decimals[1]);
      wrapBinary(e.l, e.r, `CAST(__lh_decimal_op('${e.op}', CAST(`, ' AS VARCHAR), CAST(', ` AS VARCHAR), ${r.p}, ${r.s}) AS DECIMAL(${r.p},${r.s}))`);
    } else if (e.k === 'bin' && e.op === '/' && types && (floating(types[0]) || floating(types[1]))) {
      // IEEE 754 division: NaN and ±Infinity for a zero divisor.
      wrapBinary(e.l, e.r, `${schema}__lh_${types[0].k === 'real' && types[1].k === 'real' ? 'rdivide' : 'fdivide'}(`, ', ', ')');
    } else if (e.k === 'bin' && ['=', '<>', '<', '<=', '>', '>='].includes(e.op) && types && (floating(types[0]) || floating(types[1]))) {
      // Trino: NaN equals nothing and orders with nothing (DuckDB sorts it last and equal to itself).
      const l = literalText(e.l);
      const r = literalText(e.r);
      const whole = span(e);
      if (l !== undefined && r !== undefined && whole) {
        push(whole.start, whole.start, `(CASE WHEN isnan(CAST(${l} AS DOUBLE)) OR isnan(CAST(${r} AS DOUBLE)) THEN ${e.op === '<>'} ELSE `, 1);
        push(whole.end, whole.end, ' END)', 0);
      }
    } else if (e.k === 'between' && [e.e, e.lo, e.hi].some((x) => floating(staticType(x)))) {
      const parts = [e.e, e.lo, e.hi].map(literalText);
      const whole = span(e);
      if (parts.every((x) => x !== undefined) && whole) {
        push(whole.start, whole.start, `(CASE WHEN ${parts.map((x) => `isnan(CAST(${x} AS DOUBLE))`).join(' OR ')} THEN ${e.not} ELSE `, 1);
        push(whole.end, whole.end, ' END)', 0);
      }
    } else if (e.k === 'bin' && macro) {
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
        // Trino (483) passes over NaN; only when every value is NaN is the answer NaN.
        const floats = e.args.filter((a) => floating(staticType(a)));
        push(whole.start, whole.start, `CASE WHEN ${nulls} THEN NULL ELSE ${floats.length ? 'coalesce(' : ''}`, 1);
        for (const a of floats) {
          const s = span(a) as Span;
          push(s.start, s.start, `${schema}__lh_nan_null(`, 1);
          push(s.end, s.end, ')', 0);
        }
        push(whole.end, whole.end, `${floats.length ? `, CAST('NaN' AS ${e.args.every((a) => staticType(a).k === 'real') ? 'REAL' : 'DOUBLE'}))` : ''} END`, 0);
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
