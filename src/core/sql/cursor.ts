import { isTrivia, tokenize, type Token } from './tokenizer';

/** A parse failure with the offset it happened at (relative to the parsed text). */
export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** A cursor over the significant tokens of one statement, with the helpers a hand parser needs. */
export class TokenCursor {
  private readonly tokens: Token[];
  private i = 0;

  constructor(readonly text: string) {
    this.tokens = tokenize(text).filter((t) => !isTrivia(t) && t.kind !== 'semicolon');
  }

  get done(): boolean {
    return this.i >= this.tokens.length;
  }

  get offset(): number {
    return this.tokens[this.i]?.start ?? this.text.length;
  }

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.i + ahead];
  }

  textOf(t: Token): string {
    return this.text.slice(t.start, t.end);
  }

  /** The upper-cased word at `ahead`, or '' when that token is not a word. */
  word(ahead = 0): string {
    const t = this.peek(ahead);
    return t?.kind === 'word' ? this.textOf(t).toUpperCase() : '';
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

  isPunct(p: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'punct' && this.textOf(t) === p;
  }

  acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.i++;
    return true;
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) this.fail(`expected '${p}'`);
  }

  next(): Token {
    const t = this.tokens[this.i];
    if (!t) this.fail('unexpected end of statement');
    this.i++;
    return t;
  }

  /** An identifier: a word, "double quoted" or `backticked`. Returned as written, unquoted. */
  identifier(what = 'a name'): string {
    const t = this.peek();
    if (!t) this.fail(`expected ${what}`);
    if (t.kind === 'word') {
      this.i++;
      return this.textOf(t);
    }
    if (t.kind === 'quotedIdent' || t.kind === 'backtickIdent') {
      this.i++;
      const raw = this.textOf(t);
      const q = raw.charAt(0);
      return raw.slice(1, raw.endsWith(q) && raw.length > 1 ? -1 : undefined).split(q + q).join(q);
    }
    this.fail(`expected ${what}`);
  }

  /** `a`, `a.b` or `a.b.c`, as its parts. */
  qualifiedName(what = 'a table name'): string[] {
    const parts = [this.identifier(what)];
    while (this.acceptPunct('.')) parts.push(this.identifier(what));
    return parts;
  }

  /** A single-quoted string literal's value. */
  string(what = 'a quoted string'): string {
    const t = this.peek();
    if (t?.kind !== 'string') this.fail(`expected ${what}`);
    this.i++;
    return unquoteString(this.textOf(t));
  }

  isString(): boolean {
    return this.peek()?.kind === 'string';
  }

  /** The source text from token `fromIndex`'s start to the end of the statement. */
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
      const t = this.peek() as Token;
      const s = t.kind === 'punct' ? this.textOf(t) : '';
      if (depth === 0 && (s === ',' || s === ')' || this.word() === 'COMMENT')) break;
      if (s === '(' || s === '<' || s === '[') depth++;
      if (s === ')' || s === '>' || s === ']') depth--;
      this.i++;
    }
    const end = this.i > 0 ? (this.tokens[this.i - 1] as Token).end : start;
    return this.text.slice(start, Math.max(start, end));
  }

  fail(message: string): never {
    const t = this.peek();
    const near = t ? ` near '${this.textOf(t).slice(0, 30)}'` : ' at the end of the statement';
    throw new SqlSyntaxError(`${message}${near}`, this.offset);
  }
}

/** 'it''s' → it's. Athena DDL also accepts backslash escapes in Hive strings ('\t', '\\'). */
export function unquoteString(raw: string): string {
  const body = raw.slice(1, raw.length > 1 && raw.endsWith("'") ? -1 : undefined);
  return body.replace(/''/g, "'");
}
