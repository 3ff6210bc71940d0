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
      const frame = await findWebviewFrame(page, '.results-grid .slick-row', 60_000);
      cells = await frame.$$eval('.results-grid .slick-row[data-row="0"] .slick-cell:not(.row-number)', (tds) => tds.map((td) => td.textContent));
      const expected = ['National Elections Office', '2023', 'aws', '30500.00', '38133.99', '7633.99', '25'];
      if (JSON.stringify(cells) !== JSON.stringify(expected)) throw new Error(`first row ${JSON.stringify(cells)}, expected ${JSON.stringify(expected)}`);
    });
    await page.screenshot({ path: screenshot });
    const catalog = await catalogSteps(page, session);
    return { ok: true, steps, screenshot, catalog };
  } catch (e) {
    await page.screenshot({ path: screenshot }).catch(() => undefined);
    return { ok: false, steps, screenshot, error: `${e.message}\n${server.lines.slice(-30).join('\n')}` };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

/**
 * The Catalog view as a person uses it, in the same workbench: open the Lakehouse side bar, expand
 * the sample catalog down to a table's columns, read a column's type, and take the README's screenshot.
 */
async function catalogSteps(page, session) {
  const screenshot = join(session, 'catalog.png');
  const steps = [];
  const step = async (name, fn) => {
    await fn();
    steps.push(name);
  };
  const row = (text) => page.locator('.pane-body .monaco-list-row', { hasText: new RegExp(`^\\s*${text}`) }).first();
  try {
    await step('open the Lakehouse side bar', () => page.locator('.activitybar [aria-label^="Lakehouse"]').first().click());
    await step('the Catalog view lists the sample databases', () => row('ps_cloud_curated').waitFor({ timeout: 30_000 }));
    await step('expand ps_cloud_curated', async () => {
      await row('ps_cloud_curated').click();
      await row('fact_cost_monthly').waitFor({ timeout: 30_000 });
    });
    await step('expand fact_cost_monthly: Parquet, partitioned by year and month', async () => {
      const text = await row('fact_cost_monthly').innerText();
      if (!/Parquet · by year, month/.test(text)) throw new Error(`fact_cost_monthly row reads ${JSON.stringify(text)}`);
      await row('fact_cost_monthly').click();
      await row('cost_eur').waitFor({ timeout: 30_000 });
    });
    await step('the cost_eur column shows its type, decimal(12,2); year is a partition key', async () => {
      const cost = await row('cost_eur').innerText();
      if (!/cost_eur\s*decimal\(12,2\)/.test(cost)) throw new Error(`cost_eur row reads ${JSON.stringify(cost)}`);
      const year = await row('year').innerText();
      if (!/year\s*string · partition key/.test(year)) throw new Error(`year row reads ${JSON.stringify(year)}`);
      await row('cost_eur').click();
    });
    await page.screenshot({ path: screenshot });
    return { ok: true, steps, screenshot };
  } catch (e) {
    await page.screenshot({ path: screenshot }).catch(() => undefined);
    return { ok: false, steps, screenshot, error: e.message };
  }
}

/** Prints a UI check's steps; true when it passed. */
export function report(r) {
  for (const s of r.steps) console.log(`  ✔ ${s}`);
  if (!r.ok) console.log(`  ✘ ${r.error}`);
  console.log(`  screenshot: ${r.screenshot}`);
  return r.ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runQuickstartUiTest();
  const checks = [report(r), ...(r.catalog ? [report(r.catalog)] : [false])];
  const passed = checks.filter(Boolean).length;
  console.log(`${passed} passed, ${checks.length - passed} failed`);
  process.exitCode = passed === checks.length ? 0 : 1;
}
