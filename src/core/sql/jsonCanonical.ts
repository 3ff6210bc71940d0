/**
 * JSON as Trino keeps it: minified, object keys sorted, scalars as written. Trino canonicalises
 * every JSON value (a literal, json_parse, a cast), so `JSON '{"b":2, "a":1}'` equals
 * `JSON '{"a":1,"b":2}'` and json_format gives the compact text. Undefined for text that is not JSON.
 */
export function canonicalJson(text: string): string | undefined {
  let i = 0;
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const string = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) throw new Error('unterminated string');
    i++;
    return text.slice(start, i);
  };
  const value = (): string => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, string][] = [];
      space();
      if (text[i] === '}') {
        i++;
        return '{}';
      }
      for (;;) {
        space();
        if (text[i] !== '"') throw new Error('expected a key');
        const key = string();
        space();
        if (text[i++] !== ':') throw new Error('expected :');
        entries.push([key, value()]);
        space();
        const next = text[i++];
        if (next === '}') break;
        if (next !== ',') throw new Error('expected , or }');
      }
      entries.sort(([a], [b]) => {
        const x = JSON.parse(a) as string;
        const y = JSON.parse(b) as string;
        return x < y ? -1 : x > y ? 1 : 0;
      });
      return `{${entries.map(([k, v]) => `${k}:${v}`).join(',')}}`;
    }
    if (c === '[') {
      i++;
      const items: string[] = [];
      space();
      if (text[i] === ']') {
        i++;
        return '[]';
      }
      for (;;) {
        items.push(value());
        space();
        const next = text[i++];
        if (next === ']') break;
        if (next !== ',') throw new Error('expected , or ]');
      }
      return `[${items.join(',')}]`;
    }
    if (c === '"') return string();
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!m) throw new Error('expected a value');
    i += m[0].length;
    return m[0];
  };
  try {
    const out = value();
    space();
    return i === text.length ? out : undefined;
  } catch {
    return undefined;
  }
}
