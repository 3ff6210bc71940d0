import * as vscode from 'vscode';
import { awsSettingsFrom, DEFAULT_AWS_SETTINGS, type AwsSettings } from '../../core/aws/settings';

export type ConnectionKind = 'local' | 'aws';

/** Every `lakehouse.*` setting, typed, with its default applied in one place. */
export interface LakehouseSettings {
  /** Rows a result keeps (in the host) before it says the result was cut. */
  readonly resultsMaxRows: number;
  /** Rows of a result kept in memory; older ones spill to a temporary file. */
  readonly resultsMemoryRows: number;
  /** The folder standing for S3 on the local engine; relative paths are from the workspace folder. */
  readonly localS3Root: string;
  /** Where statements run and the catalog comes from. */
  readonly connection: ConnectionKind;
  /** The AWS connection (`lakehouse.aws.*`), used when `connection` is `aws`. */
  readonly aws: AwsSettings;
  /** Run File / Run Selection go on after a failed statement. */
  readonly runContinueOnError: boolean;
  /** "▶ Run | Explain" above each statement. */
  readonly codeLens: boolean;
  /** Athena's price per TB scanned, in USD (regions differ). */
  readonly pricePerTbUsd: number;
  /** Runs the Query History keeps. */
  readonly historyMaxEntries: number;
  /** Rows the catalog's Preview (and Generate SELECT) asks for. */
  readonly previewRows: number;
  /** A run whose estimated cost is above this asks first (USD). */
  readonly confirmAboveUsd: number;
  /** The scan estimate in the CodeLens and the status bar. */
  readonly showEstimates: boolean;
  /** Language models may be sent sample rows of a table (off: rows may hold personal data). */
  readonly agentAllowSampleRows: boolean;
}

export const DEFAULTS: LakehouseSettings = {
  resultsMaxRows: 5_000_000,
  resultsMemoryRows: 200_000,
  localS3Root: '.lakehouse/s3',
  connection: 'local',
  aws: DEFAULT_AWS_SETTINGS,
  runContinueOnError: false,
  codeLens: true,
  pricePerTbUsd: 5,
  historyMaxEntries: 1000,
  previewRows: 100,
  confirmAboveUsd: 1,
  showEstimates: true,
  agentAllowSampleRows: false,
};

const positive = (v: number | undefined, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : dflt);

const nonNegative = (v: number | undefined, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : dflt);

const SECTION = 'lakehouse';

function read(): LakehouseSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const maxRows = c.get<number>('results.maxRows', DEFAULTS.resultsMaxRows);
  const s3Root = c.get<string>('local.s3Root', DEFAULTS.localS3Root).trim();
  return {
    resultsMaxRows: Number.isSafeInteger(maxRows) && maxRows > 0 ? maxRows : DEFAULTS.resultsMaxRows,
    resultsMemoryRows: Math.max(1000, Math.round(positive(c.get<number>('results.memoryRows'), DEFAULTS.resultsMemoryRows))),
    localS3Root: s3Root || DEFAULTS.localS3Root,
    connection: c.get<string>('connection') === 'aws' ? 'aws' : 'local',
    aws: awsSettingsFrom((key) => c.get(`aws.${key}`)),
    runContinueOnError: c.get<boolean>('run.continueOnError', DEFAULTS.runContinueOnError) === true,
    codeLens: c.get<boolean>('run.codeLens', DEFAULTS.codeLens) !== false,
    pricePerTbUsd: positive(c.get<number>('cost.pricePerTbUsd'), DEFAULTS.pricePerTbUsd),
    historyMaxEntries: Math.round(positive(c.get<number>('history.maxEntries'), DEFAULTS.historyMaxEntries)),
    previewRows: Math.round(positive(c.get<number>('catalog.previewRows'), DEFAULTS.previewRows)),
    confirmAboveUsd: nonNegative(c.get<number>('cost.confirmAboveUsd'), DEFAULTS.confirmAboveUsd),
    showEstimates: c.get<boolean>('cost.showEstimates', DEFAULTS.showEstimates) !== false,
    agentAllowSampleRows: c.get<boolean>('agent.allowSampleRows', DEFAULTS.agentAllowSampleRows) === true,
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
