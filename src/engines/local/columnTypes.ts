import { dataFormat, type Table } from '../../core/catalog/model';
import { children, parseQuery, type Cte, type Expr, type Query, type QueryBody, type Relation, type Select } from '../../core/sql/queryAst';
import { sameType as same, staticType, typeFromText, type ColumnTypes, type StaticType } from '../../core/sql/staticTypes';

/** A relation's columns by name (lower case), and the names that qualify them (table, alias). */
interface Entry {
  readonly names: readonly string[];
  readonly columns: Map<string, StaticType>;
}

/** A relation's output columns: their types by name, and their names in order (for `AS q(a, b)`). */
type Columns = Map<string, StaticType> & { order?: string[] };

const UNKNOWN: StaticType = { k: 'unknown' };
/** A catalog column's type; a timestamp is Athena's timestamp(3) in a Hive table, (6) in Iceberg. */
function columnType(table: Table, type: string): StaticType {
  const t = typeFromText(type);
  return t.k === 'timestamp' ? { k: 'timestamp', p: dataFormat(table) === 'iceberg' ? 6 : 3 } : t;
}

/** A name's type among entries: the one they agree on, UNKNOWN where they differ, undefined where none has it. */
function resolve(entries: readonly Entry[], parts: readonly string[]): StaticType | undefined {
  const name = (parts[parts.length - 1] ?? '').toLowerCase();
  const qualifier = parts.length >= 2 ? (parts[parts.length - 2] ?? '').toLowerCase() : undefined;
  const found = entries.filter((t) => !qualifier || t.names.includes(qualifier)).flatMap((t) => t.columns.get(name) ?? []);
  const first = found[0];
  if (!first) return undefined;
  return found.every((t) => same(t, first)) ? first : UNKNOWN;
}

/**
 * The catalog's column types for a query's column references, where they are certain. Every
 * relation of the query (nested ones too) must be a catalog table, a CTE or a subquery: the
 * columns of the last two are typed from their select lists (`staticType` over the columns they
 * read; UNKNOWN where it cannot tell). The answer for a name is the one type every relation, CTE,
 * subquery, output alias and lambda parameter of that name agrees on, else undefined: a name is
 * never given a type it may not have. Undefined when a relation is something else (UNNEST,
 * VALUES, a table the catalog does not hold).
 */
