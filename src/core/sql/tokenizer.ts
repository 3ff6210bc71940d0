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

const isWordStart = (c: string): boolean => /[\p{L}_$]/u.test(c);
const isWordPart = (c: string): boolean => /[\p{L}\p{N}_$]/u.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** Scans to the closing `quote`; a doubled quote is an escaped one (`'it''s'`, `"a""b"`). */
function scanQuoted(text: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charAt(i);
    const start = i;
    let kind: TokenKind;
    if (isSpace(c)) {
      while (i < n && isSpace(text.charAt(i))) i++;
      kind = 'whitespace';
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
      kind = 'lineComment';
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      kind = 'blockComment';
    } else if (c === "'") {
      i = scanQuoted(text, i, "'");
      kind = 'string';
    } else if (c === '"') {
      i = scanQuoted(text, i, '"');
      kind = 'quotedIdent';
    } else if (c === '`') {
      i = scanQuoted(text, i, '`');
      kind = 'backtickIdent';
    } else if (isDigit(c) || (c === '.' && isDigit(text.charAt(i + 1)))) {
      while (i < n && /[0-9.eE_]/.test(text.charAt(i))) {
        if ((text[i] === 'e' || text[i] === 'E') && (text[i + 1] === '+' || text[i + 1] === '-')) i++;
        i++;
      }
      kind = 'number';
    } else if (isWordStart(c)) {
      while (i < n && isWordPart(text.charAt(i))) i++;
      kind = 'word';
    } else if (c === ';') {
      i++;
      kind = 'semicolon';
    } else {
      // Surrogate pairs stay together so offsets never split a character.
      const code = text.charCodeAt(i);
      i += code >= 0xd800 && code <= 0xdbff && i + 1 < n ? 2 : 1;
      kind = 'punct';
    }
    tokens.push({ kind, start, end: i });
  }
  return tokens;
}

export const isTrivia = (t: Token): boolean =>
  t.kind === 'whitespace' || t.kind === 'lineComment' || t.kind === 'blockComment';
