/**
 * What `activate()` returns: the extension's test API (its panel, runner and history accessors)
 * only when VS Code runs the extension's own tests; nothing to other extensions otherwise.
 * `mode` is the ExtensionContext's `extensionMode` (1 production, 2 development, 3 test).
 */
export const EXTENSION_MODE_TEST = 3;

export function exportsFor<T>(mode: number, api: () => T): T | undefined {
  return mode === EXTENSION_MODE_TEST ? api() : undefined;
}
