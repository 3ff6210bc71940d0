import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { prepareSample } from '../../engines/local/sampleLakehouse';
import type { Logger } from '../common/logger';

/** The sample's files shipped in the extension (SQL, README and its settings). */
const SAMPLE = ['samples', 'public-sector-lakehouse'];

function copyMissing(from: string, to: string): number {
  mkdirSync(to, { recursive: true });
  let copied = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === '.vscode' || entry.name === 'contracts') copied += copyMissing(source, target);
      continue;
    }
    if (!/\.(sql|md|json|odcs\.yaml)$/.test(entry.name) || existsSync(target)) continue; // never over a file
    copyFileSync(source, target);
    copied++;
  }
  return copied;
}

/**
 * "Open the Sample Lakehouse": the bundled public-sector lakehouse (SQL files, generated data, its
 * catalog built on the local engine) in a folder of its own, then opened. Files already there are
 * kept; a second run only opens it.
 */
export async function openSampleLakehouse(extensionUri: vscode.Uri, storage: vscode.Uri, log: Logger, arg?: unknown): Promise<string | undefined> {
  const a = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : {};
  const folder = typeof a.folder === 'string' && a.folder ? a.folder : join(storage.fsPath, 'public-sector-lakehouse');
  const open = a.open !== false;
  const source = join(extensionUri.fsPath, ...SAMPLE);
  if (!existsSync(source)) {
    void vscode.window.showErrorMessage(`The sample lakehouse is missing from this installation (${source}).`);
    return undefined;
  }
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Lakehouse: preparing the sample lakehouse' }, async (progress) => {
      const copied = copyMissing(source, folder);
      log.info(`sample: ${copied} files copied to ${folder}`);
      await prepareSample({ root: folder, lakehouseDir: join(folder, '.lakehouse'), s3Root: join(folder, 's3') }, { reset: false, log: (m) => {
        log.info(m);
        progress.report({ message: m.replace(/^sample: /, '') });
      } });
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`The sample lakehouse could not be prepared: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  if (open) await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(folder), { forceNewWindow: false });
  return folder;
}
