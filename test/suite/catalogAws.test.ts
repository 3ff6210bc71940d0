import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CatalogNode } from '../../src/features/catalog/catalogTree';
import { jsonError, startAwsProxy, type AwsProxy } from '../helpers/awsProxy';
import { seedBigCatalog, tableName } from '../helpers/glueSeed';
import { motoEndpoint } from '../helpers/moto';
import { child, childrenOf, descriptionOf, labelOf } from './catalogHelpers';
import { lakehouse, until } from './extension';

const REGION = 'eu-west-3';
const BIG = { database: 'lh_big', tables: 10_000, partitionedTable: 'events', partitions: 5_000 };

suite('catalog view on AWS (moto: 10,000 tables, 5,000 partitions)', () => {
  let proxy: AwsProxy | undefined;

  suiteSetup(async function () {
    if (!motoEndpoint) return;
    this.timeout(300_000);
    // Moto lists everything in one answer; the proxy pages it as Glue does (100 tables, 1,000 partitions).
    proxy = await startAwsProxy(motoEndpoint, { holdLists: true });
    const seeded = await seedBigCatalog(proxy.endpoint, REGION, BIG);
    console.log(`seeded ${BIG.tables} tables and ${BIG.partitions} partitions in ${Math.round(seeded.ms)} ms${seeded.reused ? ' (reused)' : ''}`);
    await seedBigCatalog(proxy.endpoint, REGION, { database: 'lh_denied', tables: 3, partitionedTable: 'p', partitions: 1 });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('lakehouse.catalog.clearFilter');
    const config = vscode.workspace.getConfiguration('lakehouse');
    await vscode.commands.executeCommand('lakehouse.selectConnection', { kind: 'local' });
    await config.update('aws.endpointUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await proxy?.stop();
  });

  test('the first page shows without listing everything, Load more continues, the filter finds a table, a failing database shows an error with retry', async function () {
    if (!motoEndpoint || !proxy) this.skip();
    this.timeout(120_000);
    const p = proxy;
    const api = await lakehouse();
    const config = vscode.workspace.getConfiguration('lakehouse');
    await config.update('aws.endpointUrl', p.endpoint, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('lakehouse.selectConnection', { kind: 'aws', region: REGION, workgroup: 'primary' });
    await until('the AWS connection', () => api.connection.kind === 'aws');

    const roots = await childrenOf(api);
    assert.ok(roots.map((n) => labelOf(api, n)).includes('AwsDataCatalog'), roots.map((n) => labelOf(api, n)).join(', '));
    const catalog = await child(api, undefined, 'AwsDataCatalog');
    const db = await child(api, catalog, 'lh_big');
    assert.equal(descriptionOf(api, db), '10,000 tables');

    const before = p.count('AWSGlue.GetTables');
    const first = await childrenOf(api, db);
    assert.equal(p.count('AWSGlue.GetTables') - before, 1, 'one GetTables call for the first page');
    assert.equal(first.length, 101);
    // Moto keeps creation order (seeded 8 at a time), so names are checked as a set.
    const isSeeded = (n: CatalogNode): boolean => n.kind === 'table' && /^t_\d{5}$/.test(n.table) && Number(n.table.slice(2)) < BIG.tables;
    assert.equal(new Set(first.filter(isSeeded).map((n) => labelOf(api, n))).size, 100);
    const more = first.at(-1) as CatalogNode;
    assert.equal(more.kind, 'more');
    assert.equal(labelOf(api, more), 'Load more…');
    assert.equal(descriptionOf(api, more), '100 shown');

    await vscode.commands.executeCommand('lakehouse.catalog.loadMore', more);
    const second = await childrenOf(api, db);
    assert.equal(second.length, 201);
    assert.equal(new Set(second.filter(isSeeded).map((n) => labelOf(api, n))).size, 200);
    assert.deepEqual(second.slice(0, 100), first.slice(0, 100), 'the first page stays as it was');
    assert.equal(p.count('AWSGlue.GetTables') - before, 2);
    const nextTokens = p.calls.filter((c) => c.action === 'AWSGlue.GetTables' && c.body.DatabaseName === 'lh_big').map((c) => typeof c.body.NextToken === 'string');
    assert.deepEqual(nextTokens.slice(-2), [false, true], 'the second call continued from the first page');

    // The filter: Glue narrows the 10,000 tables on the server.
    await vscode.commands.executeCommand('lakehouse.catalog.filter', '04242');
    const found = await childrenOf(api, db);
    assert.deepEqual(found.map((n) => labelOf(api, n)), [tableName(4242)]);
    const filtered = p.calls.filter((c) => c.action === 'AWSGlue.GetTables').at(-1);
    assert.equal(filtered?.body.Expression, '*04242*');
    await vscode.commands.executeCommand('lakehouse.catalog.filter', 't_0999?');
    assert.deepEqual((await childrenOf(api, db)).map((n) => labelOf(api, n)).sort(), Array.from({ length: 10 }, (_, i) => tableName(9990 + i)));

    // 5,000 partitions: 500 at first, then 500 more (the table was created last: the filter finds it).
    await vscode.commands.executeCommand('lakehouse.catalog.filter', 'events');
    const events = await child(api, db, 'events');
    await vscode.commands.executeCommand('lakehouse.catalog.clearFilter');
    const partitionsNode = (await childrenOf(api, events)).at(-1) as CatalogNode;
    assert.equal(labelOf(api, partitionsNode), 'Partitions');
    const parts = await childrenOf(api, partitionsNode);
    assert.equal(parts.length, 501);
    // The seed sends its batches concurrently, so which days come first is moto's arrival order.
    const firstPage = parts.slice(0, 500).map((n) => labelOf(api, n));
    assert.ok(firstPage.every((l) => /^dt=20\d\d-\d\d-\d\d$/.test(l)), firstPage[0]);
    assert.equal(new Set(firstPage).size, 500);
    await vscode.commands.executeCommand('lakehouse.catalog.loadMore', parts.at(-1));
    const twoPages = (await childrenOf(api, partitionsNode)).slice(0, 1000).map((n) => labelOf(api, n));
    assert.equal(twoPages.length, 1000);
    assert.deepEqual(twoPages.slice(0, 500), firstPage, 'the first page stays as it was');
    assert.equal(new Set(twoPages).size, 1000);

    // Access denied on one database: an error node with retry; the rest keeps working.
    p.addFault({ action: 'AWSGlue.GetTables', when: (b) => b.DatabaseName === 'lh_denied', respond: jsonError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: glue:GetTables') });
    try {
      const denied = await child(api, catalog, 'lh_denied');
      const error = await childrenOf(api, denied);
      assert.equal(error.length, 1);
      assert.equal(error[0]?.kind, 'error');
      assert.match(labelOf(api, error[0]), /glue:GetTables/);
      const item = api.catalog.tree.getTreeItem(error[0]);
      assert.equal(item.command?.command, 'lakehouse.catalog.refresh');
      assert.equal((await childrenOf(api, db)).length, 201, 'lh_big still lists');
      p.clearFaults();
      const retryArgs: unknown[] = item.command.arguments ?? [];
      await vscode.commands.executeCommand(item.command.command, ...retryArgs);
      assert.deepEqual((await childrenOf(api, denied)).map((n) => labelOf(api, n)).sort(), ['p', tableName(0), tableName(1), tableName(2)]);
    } finally {
      p.clearFaults();
    }
  });
});
