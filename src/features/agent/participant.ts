import * as vscode from 'vscode';
import { estimateLabel } from '../../core/cost/estimate';
import { asksToWrite, generatedSqlProblems, sqlFromAnswer } from '../../core/sql/generatedSql';
import { splitStatements, statementAt } from '../../core/sql/splitter';
import type { AgentTools, TableDescription } from '../../engines/agentTools';
import type { Logger } from '../common/logger';
import type { Settings } from '../common/settings';
import type { Connection } from '../connection/connection';
import type { CostEstimates } from '../cost/costEstimates';
import type { QueryHistory } from '../history/history';
import { Commands } from '../commands';

/** The id of `contributes.chatParticipants` (`@lakehouse`). */
export const PARTICIPANT_ID = 'lakehouse-tools.lakehouse';
/** Repairs asked of the model after a failed check, at most. */
export const MAX_REPAIRS = 2;
/** Tables considered for a question's context (fewer when the token budget is reached). */
const CONTEXT_TABLES = 8;

/** What an answer of @lakehouse held, for the extension's own tests and the history of a chat. */
export interface ChatAnswer {
  readonly command: 'sql' | 'explain' | 'fix';
  readonly question: string;
  /** Tables given to the model as context, best first. */
  readonly contextTables: readonly string[];
  /** Whether sample rows were sent to the model (only when lakehouse.agent.allowSampleRows is on). */
  readonly sampleRowsSent: boolean;
  /** Each model answer's statement, in order (the last is the one shown). */
  readonly attempts: readonly string[];
  /** What each repair was asked for. */
  readonly repairs: readonly string[];
  readonly sql?: string;
  /** Problems the final statement still has (empty: it passed every check). */
  readonly problems: readonly string[];
  readonly estimate?: string;
  readonly text?: string;
}

interface Deps {
  readonly connection: Connection;
  readonly costs: CostEstimates;
  readonly settings: Settings;
  readonly history: QueryHistory;
  readonly tools: () => AgentTools;
  readonly log: Logger;
}

const INSTRUCTIONS = `You write SQL for Amazon Athena (engine version 3, Trino SQL) over an S3 + AWS Glue lakehouse.
Rules:
- Use only the tables and columns listed below, qualified as database.table.
- Filter on partition keys when the question allows it: Athena bills the bytes it scans.
- Select only the columns the answer needs.
- Use Trino functions and syntax (date_trunc, date_diff, approx_distinct, CAST(x AS varchar), …).
- Answer with exactly one statement in a single \`\`\`sql code block, then one sentence saying what it does.`;

/**
 * `@lakehouse` in VS Code's chat, on the model the user picked: /sql writes one Athena statement
 * for a question from the catalog's most relevant tables, checks it (it parses, its functions
 * exist, its tables and columns exist, it reads unless a write was asked for) and has the model
 * repair it at most twice, then shows it with its estimate and Insert, Open and Run buttons (Run
 * goes through Ctrl+Enter's runner and guards). /explain explains the statement at the cursor;
 * /fix proposes a correction of the last failed statement. Rows reach the model only when
 * `lakehouse.agent.allowSampleRows` allows it, and the answer says so.
 */
export class LakehouseParticipant implements vscode.Disposable {
  private readonly answered = new vscode.EventEmitter<ChatAnswer>();
  /** Fires with each answer (for the extension's own tests). */
  readonly onDidAnswer = this.answered.event;
  private readonly disposables: vscode.Disposable[] = [this.answered];

  constructor(private readonly deps: Deps) {}

