import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

function lakehouse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('lakehouse run executes a file statement by statement', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-cli-'));
  const file = join(dir, 'q.sql');
  writeFileSync(file, "SELECT 1 AS a;\n-- second\nSELECT 'x;y' AS b, NULL AS c;\n");
  const r = await lakehouse('run', file, '--format', 'csv');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'a\n1\nb,c\nx;y,\n');
});

test('lakehouse query prints JSON lines', async () => {
  const r = await lakehouse('query', "SELECT * FROM (VALUES ('dinum', 2)) AS t(agency, n)", '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '{"agency":"dinum","n":2}\n');
});

test('a failing statement exits 1 with the engine message; bad usage exits 2', async () => {
  const failed = await lakehouse('query', 'SELEC 1');
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /syntax error/i);
  const usage = await lakehouse('query', 'SELECT 1', '--format', 'xml');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--format takes table, csv or json/);
  const missing = await lakehouse('run', '/no/such/file.sql');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read/);
});
