/**
 * Every command the extension registers, in one table. A test checks that this table, the
 * registrations and `contributes.commands` in package.json agree.
 */
export const Commands = {
  runStatement: 'lakehouse.runStatement',
  runSelection: 'lakehouse.runSelection',
  runFile: 'lakehouse.runFile',
  explainStatement: 'lakehouse.explainStatement',
  cancelQuery: 'lakehouse.cancelQuery',
  showLog: 'lakehouse.showLog',
  clearHistory: 'lakehouse.history.clear',
  openHistoryEntry: 'lakehouse.history.open',
  rerunHistoryEntry: 'lakehouse.history.rerun',
  copyHistoryEntry: 'lakehouse.history.copy',
  reopenHistoryResults: 'lakehouse.history.reopenResults',
  selectConnection: 'lakehouse.selectConnection',
  scaffoldFromSample: 'lakehouse.scaffoldFromSample',
  qualityChecks: 'lakehouse.generateQualityChecks',
  catalogRefresh: 'lakehouse.catalog.refresh',
  catalogFilter: 'lakehouse.catalog.filter',
  catalogClearFilter: 'lakehouse.catalog.clearFilter',
  catalogLoadMore: 'lakehouse.catalog.loadMore',
  previewTable: 'lakehouse.catalog.preview',
  showTableDdl: 'lakehouse.catalog.showDdl',
  generateSelect: 'lakehouse.catalog.generateSelect',
  copyTableName: 'lakehouse.catalog.copyName',
  insertTableName: 'lakehouse.catalog.insertName',
  copyTableLocation: 'lakehouse.catalog.copyLocation',
  dropTable: 'lakehouse.catalog.dropTable',
  newSqlFileForDatabase: 'lakehouse.catalog.newSqlFile',
  openSampleLakehouse: 'lakehouse.openSampleLakehouse',
  openWalkthrough: 'lakehouse.welcome.open',
  showEstimate: 'lakehouse.estimate.show',
  estimateAccuracy: 'lakehouse.estimate.accuracy',
  estimateFullScan: 'lakehouse.catalog.estimateFullScan',
  exportResults: 'lakehouse.results.export',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Commands that run SQL or reach an account: refused, with the reason, in an untrusted workspace. */
export const NEEDS_TRUST: ReadonlySet<CommandId> = new Set([
  Commands.runStatement,
  Commands.runSelection,
  Commands.runFile,
  Commands.explainStatement,
  Commands.rerunHistoryEntry,
  Commands.reopenHistoryResults,
  Commands.selectConnection,
  Commands.scaffoldFromSample,
  Commands.qualityChecks,
  Commands.catalogRefresh,
  Commands.catalogLoadMore,
  Commands.previewTable,
  Commands.showTableDdl,
  Commands.generateSelect,
  Commands.copyTableLocation,
  Commands.dropTable,
  Commands.openSampleLakehouse,
  Commands.showEstimate,
  Commands.estimateFullScan,
]);
