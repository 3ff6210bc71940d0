import type { Table } from '../catalog/model';
import { children, parseQuery, type Cte, type Expr, type Query, type QueryBody, type Relation, type Select } from '../sql/queryAst';

/**
 * What a query reads, before it runs: the base tables behind its table references (through CTEs
 * and views, across joins, subqueries and set operations), the partitions its predicates on
 * partition keys select (as a Glue GetPartitions expression), and the columns it references.
 *
 * It follows the engine's own rules where they decide the bill: predicates are pushed through
 * projections, views and CTEs to the table whose partition key they test, across equalities
 * between columns; a function around a partition key stops pruning (and says so); a CTE read
 * twice is scanned twice.
 */
export interface TableScan {
  readonly table: Table;
  /** The views and CTEs the reference went through, outermost first. */
  readonly via: readonly string[];
  /** Storage columns read (lower case), in the table's order; partition keys cost nothing. */
  readonly columns: readonly string[];
  /**
   * The Glue partition expression the query's predicates amount to; undefined: every partition.
   * For an Iceberg table, the predicates on any of its columns (its files are pruned by partition
   * transforms and column bounds).
   */
  readonly expression?: string;
  /** Iceberg time travel: the snapshot id (`FOR VERSION AS OF`) or time (`FOR TIMESTAMP AS OF`, as written). */
  readonly asOf?: { readonly version?: string; readonly timestamp?: string };
  readonly warnings: readonly string[];
}

export interface ScanPlan {
  readonly scans: readonly TableScan[];
  /** Tables the query names that the catalog does not have. */
  readonly missing: readonly string[];
  readonly warnings: readonly string[];
}

export type TableLookup = (database: string, name: string) => Promise<Table | undefined>;

interface ScanState {
  readonly table: Table;
  readonly via: readonly string[];
  readonly read: Set<string>;
  readonly predicates: string[];
  readonly warnings: Set<string>;
  readonly keys: ReadonlySet<string>;
  readonly iceberg: boolean;
  asOf?: { readonly version?: string; readonly timestamp?: string };
}

interface Leaf {
  readonly scan: ScanState;
  readonly col: string;
}

interface OutCol {
  readonly name: string;
  readonly leaves: readonly Leaf[];
  /** Set when the column passes a base column through unchanged: one leaf per set-operation branch. */
  readonly direct?: readonly Leaf[];
}

interface Rel {
  readonly names: readonly string[];
  readonly cols: readonly OutCol[];
}

interface Scope {
  readonly rels: Rel[];
  readonly parent?: Scope;
  readonly lambdas: ReadonlySet<string>;
  /** Output aliases of the select list, for ORDER BY. */
  readonly aliases?: ReadonlyMap<string, Expr>;
  /** Where nested queries resolve names. */
  readonly env: Env;
}

interface Env {
  readonly db: string;
  readonly ctes: ReadonlyMap<string, { readonly cte: Cte; readonly env: Env }>;
  readonly via: readonly string[];
  readonly depth: number;
}

interface Shape {
  readonly cols: readonly OutCol[];
}

/** A predicate the pushdown may use, and where it may go. */
interface Filter {
  readonly e: Expr;
  /** Relations whose columns the filter may narrow (outer joins protect their preserved side). */
  readonly allowed?: ReadonlySet<Rel>;
  readonly equalities: boolean;
}

const MAX_VIEW_DEPTH = 16;
const lower = (s: string): string => s.toLowerCase();

export class ScanPlanError extends Error {}

/** Plans a query's scan (the text after CTAS's AS, INSERT's columns, or a plain SELECT). */
export async function planQueryScan(sql: string, defaultDatabase: string, lookup: TableLookup): Promise<ScanPlan> {
  const planner = new Planner(lookup);
  const query = parseQuery(sql);
  const shape = await planner.query(query, { db: defaultDatabase, ctes: new Map(), via: [], depth: 0 }, undefined);
  for (const c of shape.cols) markCol(c);
  return planner.result();
}

function markCol(c: OutCol): void {
  for (const l of c.leaves) l.scan.read.add(l.col);
}

function conjuncts(e: Expr | undefined): Expr[] {
  if (!e) return [];
  if (e.k === 'bin' && e.op === 'AND') return [...conjuncts(e.l), ...conjuncts(e.r)];
  return [e];
}

