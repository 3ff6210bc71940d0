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

/**
 * The one wait of the suites: reads `get` until `ok` holds for its value and returns that value,
 * failing with `what` (and the last value read) after `timeoutMs`. A read that throws counts as not
 * yet. Every test waits through this: no fixed sleeps.
 */
export async function eventually<T>(what: string, get: () => T | PromiseLike<T>, ok: (value: T) => boolean, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await get();
      if (ok(last)) return last;
    } catch (e) {
      error = e;
    }
    if (Date.now() > deadline) {
      const seen = error instanceof Error ? error.message : JSON.stringify(last)?.slice(0, 300);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${seen})`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until `check` holds, failing with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | PromiseLike<boolean>, timeoutMs = 20_000): Promise<void> {
  await eventually(what, check, (v) => v, timeoutMs);
}

let untitledCount = 0;

/**
 * A new untitled document holding `content`, under a name no other test used. (With
 * `openTextDocument({ content })` VS Code reuses `Untitled-N` once its editor closes, and the
 * extension host may hand back the closed document's text.)
 */
export async function untitled(content: string, language = 'athena-sql'): Promise<vscode.TextDocument> {
  untitledCount += 1;
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `test-${process.pid}-${untitledCount}` });
  const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), language);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), content);
  assert.ok(await vscode.workspace.applyEdit(edit), `could not write ${uri.toString()}`);
  assert.equal(doc.getText(), content);
  return doc;
}
