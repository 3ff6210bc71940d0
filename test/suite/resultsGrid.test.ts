import * as assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LakehouseApi } from '../../src/extension';
import type { RenderedEvent } from '../../src/features/results/resultsPanel';
import type { HostMessage } from '../../src/shared/protocol';
import type { RunSummary } from '../../src/features/run/runner';
import { eventually, lakehouse, until, untitled } from './extension';
import { uiAvailable, uiRequest } from './ui';

const MILLION = "SELECT x, x * 2 AS y, 'row ' || CAST(x AS varchar) AS label FROM UNNEST(flatten(transform(sequence(0, 999), i -> transform(sequence(1, 1000), j -> i * 1000 + j)))) AS t(x)";

/** Runs the million-row query from an editor; returns its summary once the grid has drawn it. */
async function runMillion(api: LakehouseApi): Promise<{ summary: RunSummary; event: RenderedEvent }> {
  const doc = await untitled(`${MILLION};\n`);
  await vscode.window.showTextDocument(doc);
  const rendered = new Promise<RenderedEvent>((resolve) => {
    const sub = api.results.onDidRender((e) => {
      if (e.rowCount !== 1_000_000) return;
      sub.dispose();
      resolve(e);
    });
  });
  const summary = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
  assert.equal(summary.state, 'SUCCEEDED', summary.message);
  return { summary, event: await rendered };
}

