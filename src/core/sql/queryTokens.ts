import { isTrivia, tokenize, type Token } from './tokenizer';

/** A query that does not parse: the message and where (an offset into the SQL). */
export class QueryParseError extends Error {
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

export interface Tok {
  readonly kind: Token['kind'];
  readonly text: string;
  readonly start: number;
}

/** The tokens of a statement (trivia dropped, two-character operators joined) and the moves over them both grammars use. */
export abstract class TokenCursor {
  protected readonly toks: Tok[] = [];
  protected i = 0;

  constructor(protected readonly sql: string) {
    const raw = tokenize(sql).filter((t) => !isTrivia(t) && t.kind !== 'semicolon');
    for (let j = 0; j < raw.length; j++) {
      const t = raw[j] as Token;
      const text = sql.slice(t.start, t.end);
      const next = raw[j + 1];
      if (t.kind === 'punct' && next?.kind === 'punct' && next.start === t.end && TWO_CHAR.has(text + sql.slice(next.start, next.end))) {
        this.toks.push({ kind: 'punct', text: text + sql.slice(next.start, next.end), start: t.start });
        j++;
      } else this.toks.push({ kind: t.kind, text, start: t.start });
    }
  }

  end(): void {
    if (this.i < this.toks.length) this.fail('unexpected text');
  }

  protected fail(message: string): never {
    const t = this.toks[this.i];
    throw new QueryParseError(t ? `${message} near '${t.text.slice(0, 30)}'` : `${message} at the end of the statement`, t?.start ?? this.sql.length);
  }

  protected peek(ahead = 0): Tok | undefined {
    return this.toks[this.i + ahead];
  }

  protected word(ahead = 0): string {
    const t = this.peek(ahead);
    return t?.kind === 'word' ? t.text.toUpperCase() : '';
  }

  protected acceptWord(...words: string[]): boolean {
    if (!words.every((w, k) => this.word(k) === w)) return false;
    this.i += words.length;
    return true;
  }

  /** Skips one of the words if it is next. */
  protected acceptAny(...words: string[]): void {
    if (words.includes(this.word())) this.i++;
  }

  protected expectWord(w: string): void {
    if (!this.acceptWord(w)) this.fail(`expected ${w}`);
  }

  protected isPunct(p: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t?.kind === 'punct' && t.text === p;
  }

  protected acceptPunct(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.i++;
    return true;
  }

  protected expectPunct(p: string): void {
    if (!this.acceptPunct(p)) this.fail(`expected '${p}'`);
  }

  protected isIdentifier(ahead = 0, allowReserved = false): boolean {
    const t = this.peek(ahead);
    if (!t) return false;
    if (t.kind === 'quotedIdent' || t.kind === 'backtickIdent') return true;
    return t.kind === 'word' && (allowReserved || !RESERVED.has(t.text.toUpperCase()));
  }

  protected identifier(allowReserved = true): string {
    const t = this.peek();
    if (!t || !this.isIdentifier(0, allowReserved)) this.fail('expected a name');
    this.i++;
    if (t.kind === 'word') return t.text;
    const q = t.text.charAt(0);
    return t.text.slice(1, t.text.endsWith(q) && t.text.length > 1 ? -1 : undefined).split(q + q).join(q);
  }

  protected qualifiedName(): string[] {
    const parts = [this.identifier()];
    while (this.isPunct('.') && this.isIdentifier(1, true)) {
      this.i++;
      parts.push(this.identifier());
    }
    return parts;
  }

  protected startsQuery(ahead = 0): boolean {
    const w = this.word(ahead);
    if (w === 'SELECT' || w === 'WITH' || w === 'VALUES' || w === 'TABLE') return true;
    return this.isPunct('(', ahead) && this.startsQuery(ahead + 1);
  }

  protected next(): Tok {
    const t = this.peek();
    if (!t) this.fail('unexpected end of statement');
    this.i++;
    return t;
  }

  protected nameList(): string[] {
    this.expectPunct('(');
    const names = [this.identifier()];
    while (this.acceptPunct(',')) names.push(this.identifier());
    this.expectPunct(')');
    return names;
  }

  protected skipParens(): void {
    this.expectPunct('(');
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) depth++;
      else if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) depth--;
    }
  }
}
