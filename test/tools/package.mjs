// `npm run package`: a platform-specific VSIX (DuckDB is native) built with @vscode/vsce.
// Prints the VSIX path, its size and what it holds.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './paths.mjs';
import { setup } from './setup.mjs';

await setup(['deps']);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const target = process.env.LAKEHOUSE_VSIX_TARGET ?? `${process.platform}-${process.arch}`;
const out = join(root, `${pkg.name}-${target}-${pkg.version}.vsix`);

// README images are relative (media/screenshots/ ships in the VSIX): with no repository URL
// to rewrite them to, vsce is told to leave them as they are.
// Keep only this target's DuckDB binding.
const ignoreFile = join(root, 'out', '.vscodeignore.package');
const bindingsDir = join(root, 'node_modules', '@duckdb');
const others = spawnSync('ls', [bindingsDir], { encoding: 'utf8' })
  .stdout.split('\n')
  .filter((d) => d.startsWith('node-bindings-') && d !== `node-bindings-${target}`);
spawnSync('mkdir', ['-p', join(root, 'out')]);
writeFileSync(ignoreFile, [readFileSync(join(root, '.vscodeignore'), 'utf8'), ...others.map((d) => `node_modules/@duckdb/${d}/**`)].join('\n') + '\n');

const vsce = join(root, 'node_modules', '.bin', 'vsce');
const r = spawnSync(vsce, ['package', '--target', target, '--out', out, '--ignoreFile', ignoreFile, '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links'], {
  cwd: root,
  stdio: 'inherit',
});
if (r.status !== 0) process.exit(r.status ?? 1);
const listing = spawnSync('unzip', ['-l', out], { encoding: 'utf8' }).stdout;
const files = listing.split('\n').filter((l) => /^\s*\d+\s+\S+\s+\S+\s+extension\//.test(l));
const bytes = statSync(out).size;
console.log(JSON.stringify({ vsix: out, target, bytes, megabytes: Math.round((bytes / 1024 / 1024) * 100) / 100, files: files.length }, null, 2));
