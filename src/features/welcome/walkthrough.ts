import * as vscode from 'vscode';
import { isAbsolute } from 'node:path';
import { BUCKET, SAMPLE_MARKER } from '../../core/sample/publicSector';
import type { Logger } from '../common/logger';

/** The walkthrough of `contributes.walkthroughs` (its id, as VS Code names it with the extension's). */
export const WALKTHROUGH_ID = 'gettingStarted';
/** Set once the walkthrough was shown on a first start, so it is shown once per user. */
const SHOWN_KEY = 'lakehouse.walkthroughShown';

/** Context keys that complete walkthrough steps (`onContext:` events). */
export const WalkthroughContext = {
  sampleOpen: 'lakehouse.sampleOpen',
  resultShown: 'lakehouse.resultShown',
} as const;

/**
 * The first-run path: on a user's first start the walkthrough opens (never in the extension's own
 * test runs, whose every session is a first start), and the steps that are already true of this
 * workspace are marked done. Nothing here runs on the activation path: it waits for the workbench.
 */
export function startWalkthrough(context: vscode.ExtensionContext, log: Logger, s3Root: () => string, onSettingsChange: vscode.Event<unknown>, showOnFirstStart = context.extensionMode !== vscode.ExtensionMode.Test): void {
  // The sample's S3 root is a restricted setting: in Restricted Mode VS Code gives its default,
  // so look again once the workspace is trusted, and whenever the settings change.
  let sample = false;
  const check = async (): Promise<void> => {
    const yes = await isSampleWorkspace(s3Root());
    if (yes && !sample) log.info('this workspace is the sample lakehouse');
    sample = yes;
    await vscode.commands.executeCommand('setContext', WalkthroughContext.sampleOpen, yes);
  };
  void check();
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void check()), onSettingsChange(() => void check()));
  if (showOnFirstStart && !context.globalState.get<boolean>(SHOWN_KEY)) {
    void context.globalState.update(SHOWN_KEY, true);
    context.subscriptions.push(
      keepShown(() => {
        log.info('showing the walkthrough (first start)');
        replaceStartupWalkthrough(context)
          // A context key set before VS Code registered the walkthrough's steps may not complete
          // its step: once the walkthrough is shown, set it again (a change VS Code sees).
          .then(async () => {
            if (!sample) return;
            await vscode.commands.executeCommand('setContext', WalkthroughContext.sampleOpen, false);
            await vscode.commands.executeCommand('setContext', WalkthroughContext.sampleOpen, true);
          })
          .then(undefined, (e: unknown) => log.warn(`the walkthrough could not be shown: ${e instanceof Error ? e.message : String(e)}`));
      }),
    );
  }
}

/** Whether a workspace folder holds the sample lakehouse's data (its marker in the sample bucket, under the local S3 root). */
async function isSampleWorkspace(s3Root: string): Promise<boolean> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = isAbsolute(s3Root) ? vscode.Uri.file(s3Root) : vscode.Uri.joinPath(folder.uri, s3Root);
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(root, BUCKET, SAMPLE_MARKER));
      return true;
    } catch {
      /* not this folder */
    }
  }
  return false;
}

/** A result was shown with its bytes scanned and estimate: the walkthrough's third step is done. */
export function markResultShown(): void {
  void vscode.commands.executeCommand('setContext', WalkthroughContext.resultShown, true);
}

/** Opens the walkthrough in the Welcome editor ("Lakehouse: Get Started" does the same). */
export function openWalkthrough(context: vscode.ExtensionContext): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
}

/**
 * VS Code 1.100 ignores a request to open a walkthrough while its Welcome editor shows one of its
 * own (on a first start, "Setup VS Code"): close that editor first. It is the active tab whose
 * input the API does not describe, labelled Welcome or Walkthrough.
 */
async function replaceStartupWalkthrough(context: vscode.ExtensionContext): Promise<void> {
  const welcome = vscode.window.tabGroups.all
    .flatMap((g) => (g.activeTab ? [g.activeTab] : []))
    .filter((t) => t.input === undefined && /^(Welcome|Walkthrough\b)/.test(t.label));
  if (welcome.length) await vscode.window.tabGroups.close(welcome, true);
  await openWalkthrough(context);
}

/**
 * Shows the walkthrough once the editors have settled, and again if, in the first seconds of a
 * first start, VS Code's own startup editor replaces it (its Welcome page opens a walkthrough of
 * its own, after the workspace is trusted). Welcome editors are the tabs whose input the API does
 * not describe; changes within a second of a show are the show itself.
 */
function keepShown(show: () => void, { firstWaitMs = 1500, quietMs = 1000, watchMs = 20_000, maxShows = 3 } = {}): vscode.Disposable {
  let shows = 0;
  let shownAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const showNow = (): void => {
    timer = undefined;
    if (shows >= maxShows) return;
    shows++;
    shownAt = Date.now();
    show();
  };
  const schedule = (ms: number): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(showNow, ms);
  };
  const listener = vscode.window.tabGroups.onDidChangeTabs((e) => {
    if (Date.now() - shownAt < 1000) return;
    if (shows === 0 || [...e.opened, ...e.changed].some((t) => t.input === undefined)) schedule(quietMs);
  });
  schedule(firstWaitMs);
  const stop = setTimeout(() => {
    listener.dispose();
  }, watchMs);
  return new vscode.Disposable(() => {
    clearTimeout(stop);
    if (timer) clearTimeout(timer);
    listener.dispose();
  });
}
