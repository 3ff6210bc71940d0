import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { BackendSpec } from '../../engines/backend';
import type { Logger } from '../common/logger';
import type { LakehouseSettings } from '../common/settings';

/**
 * The local lakehouse for this window: its catalog lives in the first workspace folder's
 * `.lakehouse/`, and `s3://` maps to `lakehouse.local.s3Root`. Without a folder it lives in memory.
 */
export function localBackendSpec(settings: LakehouseSettings, log: Logger): Extract<BackendSpec, { kind: 'local' }> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (!folder) {
    const tmp = join(tmpdir(), 'lakehouse-s3');
    log.info(`no workspace folder: the local catalog is kept in memory, s3:// maps to ${tmp}`);
    return { kind: 'local', s3Root: tmp };
  }
  const root = folder.uri.fsPath;
  const s3Root = isAbsolute(settings.localS3Root) ? settings.localS3Root : join(root, settings.localS3Root);
  log.info(`local lakehouse in ${join(root, '.lakehouse')}, s3:// maps to ${s3Root}`);
  return { kind: 'local', lakehouseDir: join(root, '.lakehouse'), s3Root };
}
