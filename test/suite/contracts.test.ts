import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { eventually, lakehouse, workspaceFile } from './extension';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'contracts', name), 'utf8');

async function contractFile(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = workspaceFile('contracts', name);
  mkdirSync(dirname(uri.fsPath), { recursive: true });
  writeFileSync(uri.fsPath, text);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

const shown = (uri: vscode.Uri): string[] => vscode.languages.getDiagnostics(uri).map((d) => `${d.range.start.line + 1} ${d.source ?? ''}: ${d.message}`);

suite('data contracts (ODCS v3.1.0) in the editor', () => {
  test('a contract with a wrong key, a wrong type, an unknown server type and a bad physical type: exactly those diagnostics, at their lines', async () => {
    await lakehouse();
    const editor = await contractFile('broken.odcs.yaml', fixture('broken.odcs.yaml'));
    const uri = editor.document.uri;
    const diagnostics = await eventually('the contract checked', () => shown(uri), (d) => d.length > 0);
    assert.deepEqual(
      diagnostics.map((d) => d.replace(/:.*/, '')),
      ['6 ODCS v3.1.0', '9 ODCS v3.1.0', '20 ODCS v3.1.0', '22 Lakehouse'],
      diagnostics.join('\n'),
    );
    assert.match(diagnostics[0] ?? '', /Unknown key 'colour'/);
    assert.match(diagnostics[1] ?? '', /'type' must be one of: .* Did you mean 'athena'\?/);
    assert.match(diagnostics[2] ?? '', /'required' must be a boolean/);
    assert.match(diagnostics[3] ?? '', /physicalType 'decimal\(40,2\)' is not an Athena type: decimal precision is 1 to 38, not 40/);
    // The diagnostic covers the offending text itself.
    const unknownKey = vscode.languages.getDiagnostics(uri)[0];
    assert.equal(unknownKey && editor.document.getText(unknownKey.range), 'colour');

    // Fixed as it is typed: the wrong key and the wrong server type go, the rest stays.
    await editor.edit((b) => {
      b.delete(editor.document.lineAt(5).rangeIncludingLineBreak);
      const typeLine = editor.document.lineAt(8);
      b.replace(typeLine.range, typeLine.text.replace('athenna', 'athena'));
    });
    const after = await eventually('the fixed contract checked', () => shown(uri), (d) => !d.some((x) => /colour|athenna/.test(x)));
    assert.deepEqual(
      after.map((d) => d.replace(/:.*/, '')),
      ['7 ODCS v3.1.0', '7 ODCS v3.1.0', '19 ODCS v3.1.0', '21 Lakehouse'],
      after.join('\n'),
    );
    // Now an athena server: the standard asks for its result location and database.
    assert.match(after[0] ?? '', /item 1 of servers needs the key 'stagingDir'/);
    assert.match(after[1] ?? '', /item 1 of servers needs the key 'schema'/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('keys complete and hover with the standard’s descriptions; a server’s keys are those of its type', async () => {
    await lakehouse();
    const text = ['apiVersion: v3.1.0', 'kind: DataContract', 'id: orders', 'version: 1.0.0', 'status: draft', 'servers:', '  - server: prod', '    type: athena', '    ', 'schema: []', ''].join('\n');
    const editor = await contractFile('help.odcs.yaml', text);
    const doc = editor.document;
    const keys = await eventually(
      'keys completed in the server',
      async () => (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(8, 4))).items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)),
      (k) => k.includes('stagingDir'),
    );
    for (const k of ['stagingDir', 'schema', 'regionName', 'catalog', 'description', 'environment']) assert.ok(keys.includes(k), `${k} in ${keys.join(', ')}`);
    assert.ok(!keys.includes('server') && !keys.includes('type'), 'keys already given are not offered again');
    assert.ok(!keys.includes('location'), "an s3 server's keys are not an athena server's");
    // After `type: `, the server types of the standard.
    const values = (await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(7, 10))).items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(values.includes('athena') && values.includes('glue') && values.includes('s3') && values.includes('local'), values.join(', '));
    // Hover on a key: its description.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(7, 5));
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hover, /\*\*type\*\* · string · required/);
    assert.match(hover, /Type of the server\./);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Generate DDL from Data Contract opens raw, staging and curated DDL in a new Athena SQL editor; a contract with problems gets none', async () => {
    await lakehouse();
    const editor = await contractFile('orders.odcs.yaml', fixture('orders.odcs.yaml'));
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('lakehouse.contract.ddl');
    assert.ok(doc, 'a DDL document');
    assert.equal(doc.languageId, 'athena-sql');
    assert.equal(doc.uri.scheme, 'untitled');
    const text = doc.getText();
    assert.match(text, /^-- DDL from the data contract retail-orders 1\.2\.0 \(orders\.odcs\.yaml\)/);
    assert.match(text, /-- orders: raw\nCREATE EXTERNAL TABLE IF NOT EXISTS `[a-z_]+`\.`orders`/);
    assert.match(text, /-- orders: staging\nCREATE OR REPLACE VIEW/);
    assert.match(text, /-- orders: curated\nCREATE TABLE [^\n]+\nWITH \(\n[^]*partitioned_by = ARRAY\['placed_on'\]/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const broken = await contractFile('broken-again.odcs.yaml', fixture('broken.odcs.yaml'));
    assert.equal(await vscode.commands.executeCommand('lakehouse.contract.ddl', broken.document.uri), undefined);
    assert.ok(editor.document.uri.path.endsWith('orders.odcs.yaml'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Testing view: the sample’s contracts listed (contract › object › check); a run marks the failing rule failed with its measured value, the others passed', async function () {
    this.timeout(120_000);
    const api = await lakehouse();
    await api.contracts.tests.discover();
    const tree = api.contracts.tests.tree();
    const incidents = tree.find((c) => c.label === 'ps-cloud-incidents 1.0.0');
    for (const id of ['ps-cloud-agencies 1.0.0', 'ps-cloud-cost-monthly 1.0.0', 'ps-cloud-incidents 1.0.0']) assert.ok(tree.some((c) => c.label === id), `${id} in ${tree.map((c) => c.label).join(', ')}`);
    assert.deepEqual(incidents?.children.map((o) => o.label), ['incidents']);
    const checks = incidents?.children[0]?.children ?? [];
    for (const id of ['incidents.exists', 'incidents.opened_at.type', 'incidents.incident_id.required', 'incidents.incident_id.unique', 'incidents-resolved']) assert.ok(checks.includes(id), `${id} in ${checks.join(', ')}`);

    await vscode.commands.executeCommand('testing.runAll');
    const outcomes = await eventually('the contract tests run', () => api.contracts.tests.outcomes(), (o) => o.has('ps-cloud-incidents › incidents-resolved') && o.has('ps-cloud-agencies › agencies.exists') && o.has('ps-cloud-cost-monthly › cost_monthly.exists'), 90_000);
    const resolved = outcomes.get('ps-cloud-incidents › incidents-resolved');
    assert.equal(resolved?.state, 'failed');
    assert.match(resolved?.message ?? '', /^measured [1-9]\d*, expected = 0$/);
    const sample = [...outcomes].filter(([k]) => /^ps-cloud-/.test(k));
    assert.ok(sample.length >= 40, `${sample.length} checks of the sample's contracts ran`);
    const others = sample.filter(([k, o]) => k !== 'ps-cloud-incidents › incidents-resolved' && o.state !== 'passed' && o.state !== 'warning');
    assert.deepEqual(others, [], 'every other check passed');
  });

  test('Create Data Contract from Table… drafts a contract in a new editor, valid and without problems', async () => {
    const api = await lakehouse();
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('lakehouse.catalog.createContract', { database: 'ps_cloud_raw', table: 'agencies' });
    assert.ok(doc, 'a contract document');
    assert.equal(doc.uri.scheme, 'untitled');
    assert.match(doc.uri.path, /ps_cloud_raw-agencies-\d+\.odcs\.yaml$/);
    const text = doc.getText();
    assert.match(text, /^apiVersion: v3\.1\.0$/m);
    assert.match(text, /- name: agency_id\n\s+physicalType: string\n\s+required: true\n\s+unique: true/);
    assert.match(text, /metric: rowCount\n\s+mustBeGreaterThan: 0/);
    assert.match(text, /schema: ps_cloud_raw/);
    // It is a contract to the editor too: checked, and without a problem.
    const checked = new Promise<void>((resolve) => {
      const sub = api.contracts.onDidCheck((uri) => {
        if (uri.toString() !== doc.uri.toString()) return;
        sub.dispose();
        resolve();
      });
    });
    await vscode.window.showTextDocument(doc);
    await vscode.window.activeTextEditor?.edit((b) => b.insert(new vscode.Position(0, 0), '# drafted\n'));
    await checked;
    assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).map((d) => d.message), []);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('▶ Run checks above each schema object runs that object’s checks', async function () {
    this.timeout(90_000);
    const api = await lakehouse();
    const uri = workspaceFile('contracts', 'incidents.odcs.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const lenses = await eventually('the contract’s lenses', () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri), (l) => l.length > 0);
    const run = lenses.filter((l) => l.command?.command === 'lakehouse.contract.runChecks');
    assert.equal(run.length, 1);
    assert.equal(doc.lineAt(run[0]!.range.start.line).text.trim(), '- name: incidents');
    const results = await vscode.commands.executeCommand<{ id: string; status: string }[]>(run[0]!.command!.command, ...((run[0]!.command!.arguments ?? []) as unknown[]));
    const statuses = Object.fromEntries(results.map((r) => [r.id, r.status]));
    assert.equal(statuses['incidents-resolved'], 'failed');
    assert.equal(statuses['incidents.exists'], 'passed');
    assert.ok(api.contracts.tests.outcomes().get('ps-cloud-incidents › incidents-resolved')?.state === 'failed');
    // The queries it sent are in the query history: the object's one scan, and its DESCRIBE.
    const recent = api.history.entries().slice(0, 5).map((e) => e.statement);
    assert.ok(recent.some((q) => /^SELECT\n {2}count\(\*\),[^]*FROM "ps_cloud_raw"\."incidents"$/.test(q)), recent.join('\n---\n'));
    assert.ok(recent.includes('DESCRIBE "ps_cloud_raw"."incidents"'), recent.join('\n---\n'));
  });

  test('drift: where the catalog’s table differs from the contract, information at the property it concerns', async () => {
    const api = await lakehouse();
    const text = ['apiVersion: v3.1.0', 'kind: DataContract', 'id: drift', 'version: 1.0.0', 'status: draft', 'servers:', '  - server: lake', '    type: athena', '    schema: ps_cloud_raw', '    stagingDir: s3://ps-cloud-lakehouse/results/', 'schema:', '  - name: agencies', '    properties:', '      - name: agency_id', '        physicalType: string', '      - name: agency_name', '        physicalType: string', '      - name: ministry', '        physicalType: string', '      - name: headcount', '        physicalType: bigint', '      - name: budget', '        physicalType: decimal(12,2)', ''].join('\n');
    const compared = new Promise<void>((resolve) => {
      const sub = api.contracts.onDidCompare((uri) => {
        if (!uri.path.endsWith('drift.odcs.yaml')) return;
        sub.dispose();
        resolve();
      });
    });
    const editor = await contractFile('drift.odcs.yaml', text);
    await compared;
    const info = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'Lakehouse catalog');
    assert.deepEqual(
      info.map((d) => [d.range.start.line + 1, d.severity, d.message]),
      [
        [20, vscode.DiagnosticSeverity.Information, 'agencies.headcount is int in the table, bigint in the contract (catalog: ps_cloud_raw)'],
        [22, vscode.DiagnosticSeverity.Information, 'agencies.budget is in the contract, not in the table (catalog: ps_cloud_raw)'],
        [12, vscode.DiagnosticSeverity.Information, 'agencies.region is in the table, not in the contract (catalog: ps_cloud_raw)'],
      ],
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
