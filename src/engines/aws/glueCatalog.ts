import {
  GetDataCatalogCommand,
  ListDatabasesCommand,
  ListDataCatalogsCommand,
  ListTableMetadataCommand,
  type AthenaClient,
  type TableMetadata,
} from '@aws-sdk/client-athena';
import {
  GetDatabasesCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  type Column as GlueColumn,
  type Database as GlueDatabase,
  type GlueClient,
  type Partition as GluePartition,
  type Table as GlueTable,
} from '@aws-sdk/client-glue';
import type { Column, Database, Partition, Table, TableType } from '../../core/catalog/model';
import { patternRegex } from '../../core/catalog/nameFilter';
import { decodePrestoView } from '../../core/catalog/prestoView';
import type { Catalog, CatalogInfo, Page, PartitionQuery } from '../types';
import { awsCall, AwsProblem } from './errors';

export { allPages } from '../pages';

/** Athena's name for the account's own Glue Data Catalog. */
export const AWS_DATA_CATALOG = 'AwsDataCatalog';

/** Glue allows at most 100 tables per GetTables page and 1,000 partitions per GetPartitions page. */
const TABLES_PAGE = 100;
const PARTITIONS_PAGE = 1000;

type CatalogRoute = { readonly via: 'glue'; readonly catalogId?: string } | { readonly via: 'athena' };

/**
 * The Glue Data Catalog behind the engine Catalog interface. Lists come a page at a time with a
 * token for the next one, so a tree can show 10,000 tables without listing them all first.
 * Catalogs Athena knows that are not Glue (Lambda, Hive) are read through Athena's metadata API.
 */
export class GlueCatalog implements Catalog {
  private readonly routes = new Map<string, CatalogRoute>();

  constructor(
    private readonly glue: GlueClient,
    private readonly athena: AthenaClient,
    /** The account id of the Glue catalog behind AwsDataCatalog (cross-account), if not our own. */
    private readonly catalogId?: string,
    private readonly profile?: string,
  ) {}

  async listCatalogs(): Promise<readonly CatalogInfo[]> {
    const out: CatalogInfo[] = [];
    let token: string | undefined;
    do {
      const page = await awsCall(this.ctx('athena:ListDataCatalogs'), () => this.athena.send(new ListDataCatalogsCommand({ ...(token ? { NextToken: token } : {}) })));
      for (const c of page.DataCatalogsSummary ?? []) {
        if (!c.CatalogName) continue;
        const type = (c.Type ?? 'GLUE') as CatalogInfo['type'];
        out.push({ name: c.CatalogName, type });
      }
      token = page.NextToken;
    } while (token);
    if (!out.some((c) => c.name === AWS_DATA_CATALOG)) out.unshift({ name: AWS_DATA_CATALOG, type: 'GLUE' });
    return out;
  }

  async listDatabases(catalog: string, nextToken?: string): Promise<Page<Database>> {
    const route = await this.route(catalog);
    if (route.via === 'athena') {
      const r = await awsCall(this.ctx('athena:ListDatabases', `catalog ${catalog}`), () =>
        this.athena.send(new ListDatabasesCommand({ CatalogName: catalog, ...(nextToken ? { NextToken: nextToken } : {}) })),
      );
      return page((r.DatabaseList ?? []).map((d) => ({ name: d.Name ?? '', ...(d.Description ? { description: d.Description } : {}), parameters: d.Parameters ?? {} })), r.NextToken);
    }
    const r = await awsCall(this.ctx('glue:GetDatabases', `catalog ${catalog}`), () =>
      this.glue.send(new GetDatabasesCommand({ ...catalogIdOf(route), ...(nextToken ? { NextToken: nextToken } : {}) })),
    );
    return page((r.DatabaseList ?? []).map(toDatabase), r.NextToken);
  }

