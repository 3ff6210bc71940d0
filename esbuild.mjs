// Bundles the extension (Node, CommonJS), the CLI, and the results webview (browser), and with
// --tests transpiles sources and tests file-by-file into out/ for node:test and mocha.
// Type checking is its own step (`npm run typecheck`).
import * as esbuild from 'esbuild';
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

// Native and host-provided modules stay outside the bundle and are loaded lazily at run time.
const external = ['vscode', '@duckdb/node-api', '@duckdb/node-bindings', '@aws-sdk/*', '@smithy/*'];

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's main build is UMD with requires a bundler cannot follow: bundle its ES modules.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external,
    banner: { js: '#!/usr/bin/env node' },
  },
  // The AWS backend with the SDK inside: loaded on first use by the extension and the CLI.
  { ...common, entryPoints: ['src/engines/aws/index.ts'], outfile: 'dist/aws.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  // The scan estimator with its Parquet footer reader (hyparquet), loaded on the first estimate.
  { ...common, entryPoints: ['src/engines/estimator.ts'], outfile: 'dist/estimate.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  // `lakehouse mcp`: the MCP server with the SDK inside, loaded by that command only.
  { ...common, entryPoints: ['src/cli/mcp.ts'], outfile: 'dist/mcp.js', platform: 'node', format: 'cjs', target: 'node20', external },
  // Data contracts (YAML, the ODCS JSON schema and its validator), loaded with the first contract.
  { ...common, entryPoints: ['src/core/contracts/index.ts'], outfile: 'dist/contracts.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  // sql-formatter, loaded on the first Format Document.
  { ...common, entryPoints: ['src/core/format/formatter.ts'], outfile: 'dist/format.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { ...common, entryPoints: ['webview/results/main.ts'], outfile: 'dist/webview/results.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The results page's stylesheet, with SlickGrid's layout rules inlined.
  { ...common, entryPoints: ['webview/results/results.css'], outfile: 'dist/webview/results.css', loader: { '.css': 'css' } },
];

function filesOf(dir, keep) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return filesOf(p, keep);
    return keep(p) ? [p] : [];
  });
}
const tsFiles = (dir) => filesOf(dir, (p) => p.endsWith('.ts') && !p.endsWith('.d.ts'));

if (args.has('--tests')) {
  rmSync('out', { recursive: true, force: true });
  builds.push({
    entryPoints: [...tsFiles('src'), ...tsFiles('test'), ...tsFiles('bench')],
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

if (!production && !args.has('--keep')) rmSync('dist', { recursive: true, force: true });

// Transpiled file by file, sources keep requiring their JSON data (the contract schema): copied beside them.
if (args.has('--tests')) for (const f of filesOf('src', (p) => p.endsWith('.json'))) cpSync(f, join('out', f));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
