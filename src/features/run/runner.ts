import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Estimate } from '../../core/cost/estimate';
import { queryCostUsd } from '../../core/cost/price';
import { literalFromInput, placeholderOffsets } from '../../core/sql/parameters';
import { splitStatements, statementAt, type Statement } from '../../core/sql/splitter';
import { classifyStatement, type StatementInfo } from '../../core/sql/statementKind';
import { collectInto, type StoreOutcome } from '../../engines/collect';
import type { QueryEngine, StartOutcome } from '../../engines/types';
import type { Logger } from '../common/logger';
import { statementArg, type StatementArg } from '../common/statementArg';
import type { Settings } from '../common/settings';
import type { Connection } from '../connection/connection';
import { formatMs, type HistoryRecord, type QueryHistory } from '../history/history';
import type { ResultHandle, ResultsPanel } from '../results/resultsPanel';
import type { RunDiagnostics } from './diagnostics';
import { confirmDestructive, ctasLocationEmpty, type Question, type RunGuard } from './guards';

/** Languages whose documents every run command accepts. */
export const SQL_LANGUAGES: readonly string[] = ['athena-sql', 'sql'];

export type RunState = 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'NOT_RUN';

export interface RunSummary {
  readonly runId: number;
  readonly statement: string;
  readonly state: RunState;
  readonly ok: boolean;
  readonly rowCount: number;
  readonly message?: string;
}

function reopen(engine: QueryEngine, id: string, signal: AbortSignal): Promise<StartOutcome> {
  return engine.reopen ? engine.reopen(id, signal) : Promise.resolve({ ok: false, cancelled: false, message: 'This engine keeps no results to re-open.' });
}

/** The estimate's figures a result and its history entry carry. */
type EstimateFigures = { readonly estimatedBytes?: number; readonly estimateUpperBound?: boolean };

/** A statement that ran: its engine, its results handle, what came back, and its history entry so far. */
interface Execution {
  readonly runId: number;
  readonly sql: string;
  readonly engine: QueryEngine;
  readonly handle: ResultHandle;
  readonly outcome: StoreOutcome;
  readonly record: { readonly id: string; readonly statement: string; readonly engine: string; readonly connection: string; readonly startedAt: string; readonly durationMs: number };
}

/** What a run command may be given by a CodeLens, another command or a test. */
interface RunArg extends StatementArg {
  readonly parameters?: readonly string[];
}

function runArg(v: unknown): RunArg {
  const { raw, ...at } = statementArg(v);
  return { ...at, ...(Array.isArray(raw.parameters) && raw.parameters.every((p) => typeof p === 'string') ? { parameters: raw.parameters } : {}) };
}

interface Running {
  readonly runId: number;
  readonly sql: string;
  readonly startedAt: number;
  readonly abort: AbortController;
}

interface RunRequest {
  readonly doc?: vscode.TextDocument;
  /** Offset of the statement in `doc`. */
  readonly start: number;
  readonly text: string;
  readonly explain?: boolean;
  readonly parameters?: readonly string[];
  /** A destructive statement the caller already confirmed. */
  readonly confirmed?: boolean;
}

/**
 * Runs statements from documents: at the cursor, the selection or the whole file, or EXPLAIN of
 * one. Each run passes the guards (destructive statements ask, a CTAS needs an empty location,
 * the cost guard joins later), asks for `?` values, shows cancellable progress, and ends in the
 * results panel, the history and, on failure, a diagnostic where the engine says the error is.
 */
export class StatementRunner implements vscode.Disposable {
  private nextRunId = 1;
  private readonly running = new Map<number, Running>();
  private readonly runningChanged = new vscode.EventEmitter<number>();
  /** Fires with the number of queries running. */
  readonly onDidChangeRunning = this.runningChanged.event;
  private readonly finished = new vscode.EventEmitter<{ readonly kind: string; readonly ok: boolean; readonly statement: string }>();
  /** Fires after every run with its statement and kind (DDL and CTAS change the catalog). */
  readonly onDidFinish = this.finished.event;
  private readonly resultReady = new vscode.EventEmitter<{ readonly runId: number; readonly readyAt: number }>();
  /** Fires when a run's result can be read (on Athena: the poll that saw SUCCEEDED, as `readyAt`), before its rows are. */
  readonly onDidGetResult = this.resultReady.event;
  private readonly asked = new vscode.EventEmitter<Question>();
  /** Fires with every confirmation question a run puts to the user. */
  readonly onDidAsk = this.asked.event;
  /** Estimates a billed statement's scan before it runs (the cost feature's). */
  private readonly estimateScan: ((sql: string) => Promise<Estimate | undefined>) | undefined;
  /** Checked in order before every run: destructive statements, CTAS locations, then the given ones (the cost guard). */
  private readonly guards: readonly RunGuard[];
  /** Parameter values per document, offered again next time. */
  private readonly rememberedParameters = new Map<string, string[]>();

