/** Plain-text renderings of a result, shared by the CLI and (later) copy/export. */
import type { Cell } from '../../shared/protocol';

export interface TextTable {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly Cell[])[];
}

const show = (v: Cell, nullText: string): string => (v === null ? nullText : String(v));

/**
 * One field of delimited text (RFC 4180, and TSV the same way): quoted when it holds the
 * separator, a quote or a line break; NULL is an empty field.
 */
export function delimitedField(v: Cell, separator = ','): string {
  const s = show(v, '');
  return s.includes(separator) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header line. */
export function toCsv(t: TextTable): string {
  return [t.columns.map((c) => delimitedField(c.name)), ...t.rows.map((r) => r.map((v) => delimitedField(v)))].map((r) => r.join(',')).join('\n') + '\n';
}

/** JSON lines, one object per row keyed by column name. */
export function toJsonLines(t: TextTable): string {
  return t.rows.map((r) => JSON.stringify(Object.fromEntries(t.columns.map((c, i) => [c.name, r[i] ?? null])))).join('\n') + (t.rows.length ? '\n' : '');
}

/** An aligned table for terminals; NULL is spelled out so it differs from an empty string. */
export function toAligned(t: TextTable): string {
  const header = t.columns.map((c) => c.name);
  const body = t.rows.map((r) => r.map((v) => show(v, 'NULL').replace(/\r?\n/g, '⏎')));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...body.map(line)].join('\n') + '\n';
}