export function catalogColumnTypes(sql: string, database: string, table: (database: string, name: string) => Table | undefined): ColumnTypes | undefined {
  let query: Query;
  try {
    query = parseQuery(sql);
  } catch {
    return undefined;
  }
  /** Every entry made anywhere: what the answer merges. */
  const all: Entry[] = [];
  let certain = true;
  const reading = new Set<Cte>();
  const entry = (names: readonly string[], columns: Map<string, StaticType>): Entry => {
    const e = { names, columns };
    all.push(e);
    return e;
  };

  /** Lambda parameters shadow columns of their name: recorded as untyped. Subqueries in expressions are walked. */
  const expressions = (exprs: readonly Expr[], scope: readonly Entry[], ctes: ReadonlyMap<string, Cte>): void => {
    for (const e of exprs) {
      if (e.k === 'lambda') entry([], new Map(e.params.map((p) => [p.toLowerCase(), UNKNOWN] as const)));
      const { exprs: inner, queries } = children(e);
      expressions(inner, scope, ctes);
      for (const q of queries) columnsOf(q, scope, ctes);
    }
  };

  const fromRelation = (r: Relation, scope: Entry[], outer: readonly Entry[], ctes: ReadonlyMap<string, Cte>): void => {
    switch (r.k) {
      case 'table': {
        const parts = r.parts.map((p) => p.toLowerCase());
        const alias = r.alias ? [r.alias.toLowerCase()] : [];
        const cte = parts.length === 1 ? ctes.get(parts[0] as string) : undefined;
        if (cte) {
          // WITH RECURSIVE: a CTE that reads itself is not typed here.
          if (reading.has(cte)) {
            certain = false;
            return;
          }
          reading.add(cte);
          scope.push(entry([cte.name.toLowerCase(), ...alias], renamed(renamed(columnsOf(cte.query, [], ctes), cte.columns), r.columns)));
          reading.delete(cte);
          return;
        }
        const t = parts.length === 2 ? table(parts[0] as string, parts[1] as string) : parts.length === 1 ? table(database, parts[0] as string) : undefined;
        if (!t || r.columns) {
          certain = false;
          return;
        }
        scope.push(entry([t.name.toLowerCase(), ...alias], new Map([...t.storage.columns, ...t.partitionKeys].map((c) => [c.name.toLowerCase(), columnType(t, c.type)] as const))));
        return;
      }
      case 'sub':
        // A LATERAL subquery also sees the relations before it.
        scope.push(entry(r.alias ? [r.alias.toLowerCase()] : [], renamed(columnsOf(r.query, r.lateral ? [...outer, ...scope] : outer, ctes), r.columns)));
        return;
      case 'join':
        fromRelation(r.left, scope, outer, ctes);
        fromRelation(r.right, scope, outer, ctes);
        if (r.on) expressions([r.on], [...outer, ...scope], ctes);
        return;
      default:
        certain = false;
    }
  };

  /** A relation's columns under a column list (`AS q(a, b)`), by position. */
  const renamed = (columns: Columns, names: readonly string[] | undefined): Columns => {
    if (!names) return columns;
    const order = columns.order ?? [];
    if (order.length !== names.length) {
      certain = false;
      return new Map();
    }
    const out: Columns = new Map(names.map((n, i) => [n.toLowerCase(), columns.get(order[i] as string) ?? UNKNOWN] as const));
    out.order = names.map((n) => n.toLowerCase());
    return out;
  };

  const selectColumns = (b: Select, outer: readonly Entry[], ctes: ReadonlyMap<string, Cte>, sortNames: ReadonlySet<string>): Columns => {
    const scope: Entry[] = [];
    for (const r of b.from) fromRelation(r, scope, outer, ctes);
    const visible = [...outer, ...scope];
    const out: Columns = new Map();
    const order: string[] = [];
    const add = (name: string, type: StaticType): void => {
      const had = out.get(name);
      out.set(name, had && !same(had, type) ? UNKNOWN : type);
      order.push(name);
    };
    b.items.forEach((item, i) => {
      if (item.k === 'star') {
        const q = item.qualifier?.[item.qualifier.length - 1]?.toLowerCase();
        for (const t of scope) if (!q || t.names.includes(q)) for (const [n, type] of t.columns) add(n, type);
        return;
      }
      const name = item.alias ?? (item.e.k === 'col' ? item.e.parts[item.e.parts.length - 1] : undefined) ?? `_col${i}`;
      add(name.toLowerCase(), staticType(item.e, (parts) => resolve(visible, parts)) ?? UNKNOWN);
    });
    out.order = order;
    // An output name that ORDER BY uses shadows the column of that name there: it joins the answer.
    entry([], new Map([...out].filter(([n]) => sortNames.has(n))));
    expressions([...b.items.flatMap((item) => (item.k === 'expr' ? [item.e] : [])), ...(b.where ? [b.where] : []), ...b.groupBy, ...(b.having ? [b.having] : [])], visible, ctes);
    return out;
  };

  const bodyColumns = (b: QueryBody, outer: readonly Entry[], ctes: ReadonlyMap<string, Cte>, sortNames: ReadonlySet<string>): Columns => {
    switch (b.k) {
      case 'select':
        return selectColumns(b, outer, ctes, sortNames);
      case 'set': {
        const left = bodyColumns(b.left, outer, ctes, sortNames);
        const right = bodyColumns(b.right, outer, ctes, sortNames);
        const order = left.order ?? [];
        const rightOrder = right.order ?? [];
        if (order.length !== rightOrder.length) certain = false;
        const out: Columns = new Map(
          order.map((n, i) => {
            const l = left.get(n) ?? UNKNOWN;
            const r = right.get(rightOrder[i] as string) ?? UNKNOWN;
            return [n, same(l, r) ? l : UNKNOWN] as const;
          }),
        );
        out.order = order;
        return out;
      }
      case 'nested':
        return columnsOf(b.query, outer, ctes);
      default:
        // VALUES and TABLE t: not typed here.
        certain = false;
        return new Map();
    }
  };

  /** A query's output columns, its CTEs visible inside it (each after the ones before it). */
  function columnsOf(q: Query, outer: readonly Entry[], ctes: ReadonlyMap<string, Cte>): Columns {
    const inner = new Map(ctes);
    for (const c of q.ctes) inner.set(c.name.toLowerCase(), c);
    const sortNames = new Set<string>();
    const named = (e: Expr): void => {
      if (e.k === 'col') sortNames.add((e.parts[e.parts.length - 1] ?? '').toLowerCase());
      children(e).exprs.forEach(named);
    };
    q.orderBy.forEach(named);
    const out = bodyColumns(q.body, outer, inner, sortNames);
    expressions(q.orderBy, outer, inner);
    return out;
  }

  columnsOf(query, [], new Map());
  if (!certain || !all.length) return undefined;
  return (parts) => {
    const t = resolve(all, parts);
    return t && t.k !== 'unknown' ? t : undefined;
  };
}
