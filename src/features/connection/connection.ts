import * as vscode from 'vscode';
import { awsConnectionLabel } from '../../core/aws/settings';
import { CatalogBrowser } from '../../engines/catalogBrowser';
import type { Estimator } from '../../engines/estimator';
import { loadEstimator } from '../../engines/loadEstimator';
import type { Catalog, ObjectStore, QueryEngine } from '../../engines/types';
import { openBackend, type Backend } from '../../engines/backend';
import type { Logger } from '../common/logger';
import type { ConnectionKind, LakehouseSettings, Settings } from '../common/settings';
import { localBackendSpec } from './localEngine';

/** The settings a connection depends on: when they change, the connection is rebuilt. */
function identity(s: LakehouseSettings): string {
  return JSON.stringify(s.connection === 'aws' ? { kind: 'aws', aws: s.aws } : { kind: 'local', s3Root: s.localS3Root });
}

export function connectionLabel(s: LakehouseSettings): string {
  return s.connection === 'aws' ? awsConnectionLabel(s.aws) : 'Local lakehouse';
}

/**
 * The active connection and everything that lives as long as it does (clients, caches, the
 * engine). Switching connection (local lakehouse ↔ an AWS profile, region or workgroup) disposes
 * the old scope whole; the next use builds the new one.
 */
export class Connection implements vscode.Disposable {
  private backend: Backend | undefined;
  private catalogBrowser: CatalogBrowser | undefined;
  private scanEstimator: Estimator | undefined;
  private current: string;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the connection changed (its old clients and caches are gone by then). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** How many backends were torn down; for the tests. */
  disposedBackends = 0;

  constructor(
    private readonly settings: Settings,
    private readonly log: Logger,
  ) {
    this.current = identity(settings.value);
    this.subscription = settings.onDidChange((s) => {
      const next = identity(s);
      if (next === this.current) return;
      this.current = next;
      this.reset();
      this.log.info(`connection switched to ${connectionLabel(s)}`);
      this.changed.fire();
    });
  }

  get kind(): ConnectionKind {
    return this.settings.value.connection;
  }

  /** For the status bar: "Local lakehouse" or "profile · region · workgroup". */
  get label(): string {
    return connectionLabel(this.settings.value);
  }

  /** The engine, created on first use so activation loads neither DuckDB nor the AWS SDK. */
  get queryEngine(): QueryEngine {
    return this.open().engine;
  }

  get catalog(): Catalog {
    return this.open().catalog;
  }

  get store(): ObjectStore {
    return this.open().store;
  }

  get catalogName(): string {
    return this.open().catalogName;
  }

  /** The catalog as the tree and completion read it: pages and tables kept once for both. */
  get browser(): CatalogBrowser {
    this.catalogBrowser ??= new CatalogBrowser(this.catalog);
    return this.catalogBrowser;
  }

  /** The scan estimator over this connection's catalog and storage (its caches live as long as the connection). */
  get estimator(): Estimator {
    if (!this.scanEstimator) {
      const { Estimator } = loadEstimator();
      this.scanEstimator = new Estimator(this.catalog, this.store, this.catalogName);
    }
    return this.scanEstimator;
  }

  /** The estimator when one was made (for a refresh without opening a backend). */
  get openEstimator(): Estimator | undefined {
    return this.scanEstimator;
  }

  /** The browser when one was made (for invalidating without opening a backend). */
  get openBrowser(): CatalogBrowser | undefined {
    return this.catalogBrowser;
  }

  /** How many times an engine was asked to get ready ahead of a statement; for the tests. */
  warmups = 0;

  /** Lets the engine get ready for a first statement in the background (opening the backend if needed). */
  warm(): void {
    this.warmups++;
    this.open().engine.warm?.();
    // The estimate comes before the first run too: its module loads now, off the event's own turn.
    setTimeout(() => {
      if (this.backend) void this.estimator;
    }, 0);
  }

  private open(): Backend {
    if (this.backend) return this.backend;
    const s = this.settings.value;
    this.backend = openBackend(s.connection === 'aws' ? { kind: 'athena', aws: s.aws } : localBackendSpec(s, this.log.withPrefix('local')));
    return this.backend;
  }

  /** Drops the clients and caches of the current connection. */
  private reset(): void {
    this.catalogBrowser = undefined;
    this.scanEstimator = undefined;
    if (!this.backend) return;
    this.backend.dispose();
    this.backend = undefined;
    this.disposedBackends++;
  }

  dispose(): void {
    this.reset();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
