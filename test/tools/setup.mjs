// Installs what the tests and the dev launcher need, idempotently (a marker per step), using only
// Node built-ins so that it can run on a fresh clone before `npm install`.
//   node test/tools/setup.mjs [deps] [vscode] [moto] [pyiceberg] [duckdbExtensions] [chromium]   (no argument: all of them)
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync, symlinkSync, rmSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { chromiumPath, duckdbExtensionsDir, root, venvDir, VSCODE_BUILDS, vscodeBuild, vscodeCache } from './paths.mjs';
import { capture, run } from './proc.mjs';

const MOTO_SPEC = 'moto[server]==5.2.5';
/** pyiceberg writes the Iceberg tables the tests read (test/fixtures/iceberg/make_tables.py). */
const PYICEBERG_SPEC = 'pyiceberg[sql-sqlite,pyarrow,pyiceberg-core]==0.12.0';
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

/** Node headers for native rebuilds: the given Node prefix (the running Node's by default), so node-gyp never downloads them. */
function nodeEnv(prefix = dirname(dirname(process.execPath))) {
  const env = { ...process.env };
  if (existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;
  // npm, node-gyp and install scripts run on that Node too, so the modules match its ABI.
  env.PATH = `${join(prefix, 'bin')}${delimiter}${env.PATH ?? ''}`;
  return env;
}

export async function ensureDeps() {
  const marker = join(root, 'node_modules', '.lakehouse-deps');
  const want = fingerprint(join(root, 'package.json'), join(root, 'package-lock.json'));
  if (readMarker(marker) === want) return;
  log('installing npm dependencies');
  await must('npm install', await run(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, env: nodeEnv() }));
  // npm may rewrite the lock file; fingerprint what is there now.
  writeFileSync(marker, fingerprint(join(root, 'package.json'), join(root, 'package-lock.json')));
}

