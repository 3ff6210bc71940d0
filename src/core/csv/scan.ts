import { ColumnTally } from './infer';
import type { DelimitedFormat } from './parse';

export interface ScanResult {
  readonly tallies: ColumnTally[];
  readonly rows: number;
  readonly raggedRows: number;
  /** The first rows as strings, for previews. */
  readonly preview: string[][];
  /** Where the scan stopped (after the last complete row). */
  readonly end: number;
  readonly anyQuoted: boolean;
  readonly quotedDelimiter: boolean;
  readonly quotedNewline: boolean;
  /** The text ended inside quotes (and the sample was not cut). */
  readonly unterminatedQuote: boolean;
}

/**
 * One pass over the data rows of a delimited sample (from `start`), counting every value into
 * its column's tally. Unquoted values are counted in place; only quoted ones are cut out. It
 * handles what parseDelimited handles (quotes, doubled or backslash-escaped, line breaks in
 * quotes, CRLF), without keeping the rows.
 */
export function scanColumns(text: string, f: DelimitedFormat, start: number, columns: number, options: { maxRows: number; partial: boolean; previewRows?: number }): ScanResult {
  const tallies = Array.from({ length: columns }, () => new ColumnTally());
  const previewRows = options.previewRows ?? 100;
  const preview: string[][] = [];
  const delim = f.delimiter.charCodeAt(0);
  const quote = f.quote ? f.quote.charCodeAt(0) : -1;
  const backslash = f.escape === '\\';
  const n = text.length;
  let rows = 0;
  let ragged = 0;
  let i = start;
  let end = start;
  const delimChar = f.delimiter[0] ?? ',';
  // Bare CR line endings (no LF after a CR): the indexOf path only knows LF and CRLF.
  const firstCr = text.indexOf('\r', start);
  const crLoop = firstCr >= 0 && (text.charCodeAt(firstCr + 1) !== 10 || /\r(?!\n)/.test(text.slice(start)));
  let nextDelim = -1;
  let lineEnd = -1;
  const flags = { anyQuoted: false, quotedDelimiter: false, quotedNewline: false, unterminatedQuote: false };
  const done = (): ScanResult => ({ tallies, rows, raggedRows: ragged, preview, end, ...flags });
  while (i < n && rows < options.maxRows) {
    const first = text.charCodeAt(i);
    if (first === 10 || first === 13) {
      // A blank line is no row.
      i += first === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      end = i;
      continue;
    }
    let col = 0;
    const keep: string[] | undefined = preview.length < previewRows ? [] : undefined;
    let complete = false;
    for (;;) {
      let value: string | undefined;
      let fs = i;
      let fe = i;
      if (text.charCodeAt(i) === quote) {
        // A quoted value: cut out, quotes unescaped.
        flags.anyQuoted = true;
        let j = i + 1;
        let out = '';
        let from = j;
        let closed = false;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (backslash && c === 92 && j + 1 < n) {
            out += text.slice(from, j) + text[j + 1];
            j += 2;
            from = j;
            continue;
          }
          if (c === quote) {
            if (text.charCodeAt(j + 1) === quote) {
              out += text.slice(from, j + 1);
              j += 2;
              from = j;
              continue;
            }
            out += text.slice(from, j);
            j++;
            closed = true;
            break;
          }
          if (c === delim) flags.quotedDelimiter = true;
          else if (c === 10 || c === 13) flags.quotedNewline = true;
          j++;
        }
        if (!closed) {
          if (options.partial) return done();
          flags.unterminatedQuote = true;
          out += text.slice(from, j);
        }
        let k = j;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === delim || c === 10 || c === 13) break;
          k++;
        }
        value = k > j ? out + text.slice(j, k) : out;
        i = k;
      } else {
        // An unquoted value ends at the next delimiter or line break, found with indexOf (the
        // line break once per line), or by a character loop when the text has bare CR endings.
        let k: number;
        if (crLoop) {
          k = i;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === delim || c === 10 || c === 13) break;
            k++;
          }
        } else {
          if (nextDelim < i) nextDelim = (text.indexOf(delimChar, i) + 1 || n + 1) - 1;
          if (lineEnd < i) {
            const nl = (text.indexOf('\n', i) + 1 || n + 1) - 1;
            lineEnd = nl > i && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
          }
          k = nextDelim < lineEnd ? nextDelim : lineEnd;
        }
        fs = i;
        fe = k;
        i = k;
      }
      if (i >= n && options.partial) return done(); // the last row may be cut
      const tally = tallies[col];
      if (tally) {
        if (value === undefined) tally.add(text, fs, fe);
        else tally.addString(value);
      }
      if (keep) keep.push(value ?? text.slice(fs, fe));
      col++;
      if (i >= n) {
        complete = true;
        break;
      }
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        if (i >= n) {
          tallies[col]?.addString('');
          keep?.push('');
          col++;
          complete = true;
          break;
        }
        continue;
      }
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      complete = true;
      break;
    }
    if (!complete) break;
    end = i;
    // Missing fields count as empty values, as Athena reads them (NULL).
    for (let k = col; k < columns; k++) tallies[k]?.addString('');
    if (col !== columns) ragged++;
    rows++;
    if (keep) preview.push(keep);
  }
  return done();
}
