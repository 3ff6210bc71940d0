import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sniffJsonLines } from '../../src/core/csv/jsonLines';
import { sanitizeName } from '../../src/core/csv/names';
import { sniffCsv } from '../../src/core/csv/sniff';
import { DEFAULT_SCAFFOLD, scaffold, type ScaffoldOptions } from '../../src/core/ddl/scaffold';
import { runAndCollect } from '../../src/engines/collect';
import { LocalEngine } from '../../src/engines/local/localEngine';

/**
 * The sample corpus: every file is sniffed, scaffolded into raw, staging and curated, and the
 * three statements are run in order on the local engine over the file itself. What Athena could
 * not read must fail with a message naming the problem.
 */
const dir = resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'samples');
interface Expected {
  readonly error?: string;
  readonly serde?: string;
  readonly delimiter?: string;
  readonly header?: boolean;
  readonly columns?: string;
  readonly rows?: number;
  readonly staging?: unknown[][];
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;
const files = readdirSync(dir).filter((f) => f !== 'expected.json').sort();

test('the corpus has at least 40 samples, each with its expectation', () => {
  assert.ok(files.length >= 40, `${files.length} samples`);
  assert.deepEqual(files, Object.keys(expected).sort());
});

describe('CSV and JSON samples → raw, staging and curated on the local engine', () => {
  const work = mkdtempSync(join(tmpdir(), 'lakehouse-scaffold-'));
  const s3Root = join(work, 's3');
  const engine = new LocalEngine({ lakehouseDir: join(work, '.lakehouse'), s3Root });
  const run = async (sql: string): Promise<unknown[][]> => {
    const r = await runAndCollect(engine, { sql }, 10_000);
    if (!r.ok) throw new Error(`${r.message}\n--- in ---\n${sql}`);
    return r.result.rows as unknown[][];
  };

  before(async () => {
    for (const db of ['raw', 'staging', 'curated']) await run(`CREATE DATABASE IF NOT EXISTS ${db}`);
  });
  after(() => engine.dispose());

  for (const file of files) {
    const want = expected[file] ?? {};
    test(file, async () => {
      const bytes = readFileSync(join(dir, file));
      const table = sanitizeName(file.replace(/\..*$/, ''));
      const options: ScaffoldOptions = { ...DEFAULT_SCAFFOLD, table, zones: { raw: 's3://lake/raw/', staging: 's3://lake/staging/', curated: 's3://lake/curated/' } };
      const build = (): ReturnType<typeof scaffold> => {
        const sample = /\.jsonl?$/.test(file) ? sniffJsonLines(bytes, false) : sniffCsv(bytes, false);
        if (sample.format === 'csv' && !want.error) {
          assert.equal(sample.dialect.delimiter, want.delimiter, 'delimiter');
          assert.equal(sample.dialect.header, want.header, 'header');
        }
        return scaffold(sample, options);
      };
      if (want.error) {
        assert.throws(build, (e: Error) => {
          assert.ok(e.name === 'SampleError' || e.name === 'ScaffoldError', e.name);
          assert.ok(e.message.startsWith(want.error ?? ''), e.message);
          return true;
        });
        return;
      }
      const s = build();
      assert.equal(s.serde, want.serde);
      const columns = s.columns.length > 12 ? `${s.columns.length} columns, first ${s.columns.slice(0, 3).map((c) => `${c.name}:${c.rawType}>${c.stagingType}`).join(' ')}` : s.columns.map((c) => `${c.name}:${c.rawType}>${c.stagingType}`).join(' ');
      assert.equal(columns, want.columns);

      // The sample is the raw table's data, where its LOCATION points.
      mkdirSync(join(s3Root, 'lake', 'raw', table), { recursive: true });
      copyFileSync(join(dir, file), join(s3Root, 'lake', 'raw', table, file));
      for (const st of s.statements) await run(st.sql);
      assert.deepEqual(await run(`SELECT count(*) FROM raw.${table}`), [[String(want.rows)]], 'raw rows = data rows');
      const staged = await run(`SELECT * FROM staging.${table}`);
      if (want.staging) assert.deepEqual(staged, want.staging, 'staging values');
      else assert.equal(staged.length, want.rows);
      assert.deepEqual(await run(`SELECT count(*) FROM curated.${table}`), [[String(want.rows)]], 'the curated CTAS wrote every row');
    });
  }
});
