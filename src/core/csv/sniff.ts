import { decodeSample, SampleError } from './decode';
import { ColumnTally, inferColumn, looksNumeric, profileOf, type ColumnProfile, type InferOptions } from './infer';
import { scanColumns } from './scan';
import { columnNames } from './names';
import { parseDelimited, type DelimitedFormat } from './parse';

export const DELIMITERS: readonly string[] = [',', ';', '\t', '|', '\u0001'];

export interface Dialect extends DelimitedFormat {
  readonly bom: boolean;
  readonly lineEnding: '\n' | '\r\n' | '\r';
  readonly header: boolean;
  /** Some value is in quotes: LazySimpleSerDe (no quoting) would keep the quotes. */
  readonly anyQuoted: boolean;
  readonly quotedDelimiter: boolean;
  readonly quotedNewline: boolean;
}

export interface SniffedColumn {
  readonly name: string;
  /** The header as written (empty when there is no header). */
  readonly original: string;
  readonly profile: ColumnProfile;
}

export interface CsvSample {
  readonly format: 'csv';
  readonly dialect: Dialect;
  readonly columns: readonly SniffedColumn[];
  /** The first data rows (the header excluded), for previews. */
  readonly rows: readonly (readonly string[])[];
  /** Data rows in the sample. */
  readonly rowCount: number;
  readonly truncated: boolean;
  /** Rows whose field count differs from the column count. */
  readonly raggedRows: number;
  readonly warnings: readonly string[];
}

export interface SniffOptions extends InferOptions {
  /** Rows looked at (default 20,480). */
  readonly maxRows?: number;
}

function lineEnding(text: string): Dialect['lineEnding'] {
  const crlf = text.indexOf('\r\n');
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (crlf >= 0 && crlf <= lf) return '\r\n';
  if (lf >= 0) return '\n';
  return cr >= 0 ? '\r' : '\n';
}

/** How regular a delimiter makes the first rows: most rows share one field count above 1. */
function score(text: string, delimiter: string): { score: number; columns: number } {
  const parsed = parseDelimited(text, { delimiter, quote: '"', escape: '"' }, { maxRows: 200, partial: true });
  const counts = new Map<number, number>();
  for (const r of parsed.rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let mode = 1;
  let modeRows = 0;
  for (const [c, k] of counts) if (k > modeRows || (k === modeRows && c > mode)) [mode, modeRows] = [c, k];
  if (mode < 2 || !parsed.rows.length) return { score: 0, columns: mode };
  return { score: (modeRows / parsed.rows.length) * 1000 + Math.min(mode, 100), columns: mode };
}

function detectHeader(first: readonly string[], rest: readonly (readonly string[])[]): boolean {
  if (!rest.length) return first.every((v) => v.trim() !== '' && !looksNumeric(v));
  let votesFor = 0;
  let votesAgainst = 0;
  first.forEach((h, i) => {
    const column = rest.map((r) => r[i] ?? '');
    const type = inferColumn('', column).type;
    if (h.trim() === '') {
      // A blank where the data never is blank: a header cell left empty.
      if (column.every((v) => v.trim() !== '')) votesFor++;
      return;
    }
    if (type.kind !== 'string') {
      // A typed column whose first value isn't of that type: a header.
      if (inferColumn('', [h]).type.kind === type.kind) votesAgainst++;
      else votesFor++;
    } else if (column.includes(h)) {
      votesAgainst++;
    }
  });
  if (votesFor || votesAgainst) return votesFor > votesAgainst;
  // Every column is text: a header reads like names (short, not numbers), absent from the data.
  return first.every((h) => /^[\p{L}_][\p{L}\p{N} _().#%/-]{0,63}$/u.test(h.trim()));
}

/**
 * The dialect, header and column types of a delimited-text sample (the first bytes of a file).
 * Throws SampleError for what Athena cannot read at all (UTF-16, binary, no consistent columns).
 */
export function sniffCsv(bytes: Uint8Array, truncated: boolean, options: SniffOptions = {}): CsvSample {
  const { text, bom } = decodeSample(bytes, truncated);
  if (!text.trim()) throw new SampleError('The sample is empty.');
  const probe = text.slice(0, 64 * 1024);
  let best = { delimiter: ',', score: 0, columns: 1 };
  for (const d of DELIMITERS) {
    const s = score(probe, d);
    if (s.score > best.score) best = { delimiter: d, ...s };
  }
  // A one-column file is legal: no delimiter scored, so it stays ','.
  const delimiter = best.delimiter;
  // `\"` inside values means backslash escapes; otherwise a quote in quotes is doubled (RFC 4180).
  const escape = /[^\\]\\"./.test(probe) ? '\\' : '"';
  const format = { delimiter, quote: '"', escape };
  // Header and column count from the first rows; then one pass over the whole sample.
  const head = parseDelimited(probe, format, { maxRows: 201, partial: probe.length < text.length || truncated }).rows.filter((r) => !(r.length === 1 && r[0] === ''));
  if (!head.length) throw new SampleError('The sample has no rows.');
  const widths = new Map<number, number>();
  for (const r of head) widths.set(r.length, (widths.get(r.length) ?? 0) + 1);
  const columnsCount = [...widths.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 1;
  const first = head[0] ?? [];
  const header = detectHeader(first, head.slice(1, 200));
  const maxRows = options.maxRows ?? 20_480;
  const dataStart = header ? scanColumns(text, format, 0, columnsCount, { maxRows: 1, partial: truncated, previewRows: 0 }).end : 0;
  const scan = scanColumns(text, format, dataStart, columnsCount, { maxRows, partial: truncated });
  if (scan.unterminatedQuote) throw new SampleError('A quoted value is never closed: the file ends inside quotes. Check its quoting (a stray " in a value?).');
  if (!scan.rows && !header) throw new SampleError('The sample has no rows.');
  const headers = Array.from({ length: columnsCount }, (_, i) => (header ? (first[i] ?? '') : ''));
  const names = columnNames(headers.map((h, i) => (header ? h : `col_${i + 1}`)));
  const columns: SniffedColumn[] = names.map((name, i) => ({
    name,
    original: headers[i] ?? '',
    profile: profileOf(name, scan.tallies[i] ?? new ColumnTally(), options),
  }));
  const raggedRows = scan.raggedRows;
  // Only the data's quoting matters: a quoted header is skipped (skip.header.line.count).
  const parsed = { anyQuoted: scan.anyQuoted, quotedDelimiter: scan.quotedDelimiter, quotedNewline: scan.quotedNewline };
  const data = scan.preview;

  const warnings: string[] = [];
  if (raggedRows) warnings.push(`${raggedRows} of ${scan.rows} sampled rows do not have ${columnsCount} fields: Athena fills missing fields with NULL and drops extra ones.`);
  if (header && headers.some((h, i) => h.trim() !== (names[i] ?? ''))) warnings.push('Column names were changed to Athena-safe names; the headers as written are kept as column comments.');
  for (const c of columns) if (c.profile.type.kind === 'string' && c.profile.type.why) warnings.push(`${c.name}: kept as string (${c.profile.type.why}).`);
  return {
    format: 'csv',
    dialect: {
      delimiter,
      quote: parsed.anyQuoted ? '"' : '',
      escape,
      bom,
      lineEnding: lineEnding(probe),
      header,
      anyQuoted: parsed.anyQuoted,
      quotedDelimiter: parsed.quotedDelimiter,
      quotedNewline: parsed.quotedNewline,
    },
    columns,
    rows: data,
    rowCount: scan.rows,
    truncated,
    raggedRows,
    warnings,
  };
}
