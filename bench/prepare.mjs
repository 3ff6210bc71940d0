// Shared by the benchmarks that reach moto: install what they need, build the test bundles (out/),
// and give the AWS SDK throwaway credentials. Returns a require for out/ and for node_modules.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from '../test/tools/paths.mjs';
import { setup } from '../test/tools/setup.mjs';

export async function prepareAwsBench() {
  await setup(['deps', 'moto']);
  if (spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: root, stdio: ['ignore', 2, 2] }).status !== 0) process.exit(1);
  process.env.AWS_ACCESS_KEY_ID = 'bench';
  process.env.AWS_SECRET_ACCESS_KEY = 'bench';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const require = createRequire(import.meta.url);
  /** A module of the build, by its path under out/ (`src/engines/aws/index.js`). */
  const out = (p) => require(join(root, 'out', ...p.split('/')));
  return { require, out };
}
