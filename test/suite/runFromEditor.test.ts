import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { HistoryRecord } from '../../src/features/history/historyStore';
import type { RunSummary } from '../../src/features/run/runner';
import { lakehouse, until, workspaceFile } from './extension';

type Api = Awaited<ReturnType<typeof lakehouse>>;

/** Writes a SQL file into the workspace and opens it. */
async function sqlFile(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = workspaceFile('queries', name);
  writeFileSync(uri.fsPath, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

function at(editor: vscode.TextEditor, needle: string, end?: string): void {
  const doc = editor.document;
  const from = doc.getText().indexOf(needle);
  assert.ok(from >= 0, `${needle} is in the document`);
  const to = end === undefined ? from : doc.getText().indexOf(end) + end.length;
  editor.selection = new vscode.Selection(doc.positionAt(from), doc.positionAt(to));
}

/** History entries added since `before` entries existed, oldest first. */
const newEntries = (api: Api, before: number): HistoryRecord[] => api.history.entries().slice(0, api.history.entries().length - before).reverse();


suite('run from the editor (sample lakehouse)', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('cursor, selection and file runs execute exactly the intended statements', async () => {
    const api = await lakehouse();
    const editor = await sqlFile(
      'run-modes.sql',
      "SELECT 'one' AS n;\n\n-- the sample's agencies\nSELECT count(*) AS agencies FROM ps_cloud_raw.agencies;\n\nSELECT 'three' AS n;\n",
    );
    let before = api.history.entries().length;
    at(editor, 'FROM ps_cloud_raw');
    await vscode.commands.executeCommand('lakehouse.runStatement');
    assert.deepEqual(newEntries(api, before).map((e) => [e.statement, e.state, e.rows]), [['SELECT count(*) AS agencies FROM ps_cloud_raw.agencies', 'SUCCEEDED', 1]]);

    before = api.history.entries().length;
    at(editor, 'SELECT count', "'three' AS n;");
    const selection = await vscode.commands.executeCommand<RunSummary[]>('lakehouse.runSelection');
    assert.equal(selection.length, 2);
    assert.deepEqual(
      newEntries(api, before).map((e) => e.statement),
      ['SELECT count(*) AS agencies FROM ps_cloud_raw.agencies', "SELECT 'three' AS n"],
    );

    before = api.history.entries().length;
    at(editor, 'SELECT');
    await vscode.commands.executeCommand('lakehouse.runFile');
    assert.deepEqual(
      newEntries(api, before).map((e) => e.statement),
      ["SELECT 'one' AS n", 'SELECT count(*) AS agencies FROM ps_cloud_raw.agencies', "SELECT 'three' AS n"],
    );
    assert.ok(newEntries(api, before).every((e) => e.state === 'SUCCEEDED' && e.connection === 'Local lakehouse'));

    // CodeLens: ▶ Run and Explain above each statement, pointing at it.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const ours = lenses.filter((l) => l.command?.command.startsWith('lakehouse.'));
    assert.deepEqual(
      ours.map((l) => [l.range.start.line, l.command?.title]),
      [
        [0, '▶ Run'],
        [0, 'Explain'],
        [3, '▶ Run'],
        [3, 'Explain'],
        [5, '▶ Run'],
        [5, 'Explain'],
      ],
    );
    // A lens runs its own statement, wherever the cursor is; Explain runs EXPLAIN of it.
    before = api.history.entries().length;
    const third = ours[4]?.command;
    await vscode.commands.executeCommand(third?.command ?? '', ...((third?.arguments ?? []) as unknown[]));
    const explain = ours[3]?.command;
    await vscode.commands.executeCommand(explain?.command ?? '', ...((explain?.arguments ?? []) as unknown[]));
    assert.deepEqual(
      newEntries(api, before).map((e) => [e.statement, e.state]),
      [
        ["SELECT 'three' AS n", 'SUCCEEDED'],
        ['EXPLAIN SELECT count(*) AS agencies FROM ps_cloud_raw.agencies', 'SUCCEEDED'],
      ],
    );
  });

  test('? parameters are bound on the local engine', async () => {
    const api = await lakehouse();
    await sqlFile('params.sql', 'SELECT agency_id FROM ps_cloud_raw.agencies WHERE agency_id = ? LIMIT ?;\n');
    const summary = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement', { parameters: ["'AG002'", '1'] });
    assert.equal(summary.state, 'SUCCEEDED', summary.message);
    const message = api.results.lastMessage;
    assert.equal(message?.type, 'result');
    if (message?.type === 'result') assert.deepEqual(message.rows, [['AG002']]);
  });

  test('a failing statement stops Run File, and its diagnostic lands on the failing line until the statement is edited', async () => {
    const api = await lakehouse();
    const editor = await sqlFile('fails.sql', 'SELECT 1 AS a;\n\nSELECT agency_id,\n       no_such_column\nFROM ps_cloud_raw.agencies;\n\nSELECT 3 AS c;\n');
    const before = api.history.entries().length;
    const summaries = await vscode.commands.executeCommand<RunSummary[]>('lakehouse.runFile');
    assert.deepEqual(
      summaries.map((s) => s.state),
      ['SUCCEEDED', 'FAILED'],
    );
    assert.deepEqual(
      newEntries(api, before).map((e) => e.state),
      ['SUCCEEDED', 'FAILED'],
    );
    const diagnostics = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'lakehouse');
    assert.equal(diagnostics.length, 1);
    const d = diagnostics[0] as vscode.Diagnostic;
    assert.equal(d.range.start.line, 3, `on the line of no_such_column: ${d.message}`);
    assert.equal(editor.document.getText(d.range), 'no_such_column');
    assert.match(d.message, /no_such_column/);

    await editor.edit((e) => e.replace(d.range, 'agency_name'));
    assert.equal(vscode.languages.getDiagnostics(editor.document.uri).filter((x) => x.source === 'lakehouse').length, 0);
  });

  test('a long-running local query is cancelled and its history entry says so', async () => {
    const api = await lakehouse();
    await sqlFile('long.sql', 'SELECT count(*) AS n FROM UNNEST(sequence(1, 10000)) AS a(x) CROSS JOIN UNNEST(sequence(1, 10000)) AS b(y) CROSS JOIN UNNEST(sequence(1, 10000)) AS c(z) CROSS JOIN UNNEST(sequence(1, 10)) AS d(w);\n');
    const before = api.history.entries().length;
    const run = vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
    await until('the query to be running', () => api.runner.runningCount === 1);
    assert.match(api.connection.statusText(), /^\$\(sync~spin\) 1 running · \$\(database\) Local lakehouse$/);
    assert.equal(await vscode.commands.executeCommand('lakehouse.cancelQuery', 'all'), 1);
    const summary = await run;
    assert.equal(summary.state, 'CANCELLED');
    const [entry] = newEntries(api, before);
    assert.equal(entry?.state, 'CANCELLED');
    assert.match(entry?.message ?? '', /cancel/i);
    assert.equal(api.runner.runningCount, 0);
  });

  test('history is written to the extension storage: a fresh read after a reload shows the same runs', async () => {
    const api = await lakehouse();
    // Runs of its own (one that succeeds, one the engine rejects), whatever ran before.
    await sqlFile('history.sql', "SELECT 'kept' AS n;\nSELEC 1;\n");
    const before = api.history.entries().length;
    await vscode.commands.executeCommand<RunSummary>('lakehouse.runFile');
    const shown = api.history.entries();
    assert.deepEqual(
      newEntries(api, before).map((e) => [e.statement, e.state]),
      [
        ["SELECT 'kept' AS n", 'SUCCEEDED'],
        ['SELEC 1', 'FAILED'],
      ],
    );
    const reloaded = api.history.reloadFromDisk();
    assert.deepEqual(
      reloaded.map((e) => [e.id, e.statement, e.state]),
      shown.map((e) => [e.id, e.statement, e.state]),
    );
  });

  test('a CTAS into a non-empty location is refused before it runs', async () => {
    const api = await lakehouse();
    await sqlFile(
      'ctas.sql',
      "CREATE TABLE ps_cloud_curated.agencies_copy\nWITH (format = 'PARQUET', external_location = 's3://ps-cloud-lakehouse/raw/agencies/')\nAS SELECT * FROM ps_cloud_raw.agencies;\n",
    );
    const before = api.history.entries().length;
    const summary = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
    assert.equal(summary.state, 'NOT_RUN');
    assert.match(summary.message ?? '', /writes to s3:\/\/ps-cloud-lakehouse\/raw\/agencies\/, which is not empty/);
    assert.equal(api.history.entries().length, before, 'nothing ran');
  });

  test('a DROP asks for confirmation naming the table and what happens to its data, and does nothing when dismissed', async () => {
    // VS Code refuses to show modal dialogs while extension tests run; a dialog that cannot be
    // shown counts as dismissed. The question itself is observed as it is put.
    const api = await lakehouse();
    await sqlFile('drop.sql', 'DROP TABLE ps_cloud_raw.providers;\n');
    const questions: { message: string; detail: string; button: string }[] = [];
    const sub = api.runner.onDidAsk((q) => questions.push(q));
    const before = api.history.entries().length;
    const summary = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
    sub.dispose();
    assert.deepEqual(questions.map((q) => [q.message, q.button]), [['Drop table ps_cloud_raw.providers?', 'Drop table']]);
    assert.match(questions[0]?.detail ?? '', /For an external table the files in S3 stay; for an Iceberg table Athena deletes its data\.\nIt runs on Local lakehouse\./);
    assert.equal(summary.state, 'NOT_RUN');
    assert.match(summary.message ?? '', /drop table ps_cloud_raw\.providers was not confirmed/);
    assert.equal(api.history.entries().length, before, 'nothing ran');
    // The table is still there.
    await sqlFile('after-drop.sql', 'SELECT count(*) AS n FROM ps_cloud_raw.providers;\n');
    const check = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
    assert.equal(check.state, 'SUCCEEDED');
  });
});