suite('results grid (rows in the host, windows in the webview)', () => {
  test('a 1,000,000-row local result opens with its first window; every row stays in the host and the last is reachable', async () => {
    const api = await lakehouse();
    const { summary, event } = await runMillion(api);
    assert.equal(summary.rowCount, 1_000_000);
    const message = api.results.lastMessage;
    assert.equal(message?.type, 'result');
    if (message?.type !== 'result') return;
    assert.equal(message.rowCount, 1_000_000);
    assert.equal(message.truncated, false);
    assert.equal(message.rows.length, 200, 'only the first window crosses to the webview with the result');
    // bigint values cross as text (exact beyond 2^53).
    assert.deepEqual(message.rows[0], ['1', '2', 'row 1']);
    assert.equal(event.columnCount, 3);
    assert.deepEqual(await api.results.window(999_998, 5), [
      ['999999', '1999998', 'row 999999'],
      ['1000000', '2000000', 'row 1000000'],
    ]);
    assert.deepEqual(await api.results.window(500_000, 1), [['500001', '1000002', 'row 500001']]);
    assert.equal(api.history.entries()[0]?.rows, 1_000_000);
  });

  test('the first rows of a big result are on screen before the rest has arrived; then the whole result, which sorts', async () => {
    const api = await lakehouse();
    const seen: { event: RenderedEvent; partialShown: boolean; sortWhilePartial: unknown }[] = [];
    const sub = api.results.onDidRenderFirstRows((e) => {
      const shown = api.results.lastMessage;
      const partialShown = shown?.type === 'result' && shown.partial === true;
      // Sorting a result still arriving is not offered: the host answers nothing.
      seen.push({ event: e, partialShown, sortWhilePartial: partialShown ? api.results.fromWebview({ type: 'sort', runId: e.runId, column: 0, descending: true }) : 'not asked' });
    });
    let summary: RunSummary;
    try {
      ({ summary } = await runMillion(api));
    } finally {
      sub.dispose();
    }
    assert.equal(seen.length, 1, JSON.stringify(seen.map((s) => s.event)));
    const first = seen[0]!;
    assert.equal(first.event.runId, summary.runId);
    assert.equal(first.event.partial, true, 'the first rows were drawn as a partial result');
    assert.ok(first.event.rowCount >= 200 && first.event.rowCount < 1_000_000, `first drawn with ${first.event.rowCount} rows`);
    assert.equal(first.partialShown, true);
    assert.equal(await first.sortWhilePartial, undefined);
    const whole = api.results.lastMessage;
    assert.ok(whole?.type === 'result' && !whole.partial && whole.rowCount === 1_000_000, JSON.stringify({ ...whole, rows: undefined }));
    // Whole, it sorts.
    const view = await api.results.fromWebview({ type: 'sort', runId: summary.runId, column: 0, descending: true });
    assert.ok(view && typeof view === 'object' && view.type === 'view' && view.viewCount === 1_000_000);
    assert.deepEqual(view.rows[0], ['1000000', '2000000', 'row 1000000']);
  });

  test('UI: scrolling to the end of the million rows shows the last row’s cells in the webview', async function () {
    if (!uiAvailable()) this.skip();
    await runMillion(await lakehouse());
    const top = await uiRequest<number>('webviewScroll', { frameSelector: GRID, selector: `${GRID} .slick-viewport`, to: 'end' });
    assert.ok(top > 1_000_000, `scrolled to ${top}px`);
    const last = await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: rowCells(999_999) });
    assert.deepEqual(last, ['1000000', '2000000', 'row 1000000']);
    const number = await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: `${GRID} .slick-row[data-row="999999"] .row-number` });
    assert.deepEqual(number, ['1000000'], 'the row number column');
    // Earlier suites' notifications would cover the last rows in the picture.
    await vscode.commands.executeCommand('notifications.clearAll');
    await uiRequest('screenshot', { name: 'results-grid-last-row' });
    await uiRequest<number>('webviewScroll', { frameSelector: GRID, selector: `${GRID} .slick-viewport`, to: 'start' });
    const first = await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: rowCells(0) });
    assert.deepEqual(first, ['1', '2', 'row 1']);
    const types = await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: `${GRID} .slick-header-column .col-type` });
    assert.deepEqual(types, ['bigint', 'bigint', 'varchar'], 'headers show the Athena types');
    const numeric = await uiRequest<string[]>('webviewAttributes', { frameSelector: GRID, selector: rowCells(0), attribute: 'class' });
    assert.deepEqual(numeric.map((c) => c.split(' ').includes('num')), [true, true, false], 'numbers are right-aligned');
  });

  test('UI: jumping and stepping through the million rows, every drawn row shows its own values and selection (row elements are recycled)', async function () {
    if (!uiAvailable()) this.skip();
    await runMillion(await lakehouse());
    const viewport = `${GRID} .slick-viewport`;
    // Row 2 (data-row 1) selected by its row number: only its cells may carry the selection.
    await uiRequest('webviewPress', { frameSelector: GRID, click: `${GRID} .slick-row[data-row="1"] .row-number` });
    const moves: { to?: number | 'start' | 'end'; by?: number }[] = [{ to: 0.5 }, { to: 0.123 }, { by: 66 }, { by: 66 }, { by: -440 }, { to: 'end' }, { to: 0.77 }, { by: 22 * 500 }, { to: 'start' }];
    let drawn = 0;
    for (const move of moves) {
      await uiRequest<number>('webviewScroll', { frameSelector: GRID, selector: viewport, ...move });
      const rows = await uiRequest<{ row: string; cells: string[]; marked: boolean[] }[]>('webviewGridRows', { frameSelector: GRID });
      const where = JSON.stringify(move);
      assert.ok(rows.length > 10, `${where}: ${rows.length} rows drawn`);
      assert.equal(new Set(rows.map((r) => r.row)).size, rows.length, `${where}: each row drawn once`);
      for (const r of rows) {
        const n = Number(r.row) + 1;
        assert.deepEqual(r.cells, [String(n), String(n), String(2 * n), `row ${n}`], `${where}: row ${r.row}`);
        assert.deepEqual(r.marked, [false, n === 2, n === 2, n === 2], `${where}: selection of row ${r.row}`);
      }
      drawn += rows.length;
    }
    const atStart = await uiRequest<{ row: string; marked: boolean[] }[]>('webviewGridRows', { frameSelector: GRID });
    assert.deepEqual(atStart.find((r) => r.row === '1')?.marked, [false, true, true, true], 'back at the start, the selected row is drawn selected');
    assert.ok(drawn > 100);
  });
});

/** What a sort or filter sent back (fromWebview also answers copies, with text). */
async function viewOf(reply: Promise<HostMessage | string | undefined>): Promise<HostMessage | undefined> {
  const r = await reply;
  return typeof r === 'string' ? undefined : r;
}

/** The webview's grid: rows are `.slick-row[data-row=N]`, and the first cell of each is its number. */
const GRID = '.results-grid';
const rowCells = (n: number): string => `${GRID} .slick-row[data-row="${n}"] .slick-cell:not(.row-number)`;

/** Waits until an asynchronous check holds (10 s at most). */
const poll = (what: string, check: () => Promise<boolean>): Promise<void> => until(what, check, 10_000);

/** 100,000 rows with a unique shuffled key `k`, and a text column with NULLs. */
const SHUFFLED =
  "SELECT x, (x * 7919) % 100003 AS k, CASE WHEN x % 10 = 0 THEN NULL ELSE 'v' || CAST(x % 97 AS varchar) END AS s FROM UNNEST(flatten(transform(sequence(0, 99), i -> transform(sequence(1, 1000), j -> i * 1000 + j)))) AS t(x)";