  async listTables(catalog: string, database: string, nextToken?: string, namePattern?: string): Promise<Page<Table>> {
    const route = await this.route(catalog);
    // The server's matching is taken as a first cut; the same pattern, anchored, has the last word.
    const keep = namePattern ? patternRegex(namePattern) : undefined;
    if (route.via === 'athena') {
      const r = await awsCall(this.ctx('athena:ListTableMetadata', `database ${database}`), () =>
        this.athena.send(new ListTableMetadataCommand({ CatalogName: catalog, DatabaseName: database, ...(namePattern ? { Expression: namePattern } : {}), ...(nextToken ? { NextToken: nextToken } : {}) })),
      );
      const tables = (r.TableMetadataList ?? []).map((t) => fromTableMetadata(database, t));
      return page(keep ? tables.filter((t) => keep.test(t.name)) : tables, r.NextToken);
    }
    const r = await awsCall(this.ctx('glue:GetTables', `database ${database}`), () =>
      this.glue.send(
        new GetTablesCommand({ ...catalogIdOf(route), DatabaseName: database, MaxResults: TABLES_PAGE, ...(namePattern ? { Expression: namePattern } : {}), ...(nextToken ? { NextToken: nextToken } : {}) }),
      ),
    );
    const tables = (r.TableList ?? []).map((t) => toTable(database, t));
    return page(keep ? tables.filter((t) => keep.test(t.name)) : tables, r.NextToken);
  }

  async getTable(catalog: string, database: string, name: string): Promise<Table | undefined> {
    const route = await this.route(catalog);
    if (route.via === 'athena') {
      const { items } = await this.listTables(catalog, database);
      return items.find((t) => t.name === name.toLowerCase());
    }
    try {
      const r = await awsCall(this.ctx('glue:GetTable', `${database}.${name}`), () =>
        this.glue.send(new GetTableCommand({ ...catalogIdOf(route), DatabaseName: database, Name: name })),
      );
      return r.Table ? toTable(database, r.Table) : undefined;
    } catch (e) {
      if (e instanceof AwsProblem && e.kind === 'not-found') return undefined;
      throw e;
    }
  }

  async listPartitions(catalog: string, database: string, table: string, query?: PartitionQuery): Promise<Page<Partition>> {
    const route = await this.route(catalog);
    if (route.via === 'athena') return { items: [] }; // federated catalogs have no Glue partitions
    const r = await awsCall(this.ctx('glue:GetPartitions', `${database}.${table}`), () =>
      this.glue.send(
        new GetPartitionsCommand({
          ...catalogIdOf(route),
          DatabaseName: database,
          TableName: table,
          MaxResults: Math.min(query?.maxResults ?? PARTITIONS_PAGE, PARTITIONS_PAGE),
          ...(query?.expression ? { Expression: query.expression } : {}),
          ...(query?.nextToken ? { NextToken: query.nextToken } : {}),
        }),
      ),
    );
    return page((r.Partitions ?? []).map(toPartition), r.NextToken);
  }

  /** Which API serves a catalog: Glue (with its account id) or Athena's metadata calls. */
  private async route(catalog: string): Promise<CatalogRoute> {
    if (catalog === AWS_DATA_CATALOG || catalog === '') return { via: 'glue', ...(this.catalogId ? { catalogId: this.catalogId } : {}) };
    const known = this.routes.get(catalog);
    if (known) return known;
    const r = await awsCall(this.ctx('athena:GetDataCatalog', `catalog ${catalog}`), () => this.athena.send(new GetDataCatalogCommand({ Name: catalog })));
    const type = r.DataCatalog?.Type;
    const catalogId = r.DataCatalog?.Parameters?.['catalog-id'];
    const route: CatalogRoute = type === 'GLUE' ? { via: 'glue', ...(catalogId ? { catalogId } : {}) } : { via: 'athena' };
    this.routes.set(catalog, route);
    return route;
  }

