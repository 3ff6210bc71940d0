import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBlock } from '../../src/core/results/copy';
import { parquetColumnType } from '../../src/engines/local/parquetExport';
import { isConsoleUrl, parseHostMessage, parseWebviewMessage } from '../../src/shared/protocol';
import { scanFigures } from '../../src/core/cost/price';

test('accepts exactly the messages the webview may send', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'rendered', runId: 3, rowCount: 10, columnCount: 2, partial: false }), {
    type: 'rendered',
    runId: 3,
    rowCount: 10,
    columnCount: 2,
    partial: false,
  });
  assert.equal(parseWebviewMessage({ type: 'rendered', runId: 3, rowCount: 200, columnCount: 2, partial: true })?.type, 'rendered');
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
    { type: 'rendered', runId: '1', rowCount: 1, columnCount: 1, partial: false },
    { type: 'rendered', runId: 1, rowCount: 1, columnCount: 1 },
    { type: 'rendered', runId: 1, rowCount: 1, columnCount: 1, partial: 'no' },
    { type: 'rendered', runId: 1, rowCount: 1, columnCount: 1, partial: false, extra: 1 },
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
  assert.deepEqual(parseHostMessage({ ...ok, figures: '2.00 KB scanned ($0.000048)' }), { ...ok, figures: '2.00 KB scanned ($0.000048)' });
  assert.equal(parseHostMessage({ ...ok, figures: 42 }), undefined, 'figures are text');
  assert.equal(parseHostMessage({ ...ok, figures: 'x'.repeat(301) }), undefined, 'and short');
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
  // A partial result, and the count of its rows so far.
  assert.deepEqual(parseHostMessage({ ...ok, partial: true }), { ...ok, partial: true });
  assert.equal(parseHostMessage({ ...ok, partial: 'yes' }), undefined);
  assert.deepEqual(parseHostMessage({ type: 'more', runId: 1, statement: 's', rowCount: 4000 }), { type: 'more', runId: 1, statement: 's', rowCount: 4000 });
  assert.equal(parseHostMessage({ type: 'more', runId: 1, statement: 's', rowCount: -4 }), undefined);
});

test('copy, export and pin messages: accepted when well formed, refused otherwise', () => {
  const range = { fromRow: 0, toRow: 9, fromColumn: 1, toColumn: 2 };
  assert.deepEqual(parseWebviewMessage({ type: 'copy', runId: 3, format: 'tsv', headers: true, ranges: [range] }), { type: 'copy', runId: 3, format: 'tsv', headers: true, ranges: [range] });
  assert.deepEqual(parseWebviewMessage({ type: 'export', runId: 3 }), { type: 'export', runId: 3 });
  assert.deepEqual(parseWebviewMessage({ type: 'pin', runId: 3, pinned: false }), { type: 'pin', runId: 3, pinned: false });
  for (const bad of [
    { type: 'copy', runId: 3, format: 'html', headers: true, ranges: [range] },
    { type: 'copy', runId: 3, format: 'tsv', headers: 'yes', ranges: [range] },
    { type: 'copy', runId: 3, format: 'tsv', headers: true, ranges: [] },
    { type: 'copy', runId: 3, format: 'tsv', headers: true, ranges: [{ ...range, toRow: -1 }] },
    { type: 'copy', runId: 3, format: 'tsv', headers: true, ranges: [{ ...range, extra: 1 }] },
    { type: 'copy', runId: 3, format: 'tsv', headers: true, ranges: Array.from({ length: 65 }, () => range) },
    { type: 'export', runId: 3, path: '/etc/passwd' },
    { type: 'pin', runId: 3 },
  ]) {
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
  }
});

test('a result links only to the Athena console page of its execution', () => {
  assert.ok(isConsoleUrl('https://eu-west-1.console.aws.amazon.com/athena/home?region=eu-west-1#/query-editor/history/0a1b2c3d-4e5f-6789-abcd-ef0123456789'));
  for (const bad of ['javascript:alert(1)', 'https://evil.example/athena', 'https://eu-west-1.console.aws.amazon.com/athena/home?region=eu-west-1#/query-editor/history/x"onclick=1', 'command:workbench.action.terminal.new']) {
    assert.equal(isConsoleUrl(bad), false, bad);
  }
  const base = { type: 'result', runId: 1, statement: 's', engine: 'e', columns: [], rows: [], rowCount: 0, truncated: false, elapsedMs: 1 };
  assert.equal(parseHostMessage({ ...base, consoleUrl: 'https://evil.example/' }), undefined);
  assert.equal((parseHostMessage({ ...base, queryId: 'q-1', pinned: true }) as { queryId?: string } | undefined)?.queryId, 'q-1');
});

test('copied cells: TSV and CSV quote what needs it, JSON keys by column, Markdown escapes pipes; one cell is its bare value', () => {
  const block = { columns: ['a', 'b'], rows: [[1, 'x\ty'], [null, 'p|q']] };
  assert.equal(formatBlock(block, 'tsv', true), 'a\tb\n1\t"x\ty"\n\tp|q\n');
  assert.equal(formatBlock(block, 'csv', false), '1,x\ty\n,p|q\n');
  assert.deepEqual(JSON.parse(formatBlock(block, 'json', true)), [{ a: 1, b: 'x\ty' }, { a: null, b: 'p|q' }]);
  assert.equal(formatBlock(block, 'markdown', false), '| a | b |\n| --- | --- |\n| 1 | x\ty |\n| *NULL* | p\\|q |\n');
  assert.equal(formatBlock({ columns: ['a'], rows: [['v']] }, 'csv', true), 'v');
  assert.equal(formatBlock({ columns: ['a'], rows: [[null]] }, 'json', true), 'null');
});

test('Parquet export types: scalars typed, nested and zoned values kept as text', () => {
  assert.equal(parquetColumnType('bigint'), 'BIGINT');
  assert.equal(parquetColumnType('decimal(10,2)'), 'DECIMAL(10,2)');
  assert.equal(parquetColumnType('decimal(40,5)'), 'DECIMAL(38,5)');
  assert.equal(parquetColumnType('timestamp(3)'), 'TIMESTAMP');
  assert.equal(parquetColumnType('timestamp(3) with time zone'), 'VARCHAR');
  assert.equal(parquetColumnType('array(varchar)'), 'VARCHAR');
  assert.equal(parquetColumnType('real'), 'FLOAT');
});

test('the results header figures, as the host formats them for the webview', () => {
  assert.equal(scanFigures({}), undefined);
  assert.equal(scanFigures({ bytesScanned: 115_235, costUsd: 0.0000476837158203125 }), '113 KB scanned ($0.000048)');
  assert.equal(scanFigures({ bytesScanned: 0, costUsd: 0, estimatedBytes: 2 * 1024 ** 3, estimateUpperBound: true }), '0 B scanned ($0) · estimated ≤ 2.00 GB');
  assert.equal(scanFigures({ estimatedBytes: 1536 }), 'estimated ≈ 1.50 KB');
});
