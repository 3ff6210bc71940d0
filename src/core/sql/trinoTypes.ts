import type { Edit } from './edits';
import { canonicalJson } from './jsonCanonical';
import { DUCKDB_FRACTION_DIGITS, fractionDigits } from './temporalText';
import { parseQuery, type Expr } from './queryAst';
import { staticType, type ColumnTypes, type StaticType } from './staticTypes';
import { isTrivia, tokenize, type Token } from './tokenizer';

export type TypeEdits = { readonly ok: true; readonly edits: readonly Edit[] } | { readonly ok: false; readonly offset: number; readonly message: string };

/** The macro that rounds a timestamp (or a time) to `p` fractional digits as Trino does. */
export const ROUND_TIMESTAMP = '__lh_round_timestamp';
export const ROUND_TIME = '__lh_round_time';

/** Integer types a text cast checks, and the name Trino's message gives each. */
const INTEGER_NAMES: Readonly<Record<string, string>> = { BIGINT: 'BIGINT', INTEGER: 'INT', INT: 'INT', SMALLINT: 'SMALLINT', TINYINT: 'TINYINT' };

/** Fractional digits the local engine keeps: DuckDB's timestamps and times are microseconds. */
const MAX_PRECISION = DUCKDB_FRACTION_DIGITS;

/** Trino's `DECIMAL 'text'` literal type: every digit counts, leading zeros of the integer part do not. */
export function decimalLiteralType(text: string): { precision: number; scale: number } | undefined {
  const m = /^\s*[+-]?(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (!m[1] && !m[2])) return undefined;
  const integer = (m[1] ?? '').replace(/^0+/, '');
  const scale = (m[2] ?? '').length;
  return { precision: Math.max(integer.length + scale, 1), scale };
}

/** Trino's EXTRACT fields and DuckDB's names for them. */
const EXTRACT_FIELDS: Readonly<Record<string, string>> = {
  YEAR: 'year', QUARTER: 'quarter', MONTH: 'month', WEEK: 'week', DAY: 'day', DAY_OF_MONTH: 'day', DAY_OF_WEEK: 'isodow', DOW: 'isodow',
  DAY_OF_YEAR: 'doy', DOY: 'doy', YEAR_OF_WEEK: 'isoyear', YOW: 'isoyear', HOUR: 'hour', MINUTE: 'minute', SECOND: 'second',
  TIMEZONE_HOUR: 'timezone_hour', TIMEZONE_MINUTE: 'timezone_minute',
};

/** Types whose text CAST(x AS varchar) gives without the refusal a real may meet (see __lh_varchar_known). */
const KNOWN_TEXT: ReadonlySet<StaticType['k']> = new Set(['int', 'double', 'decimal', 'date', 'timestamp', 'varchar', 'char', 'boolean', 'interval', 'json']);
/** Functions whose result is varchar whatever they are given (Trino's signatures). */
const TEXT_FUNCTIONS = new Set(['trim', 'ltrim', 'rtrim', 'lower', 'upper', 'replace', 'regexp_replace', 'regexp_extract', 'split_part', 'json_extract_scalar', 'json_format', 'lpad', 'rpad', 'translate', 'normalize', 'format']);

const tooPrecise = (kind: string, digits: number): string =>
  `The local engine keeps ${kind} values to the microsecond (${MAX_PRECISION} fractional digits); this one has ${digits}. Athena keeps up to 12: run it there, or round the value.`;

/**
 * Token-level rewrites that give DuckDB Trino's types where their spelling means something else:
 * - `DECIMAL '1.50'` is `decimal(3,2)` in Trino (DuckDB would read DECIMAL(18,3));
 * - `CAST(x AS DECIMAL)` is `decimal(38,0)`, and a double is cast from its shortest text;
 * - `CAST(x AS TIMESTAMP)` and `CAST(x AS TIME)` are Trino's precision 3, rounded; `(p)` rounds to
 *   `p` digits; beyond microseconds (`p` > 6, or a literal with more digits) is refused by name.
 */
