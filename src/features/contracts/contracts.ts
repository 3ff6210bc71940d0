import { basename } from 'node:path';
import * as vscode from 'vscode';
import type * as Contracts from '../../core/contracts/index';
import type { Layer } from '../../core/ddl/scaffold';
import { scaffoldSettingsFrom } from '../../core/ddl/settings';
import { lazyModule } from '../../lazy';
import type { Logger } from '../common/logger';
import { KeyedDebounce } from '../common/debounce';
import { openNewDocument, openNewSql } from '../common/newDocument';
import type { Table } from '../../core/catalog/model';
import type { QueryEngine } from '../../engines/types';
import { profileTable } from '../../engines/contractTests';

/** Data contracts: ODCS files named `*.odcs.yaml` or `*.odcs.yml`. */
export const CONTRACT_SELECTOR: vscode.DocumentSelector = [{ pattern: '**/*.odcs.{yaml,yml}' }];
const CONTRACT_FILE = /\.odcs\.ya?ml$/i;
/** Checks wait for typing to pause this long. */
const CHECK_DELAY_MS = 250;

// YAML, the standard's JSON schema and its validator: loaded with the first contract.
const loadContracts = lazyModule<typeof Contracts>(__dirname, 'contracts.js', '../../core/contracts/index.js');

export const isContract = (doc: vscode.TextDocument): boolean => doc.uri.scheme !== 'output' && CONTRACT_FILE.test(doc.uri.path);

const range = (doc: vscode.TextDocument, r: Contracts.TextRange): vscode.Range => new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));

/**
 * Checks each open contract as it is typed: its YAML, the ODCS v3.1.0 JSON schema, and this
 * product's rules (Athena types and names, servers complete); each problem is a diagnostic at its
 * line. Keys complete and hover with the standard's descriptions.
 */
