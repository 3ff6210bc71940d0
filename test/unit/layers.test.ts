import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = join(__dirname, '..', '..', '..');

/** The project's ESLint configuration, its layer rules included, without type information (the fixtures are not in the TS project). */
const eslint = new ESLint({ cwd: root, overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${m.line}: ${m.message}`);
}

test('lint refuses an import across the layers, in each layer', async () => {
  const core = await layerErrors(
    'src/core/fixture/violation.ts',
    [
      "import * as vscode from 'vscode';",
      "import { readFileSync } from 'node:fs';",
      "import { LocalEngine } from '../../engines/local/localEngine';",
      "import { parseHostMessage } from '../../shared/protocol';",
      "import type { HostMessage } from '../../shared/protocol';",
      "import { quoteIdent } from '../sql/identifiers';",
      'export const all = [vscode, readFileSync, LocalEngine, parseHostMessage, quoteIdent] as unknown as HostMessage;',
    ].join('\n'),
  );
  assert.deepEqual(core.map((e) => Number(e.split(':')[0])).sort(), [1, 1, 2, 3, 4], core.join('\n'));
  assert.ok(core.some((e) => /src\/core does no I\/O/.test(e)));
  assert.ok(core.some((e) => /src\/core may name the protocol's types, nothing else/.test(e)));

  assert.equal((await layerErrors('src/shared/violation.ts', "import { formatUsd } from '../core/cost/price';\nexport const f = formatUsd;\n")).length, 1);
  assert.equal((await layerErrors('webview/results/violation.ts', "import { formatUsd } from '../../src/core/cost/price';\nexport const f = formatUsd;\n")).length, 1);
  assert.equal((await layerErrors('webview/results/fine.ts', "import type { HostMessage } from '../../src/shared/protocol';\nexport type M = HostMessage;\n")).length, 0);
  assert.equal((await layerErrors('src/engines/violation.ts', "import * as vscode from 'vscode';\nimport { Settings } from '../features/common/settings';\nexport const v = [vscode, Settings];\n")).length, 2);
  assert.equal((await layerErrors('src/cli/violation.ts', "import { ResultsPanel } from '../features/results/resultsPanel';\nexport const r = ResultsPanel;\n")).length, 1);
  assert.equal((await layerErrors('src/features/fine.ts', "import * as vscode from 'vscode';\nimport { LocalEngine } from '../engines/local/localEngine';\nexport const ok = [vscode, LocalEngine];\n")).length, 0, 'features may use engines and VS Code');
});

test('src/core has no Node I/O import (the tree as it is)', () => {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
  const io = /from '(node:)?(fs|fs\/promises|child_process|net|http|https|os|worker_threads|readline|stream)'/;
  const offenders = files(join(root, 'src', 'core')).filter((f) => io.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});
