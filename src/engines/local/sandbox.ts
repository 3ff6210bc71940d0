import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { sqlStringList, sqlString } from './sqlText';

/**
 * The local engine's file sandbox, enforced by DuckDB itself: external access is off except for
 * the lakehouse root and the engine's own temporary folder, and the configuration is locked so
 * SQL cannot turn it back on. DuckDB resolves symlinks before it checks a path, so a link inside
 * the root that points outside is refused too; `..` is resolved the same way.
 */
export class Sandbox {
  readonly tempDir: string;

  constructor(readonly root: string) {
    this.tempDir = mkdtempSync(join(tmpdir(), 'lakehouse-duckdb-'));
  }

  /** The folders DuckDB may touch: each as given and as its real path, with a trailing separator. */
  allowed(): string[] {
    const dirs = new Set<string>();
    for (const d of [this.root, this.tempDir]) {
      dirs.add(withSep(d));
      const real = realOrSelf(d);
      dirs.add(withSep(real));
    }
    return [...dirs];
  }

  /** Applies the sandbox to a fresh instance (through one of its connections), then locks it. */
  async apply(c: DuckDBConnection, settings: readonly string[] = []): Promise<void> {
    mkdirSync(this.root, { recursive: true });
    for (const s of settings) await c.run(s);
    await lockDown(c, this.allowed(), this.tempDir);
  }

  dispose(): void {
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}

/** No file access at all (an instance that only plans queries), locked. */
export async function lockDown(c: DuckDBConnection, allowed: readonly string[] = [], tempDir?: string): Promise<void> {
  if (allowed.length) await c.run(`SET allowed_directories = ${sqlStringList(allowed)}`);
  if (tempDir) await c.run(`SET temp_directory = ${sqlString(tempDir)}`);
  await c.run('SET autoinstall_known_extensions = false');
  await c.run('SET enable_external_access = false');
  await c.run('SET lock_configuration = true');
}

const withSep = (d: string): string => (d.endsWith(sep) ? d : d + sep);

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * The real path of `path` (its deepest existing ancestor resolved, the rest appended), to check
 * that a location inside the root does not lead outside it through a symlink.
 */
export function realPathOf(path: string): string {
  let existing = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest.push(existing.slice(parent.length).replace(/^[\\/]+/, ''));
      existing = parent;
    }
  }
}

/**
 * True when `path` resolves (through any symlink) to `root` or inside it. `realRoot` is the root's
 * real path when the caller already knows it (it is resolved once, not per location).
 */
export function staysInside(root: string, path: string, realRoot = realPathOf(root)): boolean {
  const r = withSep(realRoot);
  const p = realPathOf(path);
  return withSep(p) === r || p.startsWith(r);
}
