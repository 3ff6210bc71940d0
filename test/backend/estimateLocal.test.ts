import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { findWorkspace } from '../../src/cli/workspace';
import { BUCKET, generatePublicSectorLakehouse } from '../../src/core/sample/publicSector';
import { splitStatements } from '../../src/core/sql/splitter';
import { runAndCollect } from '../../src/engines/collect';
import { Estimator } from '../../src/engines/estimator';
import { LOCAL_CATALOG } from '../../src/engines/local/localCatalog';
import { LocalEngine } from '../../src/engines/local/localEngine';

const repo = resolve(__dirname, '..', '..', '..');
const sampleDir = join(repo, 'samples', 'public-sector-lakehouse');
const engines: LocalEngine[] = [];
after(() => engines.forEach((e) => e.dispose()));

/**
 * Two independent measures of the same thing: the estimator (our SQL analysis, the catalog's
 * partitions, object sizes, Parquet footers by hyparquet) before each statement runs, and the
 * local engine's own count after it ran (DuckDB's optimised plan over probe tables, Parquet chunk
 * sizes by DuckDB's parquet_metadata).
 */
test('on the local engine, the estimate equals the bytes the engine reports, for every sample statement', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'lakehouse-estimate-')), 'public-sector-lakehouse');
  cpSync(sampleDir, dir, { recursive: true, filter: (src) => !/[\\/](s3|\.lakehouse)$/.test(src) });
  const ws = findWorkspace(dir, undefined, undefined);
  const engine = new LocalEngine({ lakehouseDir: ws.lakehouseDir, s3Root: ws.s3Root });
  engines.push(engine);
  for (const f of generatePublicSectorLakehouse()) await engine.objects.write(`s3://${BUCKET}/${f.key}`, f.body);
  const estimator = new Estimator(engine.catalog, engine.objects, LOCAL_CATALOG);

  const files = readdirSync(dir).filter((f) => /^\d\d_.*\.sql$/.test(f)).sort();
  let scans = 0;
  let free = 0;
  const pruned: string[] = [];
  const report: string[] = [];
  for (const file of files) {
    for (const [i, s] of splitStatements(readFileSync(join(dir, file), 'utf8')).entries()) {
      // Statements before this one changed the catalog and wrote data: nothing stale may count.
      estimator.refresh();
      const e = await estimator.estimate(s.text, { database: 'default' });
      const outcome = await runAndCollect(engine, { sql: s.text }, 10);
      assert.ok(outcome.ok, `${file} #${i + 1}: ${outcome.ok ? '' : outcome.message}`);
      const actual = outcome.result.stats.bytesScanned ?? 0;
      const where = `${file} #${i + 1}: ${s.text.replace(/\s+/g, ' ').slice(0, 80)}`;
      assert.notEqual(e.kind, 'unknown', `${where}: ${e.reason}`);
      assert.deepEqual(e.missing, [], where);
      if (e.kind === 'free') {
        assert.equal(actual, 0, where);
        free++;
        continue;
      }
      assert.equal(e.bytes, actual, where);
      assert.equal(e.upperBound, false, where);
      scans++;
      report.push(`${String(actual).padStart(9)} B  ${where}`);
      for (const t of e.tables) if (t.expression) pruned.push(`${t.table}: ${t.expression}`);
    }
  }
  console.log(`estimate = engine bytes for ${scans} billed statements (${free} free):\n${report.join('\n')}`);
  assert.ok(scans >= 18, `${scans} billed statements compared`);
  assert.ok(free >= 15, `${free} free statements`);
  assert.deepEqual(pruned, ["ps_cloud_curated.fact_cost_monthly: year = '2024'", "ps_cloud_curated.fact_reliability_monthly: year = '2024'"]);
});
