import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LakehouseApi } from '../../src/extension';

export const EXTENSION_ID = 'lakehouse-tools.lakehouse-tools';

/** Activates the extension under test and returns its API. */
export async function lakehouse(): Promise<LakehouseApi> {
  const ext = vscode.extensions.getExtension<LakehouseApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.isActive ? ext.exports : ext.activate();
}

export function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Waits until `check` holds (polling), failing with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
