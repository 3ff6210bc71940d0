import { unquoteString } from './cursor';
import { isTrivia, tokenize, type Token } from './tokenizer';

/**
 * A parse of Athena (Trino) queries deep enough to see what they read: relations (tables, views,
 * CTEs, subqueries, joins, UNNEST), the columns every clause references, and predicates as
 * expression trees. Constructs it does not model (CASE, CAST targets, lambdas, array literals…)
 * keep their sub-expressions, so no column reference is lost.
 */
export type Expr =
  | { readonly k: 'col'; readonly parts: readonly string[] }
  | { readonly k: 'lit'; readonly type: 'string' | 'number' | 'date' | 'timestamp' | 'bool' | 'null' | 'other'; readonly value: string }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly star?: boolean; readonly extra: readonly Expr[]; readonly window: boolean }
  | { readonly k: 'bin'; readonly op: string; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'not'; readonly e: Expr }
  | { readonly k: 'between'; readonly e: Expr; readonly lo: Expr; readonly hi: Expr; readonly not: boolean }
  | { readonly k: 'in'; readonly e: Expr; readonly list: readonly Expr[]; readonly query?: Query; readonly not: boolean }
  | { readonly k: 'like'; readonly e: Expr; readonly pattern: Expr; readonly escape?: Expr; readonly not: boolean }
  | { readonly k: 'isNull'; readonly e: Expr; readonly not: boolean }
  | { readonly k: 'subquery'; readonly query: Query }
  | { readonly k: 'lambda'; readonly params: readonly string[]; readonly body: Expr }
  /** Anything else: its parts, for the columns they reference. */
  | { readonly k: 'other'; readonly what: string; readonly args: readonly Expr[] };

export type SelectItem = { readonly k: 'star'; readonly qualifier?: readonly string[] } | { readonly k: 'expr'; readonly e: Expr; readonly alias?: string };

export type Relation =
  | { readonly k: 'table'; readonly parts: readonly string[]; readonly alias?: string; readonly columns?: readonly string[] }
  | { readonly k: 'sub'; readonly query: Query; readonly alias?: string; readonly columns?: readonly string[]; readonly lateral: boolean }
  | { readonly k: 'unnest'; readonly args: readonly Expr[]; readonly alias?: string; readonly columns?: readonly string[]; readonly ordinality: boolean }
  | { readonly k: 'join'; readonly kind: 'inner' | 'left' | 'right' | 'full' | 'cross'; readonly left: Relation; readonly right: Relation; readonly on?: Expr; readonly using?: readonly string[] };

export interface Select {
  readonly k: 'select';
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from: readonly Relation[];
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
}

export type QueryBody =
  | Select
  | { readonly k: 'set'; readonly op: 'union' | 'intersect' | 'except'; readonly all: boolean; readonly left: QueryBody; readonly right: QueryBody }
  | { readonly k: 'nested'; readonly query: Query }
  | { readonly k: 'values'; readonly rows: readonly (readonly Expr[])[] }
  | { readonly k: 'tableRef'; readonly parts: readonly string[] };

export interface Cte {
  readonly name: string;
  readonly columns?: readonly string[];
  readonly query: Query;
}

export interface Query {
  readonly ctes: readonly Cte[];
  readonly body: QueryBody;
  readonly orderBy: readonly Expr[];
  readonly limited: boolean;
}