  constructor(
    private readonly connection: Connection,
    private readonly results: ResultsPanel,
    private readonly history: QueryHistory,
    private readonly diagnostics: RunDiagnostics,
    private readonly settings: Settings,
    private readonly log: Logger,
    collaborators: { readonly estimateScan?: (sql: string) => Promise<Estimate | undefined>; readonly guards?: readonly RunGuard[] } = {},
  ) {
    this.estimateScan = collaborators.estimateScan;
    this.guards = [confirmDestructive((q) => this.asked.fire(q)), ctasLocationEmpty, ...(collaborators.guards ?? [])];
  }

  get runningCount(): number {
    return this.running.size;
  }

  async runStatementAtCursor(arg?: unknown): Promise<RunSummary | undefined> {
    const target = await this.statementTarget(arg);
    return target && this.runOne(target);
  }

  async explainStatement(arg?: unknown): Promise<RunSummary | undefined> {
    const target = await this.statementTarget(arg);
    return target && this.runOne({ ...target, explain: true });
  }

  /** The selection's statements in order (the statement at the cursor when nothing is selected). */
  async runSelection(): Promise<RunSummary[]> {
    const editor = this.sqlEditor();
    if (!editor) return [];
    if (editor.selection.isEmpty) {
      const one = await this.runStatementAtCursor();
      return one ? [one] : [];
    }
    const doc = editor.document;
    const from = doc.offsetAt(editor.selection.start);
    const statements = splitStatements(doc.getText(editor.selection)).map((s) => ({ ...s, start: s.start + from, end: s.end + from, endWithTerminator: s.endWithTerminator + from }));
    return this.runMany(doc, statements, 'selection');
  }

  /** Every statement of the file in order; stops at the first failure unless `lakehouse.run.continueOnError`. */
  async runFile(): Promise<RunSummary[]> {
    const editor = this.sqlEditor();
    if (!editor) return [];
    return this.runMany(editor.document, splitStatements(editor.document.getText()), 'file');
  }

  /** Cancels one running query (asking which when several run), or every one with `'all'`. */
  async cancel(arg?: unknown): Promise<number> {
    const runs = [...this.running.values()];
    if (!runs.length) {
      void vscode.window.showInformationMessage('No Lakehouse query is running.');
      return 0;
    }
    let chosen: Running[] = runs;
    if (arg !== 'all' && runs.length > 1) {
      const pick = await vscode.window.showQuickPick(
        runs.map((r) => ({ label: r.sql.replace(/\s+/g, ' ').slice(0, 80), description: `running for ${formatMs(performance.now() - r.startedAt)}`, run: r })),
        { title: 'Cancel which query?' },
      );
      if (!pick) return 0;
      chosen = [pick.run];
    }
    for (const r of chosen) r.abort.abort();
    return chosen.length;
  }

