import { isTrivia, tokenAt, type Token } from './tokenizer';

/** One statement of a document, with exact offsets into the original text. */
export interface Statement {
  /** The statement's SQL without the terminating semicolon and surrounding comments/whitespace. */
  readonly text: string;
  /** Offset of the first significant character. */
  readonly start: number;
  /** Offset one past the last significant character (before any `;`). */
  readonly end: number;
  /** Offset one past the terminating `;`, or `end` when there is none. */
  readonly endWithTerminator: number;
}

/**
 * Splits a document into statements on top-level semicolons. Semicolons inside strings, quoted
 * identifiers and comments do not split. Comment-only and empty stretches are not statements.
 * Never throws.
 */
export function splitStatements(text: string): Statement[] {
  const statements: Statement[] = [];
  let first: Token | undefined;
  let last: Token | undefined;
  const flush = (terminatorEnd?: number): void => {
    if (first && last) {
      statements.push({
        text: text.slice(first.start, last.end),
        start: first.start,
        end: last.end,
        endWithTerminator: terminatorEnd ?? last.end,
      });
    }
    first = undefined;
    last = undefined;
  };
  for (let i = 0; i < text.length; ) {
    const token = tokenAt(text, i);
    i = token.end;
    if (token.kind === 'semicolon') {
      flush(token.end);
    } else if (!isTrivia(token)) {
      first ??= token;
      last = token;
    }
  }
  flush();
  return statements;
}

/**
 * The statement a cursor at `offset` means: the one whose span (including its `;`) holds the
 * offset; in the gap between two statements, the one before (the cursor usually rests just after
 * what was typed); before the first statement, the first. Undefined when there is none.
 */
export function statementAt(statements: readonly Statement[], offset: number): Statement | undefined {
  let candidate: Statement | undefined;
  for (const s of statements) {
    if (offset < s.start) return candidate ?? s;
    candidate = s;
    if (offset <= s.endWithTerminator) return s;
  }
  return candidate;
}
