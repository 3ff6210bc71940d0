import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RenderedEvent } from '../../src/features/results/resultsPanel';
import type { HostMessage } from '../../src/shared/protocol';
import { lakehouse, workspaceFile, untitled } from './extension';
import { uiAvailable, uiRequest } from './ui';

async function runAndWaitForRender(api: Awaited<ReturnType<typeof lakehouse>>): Promise<{ rendered: RenderedEvent; message: HostMessage }> {
  const rendered = new Promise<RenderedEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the results webview did not render within 30 s')), 30_000);
    const sub = api.results.onDidRender((e) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
  await vscode.commands.executeCommand('lakehouse.runStatement');
  const event = await rendered;
  const message = api.results.lastMessage;
  assert.ok(message, 'the panel was sent a message');
  return { rendered: event, message };
}

/** Runs the second statement of queries/two-statements.sql (the cursor in it) and waits for its rows on screen. */
async function runSecondStatement(): Promise<{ rendered: RenderedEvent; message: HostMessage }> {
  const api = await lakehouse();
  const doc = await vscode.workspace.openTextDocument(workspaceFile('queries', 'two-statements.sql'));
  const editor = await vscode.window.showTextDocument(doc);
  const at = doc.getText().indexOf('FROM (VALUES');
  assert.ok(at > 0);
  editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at));
  return runAndWaitForRender(api);
}

suite('run statement at cursor', () => {
  test('runs exactly the statement under the cursor and the results panel renders its rows', async () => {
    const { rendered, message } = await runSecondStatement();

    assert.equal(message.type, 'result');
    if (message.type !== 'result') return;
    assert.equal(rendered.runId, message.runId);
    assert.match(message.statement, /^SELECT agency, availability_pct\s+FROM \(VALUES/);
    assert.ok(!message.statement.includes("'first'"), 'the first statement did not run');
    assert.deepEqual(
      message.columns.map((c) => `${c.name}:${c.type}`),
      ['agency:varchar', 'availability_pct:decimal(4,2)'],
    );
    assert.deepEqual(message.rows, [
      ['dinum', '99.95'],
      ['insee', '99.50'],
      ['urssaf', '98.75'],
    ]);
    assert.equal(rendered.rowCount, 3);
    assert.equal(rendered.columnCount, 2);
  });

  test('UI: the results webview shows the cell values a person sees', async function () {
    if (!uiAvailable()) this.skip();
    await runSecondStatement();
    const headers = await uiRequest<string[]>('webviewTexts', { frameSelector: '.results-grid', selector: '.results-grid .slick-header-column .col-name' });
    assert.deepEqual(headers, ['agency', 'availability_pct']);
    const firstRow = await uiRequest<string[]>('webviewTexts', { frameSelector: '.results-grid', selector: '.results-grid .slick-row[data-row="0"] .slick-cell:not(.row-number)' });
    assert.deepEqual(firstRow, ['dinum', '99.95']);
    await uiRequest('screenshot', { name: 'run-statement-results' });
    await vscode.commands.executeCommand('workbench.view.extension.lakehouse');
    await uiRequest('screenshot', { name: 'lakehouse-views' });
  });

  test('a statement the engine rejects shows its error in the panel', async () => {
    const api = await lakehouse();
    const doc = await untitled('SELEC 1;\n', 'sql');
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 2, 0, 2);
    const summary = await vscode.commands.executeCommand<{ ok: boolean } | undefined>('lakehouse.runStatement');
    assert.equal(summary?.ok, false);
    const message = api.results.lastMessage;
    assert.equal(message?.type, 'error');
    if (message?.type === 'error') assert.match(message.message, /syntax error/i);
  });
});
