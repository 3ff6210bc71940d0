import * as vscode from 'vscode';
import { splitStatements, statementAt } from '../../core/sql/splitter';
import { runAndCollect, type CollectOutcome } from '../../engines/collect';
import type { Logger } from '../common/logger';
import type { Settings } from '../common/settings';
import type { Connection } from '../connection/connection';
import { formatMs, type QueryHistory } from '../history/history';
import type { ResultsPanel } from '../results/resultsPanel';

/** Languages whose documents every run command accepts. */
export const SQL_LANGUAGES: readonly string[] = ['athena-sql', 'sql'];

export interface RunSummary {
  readonly runId: number;
  readonly statement: string;
  readonly ok: boolean;
  readonly rowCount: number;
}

export class StatementRunner {
  private nextRunId = 1;

  constructor(
    private readonly connection: Connection,
    private readonly results: ResultsPanel,
    private readonly history: QueryHistory,
    private readonly settings: Settings,
    private readonly log: Logger,
  ) {}

  /** Runs the statement under the cursor of `editor` (default: the active editor). */
  async runStatementAtCursor(editor = vscode.window.activeTextEditor): Promise<RunSummary | undefined> {
    if (!editor) {
      void vscode.window.showInformationMessage('Open a SQL file and put the cursor in a statement to run it.');
      return undefined;
    }
    const doc = editor.document;
    if (!SQL_LANGUAGES.includes(doc.languageId)) {
      void vscode.window.showInformationMessage(`Lakehouse runs SQL documents (Athena SQL or SQL); this one is ${doc.languageId}.`);
      return undefined;
    }
    const statement = statementAt(splitStatements(doc.getText()), doc.offsetAt(editor.selection.active));
    if (!statement) {
      void vscode.window.showInformationMessage('There is no SQL statement in this document to run.');
      return undefined;
    }
    return this.run(statement.text);
  }

  /**
   * An expired login has a known fix: run it in a terminal, then run the statement again. The
   * credentials are read afresh on the next call, so no reload is needed.
   */
  private async offerFix(message: string, command: string, sql: string): Promise<void> {
    const runIt = `Run "${command}"`;
    const choice = await vscode.window.showErrorMessage(message, runIt, 'Retry');
    if (choice === runIt) {
      const terminal = vscode.window.createTerminal({ name: 'AWS login' });
      terminal.show();
      terminal.sendText(command);
      const again = await vscode.window.showInformationMessage('When the login in the terminal has finished, run the statement again.', 'Retry');
      if (again === 'Retry') await this.run(sql);
    } else if (choice === 'Retry') {
      await this.run(sql);
    }
  }

  private async run(sql: string): Promise<RunSummary> {
    const runId = this.nextRunId++;
    const engine = this.connection.queryEngine;
    const startedAt = new Date();
    this.results.show({ type: 'running', runId, statement: sql });
    this.log.info(`run #${runId} on ${engine.label}: ${sql.length} chars`);
    const outcome = await vscode.window.withProgress<CollectOutcome>(
      { location: vscode.ProgressLocation.Notification, title: 'Lakehouse: running statement', cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        return runAndCollect(engine, { sql, signal: abort.signal }, this.settings.value.resultsMaxRows).finally(() => {
          sub.dispose();
        });
      },
    );
    if (outcome.ok) {
      const { result } = outcome;
      this.log.info(`run #${runId} succeeded: ${result.rows.length} rows in ${formatMs(result.stats.elapsedMs)}`);
      this.results.show({
        type: 'result',
        runId,
        statement: sql,
        engine: engine.label,
        columns: result.columns,
        rows: result.rows,
        truncated: result.truncated,
        elapsedMs: result.stats.elapsedMs,
        ...(result.stats.bytesScanned === undefined ? {} : { bytesScanned: result.stats.bytesScanned }),
      });
      this.history.add({
        id: runId,
        statement: sql,
        engine: engine.label,
        startedAt,
        outcome: { ok: true, rows: result.rows.length, truncated: result.truncated, elapsedMs: result.stats.elapsedMs },
      });
      return { runId, statement: sql, ok: true, rowCount: result.rows.length };
    }
    this.log.warn(`run #${runId} ${outcome.cancelled ? 'cancelled' : 'failed'}: ${outcome.message}`);
    this.results.show({ type: 'error', runId, statement: sql, message: outcome.message, cancelled: outcome.cancelled });
    this.history.add({ id: runId, statement: sql, engine: engine.label, startedAt, outcome: { ok: false, message: outcome.message } });
    if (outcome.fixCommand) void this.offerFix(outcome.message, outcome.fixCommand, sql);
    return { runId, statement: sql, ok: false, rowCount: 0 };
  }
}
