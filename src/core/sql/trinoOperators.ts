import { children, parseQueryWithSpans, queryParts, type Expr, type Query, type QueryBody, type Span } from './queryAst';
import { asDecimal, decimalResult, staticType, type ColumnTypes, type StaticType } from './staticTypes';

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
export function rewriteOperators(sql: string, schema = '', columns?: ColumnTypes): OperatorRewrite {
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
    args.forEach((a) => charValue(a));
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

  /** A char(n) value as Trino uses it in concatenation, trimming and comparison: without its padding. */
  const charValue = (x: Expr): void => {
    const s = span(x);
    if (!s || staticType(x).k !== 'char') return;
    push(s.start, s.start, 'rtrim(', 1);
    push(s.end, s.end, ", ' ')", 0);
  };
  /** Replaces `e` around its operand `x` (kept, with its own rewrites): `open` x `close`. */
  const around = (e: Expr, x: Expr, open: string, close: string): void => {
    const whole = span(e);
    const inner = span(x);
    if (!whole || !inner) return;
    push(whole.start, inner.start, open, 2);
    push(inner.end, whole.end, close, 2);
  };
  const decimalAverage = (e: Extract<Expr, { k: 'call' }>, arg: Expr): void => {
    const t = staticType(arg, columns);
    const whole = span(e);
    const inner = span(arg);
    if (t.k !== 'decimal' || !whole || !inner) return;
    const [open, close] = fromUnscaled(t.p, t.s);
    if (!e.window && !e.extra.length) {
      const distinct = /\bdistinct\b/i.test(sql.slice(whole.start, inner.start));
      around(e, arg, `${open}${schema}__lh_decimal_avg${distinct ? '_distinct' : ''}(`, `, ${hugeint(t.s)})${close}`);
      return;
    }
    // With FILTER or OVER, the call's text is written twice (its sum and its count): only where
    // nothing inside it is rewritten.
    if (![arg, ...e.extra].every(plain)) {
      failure ??= { offset: whole.start, message: 'avg of a decimal with FILTER or OVER over expressions: the local engine cannot give Athena\'s decimal average here; write it on plain columns, or run it on Athena.' };
      return;
    }
    const paren = sql.indexOf('(', whole.start);
    const rest = sql.slice(paren, whole.end);
    push(whole.start, paren, `${open}${schema}__lh_decimal_quotient(${schema}__lh_unscaled(sum`, 2);
    push(whole.end, whole.end, `, ${hugeint(t.s)}), CAST(count${rest} AS HUGEINT))${close}`, 0);
  };
  const INTERVAL_FIELDS = new Set(['day', 'hour', 'minute', 'second']);
  const nested = (t: StaticType): boolean => t.k === 'array' || t.k === 'map' || t.k === 'row';

  const walkExpr = (e: Expr): void => {
    // CAST(x AS char(n)): Trino's text of x, cut to n characters and padded with spaces to n.
    if ((e.k === 'call' && (e.name === 'cast' || e.name === 'try_cast')) && e.target && e.args[0]) {
      const t = staticType(e);
      if (t.k === 'char') around(e, e.args[0], `rpad(${schema}__lh_varchar_n(`, `, ${t.n}), ${t.n}, ' ')`);
      // char(n) → varchar drops the padding.
      if (t.k === 'varchar') charValue(e.args[0]);
    }
    if (e.k === 'call' && /(^|\.)__lh_varchar(_n|_known)?$/.test(e.name) && e.args[0]) charValue(e.args[0]);
    // concat_ws of values the SQL shows are text: DuckDB's own, which skips NULLs and is NULL for a
    // NULL separator as Trino's is. The macro checks its arguments' types as it runs, and DuckDB's
    // TRY refuses that check's error(): try(concat_ws(…)) failed whatever it held.
    if (e.k === 'call' && /(^|\.)__lh_concat_ws$/.test(e.name) && e.args.length >= 2 && e.args.every((a) => staticType(a, columns).k === 'varchar' || (a.k === 'lit' && a.type === 'null'))) {
      // The call's name as the translator wrote it (a parenthesized call's span starts at its parenthesis).
      const whole = span(e);
      const at = whole ? sql.indexOf(e.name, whole.start) : -1;
      if (at >= 0) push(at, at + e.name.length, 'concat_ws', 2);
    }
    // round of a decimal: Trino's type (staticType's: decimal(p + 1, s) with digits, else
    // decimal(p - s + min(s, 1), 0)). Literals exactly in BigInt; a decimal column through
    // DuckDB's round, which rounds half up exactly too, but to d decimals where Trino keeps the
    // scale (3.449 is 3.400).
    if (e.k === 'call' && /(^|\.)__lh_round$/.test(e.name) && (e.args.length === 1 || e.args.length === 2) && e.args[0]) {
      const t = staticType(e, columns);
      const whole = span(e);
      if (t.k === 'decimal' && e.args[1] && staticType(e.args[0]).k === 'decimal') {
        around(e, e.args[0], `CAST(__lh_decimal_op('round', CAST(`, ` AS VARCHAR), CAST(${sql.slice(span(e.args[1])?.start ?? 0, span(e.args[1])?.end ?? 0)} AS VARCHAR), ${t.p}, ${t.s}) AS DECIMAL(${t.p},${t.s}))`);
      } else if (t.k === 'decimal' && whole) {
        push(whole.start, whole.start, 'CAST(', 1);
        push(whole.end, whole.end, ` AS DECIMAL(${t.p},${t.s}))`, 0);
      }
    }
    // avg of a decimal: Trino's decimal(p, s), the exact sum over the count rounded half up
    // (DuckDB's is a double).
    if (e.k === 'call' && e.name === 'avg' && e.args.length === 1 && e.args[0]) decimalAverage(e, e.args[0]);
    // greatest over arrays or rows: Trino passes over those holding NULL or NaN, which DuckDB
    // orders last (so least agrees, greatest does not): refused when one holds either.
    if (e.k === 'call' && e.name === 'greatest' && e.args.length > 1 && e.args.some((a) => nested(staticType(a)))) {
      for (const a of e.args) {
        const s = span(a);
        if (!s) continue;
        push(s.start, s.start, `(CASE WHEN ${schema}__lh_nested_check(`, 1);
        push(s.end, s.end, `) THEN ${sql.slice(s.start, s.end)} END)`, 0);
      }
    }
    // Subscripts of an array or map built in the query: out of range, or a missing key, fail.
    if (e.k === 'other' && e.what === 'subscript' && e.args[0] && e.args[1] && (staticType(e.args[0]).k === 'array' || staticType(e.args[0]).k === 'map')) {
      const base = span(e.args[0]);
      const index = span(e.args[1]);
      const whole = span(e);
      if (base && index && whole) {
        const macro = staticType(e.args[0]).k === 'array' ? '__lh_array_subscript' : '__lh_map_subscript';
        push(whole.start, base.start, `${schema}${macro}(`, 2);
        push(base.end, index.start, ', ', 2);
        push(index.end, whole.end, ')', 2);
      }
    }
    // EXTRACT / day(), hour()… of a day-to-second interval: its normalised fields (30 hours is a
    // day and 6 hours); a time field of a date does not exist.
    if (e.k === 'call' && e.args.length === 1 && e.args[0] && !e.window) {
      const field = (e.name === 'extract' ? (e.field ?? '') : e.name.replace(/^.*\./, '')).toLowerCase();
      const arg = staticType(e.args[0]);
      if (INTERVAL_FIELDS.has(field) && arg.k === 'interval' && !arg.ym) around(e, e.args[0], `${schema}__lh_interval_field('${field}', `, ')');
      if (['hour', 'minute', 'second'].includes(field) && arg.k === 'date') failure ??= { offset: span(e)?.start ?? 0, message: `Cannot extract ${field.toUpperCase()} from date` };
    }
    // ltrim / rtrim / trim of char(n) see the value without its padding; with one argument they
    // trim what Java calls whitespace (U+2028, U+3000…), as Trino, not only spaces.
    if (e.k === 'call' && ['ltrim', 'rtrim', 'trim'].includes(e.name) && e.args[0]) {
      charValue(e.args[0]);
      const whole = span(e);
      if (e.args.length === 2 && staticType(e.args[0]).k === 'char' && whole) {
        push(whole.start, whole.start, 'rtrim(', 1);
        push(whole.end, whole.end, ", ' ')", 0);
      }
      if (e.args.length === 1) around(e, e.args[0], `${schema}__lh_trim_ws('${e.name}', `, ')');
    }
    if (e.k === 'bin' && e.op === '||') [e.l, e.r].forEach(charValue);
    if (e.k === 'bin' && ['=', '<>', '<', '<=', '>', '>='].includes(e.op) && [e.l, e.r].some((x) => staticType(x).k === 'char')) [e.l, e.r].forEach((x) => staticType(x).k === 'char' && charValue(x));
    // date ± interval: a date (Trino), and only whole days or more.
    if (e.k === 'bin' && (e.op === '+' || e.op === '-')) {
      // A date column's type comes from the catalog (as for division, avg and round; the other
      // rules would wrap filters DuckDB pushes into its scans, or run per row in JS).
      const [l, r] = [staticType(e.l, columns), staticType(e.r, columns)];
      const iv = l.k === 'interval' ? l : r.k === 'interval' ? r : undefined;
      if (iv && (l.k === 'date' || r.k === 'date')) {
        if (!iv.ym && (iv.from !== 'DAY' || (iv.to !== undefined && iv.to !== 'DAY'))) failure ??= { offset: span(e)?.start ?? 0, message: 'Cannot add hour, minute or second intervals to a date' };
        else {
          const whole = span(e);
          if (whole) {
            push(whole.start, whole.start, 'CAST(', 1);
            push(whole.end, whole.end, ' AS DATE)', 0);
          }
        }
      }
    }
    // Arrays, maps and rows compare as Trino's only without NULL or NaN inside (else Trino may say
    // NULL): holding one, the comparison is refused; maps compare regardless of entry order.
    if (e.k === 'bin' && ['=', '<>', '<', '<=', '>', '>='].includes(e.op) && (nested(staticType(e.l)) || nested(staticType(e.r)))) {
      const maps = staticType(e.l).k === 'map' && staticType(e.r).k === 'map';
      const ls = span(e.l);
      const rs = span(e.r);
      const whole = span(e);
      if (ls && rs && whole) {
        const check = `${schema}__lh_nested_check(${sql.slice(ls.start, ls.end)}) AND ${schema}__lh_nested_check(${sql.slice(rs.start, rs.end)})`;
        push(whole.start, whole.start, `(CASE WHEN ${check} THEN `, 1);
        push(whole.end, whole.end, ' END)', 0);
        if (maps) {
          push(ls.start, ls.start, 'list_sort(map_entries(', 1);
          push(ls.end, ls.end, '))', 0);
          push(rs.start, rs.start, 'list_sort(map_entries(', 1);
          push(rs.end, rs.end, '))', 0);
        }
      }
    }
    // -(-9223372036854775808): the literal is bigint's least value, whose negation overflows.
    const negatedMin = (x: Expr): boolean => x.k === 'lit' && x.type === 'number' && x.value === '--9223372036854775808';
    if ((e.k === 'other' && e.what === 'negate' && e.args[0]?.k === 'lit' && e.args[0].type === 'number' && e.args[0].value === '-9223372036854775808') || negatedMin(e))
      failure ??= { offset: span(e)?.start ?? 0, message: 'bigint negation overflow: -9223372036854775808' };
    // Trino evaluates every item of an IN list: one dividing by a zero literal fails.
    if (e.k === 'in' && e.list.some((x) => x.k === 'bin' && (x.op === '/' || x.op === '%') && x.r.k === 'lit' && x.r.type === 'number' && /^-?0+(\.0*)?$/.test(x.r.value)))
      failure ??= { offset: span(e)?.start ?? 0, message: 'Division by zero' };
    // Rows and arrays with ALL / ANY: Trino's NULL handling inside them differs from DuckDB's.
    if (e.k === 'other' && e.what === 'quantified' && e.args[0] && nested(staticType(e.args[0])) && [e.args[0], ...quantifiedRows(e.args[1])].some(holdsNullField))
      failure ??= { offset: span(e)?.start ?? 0, message: 'The local engine cannot compare rows or arrays with ALL, ANY or SOME as Athena does; run it on Athena.' };
    // array || element and element || array append and prepend, as Trino (DuckDB refuses them).
    if (e.k === 'bin' && e.op === '||') {
      const [l, r] = [staticType(e.l), staticType(e.r)];
      const scalar = (t: StaticType): boolean => ['int', 'decimal', 'double', 'real', 'varchar', 'date', 'timestamp', 'boolean'].includes(t.k);
      if (l.k === 'array' && scalar(r)) wrapBinary(e.l, e.r, 'list_append(', ', ', ')');
      else if (scalar(l) && r.k === 'array') wrapBinary(e.l, e.r, 'list_prepend(', ', ', ')');
    }
    // array || array: Trino finds no common element type where DuckDB coerces one.
    if (e.k === 'bin' && e.op === '||') {
      const a = arrayShape(e.l);
      const b = arrayShape(e.r);
      if (a && b && a.depth === b.depth && a.scalar !== b.scalar && a.scalar !== 'null' && b.scalar !== 'null' && (a.scalar === 'boolean' || b.scalar === 'boolean'))
        failure ??= { offset: span(e)?.start ?? 0, message: `Unexpected parameters (array of ${a.scalar}, array of ${b.scalar}) for function concat` };
      else if (a && b && a.depth !== b.depth && ((a.scalar === 'null' && a.depth === 1 && b.depth > 1) || (b.scalar === 'null' && b.depth === 1 && a.depth > 1)))
        failure ??= { offset: span(e)?.start ?? 0, message: 'Could not choose a best candidate operator for ||: an array of NULLs next to an array of arrays' };
    }
    if (e.k === 'between' && [e.e, e.lo, e.hi].some((x) => staticType(x).k === 'char')) [e.e, e.lo, e.hi].forEach(charValue);
    if (e.k === 'between' && [e.e, e.lo, e.hi].some((x) => nested(staticType(x)))) failure ??= { offset: span(e)?.start ?? 0, message: 'The local engine cannot compare arrays, maps or rows with BETWEEN as Athena does; run it on Athena.' };
    const types = e.k === 'bin' ? ([staticType(e.l), staticType(e.r)] as const) : undefined;
    const decimals = types && e.k === 'bin' ? ([asDecimal(types[0]), asDecimal(types[1])] as const) : undefined;
    // With the catalog's column types: division only (the other rules would wrap filters DuckDB
    // pushes into its scans).
    const typed = e.k === 'bin' && e.op === '/' && columns ? ([staticType(e.l, columns), staticType(e.r, columns)] as const) : types;
    const typedDecimals = typed ? ([asDecimal(typed[0]), asDecimal(typed[1])] as const) : undefined;
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
    } else if (e.k === 'bin' && e.op === '/' && typed && typedDecimals?.[0] && typedDecimals[1] && (typed[0].k === 'decimal' || typed[1].k === 'decimal')) {
      // A decimal column ÷: the same rule in SQL on the unscaled integers (a JS UDF per row is slow).
      const [a, b] = typedDecimals;
      const r = decimalResult('/', a, b);
      const rescale = r.s + b.s - a.s;
      if (rescale > 38) failure ??= { offset: span(e)?.start ?? 0, message: `Decimal overflow: decimal(${a.p},${a.s}) / decimal(${b.p},${b.s}) needs the dividend rescaled by 10^${rescale}` };
      const [open, close] = fromUnscaled(r.p, r.s);
      const chunks = longDivision(a, b, rescale);
      if (chunks) {
        // DuckDB multiplies decimals of up to 18 digits in BIGINT: wider products go through decimal(38).
        const bigint = (d: { p: number; s: number }): [string, string] =>
          d.s ? [d.p + d.s + 1 > 18 ? 'CAST(CAST(' : 'CAST((', `${d.p + d.s + 1 > 18 ? ` AS DECIMAL(38,${d.s})` : ''}) * CAST('1${'0'.repeat(d.s)}' AS DECIMAL(${d.s + 1},0)) AS BIGINT)`] : ['CAST(', ' AS BIGINT)'];
        const [ua, ub] = [bigint(a), bigint(b)];
        wrapBinary(e.l, e.r, `${open}${schema}__lh_decimal_divide(${ua[0]}`, `${ua[1]}, ${ub[0]}`, `${ub[1]}${rescale < 0 ? ` * ${10 ** -rescale}` : ''}, ${chunks})${close}`);
      } else {
        const hugeintOf = (d: { s: number }, by: number): string => ` AS DECIMAL(38,${d.s})), ${hugeint(d.s)}) * ${hugeint(by)}`;
        wrapBinary(
          e.l,
          e.r,
          `${open}${schema}__lh_decimal_quotient(${schema}__lh_unscaled(CAST(`,
          `${hugeintOf(a, Math.max(0, rescale))}, ${schema}__lh_unscaled(CAST(`,
          `${hugeintOf(b, Math.max(0, -rescale))})${close}`,
        );
      }
    } else if (e.k === 'bin' && e.op === '/' && typed && (floating(typed[0]) || floating(typed[1]))) {
      // IEEE 754 division: NaN and ±Infinity for a zero divisor.
      wrapBinary(e.l, e.r, `${schema}__lh_${typed[0].k === 'real' && typed[1].k === 'real' ? 'rdivide' : 'fdivide'}(`, ', ', ')');
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
      else if (e.args.length > 127) failure ??= { offset: whole?.start ?? 0, message: 'Too many arguments for function call concat()' };
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

/** 10^n as a HUGEINT literal. */
const hugeint = (n: number): string => `CAST('1${'0'.repeat(n)}' AS HUGEINT)`;

/**
 * The chunks of `__lh_decimal_divide`'s long division in BIGINT (`m1, m2, m3, w0, w1, w2`) for
 * a ÷ b with the dividend rescaled by 10^rescale, or undefined when it needs HUGEINT: an
 * operand of more than 18 digits, or more than three chunks (each product stays below 10^17).
 */
function longDivision(a: { p: number }, b: { p: number }, rescale: number): string | undefined {
  const divisorDigits = b.p + Math.max(0, -rescale);
  const chunk = 17 - divisorDigits;
  const digits = Math.max(0, rescale);
  if (a.p > 18 || divisorDigits > 16 || digits > 3 * chunk) return undefined;
  const c3 = Math.min(digits, chunk);
  const c2 = Math.min(digits - c3, chunk);
  const c1 = digits - c3 - c2;
  const big = (n: number): string => `CAST(${10 ** n} AS BIGINT)`;
  return [big(c1), big(c2), big(c3), hugeint(digits), hugeint(c2 + c3), hugeint(c3)].join(', ');
}

/** What turns a HUGEINT unscaled value into decimal(p, s) (failing where it needs more than p digits): the text before and after it. */
function fromUnscaled(p: number, s: number): [string, string] {
  if (s === 0) return ['CAST(', ` AS DECIMAL(${p},0))`];
  return ['CAST(CAST(', ` AS DECIMAL(38,0)) * CAST('0.${'0'.repeat(s - 1)}1' AS DECIMAL(${Math.min(38, s + 1)},${s})) AS DECIMAL(${p},${s}))`];
}

/** Column references and literals, and comparisons and AND / OR / NOT of them: text no rule rewrites. */
function plain(e: Expr): boolean {
  if (e.k === 'col') return true;
  if (e.k === 'lit') return e.type === 'number' || e.type === 'string' || e.type === 'bool' || e.type === 'null';
  if (e.k === 'bin') return ['=', '<>', '!=', '<', '<=', '>', '>=', 'AND', 'OR', 'and', 'or'].includes(e.op) && plain(e.l) && plain(e.r);
  if (e.k === 'not') return plain(e.e);
  if (e.k === 'isNull') return plain(e.e);
  return false;
}

/** The rows of `x IN/op ALL (VALUES …)` written in the query, for a look at their fields. */
function quantifiedRows(sub: Expr | undefined): Expr[] {
  if (sub?.k !== 'subquery' || sub.query.body.k !== 'values') return [];
  return sub.query.body.rows.flat();
}

/** A ROW(…) or (…, …) written with a NULL field. */
function holdsNullField(x: Expr): boolean {
  const fields = x.k === 'call' && x.name === 'row' ? x.args : x.k === 'other' && x.what === 'row' ? x.args : [];
  return fields.some((f) => (f.k === 'lit' && f.type === 'null') || holdsNullField(f));
}

/** The depth and scalar kind of an ARRAY[…] literal (ARRAY[ARRAY[1]]: depth 2, number). */
function arrayShape(e: Expr): { depth: number; scalar: string } | undefined {
  if (e.k !== 'other' || e.what !== 'array') return undefined;
  const inner = e.args.map((x) => (x.k === 'other' && x.what === 'array' ? arrayShape(x) : { depth: 0, scalar: x.k === 'lit' ? (x.type === 'bool' ? 'boolean' : x.type) : 'unknown' }));
  const known = inner.filter((x): x is { depth: number; scalar: string } => x !== undefined && x.scalar !== 'null');
  const first = known[0];
  if (!first) return { depth: 1 + Math.max(0, ...inner.map((x) => x?.depth ?? 0)), scalar: 'null' };
  return { depth: 1 + first.depth, scalar: known.every((x) => x.scalar === first.scalar) ? first.scalar : 'mixed' };
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
