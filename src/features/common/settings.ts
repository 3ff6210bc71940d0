import * as vscode from 'vscode';
import { awsSettingsFrom, DEFAULT_AWS_SETTINGS, type AwsSettings } from '../../core/aws/settings';

export type ConnectionKind = 'local' | 'aws';

/** Every `lakehouse.*` setting, typed, with its default applied in one place. */
export interface LakehouseSettings {
  /** Rows the results panel holds for one query before it says the result was cut. */
  readonly resultsMaxRows: number;
  /** The folder standing for S3 on the local engine; relative paths are from the workspace folder. */
  readonly localS3Root: string;
  /** Where statements run and the catalog comes from. */
  readonly connection: ConnectionKind;
  /** The AWS connection (`lakehouse.aws.*`), used when `connection` is `aws`. */
  readonly aws: AwsSettings;
}

export const DEFAULTS: LakehouseSettings = {
  resultsMaxRows: 10_000,
  localS3Root: '.lakehouse/s3',
  connection: 'local',
  aws: DEFAULT_AWS_SETTINGS,
};

const SECTION = 'lakehouse';

function read(): LakehouseSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const maxRows = c.get<number>('results.maxRows', DEFAULTS.resultsMaxRows);
  const s3Root = c.get<string>('local.s3Root', DEFAULTS.localS3Root).trim();
  return {
    resultsMaxRows: Number.isSafeInteger(maxRows) && maxRows > 0 ? maxRows : DEFAULTS.resultsMaxRows,
    localS3Root: s3Root || DEFAULTS.localS3Root,
    connection: c.get<string>('connection') === 'aws' ? 'aws' : 'local',
    aws: awsSettingsFrom((key) => c.get(`aws.${key}`)),
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
