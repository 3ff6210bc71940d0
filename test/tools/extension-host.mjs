// Runs one extension-host test session: the VS Code server, the workbench in headless Chromium with
// the extension under development and a mocha entry point, and a file-based channel through which
// the suites ask for UI-level checks that only the browser can make (reading a webview's DOM).
//
//   node test/tools/extension-host.mjs --suite out/test/suite/index.js [--workspace DIR] [--timeout S] [--vscode VERSION|minimum|current]
//
// Prints one line per test and `N passed, N failed`; exits non-zero on any failure or timeout.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { root, vscodeBuild, workDir } from './paths.mjs';
import { sleep } from './proc.mjs';
import { findWebviewFrame, launchBrowser, startServer, workbenchUrl } from './vscode.mjs';

/** What the suites may ask of the browser. Each handler gets the page and the request. */
const uiHandlers = {
  /** Text of every element matching `selector` inside the webview whose document has `frameSelector`. */
  async webviewTexts(page, { frameSelector, selector }) {
    const frame = await findWebviewFrame(page, frameSelector);
    return frame.$$eval(selector, (nodes) => nodes.map((n) => n.textContent ?? ''));
  },
  /**
   * Waits for a modal dialog in the workbench, returns its message and detail, and answers it as a
   * person would: clicks the button labelled `button`, or presses Escape when `button` is absent.
   */
  async dialog(page, { button, timeoutMs = 15_000 }) {
    const box = page.locator('.monaco-dialog-box');
    await box.waitFor({ state: 'visible', timeout: timeoutMs });
    const message = (await box.locator('.dialog-message-text').textContent()) ?? '';
    const detail = (await box.locator('.dialog-message-detail').textContent().catch(() => '')) ?? '';
    const buttons = await box.locator('.dialog-buttons .monaco-button').allTextContents();
    if (button) await box.locator('.dialog-buttons .monaco-button', { hasText: button }).first().click();
    else await page.keyboard.press('Escape');
    await box.waitFor({ state: 'hidden', timeout: timeoutMs });
    return { message, detail, buttons };
  },
  /**
   * Scrolls an element of a webview (`to`: 'end' or 'start') as a person would with the scroll bar,
   * then waits until its rows are drawn in the document, none a loading placeholder; returns the
   * scroll position.
   */
  async webviewScroll(page, { frameSelector, selector, to, by }) {
    const frame = await findWebviewFrame(page, frameSelector);
    // `to`: 'start', 'end', or a fraction of the scroll range; `by`: pixels from where it is.
    await frame.$eval(selector, (el, where) => {
      const range = el.scrollHeight - el.clientHeight;
      el.scrollTop = where.by !== undefined ? el.scrollTop + where.by : where.to === 'end' ? el.scrollHeight : where.to === 'start' ? 0 : Math.round(range * where.to);
    }, { to, by });
    // The grid draws on the scroll event and asks for the rows it lacks: wait for them.
    await frame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // A jump is drawn on the grid's canvas first; its rows are in the document once it settles.
    await frame.waitForFunction(() => !document.querySelector('td.loading, .slick-row.loading, canvas.fast-rows:not([hidden])'), null, { timeout: 15_000 });
    return frame.$eval(selector, (el) => el.scrollTop);
  },
  /**
   * Clicks (or with `double`, double-clicks; or focuses `focus`) `click` in the webview whose document has
   * `frameSelector`, then presses `keys` in order (e.g. Control+c).
   */
  async webviewPress(page, { frameSelector, click, focus, keys = [], double = false }) {
    const frame = await findWebviewFrame(page, frameSelector);
    // `focus` instead of `click`: the element gets the keyboard focus without a click.
    if (focus) await frame.focus(focus);
    else if (double) await frame.dblclick(click);
    else await frame.click(click);
    for (const key of keys) await page.keyboard.press(key);
    return true;
  },
  /**
   * Every grid row drawn in the webview whose document has `frameSelector`: its `data-row`, its
   * cells' texts and whether each cell has `cellClass`, in document order.
   */
  async webviewGridRows(page, { frameSelector, cellClass }) {
    const frame = await findWebviewFrame(page, frameSelector);
    return frame.$$eval('.slick-row', (rows, cls) => rows.map((r) => ({
      row: r.getAttribute('data-row'),
      cells: [...r.querySelectorAll('.slick-cell')].map((c) => c.textContent),
      marked: [...r.querySelectorAll('.slick-cell')].map((c) => c.classList.contains(cls)),
    })), cellClass ?? 'selected');
  },
  /** The value of `attribute` on every element matching `selector` in the webview whose document has `frameSelector`. */
  async webviewAttributes(page, { frameSelector, selector, attribute }) {
    const frame = await findWebviewFrame(page, frameSelector);
    return frame.$$eval(selector, (nodes, name) => nodes.map((n) => n.getAttribute(name) ?? ''), attribute);
  },
  /** A screenshot of the whole workbench, for a person to look at. */
  async screenshot(page, { name }, session) {
    const file = join(session, 'screenshots', `${String(name).replace(/[^\w.-]/g, '_')}.png`);
    mkdirSync(join(session, 'screenshots'), { recursive: true });
    await page.screenshot({ path: file });
    return file;
  },
};

