/**
 * Cells copied from the results grid, as text for the clipboard: TSV (spreadsheets), CSV (RFC
 * 4180), JSON (an array of objects keyed by column name) or a Markdown table. One cell alone is
 * copied as its bare value, whatever the format, as a spreadsheet does.
 */
import type { Cell, CopyFormat } from '../../shared/protocol';
import { delimitedField } from './text';

export interface CopyBlock {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

const plain = (v: Cell): string => (v === null ? '' : String(v));

function markdownCell(v: Cell): string {
  if (v === null) return '*NULL*';
  return String(v).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** The text for one block of cells. `headers`: the column names come first (Markdown always has them). */
export function formatBlock(block: CopyBlock, format: CopyFormat, headers: boolean): string {
  const { columns, rows } = block;
  if (rows.length === 1 && columns.length === 1 && rows[0]) {
    const v = rows[0][0] ?? null;
    return format === 'json' ? JSON.stringify(v) : plain(v);
  }
  switch (format) {
    case 'tsv':
    case 'csv': {
      const sep = format === 'tsv' ? '\t' : ',';
      const lines = rows.map((r) => r.map((v) => delimitedField(v, sep)).join(sep));
      if (headers) lines.unshift(columns.map((c) => delimitedField(c, sep)).join(sep));
      return `${lines.join('\n')}\n`;
    }
    case 'json':
      return `${JSON.stringify(
        rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))),
        null,
        2,
      )}\n`;
    case 'markdown': {
      const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
      return `${[line(columns.map((c) => markdownCell(c))), line(columns.map(() => '---')), ...rows.map((r) => line(r.map(markdownCell)))].join('\n')}\n`;
    }
  }
}
