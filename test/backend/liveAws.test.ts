/**
 * The opt-in live suite: the AWS backend against a real account. It runs only with
 * LAKEHOUSE_LIVE_AWS=1 and a profile (LAKEHOUSE_LIVE_PROFILE, else AWS_PROFILE), through
 * `npm run test:live-aws`; `npm test` reports it skipped. It reads the catalog and runs two
 * free-or-tiny queries (SELECT 1 scans nothing; billed at most the 10 MB minimum).
 *   LAKEHOUSE_LIVE_REGION      region (default: the profile's)
 *   LAKEHOUSE_LIVE_WORKGROUP   workgroup (default primary)
 *   LAKEHOUSE_LIVE_OUTPUT      s3://… result location, unless the workgroup enforces one
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAwsBackend } from '../../src/engines/aws';
import type { AwsSettings } from '../../src/engines/aws/clients';
import { AWS_DATA_CATALOG } from '../../src/engines/aws/glueCatalog';
import { runAndCollect } from '../../src/engines/collect';
import { allPages } from '../../src/engines/pages';

const env = process.env;
const profile = env.LAKEHOUSE_LIVE_PROFILE || env.AWS_PROFILE;
const skip =
  env.LAKEHOUSE_LIVE_AWS !== '1'
    ? 'live AWS suite: set LAKEHOUSE_LIVE_AWS=1 and a profile to run it (npm run test:live-aws)'
    : !profile
      ? 'live AWS suite: set LAKEHOUSE_LIVE_PROFILE or AWS_PROFILE'
      : env.AWS_ENDPOINT_URL
        ? 'live AWS suite: AWS_ENDPOINT_URL points at an emulator; unset it'
        : false;

describe('live AWS account (opt-in)', { skip }, () => {
  const settings = (): AwsSettings => ({
    workgroup: env.LAKEHOUSE_LIVE_WORKGROUP || 'primary',
    resultReuseMinutes: 0,
    maxAttempts: 5,
    ...(profile ? { profile } : {}),
    ...(env.LAKEHOUSE_LIVE_REGION ? { region: env.LAKEHOUSE_LIVE_REGION } : {}),
    ...(env.LAKEHOUSE_LIVE_OUTPUT ? { outputLocation: env.LAKEHOUSE_LIVE_OUTPUT } : {}),
  });

  test('the Glue catalog lists databases and the first page of tables', async () => {
    const backend = createAwsBackend(settings());
    try {
      const catalogs = await backend.catalog.listCatalogs();
      assert.ok(catalogs.some((c) => c.name === AWS_DATA_CATALOG));
      const dbs = await allPages((t) => backend.catalog.listDatabases(AWS_DATA_CATALOG, t));
      console.log(`databases: ${dbs.length}`);
      const first = dbs[0];
      if (first) {
        const tables = await backend.catalog.listTables(AWS_DATA_CATALOG, first.name);
        console.log(`${first.name}: ${tables.items.length} tables on the first page${tables.nextToken ? ' (more follow)' : ''}`);
      }
    } finally {
      backend.dispose();
    }
  });

  test('Athena runs SELECT 1 and a failing query reports its position', async () => {
    const backend = createAwsBackend(settings(), { pollInitialMs: 300 });
    try {
      const ok = await runAndCollect(backend.engine, { sql: 'SELECT 1 AS one, CAST(2.50 AS decimal(4,2)) AS d' }, 10);
      assert.ok(ok.ok, ok.ok ? '' : ok.message);
      assert.deepEqual(ok.result.rows, [[1, '2.50']]);
      console.log(`SELECT 1: ${Math.round(ok.result.stats.elapsedMs)} ms, ${ok.result.stats.bytesScanned ?? 0} bytes scanned`);
      const bad = await backend.engine.start({ sql: 'SELECT nope_column FROM (VALUES 1) AS t(x)' });
      assert.ok(!bad.ok);
      assert.ok(bad.position, `a position in: ${bad.message}`);
    } finally {
      backend.dispose();
    }
  });
});
