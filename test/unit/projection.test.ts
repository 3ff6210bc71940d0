import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Table } from '../../src/core/catalog/model';
import { formatWithPattern, projectedPartitions } from '../../src/core/catalog/projection';

function table(parameters: Record<string, string>, keys: string[]): Table {
  return {
    database: 'd',
    name: 't',
    tableType: 'EXTERNAL_TABLE',
    storage: { columns: [{ name: 'x', type: 'string' }], location: 's3://b/events/', serde: { serializationLibrary: '', parameters: {} } },
    partitionKeys: keys.map((name) => ({ name, type: 'string' })),
    parameters: { 'projection.enabled': 'true', ...parameters },
  };
}

test('integer and enum projections: the cross product, at Hive-style locations', () => {
  const parts = projectedPartitions(
    table({ 'projection.year.type': 'integer', 'projection.year.range': '2023,2024', 'projection.region.type': 'enum', 'projection.region.values': 'eu,us' }, ['year', 'region']),
  );
  assert.deepEqual(
    parts.map((p) => [p.values.join('/'), p.location]),
    [
      ['2023/eu', 's3://b/events/year=2023/region=eu/'],
      ['2023/us', 's3://b/events/year=2023/region=us/'],
      ['2024/eu', 's3://b/events/year=2024/region=eu/'],
      ['2024/us', 's3://b/events/year=2024/region=us/'],
    ],
  );
});

test('date projection with NOW, a format, an interval and a location template', () => {
  const now = new Date(Date.UTC(2024, 2, 3, 12));
  const parts = projectedPartitions(
    table(
      {
        'projection.dt.type': 'date',
        'projection.dt.range': 'NOW-2DAYS,NOW',
        'projection.dt.format': 'yyyy/MM/dd',
        'projection.dt.interval': '1',
        'projection.dt.interval.unit': 'DAYS',
        'storage.location.template': 's3://b/logs/${dt}',
      },
      ['dt'],
    ),
    now,
  );
  assert.deepEqual(
    parts.map((p) => p.location),
    ['s3://b/logs/2024/03/01/', 's3://b/logs/2024/03/02/', 's3://b/logs/2024/03/03/'],
  );
});

test('integer digits, month steps, and the errors that name the problem', () => {
  const months = projectedPartitions(table({ 'projection.m.type': 'date', 'projection.m.range': '2023-11,2024-02', 'projection.m.format': 'yyyy-MM' }, ['m']));
  assert.deepEqual(months.map((p) => p.values[0]), ['2023-11', '2023-12', '2024-01', '2024-02']);
  const padded = projectedPartitions(table({ 'projection.h.type': 'integer', 'projection.h.range': '0,2', 'projection.h.digits': '2' }, ['h']));
  assert.deepEqual(padded.map((p) => p.values[0]), ['00', '01', '02']);
  assert.throws(() => projectedPartitions(table({ 'projection.k.type': 'injected' }, ['k'])), /injected projection/);
  assert.throws(() => projectedPartitions(table({ 'projection.k.type': 'date', 'projection.k.range': '2024-13-45,NOW' }, ['k'])), /does not match the format/);
  assert.equal(formatWithPattern(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), "yyyy-MM-dd'T'HH:mm:ss"), '2024-01-02T03:04:05');
});
