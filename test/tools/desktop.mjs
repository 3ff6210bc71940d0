// `npm run test:desktop`: the same extension-host suites in desktop VS Code 1.100.3 through
// @vscode/test-electron, for machines that can download VS Code (these build machines cannot:
// `npm test` uses the server route). UI-level checks that need the browser harness are skipped.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { root, workDir } from './paths.mjs';
import { setup } from './setup.mjs';

await setup(['deps']);
const built = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const { runTests } = await import('@vscode/test-electron');
mkdirSync(workDir, { recursive: true });
const workspace = join(mkdtempSync(join(workDir, 'desktop-')), 'workspace');
cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
  console.log('desktop extension-host suites passed');
} catch (e) {
  console.error(`desktop extension-host suites failed: ${e.message ?? e}`);
  process.exit(1);
}
