// The results grid in headless Chromium: the webview bundle (dist/webview/results.js) and its
// stylesheet, under the product's CSP, with a stubbed host in the page that answers the webview's
// messages the way the extension does (a `result` with the first 200 rows, then `rows` windows).
// The stub makes rows from their index, so its own heap stays small.
//
// Figures for a 1,000,000 × 12 result, and the same for a plain (not virtualised) table of
// 10,000 rows as the comparison:
//   - firstRowsMs: from the result message being posted to the first frame painted with its rows
//     (target ≤ 300 ms);
//   - sweep: frame times while the grid is scrolled from the top to the bottom in `--frames`
//     frames (each frame lands 1,667 rows below the last, as a scrollbar drag does: most frames
//     show placeholders until their window arrives);
//   - page: frame times while scrolling one screen per frame over the first rows (every frame
//     draws a whole screen of new rows, with their values: the windows are asked for ahead);
//   - wheel: frame times while scrolling 3 rows per frame, as a mouse wheel does;
//   - for each: `withValuesPct`, the share of frames painted with no placeholder row drawn, and
//     `perFrame`, a frame's main-thread time split into script, style and layout (the rest of
//     `taskMs` is paint and commit);
//   - heapMB: the page's JS heap after a garbage collection, once loaded and after scrolling, and
//     the peak seen while scrolling (target ≤ 100 MB);
//   - lastRowShown: the last row's cells were read from the page at the end of the sweep.
// The frame rate limit is off, so a frame's time is what it took to make it (not the display's
// 16.7 ms); target p95 ≤ 16.7 ms. Chromium runs without a GPU here, so frames are rastered in
// software.
// The page is the production build. `--bundle DIR` measures another build of it (a results.js and
// results.css), as the hand-written table this grid replaced was measured. Prints JSON.
//   npm run bench:grid [-- --rows N --frames N --runs N --plain-runs N --plain-frames N --grid-only --bundle DIR]
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, root } from '../test/tools/paths.mjs';
import { median, numberArg } from './stats.mjs';

const arg = numberArg;
const ROWS = arg('--rows', 1_000_000);
const PLAIN_ROWS = arg('--plain-rows', 10_000);
const FRAMES = arg('--frames', 600);
// The plain table takes a second or more per frame: fewer frames are enough to see it.
const PLAIN_FRAMES = arg('--plain-frames', 60);
const RUNS = arg('--runs', 3);
const PLAIN_RUNS = arg('--plain-runs', 1);
// --trace PREFIX writes Chromium traces of the grid's sweep and wheel (PREFIX.sweep.json, PREFIX.wheel.json).
const TRACE = process.argv.includes('--trace') ? process.argv[process.argv.indexOf('--trace') + 1] : undefined;
const log = (m) => process.stderr.write(`${m}\n`);

// The page as it ships: the production (minified) build of the webview, made into a folder of the
// bench's own (dist/ is left alone).
const shipped = join(mkdtempSync(join(tmpdir(), 'lakehouse-bench-grid-')), 'webview');
if (!process.argv.includes('--bundle')) {
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [join(root, 'webview/results/main.ts')], outfile: join(shipped, 'results.js'), bundle: true, minify: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning' });
  await esbuild.build({ entryPoints: [join(root, 'webview/results/results.css')], outfile: join(shipped, 'results.css'), bundle: true, minify: true, loader: { '.css': 'css' }, logLevel: 'warning' });
}
// --bundle DIR measures another build of the page (its results.js and results.css), to compare.
const bundleDir = process.argv.includes('--bundle') ? process.argv[process.argv.indexOf('--bundle') + 1] : shipped;
const script = readFileSync(join(bundleDir, 'results.js'), 'utf8');
const style = readFileSync(join(bundleDir, 'results.css'), 'utf8');
const ORIGIN = 'http://grid.bench';

/** Twelve columns of the kinds results have: integers, decimals, text, dates, booleans, JSON, NULLs. */
const COLUMNS = [
  ['id', 'bigint'], ['agency_id', 'integer'], ['service', 'varchar'], ['region', 'varchar'],
  ['usage_date', 'date'], ['cost_eur', 'decimal(18,2)'], ['idle_cost_eur', 'double'], ['tags', 'json'],
  ['is_idle', 'boolean'], ['provider', 'varchar'], ['note', 'varchar'], ['updated_at', 'timestamp'],
].map(([name, type]) => ({ name, type }));

