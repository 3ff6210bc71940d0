import { isTrivia, tokenize, type Token } from './tokenizer';

/** SQL that does not parse: the message and where (an offset into the parsed text). */
export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Words that end an expression or a relation where an alias could otherwise be read. */
export const RESERVED = new Set(
  (
    'ALL AND ANY ARRAY AS ASC BETWEEN BY CASE CAST CROSS CUBE CURRENT DESC DISTINCT ELSE END ESCAPE EXCEPT EXISTS ' +
    'FALSE FETCH FILTER FOR FROM FULL GROUP GROUPING HAVING IN INNER INTERSECT INTO IS JOIN LATERAL LEFT LIKE LIMIT ' +
    'NATURAL NOT NULL NULLS OFFSET ON OR ORDER OUTER OVER PARTITION RANGE RIGHT ROLLUP ROWS SELECT SETS TABLESAMPLE ' +
    'THEN TRUE UNION UNNEST USING VALUES WHEN WHERE WINDOW WITH ORDINALITY'
  ).split(' '),
);
const TWO_CHAR = new Set(['<=', '>=', '<>', '!=', '||', '->', '=>']);

/** A significant token: its kind, its text as written, and where it stands in the parsed text. */
export interface Tok {
  readonly kind: Token['kind'];
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The one cursor every hand parser in `core` walks: the significant tokens of one statement
 * (trivia and `;` dropped, two-character operators such as `<=` and `||` joined into one token)
 * and the moves over them. Failures are `SqlSyntaxError`s carrying the offset.
 */
export class TokenCursor {
  protected readonly toks: Tok[] = [];
  protected i = 0;

  constructor(readonly text: string) {
    const raw = tokenize(text).filter((t) => !isTrivia(t) && t.kind !== 'semicolon');
    for (let j = 0; j < raw.length; j++) {
      const t = raw[j] as Token;
      const s = text.slice(t.start, t.end);
      const next = raw[j + 1];
      if (t.kind === 'punct' && next?.kind === 'punct' && next.start === t.end && TWO_CHAR.has(s + text.slice(next.start, next.end))) {
        this.toks.push({ kind: 'punct', text: s + text.slice(next.start, next.end), start: t.start, end: next.end });
        j++;
      } else this.toks.push({ kind: t.kind, text: s, start: t.start, end: t.end });
    }
  }

  get done(): boolean {
    return this.i >= this.toks.length;
  }

  /** Where the next token starts (the text's length at the end). */
  get offset(): number {
    return this.toks[this.i]?.start ?? this.text.length;
  }

  /** Fails unless every token has been read. */
  end(): void {
    if (!this.done) this.fail('unexpected text');
  }

  fail(message: string): never {
    const t = this.toks[this.i];
    throw new SqlSyntaxError(t ? `${message} near '${t.text.slice(0, 30)}'` : `${message} at the end of the statement`, this.offset);
  }

  peek(ahead = 0): Tok | undefined {
    return this.toks[this.i + ahead];
  }

  next(): Tok {
    const t = this.peek();
    if (!t) this.fail('unexpected end of statement');
    this.i++;
    return t;
  }

  /** The upper-cased word at `ahead`, or '' when that token is not a word. */
  word(ahead = 0): string {
    const t = this.peek(ahead);
    return t?.kind === 'word' ? t.text.toUpperCase() : '';
  }

  isWords(...words: string[]): boolean {
    return words.every((w, k) => this.word(k) === w);
  }

  acceptWords(...words: string[]): boolean {
    if (!this.isWords(...words)) return false;
    this.i += words.length;
    return true;
  }

  expectWords(...words: string[]): void {
    if (!this.acceptWords(...words)) this.fail(`expected ${words.join(' ')}`);
  }

  /** Skips one of the words if it is next. */
  acceptAny(...words: string[]): void {
    if (words.includes(this.word())) this.i++;
  }

  isPunct(p: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t?.kind === 'punct' && t.text === p;
  }

  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.i++;
    return true;
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) this.fail(`expected '${p}'`);
  }

  isIdentifier(ahead = 0, allowReserved = false): boolean {
    const t = this.peek(ahead);
    if (!t) return false;
    if (t.kind === 'quotedIdent' || t.kind === 'backtickIdent') return true;
    return t.kind === 'word' && (allowReserved || !RESERVED.has(t.text.toUpperCase()));
  }

  /** An identifier: a word, "double quoted" or `backticked`. Returned as written, unquoted. */
  identifier(what = 'a name', allowReserved = true): string {
    const t = this.peek();
    if (!t || !this.isIdentifier(0, allowReserved)) this.fail(`expected ${what}`);
    this.i++;
    if (t.kind === 'word') return t.text;
    const q = t.text.charAt(0);
    return t.text.slice(1, t.text.endsWith(q) && t.text.length > 1 ? -1 : undefined).split(q + q).join(q);
  }

  /** `a`, `a.b` or `a.b.c`, as its parts (a `.` not followed by a name, as in `t.*`, is left unread). */
  qualifiedName(what = 'a name'): string[] {
    const parts = [this.identifier(what)];
    while (this.isPunct('.') && this.isIdentifier(1, true)) {
      this.i++;
      parts.push(this.identifier(what));
    }
    return parts;
  }

  isString(): boolean {
    return this.peek()?.kind === 'string';
  }

  /** A single-quoted string literal's value. */
  string(what = 'a quoted string'): string {
    const t = this.peek();
    if (t?.kind !== 'string') this.fail(`expected ${what}`);
    this.i++;
    return unquoteString(t.text);
  }

  /** `( name, … )` */
  nameList(): string[] {
    this.expectPunct('(');
    const names = [this.identifier()];
    while (this.acceptPunct(',')) names.push(this.identifier());
    this.expectPunct(')');
    return names;
  }

  /** Whether a query (`SELECT`, `WITH`, `VALUES`, `TABLE`, maybe parenthesized) starts at `ahead`. */
  startsQuery(ahead = 0): boolean {
    const w = this.word(ahead);
    if (w === 'SELECT' || w === 'WITH' || w === 'VALUES' || w === 'TABLE') return true;
    return this.isPunct('(', ahead) && this.startsQuery(ahead + 1);
  }

  /** Skips a parenthesized group, nested () and [] included. */
  skipParens(): void {
    this.expectPunct('(');
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) depth++;
      else if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) depth--;
    }
  }

  /** The source text from the next token to the end of the statement. */
  rest(): string {
    const t = this.peek();
    return t ? this.text.slice(t.start).replace(/[\s;]+$/, '') : '';
  }

  /**
   * Raw text up to (not including) a top-level `,`, `)` or COMMENT, keeping nested (), <> and [] together:
   * how type texts such as `decimal(10,2)` or `map<string,array<int>>` are read.
   */
  balancedText(): string {
    const start = this.offset;
    let depth = 0;
    while (!this.done) {
      const t = this.peek() as Tok;
      const s = t.kind === 'punct' ? t.text : '';
      if (depth === 0 && (s === ',' || s === ')' || this.word() === 'COMMENT')) break;
      if (s === '(' || s === '<' || s === '[') depth++;
      if (s === ')' || s === '>' || s === ']') depth--;
      this.i++;
    }
    const end = this.i > 0 ? (this.toks[this.i - 1] as Tok).end : start;
    return this.text.slice(start, Math.max(start, end));
  }
}

/** 'it''s' → it's. Athena DDL also accepts backslash escapes in Hive strings ('\t', '\\'). */
export function unquoteString(raw: string): string {
  const body = raw.slice(1, raw.length > 1 && raw.endsWith("'") ? -1 : undefined);
  return body.replace(/''/g, "'");
}
