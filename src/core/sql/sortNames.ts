import { children, parseQueryWithSpans, queryParts, type Expr, type Query } from './queryAst';

/**
 * In ORDER BY, Trino reads a name as the select list's output name before the input column of
 * that name, inside an expression too; DuckDB reads the column there (`SELECT -x AS x … ORDER BY
 * x + 0` sorts by the input x). Such a name inside an ORDER BY expression is replaced by its
 * select item's text, in parentheses. A bare `ORDER BY x` is left alone: DuckDB reads the output
 * name there too. SQL the parser does not read is returned as it is.
 */
export function bindSortNames(sql: string): string {
  // Most queries have no ORDER BY: no parse for them.
  if (!/\border\s+by\b/i.test(sql)) return sql;
  let parsed: ReturnType<typeof parseQueryWithSpans>;
  try {
    parsed = parseQueryWithSpans(sql);
  } catch {
    return sql;
  }
  const { spans } = parsed;
  const edits: { start: number; end: number; text: string }[] = [];

  const walkQuery = (q: Query): void => {
    if (q.body.k === 'select' && q.orderBy.length) {
      const outputs = new Map<string, string | undefined>();
      for (const item of q.body.items) {
        if (item.k !== 'expr' || !item.alias) continue;
        const name = item.alias.toLowerCase();
        const at = spans.get(item.e);
        const same = item.e.k === 'col' && (item.e.parts[item.e.parts.length - 1] ?? '').toLowerCase() === name;
        // Two outputs of one name: ambiguous in Trino, left to DuckDB to say.
        outputs.set(name, outputs.has(name) || same || !at ? undefined : sql.slice(at.start, at.end));
      }
      const visit = (e: Expr, top: boolean): void => {
        if (e.k === 'col') {
          const text = !top && e.parts.length === 1 ? outputs.get((e.parts[0] ?? '').toLowerCase()) : undefined;
          const at = spans.get(e);
          if (text && at) edits.push({ start: at.start, end: at.end, text: `(${text})` });
          return;
        }
        // A lambda's parameters are its own names.
        if (e.k === 'lambda') return;
        children(e).exprs.forEach((x) => visit(x, false));
      };
      q.orderBy.forEach((e) => visit(e, true));
    }
    const { exprs, queries } = queryParts(q);
    queries.forEach(walkQuery);
    exprs.forEach(subqueries);
  };
  const subqueries = (e: Expr): void => {
    const { exprs, queries } = children(e);
    queries.forEach(walkQuery);
    exprs.forEach(subqueries);
  };
  walkQuery(parsed.query);
  let out = sql;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