class Planner {
  private readonly scans: ScanState[] = [];
  private readonly missing = new Set<string>();
  private readonly warnings = new Set<string>();
  private readonly tables = new Map<string, Promise<Table | undefined>>();

  constructor(private readonly lookup: TableLookup) {}

  result(): ScanPlan {
    return {
      scans: this.scans.map((s) => {
        const columns = s.table.storage.columns.map((c) => lower(c.name)).filter((c) => s.read.has(c));
        return {
          table: s.table,
          via: s.via,
          columns,
          ...(s.predicates.length ? { expression: s.predicates.map((p) => (s.predicates.length > 1 ? `(${p})` : p)).join(' AND ') } : {}),
          ...(s.asOf ? { asOf: s.asOf } : {}),
          warnings: [...s.warnings],
        };
      }),
      missing: [...this.missing],
      warnings: [...this.warnings],
    };
  }

  /** `FOR VERSION|TIMESTAMP AS OF` on the table just planned (`scan`: undefined for a view or a CTE). */
  private travel(travel: { readonly kind: 'version' | 'timestamp'; readonly value: Expr }, scan: ScanState | undefined): void {
    if (!scan) {
      this.warnings.add(`FOR ${travel.kind.toUpperCase()} AS OF reads Iceberg tables only, not a view or a WITH query.`);
      return;
    }
    const v = travel.value;
    if (!scan.iceberg) {
      scan.warnings.add(`FOR ${travel.kind.toUpperCase()} AS OF reads Iceberg tables only: Athena refuses it on ${scan.table.database}.${scan.table.name}.`);
      return;
    }
    if (travel.kind === 'version' && v.k === 'lit' && v.type === 'number') scan.asOf = { version: v.value };
    else if (travel.kind === 'timestamp' && v.k === 'lit' && (v.type === 'timestamp' || v.type === 'string')) scan.asOf = { timestamp: v.value };
    else scan.warnings.add(`FOR ${travel.kind.toUpperCase()} AS OF a computed value: the current snapshot is counted.`);
  }

  private table(db: string, name: string): Promise<Table | undefined> {
    const key = `${lower(db)}.${lower(name)}`;
    let t = this.tables.get(key);
    if (!t) {
      t = this.lookup(db, name);
      this.tables.set(key, t);
    }
    return t;
  }

  async query(q: Query, env: Env, outer: Scope | undefined): Promise<Shape> {
    let inner = env;
    if (q.ctes.length) {
      const ctes = new Map(env.ctes);
      for (const cte of q.ctes) ctes.set(lower(cte.name), { cte, env: { ...inner, ctes: new Map(ctes) } });
      inner = { ...env, ctes };
    }
    const shape = await this.body(q.body, inner, outer, q.orderBy);
    if (q.limited) return { cols: shape.cols.map(({ name, leaves }) => ({ name, leaves })) };
    return shape;
  }

  private async body(b: QueryBody, env: Env, outer: Scope | undefined, orderBy: readonly Expr[]): Promise<Shape> {
    switch (b.k) {
      case 'select':
        return this.select(b, env, outer, orderBy);
      case 'nested': {
        const shape = await this.query(b.query, env, outer);
        this.markNames(shape, orderBy);
        return shape;
      }
      case 'values': {
        const scope: Scope = { rels: [], lambdas: new Set(), env, ...(outer ? { parent: outer } : {}) };
        for (const row of b.rows) for (const e of row) await this.refs(e, scope, true);
        return { cols: (b.rows[0] ?? []).map((_e, i) => ({ name: `_col${i}`, leaves: [] })) };
      }
      case 'tableRef': {
        const rel = await this.tableRel(b.parts, undefined, undefined, env);
        return { cols: rel.cols };
      }
      case 'set': {
        const left = await this.body(b.left, env, outer, []);
        const right = await this.body(b.right, env, outer, []);
        const cols = left.cols.map((l, i): OutCol => {
          const r = right.cols[i];
          const leaves = [...l.leaves, ...(r?.leaves ?? [])];
          return l.direct && r?.direct ? { name: l.name, leaves, direct: [...l.direct, ...r.direct] } : { name: l.name, leaves };
        });
        // Without ALL every column decides which rows survive.
        if (!b.all) for (const c of cols) markCol(c);
        const shape = { cols };
        this.markNames(shape, orderBy);
        return shape;
      }
    }
  }

