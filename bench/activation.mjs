// Activation benchmark in the real VS Code (server build + headless Chromium).
//   npm run bench:activation [-- --runs N] [-- --vscode VERSION|minimum|current]
// Each run is a fresh VS Code session, on each VS Code of the test matrix (the manifest's minimum
// and the current build) unless one is named; prints one JSON object with per-run figures and
// medians per version.
// `activateMs` is the time inside activate() (the target); `sinceModuleLoadMs` runs from the
// bundle's evaluation to the end of activate(); `activateCallMs` is the extension host's round
// trip for ext.activate(), module loading included.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runExtensionHost } from '../test/tools/extension-host.mjs';
import { root, VSCODE_BUILDS, vscodeBuild } from '../test/tools/paths.mjs';
import { ensureVSCode, setup } from '../test/tools/setup.mjs';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const vscodeArg = process.argv.indexOf('--vscode');
const builds = (vscodeArg > 0 ? [process.argv[vscodeArg + 1]] : VSCODE_BUILDS.map((b) => b.vscode)).map((v) => vscodeBuild(v));
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
await setup(['deps', 'chromium']);
await ensureVSCode(builds.map((b) => b.vscode));
const built = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--tests'], { cwd: root, stdio: ['ignore', 2, 2] });
if (built.status !== 0) process.exit(1);

const stats = (xs) => ({ median: round(median(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)), samples: xs.map(round) });
const versions = [];
for (const build of builds) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = await runExtensionHost({ suite: join(root, 'out', 'bench', 'activation-host.js'), build, timeoutMs: 120_000, quiet: true });
    if (!r.bench) {
      log(`VS Code ${build.vscode} run ${i + 1}: no figures (${r.tests.map((t) => t.error).join('; ')})`);
      process.exit(1);
    }
    log(`VS Code ${build.vscode} run ${i + 1}/${runs}: activate ${r.bench.activateMs.toFixed(2)} ms, ext.activate() ${r.bench.activateCallMs.toFixed(2)} ms`);
    samples.push(r.bench);
  }
  const heavy = [...new Set(samples.flatMap((s) => s.heavyModulesLoaded))];
  const activateMs = stats(samples.map((s) => s.activateMs));
  versions.push({
    vscode: `${build.vscode} (${build.role}; code-server ${build.codeServer} server build, headless Chromium)`,
    activateMs,
    sinceModuleLoadMs: stats(samples.map((s) => s.sinceModuleLoadMs)),
    activateCallMs: stats(samples.map((s) => s.activateCallMs)),
    heavyModulesLoadedAtActivation: heavy,
    meetsTarget: activateMs.median < TARGET_MS && heavy.length === 0,
  });
}
console.log = origLog;
const report = {
  benchmark: 'activation',
  bundle: 'production',
  runs,
  targetMs: TARGET_MS,
  versions,
  meetsTarget: versions.every((v) => v.meetsTarget),
};
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.meetsTarget ? 0 : 1;
