// Activation benchmark in the real VS Code (server build + headless Chromium).
//   npm run bench:activation [-- --runs N]
// Each run is a fresh VS Code session; prints one JSON object with per-run figures and medians.
// `activateMs` is the time inside activate() (the target); `sinceModuleLoadMs` runs from the
// bundle's evaluation to the end of activate(); `activateCallMs` is the extension host's round
// trip for ext.activate(), module loading included.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runExtensionHost } from '../test/tools/extension-host.mjs';
import { root } from '../test/tools/paths.mjs';
import { setup } from '../test/tools/setup.mjs';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const TARGET_MS = 50;

const log = (m) => process.stderr.write(`${m}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 100) / 100;

// Tooling output goes to stderr so stdout carries only the JSON.
const origLog = console.log;
console.log = (...a) => process.stderr.write(`${a.join(' ')}\n`);
await setup(['deps', 'vscode', 'chromium']);
const built = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--tests'], { cwd: root, stdio: ['ignore', 2, 2] });
if (built.status !== 0) process.exit(1);

const samples = [];
for (let i = 0; i < runs; i++) {
  const r = await runExtensionHost({ suite: join(root, 'out', 'bench', 'activation-host.js'), timeoutMs: 120_000, quiet: true });
  if (!r.bench) {
    log(`run ${i + 1}: no figures (${r.tests.map((t) => t.error).join('; ')})`);
    process.exit(1);
  }
  log(`run ${i + 1}/${runs}: activate ${r.bench.activateMs.toFixed(2)} ms, ext.activate() ${r.bench.activateCallMs.toFixed(2)} ms`);
  samples.push(r.bench);
}
console.log = origLog;
const activate = samples.map((s) => s.activateMs);
const call = samples.map((s) => s.activateCallMs);
const sinceLoad = samples.map((s) => s.sinceModuleLoadMs);
const heavy = [...new Set(samples.flatMap((s) => s.heavyModulesLoaded))];
const report = {
  benchmark: 'activation',
  vscode: '1.100.3 (code-server server build, headless Chromium)',
  bundle: 'production',
  runs,
  activateMs: { median: round(median(activate)), min: round(Math.min(...activate)), max: round(Math.max(...activate)), samples: activate.map(round) },
  sinceModuleLoadMs: { median: round(median(sinceLoad)), min: round(Math.min(...sinceLoad)), max: round(Math.max(...sinceLoad)), samples: sinceLoad.map(round) },
  activateCallMs: { median: round(median(call)), min: round(Math.min(...call)), max: round(Math.max(...call)), samples: call.map(round) },
  heavyModulesLoadedAtActivation: heavy,
  targetMs: TARGET_MS,
  meetsTarget: median(activate) < TARGET_MS && heavy.length === 0,
};
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.meetsTarget ? 0 : 1;
