import type * as vscode from 'vscode';
import type { QueryEngine } from '../../engines/types';

/**
 * The active connection and everything that lives as long as it does. Switching connection
 * (local lakehouse ↔ an AWS profile, in later work) disposes the old scope whole.
 */
export class Connection implements vscode.Disposable {
  private engine: QueryEngine | undefined;
  private readonly scope: vscode.Disposable[] = [];

  constructor(private readonly createEngine: () => QueryEngine) {}

  /** The engine, created on first use so activation stays free of native modules. */
  get queryEngine(): QueryEngine {
    if (!this.engine) {
      const engine = this.createEngine();
      this.scope.push({ dispose: () => engine.dispose() });
      this.engine = engine;
    }
    return this.engine;
  }

  dispose(): void {
    for (const d of this.scope.splice(0).reverse()) d.dispose();
    this.engine = undefined;
  }
}
