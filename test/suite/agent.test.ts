import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { lakehouse } from './extension';

/**
 * VS Code's MCP server definition providers are stable from 1.101; the manifest accepts 1.100,
 * whose proposed form of the API wants another contribution point (and must not stop activation).
 */
const hasMcpApi = (): boolean => {
  const [major = 0, minor = 0] = vscode.version.split('.').map(Number);
  const stable = major > 1 || (major === 1 && minor >= 101);
  return stable && typeof (vscode.lm as unknown as { registerMcpServerDefinitionProvider?: unknown }).registerMcpServerDefinitionProvider === 'function';
};

suite('agents: the lakehouse MCP server offered to VS Code', () => {
  test('where VS Code has MCP server definitions (1.101+), the workspace\'s lakehouse mcp is registered and answers; before that, nothing is', async function () {
    this.timeout(60_000);
    const api = await lakehouse();
    if (!hasMcpApi()) {
      assert.equal(api.mcp.registered, false, `VS Code ${vscode.version} has no MCP API: nothing is registered`);
      return;
    }
    assert.equal(api.mcp.registered, true);
    const [server, ...more] = api.mcp.servers();
    assert.ok(server, 'one server for the workspace folder');
    assert.equal(more.length, 0);
    assert.match(server.label, /^Lakehouse \(/);
    assert.deepEqual(server.args.slice(1, 3), ['mcp', '--workspace']);
    // What VS Code would start, started the same way, through the SDK's client.
    const transport = new StdioClientTransport({ command: server.command, args: [...server.args], env: { ...server.env, PATH: process.env.PATH ?? '' }, stderr: 'pipe' });
    const client = new Client({ name: 'lakehouse-suite', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === 'run_query'));
      const r = (await client.callTool({ name: 'search_catalog', arguments: { question: 'monthly cloud cost per provider', limit: 3 } })) as { content: { text?: string }[] };
      const hits = JSON.parse(r.content[0]?.text ?? '[]') as { table: string }[];
      assert.equal(hits[0]?.table, 'ps_cloud_curated.fact_cost_monthly');
    } finally {
      await client.close();
    }
  });
});

/** Invokes a language-model tool as agent mode does, outside a chat (no invocation token); returns its text. */
async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

suite('agents: language-model tools (vscode.lm.invokeTool, sample lakehouse)', () => {
  teardown(async () => {
    await vscode.workspace.getConfiguration('lakehouse').update('cost.confirmAboveUsd', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('the five tools are registered; search, describe and estimate answer from the catalog and storage', async () => {
    await lakehouse();
    const names = vscode.lm.tools.map((t) => t.name).filter((n) => n.startsWith('lakehouse_')).sort();
    assert.deepEqual(names, ['lakehouse_describeTable', 'lakehouse_estimateQuery', 'lakehouse_runQuery', 'lakehouse_sampleRows', 'lakehouse_searchCatalog']);
    const hits = JSON.parse(await invoke('lakehouse_searchCatalog', { question: 'monthly cloud cost per provider', limit: 5 })) as { table: string; why: string }[];
    assert.equal(hits[0]?.table, 'ps_cloud_curated.fact_cost_monthly');
    assert.match(hits[0]?.why ?? '', /cost/);
    const table = JSON.parse(await invoke('lakehouse_describeTable', { database: 'ps_cloud_curated', table: 'fact_cost_monthly' })) as { columns: { name: string }[]; partitionKeys: { name: string }[] };
    assert.ok(table.columns.some((c) => c.name === 'cost_eur'));
    assert.deepEqual(table.partitionKeys.map((k) => k.name), ['year', 'month']);
    const estimate = JSON.parse(await invoke('lakehouse_estimateQuery', { sql: "SELECT sum(cost_eur) FROM ps_cloud_curated.fact_cost_monthly WHERE year = '2024'" })) as { kind: string; bytes: number; costUsd: number };
    assert.equal(estimate.kind, 'scan');
    assert.ok(estimate.bytes > 0 && estimate.costUsd > 0);
  });

  test('a read query runs as Ctrl+Enter does: the rows in the results panel, a few for the model; a DROP is refused', async () => {
    const api = await lakehouse();
    const before = api.history.entries().length;
    const answer = JSON.parse(await invoke('lakehouse_runQuery', { sql: 'SELECT count(*) FROM ps_cloud_raw.agencies' })) as { state: string; rows: Record<string, unknown>[]; rowCount: number };
    assert.equal(answer.state, 'SUCCEEDED');
    assert.equal(Number(answer.rows[0]?._col0), 20);
    const shown = api.results.lastMessage;
    assert.equal(shown?.type, 'result');
    if (shown?.type === 'result') assert.equal(shown.rowCount, 1);
    assert.equal(api.history.entries().length, before + 1, 'it is in the history');
    const many = JSON.parse(await invoke('lakehouse_runQuery', { sql: 'SELECT * FROM ps_cloud_raw.services' })) as { rows: unknown[]; rowCount: number; note: string };
    assert.equal(many.rows.length, 50, 'the model sees at most 50 rows');
    assert.equal(many.rowCount, 150);
    assert.match(many.note, /50 of 150 rows/);
    await assert.rejects(invoke('lakehouse_runQuery', { sql: 'DROP TABLE ps_cloud_raw.agencies' }), /runs read statements only/);
    await assert.rejects(invoke('lakehouse_sampleRows', { database: 'ps_cloud_raw', table: 'agencies' }), /lakehouse\.agent\.allowSampleRows/);
    const still = JSON.parse(await invoke('lakehouse_describeTable', { database: 'ps_cloud_raw', table: 'agencies' })) as { columns: unknown[] };
    assert.ok(still.columns.length > 0, 'the table is still there');
  });

  test('a query above the cost guard asks first, and is not run unless confirmed', async () => {
    const api = await lakehouse();
    const questions: string[] = [];
    const sub = api.estimates.onDidAsk((q) => questions.push(q.message));
    try {
      await vscode.workspace.getConfiguration('lakehouse').update('cost.confirmAboveUsd', 0.00001, vscode.ConfigurationTarget.Workspace);
      const before = api.history.entries().length;
      const answer = JSON.parse(await invoke('lakehouse_runQuery', { sql: 'SELECT count(*) FROM ps_cloud_raw.agencies' })) as { ran: boolean; state: string; message: string };
      assert.equal(questions.length, 1, 'the cost guard asked');
      assert.match(questions[0] ?? '', /This SELECT may scan/);
      assert.equal(answer.state, 'NOT_RUN');
      assert.equal(answer.ran, false);
      assert.match(answer.message, /was not confirmed/);
      assert.equal(api.history.entries().length, before, 'nothing ran');
    } finally {
      sub.dispose();
    }
  });
});
