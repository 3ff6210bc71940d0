/** How a delimited file is written. */
export interface DelimitedFormat {
  readonly delimiter: string;
  /** The quote character, or '' when values are never quoted. */
  readonly quote: string;
  /** `"` when a quote inside quotes is doubled; `\\` when it is backslash-escaped. */
  readonly escape: string;
}

export interface ParsedRows {
  readonly rows: string[][];
  /** Per row: whether each field was quoted (for the first rows only, to judge quoting). */
  readonly anyQuoted: boolean;
  readonly quotedDelimiter: boolean;
  readonly quotedNewline: boolean;
  readonly backslashEscapes: boolean;
  /** The text ended inside a quoted value. */
  readonly unterminatedQuote: boolean;
}

/**
 * A delimited-text parser (RFC 4180 plus backslash escapes) for the first rows of a sample
 * (delimiter scoring, header detection). The whole sample goes through scanColumns instead, which
 * tallies values in place; the two are kept apart on purpose: sharing one scanner made the
 * tallying pass about 25% slower (its hot loop saw both uses), measured with bench/sniff.
 *
 * A delimited-text parser (RFC 4180 plus backslash escapes): quoted values may hold the
 * delimiter, quotes and line breaks. `\r\n`, `\n` and `\r` all end records. A trailing
 * incomplete record is dropped when `partial` (the sample was cut).
 */
export function parseDelimited(text: string, f: DelimitedFormat, options: { maxRows?: number; partial?: boolean } = {}): ParsedRows {
  const rows: string[][] = [];
  const maxRows = options.maxRows ?? Infinity;
  const { delimiter, quote, escape } = f;
  const delimCode = delimiter.charCodeAt(0);
  const quoteCode = quote ? quote.charCodeAt(0) : -1;
  const flags = { anyQuoted: false, quotedDelimiter: false, quotedNewline: false, backslashEscapes: false, unterminatedQuote: false };
  const n = text.length;
  let i = 0;
  let row: string[] = [];
  let nextQuote = -1;
  let nextCr = -1;
  while (i < n && rows.length < maxRows) {
    // Fast path: a whole line with no quote character splits natively.
    if (row.length === 0) {
      let nl = text.indexOf('\n', i);
      if (nl < 0) nl = n;
      const cr = nl > i && text.charCodeAt(nl - 1) === 13 ? 1 : 0;
      // The next quote and the next carriage return are looked up once per passing, not per line.
      if (nextQuote < i) nextQuote = quoteCode < 0 ? n : (text.indexOf(quote, i) + 1 || n + 1) - 1;
      if (nextCr < i) nextCr = (text.indexOf('\r', i) + 1 || n + 1) - 1;
      if (nextQuote >= nl && nextCr >= nl - cr) {
        if (nl >= n && options.partial) break; // the last line may be cut
        rows.push(text.slice(i, nl - cr).split(delimiter));
        i = nl + 1;
        continue;
      }
    }
    // One field starts at i.
    let field: string;
    if (text.charCodeAt(i) === quoteCode) {
      flags.anyQuoted = true;
      i++;
      let value = '';
      let from = i;
      let closed = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */ && escape === '\\' && i + 1 < n) {
          value += text.slice(from, i) + text[i + 1];
          flags.backslashEscapes = true;
          i += 2;
          from = i;
          continue;
        }
        if (d === quoteCode) {
          if (text.charCodeAt(i + 1) === quoteCode) {
            value += text.slice(from, i + 1);
            i += 2;
            from = i;
            continue;
          }
          value += text.slice(from, i);
          i++;
          closed = true;
          break;
        }
        if (d === delimCode) flags.quotedDelimiter = true;
        else if (d === 10 || d === 13) flags.quotedNewline = true;
        i++;
      }
      if (!closed) {
        if (options.partial) break; // the sample was cut inside this value
        flags.unterminatedQuote = true;
        value += text.slice(from, i);
      }
      // Text between a closing quote and the delimiter is kept, as lenient readers do.
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === delimCode || d === 10 || d === 13) break;
        j++;
      }
      field = j > i ? value + text.slice(i, j) : value;
      i = j;
    } else {
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === delimCode || d === 10 || d === 13) break;
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (i >= n) {
      // The text ends without a line break: a complete record unless the sample was cut.
      if (!options.partial) rows.push(row);
      row = [];
      break;
    }
    const c = text.charCodeAt(i);
    if (c === delimCode) {
      i++;
      if (i >= n && !options.partial) {
        row.push('');
        rows.push(row);
        row = [];
      }
      continue;
    }
    // A line break ends the record.
    rows.push(row);
    row = [];
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
  }
  return { rows, ...flags };
}
