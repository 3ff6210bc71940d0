// Every extension-host test, each in a session of its own: a fresh VS Code server, browser,
// workspace copy and moto, with mocha's grep set to that one test's full title. A test that passes
// only after another one has run (state left on screen, a setting, a bucket) fails here.
//
//   node test/tools/alone.mjs [--vscode VERSION|minimum|current] [--grep REGEXP]
//
// Prints one line per test and `N passed, N failed`; exits non-zero on any failure.
import { join } from 'node:path';
import { runExtensionHost } from './extension-host.mjs';
import { startMoto } from './moto.mjs';
import { root, vscodeBuild } from './paths.mjs';

const suite = join(root, 'out', 'test', 'suite', 'index.js');

/** One extension-host session on the sample lakehouse with the fixtures' files, as the extension-host layer runs it. */
async function session(build, env) {
  const moto = await startMoto();
  try {
    return await runExtensionHost({
      suite,
      build,
      workspace: join(root, 'samples', 'public-sector-lakehouse'),
      overlay: join(root, 'test', 'fixtures', 'workspace'),
      sample: true,
      quiet: true,
      timeoutMs: 300_000,
      env: { ...env, LAKEHOUSE_TEST_MOTO: moto.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    });
  } finally {
    await moto.stop();
  }
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Lists the suites' tests (a dry run: mocha reports each without running it; tests the build skips
 * stay skipped) and runs each one alone. Returns { passed, failed, skipped, failures, tests }.
 */
export async function runEachAlone({ build = vscodeBuild('minimum'), grep } = {}) {
  const listing = await session(build, { LAKEHOUSE_TEST_DRY_RUN: '1', ...(grep ? { LAKEHOUSE_TEST_GREP: grep } : {}) });
  const titles = listing.tests.filter((t) => t.state === 'passed').map((t) => t.title);
  const skipped = listing.tests.filter((t) => t.state === 'pending').length;
  if (titles.length === 0) return { passed: 0, failed: 1, skipped, failures: ['the dry run listed no tests'], tests: [] };
  const tests = [];
  for (const [i, title] of titles.entries()) {
    const started = Date.now();
    // A session the harness could not run counts as that test failed; the others still run.
    const r = await session(build, { LAKEHOUSE_TEST_GREP: `^${escape(title)}$` }).catch((e) => ({
      tests: [{ title, state: 'failed', error: `the session failed: ${e instanceof Error ? e.message : String(e)}` }],
      timedOut: false,
    }));
    const own = r.tests.filter((t) => t.title === title);
    const others = r.tests.filter((t) => t.title !== title && t.state !== 'pending');
    // A test that skips itself on this build (a newer API) stays skipped.
    const state = own.length === 1 && own[0].state === 'pending' && !r.timedOut ? 'skipped' : own.length === 1 && own[0].state === 'passed' && others.length === 0 && !r.timedOut ? 'passed' : 'failed';
    const error = state !== 'failed' ? undefined : own.find((t) => t.error)?.error ?? (r.timedOut ? 'timed out' : own.length !== 1 ? `ran ${own.length} times` : others.length ? `also ran: ${others.map((t) => t.title).join('; ')}` : undefined);
    tests.push({ title, state, error, seconds: (Date.now() - started) / 1000 });
    const t = tests[tests.length - 1];
    console.log(`  ${t.state === 'passed' ? '✔' : t.state === 'skipped' ? '-' : '✘'} [${i + 1}/${titles.length}] ${title} (${t.seconds.toFixed(1)} s)${t.error ? `\n      ${t.error.split('\n').slice(0, 8).join('\n      ')}` : ''}`);
  }
  const failed = tests.filter((t) => t.state === 'failed');
  const passed = tests.filter((t) => t.state === 'passed').length;
  return { passed, failed: failed.length, skipped: skipped + tests.filter((t) => t.state === 'skipped').length, failures: failed.map((t) => `${t.title}: ${(t.error ?? '').split('\n')[0]}`), tests };
}

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && join(process.argv[1]) === new URL(import.meta.url).pathname) {
  const which = argValue('--vscode');
  const grep = argValue('--grep');
  runEachAlone({ ...(which ? { build: vscodeBuild(which) } : {}), ...(grep ? { grep } : {}) }).then(
    (r) => {
      console.log(`${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
      process.exit(r.failed > 0 ? 1 : 0);
    },
    (e) => {
      console.error(`alone: ${e.stack ?? e}`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    },
  );
}
