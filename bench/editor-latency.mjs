// Ctrl+Enter to the first rows drawn, in the real VS Code (server build + headless Chromium) on a
// fresh copy of the sample lakehouse (local engine): the first run of a session, and each query of
// the sample's FinOps and reliability files run again five times (bench/editor-latency-host.ts).
//   npm run bench:editor-latency [-- --vscode VERSION|minimum|current]
// Then Athena on moto: a 100,000-row SELECT, from the poll that saw SUCCEEDED to the first rows
// drawn (and to the whole result), five times.
// The first run is the median over three fresh sessions (each its own server, browser and sample).
// Targets: warm p50 ≤ 150 ms, first run ≤ 1 s, Athena SUCCEEDED to first rows ≤ 300 ms. Prints JSON.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runExtensionHost } from '../test/tools/extension-host.mjs';
import { root, vscodeBuild } from '../test/tools/paths.mjs';
import { startMoto } from '../test/tools/moto.mjs';
import { ensureVSCode, setup } from '../test/tools/setup.mjs';

const vscodeArg = process.argv.indexOf('--vscode');
const build = vscodeBuild(vscodeArg > 0 ? process.argv[vscodeArg + 1] : 'current');
const log = (m) => process.stderr.write(`${m}\n`);
const round = (x) => Math.round(x * 10) / 10;
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const origLog = console.log;
console.log = (...a) => process.stderr.write(`${a.join(' ')}\n`);
await setup(['deps', 'chromium', 'moto']);
await ensureVSCode([build.vscode]);
if (spawnSync(process.execPath, ['esbuild.mjs', '--production', '--tests'], { cwd: root, stdio: ['ignore', 2, 2] }).status !== 0) process.exit(1);
// The first run of a session varies from session to session: it is measured in FIRST_SESSIONS
// fresh sessions (the first of them also runs everything else) and the median is reported.
const FIRST_SESSIONS = 3;
const session = async (env) =>
  runExtensionHost({
    suite: join(root, 'out', 'bench', 'editor-latency-host.js'),
    build,
    workspace: join(root, 'samples', 'public-sector-lakehouse'),
    sample: true,
    timeoutMs: 300_000,
    quiet: true,
    env,
  });
const moto = await startMoto();
const r = await session({ LAKEHOUSE_TEST_MOTO: moto.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' }).finally(() => moto.stop());
const firstRuns = r.bench ? [{ ms: r.bench.firstRunMs, readyMs: r.bench.firstRunResultReadyMs }] : [];
for (let k = 1; k < FIRST_SESSIONS && r.bench; k++) {
  const again = await session({ LAKEHOUSE_BENCH_FIRST_ONLY: '1' });
  if (again.bench) firstRuns.push({ ms: again.bench.firstRunMs, readyMs: again.bench.firstRunResultReadyMs });
}
console.log = origLog;
if (!r.bench) {
  log(`no figures: ${r.tests.map((t) => t.error).join('; ')}`);
  process.exit(1);
}
const all = r.bench.results.flatMap((q) => q.warmMs);
const report = {
  benchmark: 'editor-latency',
  vscode: build.vscode,
  what: 'lakehouse.runStatement (Ctrl+Enter) until the results webview has built the grid with its first rows',
  firstRunMs: round(quantile(firstRuns.map((f) => f.ms), 0.5)),
  firstRunResultReadyMs: round(quantile(firstRuns.map((f) => f.readyMs), 0.5)),
  firstRunSessions: firstRuns.map((f) => ({ firstRunMs: round(f.ms), resultReadyMs: round(f.readyMs) })),
  firstQuery: r.bench.firstQuery,
  warm: { runs: all.length, p50Ms: round(quantile(all, 0.5)), p95Ms: round(quantile(all, 0.95)), maxMs: round(Math.max(...all)) },
  perQuery: r.bench.results.map((q) => ({ query: q.query, p50Ms: round(quantile(q.warmMs, 0.5)), samples: q.warmMs.map(round) })),
  targets: { warmP50Ms: 150, firstRunMs: 1000, athenaSucceededToFirstRowsMs: 300 },
};
const athena = r.bench.athena;
if (athena) {
  const med = (k) => round(quantile(athena.runs.map((x) => x[k]), 0.5));
  report.athena = {
    what: `Athena on moto, ${athena.rows.toLocaleString('en')} rows × ${athena.columns} columns: from the poll that saw SUCCEEDED to the first rows drawn (median of ${athena.runs.length})`,
    succeededToFirstRowsMs: med('readyToFirstRowsMs'),
    succeededToWholeResultMs: med('readyToWholeMs'),
    stateChangeToFirstRowsMs: med('stateChangeToFirstRowsMs'),
    rowsInFirstDraw: med('firstRowCount'),
    samples: athena.runs.map((x) => ({ succeededToFirstRowsMs: round(x.readyToFirstRowsMs), succeededToWholeMs: round(x.readyToWholeMs), stateChangeToFirstRowsMs: round(x.stateChangeToFirstRowsMs), rowsInFirstDraw: x.firstRowCount })),
  };
}
report.met = { warmP50: report.warm.p50Ms <= 150, firstRun: report.firstRunMs <= 1000, athenaFirstRows: athena ? report.athena.succeededToFirstRowsMs <= 300 : false };
report.meetsTarget = Object.values(report.met).every(Boolean);
console.log(JSON.stringify(report, null, 2));