  /** ORDER BY over a set operation names output columns (or their positions). */
  private markNames(shape: Shape, orderBy: readonly Expr[]): void {
    for (const e of orderBy) {
      if (e.k === 'lit' && e.type === 'number') {
        const c = shape.cols[Number(e.value) - 1];
        if (c) markCol(c);
      } else if (e.k === 'col') {
        const c = shape.cols.find((x) => x.name === lower(e.parts[e.parts.length - 1] ?? ''));
        if (c) markCol(c);
      }
    }
  }

  private async select(s: Select, env: Env, outer: Scope | undefined, orderBy: readonly Expr[]): Promise<Shape> {
    const scope: Scope = { rels: [], lambdas: new Set(), env, ...(outer ? { parent: outer } : {}) };
    const filters: Filter[] = [];
    for (const r of s.from) await this.relation(r, env, scope, filters);
    for (const e of conjuncts(s.where)) filters.push({ e, equalities: true });
    for (const f of filters) await this.refs(f.e, scope, true);
    for (const e of s.groupBy) {
      const item = ordinalItem(s, e);
      await this.refs(item ?? e, scope, true);
    }
    if (s.having) await this.refs(s.having, scope, true);
    const aliases = new Map<string, Expr>();
    for (const item of s.items) if (item.k === 'expr' && item.alias !== undefined) aliases.set(lower(item.alias), item.e);
    const orderScope: Scope = { ...scope, aliases };
    for (const e of orderBy) {
      const item = ordinalItem(s, e);
      await this.refs(item ?? e, orderScope, true);
    }

    const cols: OutCol[] = [];
    const windowed = s.items.some((i) => i.k === 'expr' && hasWindow(i.e));
    for (const [i, item] of s.items.entries()) {
      if (item.k === 'star') {
        const q = item.qualifier?.map(lower);
        const rels = q ? scope.rels.filter((r) => r.names.includes(q[q.length - 1] as string)) : scope.rels;
        if (q && !rels.length) this.warnings.add(`${item.qualifier?.join('.')}.* names no relation of the query.`);
        for (const r of rels) cols.push(...r.cols);
        continue;
      }
      const found = await this.refs(item.e, scope, s.distinct);
      const leaves = found.flatMap((c) => c.leaves);
      const name = lower(item.alias ?? (item.e.k === 'col' ? (item.e.parts[item.e.parts.length - 1] as string) : `_col${i}`));
      const passthrough = item.e.k === 'col' && found.length === 1 ? found[0]?.direct : undefined;
      cols.push(passthrough && !windowed ? { name, leaves, direct: passthrough } : { name, leaves });
    }
    if (s.distinct) for (const c of cols) markCol(c);
    this.pushDown(filters, scope);
    return { cols };
  }

  /** Adds a FROM item's relations to the scope; join conditions become filters. */
  private async relation(r: Relation, env: Env, scope: Scope, filters: Filter[]): Promise<Rel[]> {
    switch (r.k) {
      case 'table': {
        const before = this.scans.length;
        const rel = await this.tableRel(r.parts, r.alias, r.columns, env);
        if (r.travel) this.travel(r.travel, this.scans.length === before + 1 ? this.scans[before] : undefined);
        scope.rels.push(rel);
        return [rel];
      }
      case 'sub': {
        const lateralScope = r.lateral ? scope : scope.parent;
        const shape = await this.query(r.query, env, lateralScope);
        const rel = renamed({ names: r.alias ? [lower(r.alias)] : [], cols: shape.cols }, r.columns);
        scope.rels.push(rel);
        return [rel];
      }
      case 'unnest': {
        const found: OutCol[] = [];
        for (const a of r.args) found.push(...(await this.refs(a, scope, false)));
        const leaves = found.flatMap((c) => c.leaves);
        const names = r.columns ?? r.args.map((_a, i) => `_col${i}`);
        const rel: Rel = { names: r.alias ? [lower(r.alias)] : [], cols: names.map((n) => ({ name: lower(n), leaves })) };
        // Rows of UNNEST exist only for what its arguments hold: they are read.
        for (const c of found) markCol(c);
        scope.rels.push(rel);
        return [rel];
      }
      case 'join': {
        const left = await this.relation(r.left, env, scope, filters);
        const right = await this.relation(r.right, env, scope, filters);
        const on = conjuncts(r.on);
        for (const c of r.using ?? []) {
          for (const side of [left, right]) for (const rel of side) for (const col of rel.cols) if (col.name === lower(c)) markCol(col);
        }
        if (r.kind === 'inner' || r.kind === 'cross') for (const e of on) filters.push({ e, equalities: true });
        else if (r.kind === 'left') for (const e of on) filters.push({ e, allowed: new Set(right), equalities: false });
        else if (r.kind === 'right') for (const e of on) filters.push({ e, allowed: new Set(left), equalities: false });
        else for (const e of on) filters.push({ e, allowed: new Set(), equalities: false });
        return [...left, ...right];
      }
    }
  }

