/**
 * Date format strings: Trino's MySQL-style specifiers (date_parse, date_format) and Joda patterns
 * (parse_datetime, format_datetime) → strftime/strptime specifiers.
 */

const MYSQL: Readonly<Record<string, string>> = {
  a: '%a', b: '%b', c: '%-m', d: '%d', e: '%-d', f: '%f', H: '%H', h: '%I', I: '%I', i: '%M', j: '%j', k: '%-H', l: '%-I',
  M: '%B', m: '%m', p: '%p', r: '%I:%M:%S %p', S: '%S', s: '%S', T: '%H:%M:%S', v: '%V', W: '%A', Y: '%Y', y: '%y', '%': '%%',
};

/** `%Y-%m-%d %H:%i:%s` → `%Y-%m-%d %H:%M:%S`. Unknown specifiers are refused by name. */
export function mysqlToStrftime(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format.charAt(i);
    if (c !== '%') {
      out += c;
      continue;
    }
    const spec = format.charAt(++i);
    const mapped = MYSQL[spec];
    if (mapped === undefined) throw new Error(`The date format specifier %${spec} is not supported by the local engine.`);
    out += mapped;
  }
  return out;
}

const JODA: readonly [string, string][] = [
  ['yyyy', '%Y'], ['YYYY', '%Y'], ['yy', '%y'], ['MMMM', '%B'], ['MMM', '%b'], ['MM', '%m'], ['M', '%-m'], ['dd', '%d'], ['d', '%-d'],
  ['HH', '%H'], ['H', '%-H'], ['hh', '%I'], ['h', '%-I'], ['mm', '%M'], ['m', '%-M'], ['ss', '%S'], ['s', '%-S'], ['SSSSSS', '%f'],
  ['SSS', '%g'], ['EEEE', '%A'], ['EEE', '%a'], ['a', '%p'], ['DDD', '%j'], ['ZZ', '%z'], ['Z', '%z'],
];

/** `yyyy-MM-dd HH:mm:ss` → `%Y-%m-%d %H:%M:%S`; 'quoted' text is literal. */
export function jodaToStrftime(format: string): string {
  let out = '';
  let i = 0;
  while (i < format.length) {
    const c = format.charAt(i);
    if (c === "'") {
      const close = format.indexOf("'", i + 1);
      const literal = close < 0 ? format.slice(i + 1) : format.slice(i + 1, close);
      out += literal === '' ? "'" : literal.replace(/%/g, '%%');
      i = close < 0 ? format.length : close + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      const hit = JODA.find(([from]) => format.startsWith(from, i));
      if (!hit) {
        let run = 0;
        while (format.charAt(i + run) === c) run++;
        throw new Error(`The datetime pattern letter '${format.slice(i, i + run)}' is not supported by the local engine.`);
      }
      out += hit[1];
      i += hit[0].length;
      continue;
    }
    out += c === '%' ? '%%' : c;
    i++;
  }
  return out;
}
