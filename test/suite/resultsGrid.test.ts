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