  private async tableRel(parts: readonly string[], alias: string | undefined, columns: readonly string[] | undefined, env: Env): Promise<Rel> {
    const name = parts[parts.length - 1] as string;
    const names = alias ? [lower(alias)] : [lower(name)];
    if (parts.length === 1) {
      const cte = env.ctes.get(lower(name));
      if (cte) {
        if (env.depth > MAX_VIEW_DEPTH) throw new ScanPlanError(`CTE ${name} refers to itself too deeply to plan.`);
        const shape = await this.query(cte.cte.query, { ...cte.env, via: [...env.via, `WITH ${cte.cte.name}`], depth: env.depth + 1 }, undefined);
        return renamed({ names, cols: shape.cols }, columns ?? cte.cte.columns);
      }
    }
    const db = parts.length >= 2 ? (parts[parts.length - 2] as string) : env.db;
    const table = await this.table(db, name);
    if (!table) {
      this.missing.add(`${db}.${name}`);
      return { names, cols: [] };
    }
    if (table.tableType === 'VIRTUAL_VIEW') {
      if (env.depth > MAX_VIEW_DEPTH) throw new ScanPlanError(`View ${db}.${name} nests views too deeply to plan.`);
      let query: Query;
      try {
        query = parseQuery(table.viewText ?? '');
      } catch (e) {
        throw new ScanPlanError(`The definition of view ${table.database}.${table.name} could not be read: ${e instanceof Error ? e.message : String(e)}`);
      }
      const shape = await this.query(query, { db: table.database, ctes: new Map(), via: [...env.via, `view ${table.database}.${table.name}`], depth: env.depth + 1 }, undefined);
      return renamed({ names, cols: shape.cols }, columns);
    }
    const iceberg = (table.parameters.table_type ?? '').toUpperCase() === 'ICEBERG';
    const scan: ScanState = {
      table,
      via: env.via,
      read: new Set(),
      predicates: [],
      warnings: new Set(),
      // An Iceberg table's files are pruned by predicates on any column (partition transforms, bounds).
      keys: new Set((iceberg ? [...table.storage.columns, ...table.partitionKeys] : table.partitionKeys).map((k) => lower(k.name))),
      iceberg,
    };
    this.scans.push(scan);
    const cols = [...table.storage.columns, ...table.partitionKeys].map((c): OutCol => {
      const leaf = { scan, col: lower(c.name) };
      return { name: lower(c.name), leaves: [leaf], direct: [leaf] };
    });
    return renamed({ names, cols }, columns);
  }

  /**
   * The columns an expression references (resolved in `scope`, then outer scopes); with `mark`
   * they count as read. Nested queries are planned, their results read.
   */
  private async refs(e: Expr, scope: Scope, mark: boolean): Promise<OutCol[]> {
    const out: OutCol[] = [];
    const walk = async (x: Expr, lambdas: ReadonlySet<string>): Promise<void> => {
      if (x.k === 'col') {
        if (x.parts.length === 1 && lambdas.has(lower(x.parts[0] as string))) return;
        // ORDER BY names the select list's outputs before the relations' columns.
        const alias = x.parts.length === 1 ? scope.aliases?.get(lower(x.parts[0] as string)) : undefined;
        if (alias && alias !== x) return walk(alias, lambdas);
        const c = resolve(x.parts, scope);
        if (c) out.push(c);
        return;
      }
      if (x.k === 'lambda') {
        await walk(x.body, new Set([...lambdas, ...x.params.map(lower)]));
        return;
      }
      const { exprs, queries } = children(x);
      for (const q of queries) {
        const shape = await this.query(q, scope.env, scope);
        for (const c of shape.cols) markCol(c);
      }
      for (const c of exprs) await walk(c, lambdas);
    };
    await walk(e, scope.lambdas);
    if (mark) for (const c of out) markCol(c);
    return out;
  }

