import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../common/logger';

/** The id of `contributes.mcpServerDefinitionProviders`. */
export const MCP_PROVIDER_ID = 'lakehouse.mcpServers';

/** What VS Code runs for a workspace folder's `lakehouse mcp` server (stdio). */
export interface McpServerSpec {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly version: string;
}

/**
 * One `lakehouse mcp` per workspace folder: the extension's own CLI, on the Node that runs the
 * extension host (Electron's, run as Node on the desktop), read-only with the CLI's defaults. None
 * in an untrusted workspace: nothing runs there.
 */
export function mcpServerSpecs(extensionPath: string, version: string): McpServerSpec[] {
  if (!vscode.workspace.isTrusted) return [];
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => ({
      label: `Lakehouse (${f.name})`,
      command: process.execPath,
      args: [join(extensionPath, 'dist', 'cli.js'), 'mcp', '--workspace', f.uri.fsPath],
      env: { ELECTRON_RUN_AS_NODE: '1' },
      version,
    }));
}

type McpStdioServerDefinitionCtor = new (label: string, command: string, args: string[], env: Record<string, string>, version: string) => unknown;
interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: { onDidChangeMcpServerDefinitions: vscode.Event<void>; provideMcpServerDefinitions(): unknown[] }): vscode.Disposable;
}

/**
 * Registers the workspace's `lakehouse mcp` servers with VS Code's own MCP support, so its agent
 * finds them with no configuration. The API is VS Code 1.101's: on older versions (the manifest
 * allows 1.100) nothing is registered. Returns whether it was.
 */
export function registerMcpServers(context: vscode.ExtensionContext, log: Logger): boolean {
  const lm = vscode.lm as unknown as Partial<McpApi>;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioServerDefinitionCtor }).McpStdioServerDefinition;
  // 1.100 has a proposed form of the API under another contribution point: stable from 1.101.
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function' || !Definition || !atLeast(vscode.version, 1, 101)) {
    log.info(`MCP servers are offered to VS Code from version 1.101 on (this is ${vscode.version}): run "lakehouse mcp" to add one by hand`);
    return false;
  }
  const changed = new vscode.EventEmitter<void>();
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  try {
    const registration = lm.registerMcpServerDefinitionProvider.call(lm, MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => mcpServerSpecs(context.extensionPath, version).map((s) => new Definition(s.label, s.command, [...s.args], s.env, s.version)),
    });
    context.subscriptions.push(changed, registration, vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()), vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()));
    return true;
  } catch (e) {
    // Never let an optional integration stop the extension from starting.
    changed.dispose();
    log.warn(`the lakehouse MCP server could not be offered to VS Code: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

/** Whether VS Code `version` (e.g. 1.139.1, 1.101.0-insider) is at least major.minor. */
export function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split(/[.-]/).map(Number);
  return a > major || (a === major && b >= minor);
}
