// `npm run package`: one VSIX per platform (DuckDB is native), built with @vscode/vsce. Each carries
// exactly its own `@duckdb/node-bindings-<target>`: the host's comes from node_modules, the others
// from the npm registry (fetched for the build, then removed again).
//   npm run package                       all five targets
//   LAKEHOUSE_VSIX_TARGET=linux-x64 npm run package
// Prints a JSON array: per target the VSIX path, its size and how many files it holds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './paths.mjs';
import { run } from './proc.mjs';
import { setup } from './setup.mjs';

/** The platforms a VSIX is built for (vsce's target names, which DuckDB's binding packages share). */
export const VSIX_TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const bindingsDir = join(root, 'node_modules', '@duckdb');
const bindingVersion = () => JSON.parse(readFileSync(join(bindingsDir, 'node-bindings', 'package.json'), 'utf8')).version;
const installedVersion = (dir) => (existsSync(join(dir, 'package.json')) ? JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version : undefined);

/** Puts `@duckdb/node-bindings-<target>` into node_modules when it is not there; returns whether it did. */
async function ensureBinding(target, version) {
  const dir = join(bindingsDir, `node-bindings-${target}`);
  if (installedVersion(dir) === version) return false;
  const downloads = join(root, 'out', 'bindings');
  mkdirSync(downloads, { recursive: true });
  const spec = `@duckdb/node-bindings-${target}@${version}`;
  if ((await run(npm, ['pack', spec, '--pack-destination', downloads, '--silent'], { cwd: downloads, stdio: ['ignore', 'ignore', 'inherit'] })) !== 0) {
    throw new Error(`npm pack ${spec} failed`);
  }
  const tgz = join(downloads, `duckdb-node-bindings-${target}-${version}.tgz`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if ((await run('tar', ['xzf', tgz, '-C', dir, '--strip-components=1'])) !== 0) throw new Error(`unpacking ${tgz} failed`);
  rmSync(tgz, { force: true });
  return true;
}

async function packageTarget(pkg, target, version) {
  const out = join(root, `${pkg.name}-${target}-${pkg.version}.vsix`);
  const fetched = await ensureBinding(target, version);
  try {
    // Keep only this target's DuckDB binding. vsce lets a `!` pattern win over any other, so the
    // general one (every binding) becomes this target's.
    const ignoreFile = join(root, 'out', `.vscodeignore.${target}`);
    const general = '!node_modules/@duckdb/node-bindings-*/**';
    const base = readFileSync(join(root, '.vscodeignore'), 'utf8');
    if (!base.includes(general)) throw new Error(`.vscodeignore no longer has ${general}: update test/tools/package.mjs`);
    const others = readdirSync(bindingsDir).filter((d) => d.startsWith('node-bindings-') && d !== `node-bindings-${target}`);
    writeFileSync(ignoreFile, [base.replace(general, `!node_modules/@duckdb/node-bindings-${target}/**`), ...others.map((d) => `node_modules/@duckdb/${d}/**`)].join('\n') + '\n');
    const vsce = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
    const r = spawnSync(vsce, ['package', '--target', target, '--out', out, '--ignoreFile', ignoreFile], { cwd: root, stdio: ['ignore', 2, 2] });
    if (r.status !== 0) throw new Error(`vsce package --target ${target} exited ${r.status}`);
  } finally {
    if (fetched) rmSync(join(bindingsDir, `node-bindings-${target}`), { recursive: true, force: true });
  }
  const listing = spawnSync('unzip', ['-l', out], { encoding: 'utf8' }).stdout;
  const files = listing.split('\n').filter((l) => /^\s*\d+\s+\S+\s+\S+\s+extension\//.test(l));
  const bytes = statSync(out).size;
  return { vsix: out, target, bytes, megabytes: Math.round((bytes / 1024 / 1024) * 100) / 100, files: files.length };
}

async function main() {
  await setup(['deps']);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const targets = process.env.LAKEHOUSE_VSIX_TARGET ? process.env.LAKEHOUSE_VSIX_TARGET.split(',').map((t) => t.trim()) : VSIX_TARGETS;
  const unknown = targets.filter((t) => !VSIX_TARGETS.includes(t));
  if (unknown.length) throw new Error(`unknown target ${unknown.join(', ')}: one of ${VSIX_TARGETS.join(', ')}`);
  const version = bindingVersion();
  const reports = [];
  for (const target of targets) {
    process.stderr.write(`package: ${target}\n`);
    reports.push(await packageTarget(pkg, target, version));
  }
  // The report on stdout, and in out/ for the package test.
  writeFileSync(join(root, 'out', 'package-report.json'), JSON.stringify(reports, null, 2));
  console.log(JSON.stringify(reports, null, 2));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`package: ${e.message}`);
    process.exit(1);
  });
}
