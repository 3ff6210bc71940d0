import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

export interface LakehouseWorkspace {
  readonly root: string;
  readonly lakehouseDir: string;
  readonly s3Root: string;
  /** The workspace's `.vscode/settings.json` (empty when there is none). */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** JSON with comments and trailing commas, as VS Code writes settings.json (read with VS Code's own parser). */
function readJsonc(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const line = text.slice(0, first.offset).split('\n').length;
    throw new Error(`${file} is not valid JSON with comments: ${printParseErrorCode(first.error)} at line ${line}`);
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const isWorkspace = (dir: string): boolean => existsSync(join(dir, '.lakehouse')) || existsSync(join(dir, '.vscode', 'settings.json'));

/**
 * The workspace a CLI run belongs to: `--workspace`, else the nearest folder above `near` (a SQL
 * file or folder) that has `.lakehouse/` or `.vscode/settings.json`, else the current folder.
 * Its `lakehouse.local.s3Root` setting is honoured, as the extension honours it.
 */
export function findWorkspace(explicit: string | undefined, near: string | undefined, s3RootOverride: string | undefined): LakehouseWorkspace {
  let root = explicit ? resolve(explicit) : undefined;
  if (!root && near) {
    let dir = resolve(near);
    if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
    for (;;) {
      if (isWorkspace(dir)) {
        root = dir;
        break;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  root ??= process.cwd();
  let s3Root = s3RootOverride;
  const settingsFile = join(root, '.vscode', 'settings.json');
  const settings = existsSync(settingsFile) ? readJsonc(settingsFile) : {};
  if (!s3Root) {
    const value = settings['lakehouse.local.s3Root'];
    if (typeof value === 'string' && value.trim()) s3Root = value.trim();
  }
  s3Root ??= '.lakehouse/s3';
  return { root, lakehouseDir: join(root, '.lakehouse'), s3Root: isAbsolute(s3Root) ? s3Root : join(root, s3Root), settings };
}
