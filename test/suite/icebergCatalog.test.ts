import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CatalogNode } from '../../src/features/catalog/catalogTree';
import { makeIcebergTables, type IcebergFixtures } from '../helpers/iceberg';
import { motoEndpoint } from '../helpers/moto';
import { child, childrenOf, descriptionOf, labelOf } from './catalogHelpers';
import { lakehouse, until } from './extension';

suite('Iceberg tables in the Catalog view (moto: Glue and S3, tables written by pyiceberg)', () => {
  let fixtures: IcebergFixtures | undefined;

  suiteSetup(function () {
    if (!motoEndpoint) return;
    this.timeout(180_000);
    fixtures = makeIcebergTables({ glue: motoEndpoint, database: `lh_iceberg_${Date.now().toString(36)}` });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('lakehouse.selectConnection', { kind: 'local' });
    await vscode.workspace.getConfiguration('lakehouse').update('aws.endpointUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a table shows its schema after evolution, its spec, its snapshots with operations and counts; its health flags the small files', async function () {
    if (!fixtures || !motoEndpoint) this.skip();
    this.timeout(120_000);
    const f = fixtures;
    const api = await lakehouse();
    await vscode.workspace.getConfiguration('lakehouse').update('aws.endpointUrl', motoEndpoint, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('lakehouse.selectConnection', { kind: 'aws', region: 'us-east-1', workgroup: 'primary' });
    await until('the AWS connection', () => api.connection.kind === 'aws');
    const table = await child(api, await child(api, await child(api, undefined, 'AwsDataCatalog'), f.database), 'by_region');

    const kids = await childrenOf(api, table);
    const labels = kids.map((n) => labelOf(api, n));
    // The schema after evolution (note was added last), then the spec, the snapshots and the health.
    assert.deepEqual(labels, ['id', 'region', 'ts', 'amount', 'note', 'Partitioned by region', 'Snapshots', 'Health']);
    assert.deepEqual(kids.slice(0, 5).map((n) => descriptionOf(api, n)), ['bigint', 'string', 'timestamp', 'double', 'string']);

    const fixture = f.tables.find((t) => t.name === 'by_region')!;
    const snapshotsNode = kids[6] as CatalogNode;
    assert.equal(descriptionOf(api, snapshotsNode), `${fixture.snapshots.length} snapshots`);
    const snapshots = await childrenOf(api, snapshotsNode);
    // Newest first; each says its operation, the files and rows it added and removed.
    const expected = [...fixture.snapshots].reverse().map((s) => {
      const n = (k: string): number => Number(s.summary[k] ?? 0);
      const files = [n('added-data-files') ? `+${n('added-data-files')}` : '', n('deleted-data-files') ? `−${n('deleted-data-files')}` : ''].filter(Boolean).join(' ');
      const rows = [n('added-records') ? `+${n('added-records')}` : '', n('deleted-records') ? `−${n('deleted-records')}` : ''].filter(Boolean).join(' ');
      return [s.operation, files && `${files} files`, rows && `${rows} rows`].filter(Boolean).join(' · ') + (s.id === fixture.currentSnapshotId ? ' · current' : '');
    });
    assert.deepEqual(snapshots.map((n) => descriptionOf(api, n)), expected);
    assert.deepEqual(
      snapshots.map((n) => labelOf(api, n)),
      [...fixture.snapshots].reverse().map((s) => new Date(s.timestampMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')),
    );
    assert.ok(expected.some((d) => d.startsWith('delete · −')) && expected.some((d) => d.startsWith('overwrite · ')), expected.join('\n'));

    // Health: every data file is small, and OPTIMIZE is proposed with what it would scan.
    const flags = await childrenOf(api, kids[7]);
    assert.match(flags.map((n) => labelOf(api, n)).join('\n'), /of \d+ data files are small/);
    const report = (await vscode.commands.executeCommand<vscode.TextDocument>('lakehouse.iceberg.health', table)).getText();
    assert.match(report, new RegExp(`OPTIMIZE "${f.database}"\\."by_region" REWRITE DATA USING BIN_PACK;`));
    assert.match(report, /## Compact: \d+ files, about .+ scanned/);

    // Actions: a time-travel SELECT at a snapshot; a metadata table.
    const oldest = fixture.snapshots[0]!;
    const atSnapshot = (await vscode.commands.executeCommand<vscode.TextDocument>('lakehouse.iceberg.querySnapshot', snapshots.at(-1))).getText();
    assert.match(atSnapshot, new RegExp(`FROM "${f.database}"\\."by_region" FOR VERSION AS OF ${oldest.id}\\n`));
    const files = (await vscode.commands.executeCommand<vscode.TextDocument>('lakehouse.iceberg.queryMetadataTable', table, 'files')).getText();
    assert.match(files, new RegExp(`FROM "${f.database}"\\."by_region\\$files"`));
  });
});
