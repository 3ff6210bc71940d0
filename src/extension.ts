import * as vscode from 'vscode';
import { join } from 'node:path';
import { Commands, NEEDS_TRUST, type CommandId } from './features/commands';
import { createLogger } from './features/common/logger';
import { Settings } from './features/common/settings';
import { exportsFor } from './features/common/testApi';
import { EngineWarmup } from './features/run/warmup';
import { Connection } from './features/connection/connection';
import { selectConnection } from './features/connection/picker';
import { ConnectionStatus } from './features/connection/statusBar';
import { copyHistoryEntry, historyEntryArg, openHistoryEntry, QueryHistory } from './features/history/history';
import { HistoryStore, type HistoryRecord } from './features/history/historyStore';
import { exportArg } from './features/results/exportResult';
import { ResultsPanel } from './features/results/resultsPanel';
import { StatementCodeLens } from './features/run/codeLens';
import { Scaffolder } from './features/scaffold/scaffold';
import { CatalogCache } from './features/language/catalogCache';
import { CatalogTree, type CatalogNode } from './features/catalog/catalogTree';
import { IcebergActions } from './features/catalog/icebergActions';
import { CatalogActions } from './features/catalog/tableActions';
import { catalogChangeOf } from './core/sql/catalogChange';
import { openSampleLakehouse } from './features/catalog/sampleLakehouse';
import { registerLanguage } from './features/language/language';
import { contractDdlCommand, createContractFromTable, registerContracts, type ContractDiagnostics } from './features/contracts/contracts';
import { ContractTestExplorer } from './features/contracts/contractTesting';
import { RunDiagnostics } from './features/run/diagnostics';
import { SQL_LANGUAGES, StatementRunner } from './features/run/runner';
import { CostEstimates } from './features/cost/costEstimates';
import { EstimateStatus } from './features/cost/estimateStatus';
import { markResultShown, openWalkthrough, startWalkthrough } from './features/welcome/walkthrough';
import { mcpServerSpecs, registerMcpServers, type McpServerSpec } from './features/agent/mcpProvider';
import { LakehouseTools } from './features/agent/lmTools';
import { LakehouseParticipant, type ChatAnswer } from './features/agent/participant';
import { openNewSql } from './features/common/newDocument';

// When the bundle's own code starts running (after its imports are evaluated).
const moduleStartedAt = performance.now();

/** What the extension hands to `vscode.extensions.getExtension(...).exports`. */
export interface LakehouseApi {
  /** Time spent inside activate(), in milliseconds. */
  readonly activationMs: number;
  /** Time from the module's evaluation to the end of activate() (includes VS Code's own gap). */
  readonly sinceModuleLoadMs: number;
  /** For the extension's own tests: what the results panel was sent and rendered. */
  readonly results: Pick<ResultsPanel, 'onDidRender' | 'onDidRenderFirstRows' | 'lastMessage' | 'window' | 'fromWebview' | 'onDidChangeView' | 'tabCount' | 'visible'>;
  readonly registeredCommands: readonly CommandId[];
  /** For the extension's own tests: the history as the view shows it, and a fresh read of its file (what a reload sees). */
  readonly history: { readonly entries: () => readonly HistoryRecord[]; readonly reloadFromDisk: () => readonly HistoryRecord[] };
  readonly runner: Pick<StatementRunner, 'runningCount' | 'onDidChangeRunning' | 'onDidAsk' | 'onDidGetResult'>;
  /** For the extension's own tests: the cost questions, and the status bar's estimate. */
  readonly estimates: {
    readonly onDidAsk: CostEstimates['onDidAsk'];
    readonly status: Pick<EstimateStatus, 'text' | 'visible' | 'onDidUpdate' | 'estimatesMade' | 'idle'>;
  };
  /** For the extension's own tests: the active connection and the status bar's text. */
  readonly connection: { readonly label: string; readonly kind: string; readonly engineLabel: () => string; readonly disposedBackends: () => number; readonly warmups: () => number; readonly statusText: () => string };
  /** For the extension's own tests: the Catalog view as VS Code sees it, and the questions its actions ask. */
  readonly catalog: {
    readonly tree: Pick<CatalogTree, 'getChildren' | 'getTreeItem' | 'view' | 'activeFilter' | 'onDidLoad'>;
    readonly onDidAsk: CatalogActions['onDidAsk'];
  };
  /** For the extension's own tests: @lakehouse's answers, and its handler. */
  readonly chat: { readonly onDidAnswer: vscode.Event<ChatAnswer>; readonly handle: LakehouseParticipant['handle'] };
  /** For the extension's own tests: whether the MCP servers were offered to VS Code, and what it runs. */
  readonly mcp: { readonly registered: boolean; readonly servers: () => McpServerSpec[] };
  /** For the extension's own tests: when a contract's diagnostics are set. */
  readonly contracts: Pick<ContractDiagnostics, 'onDidCheck' | 'onDidCompare'> & { readonly tests: Pick<ContractTestExplorer, 'discover' | 'onDidRun' | 'tree' | 'outcomes'> };
}