async function serveUiRequests(page, uiDir, session) {
  for (const name of readdirSync(uiDir)) {
    const m = /^request-(\d+)\.json$/.exec(name);
    if (!m || existsSync(join(uiDir, `response-${m[1]}.json`))) continue;
    let request;
    try {
      request = JSON.parse(readFileSync(join(uiDir, name), 'utf8'));
    } catch {
      continue; // not fully written yet (an older suite writes in place): read it on the next poll
    }
    let response;
    try {
      const handler = uiHandlers[request.action];
      if (!handler) throw new Error(`unknown UI action ${request.action}`);
      response = { ok: true, value: await handler(page, request, session) };
    } catch (e) {
      response = { ok: false, error: e instanceof Error ? e.message : String(e) };
      // What the workbench looked like when a UI action failed, for a person to look at.
      await uiHandlers.screenshot(page, { name: `failed-${request.action}-${m[1]}` }, session).catch(() => undefined);
    }
    // Write then rename, so the suite never reads half a file.
    const tmp = join(uiDir, `.response-${m[1]}.tmp`);
    writeFileSync(tmp, JSON.stringify(response));
    renameSync(tmp, join(uiDir, `response-${m[1]}.json`));
  }
}

/**
 * @returns {Promise<{ passed: number, failed: number, tests: Array<{title: string, state: string, error?: string}>, timedOut: boolean }>}
 */
/**
 * Test-only extensions installed into the session's extensions folder beside the extension under
 * development: the folder holding the fixture's package.json, and its compiled code under out/.
 */
export const TEST_EXTENSIONS = [{ source: join(root, 'test', 'fixtures', 'scripted-model'), compiled: join(root, 'out', 'test', 'fixtures', 'scripted-model') }];

function installTestExtensions(extensionsDir) {
  for (const { source, compiled } of TEST_EXTENSIONS) {
    const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
    const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
    mkdirSync(target, { recursive: true });
    cpSync(join(source, 'package.json'), join(target, 'package.json'));
    cpSync(join(compiled, 'extension.js'), join(target, 'extension.js'));
  }
}

