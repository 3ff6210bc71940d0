import { ExprParser } from './queryExpr';
import type { Tok } from './cursor';

/**
 * A parse of Athena (Trino) queries deep enough to see what they read: relations (tables, views,
 * CTEs, subqueries, joins, UNNEST), the columns every clause references, and predicates as
 * expression trees. Constructs it does not model (CASE, CAST targets, lambdas, array literals…)
 * keep their sub-expressions, so no column reference is lost.
 */
export type Expr =
  | { readonly k: 'col'; readonly parts: readonly string[] }
  | {
      readonly k: 'lit';
      readonly type: 'string' | 'number' | 'date' | 'timestamp' | 'bool' | 'null' | 'other';
      readonly value: string;
      /** A typed literal's keyword (`TIME`, `CHAR`, `INTERVAL`…), upper case; `zone` when WITH TIME ZONE follows. */
      readonly keyword?: string;
      readonly zone?: boolean;
      /** An interval literal's fields (`DAY`, or `DAY` to `SECOND`) and its sign. */
      readonly interval?: { readonly from: string; readonly to?: string; readonly negative: boolean };
    }
  | {
      readonly k: 'call';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly star?: boolean;
      readonly extra: readonly Expr[];
      readonly window: boolean;
      /** CAST / TRY_CAST: the target type as written; EXTRACT: the field. */
      readonly target?: string;
      readonly field?: string;
    }
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

/** Where a node stands in the SQL text: [start, end) offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type SelectItem = { readonly k: 'star'; readonly qualifier?: readonly string[] } | { readonly k: 'expr'; readonly e: Expr; readonly alias?: string };

export type Relation =
  | {
      readonly k: 'table';
      readonly parts: readonly string[];
      readonly alias?: string;
      readonly columns?: readonly string[];
      /** Time travel (Iceberg): `FOR VERSION AS OF n`, `FOR TIMESTAMP AS OF t`. */
      readonly travel?: { readonly kind: 'version' | 'timestamp'; readonly value: Expr };
    }
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
  /** `bare[i]`: row i was written without parentheses (Trino's `VALUES 1, 2` is two rows). */
  | { readonly k: 'values'; readonly rows: readonly (readonly Expr[])[]; readonly bare: readonly boolean[] }
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

export { SqlSyntaxError } from './cursor';

/** Parses a query (`WITH …`, `SELECT …`, `VALUES …`, `( … )`, set operations). Throws SqlSyntaxError. */
export function parseQuery(sql: string): Query {
  const p = new Parser(sql);
  const q = p.query();
  p.end();
  return q;
}

/** Parses a query and records where each expression stands (see `Span`). Throws SqlSyntaxError. */
export function parseQueryWithSpans(sql: string): { readonly query: Query; readonly spans: ReadonlyMap<Expr, Span> } {
  const p = new Parser(sql);
  const spans = new Map<Expr, Span>();
  p.spans = spans;
  const query = p.query();
  p.end();
  return { query, spans };
}

/** Every expression a query holds directly (select list, relations, clauses), nested queries apart. */
export function queryParts(q: Query): { readonly exprs: readonly Expr[]; readonly queries: readonly Query[] } {
  const exprs: Expr[] = [...q.orderBy];
  const queries: Query[] = q.ctes.map((c) => c.query);
  const relation = (r: Relation): void => {
    switch (r.k) {
      case 'table':
        return;
      case 'sub':
        queries.push(r.query);
        return;
      case 'unnest':
        exprs.push(...r.args);
        return;
      case 'join':
        relation(r.left);
        relation(r.right);
        if (r.on) exprs.push(r.on);
    }
  };
  const body = (b: QueryBody): void => {
    switch (b.k) {
      case 'select':
        for (const item of b.items) if (item.k === 'expr') exprs.push(item.e);
        b.from.forEach(relation);
        if (b.where) exprs.push(b.where);
        exprs.push(...b.groupBy);
        if (b.having) exprs.push(b.having);
        return;
      case 'set':
        body(b.left);
        body(b.right);
        return;
      case 'nested':
        queries.push(b.query);
        return;
      case 'values':
        for (const row of b.rows) exprs.push(...row);
        return;
      case 'tableRef':
        return;
    }
  };
  body(q.body);
  return { exprs, queries };
}

/** The query grammar: WITH, set operations, SELECT, relations and joins. */
class Parser extends ExprParser {
  query(): Query {
    const ctes: Cte[] = [];
    if (this.acceptWords('WITH')) {
      this.acceptWords('RECURSIVE');
      do {
        const name = this.identifier();
        const columns = this.isPunct('(') ? this.nameList() : undefined;
        this.expectWords('AS');
        this.expectPunct('(');
        const query = this.query();
        this.expectPunct(')');
        ctes.push(columns ? { name, columns, query } : { name, query });
      } while (this.acceptPunct(','));
    }
    const body = this.setExpr();
    const orderBy = this.acceptWords('ORDER', 'BY') ? this.sortList() : [];
    let limited = false;
    for (;;) {
      if (this.acceptWords('OFFSET')) {
        this.next();
        this.acceptAny('ROWS', 'ROW');
      } else if (this.acceptWords('LIMIT')) {
        limited = true;
        this.next();
      } else if (this.acceptWords('FETCH')) {
        limited = true;
        while (this.peek() && !this.isPunct(')') && !this.acceptWords('ONLY') && !this.acceptWords('TIES')) this.i++;
      } else break;
    }
    return { ctes, body, orderBy, limited };
  }




