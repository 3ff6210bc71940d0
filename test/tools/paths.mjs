// Paths the test tooling shares. Plain Node, no dependencies: it runs before `npm install`.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const vscodeDir = join(root, 'node_modules', 'code-server', 'lib', 'vscode');
export const serverMain = join(vscodeDir, 'out', 'server-main.js');
export const venvDir = join(root, '.venv');
export const workDir = join(root, '.test-work');
export const chromiumPath = process.env.LAKEHOUSE_CHROMIUM ?? '/usr/bin/chromium';
