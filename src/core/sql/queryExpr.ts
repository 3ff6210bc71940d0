import { unquoteString } from './cursor';
import type { Expr, Query, Span } from './queryAst';
import { RESERVED, TokenCursor } from './cursor';

const NILADIC = new Set(['CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP', 'CURRENT_USER', 'CURRENT_CATALOG', 'CURRENT_SCHEMA']);
const TYPED_LITERALS: Record<string, 'date' | 'timestamp' | 'other'> = { DATE: 'date', TIMESTAMP: 'timestamp', TIME: 'other', DECIMAL: 'other', REAL: 'other', DOUBLE: 'other', BIGINT: 'other', INTEGER: 'other', SMALLINT: 'other', TINYINT: 'other', VARBINARY: 'other', JSON: 'other', X: 'other', CHAR: 'other', VARCHAR: 'other' };
const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);

/** The expression grammar (predicates, calls, CASE, lambdas, window specs); a subquery inside one is parsed by `query()`. */
export abstract class ExprParser extends TokenCursor {
  abstract query(): Query;

  /** Where each expression stands in the SQL, recorded when set (a translator rewrites by span). */
  spans: Map<Expr, Span> | undefined;

  /** Records `e` as spanning the tokens from index `from` to the last one read. */
  protected spanned<T extends Expr>(from: number, e: T): T {
    const first = this.toks[from];
    const last = this.toks[this.i - 1];
    if (this.spans && first && last && this.i > from) this.spans.set(e, { start: first.start, end: last.start + last.text.length });
    return e;
  }

  expr(): Expr {
    const from = this.i;
    return this.spanned(from, this.or());
  }

  protected or(): Expr {
    const from = this.i;
    let l = this.and();
    while (this.acceptWords('OR')) l = this.spanned(from, { k: 'bin', op: 'OR', l, r: this.and() });
    return l;
  }

  protected and(): Expr {
    const from = this.i;
    let l = this.not();
    while (this.acceptWords('AND')) l = this.spanned(from, { k: 'bin', op: 'AND', l, r: this.not() });
    return l;
  }

  protected not(): Expr {
    const from = this.i;
    if (this.acceptWords('NOT')) return this.spanned(from, { k: 'not', e: this.not() });
    return this.spanned(from, this.predicate());
  }

