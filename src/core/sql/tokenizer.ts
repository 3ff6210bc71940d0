/**
 * A forgiving lexer for Athena SQL (Trino DML + Hive DDL). It never throws: unterminated strings,
 * identifiers and comments simply run to the end of the input, so the splitter can work on
 * half-typed documents.
 */
export type TokenKind =
  | 'word'
  | 'string'
  | 'quotedIdent'
  | 'backtickIdent'
  | 'number'
  | 'lineComment'
  | 'blockComment'
  | 'whitespace'
  | 'semicolon'
  | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /** Offset of the first character, in UTF-16 code units (what VS Code's offsets use). */
  readonly start: number;
  /** Offset one past the last character. */
  readonly end: number;
}

// ASCII is decided by char code; only other characters go through the Unicode regexes.
const WORD_START_RE = /[\p{L}_$]/u;
const WORD_PART_RE = /[\p{L}\p{N}_$]/u;
function isWordStartAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
  return WORD_START_RE.test(text.charAt(i));
}
function isWordPartAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
  return WORD_PART_RE.test(text.charAt(i));
}
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isSpaceCode = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11;

/** Scans to the closing `quote`; a doubled quote is an escaped one (`'it''s'`, `"a""b"`). */
function scanQuoted(text: string, from: number, quote: string): number {
  let i = from + 1;
  for (;;) {
    const close = text.indexOf(quote, i);
    if (close < 0) return text.length;
    if (text.charCodeAt(close + 1) === text.charCodeAt(close)) {
      i = close + 2;
      continue;
    }
    return close + 1;
  }
}

/** The token that starts at `i` (i < text.length). */
export function tokenAt(text: string, i: number): Token {
  const n = text.length;
  const start = i;
  const c = text.charCodeAt(i);
  let kind: TokenKind;
  if (isSpaceCode(c)) {
    i++;
    while (i < n && isSpaceCode(text.charCodeAt(i))) i++;
    kind = 'whitespace';
  } else if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
    const nl = text.indexOf('\n', i);
    i = nl < 0 ? n : nl;
    kind = 'lineComment';
  } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
    const close = text.indexOf('*/', i + 2);
    i = close < 0 ? n : close + 2;
    kind = 'blockComment';
  } else if (c === 39 /* ' */) {
    i = scanQuoted(text, i, "'");
    kind = 'string';
  } else if (c === 34 /* " */) {
    i = scanQuoted(text, i, '"');
    kind = 'quotedIdent';
  } else if (c === 96 /* ` */) {
    i = scanQuoted(text, i, '`');
    kind = 'backtickIdent';
  } else if (isDigitCode(c) || (c === 46 /* . */ && isDigitCode(text.charCodeAt(i + 1)))) {
    while (i < n) {
      const d = text.charCodeAt(i);
      if (isDigitCode(d) || d === 46 || d === 95) i++;
      else if (d === 101 || d === 69) {
        const sign = text.charCodeAt(i + 1);
        i += sign === 43 || sign === 45 ? 2 : 1;
      } else break;
    }
    kind = 'number';
  } else if (isWordStartAt(text, i)) {
    i++;
    while (i < n && isWordPartAt(text, i)) i++;
    kind = 'word';
  } else if (c === 59 /* ; */) {
    i++;
    kind = 'semicolon';
  } else {
    // Surrogate pairs stay together so offsets never split a character.
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    kind = 'punct';
  }
  return { kind, start, end: i };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < text.length; ) {
    const t = tokenAt(text, i);
    tokens.push(t);
    i = t.end;
  }
  return tokens;
}

/** Tokens one at a time, for callers that stop early (e.g. after the leading keywords). */
export function* tokens(text: string): Generator<Token> {
  for (let i = 0; i < text.length; ) {
    const t = tokenAt(text, i);
    yield t;
    i = t.end;
  }
}

export const isTrivia = (t: Token): boolean =>
  t.kind === 'whitespace' || t.kind === 'lineComment' || t.kind === 'blockComment';
