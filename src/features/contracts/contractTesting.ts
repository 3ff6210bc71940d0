import * as vscode from 'vscode';
import type * as Contracts from '../../core/contracts/index';
import { randomUUID } from 'node:crypto';
import { runContractTests } from '../../engines/contractTests';
import type { HistoryRecord } from '../history/historyStore';
import { lazyModule } from '../../lazy';
import type { Logger } from '../common/logger';
import type { Connection } from '../connection/connection';

const loadContracts = lazyModule<typeof Contracts>(__dirname, 'contracts.js', '../../core/contracts/index.js');
const CONTRACT_GLOB = '**/*.odcs.{yaml,yml}';

/**
 * The workspace's contracts. VS Code's file search needs its search service (ripgrep); where it
 * is missing (some server builds), the workspace folders are walked instead.
 */
async function findContracts(log: Logger): Promise<vscode.Uri[]> {
  try {
    return await vscode.workspace.findFiles(CONTRACT_GLOB, '**/node_modules/**');
  } catch (e) {
    log.info(`file search unavailable (${e instanceof Error ? e.message : String(e)}): walking the workspace for contracts`);
  }
  const found: vscode.Uri[] = [];
  const walk = async (dir: vscode.Uri, depth: number): Promise<void> => {
    if (depth > 8 || found.length > 10_000) return;
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      return;
    }
    for (const [name, type] of entries) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const uri = vscode.Uri.joinPath(dir, name);
      if (type & vscode.FileType.Directory) await walk(uri, depth + 1);
      else if (/\.odcs\.ya?ml$/i.test(name)) found.push(uri);
    }
  };
  for (const folder of vscode.workspace.workspaceFolders ?? []) await walk(folder.uri, 0);
  return found;
}

interface ContractEntry {
  readonly item: vscode.TestItem;
  readonly model?: Contracts.Contract;
  readonly database?: string;
  readonly problem?: string;
}

/**
 * Data contracts in VS Code's Testing view: contract › object › check (the schema's, then each
 * rule's). A run tests them on the active connection, on the database of the contract's athena or
 * glue server; a failure shows the measured value, the threshold and the SQL.
 */
