/**
 * Java's regular-expression rules that Trino's regexp functions follow where DuckDB's RE2 differs:
 * how many capturing groups a pattern has, and what a replacement string means (`$n` is group n,
 * `\x` is x itself, a lone `$` or a trailing `\` is an error).
 */

/** Capturing groups of a pattern: `(` not escaped, not in a class, not `(?:`, `(?=`, `(?<=`… (but `(?<name>`). */
export function javaGroupCount(pattern: string): number {
  let count = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      if (pattern[i + 1] !== '?') count++;
      else if (pattern[i + 2] === '<' && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') count++;
      else if (pattern[i + 2] === 'P' && pattern[i + 3] === '<') count++;
    }
  }
  return count;
}

/**
 * A Java replacement string as an RE2 one (what DuckDB's regexp_replace takes), or an Error as
 * Java raises it. A reference to group 10 or more, which RE2 cannot write, is refused by name.
 */
export function javaReplacement(pattern: string, replacement: string): string {
  const groups = javaGroupCount(pattern);
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i] as string;
    if (c === '\\') {
      i++;
      if (i >= replacement.length) throw new Error('character to be escaped is missing');
      const x = replacement[i] as string;
      out += x === '\\' ? '\\\\' : x;
    } else if (c === '$') {
      i++;
      const d = replacement[i];
      if (d === undefined || !/[0-9]/.test(d)) throw new Error(d === '{' ? 'The local engine does not run named group references (${name}); run it on Athena.' : 'Illegal group reference');
      let n = Number(d);
      if (n > groups) throw new Error(`No group ${n}`);
      // Java takes further digits while the number stays a group of the pattern.
      while (i + 1 < replacement.length && /[0-9]/.test(replacement[i + 1] as string) && n * 10 + Number(replacement[i + 1]) <= groups) n = n * 10 + Number(replacement[++i]);
      if (n > 9) throw new Error(`The local engine cannot refer to group ${n} in a replacement (its regular expressions stop at 9); run it on Athena.`);
      out += `\\${n}`;
    } else out += c;
  }
  return out;
}
