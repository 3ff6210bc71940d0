import * as vscode from 'vscode';
import { dataFormat, type Table } from '../../core/catalog/model';
import type * as Formatter from '../../core/format/formatter';
import { callAt, completionSite, nameAt, tableRefs } from '../../core/sql/completionContext';
import { completionEntries, tablesNeeded, type EntryKind } from '../../core/sql/completionItems';
import { FUNCTIONS_BY_NAME } from '../../core/sql/functionDocs';
import { splitStatements } from '../../core/sql/splitter';
import { classifyStatement } from '../../core/sql/statementKind';
import { parseAthenaStatement } from '../../core/sql/athenaStatement';
import { syntaxProblems } from '../../core/sql/syntaxCheck';
import { lazyModule } from '../../lazy';
import { KeyedDebounce } from '../common/debounce';
import type { Logger } from '../common/logger';
import type { CatalogCache } from './catalogCache';

/** The languages the providers serve: Athena SQL, and plain SQL files. */
export const SELECTOR: vscode.DocumentSelector = [{ language: 'athena-sql' }, { language: 'sql' }];
const DEFAULT_DATABASE = 'default';

const loadFormatter = lazyModule<typeof Formatter>(__dirname, 'format.js', '../../core/format/formatter.js');

const KIND: Record<EntryKind, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  function: vscode.CompletionItemKind.Function,
  database: vscode.CompletionItemKind.Module,
  table: vscode.CompletionItemKind.Class,
  view: vscode.CompletionItemKind.Interface,
  column: vscode.CompletionItemKind.Field,
  cte: vscode.CompletionItemKind.Struct,
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
};

export class SqlCompletion implements vscode.CompletionItemProvider {
  constructor(private readonly cache: CatalogCache) {}

  async provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const site = completionSite(doc.getText(), doc.offsetAt(position));
    if (site.context.kind === 'none') return [];
    const snapshot = await this.cache.snapshot(tablesNeeded(site, { defaultDatabase: DEFAULT_DATABASE }), DEFAULT_DATABASE);
    return completionEntries(site, snapshot).map((e) => {
      const item = new vscode.CompletionItem(e.label, KIND[e.kind]);
      if (e.detail) item.detail = e.detail;
      if (e.insertText) item.insertText = e.insertText;
      item.sortText = `${e.preferred ? '0' : e.kind === 'keyword' ? '3' : e.kind === 'function' ? '2' : '1'}${e.label}`;
      if (e.kind === 'function') item.command = { command: 'editor.action.triggerParameterHints', title: 'Parameter hints' };
      return item;
    });
  }
}

