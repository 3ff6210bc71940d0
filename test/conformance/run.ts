/**
 * The conformance layer of `npm test`: every case of Trino's own test suite in the corpus, run on
 * the local engine and judged by the corpus README's rules. Prints the counts by area, the families
 * of what is refused, and fails on any WRONG that is not already recorded in `known-wrong.json`
 * (a list that may only shrink: a case listed there that now passes fails the layer too, so the
 * list is kept honest).
 *
 *   node out/test/conformance/run.js [--write-known-wrong] [--json FILE] [--only ID_PREFIX]
 *
 * LAKEHOUSE_CONFORMANCE_CORPUS=a.json,b.json judges other corpus files by the same rules (the
 * held-back part of the suite, for instance).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAndCollect } from '../../src/engines/collect';
import { LocalEngine } from '../../src/engines/local/localEngine';
import { judge, type Verdict } from './judge';

interface ValueCase {
  readonly id: string;
  readonly sql: string;
  readonly expected: unknown;
  readonly type: string | null;
}
interface FailCase {
  readonly id: string;
  readonly sql: string;
  readonly trinoError: string;
}
interface Corpus {
  readonly values: readonly ValueCase[];
  readonly mustFail: readonly FailCase[];
}
interface Exception {
  readonly id: string;
  readonly reason: string;
  readonly evidence: string;
}

type Outcome = Verdict | 'REFUSED' | 'EXCEPTION';

const here = resolve(__dirname, '..', '..', '..', 'test', 'conformance');
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const TIMEOUT_MS = 10_000;

function corpusFiles(): string[] {
  const env = process.env.LAKEHOUSE_CONFORMANCE_CORPUS;
  if (env) return env.split(',').map((f) => resolve(f.trim()));
  return [join(here, 'trino-cases.json')];
}

const area = (id: string): string => id.replace(/^fail-/, '').replace(/-\d+$/, '');

/** What a refusal is about, with its literals and numbers blurred, so alike refusals group. */
function family(message: string): string {
  const first = (message.split('\n')[0] ?? '').replace(/^(\w+ )?Error: /, '');
  return first
    .replace(/'[^']*'/g, (q) => (/^'[a-z_][a-z0-9_]*'$/i.test(q) ? q : "'…'"))
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b\d+(\.\d+)?\b/g, 'N')
    .slice(0, 110);
}

