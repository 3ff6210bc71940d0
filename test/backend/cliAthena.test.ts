import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { motoUrl, seedAthenaResults, skipWithoutMoto } from '../helpers/moto';

const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const REGION = 'ap-south-1';

function lakehouse(cwd: string, env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('lakehouse --engine athena against moto', { skip: skipWithoutMoto }, () => {
  before(async () => {
    const s3 = new S3Client({ region: REGION, endpoint: motoUrl(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'lh-cli-results', CreateBucketConfiguration: { LocationConstraint: REGION } }));
    s3.destroy();
  });

  test('flags pick region, workgroup and result location; rows come back typed', async () => {
    await seedAthenaResults(REGION, [{ columns: [{ name: 'agency', type: 'varchar' }, { name: 'cost', type: 'decimal', precision: 10, scale: 2 }, { name: 'n', type: 'integer' }], rows: [['dinum', '30500.00', '3']] }]);
    const r = await lakehouse(tmpdir(), {}, 'run', '-e', 'SELECT agency, cost, n FROM finops.spend', '--engine', 'athena', '--region', REGION, '--output-location', 's3://lh-cli-results/q', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { rows: unknown[]; columns: unknown[] };
    assert.deepEqual(doc.rows, [{ agency: 'dinum', cost: '30500.00', n: 3 }]);
    assert.deepEqual(doc.columns, [
      { name: 'agency', type: 'varchar' },
      { name: 'cost', type: 'decimal(10,2)' },
      { name: 'n', type: 'integer' },
    ]);
    assert.doesNotMatch(r.stderr, /NodeVersionSupportWarning/);
  });

  test("the workspace's settings choose Athena and its connection; environment variables override them", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lakehouse-cli-aws-'));
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(
      join(dir, '.vscode', 'settings.json'),
      JSON.stringify({ 'lakehouse.connection': 'aws', 'lakehouse.aws.region': REGION, 'lakehouse.aws.workgroup': 'no-such-workgroup', 'lakehouse.aws.outputLocation': 's3://lh-cli-results/ws/' }),
    );
    writeFileSync(join(dir, 'q.sql'), 'SELECT 1 AS x;\n');
    const env = { AWS_REGION: '', AWS_DEFAULT_REGION: '' };
    const wrongWorkgroup = await lakehouse(dir, env, 'run', 'q.sql');
    assert.equal(wrongWorkgroup.code, 1);
    assert.match(wrongWorkgroup.stderr, /athena:StartQueryExecution on workgroup no-such-workgroup was refused: WorkGroup does not exist/);

    await seedAthenaResults(REGION, [{ columns: [{ name: 'x', type: 'integer' }], rows: [['1']] }]);
    const ok = await lakehouse(dir, { ...env, LAKEHOUSE_ATHENA_WORKGROUP: 'primary' }, 'run', 'q.sql', '--format', 'csv');
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, 'x\n1\n\n');
    assert.match(ok.stderr, /\[1\/1\] SELECT 1 AS x · 1 rows/);
  });

  test('a missing profile fails with a clear message and exit 1', async () => {
    const r = await lakehouse(tmpdir(), { AWS_CONFIG_FILE: join(tmpdir(), 'no-such-config'), AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 'no-such-credentials') }, 'run', '-e', 'SELECT 1', '--engine', 'athena', '--profile', 'ghost', '--region', REGION);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /AWS profile "ghost" is not defined/);
  });
});