export class QueryParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Words that end an expression or a relation where an alias could otherwise be read. */
const RESERVED = new Set(
  (
    'ALL AND ANY ARRAY AS ASC BETWEEN BY CASE CAST CROSS CUBE CURRENT DESC DISTINCT ELSE END ESCAPE EXCEPT EXISTS ' +
    'FALSE FETCH FILTER FOR FROM FULL GROUP GROUPING HAVING IN INNER INTERSECT INTO IS JOIN LATERAL LEFT LIKE LIMIT ' +
    'NATURAL NOT NULL NULLS OFFSET ON OR ORDER OUTER OVER PARTITION RANGE RIGHT ROLLUP ROWS SELECT SETS TABLESAMPLE ' +
    'THEN TRUE UNION UNNEST USING VALUES WHEN WHERE WINDOW WITH ORDINALITY'
  ).split(' '),
);
const NILADIC = new Set(['CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP', 'CURRENT_USER', 'CURRENT_CATALOG', 'CURRENT_SCHEMA']);
const TYPED_LITERALS: Record<string, 'date' | 'timestamp' | 'other'> = { DATE: 'date', TIMESTAMP: 'timestamp', TIME: 'other', DECIMAL: 'other', REAL: 'other', DOUBLE: 'other', BIGINT: 'other', INTEGER: 'other', JSON: 'other', X: 'other', CHAR: 'other', VARCHAR: 'other' };
const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);
const TWO_CHAR = new Set(['<=', '>=', '<>', '!=', '||', '->', '=>']);

interface Tok {
  readonly kind: Token['kind'];
  readonly text: string;
  readonly start: number;
}

/** Parses a query (`WITH …`, `SELECT …`, `VALUES …`, `( … )`, set operations). Throws QueryParseError. */
export function parseQuery(sql: string): Query {
  const p = new Parser(sql);
  const q = p.query();
  p.end();
  return q;
}

/** Parses a standalone expression (e.g. a predicate). Throws QueryParseError. */
export function parseExpression(sql: string): Expr {
  const p = new Parser(sql);
  const e = p.expr();
  p.end();
  return e;
}

class Parser {
  private readonly toks: Tok[] = [];
  private i = 0;

  constructor(private readonly sql: string) {
    const raw = tokenize(sql).filter((t) => !isTrivia(t) && t.kind !== 'semicolon');
    for (let j = 0; j < raw.length; j++) {
      const t = raw[j] as Token;
      const text = sql.slice(t.start, t.end);
      const next = raw[j + 1];
      if (t.kind === 'punct' && next?.kind === 'punct' && next.start === t.end && TWO_CHAR.has(text + sql.slice(next.start, next.end))) {
        this.toks.push({ kind: 'punct', text: text + sql.slice(next.start, next.end), start: t.start });
        j++;
      } else this.toks.push({ kind: t.kind, text, start: t.start });
    }
  }

  end(): void {
    if (this.i < this.toks.length) this.fail('unexpected text');
  }

  private fail(message: string): never {
    const t = this.toks[this.i];
    throw new QueryParseError(t ? `${message} near '${t.text.slice(0, 30)}'` : `${message} at the end of the statement`, t?.start ?? this.sql.length);
  }

  private peek(ahead = 0): Tok | undefined {
    return this.toks[this.i + ahead];
  }

  private word(ahead = 0): string {
    const t = this.peek(ahead);
    return t?.kind === 'word' ? t.text.toUpperCase() : '';
  }

  private acceptWord(...words: string[]): boolean {
    if (!words.every((w, k) => this.word(k) === w)) return false;
    this.i += words.length;
    return true;
  }

  /** Skips one of the words if it is next. */
  private acceptAny(...words: string[]): void {
    if (words.includes(this.word())) this.i++;
  }

  private expectWord(w: string): void {
    if (!this.acceptWord(w)) this.fail(`expected ${w}`);
  }

  private isPunct(p: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t?.kind === 'punct' && t.text === p;
  }