/** In the page: the host stub (acquireVsCodeApi), which records what the webview asked for. */
function hostStub(rowCount, columns) {
  const pad = (n, w) => String(n).padStart(w, '0');
  const row = (i) => [
    i + 1, i % 97, `service-${i % 41}`, ['eu-west-1', 'eu-central-1', 'us-east-1'][i % 3],
    `2024-${pad((i % 12) + 1, 2)}-${pad((i % 28) + 1, 2)}`, ((i * 37) % 100000) / 100, i % 7 === 0 ? null : (i % 1000) / 10,
    `{"team":"t${i % 13}","env":"${i % 2 ? 'prod' : 'dev'}"}`, i % 5 === 0, `provider-${i % 9}`, i % 11 === 0 ? '' : `note for row ${pad(i + 1, 7)}`,
    `2024-01-01 00:00:${pad(i % 60, 2)}.000`,
  ];
  const rows = (offset, count) => Array.from({ length: Math.max(0, Math.min(count, rowCount - offset)) }, (_, k) => row(offset + k));
  const bench = (window.__bench = { windows: 0, renderedAt: 0, posted: 0, lastRow: row(rowCount - 1) });
  const post = (message) => window.postMessage(message, '*');
  window.acquireVsCodeApi = () => ({
    postMessage(message) {
      if (message.type === 'ready') {
        // As in VS Code: the panel shows the run while the query runs; the result (with its first
        // window) arrives later, into a loaded page.
        post({ type: 'running', runId: 1, statement: 'SELECT * FROM bench' });
        setTimeout(() => {
          bench.posted = performance.now();
          post({ type: 'result', runId: 1, statement: 'SELECT * FROM bench', engine: 'bench', columns, rows: rows(0, 200), rowCount, truncated: false, elapsedMs: 1234, bytesScanned: 123456789, costUsd: 0.0006 });
        }, 500);
      } else if (message.type === 'rendered') {
        // The frame after the one the rows were drawn in has been painted.
        requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => { bench.renderedAt = performance.now(); }; c.port2.postMessage(0); });
      } else if (message.type === 'window') {
        bench.windows++;
        setTimeout(() => post({ type: 'rows', runId: message.runId, statement: 'SELECT * FROM bench', seq: message.seq, offset: message.offset, rows: rows(message.offset, message.count) }), 0);
      }
    },
    getState: () => undefined,
    setState: () => undefined,
  });
}

/** In the page: the comparison, every row of a plain table built at once (no virtualisation). */
function plainTable(rowCount, columns) {
  const bench = (window.__bench = { windows: 0, renderedAt: 0, posted: 0 });
  const pad = (n, w) => String(n).padStart(w, '0');
  window.addEventListener('DOMContentLoaded', () => {
    bench.posted = performance.now();
    const app = document.getElementById('app');
    const scroller = document.createElement('div');
    scroller.className = 'grid';
    const table = document.createElement('table');
    table.className = 'results';
    const head = table.createTHead().insertRow();
    for (const c of columns) head.appendChild(document.createElement('th')).textContent = c.name;
    const body = table.createTBody();
    for (let i = 0; i < rowCount; i++) {
      const tr = body.insertRow();
      tr.className = 'row';
      for (const value of [i + 1, i % 97, `service-${i % 41}`, 'eu-west-1', `2024-01-${pad((i % 28) + 1, 2)}`, i / 100, i % 7 ? i / 10 : null, '{"team":"t1"}', i % 5 === 0, 'provider-1', `note for row ${pad(i + 1, 7)}`, '2024-01-01 00:00:00.000'])
        tr.insertCell().textContent = value === null ? 'NULL' : String(value);
    }
    scroller.appendChild(table);
    app.replaceChildren(scroller);
    bench.lastRow = [rowCount];
    requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => { bench.renderedAt = performance.now(); }; c.port2.postMessage(0); });
  });
}

/** The plain table's look: the cells of the grid, in a scrolling box the panel's height. */
const PLAIN_STYLE = `.grid { flex: 1 1 auto; min-height: 0; overflow: auto; }
table.results { border-collapse: collapse; font-family: var(--vscode-editor-font-family, monospace); font-size: 13px; }
table.results th, table.results td { border: 1px solid #444; padding: 1px 6px; white-space: nowrap; height: 22px; box-sizing: border-box; max-width: 40em; overflow: hidden; text-overflow: ellipsis; }
table.results th { position: sticky; top: 0; background: #252526; }`;

