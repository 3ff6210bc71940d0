// Every benchmark, now and at an earlier commit, side by side in the same run: did a change make
// anything slower or bigger?
//   node bench/compare.mjs --before REF [--benches splitter,sniff,…] [--runs N] [--tolerance 0.10]
// The earlier commit is checked out in a git worktree under .test-work/ and installed with its own
// `npm ci --ignore-scripts` (its own dependencies and build; the natives come prebuilt, and older
// trees' code-server postinstall refuses to run as root). Each benchmark then runs alternately there and
// here, `--runs` times each (default 1); the median of each figure is compared. A figure is a
// number in the benchmark's JSON whose name says which way is better: times, heaps and sizes
// (lower), rates, recalls and shares (higher). Prints one JSON document: per benchmark, each
// figure before and after with its change, and the figures that got worse beyond the tolerance.
// Exits 1 when one did.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root, workDir } from '../test/tools/paths.mjs';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    benches: { type: 'string', default: 'splitter,sniff,language,local-engine,results-store,grid,estimate,catalog,athena-results,activation' },
    runs: { type: 'string', default: '1' },
    tolerance: { type: 'string', default: '0.10' },
  },
});
if (!values.before) {
  console.error('usage: node bench/compare.mjs --before REF [--benches a,b] [--runs N] [--tolerance 0.10]');
  process.exit(2);
}
const runs = Number(values.runs);
const tolerance = Number(values.tolerance);
const log = (s) => process.stderr.write(`${s}\n`);

function run(cmd, args, cwd, { quiet = true } = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', quiet ? 'pipe' : 2] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}: ${(r.stderr ?? '').split('\n').slice(-8).join('\n')}`);
  return r.stdout;
}

/** The earlier commit, checked out and installed once (kept between runs of this script). */
function baselineTree(ref) {
  const sha = run('git', ['rev-parse', '--verify', `${ref}^{commit}`], root).trim();
  const dir = join(workDir, `bench-before-${sha.slice(0, 12)}`);
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(workDir, { recursive: true });
    run('git', ['worktree', 'prune'], root);
    run('git', ['worktree', 'add', '--detach', dir, sha], root);
  }
  if (!existsSync(join(dir, 'node_modules', '.package-lock.json'))) {
    log(`npm ci in ${dir}`);
    run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], dir);
  }
  log(`building ${sha.slice(0, 12)}`);
  run(process.execPath, ['esbuild.mjs', '--tests'], dir);
  return { dir, sha };
}

/** The last top-level JSON object a benchmark printed. */
function lastJson(stdout) {
  const at = stdout.lastIndexOf('\n{');
  const text = at >= 0 ? stdout.slice(at + 1) : stdout.slice(stdout.indexOf('{'));
  return JSON.parse(text);
}

/** Which way a figure is better, from its name (undefined: not a figure to compare). */
function direction(path) {
  const leaf = path.split('.').pop() ?? '';
  if (/(target|runs?|rows|count|files|columns|frames|tables|questions|size|statements|lines)$/i.test(leaf) && !/(Ms|MB|PerSecond|perSec)$/i.test(leaf)) return undefined;
  if (/(recall|share|perSecond|PerSecond|perSec|linesPerS|rate|withValues|fps)/i.test(leaf)) return 'higher';
  if (/(ms|Ms|seconds|p50|p95|p99|median|mean|max|heap|MB|bytes|ratio)/.test(leaf)) return 'lower';
  return undefined;
}

function figures(obj, prefix = '', out = new Map()) {
  if (typeof obj === 'number' && Number.isFinite(obj)) out.set(prefix, obj);
  else if (Array.isArray(obj)) {
    // Lists of numbers are per-run samples (their medians are reported beside them); lists of
    // objects are cases, compared position by position.
    obj.forEach((v, i) => v && typeof v === 'object' && figures(v, `${prefix}[${i}]`, out));
  }
  else if (obj && typeof obj === 'object') for (const [k, v] of Object.entries(obj)) figures(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const before = baselineTree(values.before);
const report = { before: before.sha, after: run('git', ['rev-parse', 'HEAD'], root).trim(), dirty: run('git', ['status', '--porcelain'], root).trim() !== '', tolerance, runs, benches: {}, worse: [] };
for (const bench of values.benches.split(',').map((s) => s.trim())) {
  const samples = { before: [], after: [] };
  for (let k = 0; k < runs; k++) {
    for (const [side, dir] of [['before', before.dir], ['after', root]]) {
      const file = join(dir, 'bench', `${bench}.mjs`);
      if (!existsSync(file)) {
        log(`${bench}: no bench/${bench}.mjs ${side}`);
        continue;
      }
      log(`${bench} ${side} run ${k + 1}`);
      const args = bench === 'activation' ? ['--runs', '3', '--vscode', 'minimum'] : [];
      try {
        samples[side].push(figures(lastJson(run(process.execPath, [file, ...args], dir))));
      } catch (e) {
        log(`${bench} ${side}: ${e.message}`);
      }
    }
  }
  if (!samples.before.length || !samples.after.length) {
    report.benches[bench] = { error: `no figures ${samples.before.length ? 'after' : 'before'}` };
    continue;
  }
  const rows = {};
  for (const [path] of samples.after[0]) {
    const way = direction(path);
    const b = samples.before.map((m) => m.get(path)).filter((v) => v !== undefined);
    const a = samples.after.map((m) => m.get(path)).filter((v) => v !== undefined);
    if (!way || !b.length || !a.length) continue;
    const mb = median(b);
    const ma = median(a);
    const change = mb === 0 ? (ma === 0 ? 0 : Infinity) : (ma - mb) / Math.abs(mb);
    const worse = way === 'lower' ? change > tolerance : change < -tolerance;
    rows[path] = { before: mb, after: ma, change: `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`, better: way, ...(worse ? { worse: true } : {}) };
    if (worse) report.worse.push(`${bench}: ${path} ${mb} → ${ma} (${rows[path].change}, ${way} is better)`);
  }
  report.benches[bench] = rows;
}
console.log(JSON.stringify(report, null, 2));
process.exitCode = report.worse.length ? 1 : 0;
