// `npm test`: every layer in order, on a fresh clone or a warm one.
//   setup → build → typecheck → lint → unit (node:test) → grammar → backend (DuckDB, moto) →
//   conformance (Trino's test corpus on the local engine) → extension host (mocha in a real VS Code) → harness self-test → UI quick start → package
// Ends with one line `N passed, N failed` over all layers; exits non-zero on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './paths.mjs';
import { setup } from './setup.mjs';

const results = []; // { layer, passed, failed, skipped, failures?: string[] }
const only = process.env.LAKEHOUSE_TEST_LAYERS?.split(',').map((s) => s.trim());

function banner(title) {
  console.log(`\n━━━ ${title} ━━━`);
}

/** Runs a command, streaming its output, and returns { code, output }. */
function tee(cmd, args, env = {}) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (stream) => (d) => {
      output += d;
      stream.write(d);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('error', (e) => done({ code: 127, output: `${output}\n${e.message}` }));
    child.on('exit', (code, signal) => done({ code: code ?? (signal ? 128 : 1), output }));
  });
}

const wanted = (layer) => !only || only.includes(layer);

async function check(layer, cmd, args) {
  if (!wanted(layer)) return true;
  banner(layer);
  const { code } = await tee(cmd, args);
  results.push({ layer, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 });
  return code === 0;
}

