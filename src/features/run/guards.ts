import * as vscode from 'vscode';
import type { Estimate } from '../../core/cost/estimate';
import type { StatementInfo } from '../../core/sql/statementKind';
import { ctasLocationProblem } from '../../engines/ctasGuard';
import type { ObjectStore } from '../../engines/types';

/** What a guard sees of a run about to start. */
export interface RunContext {
  readonly sql: string;
  readonly info: StatementInfo;
  readonly connection: string;
  readonly store: () => ObjectStore;
  /** The user already confirmed this destructive statement (e.g. the catalog's Drop Table asked). */
  readonly confirmed?: boolean;
  /** The scan estimate of a billed statement (made once per run; undefined when there is none). */
  readonly estimate: () => Promise<Estimate | undefined>;
}

/** `undefined`: go ahead. A string: the run does not start, and that is why. */
export type RunGuard = (run: RunContext) => Promise<string | undefined>;

/** A question put to the user before a run. */
export interface Question {
  readonly message: string;
  readonly detail: string;
  readonly button: string;
}

/**
 * DROP, DELETE, INSERT OVERWRITE, VACUUM, MERGE, UPDATE and dropping partitions ask first, in a
 * modal dialog naming what they touch and what happens to the data. A dialog that cannot be shown
 * counts as "no".
 */
export function confirmDestructive(onAsk: (q: Question) => void = () => undefined): RunGuard {
  return async ({ info, connection, confirmed }) => {
    const d = info.destructive;
    if (!d || confirmed) return undefined;
    const verb = d.action.charAt(0).toUpperCase() + d.action.slice(1);
    const question: Question = { message: `${verb} ${d.target}?`, detail: `${d.dataNote}\nIt runs on ${connection}.`, button: verb.replace(/ (rows )?(of|from|into)$/, '') };
    onAsk(question);
    const answer = await Promise.resolve(vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, question.button)).catch(() => undefined);
    return answer === question.button ? undefined : `Not run: ${d.action} ${d.target} was not confirmed.`;
  };
}

/** A CTAS into a non-empty location is refused before it runs. */
export const ctasLocationEmpty: RunGuard = ({ sql, info, store }) => ctasLocationProblem(sql, info, store());