  private ctx(action: string, resource?: string): { action: string; resource?: string; profile?: string } {
    return { action, ...(resource ? { resource } : {}), ...(this.profile ? { profile: this.profile } : {}) };
  }
}

const catalogIdOf = (route: CatalogRoute): { CatalogId?: string } => (route.via === 'glue' && route.catalogId ? { CatalogId: route.catalogId } : {});

function page<T>(items: T[], nextToken: string | undefined): Page<T> {
  return nextToken ? { items, nextToken } : { items };
}

const toColumn = (c: Pick<GlueColumn, 'Type' | 'Comment'> & { Name?: string | undefined }): Column => ({ name: (c.Name ?? '').toLowerCase(), type: (c.Type ?? 'string').toLowerCase(), ...(c.Comment ? { comment: c.Comment } : {}) });

function toDatabase(d: GlueDatabase): Database {
  return {
    name: d.Name ?? '',
    ...(d.Description ? { description: d.Description } : {}),
    ...(d.LocationUri ? { locationUri: d.LocationUri } : {}),
    parameters: d.Parameters ?? {},
  };
}

function tableType(t: string | undefined): TableType {
  return t === 'VIRTUAL_VIEW' ? 'VIRTUAL_VIEW' : t === 'MANAGED_TABLE' ? 'MANAGED_TABLE' : 'EXTERNAL_TABLE';
}

/** A Glue table in the core model; Athena views keep their SQL, not the Presto envelope. */
export function toTable(database: string, t: GlueTable): Table {
  const sd = t.StorageDescriptor;
  const view = decodePrestoView(t.ViewOriginalText);
  const viewText = view?.originalSql ?? (t.TableType === 'VIRTUAL_VIEW' ? t.ViewOriginalText : undefined);
  const columns = (sd?.Columns ?? []).map(toColumn);
  return {
    database: t.DatabaseName ?? database,
    name: t.Name ?? '',
    tableType: tableType(t.TableType),
    ...(t.Description ? { description: t.Description } : {}),
    storage: {
      columns: columns.length || !view ? columns : view.columns.map((c) => ({ name: c.name, type: c.type })),
      ...(sd?.Location ? { location: sd.Location } : {}),
      ...(sd?.InputFormat ? { inputFormat: sd.InputFormat } : {}),
      ...(sd?.OutputFormat ? { outputFormat: sd.OutputFormat } : {}),
      serde: { serializationLibrary: sd?.SerdeInfo?.SerializationLibrary ?? '', parameters: sd?.SerdeInfo?.Parameters ?? {} },
    },
    partitionKeys: (t.PartitionKeys ?? []).map(toColumn),
    parameters: t.Parameters ?? {},
    ...(viewText !== undefined ? { viewText } : {}),
    ...(t.CreateTime ? { createTime: t.CreateTime.toISOString() } : {}),
    ...(t.UpdateTime ? { updateTime: t.UpdateTime.toISOString() } : {}),
  };
}

const toPartition = (p: GluePartition): Partition => ({ values: p.Values ?? [], location: p.StorageDescriptor?.Location ?? '' });

function fromTableMetadata(database: string, t: TableMetadata): Table {
  const params = t.Parameters ?? {};
  return {
    database,
    name: t.Name ?? '',
    tableType: tableType(t.TableType),
    storage: {
      columns: (t.Columns ?? []).map(toColumn),
      ...(params.location ? { location: params.location } : {}),
      ...(params.inputformat ? { inputFormat: params.inputformat } : {}),
      ...(params.outputformat ? { outputFormat: params.outputformat } : {}),
      serde: { serializationLibrary: params['serde.serialization.lib'] ?? '', parameters: {} },
    },
    partitionKeys: (t.PartitionKeys ?? []).map(toColumn),
    parameters: params,
    ...(t.CreateTime ? { createTime: t.CreateTime.toISOString() } : {}),
    ...(t.LastAccessTime ? { updateTime: t.LastAccessTime.toISOString() } : {}),
  };
}
