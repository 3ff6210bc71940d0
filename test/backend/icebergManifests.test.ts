import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { currentSchema, parseIcebergMetadata, snapshotFor, type IcebergMetadata } from '../../src/core/iceberg/metadata';
import { snapshotFiles, type ReadBytes } from '../../src/engines/iceberg/manifests';
import { makeIcebergTables, type FixtureTable } from '../helpers/iceberg';

const readLocal: ReadBytes = (uri) => readFile(uri.startsWith('file:') ? fileURLToPath(uri) : uri);

describe('Iceberg metadata and manifests, against pyiceberg', () => {
  let tables: readonly FixtureTable[] = [];
  const metas = new Map<string, IcebergMetadata>();
  before(async () => {
    tables = makeIcebergTables().tables;
    for (const t of tables) metas.set(t.name, parseIcebergMetadata(String(await readLocal(t.metadataLocation))));
  });

  test('snapshots: the same 64-bit ids, parents, times and operations as pyiceberg; the schema after evolution', () => {
    assert.equal(tables.length, 3);
    for (const t of tables) {
      const meta = metas.get(t.name)!;
      assert.equal(meta.currentSnapshotId, t.currentSnapshotId, t.name);
      assert.deepEqual(
        meta.snapshots.map((s) => [s.snapshotId, s.parentId ?? null, s.timestampMs, s.operation]),
        t.snapshots.map((s) => [s.id, s.parent, s.timestampMs, s.operation]),
        t.name,
      );
      // Ids above 2^53 keep every digit (JSON.parse alone would round them).
      assert.ok(t.snapshots.some((s) => BigInt(s.id) > 2n ** 53n), `${t.name} has an id above 2^53`);
      assert.deepEqual(currentSchema(meta)?.fields.map((f) => `${f.name}:${f.type}`), ['id:long', 'region:string', 'ts:timestamp', 'amount:double', 'note:string']);
      assert.ok(meta.snapshots.some((s) => s.operation === 'delete') || meta.snapshots.some((s) => s.operation === 'overwrite'), 'a delete happened');
    }
    const specs = tables.map((t) => metas.get(t.name)!.specs.at(-1)!.fields.map((f) => f.transform));
    assert.deepEqual(specs, [['identity'], ['day'], ['bucket[4]']]);
  });

  test('every snapshot’s live data files (path, size, records) are those pyiceberg plans for a scan of it', async () => {
    for (const t of tables) {
      const meta = metas.get(t.name)!;
      for (const expected of t.snapshots) {
        const files = await snapshotFiles(meta.snapshots.find((s) => s.snapshotId === expected.id)!, readLocal);
        const ours = files.data.map((f) => [f.path, f.sizeBytes, f.records]).sort();
        const theirs = expected.files.map((f) => [f.path, f.size, f.records]).sort();
        assert.deepEqual(ours, theirs, `${t.name} @ ${expected.id} (${expected.operation})`);
        assert.deepEqual(files.deletes.map((f) => f.path).sort(), expected.files.flatMap((f) => f.deletes.map((d) => d.path)).sort());
        // The manifests carry per-column sizes: the estimate counts the projected columns' bytes.
        for (const f of files.data) assert.ok(f.columnSizes.size >= 4, `${f.path} has column sizes`);
      }
    }
  });

  test('time travel: FOR VERSION AS OF an id, FOR TIMESTAMP AS OF a time (the snapshot current then)', () => {
    const t = tables[0]!;
    const meta = metas.get(t.name)!;
    const [first, second] = t.snapshots;
    assert.equal(snapshotFor(meta)?.snapshotId, t.currentSnapshotId);
    assert.equal(snapshotFor(meta, { version: second!.id })?.snapshotId, second!.id);
    assert.equal(snapshotFor(meta, { version: '12345' }), undefined, 'an unknown id');
    assert.equal(snapshotFor(meta, { timestampMs: second!.timestampMs })?.snapshotId, second!.id);
    assert.equal(snapshotFor(meta, { timestampMs: second!.timestampMs - 1 })?.snapshotId, first!.id);
    assert.equal(snapshotFor(meta, { timestampMs: first!.timestampMs - 1 }), undefined, 'before the first snapshot');
  });

  test('a file that is not Iceberg metadata is refused by name', () => {
    assert.throws(() => parseIcebergMetadata('{"hello": 1}'), /Not an Iceberg table metadata file/);
  });
});
