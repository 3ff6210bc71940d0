import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './extension';

let next = 0;

/** True when a harness with a browser serves UI requests (the server route, not desktop VS Code). */
export const uiAvailable = (): boolean => Boolean(process.env.LAKEHOUSE_UI_DIR);

/**
 * Asks the harness to do something only the browser can (read a webview's DOM, take a
 * screenshot) and waits for its answer.
 */
export async function uiRequest<T>(action: string, params: Record<string, unknown>, timeoutMs = 30_000): Promise<T> {
  const dir = process.env.LAKEHOUSE_UI_DIR;
  if (!dir) throw new Error('no UI harness: LAKEHOUSE_UI_DIR is not set');
  const id = `${process.pid}${String(next++).padStart(4, '0')}`;
  // Written then renamed, so the harness never reads half a request (it once crashed on one).
  const tmp = join(dir, `.request-${id}.tmp`);
  writeFileSync(tmp, JSON.stringify({ action, ...params }));
  renameSync(tmp, join(dir, `request-${id}.json`));
  const responseFile = join(dir, `response-${id}.json`);
  await eventually(`the UI harness's answer to ${action}`, () => existsSync(responseFile), (v) => v, timeoutMs, 100);
  const response = JSON.parse(readFileSync(responseFile, 'utf8')) as { ok: boolean; value?: T; error?: string };
  if (!response.ok) throw new Error(`UI ${action} failed: ${response.error ?? 'unknown error'}`);
  return response.value as T;
}
