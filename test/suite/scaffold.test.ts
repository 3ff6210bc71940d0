import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { RunSummary } from '../../src/features/run/runner';
import type { ScaffoldResult } from '../../src/features/scaffold/scaffold';
import { lakehouse, workspaceFile, untitled } from './extension';

suite('DDL scaffolding from a sample', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('the Explorer command on a CSV opens the three statements, and running them on the local engine creates the tables', async () => {
    const api = await lakehouse();
    const uri = workspaceFile('queries', 'ext_spend.csv');
    writeFileSync(uri.fsPath, 'Agency,Zip,Amount (EUR),Day\n"Taxes, Economy",01000,12.50,01/31/2024\nBenefits,75001,7.25,02/15/2024\nCulture,13001,,03/01/2024\n');
    // As the Explorer's context menu calls it, with the choices a person would make.
    const result = await vscode.commands.executeCommand<ScaffoldResult>('lakehouse.scaffoldFromSample', { uri, layers: ['raw', 'staging', 'curated'], table: 'ext_spend', partitionBy: '', upload: true });
    const doc = result.document;
    assert.equal(doc.languageId, 'athena-sql');
    assert.ok(doc.isUntitled, 'a new untitled editor, no file written');
    assert.equal(vscode.window.activeTextEditor?.document, doc);
    const text = doc.getText();
    assert.match(text, /CREATE EXTERNAL TABLE IF NOT EXISTS `raw`\.`ext_spend`[\s\S]*OpenCSVSerde/);
    assert.match(text, /CREATE OR REPLACE VIEW "staging"\."ext_spend" AS[\s\S]*date_parse\(nullif\(trim\("day_"\), ''\), '%m\/%d\/%Y'\)/);
    assert.match(text, /CREATE TABLE "curated"\."ext_spend"\nWITH \(\n {2}format = 'PARQUET',\n {2}write_compression = 'ZSTD'/);
    assert.equal(result.uploadedTo, 's3://lakehouse/raw/ext_spend/ext_spend.csv');

    const before = api.history.entries().length;
    const summaries = await vscode.commands.executeCommand<RunSummary[]>('lakehouse.runFile');
    assert.ok(summaries.every((s) => s.state === 'SUCCEEDED'), summaries.map((s) => `${s.state} ${s.message ?? ''}`).join('\n'));
    assert.equal(api.history.entries().length - before, summaries.length);

    const check = await untitled('SELECT agency, zip, amount_eur, day_ FROM curated.ext_spend ORDER BY day_');
    await vscode.window.showTextDocument(check);
    const run = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
    assert.equal(run.state, 'SUCCEEDED');
    const message = api.results.lastMessage;
    assert.equal(message?.type, 'result');
    if (message?.type === 'result') {
      assert.deepEqual(message.rows, [
        ['Taxes, Economy', '01000', '12.50', '2024-01-31'],
        ['Benefits', '75001', '7.25', '2024-02-15'],
        ['Culture', '13001', null, '2024-03-01'],
      ]);
    }
  });

  test('a sample Athena cannot read gets a clear error and no editor', async () => {
    const uri = workspaceFile('queries', 'utf16.csv');
    writeFileSync(uri.fsPath, Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00]));
    const result = await vscode.commands.executeCommand<ScaffoldResult | undefined>('lakehouse.scaffoldFromSample', { uri, layers: ['raw'], table: 'bad' });
    assert.equal(result, undefined);
  });

  test('data-quality checks for a catalog table open in a new editor', async () => {
    await lakehouse();
    // A table of the sample (so the test needs no earlier one): daily rows keyed by service.
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('lakehouse.generateQualityChecks', { database: 'ps_cloud_raw', table: 'availability_daily', key: 'service_id', freshness: 'day' });
    const text = doc.getText();
    assert.match(text, /SELECT count\(\*\) AS row_count FROM "ps_cloud_raw"\."availability_daily";/);
    assert.match(text, /GROUP BY "service_id"\nHAVING count\(\*\) > 1/);
    assert.match(text, /date_diff\('day', CAST\(max\("day"\) AS date\), current_date\)/);
    const summaries = await vscode.commands.executeCommand<RunSummary[]>('lakehouse.runFile');
    assert.ok(summaries.length >= 6 && summaries.every((s) => s.state === 'SUCCEEDED'), summaries.map((s) => `${s.state} ${s.message ?? ''}`).join('\n'));
  });
});