  /** Shows the stored result of an Athena execution from the history, without running it again. */
  async reopenResults(record: HistoryRecord): Promise<boolean> {
    const engine = this.connection.queryEngine;
    if (!record.queryId || !engine.reopen) {
      void vscode.window.showInformationMessage(`The results of this run can only be re-opened on the Athena connection it ran on (${record.connection}).`);
      return false;
    }
    const runId = this.nextRunId++;
    const queryId = record.queryId;
    const handle = this.results.begin(runId, record.statement, engine.label);
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Lakehouse: re-opening the results of ${queryId}`, cancellable: true },
      async (_p, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await collectInto(await reopen(engine, queryId, abort.signal), abort.signal, this.settings.value.resultsMaxRows, (columns) => handle.store(columns));
        } finally {
          sub.dispose();
        }
      },
    );
    if (!outcome.ok) {
      handle.failed(outcome.message, outcome.cancelled);
      return false;
    }
    const { result } = outcome;
    await handle.done({ engine: engine.label, columns: result.columns, rowCount: result.rowCount, truncated: result.truncated, elapsedMs: record.durationMs, ...(record.bytesScanned !== undefined ? { bytesScanned: record.bytesScanned } : {}), queryId, ...consoleLink(engine, queryId) });
    return true;
  }

  /** Runs a history entry's SQL again, on the current connection. */
  rerun(record: HistoryRecord): Promise<RunSummary> {
    return this.runText(record.statement);
  }

  /**
   * Runs SQL that is not in a document (a history entry, a catalog action), with the same guards,
   * progress, results and history. `confirmed`: the caller has already asked about a destructive
   * statement, with more to say than the generic question.
   */
  runText(text: string, options: { readonly confirmed?: boolean } = {}): Promise<RunSummary> {
    return this.runOne({ start: 0, text, ...(options.confirmed ? { confirmed: true } : {}) });
  }

  private sqlEditor(): vscode.TextEditor | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Open a SQL file and put the cursor in a statement to run it.');
      return undefined;
    }
    if (!SQL_LANGUAGES.includes(editor.document.languageId)) {
      void vscode.window.showInformationMessage(`Lakehouse runs SQL documents (Athena SQL or SQL); this one is ${editor.document.languageId}.`);
      return undefined;
    }
    return editor;
  }

  /** The statement a command means: the one at `arg.offset` in `arg.uri` (CodeLens), else at the cursor. */
  private async statementTarget(raw: unknown): Promise<RunRequest | undefined> {
    const arg = runArg(raw);
    let doc: vscode.TextDocument;
    let offset: number;
    if (arg.uri !== undefined && arg.offset !== undefined) {
      doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(arg.uri));
      offset = arg.offset;
    } else {
      const editor = this.sqlEditor();
      if (!editor) return undefined;
      doc = editor.document;
      offset = doc.offsetAt(editor.selection.active);
    }
    const statement = statementAt(splitStatements(doc.getText()), offset);
    if (!statement) {
      void vscode.window.showInformationMessage('There is no SQL statement in this document to run.');
      return undefined;
    }
    return { doc, start: statement.start, text: statement.text, ...(arg.parameters ? { parameters: arg.parameters } : {}) };
  }

  private async runMany(doc: vscode.TextDocument, statements: readonly Statement[], what: 'file' | 'selection'): Promise<RunSummary[]> {
    if (!statements.length) {
      void vscode.window.showInformationMessage(`There is no SQL statement in this ${what} to run.`);
      return [];
    }
    const keepGoing = this.settings.value.runContinueOnError;
    const done: RunSummary[] = [];
    for (const s of statements) {
      const summary = await this.runOne({ doc, start: s.start, text: s.text });
      done.push(summary);
      if (!summary.ok && !keepGoing) break;
    }
    const failed = done.filter((d) => !d.ok);
    const notRun = statements.length - done.length;
    const firstFailure = failed[0];
    const where = firstFailure ? (() => {
      const index = done.indexOf(firstFailure);
      const s = statements[index];
      return s ? ` Statement ${index + 1} (line ${doc.positionAt(s.start).line + 1}) ${firstFailure.state === 'CANCELLED' ? 'was cancelled' : firstFailure.state === 'NOT_RUN' ? 'was not run' : 'failed'}.` : '';
    })() : '';
    const text = `Ran ${done.length} of ${statements.length} statements of the ${what}: ${done.length - failed.length} succeeded, ${failed.length} did not.${where}${notRun ? ` ${notRun} not run.` : ''}`;
    this.log.info(text);
    if (failed.length) void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
    return done;
  }

  private async askParameters(req: RunRequest, sql: string): Promise<readonly string[] | undefined> {
    const count = placeholderOffsets(sql).length;
    if (!count) return [];
    if (req.parameters) return req.parameters;
    const key = req.doc?.uri.toString() ?? '';
    const previous = this.rememberedParameters.get(key) ?? [];
    const values: string[] = [];
    for (let i = 0; i < count; i++) {
      const v = await vscode.window.showInputBox({
        title: `Value for parameter ${i + 1} of ${count} (?)`,
        value: previous[i] ?? '',
        prompt: "A value or SQL literal: 2024, dinum (quoted for you), DATE '2024-01-31'",
        ignoreFocusOut: true,
      });
      if (v === undefined) return undefined;
      values.push(v);
    }
    this.rememberedParameters.set(key, values);
    return values.map(literalFromInput);
  }

  /** One run, as the pipeline it is: guards and estimate → parameters → execute → record the outcome. */
  private async runOne(req: RunRequest): Promise<RunSummary> {
    const runId = this.nextRunId++;
    const sql = req.explain ? `EXPLAIN ${req.text}` : req.text;
    const info = classifyStatement(sql);
    // A query's results tab opens now (the webview loads while the guards, the estimate and the
    // engine work), not once the engine has started.
    const early = info.kind === 'query' ? this.results.begin(runId, sql, this.connection.queryEngine.label) : undefined;
    const checked = await this.checkGuards(req, sql, info);
    if (typeof checked === 'string') return this.notRun(runId, sql, checked, early);
    const parameters = await this.askParameters(req, sql);
    if (!parameters) return this.notRun(runId, sql, 'Not run: no values were given for its ? parameters.', early);
    const run = await this.execute(runId, sql, info, parameters, early);
    this.finished.fire({ kind: info.kind, ok: run.outcome.ok, statement: sql });
    return run.outcome.ok ? this.succeeded(req, run, info, checked) : this.failedRun(req, run, checked);
  }

  private notRun(runId: number, sql: string, message: string, tab?: ResultHandle): RunSummary {
    this.log.info(`run #${runId} not started: ${message}`);
    tab?.failed(message, true);
    void vscode.window.showWarningMessage(message);
    return { runId, statement: sql, state: 'NOT_RUN', ok: false, rowCount: 0, message };
  }