  register(extensionUri: vscode.Uri): void {
    const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, context, stream, token) => this.handle(request, context, stream, token));
    participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.disposables.push(participant);
  }

  async handle(request: vscode.ChatRequest, _context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    if (!vscode.workspace.isTrusted) {
      stream.markdown('Lakehouse Tools reads no catalog and runs no SQL in Restricted Mode. Trust this workspace to ask the lakehouse.');
      return {};
    }
    try {
      const answer =
        request.command === 'explain' ? await this.explain(request, stream, token) : request.command === 'fix' ? await this.fix(request, stream, token) : await this.sql(request.prompt, request.model, stream, token);
      this.answered.fire(answer);
      return { metadata: { command: answer.command, sql: answer.sql } };
    } catch (e) {
      if (token.isCancellationRequested) return {};
      const message = e instanceof vscode.LanguageModelError ? `The language model failed: ${e.message}` : e instanceof Error ? e.message : String(e);
      this.deps.log.warn(`chat: ${message}`);
      return { errorDetails: { message } };
    }
  }

  /** /sql (and a question with no command): one checked statement for the question. */
  private async sql(question: string, model: vscode.LanguageModelChat, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<ChatAnswer> {
    if (!question.trim()) {
      stream.markdown('Ask a question about your data, for example: `@lakehouse /sql monthly cloud cost per provider in 2024`.');
      return { command: 'sql', question, contextTables: [], sampleRowsSent: false, attempts: [], repairs: [], problems: [] };
    }
    stream.progress('Searching the catalog…');
    const hits = await this.deps.tools().searchCatalog(question, CONTEXT_TABLES);
    const context = await this.context(hits.map((h) => h.table), model, token);
    if (!context.tables.length) {
      stream.markdown(`No table of the ${this.deps.connection.label} catalog matches this question. Open the Catalog view to see what is there.`);
      return { command: 'sql', question, contextTables: [], sampleRowsSent: false, attempts: [], repairs: [], problems: [] };
    }
    const prompt = `${INSTRUCTIONS}\n\nTables (${this.deps.connection.label}):\n${context.text}\n\nQuestion: ${question}`;
    const result = await this.writeChecked([vscode.LanguageModelChatMessage.User(prompt)], model, { allowWrite: asksToWrite(question) }, stream, token);
    await this.present(result.sql, result.problems, result.repairs, context.tables, stream);
    if (context.sampleRowsSent) stream.markdown('\n\n_Sample rows of these tables were sent to the model (lakehouse.agent.allowSampleRows is on)._');
    return { command: 'sql', question, contextTables: context.tables, sampleRowsSent: context.sampleRowsSent, ...result, ...(result.sql ? { estimate: await this.estimateText(result.sql) } : {}) };
  }

  /** /explain: the statement at the cursor (or the selection), explained, with its estimate. */
  private async explain(request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<ChatAnswer> {
    const editor = vscode.window.activeTextEditor;
    const statement = editor ? (editor.selection.isEmpty ? statementAt(splitStatements(editor.document.getText()), editor.document.offsetAt(editor.selection.active))?.text : editor.document.getText(editor.selection).trim()) : undefined;
    if (!statement) {
      stream.markdown('Put the cursor in a statement of a SQL file (or select one), then ask `@lakehouse /explain`.');
      return { command: 'explain', question: request.prompt, contextTables: [], sampleRowsSent: false, attempts: [], repairs: [], problems: [] };
    }
    const tables = await this.tablesOf(statement);
    const context = await this.context(tables, request.model, token, false);
    const prompt = `Explain this Athena (Trino) SQL statement to a data engineer: what it computes, step by step, which partitions and columns it reads, and what would make it cheaper or faster. Be concise.${request.prompt.trim() ? `\nThey ask: ${request.prompt.trim()}` : ''}\n\nTables:\n${context.text || '(none found in the catalog)'}\n\n\`\`\`sql\n${statement}\n\`\`\``;
    stream.progress('Reading the statement…');
    const response = await request.model.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], { justification: 'Explain an Athena SQL statement from your workspace' }, token);
    let text = '';
    for await (const fragment of response.text) {
      text += fragment;
      stream.markdown(fragment);
    }
    const estimate = await this.estimateText(statement);
    stream.markdown(`\n\n**Estimate:** ${estimate}`);
    return { command: 'explain', question: request.prompt, contextTables: context.tables, sampleRowsSent: false, attempts: [], repairs: [], problems: [], sql: statement, estimate, text };
  }

  /** /fix: the last failed statement and the engine's error; a corrected statement, checked. */
  private async fix(request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<ChatAnswer> {
    const failed = this.deps.history.all.find((r) => r.state === 'FAILED');
    if (!failed) {
      stream.markdown('No statement has failed in the Query History yet: run one with Ctrl+Enter, then ask `@lakehouse /fix`.');
      return { command: 'fix', question: request.prompt, contextTables: [], sampleRowsSent: false, attempts: [], repairs: [], problems: [] };
    }
    const tables = await this.tablesOf(failed.statement);
    const searched = tables.length ? [] : (await this.deps.tools().searchCatalog(`${failed.statement} ${failed.message ?? ''}`, 4)).map((h) => h.table);
    const context = await this.context([...tables, ...searched], request.model, token, false);
    const prompt = `${INSTRUCTIONS}\n\nTables (${this.deps.connection.label}):\n${context.text || '(none found)'}\n\nThis statement failed on ${failed.connection}:\n\`\`\`sql\n${failed.statement}\n\`\`\`\nThe engine said: ${failed.message ?? 'it failed'}\n${request.prompt.trim() ? `The user adds: ${request.prompt.trim()}\n` : ''}Give the corrected statement.`;
    const result = await this.writeChecked([vscode.LanguageModelChatMessage.User(prompt)], request.model, { allowWrite: asksToWrite(failed.statement) }, stream, token);
    stream.markdown(`The statement that failed: \`${oneLine(failed.statement, 80)}\`, with: ${failed.message ?? 'an error'}\n\n`);
    await this.present(result.sql, result.problems, result.repairs, context.tables, stream);
    return { command: 'fix', question: request.prompt, contextTables: context.tables, sampleRowsSent: false, ...result, ...(result.sql ? { estimate: await this.estimateText(result.sql) } : {}) };
  }

  /**
   * Asks the model for a statement and checks it: parse, functions, read-only unless asked, then
   * the engine (tables, columns, types) through EXPLAIN. A failed check goes back to the model,
   * at most MAX_REPAIRS times.
   */
  private async writeChecked(
    messages: vscode.LanguageModelChatMessage[],
    model: vscode.LanguageModelChat,
    o: { readonly allowWrite: boolean },
    stream: vscode.ChatResponseStream,
    token: vscode.CancellationToken,
  ): Promise<{ sql?: string; attempts: string[]; repairs: string[]; problems: string[] }> {
    const attempts: string[] = [];
    const repairs: string[] = [];
    for (let round = 0; ; round++) {
      stream.progress(round === 0 ? 'Writing the statement…' : `Repairing the statement (${round} of ${MAX_REPAIRS})…`);
      const response = await model.sendRequest(messages, { justification: 'Write Athena SQL over your lakehouse catalog' }, token);
      let answer = '';
      for await (const fragment of response.text) answer += fragment;
      const sql = sqlFromAnswer(answer);
      if (!sql) return { attempts, repairs, problems: ['The model gave no SQL statement.'] };
      attempts.push(sql);
      stream.progress('Checking it against the catalog…');
      const problems = await this.check(sql, o);
      if (!problems.length) return { sql, attempts, repairs, problems };
      if (round >= MAX_REPAIRS) return { sql, attempts, repairs, problems };
      repairs.push(problems.join(' '));
      messages.push(vscode.LanguageModelChatMessage.Assistant(answer), vscode.LanguageModelChatMessage.User(`The statement failed a check:\n${problems.map((p) => `- ${p}`).join('\n')}\nReply with the corrected statement only, in one sql code block.`));
    }
  }

  /** Every problem of a generated statement; the engine's EXPLAIN catches unknown tables and columns. */
  private async check(sql: string, o: { readonly allowWrite: boolean }): Promise<string[]> {
    const problems = generatedSqlProblems(sql, o);
    if (problems.length) return problems;
    const checked = await this.deps.tools().validate(sql);
    return checked.ok ? [] : [`The engine rejects it: ${checked.message}`];
  }

  /** The answer: what was repaired, the statement, its tables and estimate, and the buttons. */
  private async present(sql: string | undefined, problems: readonly string[], repairs: readonly string[], tables: readonly string[], stream: vscode.ChatResponseStream): Promise<void> {
    if (!sql) {
      stream.markdown(`No statement came back: ${problems.join(' ')}`);
      return;
    }
    if (repairs.length) stream.markdown(`Repaired after the check${repairs.length > 1 ? ` (${repairs.length} times)` : ''}: ${repairs.map((r) => r.replace(/\s+/g, ' ')).join(' Then: ')}\n\n`);
    stream.markdown(`\`\`\`sql\n${sql}\n\`\`\`\n`);
    if (problems.length) stream.markdown(`\n**It still fails a check:** ${problems.join(' ')} Review it before running it.\n`);
    const used = tables.filter((t) => new RegExp(`\\b${t.split('.').map(escapeRegExp).join('\\s*\\.\\s*')}\\b`, 'i').test(sql));
    stream.markdown(`\n**Tables:** ${(used.length ? used : tables.slice(0, 3)).map((t) => `\`${t}\``).join(', ')}  \n**Estimate:** ${await this.estimateText(sql)} on ${this.deps.connection.label}, before anything runs.\n`);
    stream.button({ command: Commands.chatInsertSql, title: 'Insert at Cursor', arguments: [sql] });
    stream.button({ command: Commands.chatOpenSql, title: 'Open in Editor', arguments: [sql] });
    stream.button({ command: Commands.chatRunSql, title: 'Run', arguments: [sql] });
  }

  private async estimateText(sql: string): Promise<string> {
    const e = await this.deps.costs.estimate(sql).catch(() => undefined);
    return e ? estimateLabel(e) : 'unknown';
  }

  /** The tables a statement reads (its scan plan), as database.table. */
  private async tablesOf(sql: string): Promise<string[]> {
    const e = await this.deps.costs.estimate(sql).catch(() => undefined);
    return [...new Set(e?.tables.map((t) => t.table) ?? [])];
  }

  /**
   * The context for the model: each table as a compact DDL-like summary (columns and types,
   * partition keys, comments), best first, within a token budget (the model's countTokens).
   * Sample rows only when the setting allows it.
   */
  private async context(tables: readonly string[], model: vscode.LanguageModelChat, token: vscode.CancellationToken, samples = true): Promise<{ text: string; tables: string[]; sampleRowsSent: boolean }> {
    const budget = Math.min(8000, Math.floor(model.maxInputTokens * 0.5));
    const allowSamples = samples && this.deps.settings.value.agentAllowSampleRows;
    const parts: string[] = [];
    const included: string[] = [];
    let used = 0;
    let sampleRowsSent = false;
    for (const name of tables) {
      const [database, table] = splitName(name);
      if (!database || !table) continue;
      let d: TableDescription;
      try {
        d = await this.deps.tools().describeTable(database, table);
      } catch {
        continue;
      }
      let text = summary(d);
      if (allowSamples && included.length < 3) {
        const rows = await this.deps.tools().sampleRows(database, table, 3).catch(() => undefined);
        if (rows?.rows.length) {
          text += `\n  sample rows: ${JSON.stringify(rows.rows)}`;
          sampleRowsSent = true;
        }
      }
      const cost = await model.countTokens(text, token);
      if (used + cost > budget && included.length) break;
      used += cost;
      parts.push(text);
      included.push(d.table);
    }
    return { text: parts.join('\n'), tables: included, sampleRowsSent };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** `db.table (parquet, partitioned by year string) — description` and its columns on one line each. */
export function summary(d: TableDescription): string {
  const parts = d.partitionKeys.length ? `, partitioned by ${d.partitionKeys.map((k) => `${k.name} ${k.type}`).join(', ')}` : '';
  const head = `${d.table} (${d.type === 'view' ? 'view' : d.format}${parts})${d.description ? ` -- ${d.description}` : ''}`;
  const cols = d.columns.map((c) => `${c.name} ${c.type}${c.comment ? ` -- ${c.comment}` : ''}`).join(', ');
  return `${head}\n  columns: ${cols}`;
}

function splitName(name: string): [string | undefined, string | undefined] {
  const i = name.indexOf('.');
  return i < 0 ? [undefined, undefined] : [name.slice(0, i), name.slice(i + 1)];
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const oneLine = (s: string, max: number): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
