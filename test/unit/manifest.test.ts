import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents: string[];
}
interface Manifest {
  icon: string;
  repository: { url: string };
  bugs: { url: string };
  homepage: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    walkthroughs: { id: string; title: string; steps: Step[] }[];
  };
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const commands = new Set(manifest.contributes.commands.map((c) => c.command));
const views = new Set(Object.values(manifest.contributes.views).flat().map((v) => v.id));
/** Commands VS Code makes for each view (`<view>.focus`). */
const known = (id: string): boolean => commands.has(id) || (id.endsWith('.focus') && views.has(id.slice(0, -'.focus'.length)));

test('the marketplace fields are there, and the icon is a PNG of at least 128 px', () => {
  assert.match(manifest.repository.url, /^https:\/\/github\.com\/.+\.git$/);
  assert.match(manifest.bugs.url, /\/issues$/);
  assert.match(manifest.homepage, /^https:\/\//);
  const png = readFileSync(join(root, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, 'the icon is at least 128×128');
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  assert.match(changelog, /^## \[Unreleased\]$/m, 'CHANGELOG.md follows Keep a Changelog');
});

test('the walkthrough: each step has its media, links to commands that exist, and completes on a real action', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.ok(walkthrough, 'a walkthrough is contributed');
  assert.deepEqual(
    walkthrough.steps.map((s) => s.id),
    ['openSample', 'runStatement', 'readEstimate', 'browseCatalog', 'scaffoldDdl', 'connectAws'],
  );
  for (const step of walkthrough.steps) {
    const media = step.media.markdown ?? step.media.image;
    assert.ok(media && existsSync(join(root, media)), `${step.id}: its media ${media} exists`);
    if (step.media.image) assert.ok(step.media.altText, `${step.id}: the picture has alt text`);
    const links = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1] ?? '');
    if (step.media.markdown) links.push(...[...readFileSync(join(root, step.media.markdown), 'utf8').matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1] ?? ''));
    assert.ok(links.length > 0, `${step.id}: it offers a button`);
    for (const id of links) assert.ok(known(id), `${step.id}: links to ${id}, which is contributed`);
    assert.ok(step.completionEvents.length > 0, `${step.id}: completes on an event`);
    for (const event of step.completionEvents) {
      const [kind, arg] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
      if (kind === 'onCommand') assert.ok(commands.has(arg), `${step.id}: completes on ${arg}, which is contributed`);
      else if (kind === 'onView') assert.ok(views.has(arg), `${step.id}: completes on view ${arg}, which is contributed`);
      else assert.equal(kind, 'onContext', `${step.id}: ${event} is an event VS Code knows`);
    }
  }
  // The walkthrough opens on first start: the extension starts when the workbench has.
  assert.ok(manifest.activationEvents.includes('onStartupFinished'));
});
