import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { uiAvailable, uiRequest } from './ui';
import type { RenderedEvent } from '../../src/features/results/resultsPanel';
import { motoEndpoint, seedAthenaResults, setExecutionProgress } from '../helpers/moto';
import { lakehouse, until, untitled } from './extension';

const REGION = 'ca-central-1';


suite('connection: local lakehouse and AWS', () => {
  test('a SQL file shown starts the local engine in the background, again after the connection changes', async () => {
    const api = await lakehouse();
    const doc = await untitled('SELECT 1');
    await vscode.window.showTextDocument(doc);
    // Shown: the engine of this connection is (or was already) warmed.
    await until('the engine warmed for the SQL file shown', () => api.connection.warmups() > 0);
    const before = api.connection.warmups();
    const config = vscode.workspace.getConfiguration('lakehouse');
    const root = config.inspect<string>('local.s3Root')?.workspaceValue;
    try {
      // A new local connection (another root): its engine is warmed too, the SQL file being shown.
      await config.update('local.s3Root', 's3-warmup', vscode.ConfigurationTarget.Workspace);
      await until('the new connection warmed', () => api.connection.warmups() === before + 1);
    } finally {
      await config.update('local.s3Root', root, vscode.ConfigurationTarget.Workspace);
    }
    await until('the first connection warmed again', () => api.connection.warmups() === before + 2);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the status bar names the connection; switching to AWS runs on Athena (moto), switching back tears the AWS clients down', async function () {
    if (!motoEndpoint) this.skip();
    const api = await lakehouse();
    const config = vscode.workspace.getConfiguration('lakehouse');
    assert.equal(api.connection.kind, 'local');
    assert.equal(api.connection.statusText(), '$(database) Local lakehouse');

    // A result bucket on moto and the result Athena will "return" (moto records queries, runs none).
    assert.ok((await fetch(`${motoEndpoint}/lh-ext-results`, { method: 'PUT' })).ok);
    await seedAthenaResults(REGION, [{ columns: [{ name: 'agency', type: 'varchar' }, { name: 'cost', type: 'decimal', precision: 10, scale: 2 }], rows: [['dinum', '30500.00']] }]);
    await config.update('aws.endpointUrl', motoEndpoint, vscode.ConfigurationTarget.Workspace);
    await config.update('aws.outputLocation', 's3://lh-ext-results/queries/', vscode.ConfigurationTarget.Workspace);
    const disposedBefore = api.connection.disposedBackends();
    try {
      await vscode.commands.executeCommand('lakehouse.selectConnection', { kind: 'aws', region: REGION, workgroup: 'primary' });
      await until('the AWS connection', () => api.connection.kind === 'aws');
      assert.equal(api.connection.statusText(), `$(cloud) default credentials · ${REGION} · primary`);
      assert.equal(api.connection.engineLabel(), `Athena (default credentials · ${REGION} · primary)`);

      const doc = await untitled('SELECT agency, cost FROM finops.spend');
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(0, 3, 0, 3);
      const rendered = new Promise<RenderedEvent>((resolve) => {
        const sub = api.results.onDidRender((e) => {
          sub.dispose();
          resolve(e);
        });
      });
      await vscode.commands.executeCommand('lakehouse.runStatement');
      await rendered;
      const message = api.results.lastMessage;
      assert.equal(message?.type, 'result', JSON.stringify(message));
      if (message?.type !== 'result') return;
      assert.match(message.engine, /^Athena/);
      // The query id, and a link to the execution's page in the Athena console.
      assert.match(message.queryId ?? '', /^[A-Za-z0-9-]+$/);
      assert.equal(message.consoleUrl, `https://${REGION}.console.aws.amazon.com/athena/home?region=${REGION}#/query-editor/history/${message.queryId}`);
      if (uiAvailable()) {
        // In the webview: the query id is a plain link to that page (no command: URI).
        const frame = '.results-grid';
        assert.deepEqual(await uiRequest<string[]>('webviewAttributes', { frameSelector: frame, selector: 'a.query-id', attribute: 'href' }), [message.consoleUrl]);
        assert.deepEqual(await uiRequest<string[]>('webviewTexts', { frameSelector: frame, selector: 'a.query-id' }), [message.queryId]);
      }
      assert.deepEqual(message.columns, [
        { name: 'agency', type: 'varchar' },
        { name: 'cost', type: 'decimal(10,2)' },
      ]);
      assert.deepEqual(message.rows, [['dinum', '30500.00']]);

      // The run went to moto with the configured workgroup and result location.
      // Loaded here, not at the top: the activation test checks that nothing loaded the SDK early.
      const { AthenaClient, GetQueryExecutionCommand, ListQueryExecutionsCommand } = await import('@aws-sdk/client-athena');
      const athena = new AthenaClient({ region: REGION, endpoint: motoEndpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      try {
        const ran = api.history.entries()[0];
        assert.equal(ran?.state, 'SUCCEEDED');
        assert.equal(ran?.connection, `default credentials · ${REGION} · primary`);
        const recorded = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: ran?.queryId }));
        assert.equal(recorded.QueryExecution?.WorkGroup, 'primary');
        assert.equal(recorded.QueryExecution?.ResultConfiguration?.OutputLocation, `s3://lh-ext-results/queries/${ran?.queryId ?? ''}.csv`);
        assert.equal(ran?.outputLocation, recorded.QueryExecution?.ResultConfiguration?.OutputLocation);

        // Cancel from the editor reaches StopQueryExecution: moto keeps the query QUEUED until then.
        await setExecutionProgress(10_000);
        const executions = async (): Promise<number> => ((await athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds ?? []).length;
        const before = await executions();
        const run = vscode.commands.executeCommand<{ state: string }>('lakehouse.runStatement');
        await until('the Athena query to run', () => api.runner.runningCount === 1);
        // Cancel once Athena has the execution (StartQueryExecution answered), so there is one to stop.
        await until('StartQueryExecution', async () => (await executions()) > before);
        await vscode.commands.executeCommand('lakehouse.cancelQuery', 'all');
        assert.equal((await run).state, 'CANCELLED');
        const cancelled = api.history.entries()[0];
        assert.equal(cancelled?.state, 'CANCELLED');
        const stopped = await athena.send(new ListQueryExecutionsCommand({}));
        const states = await Promise.all((stopped.QueryExecutionIds ?? []).map(async (id) => (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State));
        assert.ok(states.includes('CANCELLED'), `moto shows a CANCELLED execution: ${states.join(', ')}`);
      } finally {
        await setExecutionProgress('immediate');
        athena.destroy();
      }
    } finally {
      await vscode.commands.executeCommand('lakehouse.selectConnection', { kind: 'local' });
      await config.update('aws.endpointUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('aws.outputLocation', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    await until('the local connection', () => api.connection.kind === 'local');
    assert.equal(api.connection.statusText(), '$(database) Local lakehouse');
    assert.ok(api.connection.disposedBackends() > disposedBefore, 'the AWS backend was disposed on the switch');
    assert.equal(api.connection.engineLabel(), 'local (DuckDB)');
  });
});
