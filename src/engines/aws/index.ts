/**
 * The AWS backend: Athena (QueryEngine), Glue (Catalog) and S3 (ObjectStore) over one set of
 * clients. It is bundled on its own (dist/aws.js) and loaded on first use, so neither activation
 * nor the local engine pays for the AWS SDK.
 */
import type { Catalog, ObjectStore, QueryEngine } from '../types';
import { AthenaEngine, type AthenaEngineOptions } from './athenaEngine';
import { createClients, type AwsClients, type AwsSettings } from './clients';
import { GlueCatalog } from './glueCatalog';
import { S3ObjectStore } from './s3Store';

export { AwsProblem, toAwsProblem } from './errors';
export type { AwsProblemKind } from './errors';
export { DEFAULT_AWS_SETTINGS } from './clients';
export type { AwsSettings } from './clients';
export { AWS_DATA_CATALOG } from './glueCatalog';

export interface AwsBackend {
  readonly label: string;
  readonly engine: QueryEngine;
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly clients: AwsClients;
  dispose(): void;
}

export function createAwsBackend(settings: AwsSettings, options: AthenaEngineOptions = {}): AwsBackend {
  const clients = createClients(settings);
  const store = new S3ObjectStore(clients.s3, settings.profile);
  const engine = new AthenaEngine(clients.athena, store, settings, options);
  const catalog = new GlueCatalog(clients.glue, clients.athena, settings.catalogId, settings.profile);
  return {
    label: engine.label,
    engine,
    catalog,
    store,
    clients,
    dispose() {
      engine.dispose();
      clients.destroy();
    },
  };
}

export { profileFiles, readProfiles } from './profileFiles';