/** Fetches `spec` from the npm registry (no install scripts run) and unpacks it into `dir`. */
async function unpackFromNpm(spec, dir) {
  const downloads = join(vscodeCache, 'downloads');
  mkdirSync(downloads, { recursive: true });
  const before = new Set(readdirSync(downloads));
  await must(`npm pack ${spec}`, await run(npm, ['pack', spec, '--pack-destination', downloads, '--silent'], { cwd: downloads, stdio: ['ignore', 'ignore', 'inherit'] }));
  const [name, version] = [spec.slice(0, spec.lastIndexOf('@')), spec.slice(spec.lastIndexOf('@') + 1)];
  const tgz = `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
  if (!existsSync(join(downloads, tgz))) throw new Error(`npm pack ${spec} left no ${tgz} (found ${[...readdirSync(downloads)].filter((f) => !before.has(f)).join(', ') || 'nothing'})`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await must(`unpacking ${tgz}`, await run('tar', ['xzf', join(downloads, tgz), '-C', dir, '--strip-components=1']));
  rmSync(join(downloads, tgz), { force: true });
}

/** The Node a VS Code build needs, from the npm registry (`node-<platform>-<arch>`, headers included). */
async function ensureNode(build) {
  if (!build.nodeDir) return;
  const marker = join(build.nodeDir, '.lakehouse-ready');
  if (readMarker(marker) === build.node && existsSync(build.nodeBin)) return;
  log(`fetching Node ${build.node} for VS Code ${build.vscode} (one time)`);
  await unpackFromNpm(`node-${process.platform}-${process.arch}@${build.node}`, build.nodeDir);
  writeFileSync(marker, build.node);
}

/** One VS Code server build: code-server's `lib/vscode`, its production modules, natives rebuilt for its Node. */
async function ensureVSCodeBuild(build) {
  await ensureNode(build);
  const marker = join(build.dir, '.lakehouse-ready');
  const want = `${build.codeServer} ${build.node ?? process.version} 2`;
  if (readMarker(marker) === want && existsSync(build.serverMain)) return;
  log(`preparing VS Code ${build.vscode} (code-server ${build.codeServer}, one time)`);
  const pkgDir = dirname(dirname(build.dir));
  await unpackFromNpm(`code-server@${build.codeServer}`, pkgDir);
  const env = nodeEnv(build.nodeDir);
  // Scripts stay off: some reach for GitHub. The native parts are rebuilt below against the build's Node.
  await must('VS Code server install', await run(npm, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: build.dir, env }));
  // Their names moved over the versions (native-watchdog became @vscode/native-watchdog): rebuild those present.
  const natives = ['@vscode/spdlog', 'native-watchdog', '@vscode/native-watchdog', '@parcel/watcher', '@vscode/deviceid'].filter((m) => existsSync(join(build.dir, 'node_modules', m, 'package.json')));
  await must('VS Code native modules rebuild', await run(npm, ['rebuild', ...natives], { cwd: build.dir, env }));
  const asar = join(build.dir, 'node_modules.asar');
  if (existsSync(asar) || isLink(asar)) rmSync(asar, { force: true, recursive: false });
  symlinkSync('node_modules', asar);
  writeFileSync(marker, want);
}

/** The VS Code builds of the test matrix (all of them, or those named: a version or a role). */
export async function ensureVSCode(which = VSCODE_BUILDS.map((b) => b.vscode)) {
  for (const w of which) await ensureVSCodeBuild(vscodeBuild(w));
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

export async function ensurePyiceberg() {
  await ensureMoto();
  const marker = join(venvDir, '.lakehouse-pyiceberg');
  if (readMarker(marker) === PYICEBERG_SPEC) return;
  log(`installing ${PYICEBERG_SPEC} in .venv (writes the Iceberg tables of the tests)`);
  await must('pip install pyiceberg', await run(venvPython, ['-m', 'pip', 'install', '--quiet', PYICEBERG_SPEC]));
  writeFileSync(marker, PYICEBERG_SPEC);
}

/**
 * DuckDB's iceberg and avro extensions for the DuckDB release @duckdb/node-api carries, from PyPI
 * (`duckdb-extension-iceberg`, `duckdb-extension-avro`), laid out as DuckDB's extension directory
 * expects (`<dir>/v<version>/<platform>/<name>.duckdb_extension`). On users' machines DuckDB installs
 * them from its own repository on first use; the tests run offline.
 */
export async function ensureDuckdbExtensions() {
  await ensureMoto();
  const version = duckdbVersion();
  const spec = `duckdb-extension-iceberg==${version} duckdb-extension-avro==${version}`;
  const marker = join(venvDir, '.lakehouse-duckdb-extensions');
  const target = join(duckdbExtensionsDir, `v${version}`, 'linux_amd64');
  if (readMarker(marker) === spec && ['iceberg', 'avro'].every((n) => existsSync(join(target, `${n}.duckdb_extension`)))) return;
  log(`installing DuckDB's iceberg and avro extensions ${version} from PyPI`);
  await must('pip install duckdb extensions', await run(venvPython, ['-m', 'pip', 'install', '--quiet', ...spec.split(' ')]));
  const found = await capture(venvPython, ['-c', 'import duckdb_extension_iceberg, duckdb_extension_avro, os; print(os.path.dirname(duckdb_extension_iceberg.__file__)); print(os.path.dirname(duckdb_extension_avro.__file__))']);
  await must('locate duckdb extensions', found.code);
  mkdirSync(target, { recursive: true });
  const [icebergDir, avroDir] = found.output.trim().split('\n');
  copyFileSync(join(icebergDir, 'extensions', `v${version}`, 'iceberg.duckdb_extension'), join(target, 'iceberg.duckdb_extension'));
  copyFileSync(join(avroDir, 'extensions', `v${version}`, 'avro.duckdb_extension'), join(target, 'avro.duckdb_extension'));
  writeFileSync(marker, spec);
}

/** The DuckDB release of the installed @duckdb/node-api (`1.5.5-r.5` carries DuckDB 1.5.5). */
export function duckdbVersion() {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8'));
  return pkg.version.replace(/-r\.\d+$/, '');
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

const STEPS = { deps: ensureDeps, vscode: ensureVSCode, moto: ensureMoto, pyiceberg: ensurePyiceberg, duckdbExtensions: ensureDuckdbExtensions, chromium: ensureChromium };

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