async function nodeTests(layer, dir, env) {
  if (!wanted(layer)) return;
  banner(layer);
  const { code, output } = await tee(process.execPath, ['--test', '--test-reporter=spec', '--test-timeout=300000', dir], env);
  const count = (name) => Number(new RegExp(`^ℹ ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
  const passed = count('pass');
  let failed = count('fail') + count('cancelled');
  if (code !== 0 && failed === 0) failed = 1; // the runner itself failed
  results.push({ layer, passed, failed, skipped: count('skipped'), failures: nodeFailures(output) });
}

async function main() {
  const started = Date.now();
  banner('setup');
  await setup();

  const node = process.execPath;
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  if (!(await check('build', node, ['esbuild.mjs', '--tests']))) return finish(started);
  await check('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  await check('typecheck:webview', bin('tsc'), ['-p', 'webview/tsconfig.json', '--noEmit']);
  await check('lint', bin('eslint'), ['--max-warnings', '0', '.']);
  await nodeTests('unit', 'out/test/unit/');
  await check('grammar', node, [join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js'), '-g', 'syntaxes/athena-sql.tmLanguage.json', 'test/grammar/*.sql']);

  if (wanted('backend')) {
    const { startMoto } = await import('./moto.mjs');
    const moto = await startMoto();
    try {
      await nodeTests('backend', 'out/test/backend/', {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: 'us-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });
    } finally {
      await moto.stop();
    }
  }

  // Trino's own test suite as the oracle: fails on any WRONG answer not already recorded.
  await check('conformance', node, [join(root, 'out', 'test', 'conformance', 'run.js')]);

  if (wanted('extension-host')) {
    banner('extension host (VS Code 1.100.3 server + headless Chromium)');
    const { runExtensionHost } = await import('./extension-host.mjs');
    // moto for the AWS connection test; the extension reaches it through its endpoint setting.
    const { startMoto } = await import('./moto.mjs');
    const moto = await startMoto();
    let r;
    try {
      r = await runExtensionHost({
        suite: join(root, 'out', 'test', 'suite', 'index.js'),
        // The sample lakehouse, built, with the fixtures' query files on top.
        workspace: join(root, 'samples', 'public-sector-lakehouse'),
        overlay: join(root, 'test', 'fixtures', 'workspace'),
        sample: true,
        env: { LAKEHOUSE_TEST_MOTO: moto.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
      });
    } finally {
      await moto.stop();
    }
    results.push({
      layer: 'extension-host',
      passed: r.passed,
      failed: r.failed + (r.timedOut && r.failed === 0 ? 1 : 0),
      skipped: r.tests.filter((t) => t.state === 'pending').length,
      failures: r.tests.filter((t) => t.state === 'failed').map((t) => `${t.title}: ${firstLine(t.error)}`),
    });
  }

  if (wanted('harness')) {
    // The harness must turn a failing extension-host test into a failing run.
    banner('harness self-test: a deliberately failing suite must fail the run');
    const { code, output } = await tee(node, [join(root, 'test', 'tools', 'extension-host.mjs'), '--suite', join(root, 'out', 'test', 'fixtures', 'failing-suite', 'index.js')]);
    const ok = code !== 0 && /^1 passed, 1 failed$/m.test(output) && /fails on purpose/.test(output);
    console.log(ok ? `  ✔ harness exited ${code} and reported the failure` : `  ✘ harness exited ${code}; expected non-zero with "1 passed, 1 failed"`);
    results.push({ layer: 'harness', passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
  }
  if (wanted('ui')) {
    banner('UI: the quick start and the Catalog view as a person uses them (npm start server + browser)');
    const { runQuickstartUiTest, report } = await import('../ui/quickstart.mjs');
    const r = await runQuickstartUiTest();
    // Two checks: the quick start, then the Catalog view in the same workbench (missing when the first failed).
    const checks = [report(r), r.catalog ? report(r.catalog) : false];
    const passed = checks.filter(Boolean).length;
    results.push({ layer: 'ui', passed, failed: checks.length - passed, skipped: 0 });
  }

  if (wanted('package')) {
    banner('package: npm run package builds a VSIX');
    const { code, output } = await tee(npmCmd, ['run', '--silent', 'package']);
    const problems = code === 0 ? checkVsix(output) : [`npm run package exited ${code}`];
    for (const p of problems) console.log(`  ✘ ${p}`);
    if (!problems.length) console.log('  ✔ the VSIX holds the bundles, media, grammar and this platform\'s DuckDB, and no sources or tests');
    results.push({ layer: 'package', passed: problems.length ? 0 : 1, failed: problems.length ? 1 : 0, skipped: 0 });
  }
  return finish(started);
}

/** The failing tests named in node:test's spec report (its closing "failing tests" list). */
function nodeFailures(output) {
  const at = output.lastIndexOf('✖ failing tests:');
  if (at < 0) return [];
  const names = [];
  let where = '';
  for (const line of output.slice(at).split('\n').slice(1)) {
    const file = /^test at (\S+)/.exec(line);
    if (file) where = file[1];
    else if (/^✖ /.test(line)) names.push(`${line.slice(2).trim()}${where ? ` (${where})` : ''}`);
  }
  return names;
}

const firstLine = (text) => (text ?? '').split('\n').find((l) => l.trim())?.trim().slice(0, 300) ?? '';

const npmCmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What a shippable VSIX must (and must not) hold. */
function checkVsix(output) {
  const report = JSON.parse(output.slice(output.lastIndexOf('{\n')));
  const listing = spawnSync('python3', ['-m', 'zipfile', '-l', report.vsix], { encoding: 'utf8' }).stdout;
  const files = listing.split('\n').map((l) => l.split(/\s+/)[0]).filter(Boolean);
  const has = (re) => files.some((f) => re.test(f));
  const problems = [];
  for (const [what, re] of [
    ['dist/extension.js', /^extension\/dist\/extension\.js$/],
    ['dist/cli.js', /^extension\/dist\/cli\.js$/],
    ['the AWS backend bundle (dist/aws.js)', /^extension\/dist\/aws\.js$/],
    ['the formatter bundle (dist/format.js)', /^extension\/dist\/format\.js$/],
    ['the snippets', /^extension\/sql-snippets\/athena-sql\.code-snippets$/],
    ['the results webview bundle', /^extension\/dist\/webview\/results\.js$/],
    ['the results stylesheet (dist/webview/results.css)', /^extension\/dist\/webview\/results\.css$/],
    ['the Athena SQL grammar', /^extension\/syntaxes\/athena-sql\.tmLanguage\.json$/],
    ['README.md', /^extension\/readme\.md$/i],
    [`DuckDB's native library for ${report.target}`, new RegExp(`^extension/node_modules/@duckdb/node-bindings-${report.target}/.*\\.(node|so|dylib|dll)$`)],
  ]) {
    if (!has(re)) problems.push(`missing ${what}`);
  }
  for (const [what, re] of [
    ['TypeScript sources', /^extension\/(src|webview|test|bench)\//],
    ['source maps', /\.map$/],
    ['dev dependencies', /^extension\/node_modules\/(code-server|typescript|esbuild|playwright-core|mocha)\//],
  ]) {
    if (has(re)) problems.push(`holds ${what}`);
  }
  console.log(`  ${report.vsix}: ${report.megabytes} MB, ${report.files} files`);
  return problems;
}

function finish(started) {
  banner('summary');
  for (const r of results) console.log(`  ${r.layer.padEnd(22)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
  // Name what failed here, at the end, where a log's tail is read.
  for (const r of results) for (const f of r.failures ?? []) console.log(`  ✘ ${r.layer}: ${f}`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`  took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(`\nnpm test: ${e.stack ?? e}`);
  console.log(`${results.reduce((n, r) => n + r.passed, 0)} passed, ${results.reduce((n, r) => n + r.failed, 0) + 1} failed`);
  process.exitCode = 1;
});
