import { ctasTarget, tableText, type StatementInfo } from '../core/sql/statementKind';
import type { ObjectStore } from './types';

/**
 * Athena refuses a CTAS into a location that holds files (HIVE_PATH_ALREADY_EXISTS), after the
 * query was queued. This says so before anything runs; undefined means the location is empty or
 * not given.
 */
export async function ctasLocationProblem(sql: string, info: StatementInfo, store: ObjectStore): Promise<string | undefined> {
  if (info.kind !== 'ctas') return undefined;
  const target = ctasTarget(sql);
  if (!target?.location) return undefined;
  const prefix = target.location.endsWith('/') ? target.location : `${target.location}/`;
  for await (const object of store.list(prefix)) {
    return `Not run: the CTAS for ${tableText(target.table)} writes to ${prefix}, which is not empty (it holds ${object.uri.slice(prefix.length) || object.uri}, and maybe more). Athena requires an empty location: choose another external_location, or empty this one first.`;
  }
  return undefined;
}
