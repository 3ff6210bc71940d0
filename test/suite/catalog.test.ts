import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Table } from '../../src/core/catalog/model';
import { splitStatements } from '../../src/core/sql/splitter';
import { runAndCollect } from '../../src/engines/collect';
import { LOCAL_CATALOG } from '../../src/engines/local/localCatalog';
import { LocalEngine } from '../../src/engines/local/localEngine';
import type { CatalogNode, TableNode } from '../../src/features/catalog/catalogTree';
import type { RenderedEvent } from '../../src/features/results/resultsPanel';
import type { RunSummary } from '../../src/features/run/runner';
import { child, childrenOf, descriptionOf, labelOf } from './catalogHelpers';
import { lakehouse, until, workspaceFile, untitled } from './extension';

type Api = Awaited<ReturnType<typeof lakehouse>>;

async function tableNode(api: Api, database: string, table: string): Promise<TableNode> {
  const catalog = await child(api, undefined, LOCAL_CATALOG);
  const node = await child(api, await child(api, catalog, database), table);
  assert.equal(node.kind, 'table');
  return node;
}

function rendered(api: Api): Promise<RenderedEvent> {
  return new Promise((resolve) => {
    const sub = api.results.onDidRender((e) => {
      sub.dispose();
      resolve(e);
    });
  });
}

/** What must survive a round trip through Show DDL. */
const shape = (t: Table | undefined) =>
  t && {
    tableType: t.tableType,
    columns: t.storage.columns.map((c) => [c.name, c.type]),
    partitionKeys: t.partitionKeys.map((c) => [c.name, c.type]),
    location: t.storage.location,
    serde: t.storage.serde.serializationLibrary,
    serdeParameters: t.storage.serde.parameters,
    inputFormat: t.storage.inputFormat,
    skipHeader: t.parameters['skip.header.line.count'],
  };

