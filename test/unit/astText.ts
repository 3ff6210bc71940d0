import type { Expr, Query, QueryBody, Relation, SelectItem } from '../../src/core/sql/queryAst';

/**
 * A parsed query written back as a compact, fully bracketed S-expression, so a parser test can
 * compare the whole tree against a snapshot a reader can check by eye.
 */
export function astText(q: Query): string {
  const parts = [body(q.body)];
  if (q.ctes.length) parts.unshift(`(with ${q.ctes.map((c) => `(${c.name}${c.columns ? ` [${c.columns.join(' ')}]` : ''} ${astText(c.query)})`).join(' ')})`);
  if (q.orderBy.length) parts.push(`(order ${q.orderBy.map(expr).join(' ')})`);
  if (q.limited) parts.push('limited');
  return parts.length === 1 ? (parts[0] as string) : `(query ${parts.join(' ')})`;
}

function body(b: QueryBody): string {
  switch (b.k) {
    case 'select': {
      const out = [`(select${b.distinct ? ' distinct' : ''} ${b.items.map(item).join(' ')}`];
      if (b.from.length) out.push(`(from ${b.from.map(relation).join(' ')})`);
      if (b.where) out.push(`(where ${expr(b.where)})`);
      if (b.groupBy.length) out.push(`(group ${b.groupBy.map(expr).join(' ')})`);
      if (b.having) out.push(`(having ${expr(b.having)})`);
      return `${out.join(' ')})`;
    }
    case 'set':
      return `(${b.op}${b.all ? ' all' : ''} ${body(b.left)} ${body(b.right)})`;
    case 'nested':
      return `(nested ${astText(b.query)})`;
    case 'values':
      return `(values ${b.rows.map((r, i) => `${b.bare[i] ? '' : '('}${r.map(expr).join(' ')}${b.bare[i] ? '' : ')'}`).join(' ')})`;
    case 'tableRef':
      return `(table ${b.parts.join('.')})`;
  }
}

function item(i: SelectItem): string {
  if (i.k === 'star') return i.qualifier ? `${i.qualifier.join('.')}.*` : '*';
  return i.alias === undefined ? expr(i.e) : `(as ${expr(i.e)} ${i.alias})`;
}

function aliased(text: string, alias: string | undefined, columns: readonly string[] | undefined): string {
  if (alias === undefined) return text;
  return `(as ${text} ${alias}${columns ? `[${columns.join(' ')}]` : ''})`;
}

function relation(r: Relation): string {
  switch (r.k) {
    case 'table':
      return aliased(r.parts.join('.'), r.alias, r.columns);
    case 'sub':
      return aliased(`(${r.lateral ? 'lateral' : 'sub'} ${astText(r.query)})`, r.alias, r.columns);
    case 'unnest':
      return aliased(`(unnest${r.ordinality ? '+ordinality' : ''} ${r.args.map(expr).join(' ')})`, r.alias, r.columns);
    case 'join': {
      const cond = r.on ? ` (on ${expr(r.on)})` : r.using ? ` (using ${r.using.join(' ')})` : '';
      return `(${r.kind}-join ${relation(r.left)} ${relation(r.right)}${cond})`;
    }
  }
}

function expr(e: Expr): string {
  switch (e.k) {
    case 'col':
      return e.parts.join('.');
    case 'lit':
      if (e.type === 'string') return `'${e.value}'`;
      if (e.type === 'date' || e.type === 'timestamp') return `${e.type}'${e.value}'`;
      return e.type === 'other' ? `(lit ${e.value})` : e.value;
    case 'call': {
      const args = e.star ? ['*'] : e.args.map(expr);
      const extra = e.extra.length ? ` | ${e.extra.map(expr).join(' ')}` : '';
      return `(${e.name}${e.window ? ' over' : ''}${args.length ? ' ' : ''}${args.join(' ')}${extra})`;
    }
    case 'bin':
      return `(${e.op} ${expr(e.l)} ${expr(e.r)})`;
    case 'not':
      return `(not ${expr(e.e)})`;
    case 'between':
      return `(${e.not ? 'not-' : ''}between ${expr(e.e)} ${expr(e.lo)} ${expr(e.hi)})`;
    case 'in':
      return `(${e.not ? 'not-' : ''}in ${expr(e.e)} ${e.query ? astText(e.query) : e.list.map(expr).join(' ')})`;
    case 'like':
      return `(${e.not ? 'not-' : ''}like ${expr(e.e)} ${expr(e.pattern)}${e.escape ? ` ${expr(e.escape)}` : ''})`;
    case 'isNull':
      return `(is${e.not ? '-not' : ''}-null ${expr(e.e)})`;
    case 'subquery':
      return `(subquery ${astText(e.query)})`;
    case 'lambda':
      return `(lambda [${e.params.join(' ')}] ${expr(e.body)})`;
    case 'other':
      return `(${e.what}${e.args.length ? ' ' : ''}${e.args.map(expr).join(' ')})`;
  }
}