export function trinoTypeEdits(sql: string, macroPrefix = '', columns?: ColumnTypes): TypeEdits {
  const tokens = tokenize(sql).filter((t) => !isTrivia(t));
  const text = (t: Token | undefined): string => (t ? sql.slice(t.start, t.end) : '');
  const word = (t: Token | undefined): string => (t?.kind === 'word' ? text(t).toUpperCase() : '');
  const punct = (t: Token | undefined, p: string): boolean => t?.kind === 'punct' && text(t) === p;
  const edits: Edit[] = [];
  /** The operand's expression, when it parses alone. */
  const operandExpr = (operand: string): Expr | undefined => {
    try {
      const body = parseQuery(`SELECT ${operand}`).body;
      return body.k === 'select' && body.items[0]?.k === 'expr' ? body.items[0].e : undefined;
    } catch {
      return undefined;
    }
  };
  /** The operand's type where the SQL shows it, else undefined. */
  const operandType = (operand: string): StaticType | undefined => {
    const e = operandExpr(operand);
    const type = e ? staticType(e, columns) : undefined;
    return type?.k === 'unknown' ? undefined : type;
  };
  /** Whether an operand is text by its SQL: a string, a varchar column or cast, a text function of it. */
  const isText = (operand: string): boolean => {
    const text = (x: Expr | undefined): boolean => {
      if (!x) return false;
      const t = staticType(x, columns);
      if (t.k === 'varchar' || t.k === 'char') return true;
      if (x.k !== 'call') return false;
      const name = x.name.replace(/^.*\./, '').toLowerCase();
      if (name === 'nullif' || name === 'coalesce') return text(x.args[0]);
      return TEXT_FUNCTIONS.has(name);
    };
    return text(operandExpr(operand));
  };
  // Where `try(…)` holds a CAST, its checks give NULL instead of failing (DuckDB's TRY refuses the
  // error() a failing check raises, and what try() would catch is NULL either way).
  const insideTry = new Set<number>();
  for (let i = 0, depth = 0, tryDepths: number[] = []; i < tokens.length; i++) {
    if (punct(tokens[i], '(')) {
      depth++;
      if (word(tokens[i - 1]) === 'TRY' && !punct(tokens[i - 2], '.')) tryDepths.push(depth);
    } else if (punct(tokens[i], ')')) {
      if (tryDepths[tryDepths.length - 1] === depth) tryDepths.pop();
      depth--;
    }
    if (tryDepths.length) insideTry.add(i);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const w = word(t);
    const next = tokens[i + 1];
    // Typed literals.
    if ((w === 'DECIMAL' || w === 'NUMERIC') && next?.kind === 'string' && !punct(tokens[i - 1], '.')) {
      const value = text(next).slice(1, -1);
      const type = decimalLiteralType(value);
      if (!type) return { ok: false, offset: t.start, message: `'${value}' is not a valid DECIMAL literal.` };
      if (type.precision > 38) return { ok: false, offset: t.start, message: `DECIMAL literal '${value}' has ${type.precision} digits; Athena's decimals hold at most 38.` };
      edits.push({ start: t.start, end: next.end, text: `CAST(${text(next)} AS DECIMAL(${type.precision},${type.scale}))` });
      i++;
      continue;
    }
    // JSON 'text' is canonical in Trino: compact, keys sorted (so equal objects compare equal).
    if (w === 'JSON' && next?.kind === 'string' && !punct(tokens[i - 1], '.')) {
      const canonical = canonicalJson(text(next).slice(1, -1).replace(/''/g, "'"));
      if (canonical !== undefined) edits.push({ start: next.start, end: next.end, text: `'${canonical.replace(/'/g, "''")}'` });
      i++;
      continue;
    }
    // X'65683F' is a varbinary literal.
    if (w === 'X' && next?.kind === 'string' && next.start === t.end) {
      const hex = text(next).slice(1, -1).replace(/\s+/g, '');
      if (!/^([0-9a-fA-F]{2})*$/.test(hex)) return { ok: false, offset: t.start, message: `Binary literal can only contain hexadecimal digits and an even number of them: X'${hex}'` };
      edits.push({ start: t.start, end: next.end, text: `${macroPrefix}__lh_from_hex('${hex}')` });
      i++;
      continue;
    }
    if (w === 'INTERVAL') {
      // INTERVAL [+|-] 'text' FIELD TO FIELD: Trino's two-field intervals, which DuckDB lacks.
      let j = i + 1;
      let negate = false;
      if (punct(tokens[j], '-') || punct(tokens[j], '+')) negate = punct(tokens[j++], '-');
      const value = tokens[j];
      if (value?.kind === 'string' && word(tokens[j + 2]) === 'TO') {
        const from = word(tokens[j + 1]);
        const to = word(tokens[j + 3]);
        const r = intervalLiteral(text(value).slice(1, -1), from, to);
        if (!r.ok) return { ok: false, offset: t.start, message: r.message };
        const end = (tokens[j + 3] as Token).end;
        edits.push({ start: t.start, end, text: negate ? `(-${r.sql})` : r.sql });
        i = j + 3;
      }
      continue;
    }
    if ((w === 'TIMESTAMP' || w === 'TIME') && next?.kind === 'string') {
      const digits = fractionDigits(text(next));
      if (digits > MAX_PRECISION) return { ok: false, offset: t.start, message: tooPrecise(w, digits) };
      continue;
    }
    // EXTRACT(field FROM x): Trino's fields, with ISO days of the week (Monday is 1).
    if (w === 'EXTRACT' && punct(next, '(') && word(tokens[i + 3]) === 'FROM') {
      const field = tokens[i + 2] as Token;
      const name = word(field);
      const duck = EXTRACT_FIELDS[name];
      if (!duck) return { ok: false, offset: field.start, message: `Invalid EXTRACT field ${text(field)}, valid fields are: ${Object.keys(EXTRACT_FIELDS).join(', ')}` };
      if (duck !== name.toLowerCase()) edits.push({ start: field.start, end: field.end, text: duck });
      continue;
    }
    // SUBSTRING(s FROM a [FOR n]) and substring(s, a[, n]) are Trino's substr (empty from 0).
    if (w === 'SUBSTRING' && punct(next, '(')) {
      let depth = 0;
      const seps: Token[] = [];
      for (let j = i + 1; j < tokens.length; j++) {
        const u = tokens[j];
        if (punct(u, '(') || punct(u, '[')) depth++;
        else if (punct(u, ')') || punct(u, ']')) {
          if (--depth === 0) break;
        } else if (depth === 1 && (word(u) === 'FROM' || word(u) === 'FOR')) seps.push(u as Token);
      }
      edits.push({ start: t.start, end: t.end, text: `${macroPrefix}__lh_substr` });
      for (const sep of seps) edits.push({ start: sep.start, end: sep.end, text: ',' });
      continue;
    }
    if ((w !== 'CAST' && w !== 'TRY_CAST') || !punct(next, '(')) continue;
    // CAST ( operand AS type ): find the top-level AS and the closing parenthesis.
    let depth = 0;
    let as = -1;
    let close = -1;
    for (let j = i + 1; j < tokens.length; j++) {
      const u = tokens[j];
      if (punct(u, '(') || punct(u, '[')) depth++;
      else if (punct(u, ')') || punct(u, ']')) {
        if (--depth === 0) {
          close = j;
          break;
        }
      } else if (depth === 1 && word(u) === 'AS') as = j;
    }
    if (as < 0 || close < 0) continue;
    const typeTokens = tokens.slice(as + 1, close);
    const head = word(typeTokens[0]);
    const typeText = sql.slice(typeTokens[0]?.start ?? 0, tokens[close - 1]?.end ?? 0);
    /** Wraps the CAST's operand in a checking macro. */
    const guard = (macro: string): void => {
      edits.push({ start: (tokens[i + 2] as Token).start, end: (tokens[i + 2] as Token).start, text: `${macro}(` });
      edits.push({ start: (tokens[as] as Token).start, end: (tokens[as] as Token).start, text: ') ' });
    };
    if (head === 'JSON' && typeTokens.length === 1) {
      guard(`${macroPrefix}__lh_no_float_json`);
      // The result is canonical JSON, as Trino's (map keys sorted, compact).
      edits.push({ start: t.start, end: t.start, text: `CAST(__lh_json_canonical(CAST(` });
      edits.push({ start: (tokens[close] as Token).end, end: (tokens[close] as Token).end, text: ' AS VARCHAR)) AS JSON)' });
      continue;
    }
    if (head === 'MAP' && /\(/.test(typeText)) {
      edits.push({ start: t.start, end: t.start, text: `${macroPrefix}__lh_map_keys_check(` });
      edits.push({ start: (tokens[close] as Token).end, end: (tokens[close] as Token).end, text: ')' });
      continue;
    }
    if (head === 'ARRAY' && /\(/.test(typeText)) {
      // Trino's array(T) is DuckDB's T[].
      const converted = duckArrayType(typeText);
      if (converted === undefined) continue;
      edits.push({ start: (typeTokens[0] as Token).start, end: (tokens[close - 1] as Token).end, text: converted });
      // JSON to arrays of text, JSON or fractions: DuckDB writes the elements otherwise than Trino.
      if (!/^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|BOOLEAN)(\[\])+$/i.test(converted)) guard(`${macroPrefix}__lh_no_json`);
      continue;
    }
    if (head === 'VARCHAR') {
      // Doubles, intervals and JSON print as Trino prints them (3.77E1, 1 02:00:00.000, the
      // string itself); varchar(n) cuts text and refuses anything else that does not fit.
      const n = /^\w+\s*\(\s*(\d+)\s*\)$/.exec(typeText)?.[1];
      if (typeTokens.length !== 1 && n === undefined) continue;
      // The operand's type, read once: a timestamp(p) the SQL shows (a catalog column, date_trunc
      // or ± interval of one…) prints every digit of p, as Trino's text does (….500).
      const type = n === undefined ? operandType(sql.slice((tokens[i + 2] as Token).start, (tokens[as - 1] as Token).end)) : undefined;
      if (type?.k === 'timestamp' && type.p !== undefined) {
        edits.push({ start: t.start, end: (next as Token).end, text: `${macroPrefix}__lh_pt_ts_text(${macroPrefix}__lh_pt_of_ts(` });
        edits.push({ start: (tokens[as] as Token).start, end: (tokens[close - 1] as Token).end, text: `), ${type.p}` });
        continue;
      }
      // An operand the SQL shows is no real cannot meet the refusal of a long real's text.
      const known = type !== undefined && KNOWN_TEXT.has(type.k);
      edits.push({ start: t.start, end: (next as Token).end, text: `${macroPrefix}__lh_varchar${n !== undefined ? '_n' : known ? '_known' : ''}(` });
      edits.push({ start: (tokens[as] as Token).start, end: (tokens[close - 1] as Token).end, text: n === undefined ? '' : `, ${n}` });
      continue;
    }
    // Text to an integer or a date: only what Trino reads as one (else NULL for TRY_CAST, an error).
    if ((INTEGER_NAMES[head] || head === 'DATE') && typeTokens.length === 1) {
      const lenient = w === 'TRY_CAST' || insideTry.has(i);
      const kind = head === 'DATE' ? 'date' : 'integer';
      edits.push({ start: (tokens[i + 2] as Token).start, end: (tokens[i + 2] as Token).start, text: `${macroPrefix}__lh_${lenient ? 'try_' : ''}${kind}_text(` });
      edits.push({ start: (tokens[as] as Token).start, end: (tokens[as] as Token).start, text: lenient || head === 'DATE' ? ') ' : `, '${INTEGER_NAMES[head]}') ` });
      continue;
    }
    const lenient = w === 'TRY_CAST' || insideTry.has(i);
    const operandStart = (tokens[i + 2] as Token).start;
    const beforeAs = (tokens[as] as Token).start;
    const textOperand = (): boolean => isText(sql.slice(operandStart, (tokens[as - 1] as Token).end));
    // Text to a double or a real: only what Java reads as one (1.5d yes; 1_000, inf no), where the
    // SQL shows the operand is text (a JSON value, a number keep DuckDB's cast).
    if ((head === 'DOUBLE' || head === 'REAL' || head === 'FLOAT') && (typeTokens.length === 1 || /^DOUBLE\s+PRECISION$/i.test(typeText)) && textOperand()) {
      edits.push({ start: operandStart, end: operandStart, text: `${macroPrefix}__lh_${lenient ? 'try_' : ''}double_text(` });
      edits.push({ start: beforeAs, end: beforeAs, text: lenient ? ') ' : `, '${head === 'DOUBLE' ? 'DOUBLE' : 'REAL'}') ` });
      continue;
    }
    if (head === 'DECIMAL' || head === 'NUMERIC') {
      // Text must be BigDecimal's; a double becomes a decimal as Trino makes it: from its shortest
      // text (2.675 is 2.68 at scale 2, where its binary value, 2.67499…, would give 2.67), rounded half up.
      if (textOperand()) {
        const ps = /^\w+\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(typeText);
        edits.push({ start: operandStart, end: operandStart, text: `${macroPrefix}__lh_decimal_operand(${macroPrefix}__lh_${lenient ? 'try_' : ''}decimal_from_text(` });
        edits.push({ start: beforeAs, end: beforeAs, text: lenient ? ')) ' : `, 'DECIMAL(${ps?.[1] ?? 38}, ${ps?.[2] ?? 0})')) ` });
      } else guard(`${macroPrefix}__lh_decimal_operand`);
      if (typeTokens.length === 1) edits.push({ start: (typeTokens[0] as Token).start, end: (typeTokens[0] as Token).end, text: 'DECIMAL(38,0)' });
      continue;
    }
    if (head !== 'TIMESTAMP' && head !== 'TIME') continue;
    if (/\bWITH\b/i.test(typeText)) continue;
    const p = /^\w+\s*\(\s*(\d+)\s*\)$/.exec(typeText);
    if (!p && typeTokens.length !== 1) continue;
    const precision = p ? Number(p[1]) : 3;
    if (precision > 12) return { ok: false, offset: (typeTokens[0] as Token).start, message: `${head} precision must be in range [0, 12]: ${precision}` };
    if (precision > MAX_PRECISION) return { ok: false, offset: (typeTokens[0] as Token).start, message: tooPrecise(head, precision) };
    const operand = tokens.slice(i + 2, as);
    if (operand.length === 1 && operand[0]?.kind === 'string') {
      const digits = fractionDigits(text(operand[0]));
      if (digits > 12) return { ok: false, offset: (operand[0]).start, message: `Value cannot be cast to ${head.toLowerCase()}: ${text(operand[0]).slice(1, -1)}` };
      if (digits > MAX_PRECISION && precision === MAX_PRECISION) return { ok: false, offset: (operand[0]).start, message: tooPrecise(head, digits) };
    }
    if (head === 'TIMESTAMP') {
      // Text must read as Trino reads a timestamp (no ISO 'T', no zone): checked, then cast.
      edits.push({ start: (tokens[i + 2] as Token).start, end: (tokens[i + 2] as Token).start, text: insideTry.has(i) ? `${macroPrefix}__lh_try_timestamp_text(` : `${macroPrefix}__lh_timestamp_text(${w === 'TRY_CAST' ? 'true' : 'false'}, ` });
      // Closed before AS (not at the operand's end, where an inner CAST may close too).
      edits.push({ start: (tokens[as] as Token).start, end: (tokens[as] as Token).start, text: ') ' });
    }
    if (p) edits.push({ start: (typeTokens[0] as Token).start, end: (tokens[close - 1] as Token).end, text: head });
    if (precision < MAX_PRECISION) {
      edits.push({ start: t.start, end: t.start, text: `${macroPrefix}${head === 'TIME' ? ROUND_TIME : ROUND_TIMESTAMP}(` });
      edits.push({ start: (tokens[close] as Token).end, end: (tokens[close] as Token).end, text: `, ${precision})` });
    }
  }
  return { ok: true, edits };
}

const DAY_TIME = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];
const FORMATS: Readonly<Record<string, RegExp>> = {
  'DAY TO HOUR': /^(\d+) (\d+)$/,
  'DAY TO MINUTE': /^(\d+) (\d+):(\d+)$/,
  'DAY TO SECOND': /^(\d+) (\d+):(\d+):(\d+)(?:\.(\d+))?$/,
  'HOUR TO MINUTE': /^(\d+):(\d+)$/,
  'HOUR TO SECOND': /^(\d+):(\d+):(\d+)(?:\.(\d+))?$/,
  'MINUTE TO SECOND': /^(\d+):(\d+)(?:\.(\d+))?$/,
};
const MICROS: Readonly<Record<string, bigint>> = { DAY: 86_400_000_000n, HOUR: 3_600_000_000n, MINUTE: 60_000_000n, SECOND: 1_000_000n };