async function runOne(engine: LocalEngine, sql: string): Promise<{ ok: true; value: unknown; rows: number } | { ok: false; message: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const outcome = await runAndCollect(engine, { sql, signal: controller.signal }, 10);
    if (!outcome.ok) return { ok: false, message: outcome.cancelled ? `timed out after ${TIMEOUT_MS} ms` : outcome.message };
    const column = outcome.result.columns.findIndex((c) => c.name.toLowerCase() === 'v');
    const row = outcome.result.rows[0];
    return { ok: true, value: column >= 0 && row ? row[column] : undefined, rows: outcome.result.rows.length };
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  const exceptions = new Map<string, Exception>();
  for (const e of JSON.parse(readFileSync(join(here, 'exceptions.json'), 'utf8')) as Exception[]) exceptions.set(e.id, e);
  const knownFile = join(here, 'known-wrong.json');
  const known = new Set<string>(existsSync(knownFile) ? (JSON.parse(readFileSync(knownFile, 'utf8')) as string[]) : []);
  const only = flag('--only');

  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-conformance-'));
  const engine = new LocalEngine({ s3Root: join(dir, 's3') });
  const byArea = new Map<string, Record<Outcome, number>>();
  const refused = new Map<string, number>();
  const wrong: { id: string; sql: string; detail: string }[] = [];
  const outcomes: Record<string, Outcome> = {};
  /** Each refusal's message, and each WRONG's detail, for `--json`. */
  const details: Record<string, string> = {};
  const count = (a: string, o: Outcome): void => {
    const row = byArea.get(a) ?? { CORRECT: 0, 'SAME VALUE': 0, WRONG: 0, REFUSED: 0, EXCEPTION: 0 };
    row[o]++;
    byArea.set(a, row);
  };
  let values = 0;
  let answered = 0;
  let failCases = 0;
  let failedAsTrino = 0;
  const started = performance.now();
  try {
    for (const file of corpusFiles()) {
      const corpus = JSON.parse(readFileSync(file, 'utf8')) as Corpus;
      for (const c of corpus.values) {
        if (only && !c.id.startsWith(only)) continue;
        values++;
        const r = await runOne(engine, c.sql);
        let o: Outcome;
        if (exceptions.has(c.id)) o = 'EXCEPTION';
        else if (!r.ok) {
          o = 'REFUSED';
          const f = family(r.message);
          details[c.id] = r.message.split('\n')[0] ?? '';
          refused.set(f, (refused.get(f) ?? 0) + 1);
        } else {
          o = r.rows === 1 ? judge(r.value, c.expected, c.type) : 'WRONG';
          if (o === 'WRONG') {
            wrong.push({ id: c.id, sql: c.sql, detail: `expected ${JSON.stringify(c.expected)} (${c.type ?? '?'}), got ${JSON.stringify(r.value)}${r.rows === 1 ? '' : ` in ${r.rows} rows`}` });
            details[c.id] = (wrong[wrong.length - 1] as { detail: string }).detail;
          }
        }
        if (o === 'CORRECT' || o === 'SAME VALUE') answered++;
        outcomes[c.id] = o;
        count(area(c.id), o);
      }
      for (const c of corpus.mustFail) {
        if (only && !c.id.startsWith(only)) continue;
        failCases++;
        const r = await runOne(engine, c.sql);
        let o: Outcome;
        if (exceptions.has(c.id)) o = 'EXCEPTION';
        else if (r.ok) {
          o = 'WRONG';
          wrong.push({ id: c.id, sql: c.sql, detail: `Trino fails (${c.trinoError.split('\n')[0]}), got ${JSON.stringify(r.value)}` });
        } else {
          o = 'CORRECT';
          failedAsTrino++;
        }
        outcomes[c.id] = o;
        count(`fail-${area(c.id)}`, o);
      }
    }
  } finally {
    engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;

  const pct = (n: number, d: number): string => `${d ? ((100 * n) / d).toFixed(1) : '0.0'}%`;
  console.log('area                 correct  same  wrong  refused  exception');
  for (const [a, r] of [...byArea].sort(([x], [y]) => x.localeCompare(y))) {
    console.log(`${a.padEnd(20)} ${String(r.CORRECT).padStart(7)} ${String(r['SAME VALUE']).padStart(5)} ${String(r.WRONG).padStart(6)} ${String(r.REFUSED).padStart(8)} ${String(r.EXCEPTION).padStart(10)}`);
  }
  console.log('\nrefused, by family (most frequent first):');
  for (const [f, n] of [...refused].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${String(n).padStart(6)}  ${f}`);
  const totals = (o: Outcome): number => [...byArea].filter(([a]) => !a.startsWith('fail-')).reduce((s, [, r]) => s + r[o], 0);
  const wrongValues = wrong.filter((w) => !w.id.startsWith('fail-')).length;
  const wrongFails = wrong.length - wrongValues;
  const newWrong = wrong.filter((w) => !known.has(w.id));
  const fixed = [...known].filter((id) => outcomes[id] !== undefined && outcomes[id] !== 'WRONG');
  console.log(
    `\nconformance: values ${totals('CORRECT')} correct + ${totals('SAME VALUE')} same value = ${answered} / ${values} answered (${pct(answered, values)}), ` +
      `${wrongValues} WRONG, ${totals('REFUSED')} refused, ${totals('EXCEPTION')} exceptions; mustFail ${failedAsTrino} / ${failCases} failed, ${wrongFails} WRONG; ` +
      `${seconds.toFixed(1)} s`,
  );
  const report = flag('--json');
  if (report) writeFileSync(report, JSON.stringify({ values, answered, wrong, refused: Object.fromEntries(refused), byArea: Object.fromEntries(byArea), outcomes, details }, null, 1));
  if (args.includes('--write-known-wrong')) {
    writeFileSync(knownFile, `${JSON.stringify(wrong.map((w) => w.id).sort(), null, 0).replace(/","/g, '",\n"')}\n`);
    console.log(`wrote ${wrong.length} ids to ${knownFile}`);
    return;
  }
  if (newWrong.length) {
    console.log(`\n${newWrong.length} WRONG not recorded in known-wrong.json (a silently different answer):`);
    for (const w of newWrong.slice(0, 60)) console.log(`  ${w.id}: ${w.sql}\n      ${w.detail}`);
  }
  if (fixed.length) {
    console.log(`\n${fixed.length} cases in known-wrong.json are no longer WRONG: remove them from the list (node out/test/conformance/run.js --write-known-wrong).`);
    for (const id of fixed.slice(0, 30)) console.log(`  ${id}: ${outcomes[id]}`);
  }
  console.log(`known WRONG still to fix: ${wrong.length - newWrong.length} (target 0)`);
  if (newWrong.length || fixed.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