export class ContractTestExplorer implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController('lakehouseContracts', 'Data Contracts');
  private readonly contracts = new Map<string, ContractEntry>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly ran = new vscode.EventEmitter<readonly Contracts.CheckResult[]>();
  /** Fires with each contract's results once a run has set them (for tests). */
  readonly onDidRun = this.ran.event;
  /** What the last runs reported per test item id (for tests). */
  private readonly reported = new Map<string, { readonly state: string; readonly message?: string }>();

  constructor(
    private readonly connection: Connection,
    private readonly log: Logger,
    /** Each query a run sends goes to the query history. */
    private readonly history?: (record: HistoryRecord) => void,
  ) {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
    };
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile('Test on the active connection', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher(CONTRACT_GLOB);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const again = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => void this.discover(), 300);
    };
    this.subscriptions.push(watcher, watcher.onDidCreate(again), watcher.onDidChange(again), watcher.onDidDelete(again), { dispose: () => clearTimeout(timer) });
  }

  /** Finds the workspace's contracts and lists their checks. */
  async discover(): Promise<void> {
    const files = await findContracts(this.log);
    const c = loadContracts();
    const seen = new Set<string>();
    for (const uri of files.sort((a, b) => a.path.localeCompare(b.path))) {
      const key = uri.toString();
      seen.add(key);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const item = this.controller.items.get(key) ?? this.controller.createTestItem(key, vscode.workspace.asRelativePath(uri), uri);
      this.controller.items.add(item);
      const problems = c.validateContract(text).filter((p) => p.severity === 'error');
      if (problems.length) {
        item.children.replace([]);
        item.error = `${problems.length} problem${problems.length === 1 ? '' : 's'} in the contract (see the Problems view)`;
        this.contracts.set(key, { item, problem: String(item.error) });
        continue;
      }
      item.error = undefined;
      const model = c.readContract(new c.YamlFile(text).value);
      item.label = `${model.id}${model.version ? ` ${model.version}` : ''}`;
      item.description = vscode.workspace.asRelativePath(uri);
      const database = model.servers.find((s) => (s.type === 'athena' || s.type === 'glue') && s.database)?.database;
      const objects = model.objects.map((o) => {
        const objectItem = this.controller.createTestItem(`${key}#${o.name}`, o.name, uri);
        objectItem.children.replace(
          c.plannedChecks(model, database ?? 'default').filter((k) => k.object === o.name).map((k) => this.controller.createTestItem(`${key}#${o.name}#${k.id}`, k.name, uri)),
        );
        return objectItem;
      });
      item.children.replace(objects);
      this.contracts.set(key, { item, model, ...(database ? { database } : { problem: "The contract names no database: give an athena server a schema (or a glue server a database)." }) });
    }
    for (const key of [...this.contracts.keys()]) {
      if (seen.has(key)) continue;
      this.contracts.delete(key);
      this.controller.items.delete(key);
    }
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      if (!this.contracts.size) await this.discover();
      const wanted = request.include ?? [...this.contracts.values()].map((e) => e.item);
      const excluded = new Set((request.exclude ?? []).map((i) => i.id));
      // The contracts the run touches, with the checks of each that it asked for.
      const byContract = new Map<string, Set<string>>();
      for (const item of wanted) {
        const key = item.id.split('#')[0] ?? item.id;
        const leaves = byContract.get(key) ?? new Set<string>();
        const collect = (i: vscode.TestItem): void => {
          if (excluded.has(i.id)) return;
          if (i.children.size === 0 && i.id.split('#').length === 3) leaves.add(i.id);
          i.children.forEach(collect);
        };
        collect(item);
        byContract.set(key, leaves);
      }
      for (const [key, leaves] of byContract) {
        const entry = this.contracts.get(key);
        if (!entry) continue;
        const items: vscode.TestItem[] = [];
        entry.item.children.forEach((o) => o.children.forEach((leaf) => leaves.has(leaf.id) && items.push(leaf)));
        if (!vscode.workspace.isTrusted) {
          run.errored(entry.item, new vscode.TestMessage('Contract tests run SQL: trust the workspace first.'));
          continue;
        }
        if (!entry.model || !entry.database) {
          run.errored(entry.item, new vscode.TestMessage(entry.problem ?? 'The contract cannot be tested.'));
          continue;
        }
        for (const i of items) run.started(i);
        let results: readonly Contracts.CheckResult[];
        try {
          const engine = this.connection.queryEngine;
          const connection = this.connection.label;
          results = await runContractTests(engine, entry.model, entry.database, abort.signal, (q) =>
            this.history?.({
              id: randomUUID(),
              statement: q.sql,
              engine: engine.label,
              connection,
              startedAt: q.startedAt.toISOString(),
              durationMs: q.durationMs,
              database: entry.database ?? 'default',
              ...(q.outcome.ok
                ? { state: 'SUCCEEDED' as const, rows: q.outcome.result.rows.length, ...(q.outcome.result.id ? { queryId: q.outcome.result.id } : {}), ...(q.outcome.result.stats.bytesScanned !== undefined ? { bytesScanned: q.outcome.result.stats.bytesScanned } : {}) }
                : { state: q.outcome.cancelled ? ('CANCELLED' as const) : ('FAILED' as const), message: q.outcome.message }),
            }),
          );
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          this.log.warn(`contract tests of ${entry.item.label}: ${message}`);
          for (const i of items) run.errored(i, new vscode.TestMessage(message));
          continue;
        }
        const byId = new Map(results.map((r) => [`${key}#${r.object}#${r.id}`, r]));
        for (const i of items) {
          const r = byId.get(i.id);
          if (!r) {
            run.skipped(i);
            continue;
          }
          const detail = [r.measured !== undefined ? `measured ${String(r.measured)}` : '', r.threshold ? `expected ${r.threshold}` : '', r.message ?? ''].filter(Boolean).join(', ');
          const message = new vscode.TestMessage(`${detail}${r.sql ? `\n\n${r.sql}` : ''}`);
          this.reported.set(i.id, { state: r.status, message: detail });
          if (r.status === 'passed') run.passed(i);
          else if (r.status === 'failed') run.failed(i, message);
          else if (r.status === 'error') run.errored(i, message);
          else {
            // Non-blocking: passed, with the warning in the run's output.
            run.appendOutput(`warning ${r.id}: ${detail}\r\n`, undefined, i);
            run.passed(i);
          }
        }
        this.ran.fire(results);
      }
    } finally {
      sub.dispose();
      run.end();
    }
  }

  /** Runs the checks of one object of a contract (the CodeLens's command); resolves with its results. */
  async runObject(uri: vscode.Uri, object: string): Promise<readonly Contracts.CheckResult[] | undefined> {
    await this.discover();
    const item = this.controller.items.get(uri.toString())?.children.get(`${uri.toString()}#${object}`);
    if (!item) {
      void vscode.window.showErrorMessage(`No checks of ${object} in ${vscode.workspace.asRelativePath(uri)}: fix the contract's problems first.`);
      return undefined;
    }
    let results: readonly Contracts.CheckResult[] | undefined;
    const sub = this.onDidRun((r) => (results = r));
    const source = new vscode.CancellationTokenSource();
    try {
      await this.run(new vscode.TestRunRequest([item]), source.token);
    } finally {
      sub.dispose();
      source.dispose();
    }
    return results;
  }

  /** The test tree's labels: contract › object › check (for tests). */
  tree(): { label: string; children: { label: string; children: string[] }[] }[] {
    const out: { label: string; children: { label: string; children: string[] }[] }[] = [];
    this.controller.items.forEach((c) => {
      const objects: { label: string; children: string[] }[] = [];
      c.children.forEach((o) => {
        const checks: string[] = [];
        o.children.forEach((k) => checks.push(k.id.split('#')[2] ?? k.label));
        objects.push({ label: o.label, children: checks });
      });
      out.push({ label: c.label, children: objects });
    });
    return out;
  }

  /** What the last runs reported, by check id within its contract (`contract id › check id`; for tests). */
  outcomes(): Map<string, { readonly state: string; readonly message?: string }> {
    const out = new Map<string, { state: string; message?: string }>();
    for (const [id, o] of this.reported) {
      const [key, , check] = id.split('#');
      const label = this.contracts.get(key ?? '')?.model?.id ?? key ?? '';
      out.set(`${label} › ${check ?? ''}`, o);
    }
    return out;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.controller.dispose();
    this.ran.dispose();
  }
}