function page(kind, nonce) {
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${ORIGIN} 'nonce-${nonce}'; font-src ${ORIGIN}; img-src ${ORIGIN} data:`;
  const stub = kind === 'grid' ? `(${hostStub})(${ROWS}, ${JSON.stringify(COLUMNS)})` : `(${plainTable})(${PLAIN_ROWS}, ${JSON.stringify(COLUMNS)})`;
  return `<!DOCTYPE html><html><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${ORIGIN}/results.css">${kind === 'grid' ? '' : `<style nonce="${nonce}">${PLAIN_STYLE}</style>`}</head>
<body><main id="app"></main><script nonce="${nonce}">${stub}</script>${kind === 'grid' ? `<script nonce="${nonce}" src="${ORIGIN}/results.js"></script>` : ''}</body></html>`;
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const r1 = (x) => Math.round(x * 10) / 10;
const frameStats = (deltas) => ({ frames: deltas.length, p50: r1(percentile(deltas, 50)), p95: r1(percentile(deltas, 95)), p99: r1(percentile(deltas, 99)), max: r1(Math.max(...deltas)) });

/** In the page: scrolls the tallest scrollable element by `step(k)` each frame; returns frame times. */
async function scrollFrames({ frames, mode, rowPx }) {
  const scroller = [...document.querySelectorAll('*')].filter((e) => e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible').sort((a, b) => b.scrollHeight - a.scrollHeight)[0];
  if (!scroller) throw new Error('no scrollable element');
  const max = scroller.scrollHeight - scroller.clientHeight;
  // Read once: reading it in a frame callback would force that frame's layout early.
  const screen = scroller.clientHeight;
  const deltas = [];
  let peak = 0;
  const after = new MessageChannel();
  let withValues = 0;
  after.port1.onmessage = (e) => {
    // The frame just painted: did it draw every row with its values?
    // Rows a fast scroll draws on the grid's canvas say so on it (class `loading`); otherwise the
    // document's rows do.
    const fast = document.querySelector('canvas.fast-rows:not([hidden])');
    if (fast ? !fast.classList.contains('loading') : !document.querySelector('.slick-row.loading')) withValues++;
    scroller.scrollTop = e.data;
  };
  await new Promise((resolve) => {
    let k = 0;
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      if (k > 0) deltas.push(now - last);
      last = now;
      if (k % 10 === 0 && performance.memory) peak = Math.max(peak, performance.memory.usedJSHeapSize);
      if (k >= frames) return resolve();
      k++;
      // Scrolled just after this frame is painted (as input arrives between frames), not inside
      // the frame callback, where setting scrollTop would force a layout of its own.
      const step = { sweep: () => Math.round((max * k) / frames), page: () => Math.min(max, k * screen), wheel: () => Math.min(max, k * 3 * rowPx) };
      after.port2.postMessage(step[mode]());
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return { deltas, peak, max, withValues: withValues / frames };
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function heapMB(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return r1(usedSize / 2 ** 20);
}

async function measure(context, kind) {
  const frames = kind === 'grid' ? FRAMES : PLAIN_FRAMES;
  const nonce = Math.random().toString(36).slice(2);
  const p = await context.newPage();
  await p.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/results.js') return route.fulfill({ body: script, contentType: 'text/javascript' });
    if (path === '/results.css') return route.fulfill({ body: style, contentType: 'text/css' });
    return route.fulfill({ body: page(kind, nonce), contentType: 'text/html' });
  });
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await p.goto(`${ORIGIN}/index.html`);
  await p.waitForFunction(() => window.__bench?.renderedAt > 0, null, { timeout: 60_000 }).catch((e) => {
    throw new Error(`${kind}: no rows drawn${errors.length ? `; page errors: ${errors.join('; ')}` : ''} (${e.message})`);
  });
  const firstRowsMs = await p.evaluate(() => window.__bench.renderedAt - window.__bench.posted);
  const cdp = await p.context().newCDPSession(p);
  const loaded = await heapMB(cdp);
  await cdp.send('Performance.enable');
  /** One scroll mode: its frame times, the share of frames with values, and where a frame's time went. */
  const scroll = async (mode, n) => {
    const before = await metrics(cdp);
    if (TRACE && kind === 'grid') await browser.startTracing(p, { path: `${TRACE}.${mode}.json`, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.stack', 'blink', 'cc', 'viz'] });
    const r = await p.evaluate(scrollFrames, { frames: n, mode, rowPx: 22 });
    if (TRACE && kind === 'grid') await browser.stopTracing();
    const after = await metrics(cdp);
    // Chromium's own counters, per frame.
    const per = (k) => r1(((after[k] - before[k]) * 1000) / n);
    return { deltas: r.deltas, peak: r.peak, withValues: r.withValues, perFrame: { scriptMs: per('ScriptDuration'), styleMs: per('RecalcStyleDuration'), layoutMs: per('LayoutDuration'), taskMs: per('TaskDuration') } };
  };
  const toTop = () => p.evaluate(() => { for (const e of document.querySelectorAll('*')) if (e.scrollTop) e.scrollTop = 0; });
  const sweep = await scroll('sweep', frames);
  // The last row: its cells are read from the page once the scroll has settled.
  const lastRowShown = await p
    .waitForFunction((last) => document.body.innerText.includes(String(last[0])) && (last.length === 1 || document.body.innerText.includes(last[10])), await p.evaluate(() => window.__bench.lastRow), { timeout: 10_000 })
    .then(() => true, () => false);
  await toTop();
  const paged = await scroll('page', Math.min(frames, 300));
  await toTop();
  const wheel = await scroll('wheel', Math.min(frames, 300));
  const scrolled = await heapMB(cdp);
  const windows = await p.evaluate(() => window.__bench.windows);
  await p.close();
  if (errors.length) throw new Error(`${kind}: page errors: ${errors.join('; ')}`);
  return { firstRowsMs: r1(firstRowsMs), modes: { sweep, page: paged, wheel }, heap: { loaded, scrolled, peak: r1(Math.max(sweep.peak, paged.peak, wheel.peak) / 2 ** 20) }, lastRowShown, windows };
}

const MODES = ['sweep', 'page', 'wheel'];

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-frame-rate-limit', '--disable-gpu-vsync', '--enable-precise-memory-info', '--no-first-run', '--disable-background-networking'],
});
const results = {};
try {
  for (const kind of process.argv.includes('--grid-only') ? ['grid'] : ['grid', 'plain']) {
    const runs = [];
    for (let k = 0; k < (kind === 'grid' ? RUNS : PLAIN_RUNS); k++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      runs.push(await measure(context, kind));
      await context.close();
      log(`${kind} run ${k + 1}: first rows ${runs[k].firstRowsMs} ms, ${MODES.map((m) => `${m} p95 ${frameStats(runs[k].modes[m].deltas).p95} ms ${JSON.stringify(runs[k].modes[m].perFrame)}`).join(', ')}, heap ${runs[k].heap.scrolled} MB`);
    }
    results[kind] = {
      rows: kind === 'grid' ? ROWS : PLAIN_ROWS,
      sweepFrames: kind === 'grid' ? FRAMES : PLAIN_FRAMES,
      columns: COLUMNS.length,
      firstRowsMs: median(runs.map((r) => r.firstRowsMs)),
      firstRowsAllMs: runs.map((r) => r.firstRowsMs),
      ...Object.fromEntries(
        MODES.map((m) => [
          m,
          {
            frameMs: frameStats(runs.flatMap((r) => r.modes[m].deltas)),
            withValuesPct: r1(median(runs.map((r) => r.modes[m].withValues)) * 100),
            perFrame: runs[Math.floor(runs.length / 2)].modes[m].perFrame,
          },
        ]),
      ),
      heapMB: { loaded: median(runs.map((r) => r.heap.loaded)), afterScroll: median(runs.map((r) => r.heap.scrolled)), peak: Math.max(...runs.map((r) => r.heap.peak)) },
      lastRowShown: runs.every((r) => r.lastRowShown),
      windowsAsked: median(runs.map((r) => r.windows)),
    };
  }
} finally {
  await browser.close();
}
const g = results.grid;
const targets = { firstRowsMs: 300, frameP95Ms: 16.7, heapMB: 100 };
const met = {
  firstRows: g.firstRowsMs <= targets.firstRowsMs,
  sweepP95: g.sweep.frameMs.p95 <= targets.frameP95Ms,
  pageP95: g.page.frameMs.p95 <= targets.frameP95Ms,
  wheelP95: g.wheel.frameMs.p95 <= targets.frameP95Ms,
  heap: Math.max(g.heapMB.afterScroll, g.heapMB.peak) <= targets.heapMB,
  lastRow: g.lastRowShown,
};
console.log(JSON.stringify({ bench: 'grid', runs: RUNS, plainRuns: PLAIN_RUNS, frames: FRAMES, ...results, targets, met }, null, 2));
