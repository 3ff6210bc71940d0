// `npm test`: every layer in order, on a fresh clone or a warm one.
//   setup → build → typecheck → lint → unit (node:test) → grammar → backend (DuckDB, moto) →
//   conformance (Trino's test corpus on the local engine) → for each VS Code of the matrix (the
//   minimum and the current): extension host (mocha in a real VS Code), each of its tests alone
//   (current build), harness self-test, UI →
//   activation benchmark → package (a VSIX per platform) → install (npm ci, npm install on a fresh clone)
// Ends with one line `N passed, N failed` over all layers; exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, VSCODE_BUILDS, vscodeBuild, workDir } from './paths.mjs';
import { capture } from './proc.mjs';
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

const wanted = (layer) => !only || only.includes(layer.split(':')[0]);

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

  // The VS Code test matrix: the manifest's minimum and the newest server build.
  // LAKEHOUSE_VSCODE=<version|minimum|current> runs one of them (for working on one).
  const matrix = process.env.LAKEHOUSE_VSCODE ? [vscodeBuild(process.env.LAKEHOUSE_VSCODE)] : VSCODE_BUILDS.map((b) => vscodeBuild(b.vscode));
  for (const build of matrix) {
    const on = `VS Code ${build.vscode}`;
    if (wanted('extension-host')) {
      banner(`extension host on ${on} (${build.role}; server build + headless Chromium)`);
      const { runExtensionHost } = await import('./extension-host.mjs');
      // moto for the AWS connection test; the extension reaches it through its endpoint setting.
      const { startMoto } = await import('./moto.mjs');
      const moto = await startMoto();
      let r;
      try {
        r = await runExtensionHost({
          suite: join(root, 'out', 'test', 'suite', 'index.js'),
          build,
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
        layer: `extension-host ${build.vscode}`,
        passed: r.passed,
        failed: r.failed + (r.timedOut && r.failed === 0 ? 1 : 0),
        skipped: r.tests.filter((t) => t.state === 'pending').length,
        failures: r.tests.filter((t) => t.state === 'failed').map((t) => `${t.title}: ${firstLine(t.error)}`),
      });
    }

    // Each test in a session of its own, on the newest build (where every test runs, none skipped
    // for a missing API): a test that passes only after another has run fails here.
    if (wanted('alone') && build.role === 'current') {
      banner(`each extension-host test alone on ${on}: its own server, browser, workspace and moto`);
      const { runEachAlone } = await import('./alone.mjs');
      const r = await runEachAlone({ build }).catch((e) => ({ passed: 0, failed: 1, skipped: 0, failures: [`the layer failed: ${e instanceof Error ? e.message : String(e)}`] }));
      results.push({ layer: `alone ${build.vscode}`, passed: r.passed, failed: r.failed, skipped: r.skipped, failures: r.failures });
    }

    if (wanted('harness')) {
      // The harness must turn a failing extension-host test into a failing run.
      banner(`harness self-test on ${on}: a deliberately failing suite must fail the run`);
      const { code, output } = await tee(node, [join(root, 'test', 'tools', 'extension-host.mjs'), '--vscode', build.vscode, '--suite', join(root, 'out', 'test', 'fixtures', 'failing-suite', 'index.js')]);
      const ok = code !== 0 && /^1 passed, 1 failed$/m.test(output) && /fails on purpose/.test(output);
      console.log(ok ? `  ✔ harness exited ${code} and reported the failure` : `  ✘ harness exited ${code}; expected non-zero with "1 passed, 1 failed"`);
      results.push({ layer: `harness ${build.vscode}`, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
    }
    if (wanted('ui')) {
      banner(`UI on ${on}: the quick start and the Catalog view as a person uses them (npm start server + browser)`);
      const { runQuickstartUiTest, report } = await import('../ui/quickstart.mjs');
      const r = await runQuickstartUiTest({ build });
      // Two checks: the quick start, then the Catalog view in the same workbench (missing when the first failed).
      const checks = [report(r), r.catalog ? report(r.catalog) : false];
      const passed = checks.filter(Boolean).length;
      results.push({ layer: `ui ${build.vscode}`, passed, failed: checks.length - passed, skipped: 0 });
    }
  }

  // Benchmarks whose targets are acceptance points, printing their JSON: activation on each VS Code
  // of the matrix (activate() within 50 ms, median of 3 fresh sessions, and no heavy module
  // loaded), and catalog search.
  if (wanted('bench')) {
    const versions = process.env.LAKEHOUSE_VSCODE ? ['--vscode', process.env.LAKEHOUSE_VSCODE] : [];
    await check('bench: activation', node, [join(root, 'bench', 'activation.mjs'), '--runs', '3', ...versions]);
    // Grounding: recall@5 of catalog search on the sample's questions, and its p95 on 10,000 tables.
    await check('bench: catalog search', node, [join(root, 'bench', 'catalog-search.mjs')]);
    // Ctrl+Enter on the local engine: every query of the sample, ours against DuckDB on the same
    // files (first statement of a process, and repeated); fails only when the answers differ.
    await check('bench: local latency', node, [join(root, 'bench', 'local-latency.mjs')]);
    // Throughput: 1,000,000 CSV rows → CTAS Parquet → an aggregate, ours against DuckDB direct on
    // the same files (target ratio ≤ 1.3, reported); fails only when the answers differ.
    await check('bench: local engine', node, [join(root, 'bench', 'local-engine.mjs')]);
    // The same in the real VS Code: Ctrl+Enter to the first rows in the grid (first run, warm p50),
    // and Athena on moto from SUCCEEDED to the first rows of a 100,000-row result.
    await check('bench: editor latency', node, [join(root, 'bench', 'editor-latency.mjs'), ...versions]);
    // The grid in headless Chromium over a million rows: first rows, sweep, page and wheel frames, heap.
    await check('bench: grid', node, [join(root, 'bench', 'grid.mjs'), '--runs', '3', '--grid-only']);
    // Iceberg in moto: 1,000 data files over 10 snapshots, estimated from the manifests (cold,
    // cached); fails when the figure is not pyiceberg's.
    await check('bench: estimate (Iceberg)', node, [join(root, 'bench', 'estimate.mjs'), '--iceberg-only']);
  }

  if (wanted('package')) {
    banner('package: npm run package builds a VSIX per platform');
    const { code } = await tee(npmCmd, ['run', '--silent', 'package']);
    const { checkVsix } = await import('./vsixCheck.mjs');
    const { VSIX_TARGETS } = await import('./package.mjs');
    let reports = [];
    if (code === 0) reports = JSON.parse(readFileSync(join(root, 'out', 'package-report.json'), 'utf8'));
    else console.log(`  ✘ npm run package exited ${code}`);
    for (const target of VSIX_TARGETS) {
      const report = reports.find((r) => r.target === target);
      const { problems, natives } = report ? checkVsix(report) : { problems: [`no VSIX for ${target}`], natives: [] };
      if (report) console.log(`  ${problems.length ? '✘' : '✔'} ${target}: ${report.megabytes} MB, ${report.files} files; ${natives.map((n) => `${n.file} ${n.format} ${n.machine}`).join(', ')}`);
      for (const p of problems) console.log(`      ${p}`);
      results.push({ layer: `package ${target}`, passed: problems.length ? 0 : 1, failed: problems.length ? 1 : 0, skipped: 0, failures: problems.map((p) => `${target}: ${p}`) });
    }
  }
  // What a new contributor and every CI system type first: `npm ci`, then `npm install`, on a fresh
  // clone of the last commit, with install scripts on, as the user running the tests.
  if (wanted('install')) {
    banner('install: npm ci and npm install on a fresh clone of the last commit (install scripts on)');
    const problems = await freshCloneInstalls();
    for (const p of problems) console.log(`  ✘ ${p}`);
    results.push({ layer: 'install', passed: problems.length ? 0 : 1, failed: problems.length ? 1 : 0, skipped: 0, failures: problems });
  }
  return finish(started);
}

async function freshCloneInstalls() {
  if (!existsSync(join(root, '.git'))) return ['not a git clone: nothing to clone from'];
  mkdirSync(workDir, { recursive: true });
  const dir = mkdtempSync(join(workDir, 'clone-'));
  try {
    const steps = [
      ['git clone', 'git', ['clone', '--quiet', '--no-local', root, dir], root],
      ['npm ci', npmCmd, ['ci', '--no-audit', '--no-fund'], dir],
      ['npm install (node_modules removed first)', npmCmd, ['install', '--no-audit', '--no-fund'], dir],
    ];
    for (const [what, cmd, args, cwd] of steps) {
      if (what.startsWith('npm install')) rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
      const t = Date.now();
      const { code, output } = await capture(cmd, args, { cwd });
      if (code !== 0) return [`${what} exited ${code}: ${output.trim().split('\n').slice(-5).join(' / ')}`];
      console.log(`  ✔ ${what} exited 0 (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    }
    const changed = (await capture('git', ['status', '--porcelain'], { cwd: dir })).output.trim();
    if (changed) return [`npm install changed tracked files: ${changed}`];
    console.log('  ✔ package-lock.json is left as committed');
    return [];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

function finish(started) {
  banner('summary');
  for (const r of results) console.log(`  ${r.layer.padEnd(26)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
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