  private acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.i++;
    return true;
  }

  private expectPunct(p: string): void {
    if (!this.acceptPunct(p)) this.fail(`expected '${p}'`);
  }

  private isIdentifier(ahead = 0, allowReserved = false): boolean {
    const t = this.peek(ahead);
    if (!t) return false;
    if (t.kind === 'quotedIdent' || t.kind === 'backtickIdent') return true;
    return t.kind === 'word' && (allowReserved || !RESERVED.has(t.text.toUpperCase()));
  }

  private identifier(allowReserved = true): string {
    const t = this.peek();
    if (!t || !this.isIdentifier(0, allowReserved)) this.fail('expected a name');
    this.i++;
    if (t.kind === 'word') return t.text;
    const q = t.text.charAt(0);
    return t.text.slice(1, t.text.endsWith(q) && t.text.length > 1 ? -1 : undefined).split(q + q).join(q);
  }

  private qualifiedName(): string[] {
    const parts = [this.identifier()];
    while (this.isPunct('.') && this.isIdentifier(1, true)) {
      this.i++;
      parts.push(this.identifier());
    }
    return parts;
  }

  private startsQuery(ahead = 0): boolean {
    const w = this.word(ahead);
    if (w === 'SELECT' || w === 'WITH' || w === 'VALUES' || w === 'TABLE') return true;
    return this.isPunct('(', ahead) && this.startsQuery(ahead + 1);
  }

  // ---- queries -------------------------------------------------------------------------------

  query(): Query {
    const ctes: Cte[] = [];
    if (this.acceptWord('WITH')) {
      this.acceptWord('RECURSIVE');
      do {
        const name = this.identifier();
        const columns = this.isPunct('(') ? this.nameList() : undefined;
        this.expectWord('AS');
        this.expectPunct('(');
        const query = this.query();
        this.expectPunct(')');
        ctes.push(columns ? { name, columns, query } : { name, query });
      } while (this.acceptPunct(','));
    }
    const body = this.setExpr();
    const orderBy = this.acceptWord('ORDER', 'BY') ? this.sortList() : [];
    let limited = false;
    for (;;) {
      if (this.acceptWord('OFFSET')) {
        this.next();
        this.acceptAny('ROWS', 'ROW');
      } else if (this.acceptWord('LIMIT')) {
        limited = true;
        this.next();
      } else if (this.acceptWord('FETCH')) {
        limited = true;
        while (this.peek() && !this.isPunct(')') && !this.acceptWord('ONLY') && !this.acceptWord('TIES')) this.i++;
      } else break;
    }
    return { ctes, body, orderBy, limited };
  }

  private next(): Tok {
    const t = this.peek();
    if (!t) this.fail('unexpected end of statement');
    this.i++;
    return t;
  }

  private nameList(): string[] {
    this.expectPunct('(');
    const names = [this.identifier()];
    while (this.acceptPunct(',')) names.push(this.identifier());
    this.expectPunct(')');
    return names;
  }

  private sortList(): Expr[] {
    const out: Expr[] = [];
    do {
      out.push(this.expr());
      this.acceptAny('ASC', 'DESC');
      if (this.acceptWord('NULLS')) this.acceptAny('FIRST', 'LAST');
    } while (this.acceptPunct(','));
    return out;
  }

  private setExpr(): QueryBody {
    let left = this.setTerm();
    for (;;) {
      const w = this.word();
      if (w !== 'UNION' && w !== 'EXCEPT') return left;
      this.i++;
      const all = this.acceptWord('ALL');
      if (!all) this.acceptWord('DISTINCT');
      left = { k: 'set', op: w === 'UNION' ? 'union' : 'except', all, left, right: this.setTerm() };
    }
  }

  private setTerm(): QueryBody {
    let left = this.primaryBody();
    while (this.word() === 'INTERSECT') {
      this.i++;
      const all = this.acceptWord('ALL');
      if (!all) this.acceptWord('DISTINCT');
      left = { k: 'set', op: 'intersect', all, left, right: this.primaryBody() };
    }
    return left;
  }

  private primaryBody(): QueryBody {
    if (this.acceptPunct('(')) {
      const query = this.query();
      this.expectPunct(')');
      return { k: 'nested', query };
    }
    if (this.acceptWord('VALUES')) {
      const rows: Expr[][] = [];
      do {
        if (this.acceptPunct('(')) {
          const row = [this.expr()];
          while (this.acceptPunct(',')) row.push(this.expr());
          this.expectPunct(')');
          rows.push(row);
        } else rows.push([this.expr()]);
      } while (this.acceptPunct(','));
      return { k: 'values', rows };
    }
    if (this.acceptWord('TABLE')) return { k: 'tableRef', parts: this.qualifiedName() };
    return this.select();
  }

  private select(): Select {
    this.expectWord('SELECT');
    const distinct = this.acceptWord('DISTINCT');
    if (!distinct) this.acceptWord('ALL');
    const items: SelectItem[] = [];
    do items.push(this.selectItem());
    while (this.acceptPunct(','));
    const from: Relation[] = [];
    if (this.acceptWord('FROM')) {
      do from.push(this.relation());
      while (this.acceptPunct(','));
    }
    const where = this.acceptWord('WHERE') ? this.expr() : undefined;
    const groupBy: Expr[] = [];
    if (this.acceptWord('GROUP', 'BY')) {
      if (!this.acceptWord('ALL')) this.acceptWord('DISTINCT');
      do groupBy.push(...this.groupingElement());
      while (this.acceptPunct(','));
    }
    const having = this.acceptWord('HAVING') ? this.expr() : undefined;
    if (this.acceptWord('WINDOW')) {
      do {
        this.identifier();
        this.expectWord('AS');
        this.expectPunct('(');
        groupBy.push(...this.windowSpec());
      } while (this.acceptPunct(','));
    }
    return { k: 'select', distinct, items, from, ...(where ? { where } : {}), groupBy, ...(having ? { having } : {}) };
  }

  /** GROUP BY a, ROLLUP (a, b), GROUPING SETS ((a), (b, c)): the expressions, flattened. */
  private groupingElement(): Expr[] {
    if (this.acceptWord('ROLLUP') || this.acceptWord('CUBE') || this.acceptWord('GROUPING', 'SETS')) {
      this.expectPunct('(');
      const out: Expr[] = [];
      if (!this.isPunct(')'))
        do out.push(...this.groupingElement());
        while (this.acceptPunct(','));
      this.expectPunct(')');
      return out;
    }
    if (this.isPunct('(') && (this.isPunct(')', 1) || this.looksLikeTuple())) {
      this.i++;
      const out: Expr[] = [];
      if (!this.isPunct(')'))
        do out.push(this.expr());
        while (this.acceptPunct(','));
      this.expectPunct(')');
      return out;
    }
    return [this.expr()];
  }

  /** At `(`: whether a top-level comma follows before its `)` (a tuple, not a parenthesised expression). */
  private looksLikeTuple(): boolean {
    let depth = 0;
    for (let j = this.i; j < this.toks.length; j++) {
      const t = this.toks[j] as Tok;
      if (t.kind !== 'punct') continue;
      if (t.text === '(' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === ']') {
        depth--;
        if (depth === 0) return false;
      } else if (t.text === ',' && depth === 1) return true;
    }
    return false;
  }

  private selectItem(): SelectItem {
    if (this.acceptPunct('*')) return { k: 'star' };
    // t.* and db.t.*
    let j = 0;
    while (this.isIdentifier(j, true) && this.isPunct('.', j + 1)) j += 2;
    if (j > 0 && this.isPunct('*', j)) {
      const qualifier: string[] = [];
      while (!this.isPunct('*')) {
        qualifier.push(this.identifier());
        this.expectPunct('.');
      }
      this.i++;
      return { k: 'star', qualifier };
    }
    const e = this.expr();
    const alias = this.alias();
    return alias === undefined ? { k: 'expr', e } : { k: 'expr', e, alias };
  }

  private alias(): string | undefined {
    if (this.acceptWord('AS')) return this.identifier();
    return this.isIdentifier() ? this.identifier(false) : undefined;
  }

  private relation(): Relation {
    let left = this.relationPrimary();
    for (;;) {
      let kind: 'inner' | 'left' | 'right' | 'full' | 'cross' | undefined;
      const natural = this.acceptWord('NATURAL');
      if (this.acceptWord('CROSS', 'JOIN')) kind = 'cross';
      else if (this.acceptWord('JOIN') || this.acceptWord('INNER', 'JOIN')) kind = 'inner';
      else if (this.acceptWord('LEFT', 'JOIN') || this.acceptWord('LEFT', 'OUTER', 'JOIN')) kind = 'left';
      else if (this.acceptWord('RIGHT', 'JOIN') || this.acceptWord('RIGHT', 'OUTER', 'JOIN')) kind = 'right';
      else if (this.acceptWord('FULL', 'JOIN') || this.acceptWord('FULL', 'OUTER', 'JOIN')) kind = 'full';
      if (!kind) {
        if (natural) this.fail('expected JOIN');
        return left;
      }
      const right = this.relationPrimary();
      if (kind !== 'cross' && this.acceptWord('ON')) left = { k: 'join', kind, left, right, on: this.expr() };
      else if (kind !== 'cross' && this.acceptWord('USING')) left = { k: 'join', kind, left, right, using: this.nameList() };
      else left = { k: 'join', kind, left, right };
    }
  }

  private relationPrimary(): Relation {
    let r: Relation;
    const lateral = this.acceptWord('LATERAL');
    if (this.acceptWord('UNNEST')) {
      this.expectPunct('(');
      const args = [this.expr()];
      while (this.acceptPunct(',')) args.push(this.expr());
      this.expectPunct(')');
      const ordinality = this.acceptWord('WITH', 'ORDINALITY');
      r = { k: 'unnest', args, ordinality };
    } else if (this.isPunct('(')) {
      if (this.startsQuery(1)) {
        this.i++;
        const query = this.query();
        this.expectPunct(')');
        r = { k: 'sub', query, lateral };
      } else {
        this.i++;
        const inner = this.relation();
        this.expectPunct(')');
        r = inner;
      }
    } else r = { k: 'table', parts: this.qualifiedName() };
    if (this.acceptWord('TABLESAMPLE')) {
      this.identifier();
      this.skipParens();
    }
    const alias = this.alias();
    if (alias === undefined) return r;
    const columns = this.isPunct('(') ? this.nameList() : undefined;
    if (r.k === 'join') return r;
    return { ...r, alias, ...(columns ? { columns } : {}) };
  }

  private skipParens(): void {
    this.expectPunct('(');
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) depth++;
      else if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) depth--;
    }
  }

  // ---- expressions ---------------------------------------------------------------------------

  expr(): Expr {
    return this.or();
  }

  private or(): Expr {
    let l = this.and();
    while (this.acceptWord('OR')) l = { k: 'bin', op: 'OR', l, r: this.and() };
    return l;
  }

  private and(): Expr {
    let l = this.not();
    while (this.acceptWord('AND')) l = { k: 'bin', op: 'AND', l, r: this.not() };
    return l;
  }

  private not(): Expr {
    if (this.acceptWord('NOT')) return { k: 'not', e: this.not() };
    return this.predicate();
  }

  private predicate(): Expr {
    const e = this.concat();
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'punct' && COMPARISONS.has(t.text)) {
        this.i++;
        const op = t.text === '!=' ? '<>' : t.text;
        const quantified = this.word() === 'ALL' || this.word() === 'ANY' || this.word() === 'SOME';
        if (quantified) {
          this.i++;
          this.expectPunct('(');
          const query = this.query();
          this.expectPunct(')');
          return { k: 'other', what: 'quantified', args: [e, { k: 'subquery', query }] };
        }
        return { k: 'bin', op, l: e, r: this.concat() };
      }
      if (this.word() === 'IS') {
        this.i++;
        const not = this.acceptWord('NOT');
        if (this.acceptWord('NULL')) return { k: 'isNull', e, not };
        if (this.acceptWord('DISTINCT', 'FROM')) return { k: 'other', what: 'distinct', args: [e, this.concat()] };
        this.next(); // TRUE / FALSE / UNKNOWN
        return { k: 'other', what: 'is', args: [e] };
      }
      const not = this.word() === 'NOT' && ['BETWEEN', 'IN', 'LIKE'].includes(this.word(1));
      if (not) this.i++;
      if (this.acceptWord('BETWEEN')) {
        const lo = this.concat();
        this.expectWord('AND');
        return { k: 'between', e, lo, hi: this.concat(), not };
      }
      if (this.acceptWord('IN')) {
        this.expectPunct('(');
        if (this.startsQuery()) {
          const query = this.query();
          this.expectPunct(')');
          return { k: 'in', e, list: [], query, not };
        }
        const list = [this.expr()];
        while (this.acceptPunct(',')) list.push(this.expr());
        this.expectPunct(')');
        return { k: 'in', e, list, not };
      }
      if (this.acceptWord('LIKE')) {
        const pattern = this.concat();
        const escape = this.acceptWord('ESCAPE') ? this.concat() : undefined;
        return escape ? { k: 'like', e, pattern, escape, not } : { k: 'like', e, pattern, not };
      }
      if (not) this.fail('expected BETWEEN, IN or LIKE');
      return e;
    }
  }

  private concat(): Expr {
    let l = this.additive();
    while (this.acceptPunct('||')) l = { k: 'bin', op: '||', l, r: this.additive() };
    return l;
  }

  private additive(): Expr {
    let l = this.multiplicative();
    for (;;) {
      if (this.acceptPunct('+')) l = { k: 'bin', op: '+', l, r: this.multiplicative() };
      else if (this.acceptPunct('-')) l = { k: 'bin', op: '-', l, r: this.multiplicative() };
      else return l;
    }
  }

  private multiplicative(): Expr {
    let l = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'punct' && (t.text === '*' || t.text === '/' || t.text === '%')) {
        this.i++;
        l = { k: 'bin', op: t.text, l, r: this.unary() };
      } else return l;
    }
  }

  private unary(): Expr {
    if (this.acceptPunct('-')) {
      const e = this.unary();
      if (e.k === 'lit' && e.type === 'number') return { k: 'lit', type: 'number', value: `-${e.value}` };
      return { k: 'other', what: 'negate', args: [e] };
    }
    if (this.acceptPunct('+')) return this.unary();
    let e = this.postfix(this.primary());
    while (this.acceptWord('AT', 'TIME', 'ZONE')) e = { k: 'other', what: 'at time zone', args: [e, this.postfix(this.primary())] };
    return e;
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      if (this.acceptPunct('[')) {
        const index = this.expr();
        this.expectPunct(']');
        e = { k: 'other', what: 'subscript', args: [e, index] };
      } else if (this.isPunct('.') && this.isIdentifier(1, true)) {
        this.i++;
        const field = this.identifier();
        e = e.k === 'col' ? { k: 'col', parts: [...e.parts, field] } : { k: 'other', what: 'field', args: [e] };
      } else return e;
    }
  }

  private primary(): Expr {
    const t = this.peek();
    if (!t) this.fail('expected an expression');
    if (t.kind === 'number') {
      this.i++;
      return { k: 'lit', type: 'number', value: t.text };
    }
    if (t.kind === 'string') {
      this.i++;
      return { k: 'lit', type: 'string', value: unquoteString(t.text) };
    }
    if (t.kind === 'punct') {
      if (t.text === '?') {
        this.i++;
        return { k: 'lit', type: 'other', value: '?' };
      }
      if (t.text === '(') {
        if (this.startsQuery(1)) {
          this.i++;
          const query = this.query();
          this.expectPunct(')');
          return { k: 'subquery', query };
        }
        if (this.isLambda()) return this.lambda();
        this.i++;
        const first = this.expr();
        if (this.acceptPunct(')')) return first;
        const items = [first];
        while (this.acceptPunct(',')) items.push(this.expr());
        this.expectPunct(')');
        return { k: 'other', what: 'row', args: items };
      }
      this.fail('expected an expression');
    }
    if (t.kind === 'quotedIdent' || t.kind === 'backtickIdent') return this.columnOrCall();
    const w = t.text.toUpperCase();
    if (this.isPunct('->', 1)) return this.lambda();
    if (w === 'NULL') {
      this.i++;
      return { k: 'lit', type: 'null', value: 'NULL' };
    }
    if (w === 'TRUE' || w === 'FALSE') {
      this.i++;
      return { k: 'lit', type: 'bool', value: w.toLowerCase() };
    }
    const typed = TYPED_LITERALS[w];
    if (typed && this.peek(1)?.kind === 'string') {
      this.i++;
      const value = unquoteString(this.next().text);
      if (w === 'TIMESTAMP' || w === 'TIME') this.acceptWord('WITH', 'TIME', 'ZONE');
      return { k: 'lit', type: typed, value };
    }
    if (w === 'INTERVAL') {
      this.i++;
      if (!this.acceptPunct('-')) this.acceptPunct('+');
      const value = this.next().text;
      this.identifier();
      if (this.acceptWord('TO')) this.identifier();
      return { k: 'lit', type: 'other', value };
    }
    if (NILADIC.has(w) && !this.isPunct('(', 1)) {
      this.i++;
      return { k: 'lit', type: 'other', value: w };
    }
    if (w === 'CASE') return this.caseExpr();
    if ((w === 'CAST' || w === 'TRY_CAST') && this.isPunct('(', 1)) {
      this.i += 2;
      const e = this.expr();
      this.expectWord('AS');
      this.typeText();
      this.expectPunct(')');
      return { k: 'call', name: w.toLowerCase(), args: [e], extra: [], window: false };
    }
    if (w === 'EXTRACT' && this.isPunct('(', 1)) {
      this.i += 2;
      this.identifier();
      this.expectWord('FROM');
      const e = this.expr();
      this.expectPunct(')');
      return { k: 'call', name: 'extract', args: [e], extra: [], window: false };
    }
    if (w === 'EXISTS' && this.isPunct('(', 1)) {
      this.i += 2;
      const query = this.query();
      this.expectPunct(')');
      return { k: 'other', what: 'exists', args: [{ k: 'subquery', query }] };
    }
    if (w === 'ARRAY' && this.isPunct('[', 1)) {
      this.i += 2;
      const args: Expr[] = [];
      if (!this.isPunct(']'))
        do args.push(this.expr());
        while (this.acceptPunct(','));
      this.expectPunct(']');
      return { k: 'other', what: 'array', args };
    }
    if (RESERVED.has(w) && !this.isPunct('(', 1)) this.fail('expected an expression');
    return this.columnOrCall();
  }

  private isLambda(): boolean {
    // (a, b) -> …
    let j = 1;
    while (this.isIdentifier(j) && (this.isPunct(',', j + 1) || this.isPunct(')', j + 1))) {
      if (this.isPunct(')', j + 1)) return this.isPunct('->', j + 2);
      j += 2;
    }
    return false;
  }

  private lambda(): Expr {
    const params: string[] = [];
    if (this.acceptPunct('(')) {
      do params.push(this.identifier());
      while (this.acceptPunct(','));
      this.expectPunct(')');
    } else params.push(this.identifier());
    this.expectPunct('->');
    return { k: 'lambda', params, body: this.expr() };
  }

  private caseExpr(): Expr {
    this.expectWord('CASE');
    const args: Expr[] = [];
    if (this.word() !== 'WHEN') args.push(this.expr());
    while (this.acceptWord('WHEN')) {
      args.push(this.expr());
      this.expectWord('THEN');
      args.push(this.expr());
    }
    if (this.acceptWord('ELSE')) args.push(this.expr());
    this.expectWord('END');
    return { k: 'other', what: 'case', args };
  }

  /** A type's text, e.g. `decimal(12,2)`, `array(row(a int))`, `timestamp(3) with time zone`. */
  private typeText(): void {
    this.identifier();
    if (this.isPunct('(')) this.skipParens();
    while (this.word() === 'WITH' || this.word() === 'WITHOUT' || this.word() === 'VARYING' || this.word() === 'PRECISION') {
      if (this.acceptWord('WITH', 'TIME', 'ZONE') || this.acceptWord('WITHOUT', 'TIME', 'ZONE')) continue;
      this.i++;
    }
  }

  private columnOrCall(): Expr {
    const parts = [this.identifier()];
    while (this.isPunct('.') && this.isIdentifier(1, true)) {
      this.i++;
      parts.push(this.identifier());
    }
    if (!this.isPunct('(')) return { k: 'col', parts };
    this.i++;
    const name = parts.join('.').toLowerCase();
    const args: Expr[] = [];
    const extra: Expr[] = [];
    let star = false;
    if (this.acceptPunct('*')) star = true;
    else if (!this.isPunct(')')) {
      if (!this.acceptWord('DISTINCT')) this.acceptWord('ALL');
      do args.push(this.expr());
      while (this.acceptPunct(','));
      if (this.acceptWord('ORDER', 'BY')) extra.push(...this.sortList());
    }
    this.expectPunct(')');
    if (this.acceptWord('WITHIN', 'GROUP')) {
      this.expectPunct('(');
      this.expectWord('ORDER');
      this.expectWord('BY');
      extra.push(...this.sortList());
      this.expectPunct(')');
    }
    if (this.acceptWord('FILTER')) {
      this.expectPunct('(');
      this.expectWord('WHERE');
      extra.push(this.expr());
      this.expectPunct(')');
    }
    if (this.acceptWord('IGNORE', 'NULLS') || this.acceptWord('RESPECT', 'NULLS')) {
      /* nothing to keep */
    }
    let window = false;
    if (this.acceptWord('OVER')) {
      window = true;
      if (this.acceptPunct('(')) extra.push(...this.windowSpec());
      else this.identifier();
    }
    return { k: 'call', name, args, ...(star ? { star } : {}), extra, window };
  }

  /** After `OVER (`: PARTITION BY, ORDER BY and the frame, up to and including `)`. */
  private windowSpec(): Expr[] {
    const out: Expr[] = [];
    if (this.isIdentifier() && !['PARTITION', 'ORDER', 'ROWS', 'RANGE', 'GROUPS'].includes(this.word())) this.identifier();
    if (this.acceptWord('PARTITION', 'BY'))
      do out.push(this.expr());
      while (this.acceptPunct(','));
    if (this.acceptWord('ORDER', 'BY')) out.push(...this.sortList());
    if (this.acceptWord('ROWS') || this.acceptWord('RANGE') || this.acceptWord('GROUPS')) {
      while (this.peek() && !this.isPunct(')')) {
        if (this.word() === 'UNBOUNDED' || this.word() === 'CURRENT' || this.word() === 'BETWEEN' || this.word() === 'AND' || this.word() === 'PRECEDING' || this.word() === 'FOLLOWING' || this.word() === 'ROW') this.i++;
        else out.push(this.concat());
      }
    }
    this.expectPunct(')');
    return out;
  }
}

/** Every sub-expression and nested query of an expression, for walkers. */
export function children(e: Expr): { readonly exprs: readonly Expr[]; readonly queries: readonly Query[] } {
  switch (e.k) {
    case 'col':
    case 'lit':
      return { exprs: [], queries: [] };
    case 'call':
      return { exprs: [...e.args, ...e.extra], queries: [] };
    case 'bin':
      return { exprs: [e.l, e.r], queries: [] };
    case 'not':
    case 'isNull':
      return { exprs: [e.e], queries: [] };
    case 'between':
      return { exprs: [e.e, e.lo, e.hi], queries: [] };
    case 'in':
      return { exprs: [e.e, ...e.list], queries: e.query ? [e.query] : [] };
    case 'like':
      return { exprs: e.escape ? [e.e, e.pattern, e.escape] : [e.e, e.pattern], queries: [] };
    case 'subquery':
      return { exprs: [], queries: [e.query] };
    case 'lambda':
      return { exprs: [e.body], queries: [] };
    case 'other':
      return { exprs: e.args, queries: [] };
  }
}
