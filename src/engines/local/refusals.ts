import { findFunctionCalls } from '../../core/sql/functionCalls';

/** DuckDB's names for types, as Athena names them in a message. */
const TYPE_NAMES: Readonly<Record<string, string>> = { BLOB: 'varbinary', FLOAT: 'real', VARCHAR: 'varchar', DOUBLE: 'double', INTEGER: 'integer', BIGINT: 'bigint', INTERVAL: 'interval', DATE: 'date', TIMESTAMP: 'timestamp', BOOLEAN: 'boolean' };
const athenaTypes = (text: string): string => text.replace(/\b[A-Z]+\b/g, (t) => TYPE_NAMES[t] ?? t.toLowerCase()).replace(/\bmain\.__lh_|\b__lh_/g, '');

/**
 * DuckDB's binder and catalog errors said as what the local engine refuses, by the name the user
 * wrote (an Athena function, an operator, a lambda argument), never a macro of ours. Messages of
 * other kinds (data errors, Trino's own errors) come back unchanged.
 */
export function namedRefusal(message: string, athenaSql: string): string {
  const body = message.replace(/^(Binder|Catalog|Not implemented) Error: /, '');
  const fn = /Scalar Function with name (\w+) does not exist/.exec(body);
  if (fn) return `Function '${fn[1] ?? ''}' is not supported by the local lakehouse engine; run it on Athena.`;
  const macro = /Macro (?:main\.)?__lh_(\w+)\(\) does not support the supplied arguments/.exec(body);
  if (macro) return `The local engine does not run ${macro[1] ?? ''} with these arguments (their number or types); run it on Athena.`;
  if (/does not support lambdas|Invalid LIST argument during lambda function binding/.test(body)) {
    const calls = findFunctionCalls(athenaSql).filter((c) => lambdaArgument(athenaSql, c.end));
    const names = [...new Set(calls.map((c) => c.name.toLowerCase()))];
    return `The local engine does not run ${names.length ? names.join(', ') : 'this function'} with a lambda argument; run it on Athena.`;
  }
  const types = /No function matches the given name and argument types '([^']*)'/.exec(body);
  if (types) {
    const call = athenaTypes(types[1] ?? '');
    const operator = /^(\/\/|[-+*/%]|\|\|)\((.*)\)$/.exec(call);
    return operator
      ? `The local engine cannot apply ${operator[1] === '//' ? '/' : operator[1]} to ${operator[2]}; run it on Athena.`
      : `The local engine does not run ${call}; run it on Athena.`;
  }
  if (/Expression type T_List/.test(body) && /\bSYMMETRIC\b/i.test(athenaSql)) return 'BETWEEN SYMMETRIC is not supported by the local lakehouse engine; run it on Athena.';
  if (/invalid perl operator: \(\?</.test(body)) return 'The local engine does not run named groups (?<name>…) in regular expressions; run it on Athena.';
  if (/struct_extract with an integer key/.test(body)) return 'The local engine cannot read a field of this row by its position; run it on Athena.';
  // A try() variant keeps the errors Trino's try() lets through (a refusal, a wrong type): DuckDB's
  // TRY then refuses the whole expression.
  if (/TRY can not be used in combination with a volatile function/.test(body)) {
    return 'The local engine cannot run this try(): an expression inside it fails here in a way Athena would not hide either (a value of the wrong type), or is one the local engine refuses; run it without try() to see why, or on Athena.';
  }
  return message;
}

const LAMBDA_START = /^\s*(\w+|\(\s*\w+(\s*,\s*\w+)*\s*\))\s*->/;

/** Whether a top-level argument of the call at `end` is a lambda (`x -> …`, `(x, y) -> …`). */
function lambdaArgument(sql: string, end: number): boolean {
  const open = sql.indexOf('(', end);
  if (open < 0) return false;
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      if (--depth === 0) return false;
    }
    // An argument starts after the call's `(` or a top-level `,`.
    if (((c === '(' && i === open) || (c === ',' && depth === 1)) && LAMBDA_START.test(sql.slice(i + 1, i + 200))) return true;
  }
  return false;
}
