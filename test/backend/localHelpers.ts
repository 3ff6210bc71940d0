import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CollectedResult } from '../../src/engines/collect';
import { runAndCollect } from '../../src/engines/collect';
import { LocalEngine } from '../../src/engines/local/localEngine';

/** A throw-away local lakehouse: its own catalog folder and s3 root. */
export function tempLakehouse(): { engine: LocalEngine; dir: string; s3: string; put(uri: string, body: string | Uint8Array): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lakehouse-test-'));
  const s3 = join(dir, 's3');
  const engine = new LocalEngine({ lakehouseDir: join(dir, '.lakehouse'), s3Root: s3 });
  return {
    engine,
    dir,
    s3,
    put(uri, body) {
      const path = engine.map.toLocal(uri);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, body);
    },
  };
}

/** Runs SQL that must succeed and returns its result. */
export async function ok(engine: LocalEngine, sql: string, database?: string): Promise<CollectedResult> {
  const outcome = await runAndCollect(engine, database ? { sql, database } : { sql }, 100_000);
  assert.ok(outcome.ok, `expected success for: ${sql}\n${outcome.ok ? '' : outcome.message}`);
  return outcome.result;
}

/** Runs SQL that must fail and returns the message. */
export async function fails(engine: LocalEngine, sql: string): Promise<string> {
  const outcome = await runAndCollect(engine, { sql }, 100_000);
  assert.equal(outcome.ok, false, `expected a failure for: ${sql}`);
  return outcome.ok ? '' : outcome.message;
}

/** `SELECT <expr> AS v` on the engine: its value, or (for an expression that must fail) the message. */
export function expressions(engine: LocalEngine): { value: (expr: string) => Promise<unknown>; refused: (expr: string) => Promise<string> } {
  return {
    value: async (expr) => (await ok(engine, `SELECT ${expr} AS v`)).rows[0]?.[0],
    refused: (expr) => fails(engine, `SELECT ${expr} AS v`),
  };
}

/** Rows as plain arrays for deepEqual. */
export const rows = (r: CollectedResult): unknown[][] => r.rows.map((row) => [...row]);