export class ContractDiagnostics implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('lakehouse-contracts');
  private readonly pending = new KeyedDebounce();
  private readonly subscriptions: vscode.Disposable[];
  private readonly checked = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a contract's diagnostics are set (for tests). */
  readonly onDidCheck = this.checked.event;
  private readonly drifted = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a contract's drift from the catalog is shown (for tests). */
  readonly onDidCompare = this.drifted.event;

  constructor(
    private readonly log: Logger,
    /** The catalog's table, for drift: undefined when there is none (or nothing may be asked, untrusted). */
    private readonly tableOf?: (database: string, table: string) => Promise<Table | undefined>,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, CHECK_DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.diagnostics.delete(d.uri);
        this.pending.cancel(d.uri.toString());
      }),
    ];
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isContract(doc)) return;
    this.pending.schedule(doc.uri.toString(), delay, () => this.check(doc));
  }

  /** Sets the diagnostics of one contract now; returns them. */
  check(doc: vscode.TextDocument): vscode.Diagnostic[] {
    let found: vscode.Diagnostic[];
    try {
      const { validateContract, ODCS_VERSION } = loadContracts();
      found = validateContract(doc.getText()).map((p) => {
        const d = new vscode.Diagnostic(range(doc, p.range), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        d.source = p.source === 'odcs' ? `ODCS ${ODCS_VERSION}` : p.source === 'yaml' ? 'YAML' : 'Lakehouse';
        return d;
      });
    } catch (e) {
      this.log.error(`Could not check ${doc.uri.fsPath}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      found = [];
    }
    if (!doc.isClosed) this.diagnostics.set(doc.uri, found);
    this.checked.fire(doc.uri);
    if (!found.some((d) => d.severity === vscode.DiagnosticSeverity.Error)) void this.compare(doc, found);
    return found;
  }

  /**
   * Drift: how the catalog's tables (in the database of the contract's athena or glue server)
   * differ from the contract, as information at the object or property it concerns.
   */
  private async compare(doc: vscode.TextDocument, shown: readonly vscode.Diagnostic[]): Promise<void> {
    const tableOf = this.tableOf;
    if (!tableOf || !vscode.workspace.isTrusted) return;
    const version = doc.version;
    try {
      const c = loadContracts();
      const file = new c.YamlFile(doc.getText());
      const model = c.readContract(file.value);
      const database = model.servers.find((s) => (s.type === 'athena' || s.type === 'glue') && s.database)?.database;
      if (!database) return;
      const tables = new Map<string, Table | undefined>();
      for (const o of model.objects) tables.set(o.name, await tableOf(database, o.name).catch(() => undefined));
      const drift = c.contractDrift(model, tables, model.servers.find((s) => (s.type === 's3' || s.type === 'glue') && s.location));
      if (doc.isClosed || doc.version !== version) return;
      const objects = Array.isArray((file.value as { schema?: unknown } | undefined)?.schema) ? ((file.value as { schema: unknown[] }).schema) : [];
      const placed = drift.map((d) => {
        const i = model.objects.findIndex((o) => o.name === d.object);
        const j = d.column === undefined ? -1 : (model.objects[i]?.properties.findIndex((p) => p.name === d.column) ?? -1);
        const at = (j >= 0 ? file.keyRange(['schema', i, 'properties', j, 'name']) : undefined) ?? file.valueRange(['schema', i, 'name']) ?? { start: 0, end: 1 };
        const diagnostic = new vscode.Diagnostic(range(doc, at), `${d.message} (catalog: ${database})`, vscode.DiagnosticSeverity.Information);
        diagnostic.source = 'Lakehouse catalog';
        diagnostic.code = d.kind;
        return diagnostic;
      });
      if (objects.length) this.diagnostics.set(doc.uri, [...shown, ...placed]);
      this.drifted.fire(doc.uri);
    } catch (e) {
      this.log.warn(`could not compare ${doc.uri.fsPath} with the catalog: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    this.pending.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.diagnostics.dispose();
    this.checked.dispose();
    this.drifted.dispose();
  }
}

function helpText(k: Contracts.KeyHelp): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${k.name}**${k.type ? ` · ${k.type}` : ''}${k.required ? ' · required' : ''}\n\n`);
  // The standard's own words, markdown characters escaped (appendText would also turn spaces into &nbsp;).
  if (k.description) md.appendMarkdown(k.description.replace(/([\\`*_{}[\]()#+!|<>])/g, '\\$1'));
  if (k.values?.length) md.appendMarkdown(`\n\nOne of: ${k.values.map((v) => `\`${v}\``).join(', ')}`);
  md.appendMarkdown('\n\n*Open Data Contract Standard v3.1.0*');
  return md;
}

/** Keys of the standard at the cursor, with their descriptions; values where the standard lists them. */
export class ContractCompletion implements vscode.CompletionItemProvider {
  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const { YamlFile, keysAt, keyHelp } = loadContracts();
    const file = new YamlFile(doc.getText());
    const offset = doc.offsetAt(position);
    const at = file.pathAt(offset);
    if (!at) return [];
    const line = doc.lineAt(position.line).text.slice(0, position.character);
    const last = at.path[at.path.length - 1];
    const keyText = typeof last === 'string' ? file.keyRange(at.path) : undefined;
    // The cursor is on a key's own text (a key being typed), not in the mapping around it.
    const onKeyText = at.onKey && keyText !== undefined && offset >= keyText.start && offset <= keyText.end;
    // After `key: `: the values the standard allows there.
    const valueOf = /^\s*(?:-\s+)?([\w$.-]+):\s*([\w-]*)$/.exec(line);
    if (valueOf) {
      const keyPath = !at.onKey || onKeyText ? at.path : [...at.path, valueOf[1] as string];
      const help = keyHelp(file.partialValue, keyPath);
      return (help?.values ?? []).map((v) => {
        const item = new vscode.CompletionItem(v, vscode.CompletionItemKind.EnumMember);
        item.documentation = helpText(help as Contracts.KeyHelp);
        return item;
      });
    }
    // A key: those of the mapping at the cursor not given yet.
    const mapPath = onKeyText ? at.path.slice(0, -1) : at.path;
    const value = file.partialValue;
    let present: unknown = value;
    for (const step of mapPath) present = typeof present === 'object' && present !== null ? (present as Record<string | number, unknown>)[step] : undefined;
    const given = new Set(typeof present === 'object' && present !== null && !Array.isArray(present) ? Object.keys(present) : []);
    const typing = onKeyText ? last : undefined;
    return keysAt(value, mapPath)
      .filter((k) => !given.has(k.name) || k.name === typing)
      .map((k) => {
        const item = new vscode.CompletionItem(k.name, vscode.CompletionItemKind.Property);
        item.insertText = `${k.name}: `;
        item.detail = `${k.type ?? ''}${k.required ? ' · required' : ''}`;
        item.documentation = helpText(k);
        item.sortText = `${k.required ? '0' : '1'}${k.name}`;
        return item;
      });
  }
}

/** A key's description from the standard. */
export class ContractHover implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const { YamlFile, keyHelp } = loadContracts();
    const file = new YamlFile(doc.getText());
    const at = file.pathAt(doc.offsetAt(position));
    if (!at?.onKey || typeof at.path[at.path.length - 1] !== 'string') return undefined;
    const help = keyHelp(file.partialValue, at.path);
    const where = file.keyRange(at.path);
    return help ? new vscode.Hover(helpText(help), where ? range(doc, where) : undefined) : undefined;
  }
}

const LAYERS: readonly Layer[] = ['raw', 'staging', 'curated'];

/** ▶ Run checks above each schema object of a contract. */
export class ContractCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const { YamlFile } = loadContracts();
    const file = new YamlFile(doc.getText());
    const value = file.partialValue as { schema?: unknown } | undefined;
    const objects = Array.isArray(value?.schema) ? (value.schema as unknown[]) : [];
    const lenses: vscode.CodeLens[] = [];
    objects.forEach((o, i) => {
      const name = typeof o === 'object' && o !== null ? ((o as Record<string, unknown>).physicalName ?? (o as Record<string, unknown>).name) : undefined;
      const at = file.keyRange(['schema', i]);
      if (typeof name !== 'string' || !at) return;
      lenses.push(new vscode.CodeLens(range(doc, at), { title: '$(beaker) Run checks', tooltip: `Test ${name}'s schema and quality rules on the active connection`, command: 'lakehouse.contract.runChecks', arguments: [{ uri: doc.uri.toString(), object: name.toLowerCase() }] }));
    });
    return lenses;
  }
}

