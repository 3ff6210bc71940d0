import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ResultStore } from '../../engines/results/store';
import type { HostMessage } from '../../shared/protocol';
import type { Logger } from '../common/logger';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const LABELS: Record<ExportFormat, { label: string; detail: string; filter: string }> = {
  csv: { label: 'CSV', detail: 'RFC 4180, a header line; NULL as an empty field', filter: 'CSV' },
  jsonl: { label: 'JSON lines', detail: 'one object per row, keyed by column name', filter: 'JSON lines' },
  parquet: { label: 'Parquet', detail: 'typed columns (zstd), written by DuckDB', filter: 'Parquet' },
};

/** The export command's optional argument: { runId?, format?, path? } (anything else is ignored). */
export function exportArg(arg: unknown): { runId?: number; format?: ExportFormat; path?: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  return {
    ...(typeof a.runId === 'number' && Number.isSafeInteger(a.runId) ? { runId: a.runId } : {}),
    ...(EXPORT_FORMATS.includes(a.format as ExportFormat) ? { format: a.format as ExportFormat } : {}),
    ...(typeof a.path === 'string' && a.path ? { path: a.path } : {}),
  };
}

/** A file name from the statement's first table, or "result", with the date. */
function suggestedName(statement: string, format: ExportFormat): string {
  const table = /\bfrom\s+([`"\w.]+)/i.exec(statement)?.[1]?.replace(/[`"]/g, '').split('.').pop();
  const day = new Date().toISOString().slice(0, 10);
  return `${(table || 'result').replace(/[^\w-]/g, '_')}-${day}.${format}`;
}

/**
 * Writes the whole result (its current view: sorted and filtered as shown) to a file, streamed
 * from the host's store with progress and cancel; rows never pass through the webview. The file is
 * written beside its target under a temporary name and renamed into place when complete, so a
 * cancelled or failed export leaves nothing behind. A path given by the caller must not exist.
 */
export async function exportResult(
  store: ResultStore,
  result: Extract<HostMessage, { type: 'result' }>,
  log: Logger,
  arg?: { readonly format?: ExportFormat; readonly path?: string },
): Promise<string | undefined> {
  let format = arg?.format;
  if (!format) {
    const pick = await vscode.window.showQuickPick(
      EXPORT_FORMATS.map((f) => ({ label: LABELS[f].label, detail: LABELS[f].detail, format: f })),
      { title: `Export ${store.viewCount.toLocaleString('en')} rows as…` },
    );
    if (!pick) return undefined;
    format = pick.format;
  }
  let target = arg?.path;
  if (target) {
    if (existsSync(target)) {
      void vscode.window.showErrorMessage(`Not exported: ${target} already exists (an export never writes over a file).`);
      return undefined;
    }
  } else {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = suggestedName(result.statement, format);
    const uri = await vscode.window.showSaveDialog({
      title: `Export the result as ${LABELS[format].label}`,
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      filters: { [LABELS[format].filter]: [format] },
    });
    // The save dialog has asked before replacing an existing file.
    if (!uri) return undefined;
    target = uri.fsPath;
  }
  const chosen = format;
  const path = target;
  const partial = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
  const scratch = chosen === 'parquet' ? join(tmpdir(), `lakehouse-export-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`) : undefined;
  const total = store.viewCount;
  try {
    const rows = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Lakehouse: exporting ${total.toLocaleString('en')} rows to ${basename(path)}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          let reported = 0;
          const share = chosen === 'parquet' ? 80 : 100;
          const onRows = (done: number): void => {
            const pct = total ? Math.floor((done / total) * share) : share;
            if (pct > reported) progress.report({ increment: pct - reported, message: `${done.toLocaleString('en')} of ${total.toLocaleString('en')} rows` });
            reported = Math.max(reported, pct);
          };
          if (chosen !== 'parquet') return await store.export(partial, chosen, onRows, abort.signal);
          // Parquet: JSON lines with one key per column position (names may repeat), then DuckDB.
          const written = await store.export(scratch as string, 'jsonl', onRows, abort.signal, result.columns.map((_c, i) => `c${i}`));
          progress.report({ message: 'writing Parquet…' });
          const { jsonLinesToParquet } = await import('../../engines/local/parquetExport');
          const { typed } = await jsonLinesToParquet(scratch as string, parquetColumns(result.columns), partial);
          if (!typed) void vscode.window.showWarningMessage('Some values did not fit their column types, so the Parquet file keeps every column as text.');
          progress.report({ increment: 100 - reported });
          return written;
        } finally {
          sub.dispose();
        }
      },
    );
    await rename(partial, path);
    log.info(`exported ${rows} rows of run ${result.runId} as ${chosen} to ${path}`);
    void vscode.window.showInformationMessage(`Exported ${rows.toLocaleString('en')} rows to ${basename(path)}.`, 'Reveal').then((choice) => {
      if (choice) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path));
    });
    return path;
  } catch (e) {
    await rm(partial, { force: true });
    const message = e instanceof Error ? e.message : String(e);
    log.warn(`export of run ${result.runId} failed: ${message}`);
    void vscode.window.showErrorMessage(/cancel/i.test(message) ? 'Export cancelled; no file was written.' : `Export failed, no file was written: ${message}`);
    return undefined;
  } finally {
    if (scratch) await rm(scratch, { force: true });
  }
}

/** The Parquet file's columns: the JSON keys c0…cN renamed to the result's names, made unique. */
function parquetColumns(columns: readonly { readonly name: string; readonly type: string }[]): { key: string; name: string; type: string }[] {
  const seen = new Map<string, number>();
  return columns.map((c, i) => {
    const n = (seen.get(c.name.toLowerCase()) ?? 0) + 1;
    seen.set(c.name.toLowerCase(), n);
    return { key: `c${i}`, name: n === 1 ? c.name : `${c.name}_${n}`, type: c.type };
  });
}
