import { tokens } from './tokenizer';

/** Offsets of the `?` placeholders of a statement (not those inside strings, identifiers or comments). */
export function placeholderOffsets(sql: string): number[] {
  const out: number[] = [];
  for (const t of tokens(sql)) if (t.kind === 'punct' && sql.charCodeAt(t.start) === 63 /* ? */) out.push(t.start);
  return out;
}

/**
 * Puts parameter values (SQL literal text, as Athena's ExecutionParameters take them: `2024`,
 * `'dinum'`, `DATE '2024-01-31'`) in place of the `?` placeholders, for engines that take no
 * parameters of their own. Throws when the counts differ.
 */
export function bindParameters(sql: string, values: readonly string[]): string {
  const at = placeholderOffsets(sql);
  if (at.length !== values.length) throw new Error(`The statement has ${at.length} ? placeholder(s) and ${values.length} value(s) were given.`);
  let out = '';
  let from = 0;
  at.forEach((offset, i) => {
    out += `${sql.slice(from, offset)}${values[i] ?? ''}`;
    from = offset + 1;
  });
  return out + sql.slice(from);
}

/** A value typed by a person, as a SQL literal: numbers and already-quoted or typed literals stay, text is quoted. */
export function literalFromInput(input: string): string {
  const v = input.trim();
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v)) return v;
  if (/^'.*'$/s.test(v) || /^(DATE|TIMESTAMP|TIME|INTERVAL|DECIMAL|X)\s*'/i.test(v) || /^(NULL|TRUE|FALSE)$/i.test(v)) return v;
  return `'${v.replace(/'/g, "''")}'`;
}
