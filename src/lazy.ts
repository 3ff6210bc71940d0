import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A module bundled on its own (dist/<bundle>.js, beside the caller's bundle) and loaded on first
 * use, so activation pays nothing for it. In transpiled tests the module is loaded from its own
 * file instead (`dev`, relative to `dir`). Paths are computed so bundlers leave them alone.
 */
export function lazyModule<T>(dir: string, bundle: string, dev: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      const bundled = join(dir, bundle);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require(existsSync(bundled) ? bundled : join(dir, dev)) as T;
    }
    return loaded;
  };
}
