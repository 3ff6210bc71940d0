import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface LocalFile {
  readonly path: string;
  readonly size: number;
}

/** Athena skips objects whose names start with `_` or `.` (e.g. `_SUCCESS`, `.crc`) and folder markers. */
const hidden = (name: string): boolean => name.startsWith('_') || name.startsWith('.') || name.endsWith('$folder$');

/** The data files under a folder, recursively, sorted by path; a missing folder has none. */
export async function dataFiles(dir: string): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (hidden(e.name)) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        const { size } = await stat(p);
        if (size > 0) out.push({ path: p, size });
      }
    }
  };
  await walk(dir);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** True when the folder holds anything at all (what Athena's CTAS refuses to write into). */
export async function folderHasObjects(dir: string): Promise<boolean> {
  try {
    const s = await stat(dir);
    if (!s.isDirectory()) return true;
  } catch {
    return false;
  }
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (e.isFile()) return true;
    if (e.isDirectory() && (await folderHasObjects(join(dir, e.name)))) return true;
  }
  return false;
}
