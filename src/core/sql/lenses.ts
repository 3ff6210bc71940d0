import { splitStatements } from './splitter';
import { classifyStatement, type StatementKind } from './statementKind';

/** Where a statement's CodeLens goes and what it offers. */
export interface StatementLens {
  readonly start: number;
  readonly end: number;
  /** 0-based line of the statement's first character. */
  readonly line: number;
  readonly kind: StatementKind;
  /** EXPLAIN makes sense for queries, CTAS, INSERT and UNLOAD, not for DDL. */
  readonly explainable: boolean;
}

const EXPLAINABLE: ReadonlySet<StatementKind> = new Set(['query', 'ctas', 'insert', 'unload', 'iceberg-dml']);

/** One lens per statement, computed in one pass over the text. */
export function statementLenses(text: string): StatementLens[] {
  const out: StatementLens[] = [];
  let line = 0;
  let scanned = 0;
  for (const s of splitStatements(text)) {
    for (let i = text.indexOf('\n', scanned); i >= 0 && i < s.start; i = text.indexOf('\n', i + 1)) line++;
    scanned = s.start;
    // Lines inside the statement are counted on the next round from `scanned`.
    const kind = classifyStatement(s.text).kind;
    out.push({ start: s.start, end: s.end, line, kind, explainable: EXPLAINABLE.has(kind) });
  }
  return out;
}
