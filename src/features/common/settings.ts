import * as vscode from 'vscode';

/** Every `lakehouse.*` setting, typed, with its default applied in one place. */
export interface LakehouseSettings {
  /** Rows the results panel holds for one query before it says the result was cut. */
  readonly resultsMaxRows: number;
  /** The folder standing for S3 on the local engine; relative paths are from the workspace folder. */
  readonly localS3Root: string;
}

export const DEFAULTS: LakehouseSettings = {
  resultsMaxRows: 10_000,
  localS3Root: '.lakehouse/s3',
};

const SECTION = 'lakehouse';

function read(): LakehouseSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const maxRows = c.get<number>('results.maxRows', DEFAULTS.resultsMaxRows);
  const s3Root = c.get<string>('local.s3Root', DEFAULTS.localS3Root).trim();
  return {
    resultsMaxRows: Number.isSafeInteger(maxRows) && maxRows > 0 ? maxRows : DEFAULTS.resultsMaxRows,
    localS3Root: s3Root || DEFAULTS.localS3Root,
  };
}

export class Settings implements vscode.Disposable {
  private current = read();
  private readonly changed = new vscode.EventEmitter<LakehouseSettings>();
  readonly onDidChange = this.changed.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) {
      this.current = read();
      this.changed.fire(this.current);
    }
  });

  get value(): LakehouseSettings {
    return this.current;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
