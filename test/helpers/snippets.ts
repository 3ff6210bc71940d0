import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A snippet body as inserted with its defaults: `${1:raw}` → raw, `$1` → '', `\$` → $. */
export function expandSnippet(body: string): string {
  let out = body;
  // Innermost placeholders first, until none is left.
  for (let guard = 0; guard < 10 && /\$\{\d+:[^{}]*\}/.test(out); guard++) out = out.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  return out
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

export function snippetBodies(root: string): { name: string; text: string }[] {
  const file = join(root, 'sql-snippets', 'athena-sql.code-snippets');
  const snippets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { body: string[] }>;
  return Object.entries(snippets).map(([name, s]) => ({ name, text: expandSnippet(s.body.join('\n')) }));
}