/** Markdown for a table: columns and types, then where and how it is stored. */
function tableMarkdown(t: Table): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${t.database}.${t.name}** — ${t.tableType === 'VIRTUAL_VIEW' ? 'view' : dataFormat(t)}\n\n`);
  const rows = [...t.storage.columns.map((c) => `| ${c.name} | \`${c.type}\` | ${c.comment ?? ''} |`), ...t.partitionKeys.map((c) => `| ${c.name} | \`${c.type}\` | partition key |`)];
  md.appendMarkdown(`| column | type | |\n| --- | --- | --- |\n${rows.join('\n')}\n\n`);
  if (t.storage.location) md.appendMarkdown(`Location: \`${t.storage.location}\`\n\n`);
  if (t.partitionKeys.length) md.appendMarkdown(`Partitioned by ${t.partitionKeys.map((k) => `\`${k.name}\``).join(', ')}${t.parameters['projection.enabled'] === 'true' ? ' (partition projection)' : ''}\n`);
  return md;
}

export class SqlHover implements vscode.HoverProvider {
  constructor(private readonly cache: CatalogCache) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const text = doc.getText();
    const offset = doc.offsetAt(position);
    const name = nameAt(text, offset);
    if (!name) return undefined;
    const range = new vscode.Range(doc.positionAt(name.start), doc.positionAt(name.end));
    const last = name.parts[name.parts.length - 1] ?? '';
    // A function: its name is followed by '('.
    if (name.parts.length === 1 && /^\s*\(/.test(text.slice(name.end, name.end + 20))) {
      const fn = FUNCTIONS_BY_NAME.get(last);
      if (fn) {
        const md = new vscode.MarkdownString();
        md.appendCodeblock(fn.signatures.map((s) => `${fn.name}${s} → ${fn.returns}`).join('\n'), 'athena-sql');
        md.appendMarkdown(fn.description);
        return new vscode.Hover(md, range);
      }
      return undefined;
    }
    // A table: db.table, or a table or alias of the statement.
    const statement = splitStatements(text).find((s) => offset >= s.start && offset <= s.end);
    const refs = statement ? tableRefs(statement.text).refs : [];
    const ref = name.parts.length >= 2 ? { database: name.parts[name.parts.length - 2], table: last } : (refs.find((r) => r.alias === last || r.table === last) ?? { table: last });
    const table = await this.cache.table(ref.database ?? DEFAULT_DATABASE, ref.table).catch(() => undefined);
    return table ? new vscode.Hover(tableMarkdown(table), range) : undefined;
  }
}

export class SqlSignatureHelp implements vscode.SignatureHelpProvider {
  provideSignatureHelp(doc: vscode.TextDocument, position: vscode.Position): vscode.SignatureHelp | undefined {
    const call = callAt(doc.getText(), doc.offsetAt(position));
    const fn = call && FUNCTIONS_BY_NAME.get(call.name);
    if (!call || !fn) return undefined;
    const help = new vscode.SignatureHelp();
    help.signatures = fn.signatures.map((s) => {
      const sig = new vscode.SignatureInformation(`${fn.name}${s} → ${fn.returns}`, fn.description);
      const params = s.replace(/^\(|\)$/g, '').split(',').map((p) => p.trim()).filter(Boolean);
      sig.parameters = params.map((p) => new vscode.ParameterInformation(p));
      return sig;
    });
    // The first overload with enough parameters for the argument the cursor is on.
    const fits = help.signatures.findIndex((s) => s.parameters.length > call.argument || s.label.includes('...'));
    help.activeSignature = fits >= 0 ? fits : 0;
    help.activeParameter = call.argument;
    return help;
  }
}

/** Outline: one symbol per statement, named by what it does and to which table. */
export class SqlSymbols implements vscode.DocumentSymbolProvider, vscode.FoldingRangeProvider {
  provideDocumentSymbols(doc: vscode.TextDocument): vscode.DocumentSymbol[] {
    return splitStatements(doc.getText()).map((s) => {
      const info = classifyStatement(s.text);
      const parsed = parseAthenaStatement(s.text);
      let target = '';
      let kind = vscode.SymbolKind.Method;
      if (parsed.ok) {
        const st = parsed.statement;
        if ('table' in st && st.table && typeof st.table === 'object' && 'name' in st.table) target = `${st.table.database ? `${st.table.database}.` : ''}${st.table.name}`;
        if ('view' in st && st.view) target = `${st.view.database ? `${st.view.database}.` : ''}${st.view.name}`;
        if (st.kind === 'createDatabase' || st.kind === 'dropDatabase') target = st.name;
        kind = st.kind === 'createTable' || st.kind === 'ctas' ? vscode.SymbolKind.Class : st.kind === 'createView' ? vscode.SymbolKind.Interface : st.kind === 'createDatabase' ? vscode.SymbolKind.Module : kind;
      }
      const range = new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.endWithTerminator));
      const firstLine = s.text.split('\n')[0]?.trim() ?? '';
      return new vscode.DocumentSymbol(target ? `${info.verb} ${target}` : firstLine.slice(0, 60), info.kind, kind, range, range);
    });
  }

  provideFoldingRanges(doc: vscode.TextDocument): vscode.FoldingRange[] {
    return splitStatements(doc.getText())
      .map((s) => new vscode.FoldingRange(doc.positionAt(s.start).line, doc.positionAt(s.endWithTerminator).line, vscode.FoldingRangeKind.Region))
      .filter((r) => r.end > r.start);
  }
}

export class SqlFormatting implements vscode.DocumentFormattingEditProvider, vscode.DocumentRangeFormattingEditProvider {
  private options(o: vscode.FormattingOptions): Formatter.FormatOptions {
    const keywordCase = vscode.workspace.getConfiguration('lakehouse').get<string>('format.keywordCase', 'upper');
    return { keywordCase: keywordCase === 'lower' || keywordCase === 'preserve' ? keywordCase : 'upper', indent: o.insertSpaces ? ' '.repeat(o.tabSize) : '\t' };
  }

  private edits(doc: vscode.TextDocument, o: vscode.FormattingOptions, from?: number, to?: number): vscode.TextEdit[] {
    const f = loadFormatter();
    return f.formatEdits(doc.getText(), this.options(o), from, to).map((e) => vscode.TextEdit.replace(new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.text));
  }

  provideDocumentFormattingEdits(doc: vscode.TextDocument, o: vscode.FormattingOptions): vscode.TextEdit[] {
    return this.edits(doc, o);
  }

  provideDocumentRangeFormattingEdits(doc: vscode.TextDocument, range: vscode.Range, o: vscode.FormattingOptions): vscode.TextEdit[] {
    return this.edits(doc, o, doc.offsetAt(range.start), doc.offsetAt(range.end));
  }
}

/** Syntax problems the checker is sure of, refreshed as the document changes (debounced). */
export class SqlDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('athena-sql');
  private readonly pending = new KeyedDebounce();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    ];
    // After activation, not during it.
    setTimeout(() => {
      for (const d of vscode.workspace.textDocuments) this.check(d);
    }, 0);
  }

  private schedule(doc: vscode.TextDocument): void {
    this.pending.schedule(doc.uri.toString(), 300, () => this.check(doc));
  }

  check(doc: vscode.TextDocument): void {
    if (doc.languageId !== 'athena-sql' && doc.languageId !== 'sql') return;
    this.collection.set(
      doc.uri,
      syntaxProblems(doc.getText()).map((p) => {
        const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(p.start), doc.positionAt(p.end)), p.message, vscode.DiagnosticSeverity.Error);
        d.source = 'athena-sql';
        return d;
      }),
    );
  }

  dispose(): void {
    this.pending.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

/**
 * Plain `.sql` files become Athena SQL when `lakehouse.language.associateSqlFiles` is on. In a
 * workspace whose SQL looks like Athena's (Hive DDL, CTAS properties), it is offered once.
 */
export class SqlAssociation implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private asked = false;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: Logger,
  ) {
    this.subscription = vscode.workspace.onDidOpenTextDocument((d) => void this.consider(d));
    setTimeout(() => {
      for (const d of vscode.workspace.textDocuments) void this.consider(d);
    }, 0);
  }

  private async consider(doc: vscode.TextDocument): Promise<void> {
    if (doc.languageId !== 'sql' || doc.uri.scheme !== 'file') return;
    const config = vscode.workspace.getConfiguration('lakehouse');
    if (config.get<boolean>('language.associateSqlFiles') === true) {
      await vscode.languages.setTextDocumentLanguage(doc, 'athena-sql');
      return;
    }
    if (this.asked || this.state.get<boolean>('lakehouse.askedSqlAssociation') || config.inspect('language.associateSqlFiles')?.workspaceValue !== undefined) return;
    if (!/\b(ROW\s+FORMAT|STORED\s+AS|TBLPROPERTIES|external_location|MSCK\s+REPAIR|SERDEPROPERTIES)\b/i.test(doc.getText())) return;
    this.asked = true;
    await this.state.update('lakehouse.askedSqlAssociation', true);
    const yes = 'Use Athena SQL';
    const answer = await vscode.window.showInformationMessage('This workspace has Athena SQL in .sql files. Open .sql files as Athena SQL (highlighting, completion, formatting)?', yes, 'Not now');
    if (answer !== yes) return;
    await config.update('language.associateSqlFiles', true, vscode.ConfigurationTarget.Workspace);
    this.log.info('.sql files are opened as Athena SQL in this workspace');
    for (const d of vscode.workspace.textDocuments) if (d.languageId === 'sql' && d.uri.scheme === 'file') await vscode.languages.setTextDocumentLanguage(d, 'athena-sql');
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** Registers every language feature; the catalog cache empties when the connection changes. */
export function registerLanguage(context: vscode.ExtensionContext, cache: CatalogCache, log: Logger): void {
  const symbols = new SqlSymbols();
  const formatting = new SqlFormatting();
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(SELECTOR, new SqlCompletion(cache), '.', ' ', '('),
    vscode.languages.registerHoverProvider(SELECTOR, new SqlHover(cache)),
    vscode.languages.registerSignatureHelpProvider(SELECTOR, new SqlSignatureHelp(), '(', ','),
    vscode.languages.registerDocumentSymbolProvider(SELECTOR, symbols),
    vscode.languages.registerFoldingRangeProvider(SELECTOR, symbols),
    vscode.languages.registerDocumentFormattingEditProvider(SELECTOR, formatting),
    vscode.languages.registerDocumentRangeFormattingEditProvider(SELECTOR, formatting),
    new SqlDiagnostics(),
    new SqlAssociation(context.workspaceState, log),
  );
}
