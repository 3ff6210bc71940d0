import { readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return testFiles(p);
      return p.endsWith('.test.js') ? [p] : [];
    });
}

/**
 * Runs every `*.test.js` under `dir` in the extension host with mocha (the shape
 * `@vscode/test-electron` expects) and, when LAKEHOUSE_TEST_RESULTS names a file, writes the
 * outcome there: the server route cannot trust the extension host's exit code.
 */
export async function runMochaSuites(dir: string): Promise<void> {
  // Newer builds open the Chat view in the secondary side bar on first start, where it covers part
  // of the editor area the UI tests click in: close it, as a person would.
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  // LAKEHOUSE_TEST_GREP runs only the tests whose full title matches (for working on one suite).
  const grep = process.env.LAKEHOUSE_TEST_GREP;
  // LAKEHOUSE_TEST_DRY_RUN lists the tests without running them (how each one is then run alone).
  const dryRun = process.env.LAKEHOUSE_TEST_DRY_RUN === '1';
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, dryRun, ...(grep ? { grep } : {}) });
  for (const f of testFiles(dir)) mocha.addFile(f);
  const tests: TestRecord[] = [];
  const out = process.env.LAKEHOUSE_TEST_RESULTS;
  // What has run so far, and what is running: the harness reports it if the session runs out of time.
  const progress = (running?: string): void => {
    if (out) writeFileSync(`${out}.partial`, JSON.stringify({ tests, ...(running ? { running } : {}) }));
  };
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((failed) => resolve(failed));
    runner.on('test', (t) => progress(t.fullTitle()));
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', ...(t.duration === undefined ? {} : { durationMs: t.duration }) }));
    runner.on('fail', (t, err: unknown) =>
      tests.push({ title: t.fullTitle(), state: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
    runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
    runner.on('test end', () => progress());
  });
  const summary = {
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: Math.max(failures, tests.filter((t) => t.state === 'failed').length),
    tests,
  };
  // Written whole, then renamed: the harness never reads half a file.
  if (out) {
    writeFileSync(`${out}.tmp`, JSON.stringify(summary, null, 2));
    renameSync(`${out}.tmp`, out);
  }
  if (summary.failed > 0) throw new Error(`${summary.failed} extension-host test(s) failed`);
}