  protected predicate(): Expr {
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
        const not = this.acceptWords('NOT');
        if (this.acceptWords('NULL')) return { k: 'isNull', e, not };
        if (this.acceptWords('DISTINCT', 'FROM')) return { k: 'other', what: not ? 'not distinct' : 'distinct', args: [e, this.concat()] };
        this.next(); // TRUE / FALSE / UNKNOWN
        return { k: 'other', what: 'is', args: [e] };
      }
      const not = this.word() === 'NOT' && ['BETWEEN', 'IN', 'LIKE'].includes(this.word(1));
      if (not) this.i++;
      if (this.acceptWords('BETWEEN')) {
        const lo = this.concat();
        this.expectWords('AND');
        return { k: 'between', e, lo, hi: this.concat(), not };
      }
      if (this.acceptWords('IN')) {
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
      if (this.acceptWords('LIKE')) {
        const pattern = this.concat();
        const escape = this.acceptWords('ESCAPE') ? this.concat() : undefined;
        return escape ? { k: 'like', e, pattern, escape, not } : { k: 'like', e, pattern, not };
      }
      if (not) this.fail('expected BETWEEN, IN or LIKE');
      return e;
    }
  }

  protected concat(): Expr {
    const from = this.i;
    let l = this.additive();
    while (this.acceptPunct('||')) l = this.spanned(from, { k: 'bin', op: '||', l, r: this.additive() });
    return l;
  }

  protected additive(): Expr {
    const from = this.i;
    let l = this.multiplicative();
    for (;;) {
      if (this.acceptPunct('+')) l = this.spanned(from, { k: 'bin', op: '+', l, r: this.multiplicative() });
      else if (this.acceptPunct('-')) l = this.spanned(from, { k: 'bin', op: '-', l, r: this.multiplicative() });
      else return l;
    }
  }

  protected multiplicative(): Expr {
    const from = this.i;
    let l = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'punct' && (t.text === '*' || t.text === '/' || t.text === '%')) {
        this.i++;
        l = this.spanned(from, { k: 'bin', op: t.text, l, r: this.unary() });
      } else return l;
    }
  }

  protected unary(): Expr {
    const from = this.i;
    return this.spanned(from, this.unaryExpr());
  }

  private unaryExpr(): Expr {
    if (this.acceptPunct('-')) {
      const e = this.unary();
      if (e.k === 'lit' && e.type === 'number') return { k: 'lit', type: 'number', value: `-${e.value}` };
      return { k: 'other', what: 'negate', args: [e] };
    }
    if (this.acceptPunct('+')) return this.unary();
    let e = this.postfix(this.primary());
    while (this.acceptWords('AT', 'TIME', 'ZONE')) e = { k: 'other', what: 'at time zone', args: [e, this.postfix(this.primary())] };
    return e;
  }

  protected postfix(e: Expr): Expr {
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

  protected primary(): Expr {
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
      const zone = (w === 'TIMESTAMP' || w === 'TIME') && this.acceptWords('WITH', 'TIME', 'ZONE');
      return { k: 'lit', type: typed, value, keyword: w, ...(zone ? { zone } : {}) };
    }
    if (w === 'INTERVAL') {
      this.i++;
      const negative = this.acceptPunct('-');
      if (!negative) this.acceptPunct('+');
      const value = this.next().text;
      const from = this.identifier().toUpperCase();
      const to = this.acceptWords('TO') ? this.identifier().toUpperCase() : undefined;
      return { k: 'lit', type: 'other', value, keyword: w, interval: { from, negative, ...(to ? { to } : {}) } };
    }
    if (NILADIC.has(w) && !this.isPunct('(', 1)) {
      this.i++;
      return { k: 'lit', type: 'other', value: w };
    }
    if (w === 'CASE') return this.caseExpr();
    if ((w === 'CAST' || w === 'TRY_CAST') && this.isPunct('(', 1)) {
      this.i += 2;
      const e = this.expr();
      this.expectWords('AS');
      const first = this.i;
      this.typeText();
      const target = this.text.slice(this.toks[first]?.start ?? 0, this.toks[this.i - 1]?.end ?? 0);
      this.expectPunct(')');
      return { k: 'call', name: w.toLowerCase(), args: [e], extra: [], window: false, target };
    }
    if (w === 'EXTRACT' && this.isPunct('(', 1)) {
      this.i += 2;
      const field = this.identifier().toUpperCase();
      this.expectWords('FROM');
      const e = this.expr();
      this.expectPunct(')');
      return { k: 'call', name: 'extract', args: [e], extra: [], window: false, field };
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

  protected isLambda(): boolean {
    // (a, b) -> …
    let j = 1;
    while (this.isIdentifier(j) && (this.isPunct(',', j + 1) || this.isPunct(')', j + 1))) {
      if (this.isPunct(')', j + 1)) return this.isPunct('->', j + 2);
      j += 2;
    }
    return false;
  }

  protected lambda(): Expr {
    const params: string[] = [];
    if (this.acceptPunct('(')) {
      do params.push(this.identifier());
      while (this.acceptPunct(','));
      this.expectPunct(')');
    } else params.push(this.identifier());
    this.expectPunct('->');
    return { k: 'lambda', params, body: this.expr() };
  }

  /** `case`: [when, then]…[, else]; `case of` (CASE x WHEN …): x first, then the same. */
  protected caseExpr(): Expr {
    this.expectWords('CASE');
    const args: Expr[] = [];
    const simple = this.word() !== 'WHEN';
    if (simple) args.push(this.expr());
    while (this.acceptWords('WHEN')) {
      args.push(this.expr());
      this.expectWords('THEN');
      args.push(this.expr());
    }
    if (this.acceptWords('ELSE')) args.push(this.expr());
    this.expectWords('END');
    return { k: 'other', what: simple ? 'case of' : 'case', args };
  }

  /** A type's text, e.g. `decimal(12,2)`, `array(row(a int))`, `timestamp(3) with time zone`. */
  protected typeText(): void {
    this.identifier();
    if (this.isPunct('(')) this.skipParens();
    // DuckDB's list types (`DOUBLE[]`), as the translator writes them.
    while (this.isPunct('[') && this.isPunct(']', 1)) this.i += 2;
    while (this.word() === 'WITH' || this.word() === 'WITHOUT' || this.word() === 'VARYING' || this.word() === 'PRECISION') {
      if (this.acceptWords('WITH', 'TIME', 'ZONE') || this.acceptWords('WITHOUT', 'TIME', 'ZONE')) continue;
      this.i++;
    }
  }

  protected columnOrCall(): Expr {
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
      if (!this.acceptWords('DISTINCT')) this.acceptWords('ALL');
      do args.push(this.expr());
      while (this.acceptPunct(','));
      if (this.acceptWords('ORDER', 'BY')) extra.push(...this.sortList());
    }
    this.expectPunct(')');
    if (this.acceptWords('WITHIN', 'GROUP')) {
      this.expectPunct('(');
      this.expectWords('ORDER');
      this.expectWords('BY');
      extra.push(...this.sortList());
      this.expectPunct(')');
    }
    if (this.acceptWords('FILTER')) {
      this.expectPunct('(');
      this.expectWords('WHERE');
      extra.push(this.expr());
      this.expectPunct(')');
    }
    if (this.acceptWords('IGNORE', 'NULLS') || this.acceptWords('RESPECT', 'NULLS')) {
      /* nothing to keep */
    }
    let window = false;
    if (this.acceptWords('OVER')) {
      window = true;
      if (this.acceptPunct('(')) extra.push(...this.windowSpec());
      else this.identifier();
    }
    return { k: 'call', name, args, ...(star ? { star } : {}), extra, window };
  }

  /** After `OVER (`: PARTITION BY, ORDER BY and the frame, up to and including `)`. */
  protected windowSpec(): Expr[] {
    const out: Expr[] = [];
    if (this.isIdentifier() && !['PARTITION', 'ORDER', 'ROWS', 'RANGE', 'GROUPS'].includes(this.word())) this.identifier();
    if (this.acceptWords('PARTITION', 'BY'))
      do out.push(this.expr());
      while (this.acceptPunct(','));
    if (this.acceptWords('ORDER', 'BY')) out.push(...this.sortList());
    if (this.acceptWords('ROWS') || this.acceptWords('RANGE') || this.acceptWords('GROUPS')) {
      while (this.peek() && !this.isPunct(')')) {
        if (this.word() === 'UNBOUNDED' || this.word() === 'CURRENT' || this.word() === 'BETWEEN' || this.word() === 'AND' || this.word() === 'PRECEDING' || this.word() === 'FOLLOWING' || this.word() === 'ROW') this.i++;
        else out.push(this.concat());
      }
    }
    this.expectPunct(')');
    return out;
  }

  protected sortList(): Expr[] {
    const out: Expr[] = [];
    do {
      out.push(this.expr());
      this.acceptAny('ASC', 'DESC');
      if (this.acceptWords('NULLS')) this.acceptAny('FIRST', 'LAST');
    } while (this.acceptPunct(','));
    return out;
  }
}
