// `npm start`: build the extension and open it in VS Code on the sample lakehouse.
// Desktop `code` when it is on PATH; otherwise a VS Code server build (the current one, fetched once
// into .vscode-test/), whose URL is printed for your browser. Set LAKEHOUSE_USE_SERVER=1 to prefer
// the server, LAKEHOUSE_VSCODE=minimum for the oldest VS Code the extension supports, PORT to
// choose its port.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, vscodeBuild, workDir } from './paths.mjs';
import { ensureVSCode, setup } from './setup.mjs';
import { startSampleServer } from './vscode.mjs';

const sample = join(root, 'samples', 'public-sector-lakehouse');

function hasDesktopCode() {
  if (process.env.LAKEHOUSE_USE_SERVER) return false;
  const r = spawnSync('code', ['--version'], { encoding: 'utf8' });
  return r.status === 0 && !/code-server/i.test(r.stdout);
}

await setup(['deps']);
const built = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
// The sample's data and catalog (once; later runs find them in place).
const prepared = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'sample', sample], { stdio: ['ignore', 'ignore', 'inherit'] });
if (prepared.status !== 0) process.exit(prepared.status ?? 1);

if (hasDesktopCode()) {
  console.log(`Opening VS Code on ${sample} with Lakehouse Tools under development…`);
  const r = spawnSync('code', ['--extensionDevelopmentPath', root, sample], { stdio: 'inherit' });
  process.exit(r.status ?? 0);
}

const build = vscodeBuild();
await ensureVSCode([build.vscode]);
const port = process.env.PORT ? Number(process.env.PORT) : undefined;
const { server, url } = await startSampleServer({ dir: join(workDir, 'start'), folder: sample, build, ...(port ? { port } : {}) });
console.log(`\nLakehouse Tools is running in the VS Code server (VS Code ${build.vscode}).`);
console.log(`Open this URL in your browser:\n\n  ${url}\n`);
console.log('Press Ctrl+C to stop.');
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
