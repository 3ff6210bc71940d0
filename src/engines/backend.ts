import type { AwsSettings } from '../core/aws/settings';
import { loadAws } from './loadAws';
import { LOCAL_CATALOG } from './local/localCatalog';
import { LocalEngine } from './local/localEngine';
import type { Catalog, ObjectStore, QueryEngine } from './types';

/** Where statements run and the catalog comes from: the local lakehouse, or Athena with Glue and S3. */
export interface Backend {
  readonly kind: 'local' | 'athena';
  readonly engine: QueryEngine;
  readonly catalog: Catalog;
  /** S3, or the folder standing for it. */
  readonly store: ObjectStore;
  /** The catalog name to browse by default (Athena's AwsDataCatalog, or the local one). */
  readonly catalogName: string;
  dispose(): void;
}

export type BackendSpec =
  /** The local lakehouse: its catalog in `lakehouseDir` (in memory without one), s3:// under `s3Root`. */
  | { readonly kind: 'local'; readonly lakehouseDir?: string; readonly s3Root: string }
  | { readonly kind: 'athena'; readonly aws: AwsSettings };

/** Opens a backend, for the extension's connection and the CLI alike. The AWS SDK loads on first use. */
export function openBackend(spec: BackendSpec): Backend {
  if (spec.kind === 'local') {
    const engine = new LocalEngine({ ...(spec.lakehouseDir ? { lakehouseDir: spec.lakehouseDir } : {}), s3Root: spec.s3Root });
    return { kind: 'local', engine, catalog: engine.catalog, store: engine.objects, catalogName: LOCAL_CATALOG, dispose: () => engine.dispose() };
  }
  const aws = loadAws();
  const b = aws.createAwsBackend(spec.aws);
  return { kind: 'athena', engine: b.engine, catalog: b.catalog, store: b.store, catalogName: aws.AWS_DATA_CATALOG, dispose: () => b.dispose() };
}
