/**
 * Every command the extension registers, in one table. A test checks that this table, the
 * registrations and `contributes.commands` in package.json agree.
 */
export const Commands = {
  runStatement: 'lakehouse.runStatement',
  showLog: 'lakehouse.showLog',
  clearHistory: 'lakehouse.history.clear',
  openHistoryEntry: 'lakehouse.history.open',
  selectConnection: 'lakehouse.selectConnection',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
