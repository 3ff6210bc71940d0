import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChatAnswer } from '../../src/features/agent/participant';
import type { RunSummary } from '../../src/features/run/runner';
import { eventually, lakehouse, until, untitled } from './extension';

/** The test-only scripted model (test/fixtures/scripted-model) needs VS Code 1.104's provider API. */
const providerApi = (): boolean => {
  const [major = 0, minor = 0] = vscode.version.split('.').map(Number);
  return major > 1 || (major === 1 && minor >= 104);
};

async function scriptedModel(): Promise<vscode.LanguageModelChat> {
  const models = await eventually('the scripted model', () => vscode.lm.selectChatModels({ vendor: 'lakehouse-scripted' }), (m) => m.length > 0, 30_000, 200).catch(() => []);
  assert.ok(models[0], `VS Code ${vscode.version} has the provider API: the scripted model must be there`);
  return models[0];
}

/** Sends `query` through VS Code's chat view, on the scripted model, and waits for @lakehouse's answer. */
async function ask(query: string, answers: readonly string[]): Promise<{ answer: ChatAnswer; requests: string[][] }> {
  await vscode.commands.executeCommand('lakehouseTest.scriptModel', answers);
  const api = await lakehouse();
  const got: ChatAnswer[] = [];
  const sub = api.chat.onDidAnswer((a) => got.push(a));
  try {
    await vscode.commands.executeCommand('workbench.action.chat.open', { query, mode: 'ask', modelSelector: { vendor: 'lakehouse-scripted' } });
    await until(`@lakehouse's answer to "${query}"`, () => got.length > 0, 60_000);
  } finally {
    sub.dispose();
  }
  const requests = (await vscode.commands.executeCommand<string[][]>('lakehouseTest.modelRequests')) ?? [];
  return { answer: got[0] as ChatAnswer, requests };
}

const MISSPELT = "```sql\nSELECT p.provider_name, sum(f.costs_eur) AS cost_2024\nFROM ps_cloud_curated.fact_cost_monthly f\nJOIN ps_cloud_curated.dim_provider p ON p.provider_id = f.provider_id\nWHERE f.year = '2024'\nGROUP BY p.provider_name\nORDER BY cost_2024 DESC\n```\nCloud cost per provider in 2024.";
const CORRECTED = MISSPELT.replace('f.costs_eur', 'f.cost_eur');

suite('agents: @lakehouse in VS Code\'s chat (a scripted model)', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('/sql: the right tables as context; a misspelt column repaired after the check; the estimate; Run puts the rows in the results panel', async function () {
    this.timeout(180_000);
    if (!providerApi()) this.skip();
    await scriptedModel();
    const { answer, requests } = await ask('@lakehouse /sql cloud cost per provider in 2024', [MISSPELT, CORRECTED]);
    assert.equal(answer.command, 'sql');
    assert.ok(answer.contextTables.includes('ps_cloud_curated.fact_cost_monthly'), answer.contextTables.join(', '));
    assert.ok(answer.contextTables.includes('ps_cloud_curated.dim_provider'), answer.contextTables.join(', '));
    assert.equal(answer.sampleRowsSent, false, 'no rows go to the model by default');
    // The model saw the tables as compact summaries, with types and partition keys.
    const first = requests[0]?.join('\n') ?? '';
    assert.match(first, /ps_cloud_curated\.fact_cost_monthly \(parquet, partitioned by year string, month string\)/);
    assert.match(first, /cost_eur decimal\(12,2\)/);
    assert.match(first, /Question: cloud cost per provider in 2024/);
    // No row reached the model: the sample's data values are nowhere in what it was sent.
    const sent = requests.flat().join('\n');
    for (const value of ['National Elections Office', 'onprem', 'hyperscaler']) assert.ok(!sent.includes(value), `"${value}" (a data value) was sent to the model`);
    // Its first answer failed the check; the engine's message went back; the second passed.
    assert.equal(answer.attempts.length, 2);
    assert.match(answer.attempts[0] ?? '', /costs_eur/);
    assert.match(answer.repairs[0] ?? '', /costs_eur/);
    assert.match(requests[1]?.join('\n') ?? '', /The statement failed a check:[\s\S]*costs_eur/);
    assert.deepEqual(answer.problems, []);
    assert.match(answer.sql ?? '', /sum\(f\.cost_eur\)/);
    assert.match(answer.estimate ?? '', /^≈ .* · \$0\.0000/);
    // Run: through the same runner as Ctrl+Enter; the rows land in the results panel.
    const api = await lakehouse();
    const ran = await vscode.commands.executeCommand<RunSummary>('lakehouse.chat.runSql', answer.sql);
    assert.equal(ran.state, 'SUCCEEDED', ran.message);
    const shown = api.results.lastMessage;
    assert.equal(shown?.type, 'result');
    if (shown?.type === 'result') {
      assert.deepEqual(shown.columns.map((c) => c.name), ['provider_name', 'cost_2024']);
      assert.equal(shown.rowCount, 6);
    }
  });

  test('/explain: the statement at the cursor goes to the model with its tables; the answer carries its estimate', async function () {
    this.timeout(180_000);
    if (!providerApi()) this.skip();
    await scriptedModel();
    const sql = "SELECT provider_id, sum(cost_eur) FROM ps_cloud_curated.fact_cost_monthly WHERE year = '2024' GROUP BY provider_id";
    const doc = await untitled(`-- spend\n${sql};\n`);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(new vscode.Position(1, 5), new vscode.Position(1, 5));
    const { answer, requests } = await ask('@lakehouse /explain', ['It sums 2024 cost per provider, reading the year=2024 partitions only.']);
    assert.equal(answer.command, 'explain');
    assert.equal(answer.sql, sql);
    assert.equal(answer.text, 'It sums 2024 cost per provider, reading the year=2024 partitions only.');
    assert.deepEqual(answer.contextTables, ['ps_cloud_curated.fact_cost_monthly']);
    assert.match(requests[0]?.join('\n') ?? '', /Explain this Athena \(Trino\) SQL statement[\s\S]*fact_cost_monthly \(parquet, partitioned by year string, month string\)/);
    assert.match(answer.estimate ?? '', /^≈ .* · \$/);
  });

  test('/fix: the last failed statement and its engine error go to the model; the corrected statement passes the check', async function () {
    this.timeout(180_000);
    if (!providerApi()) this.skip();
    await scriptedModel();
    const api = await lakehouse();
    const failed = await vscode.commands.executeCommand<RunSummary>('lakehouse.chat.runSql', 'SELECT agency_nam, headcount FROM ps_cloud_raw.agencies ORDER BY headcount DESC');
    assert.equal(failed.state, 'FAILED');
    assert.equal(api.history.entries()[0]?.state, 'FAILED');
    const fixed = '```sql\nSELECT agency_name, headcount FROM ps_cloud_raw.agencies ORDER BY headcount DESC\n```';
    const { answer, requests } = await ask('@lakehouse /fix', [fixed]);
    assert.equal(answer.command, 'fix');
    const sent = requests[0]?.join('\n') ?? '';
    assert.match(sent, /SELECT agency_nam, headcount FROM ps_cloud_raw\.agencies/);
    assert.match(sent, /The engine said: .*agency_nam/);
    assert.match(sent, /ps_cloud_raw\.agencies \(csv-opencsv\)/);
    assert.equal(answer.sql, 'SELECT agency_name, headcount FROM ps_cloud_raw.agencies ORDER BY headcount DESC');
    assert.deepEqual(answer.problems, []);
    assert.deepEqual(answer.repairs, []);
  });
});