/** Runs `sql` from a new editor and waits until the results webview has drawn its result. */
async function runText(api: Awaited<ReturnType<typeof lakehouse>>, sql: string): Promise<number> {
  const doc = await untitled(`${sql};\n`);
  await vscode.window.showTextDocument(doc);
  const drawn = new Set<number>();
  let onDrawn = (): void => undefined;
  const sub = api.results.onDidRender((e) => {
    drawn.add(e.runId);
    onDrawn();
  });
  try {
    const summary = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
    assert.equal(summary.state, 'SUCCEEDED', summary.message);
    const m = api.results.lastMessage;
    assert.equal(m?.type, 'result');
    const runId = m?.type === 'result' ? m.runId : -1;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`run ${runId} was not drawn in the results webview within 30 s`)), 30_000);
      onDrawn = () => {
        if (!drawn.has(runId)) return;
        clearTimeout(timer);
        resolve();
      };
      onDrawn();
    });
    return runId;
  } finally {
    sub.dispose();
  }
}

/**
 * Covers the results tab with another editor in its group (its webview is discarded), then closes
 * that editor: the tab's webview starts afresh, the host sends the result again, and it is drawn.
 */
async function hideAndShowResults(api: Awaited<ReturnType<typeof lakehouse>>, runId: number): Promise<void> {
  const other = await untitled('covering the results tab', 'plaintext');
  const resultsGroup = vscode.window.tabGroups.all.find((g) => g.activeTab?.input instanceof vscode.TabInputWebview && g.activeTab.input.viewType.endsWith('lakehouse.results'));
  assert.ok(resultsGroup, 'the results tab is in front in its group');
  await vscode.window.showTextDocument(other, { viewColumn: resultsGroup.viewColumn, preview: false });
  await until('the results tab to be hidden', () => !api.results.visible, 15_000);
  const redrawn = new Promise<boolean>((resolve) => {
    const sub = api.results.onDidRender((e) => {
      if (e.runId !== runId) return;
      sub.dispose();
      resolve(true);
    });
    setTimeout(() => resolve(false), 15_000);
  });
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  assert.equal(await redrawn, true, 'the webview was rebuilt and the host restored its result');
}

