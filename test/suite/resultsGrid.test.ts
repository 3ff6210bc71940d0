import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RenderedEvent } from '../../src/features/results/resultsPanel';
import type { RunSummary } from '../../src/features/run/runner';
import { lakehouse } from './extension';
import { uiAvailable, uiRequest } from './ui';

const MILLION = "SELECT x, x * 2 AS y, 'row ' || CAST(x AS varchar) AS label FROM UNNEST(sequence(1, 1000000)) AS t(x)";

suite('results grid (rows in the host, windows in the webview)', () => {
  test('a 1,000,000-row local result opens with its first window; every row stays in the host and the last is reachable', async () => {
    const api = await lakehouse();
    const doc = await vscode.workspace.openTextDocument({ language: 'athena-sql', content: `${MILLION};\n` });
    await vscode.window.showTextDocument(doc);
    const rendered = new Promise<RenderedEvent>((resolve) => {
      const sub = api.results.onDidRender((e) => {
        if (e.rowCount !== 1_000_000) return;
        sub.dispose();
        resolve(e);
      });
    });
    const summary = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
    assert.equal(summary.state, 'SUCCEEDED', summary.message);
    assert.equal(summary.rowCount, 1_000_000);
    const message = api.results.lastMessage;
    assert.equal(message?.type, 'result');
    if (message?.type !== 'result') return;
    assert.equal(message.rowCount, 1_000_000);
    assert.equal(message.truncated, false);
    assert.equal(message.rows.length, 200, 'only the first window crosses to the webview with the result');
    // bigint values cross as text (exact beyond 2^53).
    assert.deepEqual(message.rows[0], ['1', '2', 'row 1']);
    const event = await rendered;
    assert.equal(event.columnCount, 3);
    assert.deepEqual(await api.results.window(999_998, 5), [
      ['999999', '1999998', 'row 999999'],
      ['1000000', '2000000', 'row 1000000'],
    ]);
    assert.deepEqual(await api.results.window(500_000, 1), [['500001', '1000002', 'row 500001']]);
    assert.equal(api.history.entries()[0]?.rows, 1_000_000);
  });

  test('UI: scrolling to the end of the million rows shows the last row’s cells in the webview', async function () {
    if (!uiAvailable()) this.skip();
    const top = await uiRequest<number>('webviewScroll', { frameSelector: 'table.results', selector: '.grid', to: 'end' });
    assert.ok(top > 1_000_000, `scrolled to ${top}px`);
    const last = await uiRequest<string[]>('webviewTexts', { frameSelector: 'table.results', selector: 'table.results tr[data-row="999999"] td' });
    assert.deepEqual(last, ['1000000', '2000000', 'row 1000000']);
    await uiRequest('screenshot', { name: 'results-grid-last-row' });
    await uiRequest<number>('webviewScroll', { frameSelector: 'table.results', selector: '.grid', to: 'start' });
    const first = await uiRequest<string[]>('webviewTexts', { frameSelector: 'table.results', selector: 'table.results tr[data-row="0"] td' });
    assert.deepEqual(first, ['1', '2', 'row 1']);
  });
});

/** 100,000 rows with a unique shuffled key `k`, and a text column with NULLs. */
const SHUFFLED =
  "SELECT x, (x * 7919) % 100003 AS k, CASE WHEN x % 10 = 0 THEN NULL ELSE 'v' || CAST(x % 97 AS varchar) END AS s FROM UNNEST(sequence(1, 100000)) AS t(x)";

async function runText(api: Awaited<ReturnType<typeof lakehouse>>, sql: string): Promise<number> {
  const doc = await vscode.workspace.openTextDocument({ language: 'athena-sql', content: `${sql};\n` });
  await vscode.window.showTextDocument(doc);
  const summary = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
  assert.equal(summary.state, 'SUCCEEDED', summary.message);
  const m = api.results.lastMessage;
  assert.equal(m?.type, 'result');
  return m?.type === 'result' ? m.runId : -1;
}

