import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_IO = ['node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'node:child_process', 'child_process', 'node:net', 'net', 'node:http', 'http', 'node:https', 'https', 'node:os', 'os', 'node:worker_threads', 'worker_threads', 'node:readline', 'readline', 'node:stream', 'stream'];
const pkg = (message, ...group) => ({ group, message });

/**
 * The layers: `src/core` is pure (it imports only itself, and the protocol's types); `src/shared`
 * (the host ↔ webview protocol) only itself; the webview only `src/shared`; `src/engines` no
 * `vscode` and no feature; the CLI no feature. A lint test shows a violation fails.
 */
function layerRules() {
  const restrict = (files, patterns, paths = []) => ({ files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });
  const notVscode = { name: 'vscode', message: 'Only src/features and src/extension.ts use the VS Code API.' };
  return [
    restrict(['src/core/**/*.ts'], [
      pkg('src/core is pure: no VS Code, AWS SDK or DuckDB.', 'vscode', '@aws-sdk/*', '@smithy/*', '@duckdb/*', 'hyparquet'),
      pkg('src/core does no I/O: Node I/O belongs in src/engines.', ...NODE_IO),
      pkg('src/core imports only itself (engines, features and the CLI build on it).', '**/engines/**', '**/features/**', '**/cli/**', '**/extension', '**/lazy'),
      { group: ['**/shared/**'], allowTypeImports: true, message: 'src/core may name the protocol\'s types, nothing else of src/shared.' },
    ], [notVscode]),
    restrict(['src/shared/**/*.ts'], [
      pkg('src/shared (the protocol) imports only itself.', '**/core/**', '**/engines/**', '**/features/**', '**/cli/**', 'vscode', '@*/*', ...NODE_IO),
    ], [notVscode]),
    restrict(['webview/**/*.ts'], [
      pkg('The webview speaks only the protocol: it imports src/shared and its own files.', '**/src/core/**', '**/src/engines/**', '**/src/features/**', '**/src/cli/**', 'vscode', ...NODE_IO),
    ], [notVscode]),
    restrict(['src/engines/**/*.ts'], [pkg('src/engines runs without VS Code: no feature.', '**/features/**', '**/extension')], [notVscode]),
    restrict(['src/cli/**/*.ts'], [pkg('The CLI is a face of core and engines: no feature.', '**/features/**', '**/extension')], [notVscode]),
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.venv/**', '.test-work/**', '.vscode-test/**', 'samples/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test() returns a promise the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  // The layers of ARCHITECTURE.md, enforced: what each folder may import.
  ...layerRules(),
  {
    // Tooling scripts run on plain Node; the functions they send into a page (Playwright) use the page's globals.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', Buffer: 'readonly', AbortController: 'readonly', performance: 'readonly', fetch: 'readonly', window: 'readonly', document: 'readonly', requestAnimationFrame: 'readonly', MessageChannel: 'readonly', getComputedStyle: 'readonly' },
    },
  },
);
