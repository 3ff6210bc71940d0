// UI test of the quick start, acting as a person: the server `npm start` runs, the printed URL
// in a browser, trust the sample workspace, open a query file, Ctrl+Enter, read the results grid.
// Prints `N passed, N failed` and exits non-zero on failure; a screenshot is kept in the session.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { root, workDir } from '../tools/paths.mjs';
import { findWebviewFrame, launchBrowser, startSampleServer } from '../tools/vscode.mjs';

const isMac = process.platform === 'darwin';

export async function runQuickstartUiTest() {
  mkdirSync(workDir, { recursive: true });
  const session = mkdtempSync(join(workDir, 'quickstart-'));
  const folder = join(session, 'public-sector-lakehouse');
  cpSync(join(root, 'samples', 'public-sector-lakehouse'), folder, { recursive: true, filter: (src) => !/[\\/](s3|\.lakehouse)$/.test(src) });
  // What `npm start` does before opening the workspace: the sample's data and catalog.
  const prepared = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'sample', folder], { encoding: 'utf8' });
  if (prepared.status !== 0) return { ok: false, steps: [], screenshot: '', error: `lakehouse sample failed: ${prepared.stderr}` };
  const { server, url } = await startSampleServer({ dir: session, folder });
  const browser = await launchBrowser(session);
  const page = browser.pages()[0] ?? (await browser.newPage());
  const screenshot = join(session, 'quickstart.png');
  const steps = [];
  const step = async (name, fn) => {
    await fn();
    steps.push(name);
  };
  try {
    await page.goto(url);
    await step('workbench loads', () => page.waitForSelector('.monaco-workbench', { timeout: 60_000 }));
    await step('trust the sample workspace', async () => {
      const trust = page.getByRole('button', { name: /Yes, I trust the authors/i });
      await trust.waitFor({ timeout: 30_000 });
      await trust.click();
    });
    await step('the Lakehouse activity bar entry is there', () =>
      page.locator('.activitybar [aria-label^="Lakehouse"]').first().waitFor({ timeout: 30_000 }),
    );
    await step('open 04_finops.sql from the Explorer', async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: '04_finops.sql' }).first().click();
      await page.locator('.monaco-editor .view-lines', { hasText: 'FinOps' }).first().waitFor({ timeout: 30_000 });
      await page.locator('.monaco-editor .view-lines', { hasText: 'FinOps' }).first().click();
    });
    await step('put the cursor in the first statement (line 6) and press Ctrl+Enter', async () => {
      await page.keyboard.press('Control+G');
      await page.keyboard.type('6');
      await page.keyboard.press('Enter');
      await page.keyboard.press(isMac ? 'Meta+Enter' : 'Control+Enter');
    });
    let cells = [];
    await step('the results grid shows the largest budget overrun first, from the generated data', async () => {
      const frame = await findWebviewFrame(page, 'table.results tbody tr', 60_000);
      cells = await frame.$$eval('table.results tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
      const expected = ['National Elections Office', '2023', 'aws', '30500.00', '38133.99', '7633.99', '25'];
      if (JSON.stringify(cells) !== JSON.stringify(expected)) throw new Error(`first row ${JSON.stringify(cells)}, expected ${JSON.stringify(expected)}`);
    });
    await page.screenshot({ path: screenshot });
    return { ok: true, steps, screenshot };
  } catch (e) {
    await page.screenshot({ path: screenshot }).catch(() => undefined);
    return { ok: false, steps, screenshot, error: `${e.message}\n${server.lines.slice(-30).join('\n')}` };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runQuickstartUiTest();
  for (const s of r.steps) console.log(`  ✔ ${s}`);
  if (!r.ok) console.log(`  ✘ ${r.error}`);
  console.log(`  screenshot: ${r.screenshot}`);
  console.log(`${r.ok ? 1 : 0} passed, ${r.ok ? 0 : 1} failed`);
  process.exitCode = r.ok ? 0 : 1;
}
