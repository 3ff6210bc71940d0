import * as vscode from 'vscode';
import { Commands, type CommandId } from './features/commands';
import { createLogger } from './features/common/logger';
import { Settings } from './features/common/settings';
import { Connection } from './features/connection/connection';
import { selectConnection } from './features/connection/picker';
import { ConnectionStatus } from './features/connection/statusBar';
import { openHistoryEntry, QueryHistory } from './features/history/history';
import { ResultsPanel } from './features/results/resultsPanel';
import { StatementRunner } from './features/run/runStatement';

// When the bundle's own code starts running (after its imports are evaluated).
const moduleStartedAt = performance.now();

/** What the extension hands to `vscode.extensions.getExtension(...).exports`. */
export interface LakehouseApi {
  /** Time spent inside activate(), in milliseconds. */
  readonly activationMs: number;
  /** Time from the module's evaluation to the end of activate() (includes VS Code's own gap). */
  readonly sinceModuleLoadMs: number;
  /** For the extension's own tests: what the results panel was sent and rendered. */
  readonly results: Pick<ResultsPanel, 'onDidRender' | 'lastMessage'>;
  readonly registeredCommands: readonly CommandId[];
  /** For the extension's own tests: the active connection and the status bar's text. */
  readonly connection: { readonly label: string; readonly kind: string; readonly engineLabel: () => string; readonly disposedBackends: () => number; readonly statusText: () => string };
}

/** The composition root: build the services, register the features, own every disposable. */
export function activate(context: vscode.ExtensionContext): LakehouseApi {
  const activateStartedAt = performance.now();
  const channel = vscode.window.createOutputChannel('Lakehouse Tools', { log: true });
  const log = createLogger(channel);
  const settings = new Settings();
  const connection = new Connection(settings, log.withPrefix('connection'));
  const status = new ConnectionStatus(connection);
  const results = new ResultsPanel(context.extensionUri, log.withPrefix('results'));
  const history = new QueryHistory();
  const runner = new StatementRunner(connection, results, history, settings, log.withPrefix('run'));
  context.subscriptions.push(channel, settings, connection, status, results, history);
  context.subscriptions.push(vscode.window.registerTreeDataProvider('lakehouseHistory', history));
  // The catalog tree arrives with the catalog feature; until then its welcome content explains the view.
  context.subscriptions.push(vscode.window.registerTreeDataProvider<never>('lakehouseCatalog', { getChildren: () => [], getTreeItem: (n) => n }));

  const handlers: Record<CommandId, (...args: unknown[]) => unknown> = {
    [Commands.runStatement]: () => runner.runStatementAtCursor(),
    [Commands.showLog]: () => channel.show(),
    [Commands.clearHistory]: () => history.clear(),
    [Commands.openHistoryEntry]: (entry) => openHistoryEntry(entry),
    [Commands.selectConnection]: (choice) => selectConnection(settings, choice),
  };
  for (const [id, handler] of Object.entries(handlers)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }

  const done = performance.now();
  const activationMs = done - activateStartedAt;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, sinceModuleLoadMs: done - moduleStartedAt, results, registeredCommands: Object.keys(handlers) as CommandId[],
    connection: {
      get label() {
        return connection.label;
      },
      get kind() {
        return connection.kind;
      },
      engineLabel: () => connection.queryEngine.label,
      disposedBackends: () => connection.disposedBackends,
      statusText: () => status.text,
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