  private setExpr(): QueryBody {
    let left = this.setTerm();
    for (;;) {
      const w = this.word();
      if (w !== 'UNION' && w !== 'EXCEPT') return left;
      this.i++;
      const all = this.acceptWords('ALL');
      if (!all) this.acceptWords('DISTINCT');
      left = { k: 'set', op: w === 'UNION' ? 'union' : 'except', all, left, right: this.setTerm() };
    }
  }

  private setTerm(): QueryBody {
    let left = this.primaryBody();
    while (this.word() === 'INTERSECT') {
      this.i++;
      const all = this.acceptWords('ALL');
      if (!all) this.acceptWords('DISTINCT');
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
    if (this.acceptWords('VALUES')) {
      const rows: Expr[][] = [];
      const bare: boolean[] = [];
      do {
        if (this.acceptPunct('(')) {
          const row = [this.expr()];
          while (this.acceptPunct(',')) row.push(this.expr());
          this.expectPunct(')');
          rows.push(row);
          bare.push(false);
        } else {
          rows.push([this.expr()]);
          bare.push(true);
        }
      } while (this.acceptPunct(','));
      return { k: 'values', rows, bare };
    }
    if (this.acceptWords('TABLE')) return { k: 'tableRef', parts: this.qualifiedName() };
    return this.select();
  }

  private select(): Select {
    this.expectWords('SELECT');
    const distinct = this.acceptWords('DISTINCT');
    if (!distinct) this.acceptWords('ALL');
    const items: SelectItem[] = [];
    do items.push(this.selectItem());
    while (this.acceptPunct(','));
    const from: Relation[] = [];
    if (this.acceptWords('FROM')) {
      do from.push(this.relation());
      while (this.acceptPunct(','));
    }
    const where = this.acceptWords('WHERE') ? this.expr() : undefined;
    const groupBy: Expr[] = [];
    if (this.acceptWords('GROUP', 'BY')) {
      if (!this.acceptWords('ALL')) this.acceptWords('DISTINCT');
      do groupBy.push(...this.groupingElement());
      while (this.acceptPunct(','));
    }
    const having = this.acceptWords('HAVING') ? this.expr() : undefined;
    if (this.acceptWords('WINDOW')) {
      do {
        this.identifier();
        this.expectWords('AS');
        this.expectPunct('(');
        groupBy.push(...this.windowSpec());
      } while (this.acceptPunct(','));
    }
    return { k: 'select', distinct, items, from, ...(where ? { where } : {}), groupBy, ...(having ? { having } : {}) };
  }

  /** GROUP BY a, ROLLUP (a, b), GROUPING SETS ((a), (b, c)): the expressions, flattened. */
  private groupingElement(): Expr[] {
    if (this.acceptWords('ROLLUP') || this.acceptWords('CUBE') || this.acceptWords('GROUPING', 'SETS')) {
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
    if (this.acceptWords('AS')) return this.identifier();
    return this.isIdentifier() ? this.identifier('a name', false) : undefined;
  }

  private relation(): Relation {
    let left = this.relationPrimary();
    for (;;) {
      let kind: 'inner' | 'left' | 'right' | 'full' | 'cross' | undefined;
      const natural = this.acceptWords('NATURAL');
      if (this.acceptWords('CROSS', 'JOIN')) kind = 'cross';
      else if (this.acceptWords('JOIN') || this.acceptWords('INNER', 'JOIN')) kind = 'inner';
      else if (this.acceptWords('LEFT', 'JOIN') || this.acceptWords('LEFT', 'OUTER', 'JOIN')) kind = 'left';
      else if (this.acceptWords('RIGHT', 'JOIN') || this.acceptWords('RIGHT', 'OUTER', 'JOIN')) kind = 'right';
      else if (this.acceptWords('FULL', 'JOIN') || this.acceptWords('FULL', 'OUTER', 'JOIN')) kind = 'full';
      if (!kind) {
        if (natural) this.fail('expected JOIN');
        return left;
      }
      const right = this.relationPrimary();
      if (kind !== 'cross' && this.acceptWords('ON')) left = { k: 'join', kind, left, right, on: this.expr() };
      else if (kind !== 'cross' && this.acceptWords('USING')) left = { k: 'join', kind, left, right, using: this.nameList() };
      else left = { k: 'join', kind, left, right };
    }
  }

  private relationPrimary(): Relation {
    let r: Relation;
    const lateral = this.acceptWords('LATERAL');
    if (this.acceptWords('UNNEST')) {
      this.expectPunct('(');
      const args = [this.expr()];
      while (this.acceptPunct(',')) args.push(this.expr());
      this.expectPunct(')');
      const ordinality = this.acceptWords('WITH', 'ORDINALITY');
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
    } else {
      const parts = this.qualifiedName();
      if (this.acceptWords('FOR')) {
        const kind = this.acceptWords('VERSION') ? 'version' : (this.expectWords('TIMESTAMP'), 'timestamp');
        this.expectWords('AS');
        this.expectWords('OF');
        r = { k: 'table', parts, travel: { kind, value: this.expr() } };
      } else r = { k: 'table', parts };
    }
    if (this.acceptWords('TABLESAMPLE')) {
      this.identifier();
      this.skipParens();
    }
    const alias = this.alias();
    if (alias === undefined) return r;
    const columns = this.isPunct('(') ? this.nameList() : undefined;
    if (r.k === 'join') return r;
    return { ...r, alias, ...(columns ? { columns } : {}) };
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
