import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { findWorkspace } from '../../src/cli/workspace';
import { prepareSample } from '../../src/engines/local/sampleLakehouse';
import { BUCKET, generatePublicSectorLakehouse } from '../../src/core/sample/publicSector';
import type { CollectedResult } from '../../src/engines/collect';
import { runAndCollect } from '../../src/engines/collect';
import { LocalEngine } from '../../src/engines/local/localEngine';
import { splitStatements } from '../../src/core/sql/splitter';

const repo = resolve(__dirname, '..', '..', '..');
const sampleDir = join(repo, 'samples', 'public-sector-lakehouse');

/** A copy of the sample's SQL and settings, without its data or catalog. */
function freshCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'lakehouse-sample-')), 'public-sector-lakehouse');
  cpSync(sampleDir, dir, { recursive: true, filter: (src) => !/[\\/](s3|\.lakehouse)$/.test(src) });
  return dir;
}

const engines: LocalEngine[] = [];
after(() => engines.forEach((e) => e.dispose()));

test('every statement of every sample SQL file runs, in order, on a fresh local catalog', async () => {
  const dir = freshCopy();
  const ws = findWorkspace(dir, undefined, undefined);
  // Data only: the statements themselves are run below, one by one.
  const engine = new LocalEngine({ lakehouseDir: ws.lakehouseDir, s3Root: ws.s3Root });
  engines.push(engine);
  let rows = 0;
  for (const f of generatePublicSectorLakehouse()) {
    await engine.objects.write(`s3://${BUCKET}/${f.key}`, f.body);
    rows += f.rows;
  }
  assert.ok(rows >= 200_000, `${rows} rows generated`);

  const results = new Map<string, CollectedResult[]>();
  const files = readdirSync(dir).filter((f) => /^\d\d_.*\.sql$/.test(f)).sort();
  assert.deepEqual(files, ['01_raw_tables.sql', '02_data_quality.sql', '03_curated_star_schema.sql', '04_finops.sql', '05_reliability_sla.sql']);
  let statements = 0;
  for (const file of files) {
    const list: CollectedResult[] = [];
    for (const s of splitStatements(readFileSync(join(dir, file), 'utf8'))) {
      const outcome = await runAndCollect(engine, { sql: s.text }, 10_000);
      assert.ok(outcome.ok, `${file}: ${outcome.ok ? '' : outcome.message}\n${s.text.slice(0, 300)}`);
      list.push(outcome.result);
      statements++;
    }
    results.set(file, list);
  }
  assert.ok(statements >= 35, `${statements} statements`);
  const at = (file: string, i: number): unknown[][] => (results.get(file)?.[i]?.rows ?? []).map((r) => [...r]);

  // Row counts of the raw layer.
  assert.deepEqual(at('02_data_quality.sql', 0), [
    ['agencies', '20'],
    ['availability_daily', '164400'],
    ['budgets', '246'],
    ['cost_monthly', '32400'],
    ['incidents', '6314'],
    ['services', '150'],
    ['usage_monthly', '32400'],
  ]);
  // Every data-quality check passes on the generated data.
  assert.deepEqual(at('02_data_quality.sql', 1), [['0', '0', '0']]);
  for (const i of [2, 3, 4, 6]) assert.deepEqual(at('02_data_quality.sql', i), [], `check ${i + 1} finds nothing`);
  assert.deepEqual(at('02_data_quality.sql', 5), [['0', '0']]);
  // The curated facts: partitions written by CTAS, and the seed's known aggregates.
  const check = async (sql: string): Promise<unknown[][]> => {
    const o = await runAndCollect(engine, { sql }, 100);
    assert.ok(o.ok, o.ok ? '' : o.message);
    return o.result.rows.map((r) => [...r]);
  };
  assert.deepEqual(await check('SELECT count(*) FROM (SELECT DISTINCT year, month FROM ps_cloud_curated.fact_cost_monthly)'), [['36']]);
  assert.equal((await check('SHOW PARTITIONS ps_cloud_curated.fact_cost_monthly')).length, 36);
  assert.deepEqual(
    at('05_reliability_sla.sql', 0).map((r) => r.map(Number)),
    [
      [2022, 150, 128, 85.3],
      [2023, 150, 133, 88.7],
      [2024, 150, 141, 94],
    ],
  );
  assert.deepEqual(
    at('04_finops.sql', 3)
      .slice(0, 3)
      .map(([year, kind, cost, share]) => [year, kind, Number(cost), Number(share)]),
    [
      ['2022', 'on_premises', 511535, 44.1],
      ['2022', 'hyperscaler', 364236, 31.4],
      ['2022', 'sovereign', 285352, 24.6],
    ],
  );
  assert.deepEqual(at('04_finops.sql', 0)[0]?.slice(0, 3), ['National Elections Office', 2023, 'aws']);
});

test('lakehouse sample, then lakehouse run 04_*.sql --all --format json', async () => {
  const dir = freshCopy();
  const report = await prepareSample(findWorkspace(dir, undefined, undefined), { reset: false, log: () => undefined });
  assert.equal(report.generated, true);
  assert.equal(report.rows, 236_431);
  assert.ok(report.statementsRun > 25);
  const again = await prepareSample(findWorkspace(dir, undefined, undefined), { reset: false, log: () => undefined });
  assert.deepEqual(again, { generated: false, rows: 0, files: 0, statementsRun: 0 }, 'a second run does nothing');

  const cli = join(repo, 'dist', 'cli.js');
  const out = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
    execFile(process.execPath, [cli, 'run', join(dir, '04_finops.sql'), '--all', '--format', 'json'], { cwd: repo, maxBuffer: 1 << 26 }, (error, stdout, stderr) =>
      done({ code: error ? 1 : 0, stdout, stderr }),
    ),
  );
  assert.equal(out.code, 0, out.stderr);
  const docs = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { statement: number; rows: Record<string, unknown>[] });
  assert.deepEqual(docs.map((d) => d.statement), [1, 2, 3, 4]);
  assert.equal(docs[0]?.rows.length, 20);
  assert.equal(docs[1]?.rows.length, 6, 'a forecast per provider');
});
