import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { estimateLabel, type Estimate } from '../../src/core/cost/estimate';
import type { RunSummary } from '../../src/features/run/runner';
import { lakehouse, until, workspaceFile } from './extension';

type Breakdown = { readonly estimate: Estimate; readonly markdown: string } | undefined;

/** The fact table query of the sample's FinOps file: 2024 only, five Parquet columns. */
const IDLE_2024 = 'round(sum(f.idle_cost_eur), 2) AS idle_eur';

async function setSetting(key: string, value: unknown): Promise<void> {
  const api = await lakehouse();
  void api;
  await vscode.workspace.getConfiguration('lakehouse').update(key, value, vscode.ConfigurationTarget.Workspace);
  await until(`${key} applied`, () => vscode.workspace.getConfiguration('lakehouse').get(key) === (value ?? vscode.workspace.getConfiguration('lakehouse').inspect(key)?.defaultValue));
}

async function openAt(file: string, needle: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(file));
  const editor = await vscode.window.showTextDocument(doc);
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} is in ${file}`);
  editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at));
  return editor;
}

suite('scan estimates (sample lakehouse, local engine)', () => {
  teardown(async () => {
    await vscode.workspace.getConfiguration('lakehouse').update('cost.confirmAboveUsd', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the cost guard asks above lakehouse.cost.confirmAboveUsd and not below it', async () => {
    const api = await lakehouse();
    const questions: { message: string; detail: string; button: string }[] = [];
    const sub = api.estimates.onDidAsk((q) => questions.push(q));
    try {
      // Every billed query costs at least 10 MB × $5/TB = $0.0000477: a threshold of $0.00001 is crossed.
      await setSetting('cost.confirmAboveUsd', 0.00001);
      await openAt('04_finops.sql', IDLE_2024);
      let before = api.history.entries().length;
      const refused = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
      assert.equal(questions.length, 1, 'asked once');
      assert.match(questions[0]?.message ?? '', /^This SELECT may scan ≈ 113 KB · \$0\.000048\.$/);
      assert.match(questions[0]?.detail ?? '', /above your limit of \$0\.000010 per query \(lakehouse\.cost\.confirmAboveUsd\)/);
      assert.match(questions[0]?.detail ?? '', /ps_cloud_curated\.fact_cost_monthly: 108 KB, 12 partitions/);
      assert.equal(questions[0]?.button, 'Run');
      assert.equal(refused.state, 'NOT_RUN', 'a dialog that cannot be answered counts as no');
      assert.match(refused.message ?? '', /the estimate \(≈ 113 KB · \$0\.000048\) was not confirmed/);
      assert.equal(api.history.entries().length, before, 'nothing ran');

      // DDL is free: no question even at this threshold.
      const ddl = workspaceFile('queries', 'estimate-ddl.sql');
      writeFileSync(ddl.fsPath, 'CREATE DATABASE IF NOT EXISTS estimate_guard_db;\n');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(ddl));
      const created = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
      assert.equal(created.state, 'SUCCEEDED');
      assert.equal(questions.length, 1, 'DDL asks nothing');

      // At the default ($1.00) the same query runs without a question, and keeps its estimate beside the actual bytes.
      await setSetting('cost.confirmAboveUsd', undefined);
      await openAt('04_finops.sql', IDLE_2024);
      before = api.history.entries().length;
      const ran = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
      assert.equal(ran.state, 'SUCCEEDED');
      assert.equal(questions.length, 1, 'no new question below the threshold');
      const entry = api.history.entries()[0];
      assert.equal(api.history.entries().length, before + 1);
      assert.equal(entry?.estimatedBytes, 115_235);
      assert.equal(entry?.bytesScanned, 115_235, 'the engine scanned what was estimated');
      assert.equal(entry?.estimateUpperBound, undefined);
      const shown = api.results.lastMessage;
      assert.equal(shown?.type, 'result');
      if (shown?.type === 'result') {
        assert.equal(shown.estimatedBytes, 115_235);
        assert.equal(shown.bytesScanned, 115_235);
        assert.ok(shown.costUsd !== undefined && Math.abs(shown.costUsd - 0.0000476837158203125) < 1e-12);
      }
      // And the history keeps both across a reload.
      const stored = api.history.reloadFromDisk()[0];
      assert.equal(stored?.estimatedBytes, 115_235);
    } finally {
      sub.dispose();
    }
  });

  test('CodeLens shows "≈ bytes · $cost" above billed statements, and the breakdown per table', async () => {
    const editor = await openAt('04_finops.sql', IDLE_2024);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
    const estimates = lenses.filter((l) => l.command?.command === 'lakehouse.estimate.show').sort((a, b) => a.range.start.line - b.range.start.line);
    assert.deepEqual(
      estimates.map((l) => l.command?.title),
      ['≈ 190 KB · $0.000048', '≈ 178 KB · $0.000048', '≈ 113 KB · $0.000048', '≈ 177 KB · $0.000048'],
    );
    const third = estimates[2];
    const breakdown = await vscode.commands.executeCommand<Breakdown>('lakehouse.estimate.show', (third?.command?.arguments as unknown[] | undefined)?.[0]);
    assert.ok(breakdown);
    assert.equal(breakdown.estimate.bytes, 115_235);
    assert.match(breakdown.markdown, /^# Scan estimate: ≈ 113 KB · \$0\.000048/);
    assert.match(breakdown.markdown, /\| ps_cloud_curated\.fact_cost_monthly \| 12 of 36 \| 12 \| 108 KB \| parquet-footers \| agency_id, service_id, provider_id, cost_eur, idle_cost_eur \|/);
    assert.match(breakdown.markdown, /ps_cloud_curated\.fact_cost_monthly: partitions where year = '2024'/);
    assert.match(breakdown.markdown, /Billed: 10.0 MB \(data scanned rounded up to the MB, at least 10 MB\) → \$0\.000048/);
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'lakehouse-estimate');
    assert.ok(shown, 'the breakdown is open beside the editor');
    assert.equal(shown.document.getText(), breakdown.markdown);

    // DDL gets Run only: no estimate lens.
    const ddl = await vscode.workspace.openTextDocument(workspaceFile('01_raw_tables.sql'));
    const ddlLenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', ddl.uri, 100);
    assert.equal(ddlLenses.filter((l) => l.command?.command === 'lakehouse.estimate.show').length, 0);
  });

  test('the status bar estimates the statement at the cursor, once per pause', async () => {
    const api = await lakehouse();
    const status = api.estimates.status;
    // What the status bar should read for two statements, from the breakdown command. The sizes
    // follow the sample's Parquet files, which DuckDB writes in parallel: a fresh build of the
    // sample differs by some bytes, so they are not written into the test.
    const sla = await vscode.workspace.openTextDocument(workspaceFile('05_reliability_sla.sql'));
    const labelAt = async (needle: string): Promise<string> => {
      const b = await vscode.commands.executeCommand<Breakdown>('lakehouse.estimate.show', { uri: sla.uri.toString(), offset: sla.getText().indexOf(needle) });
      assert.ok(b, needle);
      return estimateLabel(b.estimate);
    };
    const firstLabel = await labelAt('WHERE r.year');
    const lastLabel = await labelAt('SELECT\n  r.year');
    assert.notEqual(firstLabel, lastLabel, 'two statements with different estimates');
    assert.match(lastLabel, /^≈ [\d.]+ KB · \$0\.000048$/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await openAt('05_reliability_sla.sql', 'WHERE r.year');
    await until('the status bar estimate', () => status.text === `$(graph) ${firstLabel}`).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)} "${firstLabel}"; the status bar reads "${status.text}" (shown: ${status.visible}) after ${status.estimatesMade} estimates`);
    });
    assert.equal(status.visible, true);
    // Moving through three other statements in a burst makes one estimate, for where the cursor stops.
    const made = status.estimatesMade;
    const text = editor.document.getText();
    for (const needle of ['WHERE i.resolved_at', 'WHERE s.migrated_on', 'WHERE r.year', 'SELECT\n  r.year']) {
      const at = text.indexOf(needle);
      assert.ok(at >= 0, needle);
      editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at));
    }
    // The statement the cursor stopped in gets its estimate.
    await until('the estimate of the statement the cursor stopped in', () => status.text === `$(graph) ${lastLabel}`).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)} "${lastLabel}"; the status bar reads "${status.text}" after ${status.estimatesMade - made} estimates`);
    });
    // Settled: nothing scheduled and nothing running, so no other estimate can come.
    await until('the status bar to settle', () => status.idle, 10_000);
    assert.equal(status.estimatesMade - made, 1, 'one estimate after the cursor settled');
    // DDL is not billed: the item hides.
    await openAt('01_raw_tables.sql', 'CREATE EXTERNAL TABLE');
    await until('the estimate hides for DDL', () => !status.visible, 5_000);
  });

  test('the catalog’s Estimate Full Scan reads every partition and column; accuracy summarises the history', async () => {
    const full = await vscode.commands.executeCommand<Breakdown>('lakehouse.catalog.estimateFullScan', { database: 'ps_cloud_curated', table: 'fact_cost_monthly' });
    assert.ok(full);
    const t = full.estimate.tables[0];
    assert.deepEqual(t?.partitions, { selected: 36, total: 36 });
    assert.equal(t?.allColumns, true);
    const files = full.markdown.match(/\| 36 of 36 \| 36 \|/);
    assert.ok(files, full.markdown);
    // A run of its own first, so the history has one with both figures whatever ran before.
    await openAt('04_finops.sql', IDLE_2024);
    const ran = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
    assert.equal(ran.state, 'SUCCEEDED');
    const summary = await vscode.commands.executeCommand<string>('lakehouse.estimate.accuracy');
    assert.match(summary, /^Scan estimates over \d+ runs?: scanned\/estimated median 1\.00, worst 1\.00\.$/);
    // The sample's own SQL files are unchanged by all this.
    assert.match(readFileSync(workspaceFile('04_finops.sql').fsPath, 'utf8'), /Idle spend/);
  });
});
