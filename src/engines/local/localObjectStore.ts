import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ObjectInfo, ObjectStore } from '../types';
import type { S3Map } from './s3Map';

/** The ObjectStore over a local folder that stands for S3. */
export class LocalObjectStore implements ObjectStore {
  constructor(private readonly map: S3Map) {}

  async *list(prefix: string, signal?: AbortSignal): AsyncIterable<ObjectInfo> {
    const base = this.map.toLocal(prefix);
    const info = await stat(base).catch(() => undefined);
    if (!info) return;
    if (info.isFile()) {
      yield { uri: this.map.toS3(base), size: info.size, lastModified: info.mtime };
      return;
    }
    const walk = async function* (dir: string, self: LocalObjectStore): AsyncGenerator<ObjectInfo> {
      const entries = await readdir(dir, { withFileTypes: true });
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        if (signal?.aborted) return;
        const p = join(dir, e.name);
        if (e.isDirectory()) yield* walk(p, self);
        else if (e.isFile()) {
          const s = await stat(p);
          yield { uri: self.map.toS3(p), size: s.size, lastModified: s.mtime };
        }
      }
    };
    yield* walk(base, this);
  }

  async read(uri: string, range?: { start: number; end: number }): Promise<Uint8Array> {
    const path = this.map.toLocal(uri);
    if (!range) return readFile(path);
    const handle = await open(path, 'r');
    try {
      const length = Math.max(0, range.end - range.start);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, range.start);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async *stream(uri: string): AsyncIterable<Uint8Array> {
    for await (const chunk of createReadStream(this.map.toLocal(uri))) yield chunk as Buffer;
  }

  async write(uri: string, body: Uint8Array | string): Promise<void> {
    const path = this.map.toLocal(uri);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  }
}
