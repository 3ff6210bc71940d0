import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realPathOf, staysInside } from './sandbox';

/**
 * `s3://bucket/key` ↔ `<s3Root>/bucket/key`, so SQL files written for S3 run locally unchanged.
 * Keys cannot climb out of the root: `..` segments are refused, and so is a location that a
 * symbolic link inside the root leads outside it.
 */
export class S3Map {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  toLocal(uri: string): string {
    // Iceberg metadata written on this machine names its files by file:// URI: those inside the root.
    if (/^file:\/\//i.test(uri.trim())) return this.fileInside(uri.trim());
    const m = /^s3a?:\/\/([^/]+)\/?(.*)$/i.exec(uri.trim());
    if (!m) throw new Error(`'${uri}' is not an s3:// location`);
    const [, bucket = '', key = ''] = m;
    const segments = key.split('/').filter((s) => s.length > 0);
    if (bucket === '..' || bucket === '.' || segments.some((s) => s === '..' || s === '.')) {
      throw new Error(`'${uri}' has '.' or '..' segments: the local engine reads and writes only under its lakehouse root.`);
    }
    const path = join(this.root, bucket, ...segments);
    if (!staysInside(this.root, path, this.realRoot())) {
      throw new Error(`'${uri}' leads outside the local lakehouse root through a symbolic link: the local engine reads and writes only under ${this.root}.`);
    }
    return path;
  }

  private fileInside(uri: string): string {
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      throw new Error(`'${uri}' is not a file:// location`);
    }
    const rel = relative(this.root, path);
    if (rel.startsWith('..') || isAbsolute(rel) || !staysInside(this.root, path, this.realRoot())) {
      throw new Error(`'${uri}' is outside the local lakehouse root: the local engine reads and writes only under ${this.root}.`);
    }
    return path;
  }

  private resolvedRoot: string | undefined;

  /** The root's real path, resolved once the root exists (every table location is checked against it). */
  private realRoot(): string {
    if (this.resolvedRoot) return this.resolvedRoot;
    const real = realPathOf(this.root);
    if (existsSync(this.root)) this.resolvedRoot = real;
    return real;
  }

  toS3(localPath: string): string {
    const rel = relative(this.root, resolve(localPath));
    if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${localPath} is outside the local S3 root ${this.root}`);
    return `s3://${rel.split(sep).join('/')}`;
  }
}

/** `s3://b/p` → `s3://b/p/`: locations name folders. */
export function asFolder(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`;
}