suite('results grid: sort and filter over the whole result, in the host', () => {
  test('sorting by a column matches the engine’s ORDER BY over all 100,000 rows; the filter narrows; a third click restores arrival order', async () => {
    const api = await lakehouse();
    // The engine's own order, read back through the host.
    await runText(api, `${SHUFFLED} ORDER BY k DESC`);
    const engineHead = await api.results.window(0, 1000);
    const engineTail = await api.results.window(99_000, 1000);
    await runText(api, `SELECT count(*) AS n FROM (${SHUFFLED}) WHERE s LIKE '%v42%'`);
    const filtered = Number((await api.results.window(0, 1))[0]?.[0]);
    assert.ok(filtered > 900, `${filtered} rows hold v42`);

    const runId = await runText(api, SHUFFLED);
    const sorted = await viewOf(api.results.fromWebview({ type: 'sort', runId, column: 1, descending: true }));
    assert.equal(sorted?.type, 'view');
    if (sorted?.type !== 'view') return;
    assert.equal(sorted.viewCount, 100_000);
    assert.equal(sorted.sortColumn, 1);
    assert.deepEqual(sorted.rows.slice(0, 3), engineHead.slice(0, 3));
    assert.deepEqual(await api.results.window(0, 1000), engineHead, 'the first 1,000 rows as ORDER BY k DESC');
    assert.deepEqual(await api.results.window(99_000, 1000), engineTail, 'and the last 1,000');

    // Text sort: NULLs last both ways.
    const byText = await viewOf(api.results.fromWebview({ type: 'sort', runId, column: 2, descending: false }));
    assert.equal(byText?.type === 'view' && byText.rows[0]?.[2], 'v0');
    const lastRows = await api.results.window(99_990, 10);
    assert.ok(lastRows.every((r) => r[2] === null), 'NULLs last');

    const narrowed = await viewOf(api.results.fromWebview({ type: 'filter', runId, text: 'V42' }));
    assert.equal(narrowed?.type === 'view' && narrowed.viewCount, filtered, 'case-insensitive, every column');
    assert.ok((await api.results.window(0, 1000)).every((r) => String(r[2]).includes('v42')));

    await api.results.fromWebview({ type: 'filter', runId, text: '' });
    const restored = await viewOf(api.results.fromWebview({ type: 'sort', runId, column: null, descending: false }));
    assert.equal(restored?.type === 'view' && restored.viewCount, 100_000);
    assert.deepEqual((await api.results.window(0, 2)).map((r) => r[0]), ['1', '2'], 'arrival order again');
  });

  test('a result beyond lakehouse.results.memoryRows is sorted on disk, as the engine’s ORDER BY; a sort that fails keeps the view shown', async () => {
    const api = await lakehouse();
    const config = vscode.workspace.getConfiguration('lakehouse');
    await config.update('results.memoryRows', 1000, vscode.ConfigurationTarget.Workspace);
    try {
      // 30,000 rows with a unique key (7919 and the prime 30011): two of three chunks go to disk.
      const sql = "SELECT x, (x * 7919) % 30011 AS k, 'v' || CAST(x % 97 AS varchar) AS s FROM UNNEST(flatten(transform(sequence(0, 29), i -> transform(sequence(1, 1000), j -> i * 1000 + j)))) AS t(x)";
      await runText(api, `${sql} ORDER BY k DESC`);
      const engineHead = await api.results.window(0, 1000);
      const engineTail = await api.results.window(29_000, 1000);
      const runId = await runText(api, sql);
      const [spill] = readdirSync(tmpdir()).filter((n) => n.startsWith(`lakehouse-results-${process.pid}-${runId}-`));
      assert.ok(spill, 'the result has a spill folder');
      const spillDir = join(tmpdir(), spill);
      const chunks = readdirSync(spillDir).filter((n) => n.startsWith('chunk-'));
      assert.equal(chunks.length, 2, 'rows beyond the budget are on disk');

      const sorted = await viewOf(api.results.fromWebview({ type: 'sort', runId, column: 1, descending: true }));
      assert.equal(sorted?.type === 'view' && sorted.viewCount, 30_000);
      assert.deepEqual(await api.results.window(0, 1000), engineHead, 'the first 1,000 rows as ORDER BY k DESC');
      assert.deepEqual(await api.results.window(29_000, 1000), engineTail, 'and the last 1,000');
      assert.ok(readdirSync(spillDir).some((n) => n.startsWith('view-')), 'the sorted rows were written to disk');

      // The disk under the result goes (its folder is now a file): the next sort cannot write its
      // runs and fails; the webview is sent the view still shown, sorted by k as before.
      rmSync(spillDir, { recursive: true });
      writeFileSync(spillDir, 'not a folder');
      const failed = await viewOf(api.results.fromWebview({ type: 'sort', runId, column: 2, descending: false }));
      assert.equal(failed?.type, 'view', 'the webview is told');
      if (failed?.type !== 'view') return;
      assert.deepEqual([failed.sortColumn, failed.descending, failed.viewCount], [1, true, 30_000], 'sorted by k, descending, as before');
      assert.deepEqual(failed.rows.slice(0, 3), engineHead.slice(0, 3));
    } finally {
      await config.update('results.memoryRows', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('UI: a header sorts from the keyboard (focus it, press Enter), and says how it sorts (aria-sort)', async function () {
    if (!uiAvailable()) this.skip();
    const api = await lakehouse();
    await runText(api, SHUFFLED);
    const head = `${GRID} .slick-header-column >> nth=2`; // after the row numbers and x: k
    const sorted = (descending: boolean): Promise<HostMessage> =>
      new Promise((resolve) => {
        const sub = api.results.onDidChangeView((view) => {
          if (view.type !== 'view' || view.sortColumn !== 1 || view.descending !== descending) return;
          sub.dispose();
          resolve(view);
        });
      });
    const ascending = sorted(false);
    await uiRequest('webviewPress', { frameSelector: GRID, focus: head, keys: ['Enter'] });
    const view = await ascending;
    assert.equal(view.type === 'view' && view.viewCount, 100_000);
    const k = (await api.results.window(0, 1000)).map((r) => Number(r[1]));
    assert.ok(k.every((v, i) => i === 0 || v > k[i - 1]!), 'k ascending');
    const ariaSort = async (): Promise<string | undefined> => (await uiRequest<string[]>('webviewAttributes', { frameSelector: GRID, selector: head, attribute: 'aria-sort' }))[0];
    await poll('the header says ascending', async () => (await ariaSort()) === 'ascending');
    // "Sorting…" was said while the host sorted, and is gone once the sorted view is shown.
    await poll('the grid is no longer busy', async () => (await uiRequest<string[]>('webviewAttributes', { frameSelector: GRID, selector: GRID, attribute: 'aria-busy' }))[0] === 'false');
    assert.deepEqual(await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: '.status .busy' }), [''], 'the busy note is cleared');
    const descending = sorted(true);
    await uiRequest('webviewPress', { frameSelector: GRID, focus: head, keys: [' '] });
    await descending;
    await poll('the header says descending', async () => (await ariaSort()) === 'descending');
  });

  test('UI: the filter box says which filter the rows have, also when the tab comes back', async function () {
    if (!uiAvailable()) this.skip();
    const api = await lakehouse();
    const runId = await runText(api, SHUFFLED);
    const filtered = await viewOf(api.results.fromWebview({ type: 'filter', runId, text: 'v42' }));
    assert.ok(filtered?.type === 'view' && filtered.viewCount < 100_000);
    const box = async (): Promise<string | undefined> => (await uiRequest<string[]>('webviewAttributes', { frameSelector: GRID, selector: 'vscode-textfield.filter', attribute: 'value' }))[0];
    await poll('the filter box says v42', async () => (await box()) === 'v42');
    await hideAndShowResults(api, runId);
    await poll('the filter box says v42 again', async () => (await box().catch(() => undefined)) === 'v42');
    const count = await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: '.status .count' });
    assert.deepEqual(count, [`${filtered?.type === 'view' ? filtered.viewCount.toLocaleString('en') : ''} of 100,000 rows`]);
    // The cost figures come formatted from the host: a local run scans no file here, and bills nothing.
    const [status] = await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: '.status' });
    assert.match(status ?? '', / · 0 B scanned \(\$0\.0000\d+\)/);
    await viewOf(api.results.fromWebview({ type: 'filter', runId, text: '' }));
    await poll('the filter box is empty', async () => (await box()) === '');
  });

  test('UI: a results tab hidden and shown again comes back sorted and scrolled where it was', async function () {
    if (!uiAvailable()) this.skip();
    const api = await lakehouse();
    const runId = await runText(api, SHUFFLED);
    await viewOf(api.results.fromWebview({ type: 'sort', runId, column: 1, descending: true }));
    const top = await uiRequest<number>('webviewScroll', { frameSelector: GRID, selector: `${GRID} .slick-viewport`, to: 'end' });
    assert.ok(top > 100_000);
    const lastBefore = await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: rowCells(99_999) });
    assert.equal(lastBefore.length, 3);
    await hideAndShowResults(api, runId);
    const lastAfter = await eventually(
      'row 99,999 drawn again',
      () => uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: rowCells(99_999) }),
      (cells) => cells.length > 0,
      10_000,
      100,
    ).catch(() => []);
    if (lastAfter.length === 0) {
      // Say what the grid shows instead.
      const drawn = await uiRequest<{ row: string }[]>('webviewGridRows', { frameSelector: GRID }).catch(() => []);
      const rows = drawn.map((r) => Number(r.row));
      assert.fail(`row 99,999 is not drawn after the tab came back: ${drawn.length} rows drawn, ${Math.min(...rows)}–${Math.max(...rows)}`);
    }
    assert.deepEqual(lastAfter, lastBefore, 'the last row of the sorted result is on screen again');
    const sorted = await uiRequest<string[]>('webviewAttributes', { frameSelector: GRID, selector: `${GRID} .slick-header-column-sorted`, attribute: 'id' });
    assert.equal(sorted.length, 1, 'the sort is shown in the header');
  });

  test('malformed and unknown webview messages are ignored without errors and change nothing', async () => {
    const api = await lakehouse();
    const runId = await runText(api, "SELECT '<img src=x onerror=alert(1)>' AS html, 1 AS n");
    const before = api.results.lastMessage;
    for (const bad of [
      null,
      'sort',
      { type: 'sort', runId, column: -1, descending: false },
      { type: 'sort', runId, column: 0 },
      { type: 'filter', runId, text: 'x'.repeat(1001) },
      { type: 'filter', runId, text: 'a', command: 'workbench.action.terminal.new' },
      { type: 'window', runId, seq: 1, offset: 0, count: 5000 },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'sort', runId: runId + 99, column: 0, descending: false },
    ]) {
      assert.equal(await api.results.fromWebview(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(api.results.lastMessage, before, 'the result on screen is unchanged');
    assert.deepEqual(await api.results.window(0, 1), [['<img src=x onerror=alert(1)>', 1]]);
  });

  test('UI: a value that looks like HTML is shown as literal text, under a strict CSP', async function () {
    if (!uiAvailable()) this.skip();
    await runText(await lakehouse(), "SELECT '<img src=x onerror=alert(1)>' AS html, 1 AS n");
    const cells = await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: rowCells(0) });
    assert.deepEqual(cells, ['<img src=x onerror=alert(1)>', '1']);
    const images = await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: `${GRID} img` });
    assert.deepEqual(images, [], 'no element was made from the value');
    const csp = await uiRequest<string[]>('webviewAttributes', { frameSelector: GRID, selector: 'meta[http-equiv="Content-Security-Policy"]', attribute: 'content' });
    assert.equal(csp.length, 1);
    // Styles: the extension's own files, and the grid's one <style> element by the page's nonce.
    assert.match(csp[0] ?? '', /^default-src 'none'; script-src 'nonce-([A-Za-z0-9+/=]{24})'; style-src [^;]+ 'nonce-\1'; font-src [^;]+; img-src [^;]+ data:$/);
    assert.doesNotMatch(csp[0] ?? '', /unsafe-inline|unsafe-eval/);
  });
});