  /** Predicates that test partition keys go to the scans they narrow. */
  private pushDown(filters: readonly Filter[], scope: Scope): void {
    // Equalities between columns carry a predicate on one to the other (inner joins and WHERE).
    const classes = new Map<OutCol, Set<OutCol>>();
    const classOf = (c: OutCol): Set<OutCol> => {
      let s = classes.get(c);
      if (!s) {
        s = new Set([c]);
        classes.set(c, s);
      }
      return s;
    };
    for (const f of filters) {
      if (!f.equalities || f.e.k !== 'bin' || f.e.op !== '=' || f.e.l.k !== 'col' || f.e.r.k !== 'col') continue;
      const a = resolve(f.e.l.parts, scope, true);
      const b = resolve(f.e.r.parts, scope, true);
      if (!a || !b || a === b) continue;
      const merged = new Set([...classOf(a), ...classOf(b)]);
      for (const c of merged) classes.set(c, merged);
    }
    for (const f of filters) {
      const cols = localCols(f.e, scope);
      if (!cols) continue;
      this.push(f.e, cols, f.allowed, scope);
      if (cols.length !== 1 || !f.equalities) continue;
      const only = cols[0] as OutCol;
      for (const other of classes.get(only) ?? []) if (other !== only) this.push(f.e, [only], undefined, scope, new Map([[only, other]]));
    }
  }

  private push(e: Expr, cols: readonly OutCol[], allowed: ReadonlySet<Rel> | undefined, scope: Scope, swap?: ReadonlyMap<OutCol, OutCol>): void {
    const target = (c: OutCol): OutCol => swap?.get(c) ?? c;
    if (!cols.length) return;
    if (allowed && !cols.every((c) => scope.rels.some((r) => allowed.has(r) && r.cols.includes(target(c))))) return;
    const directs = cols.map((c) => target(c).direct);
    if (directs.some((d) => !d)) return;
    const branches = (directs[0] as readonly Leaf[]).length;
    if (directs.some((d) => d?.length !== branches)) return;
    for (let b = 0; b < branches; b++) {
      const leaves = directs.map((d) => (d as readonly Leaf[])[b] as Leaf);
      const scan = (leaves[0] as Leaf).scan;
      if (!leaves.every((l) => l.scan === scan && scan.keys.has(l.col))) continue;
      const names = new Map(cols.map((c, i) => [c, (leaves[i] as Leaf).col]));
      const glue = toGlue(e, (parts) => {
        const c = resolve(parts, scope, true);
        return c ? names.get(c) : undefined;
      });
      if (glue.text !== undefined) {
        if (!scan.predicates.includes(glue.text)) scan.predicates.push(glue.text);
      } else if (glue.wrapped && !scan.iceberg) {
        scan.warnings.add(`A function around partition key ${glue.wrapped} means no partition pruning by that predicate; compare the key itself (e.g. ${glue.wrapped} = '…').`);
      }
    }
  }
}

function renamed(rel: Rel, columns: readonly string[] | undefined): Rel {
  if (!columns) return rel;
  return { names: rel.names, cols: rel.cols.map((c, i) => ({ ...c, name: lower(columns[i] ?? c.name) })) };
}

function ordinalItem(s: Select, e: Expr): Expr | undefined {
  if (e.k !== 'lit' || e.type !== 'number' || !/^\d+$/.test(e.value)) return undefined;
  const item = s.items[Number(e.value) - 1];
  return item?.k === 'expr' ? item.e : undefined;
}

function hasWindow(e: Expr): boolean {
  if (e.k === 'call' && e.window) return true;
  return children(e).exprs.some(hasWindow);
}

/**
 * A column reference resolved in the scope chain: `c`, `t.c`, `db.t.c`, or `c.field` (a struct
 * field, which reads column c). `localOnly` stops at the innermost scope.
 */