  /** The guards in order (the estimate is made once, when one asks); a refusal, or the estimate's figures for the result. */
  private async checkGuards(req: RunRequest, sql: string, info: StatementInfo): Promise<string | EstimateFigures> {
    let estimating: Promise<Estimate | undefined> | undefined;
    const estimate = (): Promise<Estimate | undefined> => {
      const estimateScan = this.estimateScan;
      estimating ??= info.billed && estimateScan ? estimateScan(sql) : Promise.resolve(undefined);
      return estimating;
    };
    for (const guard of this.guards) {
      const refusal = await guard({ sql, info, connection: this.connection.label, store: () => this.connection.store, confirmed: req.confirmed === true, estimate });
      if (refusal) return refusal;
    }
    const estimated = await estimate();
    return estimated?.kind === 'scan' ? { estimatedBytes: estimated.bytes, ...(estimated.upperBound ? { estimateUpperBound: true } : {}) } : {};
  }

  /** Runs the statement on the connection's engine with cancellable progress; its rows go to the results panel's store. */
  private async execute(runId: number, sql: string, info: StatementInfo, parameters: readonly string[], opened?: ResultHandle): Promise<Execution> {
    const engine = this.connection.queryEngine;
    const connectionLabel = this.connection.label;
    const startedAt = new Date();
    const started = performance.now();
    const abort = new AbortController();
    this.running.set(runId, { runId, sql, startedAt: started, abort });
    this.runningChanged.fire(this.running.size);
    const handle = opened ?? this.results.begin(runId, sql, engine.label);
    this.log.info(`run #${runId} (${info.verb}) on ${engine.label}: ${sql.length} chars`);
    let outcome: StoreOutcome;
    try {
      outcome = await vscode.window.withProgress<StoreOutcome>(
        { location: vscode.ProgressLocation.Notification, title: `Lakehouse: ${info.verb.toLowerCase()} on ${connectionLabel}`, cancellable: true },
        (progress, token) => {
          const sub = token.onCancellationRequested(() => abort.abort());
          const ticker = setInterval(() => progress.report({ message: `running for ${formatMs(performance.now() - started)}` }), 1000);
          const request = { sql, signal: abort.signal, ...(parameters.length ? { parameters } : {}) };
          const stored = engine.start(request).then((started) => {
            if (started.ok) this.resultReady.fire({ runId, readyAt: started.execution.readyAt ?? performance.now() });
            return collectInto(started, abort.signal, this.settings.value.resultsMaxRows, (columns) => handle.store(columns));
          });
          return stored.finally(() => {
            clearInterval(ticker);
            sub.dispose();
          });
        },
      );
    } catch (e) {
      outcome = { ok: false, cancelled: false, message: `The engine failed unexpectedly: ${e instanceof Error ? e.message : String(e)}` };
      this.log.error(`run #${runId}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      this.running.delete(runId);
      this.runningChanged.fire(this.running.size);
    }
    const durationMs = performance.now() - started;
    const record = { id: randomUUID(), statement: sql, engine: engine.label, connection: connectionLabel, startedAt: startedAt.toISOString(), durationMs };
    return { runId, sql, engine, handle, outcome, record };
  }

  /** A run that succeeded: its result in the panel, its diagnostics cleared, its history entry. */
  private async succeeded(req: RunRequest, run: Execution, info: StatementInfo, before: EstimateFigures): Promise<RunSummary> {
    if (!run.outcome.ok) throw new Error('succeeded() takes a successful run');
    const { result } = run.outcome;
    const bytes = result.stats.bytesScanned;
    const costUsd = bytes !== undefined && info.billed ? queryCostUsd(bytes, this.settings.value.pricePerTbUsd) : info.billed ? undefined : 0;
    this.log.info(`run #${run.runId} succeeded: ${result.rowCount} rows in ${formatMs(run.record.durationMs)}`);
    if (req.doc) this.diagnostics.clear(req.doc, req.start, req.start + req.text.length);
    await run.handle.done({
      engine: run.engine.label,
      columns: result.columns,
      rowCount: result.rowCount,
      truncated: result.truncated,
      elapsedMs: result.stats.elapsedMs,
      ...(bytes === undefined ? {} : { bytesScanned: bytes }),
      ...(costUsd === undefined ? {} : { costUsd }),
      ...before,
      ...(result.id ? { queryId: result.id } : {}),
      ...consoleLink(run.engine, result.id),
    });
    this.history.add({
      ...run.record,
      state: 'SUCCEEDED',
      rows: result.rowCount,
      truncated: result.truncated,
      queryId: result.id,
      ...(bytes !== undefined ? { bytesScanned: bytes } : {}),
      ...(costUsd !== undefined ? { costUsd } : {}),
      ...before,
      ...(result.outputLocation ? { outputLocation: result.outputLocation } : {}),
    });
    return { runId: run.runId, statement: run.sql, state: 'SUCCEEDED', ok: true, rowCount: result.rowCount };
  }

  /** A run that failed or was cancelled: the panel says why, the history keeps it, the editor marks where. */
  private failedRun(req: RunRequest, run: Execution, before: EstimateFigures): RunSummary {
    if (run.outcome.ok) throw new Error('failedRun() takes a failed run');
    const outcome = run.outcome;
    const state: RunState = outcome.cancelled ? 'CANCELLED' : 'FAILED';
    this.log.warn(`run #${run.runId} ${state.toLowerCase()}: ${outcome.message}`);
    run.handle.failed(outcome.message, outcome.cancelled);
    const bytes = outcome.stats?.bytesScanned;
    this.history.add({
      ...run.record,
      state,
      message: outcome.message,
      // Cancelled queries are billed for what they scanned; failed ones are not.
      ...(outcome.cancelled && bytes ? { bytesScanned: bytes, costUsd: queryCostUsd(bytes, this.settings.value.pricePerTbUsd) } : {}),
      ...before,
    });
    if (req.doc && !outcome.cancelled && !req.explain) this.diagnostics.report(req.doc, req.start, req.text, outcome.message, outcome.position);
    if (outcome.fixCommand) void this.offerFix(outcome.message, outcome.fixCommand, req);
    return { runId: run.runId, statement: run.sql, state, ok: false, rowCount: 0, message: outcome.message };
  }

  /**
   * An expired login has a known fix: run it in a terminal, then run the statement again. The
   * credentials are read afresh on the next call, so no reload is needed.
   */
  private async offerFix(message: string, command: string, req: RunRequest): Promise<void> {
    const runIt = `Run "${command}"`;
    const choice = await vscode.window.showErrorMessage(message, runIt, 'Retry');
    if (choice === runIt) {
      const terminal = vscode.window.createTerminal({ name: 'AWS login' });
      terminal.show();
      terminal.sendText(command);
      const again = await vscode.window.showInformationMessage('When the login in the terminal has finished, run the statement again.', 'Retry');
      if (again === 'Retry') await this.runOne(req);
    } else if (choice === 'Retry') {
      await this.runOne(req);
    }
  }

  dispose(): void {
    for (const r of this.running.values()) r.abort.abort();
    this.runningChanged.dispose();
    this.asked.dispose();
    this.resultReady.dispose();
    this.finished.dispose();
  }
}

/** The console page of an execution, when the engine has one (Athena). */
function consoleLink(engine: QueryEngine, queryId: string | undefined): { consoleUrl?: string } {
  const url = queryId ? engine.consoleUrl?.(queryId) : undefined;
  return url ? { consoleUrl: url } : {};
}
