import * as assert from 'node:assert/strict';
import type { CatalogNode } from '../../src/features/catalog/catalogTree';
import type { lakehouse } from './extension';

/** Walking the Catalog view the way VS Code does: getChildren and getTreeItem. */

type Api = Awaited<ReturnType<typeof lakehouse>>;

export async function childrenOf(api: Api, node?: CatalogNode): Promise<CatalogNode[]> {
  return (await api.catalog.tree.getChildren(node)) ?? [];
}

export function labelOf(api: Api, node: CatalogNode): string {
  const item = api.catalog.tree.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

export function descriptionOf(api: Api, node: CatalogNode): string {
  const item = api.catalog.tree.getTreeItem(node);
  return typeof item.description === 'string' ? item.description : '';
}

/** The child labelled `name`, failing with what was there instead. */
export async function child(api: Api, parent: CatalogNode | undefined, name: string): Promise<CatalogNode> {
  const kids = await childrenOf(api, parent);
  const found = kids.find((k) => labelOf(api, k) === name);
  assert.ok(found, `${name} under ${parent?.id ?? 'the root'}; there: ${kids.map((k) => labelOf(api, k)).join(', ')}`);
  return found;
}

