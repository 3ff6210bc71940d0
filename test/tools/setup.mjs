// Installs what the tests and the dev launcher need, idempotently (a marker per step), using only
// Node built-ins so that it can run on a fresh clone before `npm install`.
//   node test/tools/setup.mjs [deps] [vscode] [moto] [chromium]   (no argument: all of them)
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, symlinkSync, rmSync, lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromiumPath, root, venvDir, vscodeDir } from './paths.mjs';
import { run } from './proc.mjs';

const MOTO_SPEC = 'moto[server]==5.2.5';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function log(message) {
  console.log(`setup: ${message}`);
}

function fingerprint(...files) {
  const h = createHash('sha256');
  for (const f of files) if (existsSync(f)) h.update(readFileSync(f));
  h.update(process.version);
  return h.digest('hex');
}

const readMarker = (path) => (existsSync(path) ? readFileSync(path, 'utf8').trim() : '');

async function must(step, code) {
  if (code !== 0) throw new Error(`${step} failed (exit ${code})`);
}

/** Node headers for native rebuilds: the running Node's own prefix, so node-gyp never downloads them. */
function nodeEnv() {
  const prefix = dirname(dirname(process.execPath));
  const env = { ...process.env };
  if (existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
  return env;
}

export async function ensureDeps() {
  const marker = join(root, 'node_modules', '.lakehouse-deps');
  const want = fingerprint(join(root, 'package.json'), join(root, 'package-lock.json'));
  if (readMarker(marker) === want) return;
  log('installing npm dependencies');
  // Scripts stay off: code-server's postinstall reaches for GitHub; native parts come prebuilt.
  await must('npm install', await run(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, env: nodeEnv() }));
  // npm may rewrite the lock file; fingerprint what is there now.
  writeFileSync(marker, fingerprint(join(root, 'package.json'), join(root, 'package-lock.json')));
}

export async function ensureVSCode() {
  const marker = join(vscodeDir, '.lakehouse-ready');
  const want = fingerprint(join(vscodeDir, 'package.json'));
  if (readMarker(marker) === want) return;
  if (!existsSync(join(vscodeDir, 'package.json'))) throw new Error('code-server is missing from node_modules: run the deps step first');
  log('preparing the VS Code server build from code-server (one time)');
  const env = nodeEnv();
  await must('VS Code server install', await run(npm, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: vscodeDir, env }));
  await must(
    'VS Code native modules rebuild',
    await run(npm, ['rebuild', '@vscode/spdlog', 'native-watchdog', '@parcel/watcher', '@vscode/deviceid'], { cwd: vscodeDir, env }),
  );
  const asar = join(vscodeDir, 'node_modules.asar');
  if (existsSync(asar) || isLink(asar)) rmSync(asar, { force: true, recursive: false });
  symlinkSync('node_modules', asar);
  writeFileSync(marker, want);
}

function isLink(p) {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

export const venvPython = join(venvDir, 'bin', 'python');
export const motoServer = join(venvDir, 'bin', 'moto_server');

export async function ensureMoto() {
  const marker = join(venvDir, '.lakehouse-moto');
  if (readMarker(marker) === MOTO_SPEC && existsSync(motoServer)) return;
  log(`creating .venv with ${MOTO_SPEC} (AWS emulator for the tests)`);
  if (!existsSync(venvPython)) await must('python venv', await run('python3', ['-m', 'venv', venvDir]));
  await must('pip install moto', await run(venvPython, ['-m', 'pip', 'install', '--quiet', MOTO_SPEC]));
  writeFileSync(marker, MOTO_SPEC);
}

export async function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  if (process.getuid?.() === 0) {
    log('installing Debian chromium');
    await must('apt-get update', await run('apt-get', ['update', '-qq']));
    await must('apt-get install chromium', await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }));
    return;
  }
  throw new Error(`Chromium is missing at ${chromiumPath}: install Debian's chromium package (sudo apt-get install chromium) or set LAKEHOUSE_CHROMIUM`);
}

const STEPS = { deps: ensureDeps, vscode: ensureVSCode, moto: ensureMoto, chromium: ensureChromium };

export async function setup(names = Object.keys(STEPS)) {
  for (const name of names) await STEPS[name]();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop())) {
  const names = process.argv.slice(2);
  setup(names.length ? names : undefined).catch((e) => {
    console.error(`setup: ${e.message}`);
    process.exit(1);
  });
}
