import { FUNCTIONS_BY_NAME } from './functionDocs';
import { findFunctionCalls } from './functionCalls';
import { splitStatements } from './splitter';
import { classifyStatement } from './statementKind';
import { syntaxProblems } from './syntaxCheck';
import { MAPPED, RENAMED, SAME_IN_DUCKDB } from './trinoFunctions';

/**
 * Checks of SQL a language model wrote, before anyone sees it: one statement, that parses, whose
 * functions Athena has, and a read statement unless writing was asked for. The catalog checks
 * (tables, columns) need the engine and happen beside this.
 */

/** The statement in a model's answer: its first ```sql block (or any fenced block), else the whole text. */
export function sqlFromAnswer(answer: string): string | undefined {
  const fenced = /```(?:sql|athena|trino|presto)?[ \t]*\r?\n([\s\S]*?)```/i.exec(answer);
  const text = (fenced ? fenced[1] : answer)?.trim();
  return text ? text.replace(/;\s*$/, '') : undefined;
}

/** Function names Athena (Trino) has, as far as this product knows them. */
const ATHENA_FUNCTIONS: ReadonlySet<string> = new Set([...FUNCTIONS_BY_NAME.keys(), ...SAME_IN_DUCKDB, ...MAPPED, ...Object.keys(RENAMED), 'date_format', 'date_parse', 'format_datetime', 'parse_datetime'].map((n) => n.toLowerCase()));

export function isAthenaFunction(name: string): boolean {
  return ATHENA_FUNCTIONS.has(name.toLowerCase());
}

/** Words of a question that ask for a write (so a CREATE or INSERT answer is what was wanted). */
const WRITE_WORDS = /\b(create|insert|ctas|drop|delete|update|merge|alter|write|materiali[sz]e|unload|vacuum|optimi[sz]e)\b/i;

export function asksToWrite(question: string): boolean {
  return WRITE_WORDS.test(question);
}

/** What is wrong with generated SQL, as sentences for the model to act on (empty: nothing found). */
export function generatedSqlProblems(sql: string, o: { readonly allowWrite: boolean }): string[] {
  const statements = splitStatements(sql);
  if (statements.length !== 1) return [statements.length ? `Give exactly one statement (there are ${statements.length}).` : 'There is no SQL statement.'];
  const problems: string[] = [];
  for (const p of syntaxProblems(sql)) problems.push(`Syntax: ${p.message}`);
  const info = classifyStatement(sql);
  if (!o.allowWrite && info.kind !== 'query' && info.kind !== 'explain') problems.push(`Only a read statement (SELECT or WITH … SELECT) was asked for, not ${info.verb || 'this statement'}.`);
  const unknown = [...new Set(findFunctionCalls(sql).map((c) => c.name).filter((n) => !isAthenaFunction(n)))];
  for (const name of unknown) problems.push(`Function ${name}() does not exist in Athena (Trino).`);
  return problems;
}