function resolve(parts: readonly string[], scope: Scope, localOnly = false): OutCol | undefined {
  const p = parts.map(lower);
  for (let s: Scope | undefined = scope; s; s = localOnly ? undefined : s.parent) {
    if (p.length >= 2) {
      for (const [qi, ci] of [
        [0, 1],
        [1, 2],
      ] as const) {
        const q = p[qi];
        const c = p[ci];
        if (q === undefined || c === undefined) continue;
        const rel = s.rels.find((r) => r.names.includes(q));
        const col = rel?.cols.find((x) => x.name === c);
        if (col) return col;
      }
    }
    const first = p[0] as string;
    for (const r of s.rels) {
      const col = r.cols.find((x) => x.name === first);
      if (col) return col;
    }
  }
  return undefined;
}

/** The columns a predicate references, when it references only the innermost scope's (no subqueries). */
function localCols(e: Expr, scope: Scope): OutCol[] | undefined {
  const out = new Set<OutCol>();
  let ok = true;
  const walk = (x: Expr): void => {
    if (!ok) return;
    if (x.k === 'col') {
      const c = resolve(x.parts, scope, true);
      if (c) out.add(c);
      else ok = false;
      return;
    }
    if (x.k === 'subquery' || x.k === 'lambda' || (x.k === 'in' && x.query)) {
      ok = false;
      return;
    }
    for (const c of children(x).exprs) walk(c);
  };
  walk(e);
  return ok ? [...out] : undefined;
}

interface GlueText {
  readonly text?: string;
  /** A partition key found inside a function or arithmetic. */
  readonly wrapped?: string;
}

const GLUE_OPS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '<>': '<>' };

/** A predicate as Glue's GetPartitions expression, with column names mapped to the table's keys. */
function toGlue(e: Expr, name: (parts: readonly string[]) => string | undefined): GlueText {
  const literal = (x: Expr): string | undefined => {
    if (x.k !== 'lit') return undefined;
    if (x.type === 'number') return x.value;
    if (x.type === 'string' || x.type === 'date' || x.type === 'timestamp') return `'${x.value.replace(/'/g, "''")}'`;
    return undefined;
  };
  const key = (x: Expr): string | undefined => (x.k === 'col' ? name(x.parts) : undefined);
  const wrapped = (x: Expr): string | undefined => {
    if (x.k === 'col') return name(x.parts);
    for (const c of children(x).exprs) {
      const w = wrapped(c);
      if (w) return w;
    }
    return undefined;
  };
  const fail = (x: Expr): GlueText => {
    const w = wrapped(x);
    return w ? { wrapped: w } : {};
  };
  switch (e.k) {
    case 'bin': {
      if (e.op === 'AND' || e.op === 'OR') {
        const l = toGlue(e.l, name);
        const r = toGlue(e.r, name);
        if (l.text === undefined) return l.wrapped ? l : fail(e.r);
        if (r.text === undefined) return r;
        return { text: `(${l.text}) ${e.op} (${r.text})` };
      }
      if (!GLUE_OPS.has(e.op)) return fail(e);
      const lk = key(e.l);
      const rk = key(e.r);
      const ll = literal(e.l);
      const rl = literal(e.r);
      if (lk && rl !== undefined) return { text: `${lk} ${e.op} ${rl}` };
      if (rk && ll !== undefined) return { text: `${rk} ${FLIP[e.op]} ${ll}` };
      return fail(e);
    }
    case 'not': {
      const inner = toGlue(e.e, name);
      return inner.text === undefined ? inner : { text: `NOT (${inner.text})` };
    }
    case 'between': {
      const k = key(e.e);
      const lo = literal(e.lo);
      const hi = literal(e.hi);
      if (k && lo !== undefined && hi !== undefined) return { text: `${k} ${e.not ? 'NOT ' : ''}BETWEEN ${lo} AND ${hi}` };
      return fail(e);
    }
    case 'in': {
      const k = key(e.e);
      const values = e.list.map(literal);
      if (k && values.length && values.every((v) => v !== undefined)) return { text: `${k} ${e.not ? 'NOT ' : ''}IN (${values.join(', ')})` };
      return fail(e);
    }
    case 'like': {
      const k = key(e.e);
      const p = literal(e.pattern);
      if (k && p !== undefined && !e.escape) return { text: `${k} ${e.not ? 'NOT ' : ''}LIKE ${p}` };
      return fail(e);
    }
    case 'isNull': {
      const k = key(e.e);
      return k ? { text: `${k} IS ${e.not ? 'NOT ' : ''}NULL` } : fail(e);
    }
    default:
      return fail(e);
  }
}