export async function runExtensionHost({ suite, build = vscodeBuild(), workspace = join(root, 'test', 'fixtures', 'workspace'), overlay, sample = false, timeoutMs = 900_000, env = {}, quiet = false }) {
  mkdirSync(workDir, { recursive: true });
  const session = mkdtempSync(join(workDir, 'exthost-'));
  const folder = join(session, 'workspace');
  cpSync(workspace, folder, { recursive: true });
  if (overlay) cpSync(overlay, folder, { recursive: true });
  // The session lives inside this repository: keep VS Code's git from offering to open it.
  const vscodeSettings = join(folder, '.vscode', 'settings.json');
  const gitOff = '"git.openRepositoryInParentFolders": "never",\n  "git.enabled": false';
  if (!existsSync(vscodeSettings)) {
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    writeFileSync(vscodeSettings, `{\n  ${gitOff}\n}\n`);
  } else {
    writeFileSync(vscodeSettings, readFileSync(vscodeSettings, 'utf8').replace('{', `{\n  ${gitOff},`));
  }
  if (sample) {
    // The sample lakehouse's data and catalog, as `npm run sample` builds them (idempotent).
    const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'sample', folder], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`preparing the sample lakehouse failed: ${r.stderr}`);
  }
  installTestExtensions(join(session, 'extensions'));
  const resultsFile = join(session, 'results.json');
  const uiDir = join(session, 'ui');
  mkdirSync(uiDir);
  const server = await startServer({
    dir: session,
    build,
    env: { ...env, LAKEHOUSE_TEST_RESULTS: resultsFile, LAKEHOUSE_UI_DIR: uiDir, LAKEHOUSE_TEST_SESSION: session },
  });
  const consoleLines = [];
  const browser = await launchBrowser(session);
  let results;
  let timedOut = false;
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    await page.goto(workbenchUrl(server, { folder, extensionPath: root, testsPath: resolve(suite) }));
    const deadline = Date.now() + timeoutMs;
    // The results file may be seen while it is still being written: it counts once it parses.
    const read = () => {
      try {
        return existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
      } catch {
        return undefined;
      }
    };
    while (!(results = read())) {
      if (Date.now() > deadline) {
        timedOut = true;
        break;
      }
      await serveUiRequests(page, uiDir, session);
      await sleep(100);
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
  if (!results) {
    // Out of time: the tests that ran, and the one that was running when the time ran out.
    const partial = existsSync(`${resultsFile}.partial`) ? JSON.parse(readFileSync(`${resultsFile}.partial`, 'utf8')) : { tests: [] };
    const during = partial.running ? `, during "${partial.running}"` : '';
    const tests = [...partial.tests, { title: `extension-host session (${suite})`, state: 'failed', error: `no results after ${timeoutMs / 1000} s${during}` }];
    results = { passed: tests.filter((t) => t.state === 'passed').length, failed: tests.filter((t) => t.state === 'failed').length, tests };
  }
  const report = { ...results, timedOut, session };
  if (!quiet) {
    for (const t of report.tests) console.log(`  ${t.state === 'passed' ? '✔' : t.state === 'pending' ? '-' : '✘'} ${t.title}${t.error ? `\n      ${t.error.split('\n').join('\n      ')}` : ''}`);
    if (report.failed > 0 || timedOut) {
      console.log('--- VS Code server log (tail) ---');
      console.log(server.lines.slice(-60).join('\n'));
      console.log('--- workbench console (tail) ---');
      console.log(consoleLines.slice(-60).join('\n'));
    }
  }
  return report;
}

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const suite = argValue('--suite');
  if (!suite) {
    console.error('usage: extension-host.mjs --suite <compiled mocha entry> [--workspace DIR] [--timeout SECONDS] [--vscode VERSION|minimum|current]');
    process.exit(2);
  }
  const workspace = argValue('--workspace');
  const timeout = argValue('--timeout');
  const which = argValue('--vscode');
  runExtensionHost({ suite, ...(which ? { build: vscodeBuild(which) } : {}), ...(workspace ? { workspace: resolve(workspace) } : {}), ...(timeout ? { timeoutMs: Number(timeout) * 1000 } : {}) })
    .then((r) => {
      console.log(`${r.passed} passed, ${r.failed} failed`);
      process.exit(r.failed > 0 || r.timedOut ? 1 : 0);
    })
    .catch((e) => {
      console.error(`extension-host: ${e.stack ?? e}`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    });
}
