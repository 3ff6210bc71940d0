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
