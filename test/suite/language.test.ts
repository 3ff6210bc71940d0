import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually, lakehouse, untitled, workspaceFile } from './extension';

async function doc(content: string): Promise<vscode.TextDocument> {
  const d = await untitled(content);
  await vscode.window.showTextDocument(d);
  return d;
}

const labels = (list: vscode.CompletionList): string[] => list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));

suite('Athena SQL language support (sample lakehouse)', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('the sample workspace opens its .sql files as Athena SQL (its .vscode/settings.json)', async () => {
    for (const name of ['01_raw_tables.sql', '04_finops.sql']) {
      const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
      assert.equal(doc.languageId, 'athena-sql', name);
    }
    assert.deepEqual(vscode.workspace.getConfiguration('files').get('associations'), { '*.sql': 'athena-sql' });
  });

  test('completion after FROM offers the sample tables; after alias. the columns; CTAS WITH ( the properties', async () => {
    await lakehouse();
    const d1 = await doc('SELECT * FROM ');
    const rel = labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', d1.uri, d1.positionAt(d1.getText().length)));
    for (const t of ['ps_cloud_raw.agencies', 'ps_cloud_raw.services', 'ps_cloud_curated.fact_reliability_monthly', 'ps_cloud_raw']) assert.ok(rel.includes(t), `${t} offered (${rel.length} items)`);
    assert.ok(!rel.includes('SELECT'), 'only relations after FROM');

    const d2 = await doc('SELECT s. FROM ps_cloud_raw.services AS s');
    const cols = labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', d2.uri, d2.positionAt('SELECT s.'.length)));
    for (const c of ['service_id', 'agency_id']) assert.ok(cols.includes(c), `${c} offered: ${cols.join(', ')}`);

    const d3 = await doc("CREATE TABLE c.t WITH (format = 'PARQUET', ");
    const props = labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', d3.uri, d3.positionAt(d3.getText().length)));
    for (const p of ['external_location', 'partitioned_by', 'write_compression']) assert.ok(props.includes(p), p);
  });

  test('hover over a table name shows its columns; over a function its signature', async () => {
    await lakehouse();
    const d = await doc("SELECT agency_id, date_parse(x, '%Y') FROM ps_cloud_raw.agencies");
    // A hover says nothing when the catalog read fails (the earlier suites' statements may be
    // rewriting the local catalog at that moment); a person hovers again, and so does the test.
    const text = await eventually(
      'a hover over the table name',
      async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', d.uri, d.positionAt(d.getText().indexOf('agencies') + 2));
        return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      },
      (t) => t !== '',
      10_000,
      100,
    );
    assert.match(text, /ps_cloud_raw\.agencies/);
    assert.match(text, /\| agency_id \| `string` \|/);
    assert.match(text, /Location: `s3:\/\/ps-cloud-lakehouse\/raw\/agencies\/`/);
    const fn = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', d.uri, d.positionAt(d.getText().indexOf('date_parse') + 2));
    assert.match(fn.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /date_parse\(string, format\) → timestamp/);
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', d.uri, d.positionAt(d.getText().indexOf("'%Y'")));
    assert.equal(help.activeParameter, 1);
    assert.match(help.signatures[help.activeSignature]?.label ?? '', /^date_parse\(string, format\)/);
  });

  test('the outline lists the statements of a sample file', async () => {
    const file = await vscode.workspace.openTextDocument(workspaceFile('01_raw_tables.sql'));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', file.uri);
    const names = symbols.map((s) => s.name);
    assert.ok(names.includes('CREATE DATABASE ps_cloud_raw'), names.join(' | '));
    assert.ok(names.includes('CREATE EXTERNAL TABLE ps_cloud_raw.agencies') || names.includes('CREATE TABLE ps_cloud_raw.agencies'), names.join(' | '));
    assert.ok(symbols.length >= 10);
  });

  test('no diagnostics on the sample files; one at the right place for a misspelt keyword; formatting works', async () => {
    // Each sample file's text with one misspelt statement after it: the checker has run over the
    // whole file once that diagnostic shows, and it must then be the only one.
    const ours = (d: vscode.TextDocument): vscode.Diagnostic[] => vscode.languages.getDiagnostics(d.uri).filter((x) => x.source === 'athena-sql');
    for (const f of ['01_raw_tables.sql', '02_data_quality.sql', '03_curated_star_schema.sql', '04_finops.sql', '05_reliability_sla.sql']) {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(f)));
      const d = await doc(`${text}\n;\nSELEC 1;\n`);
      const seen = await eventually(`the diagnostics of ${f}`, () => ours(d), (l) => l.length > 0, 10_000);
      assert.deepEqual(
        seen.map((x) => x.range.start.line),
        [d.lineCount - 2],
        `${f}: only the appended statement has a problem: ${seen.map((x) => `${x.range.start.line}: ${x.message}`).join('; ')}`,
      );
    }
    const d = await doc('SELECT 1;\n\nSELEC agency_id FROM ps_cloud_raw.agencies;\n');
    const found = await eventually('the misspelt keyword diagnostic', () => ours(d), (l) => l.length > 0, 10_000);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.range.start.line, 2);
    assert.equal(found[0]?.range.start.character, 0);
    assert.equal(d.getText(found[0]?.range), 'SELEC');
    assert.match(found[0]?.message ?? '', /did you mean SELECT\?/);

    const f = await doc('select agency_id,count(*) as n from ps_cloud_raw.agencies group by agency_id');
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', f.uri, { tabSize: 2, insertSpaces: true });
    const edit = new vscode.WorkspaceEdit();
    edit.set(f.uri, edits);
    await vscode.workspace.applyEdit(edit);
    assert.equal(f.getText(), 'SELECT\n  agency_id,\n  count(*) AS n\nFROM\n  ps_cloud_raw.agencies\nGROUP BY\n  agency_id');
  });
});