suite('catalog view (sample lakehouse, local engine)', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('lakehouse.catalog.clearFilter');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the tree shows the sample databases and tables; a table expands to its columns with their types', async () => {
    const api = await lakehouse();
    await vscode.commands.executeCommand('lakehouseCatalog.focus');
    const roots = await childrenOf(api);
    assert.deepEqual(roots.map((n) => [labelOf(api, n), descriptionOf(api, n)]), [[LOCAL_CATALOG, 'local lakehouse (DuckDB)']]);
    const databases = (await childrenOf(api, roots[0])).map((n) => labelOf(api, n));
    for (const db of ['ps_cloud_raw', 'ps_cloud_staging', 'ps_cloud_curated']) assert.ok(databases.includes(db), `${db} in ${databases.join(', ')}`);
    const raw = await childrenOf(api, await child(api, roots[0], 'ps_cloud_raw'));
    assert.deepEqual(
      raw.map((n) => labelOf(api, n)).sort(),
      ['agencies', 'availability_daily', 'budgets', 'cost_monthly', 'incidents', 'migrations', 'providers', 'services', 'sla_targets', 'usage_monthly'],
    );
    // Columns with their types; partition keys last, marked, and a Partitions node.
    const daily = await tableNode(api, 'ps_cloud_raw', 'availability_daily');
    assert.equal(descriptionOf(api, daily), 'CSV (LazySimpleSerDe) · by year, month');
    const columns = await childrenOf(api, daily);
    assert.deepEqual(
      columns.map((n) => [labelOf(api, n), descriptionOf(api, n)]),
      [
        ['day', 'date'],
        ['service_id', 'string'],
        ['uptime_minutes', 'int'],
        ['downtime_minutes', 'int'],
        ['requests', 'bigint'],
        ['errors', 'bigint'],
        ['p95_latency_ms', 'int'],
        ['year', 'string · partition key'],
        ['month', 'string · partition key'],
        ['Partitions', 'year, month'],
      ],
    );
    const partitions = await childrenOf(api, columns.at(-1));
    assert.ok(partitions.length >= 12, `${partitions.length} partitions`);
    assert.match(labelOf(api, partitions[0] as CatalogNode), /^year=\d{4} \/ month=\d{2}$/);
    // Kinds: a view, a CTAS-written Parquet table; tooltips carry location and SerDe.
    const view = await tableNode(api, 'ps_cloud_staging', 'services');
    assert.equal(descriptionOf(api, view), 'view');
    assert.equal((api.catalog.tree.getTreeItem(view)).contextValue, 'table.view');
    const fact = await tableNode(api, 'ps_cloud_curated', 'fact_cost_monthly');
    assert.match(descriptionOf(api, fact), /^Parquet · by /);
    const tip = (api.catalog.tree.getTreeItem(fact)).tooltip as vscode.MarkdownString;
    assert.match(tip.value, /Location: `s3:\/\/ps-cloud-lakehouse\/curated\/fact_cost_monthly\/`/);
    assert.match(tip.value, /SerDe: `org\.apache\.hadoop\.hive\.ql\.io\.parquet\.serde\.ParquetHiveSerDe`/);
    // VS Code's own tree reaches the node through getParent (reveal expands the way there).
    await api.catalog.tree.view.reveal(fact, { select: true, expand: true });
    assert.equal(api.catalog.tree.view.selection[0]?.id, fact.id);
  });

  test('Preview rows runs SELECT * … LIMIT into the results panel', async () => {
    const api = await lakehouse();
    const node = await tableNode(api, 'ps_cloud_raw', 'agencies');
    const shown = rendered(api);
    const summary = await vscode.commands.executeCommand<RunSummary>('lakehouse.catalog.preview', node);
    await shown;
    assert.equal(summary.statement, 'SELECT * FROM "ps_cloud_raw"."agencies" LIMIT 100');
    assert.equal(summary.state, 'SUCCEEDED');
    const message = api.results.lastMessage;
    assert.equal(message?.type, 'result');
    if (message?.type !== 'result') return;
    assert.deepEqual(message.columns.map((c) => c.name), node.info.storage.columns.map((c) => c.name));
    assert.ok(message.rows.length > 0 && message.rows.length <= 100, `${message.rows.length} rows`);
    assert.equal(api.history.entries()[0]?.statement, summary.statement);
  });

  test('Show DDL opens statements that, run on a fresh catalog, recreate the tables and the view', async () => {
    const api = await lakehouse();
    const picks: [string, string][] = [
      ['ps_cloud_raw', 'agencies'],
      ['ps_cloud_raw', 'availability_daily'],
      ['ps_cloud_raw', 'cost_monthly'],
      ['ps_cloud_curated', 'fact_cost_monthly'],
      // The view reads the raw services table, so that one comes first.
      ['ps_cloud_raw', 'services'],
      ['ps_cloud_staging', 'services'],
    ];
    const fresh = new LocalEngine({ s3Root: workspaceFile('s3').fsPath });
    try {
      for (const db of new Set(picks.map(([d]) => d))) assert.ok((await runAndCollect(fresh, { sql: `CREATE DATABASE ${db}` }, 10)).ok);
      for (const [db, name] of picks) {
        const node = await tableNode(api, db, name);
        const doc = await vscode.commands.executeCommand<vscode.TextDocument>('lakehouse.catalog.showDdl', node);
        assert.equal(doc.languageId, 'athena-sql');
        assert.equal(doc.isUntitled, true);
        assert.equal(vscode.window.activeTextEditor?.document, doc);
        const statements = splitStatements(doc.getText());
        assert.equal(statements.length, 1, doc.getText());
        const ran = await runAndCollect(fresh, { sql: statements[0]?.text ?? '' }, 10);
        assert.ok(ran.ok, `${db}.${name}: ${ran.ok ? '' : ran.message}\n${doc.getText()}`);
        const again = fresh.catalog.table(db, name);
        assert.deepEqual(shape(again), shape(node.info), `${db}.${name} recreated`);
        if (node.info.tableType === 'VIRTUAL_VIEW') assert.equal(again?.viewText?.trim(), node.info.viewText?.trim());
      }
      // The recreated CSV table reads the same rows.
      const count = async (engine: LocalEngine) => {
        const r = await runAndCollect(engine, { sql: 'SELECT count(*) FROM ps_cloud_raw.agencies' }, 1);
        assert.ok(r.ok);
        return r.result.rows[0]?.[0];
      };
      const original = new LocalEngine({ lakehouseDir: workspaceFile('.lakehouse').fsPath, s3Root: workspaceFile('s3').fsPath });
      try {
        const [a, b] = [await count(original), await count(fresh)];
        assert.ok(Number(a) > 0);
        assert.equal(b, a);
      } finally {
        original.dispose();
      }
    } finally {
      fresh.dispose();
    }
  });

  test('the filter narrows tables by substring or glob, and databases with db.table', async () => {
    const api = await lakehouse();
    const catalog = await child(api, undefined, LOCAL_CATALOG);
    await vscode.commands.executeCommand('lakehouse.catalog.filter', 'agencies');
    assert.equal(api.catalog.tree.activeFilter, 'agencies');
    assert.equal(api.catalog.tree.view.description, 'filter: agencies');
    assert.deepEqual((await childrenOf(api, await child(api, catalog, 'ps_cloud_raw'))).map((n) => labelOf(api, n)), ['agencies']);
    assert.deepEqual((await childrenOf(api, await child(api, catalog, 'ps_cloud_curated'))).map((n) => labelOf(api, n)), ['No table matches "agencies"']);
    await vscode.commands.executeCommand('lakehouse.catalog.filter', '*_agenc?');
    assert.deepEqual((await childrenOf(api, await child(api, catalog, 'ps_cloud_curated'))).map((n) => labelOf(api, n)), ['dim_agency']);
    await vscode.commands.executeCommand('lakehouse.catalog.filter', 'ps_cloud_c*.fact_*');
    assert.deepEqual((await childrenOf(api, catalog)).map((n) => labelOf(api, n)), ['ps_cloud_curated']);
    assert.deepEqual((await childrenOf(api, await child(api, catalog, 'ps_cloud_curated'))).map((n) => labelOf(api, n)).sort(), ['fact_cost_monthly', 'fact_reliability_monthly']);
    await vscode.commands.executeCommand('lakehouse.catalog.clearFilter');
    assert.equal(api.catalog.tree.activeFilter, undefined);
    assert.ok((await childrenOf(api, catalog)).length >= 3);
  });

  test('a statement that creates a table refreshes its database and reveals the table; Drop asks, naming the table and the fate of its data', async () => {
    const api = await lakehouse();
    const uri = workspaceFile('queries', 'catalog-ddl.sql');
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from(
        "CREATE DATABASE IF NOT EXISTS catalog_test;\n\nCREATE EXTERNAL TABLE catalog_test.agencies_copy (agency_id string, name string)\nROW FORMAT DELIMITED FIELDS TERMINATED BY ','\nLOCATION 's3://ps-cloud-lakehouse/raw/agencies/'\nTBLPROPERTIES ('skip.header.line.count' = '1');\n",
      ),
    );
    const editor = await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('lakehouseCatalog.focus');
    const catalog = await child(api, undefined, LOCAL_CATALOG);
    await childrenOf(api, catalog);
    const ran = await vscode.commands.executeCommand<RunSummary[]>('lakehouse.runFile');
    assert.deepEqual(ran.map((r) => r.state), ['SUCCEEDED', 'SUCCEEDED'], JSON.stringify(ran));
    await until('the new table revealed in the tree', () => api.catalog.tree.view.selection[0]?.id === `c/${LOCAL_CATALOG}/d/catalog_test/t/agencies_copy`);
    assert.deepEqual((await childrenOf(api, await child(api, catalog, 'catalog_test'))).map((n) => labelOf(api, n)), ['agencies_copy']);
    assert.equal(editor.document.isDirty, false);

    // Drop: the confirmation names the table and says its files stay; refused here (no dialogs in tests), nothing is dropped.
    const node = await tableNode(api, 'catalog_test', 'agencies_copy');
    const asked = new Promise<{ message: string; detail: string }>((resolve) => {
      const sub = api.catalog.onDidAsk((q) => {
        sub.dispose();
        resolve(q);
      });
    });
    const dropped = await vscode.commands.executeCommand<RunSummary | undefined>('lakehouse.catalog.dropTable', node);
    const q = await asked;
    assert.equal(q.message, 'Drop Table catalog_test.agencies_copy?');
    assert.equal(q.detail, "The table leaves the catalog; its files under s3://ps-cloud-lakehouse/raw/agencies/ stay in S3 (nothing is deleted).");
    assert.equal(dropped, undefined);
    assert.deepEqual((await childrenOf(api, await child(api, catalog, 'catalog_test'))).map((n) => labelOf(api, n)), ['agencies_copy']);
  });

  test('copy name, insert name, copy location, generate SELECT and a new SQL file for a database', async () => {
    const api = await lakehouse();
    const node = await tableNode(api, 'ps_cloud_curated', 'dim_agency');
    assert.equal(await vscode.commands.executeCommand('lakehouse.catalog.copyName', node), 'ps_cloud_curated.dim_agency');
    assert.equal(await vscode.env.clipboard.readText(), 'ps_cloud_curated.dim_agency');
    assert.equal(await vscode.commands.executeCommand('lakehouse.catalog.copyLocation', node), node.info.storage.location);
    assert.equal(await vscode.env.clipboard.readText(), node.info.storage.location);
    const select = await vscode.commands.executeCommand<vscode.TextDocument>('lakehouse.catalog.generateSelect', node);
    assert.match(select.getText(), /^SELECT\n {2}"agency_id",\n[\s\S]*\nFROM "ps_cloud_curated"\."dim_agency"\nLIMIT 100;\n$/);
    const editor = await vscode.window.showTextDocument(await untitled('SELECT * FROM '));
    editor.selection = new vscode.Selection(0, 14, 0, 14);
    assert.equal(await vscode.commands.executeCommand('lakehouse.catalog.insertName', node), true);
    assert.equal(editor.document.getText(), 'SELECT * FROM ps_cloud_curated.dim_agency');
    const database = await child(api, await child(api, undefined, LOCAL_CATALOG), 'ps_cloud_curated');
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('lakehouse.catalog.newSqlFile', database);
    assert.equal(doc.getText(), '-- ps_cloud_curated\n\nSELECT *\nFROM "ps_cloud_curated".\nLIMIT 100;\n');
    assert.equal(doc.languageId, 'athena-sql');
    const active = vscode.window.activeTextEditor;
    assert.equal(active?.document, doc);
    assert.deepEqual([active.selection.active.line, active.selection.active.character], [3, 'FROM "ps_cloud_curated".'.length]);
  });

  test('Open the Sample Lakehouse builds the sample (SQL files, data, catalog) in a folder of its own, never over a file', async function () {
    this.timeout(120_000);
    const folder = join(mkdtempSync(join(tmpdir(), 'lakehouse-sample-')), 'public-sector-lakehouse');
    mkdirSync(folder, { recursive: true });
    // A file of the user's with a sample file's name stays as it is.
    writeFileSync(join(folder, '04_finops.sql'), '-- mine\n');
    const built = await vscode.commands.executeCommand<string | undefined>('lakehouse.openSampleLakehouse', { folder, open: false });
    assert.equal(built, folder);
    assert.equal(readFileSync(join(folder, '04_finops.sql'), 'utf8'), '-- mine\n');
    assert.match(readFileSync(join(folder, '01_raw_tables.sql'), 'utf8'), /CREATE EXTERNAL TABLE/);
    assert.match(readFileSync(join(folder, '.vscode', 'settings.json'), 'utf8'), /lakehouse\.local\.s3Root/);
    assert.match(readFileSync(join(folder, 'contracts', 'incidents.odcs.yaml'), 'utf8'), /^apiVersion: v3\.1\.0$/m, 'the data contracts come along');
    const engine = new LocalEngine({ lakehouseDir: join(folder, '.lakehouse'), s3Root: join(folder, 's3') });
    try {
      const r = await runAndCollect(engine, { sql: 'SELECT count(*) FROM ps_cloud_curated.fact_cost_monthly' }, 1);
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.ok(Number(r.result.rows[0]?.[0]) > 0);
    } finally {
      engine.dispose();
    }
  });
});
