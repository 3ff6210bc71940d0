import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { isRefusal, type AgentTools } from '../engines/agentTools';

/**
 * `lakehouse mcp`: the lakehouse as a Model Context Protocol server over stdio, for any agent
 * (VS Code's agent mode, Claude, Cursor…). The tools are AgentTools' (search, describe, estimate,
 * run, sample), with its checks: read-only unless allowed, destructive statements only when
 * allowed too, a dollar limit per query, capped rows. Every call is logged to stderr: the tool,
 * its SQL, the estimate and the outcome (never a credential: none passes through here).
 *
 * Bundled on its own (dist/mcp.js, with the SDK) and loaded only by `lakehouse mcp`.
 */
export async function serveMcp(tools: AgentTools, o: { version: string; engine: string; log: (line: string) => void }): Promise<void> {
  const server = new McpServer({ name: 'lakehouse', version: o.version });
  const { policy } = tools;
  const limits = `Read-only${policy.allowWrite ? ' off: DDL and DML allowed' : ''}${policy.allowDestructive ? ', destructive statements allowed' : ''}; a query whose estimate is above $${policy.maxUsd} is refused; at most ${policy.maxRows} rows are returned.`;

  /** Runs a tool call: its JSON answer, or the reason it was refused or failed, as the model should read it. */
  const call = async (tool: string, what: string, work: () => Promise<unknown>, outcome: (value: unknown) => string): Promise<{ content: { type: 'text'; text: string }[]; isError?: boolean }> => {
    const started = performance.now();
    try {
      const value = await work();
      o.log(`${tool}: ${what} → ${outcome(value)} (${Math.round(performance.now() - started)} ms)`);
      return { content: [{ type: 'text', text: JSON.stringify(value, null, 1) }] };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      o.log(`${tool}: ${what} → ${isRefusal(e) ? 'refused' : 'failed'}: ${message}`);
      return { content: [{ type: 'text', text: `${isRefusal(e) ? '' : 'failed: '}${message}` }], isError: true };
    }
  };
  const oneLine = (sql: string): string => sql.replace(/\s+/g, ' ').trim().slice(0, 200);
  /**
   * registerTool with the arguments typed here: the SDK's own inference over zod's shapes is too
   * deep for the compiler. The SDK still validates each call against `inputSchema`.
   */
  const register = <A>(name: string, config: { title: string; description: string; inputSchema: z.ZodRawShape; annotations: Record<string, boolean> }, handler: (args: A) => ReturnType<typeof call>): void => {
    (server.registerTool as unknown as (n: string, c: unknown, h: (args: A) => ReturnType<typeof call>) => void).call(server, name, config, handler);
  };

  register<{ question: string; limit?: number }>(
    'search_catalog',
    {
      title: 'Search the lakehouse catalog',
      description: `Tables and views of the ${o.engine} lakehouse catalog that a question is about, best first, with why each matched (names, columns, comments, partition keys; a fact table brings its dimensions). Use before writing SQL.`,
      inputSchema: { question: z.string().min(1).describe('The question, in plain language'), limit: z.number().int().min(1).max(50).optional().describe('How many tables (default 10)') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ question, limit }) => call('search_catalog', JSON.stringify(question), () => tools.searchCatalog(question, limit ?? 10), (v) => `${(v as unknown[]).length} tables`),
  );
  register<{ database: string; table: string }>(
    'describe_table',
    {
      title: 'Describe a table',
      description: 'The columns and types of a table or view, its partition keys, format, location and comments (and a view\'s SQL).',
      inputSchema: { database: z.string().min(1), table: z.string().min(1) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ database, table }) => call('describe_table', `${database}.${table}`, () => tools.describeTable(database, table), (v) => `${(v as { columns: unknown[] }).columns.length} columns`),
  );
  register<{ sql: string; database?: string }>(
    'estimate_query',
    {
      title: 'Estimate a query',
      description: 'Bytes one Athena SQL statement would scan and the dollars Athena would bill, before it runs (partitions and columns pruned as Athena does). Nothing runs.',
      inputSchema: { sql: z.string().min(1).describe('One Athena (Trino) SQL statement'), database: z.string().optional().describe('Database for unqualified table names') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ sql, database }) => call('estimate_query', oneLine(sql), () => tools.estimateQuery(sql, database), (v) => (v as { label: string }).label),
  );
  register<{ sql: string; database?: string; max_rows?: number }>(
    'run_query',
    {
      title: 'Run a query',
      description: `Runs one Athena (Trino) SQL statement on the ${o.engine} lakehouse and returns its rows (capped) with the estimate and the bytes scanned. ${limits}`,
      inputSchema: {
        sql: z.string().min(1).describe('One Athena (Trino) SQL statement'),
        database: z.string().optional().describe('Database for unqualified table names'),
        max_rows: z.number().int().min(1).optional().describe(`Rows to return (at most ${policy.maxRows})`),
      },
      annotations: { readOnlyHint: !policy.allowWrite, destructiveHint: policy.allowDestructive, openWorldHint: false },
    },
    ({ sql, database, max_rows }) =>
      call('run_query', oneLine(sql), () => tools.runQuery(sql, database, max_rows), (v) => {
        const a = v as { rowCount: number; truncated: boolean; estimate: { label: string }; elapsedMs: number };
        return `${a.rowCount}${a.truncated ? '+' : ''} rows · estimate ${a.estimate.label} · ${a.elapsedMs} ms`;
      }),
  );
  register<{ database: string; table: string; rows?: number }>(
    'sample_rows',
    {
      title: 'Sample rows of a table',
      description: `A few rows of a table or view (SELECT * … LIMIT n), to see what its values look like. ${limits}`,
      inputSchema: { database: z.string().min(1), table: z.string().min(1), rows: z.number().int().min(1).max(100).optional().describe('How many rows (default 10)') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ database, table, rows }) => call('sample_rows', `${database}.${table}`, () => tools.sampleRows(database, table, rows ?? 10), (v) => `${(v as { rowCount: number }).rowCount} rows`),
  );

  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    process.stdin.on('end', () => resolve());
  });
  await server.connect(transport);
  o.log(`serving the ${o.engine} lakehouse over stdio. ${limits}`);
  await closed;
  await server.close();
}