/**
 * A two-field interval literal (`'42 12:34:56.1' DAY TO SECOND`, `'124-30' YEAR TO MONTH`) as
 * DuckDB SQL. Trino keeps day-to-second intervals in milliseconds, normalised (30 hours is a day
 * and 6 hours): the value is split the same way, and digits past the millisecond are refused.
 */
export function intervalLiteral(value: string, from: string, to: string): { ok: true; sql: string } | { ok: false; message: string } {
  const qualifier = `${from} TO ${to}`;
  const invalid = { ok: false as const, message: `Invalid INTERVAL ${qualifier} value: ${value}` };
  const body = value.trim();
  const negative = body.startsWith('-');
  const digits = negative ? body.slice(1) : body;
  if (qualifier === 'YEAR TO MONTH') {
    const m = /^(\d+)-(\d+)$/.exec(digits);
    if (!m) return invalid;
    const months = BigInt(m[1] ?? 0) * 12n + BigInt(m[2] ?? 0);
    return { ok: true, sql: `to_months(${negative ? '-' : ''}${months})` };
  }
  const format = FORMATS[qualifier];
  if (!format || !DAY_TIME.includes(from)) return { ok: false, message: `Invalid interval qualifier: ${qualifier}` };
  const m = format.exec(digits);
  if (!m) return invalid;
  const fields = DAY_TIME.slice(DAY_TIME.indexOf(from), DAY_TIME.indexOf(to) + 1);
  let micros = 0n;
  fields.forEach((f, k) => {
    micros += BigInt(m[k + 1] ?? 0) * (MICROS[f] ?? 0n);
  });
  const fraction = to === 'SECOND' ? (m[fields.length + 1] ?? '') : '';
  if (/[1-9]/.test(fraction.slice(3))) return { ok: false, message: `Athena keeps intervals to the millisecond: '${value}' ${qualifier} has ${fraction.length} fractional digits.` };
  micros += BigInt(fraction.slice(0, 3).padEnd(6, '0'));
  const days = micros / MICROS.DAY!;
  const rest = micros % MICROS.DAY!;
  const sign = negative ? '-' : '';
  return { ok: true, sql: `(to_days(${sign}${days}) + to_microseconds(${sign}${rest}))` };
}

/** `array(array(double))` → `DOUBLE[][]`, leaving other types' text as it is; undefined if unreadable. */
export function duckArrayType(type: string): string | undefined {
  const m = /^\s*array\s*\((.*)\)\s*$/is.exec(type);
  if (!m) return /\barray\s*\(/i.test(type) ? undefined : type.trim();
  const inner = duckArrayType(m[1] ?? '');
  return inner === undefined ? undefined : `${inner}[]`;
}