/** The composition root: build the services, register the features, own every disposable. */
export function activate(context: vscode.ExtensionContext): LakehouseApi | undefined {
  const activateStartedAt = performance.now();
  const channel = vscode.window.createOutputChannel('Lakehouse Tools', { log: true });
  const log = createLogger(channel);
  const settings = new Settings();
  const connection = new Connection(settings, log.withPrefix('connection'));
  const results = new ResultsPanel(context.extensionUri, log.withPrefix('results'), () => settings.value.resultsMemoryRows);
  const historyStore = new HistoryStore(join(context.globalStorageUri.fsPath, 'history.jsonl'), settings.value.historyMaxEntries);
  const history = new QueryHistory(historyStore, (m) => log.warn(m));
  const diagnostics = new RunDiagnostics();
  const costs = new CostEstimates(connection, settings, log.withPrefix('estimate'));
  // The runner's collaborators come in through its constructor: the estimate before a run, and the cost guard.
  const runner = new StatementRunner(connection, results, history, diagnostics, settings, log.withPrefix('run'), { estimateScan: (sql) => costs.forRun(sql), guards: [costs.guard()] });
  const status = new ConnectionStatus(connection, runner);
  const estimateStatus = new EstimateStatus(costs, settings);
  const codeLens = new StatementCodeLens(settings, (sql) => costs.estimate(sql));
  // What was estimated may have changed: listings are read again, lenses and the status bar redone.
  const estimatesStale = (): void => {
    costs.refresh();
    codeLens.refresh();
    estimateStatus.refresh();
  };
  context.subscriptions.push(costs, estimateStatus, connection.onDidChange(estimatesStale));
  const scaffolder = new Scaffolder(connection, log.withPrefix('scaffold'));
  const catalogCache = new CatalogCache(connection);
  registerLanguage(context, catalogCache, log.withPrefix('language'));
  const contracts = registerContracts(context, log.withPrefix('contracts'), (db, t) => connection.browser.table(connection.catalogName, db, t));
  const contractTests = new ContractTestExplorer(connection, log.withPrefix('contract tests'), (record) => history.add(record));
  context.subscriptions.push(contractTests);
  const catalogTree = new CatalogTree(connection, log.withPrefix('catalog'));
  const catalogActions = new CatalogActions(catalogTree, runner, settings, (db, t) => connection.browser.table(connection.catalogName, db, t));
  const icebergActions = new IcebergActions(connection, catalogActions);
  context.subscriptions.push(catalogTree, catalogActions);
  // A statement that created, altered or dropped something: the database is read again (by the
  // tree and completion alike, they share the connection's browser), and a new table is shown.
  context.subscriptions.push(
    runner.onDidFinish((r) => {
      if (!r.ok) return;
      if (r.kind === 'query') markResultShown();
      // DDL changes tables and partitions; CTAS, INSERT and UNLOAD write objects.
      if (r.kind !== 'query' && r.kind !== 'explain') estimatesStale();
      const change = catalogChangeOf(r.statement);
      if (!change) return;
      if (change.scope === 'all') catalogTree.refresh();
      else if (change.scope === 'database') catalogTree.refreshDatabase(undefined);
      else {
        const database = change.database ?? 'default';
        catalogTree.refreshDatabase(database);
        if (change.action === 'created') void catalogTree.reveal(database, change.table);
      }
    }),
  );
  context.subscriptions.push(channel, settings, connection, status, results, history, diagnostics, runner, codeLens, new EngineWarmup(connection));
  context.subscriptions.push(settings.onDidChange((s) => history.setLimit(s.historyMaxEntries)));
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(SQL_LANGUAGES.map((language) => ({ language })), codeLens));
  context.subscriptions.push(vscode.window.registerTreeDataProvider('lakehouseHistory', history));

  const handlers: Record<CommandId, (...args: unknown[]) => unknown> = {
    [Commands.runStatement]: (arg) => runner.runStatementAtCursor(arg),
    [Commands.runSelection]: () => runner.runSelection(),
    [Commands.runFile]: () => runner.runFile(),
    [Commands.explainStatement]: (arg) => runner.explainStatement(arg),
    [Commands.cancelQuery]: (arg) => runner.cancel(arg),
    [Commands.showLog]: () => channel.show(),
    [Commands.clearHistory]: () => history.clear(),
    [Commands.openHistoryEntry]: (entry) => openHistoryEntry(entry),
    [Commands.rerunHistoryEntry]: (entry) => {
      const record = historyEntryArg(entry);
      return record && runner.rerun(record);
    },
    [Commands.copyHistoryEntry]: (entry) => copyHistoryEntry(entry),
    [Commands.reopenHistoryResults]: (entry) => {
      const record = historyEntryArg(entry);
      return record && runner.reopenResults(record);
    },
    [Commands.selectConnection]: (choice) => selectConnection(settings, choice),
    [Commands.scaffoldFromSample]: (arg) => scaffolder.fromSample(arg),
    [Commands.qualityChecks]: (arg) => scaffolder.qualityChecks(arg),
    [Commands.catalogRefresh]: (node) => {
      estimatesStale();
      return catalogTree.refresh(node as CatalogNode | undefined);
    },
    [Commands.catalogFilter]: (text) => (typeof text === 'string' ? (catalogTree.setFilter(text), catalogTree.activeFilter) : catalogActions.filter()),
    [Commands.catalogClearFilter]: () => catalogTree.setFilter(undefined),
    [Commands.catalogLoadMore]: (node) => catalogTree.loadMore(node as CatalogNode | undefined),
    [Commands.previewTable]: (arg) => catalogActions.preview(arg),
    [Commands.showTableDdl]: (arg) => catalogActions.showDdl(arg),
    [Commands.generateSelect]: (arg) => catalogActions.generateSelect(arg),
    [Commands.copyTableName]: (arg) => catalogActions.copyName(arg),
    [Commands.insertTableName]: (arg) => catalogActions.insertName(arg),
    [Commands.copyTableLocation]: (arg) => catalogActions.copyLocation(arg),
    [Commands.dropTable]: (arg) => catalogActions.drop(arg),
    [Commands.newSqlFileForDatabase]: (arg) => catalogActions.newSqlFile(arg),
    [Commands.showEstimate]: (arg) => costs.showBreakdown(arg),
    [Commands.estimateAccuracy]: () => costs.accuracy(history.all),
    [Commands.estimateFullScan]: (arg) => catalogActions.estimateFullScan(arg, (db, t) => costs.estimateTable(db, t)),
    [Commands.icebergQuerySnapshot]: (arg) => icebergActions.querySnapshot(arg),
    [Commands.icebergMetadataTable]: (arg, name) => icebergActions.queryMetadataTable(arg, name),
    [Commands.icebergHealth]: (arg) => icebergActions.health(arg),
    [Commands.exportResults]: (arg) => results.export(exportArg(arg)),
    [Commands.contractDdl]: (arg) => contractDdlCommand(arg, log.withPrefix('contracts')),
    [Commands.contractRunChecks]: (arg) => {
      const a = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : {};
      return typeof a.uri === 'string' && typeof a.object === 'string' ? contractTests.runObject(vscode.Uri.parse(a.uri), a.object) : undefined;
    },
    [Commands.createContract]: async (arg) => {
      const table = await catalogActions.tableOf(arg);
      return table && createContractFromTable(table, connection.queryEngine, log.withPrefix('contracts'));
    },
    [Commands.openWalkthrough]: () => openWalkthrough(context),
    [Commands.chatInsertSql]: (sql) => insertSql(sql),
    [Commands.chatOpenSql]: async (sql) => {
      if (typeof sql !== 'string') return undefined;
      return openNewSql(`${sql.trim()};\n`, 'chat');
    },
    [Commands.chatRunSql]: (sql) => (typeof sql === 'string' ? runner.runText(sql) : undefined),
    [Commands.openSampleLakehouse]: (arg) => openSampleLakehouse(context.extensionUri, context.globalStorageUri, log.withPrefix('sample'), arg),
  };
  for (const [id, handler] of Object.entries(handlers) as [CommandId, (...args: unknown[]) => unknown][]) {
    const guarded = NEEDS_TRUST.has(id) ? requireTrust(handler) : handler;
    context.subscriptions.push(vscode.commands.registerCommand(id, guarded));
  }

  startWalkthrough(context, log.withPrefix('welcome'), () => settings.value.localS3Root, settings.onDidChange);
  const mcpRegistered = registerMcpServers(context, log.withPrefix('mcp'));
  const lmTools = new LakehouseTools({ connection, runner, results, costs, settings, log: log.withPrefix('tools') });
  lmTools.register();
  const participant = new LakehouseParticipant({ connection, costs, settings, history, tools: () => lmTools.tools(), log: log.withPrefix('chat') });
  participant.register(context.extensionUri);
  context.subscriptions.push(lmTools, participant);

  const done = performance.now();
  const activationMs = done - activateStartedAt;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  // The test API exists in the extension's own test runs only.
  return exportsFor(context.extensionMode, (): LakehouseApi => ({ activationMs, sinceModuleLoadMs: done - moduleStartedAt, results, registeredCommands: Object.keys(handlers) as CommandId[],
    connection: {
      get label() {
        return connection.label;
      },
      get kind() {
        return connection.kind;
      },
      engineLabel: () => connection.queryEngine.label,
      disposedBackends: () => connection.disposedBackends,
      warmups: () => connection.warmups,
      statusText: () => status.text,
    },
    history: {
      entries: () => history.all,
      reloadFromDisk: () => new HistoryStore(join(context.globalStorageUri.fsPath, 'history.jsonl'), settings.value.historyMaxEntries).load().reverse(),
    },
    runner,
    estimates: { onDidAsk: costs.onDidAsk, status: estimateStatus },
    catalog: { tree: catalogTree, onDidAsk: catalogActions.onDidAsk },
    chat: { onDidAnswer: participant.onDidAnswer, handle: (request, chatContext, stream, token) => participant.handle(request, chatContext, stream, token) },
    mcp: { registered: mcpRegistered, servers: () => mcpServerSpecs(context.extensionPath, (context.extension.packageJSON as { version?: string }).version ?? '0.0.0') },
    contracts: { onDidCheck: contracts.onDidCheck, onDidCompare: contracts.onDidCompare, tests: contractTests },
  }));
}

/** Puts SQL from a chat answer at the cursor of the active editor (or in a new Athena SQL editor). */
async function insertSql(sql: unknown): Promise<boolean> {
  if (typeof sql !== 'string') return false;
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    await openNewSql(`${sql.trim()};\n`, 'chat');
    return true;
  }
  return editor.edit((b) => b.replace(editor.selection, `${sql.trim()};\n`));
}

/**
 * In Restricted Mode nothing runs SQL or reaches an account: the command says why and how to
 * trust the workspace, instead of silently doing nothing.
 */
function requireTrust(handler: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args) => {
    if (vscode.workspace.isTrusted) return handler(...args);
    void vscode.window
      .showWarningMessage('Lakehouse Tools runs SQL and reaches cloud accounts only in a trusted workspace. This workspace is in Restricted Mode.', 'Manage Workspace Trust')
      .then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
    return undefined;
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
