import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HistoryStore, type HistoryRecord } from '../../src/features/history/historyStore';

const record = (i: number): HistoryRecord => ({
  id: `run-${i}`,
  statement: `SELECT ${i}`,
  engine: 'local (DuckDB)',
  connection: 'Local lakehouse',
  startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  durationMs: i,
  state: i % 3 === 0 ? 'FAILED' : 'SUCCEEDED',
  rows: i,
});

const file = (): string => join(mkdtempSync(join(tmpdir(), 'lakehouse-history-')), 'sub', 'history.jsonl');

test('history records survive a reopen, in order', () => {
  const path = file();
  const store = new HistoryStore(path, 100);
  for (let i = 1; i <= 5; i++) store.append(record(i));
  assert.deepEqual(new HistoryStore(path, 100).load().map((r) => r.id), ['run-1', 'run-2', 'run-3', 'run-4', 'run-5']);
});

test('a write torn by a crash loses only itself: earlier records load, the next append starts on its own line', () => {
  const path = file();
  const store = new HistoryStore(path, 100);
  store.append(record(1));
  store.append(record(2));
  // What a crash in the middle of the third append leaves behind.
  appendFileSync(path, JSON.stringify(record(3)).slice(0, 25));
  const reopened = new HistoryStore(path, 100);
  assert.deepEqual(reopened.load().map((r) => r.id), ['run-1', 'run-2']);
  reopened.append(record(4));
  assert.deepEqual(new HistoryStore(path, 100).load().map((r) => r.id), ['run-1', 'run-2', 'run-4']);
});

test('malformed lines and foreign shapes are skipped', () => {
  const path = file();
  new HistoryStore(path, 100).append(record(1));
  appendFileSync(path, 'not json\n{"id": 3}\n[]\n');
  new HistoryStore(path, 100).append(record(2));
  assert.deepEqual(new HistoryStore(path, 100).load().map((r) => r.id), ['run-1', 'run-2']);
});

test('the file stays bounded: past the limit it is compacted to the newest records by an atomic rename', () => {
  const path = file();
  const store = new HistoryStore(path, 20);
  for (let i = 1; i <= 100; i++) store.append(record(i));
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  assert.ok(lines.length <= 20 + 10, `${lines.length} lines on disk`);
  const loaded = new HistoryStore(path, 20).load();
  assert.equal(loaded.length, 20);
  assert.equal(loaded[19]?.id, 'run-100');
  assert.equal(loaded[0]?.id, 'run-81');
});

test('a missing or empty file is an empty history', () => {
  assert.deepEqual(new HistoryStore(file(), 10).load(), []);
  const path = file();
  new HistoryStore(path, 10).compact([]);
  writeFileSync(path, '');
  assert.deepEqual(new HistoryStore(path, 10).load(), []);
});
