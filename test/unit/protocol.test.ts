import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';

test('accepts exactly the messages the webview may send', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'rendered', runId: 3, rowCount: 10, columnCount: 2 }), {
    type: 'rendered',
    runId: 3,
    rowCount: 10,
    columnCount: 2,
  });
  assert.deepEqual(parseWebviewMessage({ type: 'window', runId: 3, seq: 7, offset: 999_800, count: 200 }), { type: 'window', runId: 3, seq: 7, offset: 999_800, count: 200 });
  assert.deepEqual(parseWebviewMessage({ type: 'sort', runId: 3, column: 2, descending: true }), { type: 'sort', runId: 3, column: 2, descending: true });
  assert.deepEqual(parseWebviewMessage({ type: 'sort', runId: 3, column: null, descending: false }), { type: 'sort', runId: 3, column: null, descending: false });
  assert.deepEqual(parseWebviewMessage({ type: 'filter', runId: 3, text: 'dinum' }), { type: 'filter', runId: 3, text: 'dinum' });
});

test('ignores malformed or unknown webview messages', () => {
  const bad: unknown[] = [
    null,
    undefined,
    42,
    'ready',
    [],
    {},
    { type: 'ready', extra: 1 },
    { type: 'rendered', runId: -1, rowCount: 1, columnCount: 1 },
    { type: 'rendered', runId: 1.5, rowCount: 1, columnCount: 1 },
    { type: 'rendered', runId: '1', rowCount: 1, columnCount: 1 },
    { type: 'runCommand', command: 'workbench.action.terminal.new' },
    { type: '__proto__' },
    { type: 'window', runId: 1, seq: 1, offset: 0, count: 1001 },
    { type: 'window', runId: 1, seq: 1, offset: -200, count: 200 },
    { type: 'window', runId: 1, seq: 1, offset: 0 },
    { type: 'window', runId: 1, seq: 1, offset: 0, count: 10, sql: 'DROP TABLE t' },
    { type: 'sort', runId: 1, column: '0', descending: false },
    { type: 'sort', runId: 1, column: 0, descending: 'yes' },
    { type: 'filter', runId: 1, text: 7 },
    { type: 'filter', runId: 1, text: 'x'.repeat(1001) },
  ];
  for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});

test('the webview validates host messages too', () => {
  const ok = { type: 'result', runId: 1, statement: 's', engine: 'e', columns: [{ name: 'a', type: 'integer' }], rows: [[1], [null]], rowCount: 2, truncated: false, elapsedMs: 3 };
  assert.deepEqual(parseHostMessage(ok), ok);
  assert.equal(parseHostMessage({ ...ok, rows: [[1, 2]] }), undefined, 'row width must match the columns');
  assert.equal(parseHostMessage({ ...ok, rows: [[{ html: '<b>' }]] }), undefined, 'cells are scalars');
  assert.equal(parseHostMessage({ ...ok, elapsedMs: Number.NaN }), undefined);
  assert.deepEqual(parseHostMessage({ ...ok, bytesScanned: 2048 }), { ...ok, bytesScanned: 2048 });
  assert.equal(parseHostMessage({ ...ok, bytesScanned: -1 }), undefined);
  assert.equal(parseHostMessage({ ...ok, rowCount: undefined }), undefined, 'the whole result’s row count is required');
  assert.equal(parseHostMessage({ type: 'error', runId: 1, statement: 's', message: 'm' }), undefined, 'cancelled flag required');
  const rows = { type: 'rows', runId: 1, statement: 's', seq: 4, offset: 200, rows: [[1, 'a'], [null, '']] };
  assert.deepEqual(parseHostMessage(rows), rows);
  assert.equal(parseHostMessage({ ...rows, rows: [[1, 'a'], [2]] }), undefined, 'rows of one width');
  assert.equal(parseHostMessage({ ...rows, offset: -1 }), undefined);
  const view = { type: 'view', runId: 1, statement: 's', viewCount: 42, rows: [[1]], filter: 'a', descending: true, sortColumn: 0 };
  assert.deepEqual(parseHostMessage(view), view);
  assert.equal(parseHostMessage({ ...view, sortColumn: -1 }), undefined);
  assert.deepEqual(parseHostMessage({ type: 'running', runId: 2, statement: 'x' }), { type: 'running', runId: 2, statement: 'x' });
});