/** Five rows: bigint, text with a NULL, a tab and a quote, and a double. */
const SMALL =
  "SELECT x AS id, CASE WHEN x = 2 THEN NULL WHEN x = 3 THEN 'tab' || chr(9) || 'and \"quote\"' ELSE 'n' || CAST(x AS varchar) END AS name, CAST(x AS double) * 1.5 AS score FROM UNNEST(sequence(1, 5)) AS t(x)";

suite('results grid: copy, export, tabs', () => {
  test('copy puts the selected cells of the whole view on the clipboard as TSV, CSV, JSON or Markdown', async () => {
    const api = await lakehouse();
    const runId = await runText(api, SMALL);
    const copy = (format: string, ranges: unknown[], headers = true): Promise<unknown> => api.results.fromWebview({ type: 'copy', runId, format, headers, ranges });
    const rows0to2 = [{ fromRow: 0, toRow: 2, fromColumn: 0, toColumn: 2 }];

    assert.equal(await copy('tsv', rows0to2), 'id\tname\tscore\n1\tn1\t1.5\n2\t\t3\n3\t"tab\tand ""quote"""\t4.5\n');
    assert.equal(await vscode.env.clipboard.readText(), 'id\tname\tscore\n1\tn1\t1.5\n2\t\t3\n3\t"tab\tand ""quote"""\t4.5\n', 'the clipboard holds the TSV');
    assert.equal(await copy('tsv', rows0to2, false), '1\tn1\t1.5\n2\t\t3\n3\t"tab\tand ""quote"""\t4.5\n', 'without the header line');
    assert.equal(await copy('csv', [{ fromRow: 2, toRow: 3, fromColumn: 1, toColumn: 2 }]), 'name,score\ntab\tand "quote",4.5\nn4,6\n'.replace('tab\tand "quote"', '"tab\tand ""quote"""'));
    assert.deepEqual(JSON.parse(String(await copy('json', [{ fromRow: 0, toRow: 1, fromColumn: 0, toColumn: 1 }]))), [
      { id: '1', name: 'n1' },
      { id: '2', name: null },
    ]);
    assert.equal(await copy('markdown', [{ fromRow: 1, toRow: 1, fromColumn: 0, toColumn: 2 }]), '| id | name | score |\n| --- | --- | --- |\n| 2 | *NULL* | 3 |\n');
    assert.equal(await copy('tsv', [{ fromRow: 4, toRow: 4, fromColumn: 1, toColumn: 1 }]), 'n5', 'one cell: its bare value');

    // The view, not the arrival order: after a descending sort, row 0 is the largest id.
    await api.results.fromWebview({ type: 'sort', runId, column: 0, descending: true });
    assert.equal(await copy('tsv', [{ fromRow: 0, toRow: 0, fromColumn: 0, toColumn: 0 }]), '5');
    // Ranges past the end are clipped; a malformed range is refused.
    assert.equal(await copy('tsv', [{ fromRow: 4, toRow: 99, fromColumn: 0, toColumn: 0 }], false), '1');
    assert.equal(await copy('tsv', [{ fromRow: 3, toRow: 1, fromColumn: 0, toColumn: 0 }]), undefined);
    assert.equal(await copy('html', rows0to2), undefined);
  });

  test('UI: selecting cells in the grid and pressing Ctrl+C copies them as TSV; the toolbar copies them as CSV without headers', async function () {
    if (!uiAvailable()) this.skip();
    const api = await lakehouse();
    await runText(api, SMALL);
    await vscode.env.clipboard.writeText('');
    // Ctrl+A selects every row; Ctrl+C copies them, through the host.
    await uiRequest('webviewPress', { frameSelector: GRID, click: `${rowCells(0)} >> nth=1`, keys: ['Control+a', 'Control+c'] });
    let text = await eventually('text on the clipboard', () => vscode.env.clipboard.readText(), (t) => t !== '', 5_000, 100);
    assert.equal(text, 'id\tname\tscore\n1\tn1\t1.5\n2\t\t3\n3\t"tab\tand ""quote"""\t4.5\n4\tn4\t6\n5\tn5\t7.5\n');
    await uiRequest('screenshot', { name: 'results-grid-selection' });
    // The toolbar: CSV chosen in the format select (open it, next option, Enter), the Headers box
    // cleared, then the Copy button, for the same selection.
    await vscode.env.clipboard.writeText('');
    await uiRequest('webviewPress', { frameSelector: GRID, click: 'vscode-single-select.copy-format', keys: ['ArrowDown', 'Enter'] });
    await uiRequest('webviewPress', { frameSelector: GRID, click: 'vscode-checkbox.copy-headers' });
    await uiRequest('webviewPress', { frameSelector: GRID, click: 'vscode-button.copy' });
    text = await eventually('text on the clipboard', () => vscode.env.clipboard.readText(), (t) => t !== '', 5_000, 100);
    assert.equal(text, '1,n1,1.5\n2,,3\n3,"tab\tand ""quote""",4.5\n4,n4,6\n5,n5,7.5\n', 'the toolbar copies as CSV, without the header line');
    // A double-click opens the detail pane with the whole value; a NULL says NULL.
    await uiRequest('webviewPress', { frameSelector: GRID, click: `${rowCells(2)} >> nth=1`, double: true });
    assert.deepEqual(await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: '.detail-value' }), ['tab\tand "quote"']);
    await uiRequest('webviewPress', { frameSelector: GRID, click: `${rowCells(1)} >> nth=1`, double: true });
    assert.deepEqual(await uiRequest<string[]>('webviewTexts', { frameSelector: GRID, selector: '.detail-value.null' }), ['NULL']);
    const nullCell = await uiRequest<string[]>('webviewAttributes', { frameSelector: GRID, selector: `${rowCells(1)} >> nth=1`, attribute: 'class' });
    assert.ok(nullCell[0]?.split(' ').includes('null'), 'a NULL cell is drawn apart');
    await uiRequest('screenshot', { name: 'results-grid-detail' });
  });

  test('export writes the whole result to CSV, JSON lines and Parquet; each file has every row, and the same checksum', async function () {
    this.timeout(240_000);
    const api = await lakehouse();
    const sql =
      "SELECT x AS id, x * 0.25 AS ratio, CAST(x % 1000 AS decimal(10,2)) / 4 AS amount, x % 3 = 0 AS flag, date_add('day', CAST(x % 365 AS integer), DATE '2024-01-01') AS day, " +
      "CASE WHEN x % 7 = 0 THEN NULL WHEN x % 11 = 0 THEN 'comma, \"quote\" and' || chr(10) || 'newline' ELSE 'label é ' || CAST(x AS varchar) END AS label FROM UNNEST(flatten(transform(sequence(0, 199), i -> transform(sequence(1, 1000), j -> i * 1000 + j)))) AS t(x)";
    const runId = await runText(api, sql);
    const message = api.results.lastMessage;
    assert.equal(message?.type === 'result' && message.rowCount, 200_000);
    const columns = message?.type === 'result' ? message.columns : [];
    const numeric = columns.map((c) => /^(bigint|integer|double|decimal|real)/.test(c.type));
    // The checksum of a row: numbers as numbers, everything else as text, NULL as null.
    const canonical = (row: readonly unknown[]): string => JSON.stringify(row.map((v, i) => (v === null || v === undefined ? null : numeric[i] ? Number(v) : String(v as string | number | boolean))));
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256');
    for (let offset = 0; offset < 200_000; offset += 1000) for (const row of await api.results.window(offset, 1000)) expected.update(`${canonical(row)}\n`);
    const want = expected.digest('hex');

    const { mkdtempSync, existsSync, readdirSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const join = (...parts: string[]): string => path.join(...parts);
    const dir = mkdtempSync(join(os.tmpdir(), 'lakehouse-export-'));
    const duckdb = await import('@duckdb/node-api');
    const instance = await duckdb.DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      for (const format of ['csv', 'jsonl', 'parquet'] as const) {
        const path = join(dir, `result.${format}`);
        const written = await vscode.commands.executeCommand<string | undefined>('lakehouse.results.export', { runId, format, path });
        assert.equal(written, path, format);
        // Read back by DuckDB, every column as text, in file order.
        const names = columns.map((c) => `"${c.name}"`).join(', ');
        const source =
          format === 'csv'
            ? `read_csv('${path}', header = true, all_varchar = true, quote = '"', escape = '"')`
            : format === 'jsonl'
              ? `read_json('${path}', format = 'newline_delimited', columns = {${columns.map((c) => `'${c.name}': 'VARCHAR'`).join(', ')}})`
              : `read_parquet('${path}')`;
        const reader = await db.runAndReadAll(`SELECT ${columns.map((c) => `CAST("${c.name}" AS VARCHAR)`).join(', ')} FROM (SELECT ${names} FROM ${source})`);
        const rows = reader.getRows();
        assert.equal(rows.length, 200_000, `${format}: every row`);
        const got = createHash('sha256');
        for (const row of rows) got.update(`${canonical(row)}\n`);
        assert.equal(got.digest('hex'), want, `${format}: the same rows, values and order`);
        if (format === 'parquet') {
          const types = new Map((await db.runAndReadAll(`SELECT name, type FROM parquet_schema('${path}')`)).getRows().map((t) => [String(t[0]), String(t[1])]));
          assert.equal(types.get('id'), 'INT64', 'typed Parquet columns');
          assert.equal(types.get('flag'), 'BOOLEAN');
          assert.equal(types.get('day'), 'INT32');
          assert.equal(types.get('label'), 'BYTE_ARRAY');
          assert.notEqual(types.get('ratio'), 'BYTE_ARRAY');
        }
      }
      // An export never writes over a file, and leaves no partial file behind.
      const again = await vscode.commands.executeCommand<string | undefined>('lakehouse.results.export', { runId, format: 'csv', path: join(dir, 'result.csv') });
      assert.equal(again, undefined);
      assert.deepEqual(readdirSync(dir).sort(), ['result.csv', 'result.jsonl', 'result.parquet']);
      assert.ok(existsSync(join(dir, 'result.csv')));
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  test('a pinned tab keeps its result; the next result opens a new tab, and later ones replace that tab', async () => {
    const api = await lakehouse();
    const first = await runText(api, 'SELECT 1 AS pinned_one');
    const tabs = api.results.tabCount;
    await api.results.fromWebview({ type: 'pin', runId: first, pinned: true });
    const second = await runText(api, 'SELECT 2 AS live_two');
    assert.equal(api.results.tabCount, tabs + 1, 'a new tab for the next result');
    await runText(api, 'SELECT 3 AS live_three');
    assert.equal(api.results.tabCount, tabs + 1, 'the unpinned tab was replaced');
    assert.notEqual(second, first);
    const last = api.results.lastMessage;
    assert.equal(last?.type === 'result' && last.columns[0]?.name, 'live_three');
    assert.ok(last?.type === 'result' && last.queryId, 'the result names its execution');
  });
});

suite('results grid: where the results tab shows', () => {
  test('a statement run from an editor in the results tab’s own group keeps the SQL in view: the results move beside it', async () => {
    const api = await lakehouse();
    await runText(api, 'SELECT 1 AS placed');
    const resultsGroup = (): vscode.TabGroup | undefined =>
      vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('lakehouse.results') && t.label.includes('placed')));
    const before = resultsGroup();
    assert.ok(before, 'the results tab');
    // The next statement is written in the results tab's group, over the results.
    const doc = await untitled('SELECT 2 AS placed_again;\n');
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: before.viewColumn, preview: false });
    assert.equal(editor.viewColumn, before.viewColumn);
    const rendered = new Promise<void>((resolve) => {
      const sub = api.results.onDidRender(() => {
        sub.dispose();
        resolve();
      });
    });
    const summary = await vscode.commands.executeCommand<RunSummary>('lakehouse.runStatement');
    assert.equal(summary.state, 'SUCCEEDED', summary.message);
    await rendered;
    const after = resultsGroup();
    assert.ok(after, 'the results tab');
    assert.notEqual(after.viewColumn, editor.viewColumn, 'the results left the editor’s group');
    assert.ok(after.activeTab?.input instanceof vscode.TabInputWebview, 'and are in front in their own');
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document === doc), 'the SQL is still in view');
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'and keeps the focus');
  });
});