suite('results grid: sort and filter over the whole result, in the host', () => {
  test('sorting by a column matches the engine’s ORDER BY over all 100,000 rows; the filter narrows; a third click restores arrival order', async () => {
    const api = await lakehouse();
    // The engine's own order, read back through the host.
    await runText(api, `${SHUFFLED} ORDER BY k DESC`);
    const engineHead = await api.results.window(0, 1000);
    const engineTail = await api.results.window(99_000, 1000);
    await runText(api, `SELECT count(*) AS n FROM (${SHUFFLED}) WHERE s LIKE '%v42%'`);
    const filtered = Number((await api.results.window(0, 1))[0]?.[0]);
    assert.ok(filtered > 900, `${filtered} rows hold v42`);

    const runId = await runText(api, SHUFFLED);
    const sorted = await api.results.fromWebview({ type: 'sort', runId, column: 1, descending: true });
    assert.equal(sorted?.type, 'view');
    if (sorted?.type !== 'view') return;
    assert.equal(sorted.viewCount, 100_000);
    assert.equal(sorted.sortColumn, 1);
    assert.deepEqual(sorted.rows.slice(0, 3), engineHead.slice(0, 3));
    assert.deepEqual(await api.results.window(0, 1000), engineHead, 'the first 1,000 rows as ORDER BY k DESC');
    assert.deepEqual(await api.results.window(99_000, 1000), engineTail, 'and the last 1,000');

    // Text sort: NULLs last both ways.
    const byText = await api.results.fromWebview({ type: 'sort', runId, column: 2, descending: false });
    assert.equal(byText?.type === 'view' && byText.rows[0]?.[2], 'v0');
    const lastRows = await api.results.window(99_990, 10);
    assert.ok(lastRows.every((r) => r[2] === null), 'NULLs last');

    const narrowed = await api.results.fromWebview({ type: 'filter', runId, text: 'V42' });
    assert.equal(narrowed?.type === 'view' && narrowed.viewCount, filtered, 'case-insensitive, every column');
    assert.ok((await api.results.window(0, 1000)).every((r) => String(r[2]).includes('v42')));

    await api.results.fromWebview({ type: 'filter', runId, text: '' });
    const restored = await api.results.fromWebview({ type: 'sort', runId, column: null, descending: false });
    assert.equal(restored?.type === 'view' && restored.viewCount, 100_000);
    assert.deepEqual((await api.results.window(0, 2)).map((r) => r[0]), ['1', '2'], 'arrival order again');
  });

  test('malformed and unknown webview messages are ignored without errors and change nothing', async () => {
    const api = await lakehouse();
    const runId = await runText(api, "SELECT '<img src=x onerror=alert(1)>' AS html, 1 AS n");
    const before = api.results.lastMessage;
    for (const bad of [
      null,
      'sort',
      { type: 'sort', runId, column: -1, descending: false },
      { type: 'sort', runId, column: 0 },
      { type: 'filter', runId, text: 'x'.repeat(1001) },
      { type: 'filter', runId, text: 'a', command: 'workbench.action.terminal.new' },
      { type: 'window', runId, seq: 1, offset: 0, count: 5000 },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'sort', runId: runId + 99, column: 0, descending: false },
    ]) {
      assert.equal(await api.results.fromWebview(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(api.results.lastMessage, before, 'the result on screen is unchanged');
    assert.deepEqual(await api.results.window(0, 1), [['<img src=x onerror=alert(1)>', 1]]);
  });

  test('UI: a value that looks like HTML is shown as literal text, under a strict CSP', async function () {
    if (!uiAvailable()) this.skip();
    const cells = await uiRequest<string[]>('webviewTexts', { frameSelector: 'table.results', selector: 'table.results tr[data-row="0"] td' });
    assert.deepEqual(cells, ['<img src=x onerror=alert(1)>', '1']);
    const images = await uiRequest<string[]>('webviewTexts', { frameSelector: 'table.results', selector: 'table.results img' });
    assert.deepEqual(images, [], 'no element was made from the value');
    const csp = await uiRequest<string[]>('webviewAttributes', { frameSelector: 'table.results', selector: 'meta[http-equiv="Content-Security-Policy"]', attribute: 'content' });
    assert.equal(csp.length, 1);
    assert.match(csp[0] ?? '', /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{24}'; style-src [^;]+; font-src [^;]+; img-src [^;]+ data:$/);
    assert.doesNotMatch(csp[0] ?? '', /unsafe-inline|unsafe-eval/);
  });
});
