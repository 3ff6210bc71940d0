/**
 * Athena column types as a table's DDL writes them (Hive DDL, what Glue stores): the primitives,
 * `decimal(p[,s])`, `char(n)`, `varchar(n)`, and `array<…>`, `map<…,…>`, `struct<name:type,…>`.
 * Returns undefined for a valid type, else what is wrong and where in the text.
 */
const PRIMITIVES = new Set(['boolean', 'tinyint', 'smallint', 'int', 'integer', 'bigint', 'float', 'double', 'string', 'binary', 'date', 'timestamp', 'decimal', 'varchar', 'char']);
/** Primitives a map's key may be. */
const COMPLEX = new Set(['array', 'map', 'struct']);

export interface TypeProblem {
  readonly message: string;
  /** Offset in the type's text. */
  readonly at: number;
}

export function athenaTypeProblem(text: string): TypeProblem | undefined {
  const s = text;
  let i = 0;
  const ws = (): void => {
    while (i < s.length && /\s/.test(s[i] as string)) i++;
  };
  const fail = (message: string, at = i): never => {
    throw Object.assign(new Error(message), { at });
  };
  const word = (): string => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
    if (!m) fail(i >= s.length ? 'the type ends too early' : `unexpected '${s[i]}'`);
    i += (m as RegExpExecArray)[0].length;
    return (m as RegExpExecArray)[0];
  };
  const punct = (p: string): boolean => {
    ws();
    if (s[i] !== p) return false;
    i++;
    return true;
  };
  const expect = (p: string): void => {
    if (!punct(p)) fail(`expected '${p}'${i < s.length ? ` at '${s.slice(i, i + 10)}'` : ''}`);
  };
  const int = (what: string): number => {
    ws();
    const m = /^\d+/.exec(s.slice(i));
    if (!m) fail(`expected ${what}`);
    i += (m as RegExpExecArray)[0].length;
    return Number((m as RegExpExecArray)[0]);
  };
  const type = (): void => {
    const start = (ws(), i);
    const name = word().toLowerCase();
    if (COMPLEX.has(name)) {
      expect('<');
      if (name === 'array') type();
      else if (name === 'map') {
        const keyAt = (ws(), i);
        const key = word().toLowerCase();
        if (!PRIMITIVES.has(key)) fail(`a map's key is a primitive type, not ${key}`, keyAt);
        if (punct('(')) {
          while (i < s.length && s[i] !== ')') i++;
          expect(')');
        }
        expect(',');
        type();
      } else {
        do {
          word();
          expect(':');
          type();
        } while (punct(','));
      }
      expect('>');
      return;
    }
    if (!PRIMITIVES.has(name)) fail(`${name} is not an Athena column type (string, int, bigint, double, decimal(p,s), date, timestamp, boolean, array<…>, map<…>, struct<…>…)`, start);
    if (name === 'decimal') {
      if (!punct('(')) return;
      const p = int('a precision');
      if (p < 1 || p > 38) fail(`decimal precision is 1 to 38, not ${p}`);
      if (punct(',')) {
        const sc = int('a scale');
        if (sc > p) fail(`decimal scale ${sc} is more than its precision ${p}`);
      }
      expect(')');
    } else if (name === 'char' || name === 'varchar') {
      if (name === 'char' && !punct('(')) fail('char needs a length: char(n)');
      if (name === 'varchar' && !punct('(')) return;
      const n = int('a length');
      if (n < 1 || n > (name === 'char' ? 255 : 65535)) fail(`${name} length is 1 to ${name === 'char' ? 255 : 65535}, not ${n}`);
      expect(')');
    }
  };
  try {
    type();
    ws();
    if (i < s.length) fail(`unexpected '${s.slice(i, i + 10)}' after the type`);
    return undefined;
  } catch (e) {
    return { message: (e as Error).message, at: (e as { at?: number }).at ?? 0 };
  }
}

/** Athena table and column names: letters, digits and underscore (Glue keeps them lower-case). */
export function athenaNameProblem(name: string, what: string): string | undefined {
  if (!name) return `${what} is empty`;
  if (name.length > 255) return `${what} is longer than 255 characters`;
  if (!/^[A-Za-z0-9_]+$/.test(name)) return `${what} '${name}' has characters Athena does not allow in a name (letters, digits and underscore only)`;
  return undefined;
}
