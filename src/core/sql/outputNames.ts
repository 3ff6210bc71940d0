import { parseQuery, type QueryBody, type SelectItem } from './queryAst';
import { staticType, type ColumnTypes } from './staticTypes';

/** The last statement parsed here: a result's names and its timestamps' digits read it once. */
let last: { readonly sql: string; readonly body: QueryBody | undefined } | undefined;
function bodyOf(sql: string): QueryBody | undefined {
  if (last?.sql !== sql) {
    let body: QueryBody | undefined;
    try {
      body = parseQuery(sql).body;
    } catch {
      body = undefined;
    }
    last = { sql, body };
  }
  return last.body;
}

/** One output item of a query: a `*` (its columns keep their names), named, or unnamed. */
type Item = { readonly k: 'star' } | { readonly k: 'named' } | { readonly k: 'unnamed' };

/** What the outermost SELECT list says about its columns; undefined keeps every name. */
function items(body: QueryBody): readonly Item[] | 'allUnnamed' | undefined {
  switch (body.k) {
    case 'select':
      return body.items.map(item);
    // A set operation takes its names from its first branch, as Trino does.
    case 'set':
      return items(body.left);
    case 'nested':
      return items(body.query.body);
    case 'values':
      return 'allUnnamed';
    case 'tableRef':
      return undefined;
  }
}

/** Only a column reference (`a`, `t.a`) or an alias names an output column in Trino. */
function item(i: SelectItem): Item {
  if (i.k === 'star') return { k: 'star' };
  if (i.alias !== undefined || i.e.k === 'col') return { k: 'named' };
  return { k: 'unnamed' };
}

/**
 * The names Athena gives a query's columns: an output expression without an alias is `_col<i>`,
 * `i` its position among all output columns (after `*` expands). `engineNames` are the names the
 * engine gave (its column count tells how far each `*` expanded); they are kept where Athena
 * names the column the same way. A statement that does not parse keeps the engine's names.
 */
export function athenaColumnNames(sql: string, engineNames: readonly string[]): string[] {
  const body = bodyOf(sql);
  if (!body) return [...engineNames];
  const list = items(body);
  const names = [...engineNames];
  if (list === undefined) return names;
  if (list === 'allUnnamed') return names.map((_, i) => `_col${i}`);
  const stars = list.filter((i) => i.k === 'star').length;
  // Items before the first star and after the last one have fixed positions; between two stars
  // each star's width is unknown, so those items keep the engine's names.
  const firstStar = list.findIndex((i) => i.k === 'star');
  const lastStar = list.length - 1 - [...list].reverse().findIndex((i) => i.k === 'star');
  list.forEach((it, j) => {
    if (it.k !== 'unnamed') return;
    let position: number | undefined;
    if (stars === 0 || j < firstStar) position = j;
    else if (j > lastStar) position = engineNames.length - (list.length - j);
    if (position !== undefined && position >= 0 && position < names.length) names[position] = `_col${position}`;
  });
  return names;
}

/**
 * The fractional digits Athena writes for each timestamp column of a query's result, where the SQL
 * shows the column's precision (a Hive column is timestamp(3), an Iceberg one timestamp(6), a cast
 * or date_trunc says its own); undefined elsewhere. Items before the first `*` and after the last
 * have fixed positions; the columns a `*` expands to are looked up by the names the engine gave.
 */
export function timestampDigits(sql: string, engineNames: readonly string[], columns?: ColumnTypes): (number | undefined)[] {
  const none = engineNames.map(() => undefined);
  let body = bodyOf(sql);
  while (body?.k === 'nested') body = body.query.body;
  if (body?.k !== 'select') return none;
  const list = body.items;
  const digits = (i: SelectItem | undefined, name: string | undefined): number | undefined => {
    const t = i?.k === 'expr' ? staticType(i.e, columns) : name !== undefined ? staticType({ k: 'col', parts: [name] }, columns) : undefined;
    return t?.k === 'timestamp' ? t.p : undefined;
  };
  const firstStar = list.findIndex((i) => i.k === 'star');
  if (firstStar < 0) return list.length === engineNames.length ? list.map((i) => digits(i, undefined)) : none;
  const lastStar = list.length - 1 - [...list].reverse().findIndex((i) => i.k === 'star');
  const after = list.length - 1 - lastStar;
  return engineNames.map((name, position) => {
    if (position < firstStar) return digits(list[position], undefined);
    if (position >= engineNames.length - after) return digits(list[list.length - (engineNames.length - position)], undefined);
    return digits(undefined, name);
  });
}