/**
 * Generate DDL from Data Contract: the contract (the one given, else the active editor's) checked,
 * then its raw, staging and curated DDL in a new editor. A contract with problems gets none.
 */
export async function contractDdlCommand(arg: unknown, log: Logger): Promise<vscode.TextDocument | undefined> {
  const a = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : {};
  const uri = arg instanceof vscode.Uri ? arg : typeof a.uri === 'string' ? vscode.Uri.parse(a.uri) : vscode.window.activeTextEditor?.document.uri;
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : undefined;
  if (!doc || !isContract(doc)) {
    void vscode.window.showInformationMessage('Open a data contract (a *.odcs.yaml file) to generate its DDL.');
    return undefined;
  }
  const layers = Array.isArray(a.layers) ? LAYERS.filter((l) => (a.layers as unknown[]).includes(l)) : LAYERS;
  const c = loadContracts();
  const text = doc.getText();
  const name = basename(doc.uri.path);
  const problems = c.validateContract(text).filter((p) => p.severity === 'error');
  if (problems.length) {
    void vscode.window.showErrorMessage(`${name} has ${problems.length} problem${problems.length === 1 ? '' : 's'} (see the Problems view): no DDL written.`);
    return undefined;
  }
  const settings = scaffoldSettingsFrom((key) => vscode.workspace.getConfiguration('lakehouse').get(key));
  const contract = c.readContract(new c.YamlFile(text).value);
  try {
    const ddl = c.contractDdl(contract, { layers, databases: settings.databases, zones: settings.zones, curatedFormat: settings.curatedFormat, compression: settings.compression, ...(typeof a.server === 'string' ? { server: a.server } : {}) });
    return (await openNewSql(c.contractDdlDocument(contract, ddl, name), `ddl_${contract.id}`)).document;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.warn(`contract DDL ${name}: ${message}`);
    void vscode.window.showErrorMessage(`${name}: ${message}`);
    return undefined;
  }
}

/**
 * Create Contract from Table…: the table's schema and a profile of its data as a draft contract
 * in a new editor (`<db>-<table>.odcs.yaml`, untitled: saved where the user chooses).
 */
export async function createContractFromTable(table: Table, engine: QueryEngine, log: Logger): Promise<vscode.TextDocument | undefined> {
  const c = loadContracts();
  const profile = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Lakehouse: profiling ${table.database}.${table.name}` }, () => profileTable(engine, table));
  if (typeof profile === 'string') {
    log.warn(`profiling ${table.database}.${table.name}: ${profile}`);
    void vscode.window.showErrorMessage(`Could not profile ${table.database}.${table.name}: ${profile}`);
    return undefined;
  }
  const text = c.contractFromTable(table, profile, { stagingDir: c.draftStagingDir(vscode.workspace.getConfiguration('lakehouse').get<string>('aws.outputLocation'), table.storage.location) });
  return (await openNewDocument(text, `${table.database}-${table.name}`, 'odcs.yaml', 'yaml')).document;
}

export function registerContracts(context: vscode.ExtensionContext, log: Logger, tableOf?: (database: string, table: string) => Promise<Table | undefined>): ContractDiagnostics {
  const diagnostics = new ContractDiagnostics(log, tableOf);
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCompletionItemProvider(CONTRACT_SELECTOR, new ContractCompletion(), ':', ' '),
    vscode.languages.registerHoverProvider(CONTRACT_SELECTOR, new ContractHover()),
    vscode.languages.registerCodeLensProvider(CONTRACT_SELECTOR, new ContractCodeLens()),
  );
  return diagnostics;
}
