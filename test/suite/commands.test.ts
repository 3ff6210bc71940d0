import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, lakehouse } from './extension';

suite('commands', () => {
  test('every contributed command is registered, and every registered command is contributed', async () => {
    const api = await lakehouse();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const manifest = JSON.parse(readFileSync(join(ext.extensionPath, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[]; keybindings?: { command: string }[]; menus?: Record<string, { command?: string }[]> };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('lakehouse.')).sort();
    assert.deepEqual(registered, contributed, 'registered lakehouse.* commands = contributes.commands');
    assert.deepEqual([...api.registeredCommands].sort(), contributed, 'the command table = contributes.commands');
    // Menus and keybindings may only point at contributed commands.
    const referenced = [
      ...(manifest.contributes.keybindings ?? []).map((k) => k.command),
      ...Object.values(manifest.contributes.menus ?? {}).flatMap((items) => items.map((i) => i.command ?? '')),
    ].filter((c) => c.startsWith('lakehouse.'));
    for (const c of referenced) assert.ok(contributed.includes(c), `${c} is used in a menu or keybinding but not contributed`);
  });
});
