// The Catalog view over a 10,000-table Glue database (moto on loopback, behind the test proxy that
// pages Glue's lists as AWS does). Times, through the same CatalogBrowser the tree uses:
//   - first page cold: a new AWS backend and browser; catalogs, databases, then the database's
//     first page of tables (target ≤ 1.5 s);
//   - first page cached: the same again on the warm browser;
//   - filter cold: a fresh browser, a name filter sent to Glue as its Expression;
//   - filter cached: once the whole table list is loaded, filters are answered in memory (target
//     ≤ 100 ms); and the same server-side filter asked again.
// Moto answers every GetTables with all 10,000 tables (about 4 s); the proxy keeps that answer and
// serves AWS-sized pages from it, as Glue serves each page on its own. Moto's own unpaged time is
// reported beside the figures, not inside them. Prints JSON.
//   npm run bench:catalog [-- --runs N --tables N]
import { prepareAwsBench } from './prepare.mjs';
import { timeRuns, numberArg } from './stats.mjs';

const arg = numberArg;
const RUNS = arg('--runs', 5);
const TABLES = arg('--tables', 10_000);
const REGION = 'us-east-1';
const DATABASE = 'lh_big';
const log = (m) => process.stderr.write(`${m}\n`);

const { out } = await prepareAwsBench();
const { createAwsBackend } = out('src/engines/aws/index.js');
const { AWS_DATA_CATALOG } = out('src/engines/aws/glueCatalog.js');
const { CatalogBrowser } = out('src/engines/catalogBrowser.js');
const { parseNameFilter } = out('src/core/catalog/nameFilter.js');
const { startAwsProxy } = out('test/helpers/awsProxy.js');
const { seedBigCatalog, tableName } = out('test/helpers/glueSeed.js');
const { startMoto } = await import('../test/tools/moto.mjs');

const moto = await startMoto();
const proxy = await startAwsProxy(moto.endpoint, { holdLists: true });
try {
  log(`seeding ${TABLES.toLocaleString('en')} tables on moto…`);
  const seeded = await seedBigCatalog(proxy.endpoint, REGION, { database: DATABASE, tables: TABLES, partitionedTable: 'events', partitions: 1000 });
  log(`seeded in ${Math.round(seeded.ms)} ms`);

  const settings = { region: REGION, workgroup: 'primary', endpointUrl: proxy.endpoint, resultReuseMinutes: 0, maxAttempts: 3 };
  // Moto's own answer to one GetTables (everything, unpaged), straight from moto: the emulator's cost.
  const direct = createAwsBackend({ ...settings, endpointUrl: moto.endpoint });
  const motoUnpaged = await timeRuns(1, () => direct.catalog.listTables(AWS_DATA_CATALOG, DATABASE));
  direct.dispose();
  // One pass through the proxy so it holds moto's list (Glue needs no such warm-up).
  const warm = createAwsBackend(settings);
  await warm.catalog.listTables(AWS_DATA_CATALOG, DATABASE);
  warm.dispose();

  const fresh = () => {
    const backend = createAwsBackend(settings);
    return { backend, browser: new CatalogBrowser(backend.catalog) };
  };
  const firstPage = async (browser) => {
    await browser.catalogs();
    await browser.databases(AWS_DATA_CATALOG);
    return browser.tables(AWS_DATA_CATALOG, DATABASE);
  };

  const callsBefore = proxy.count('AWSGlue.GetTables');
  const cold = await timeRuns(RUNS, async () => {
    const { backend, browser } = fresh();
    try {
      return await firstPage(browser);
    } finally {
      backend.dispose();
    }
  });
  const coldCalls = (proxy.count('AWSGlue.GetTables') - callsBefore) / RUNS;

  const { backend, browser } = fresh();
  await firstPage(browser);
  const cached = await timeRuns(RUNS, () => firstPage(browser));

  // A table name's digits (t_04242 in the 10,000-table run) as the filter.
  const target = tableName(Math.min(4242, TABLES - 1));
  const filter = parseNameFilter(target.slice(2));
  const filterCold = await timeRuns(RUNS, async () => {
    const f = fresh();
    try {
      return await f.browser.tables(AWS_DATA_CATALOG, DATABASE, filter);
    } finally {
      f.backend.dispose();
    }
  });
  const filterRepeat = await timeRuns(RUNS, () => browser.tables(AWS_DATA_CATALOG, DATABASE, filter));
  // Load every page (what "Load more…" to the end does), then filters are answered in memory.
  const fullList = await timeRuns(1, async () => {
    let listing = await browser.tables(AWS_DATA_CATALOG, DATABASE);
    while (listing.more) listing = await browser.moreTables(AWS_DATA_CATALOG, DATABASE);
    return listing;
  });
  const patterns = [target.slice(2), 't_0999?', '*_012*', 'events', 'nothing_like_this'];
  let k = 0;
  const filterCached = await timeRuns(RUNS * 4, () => browser.tables(AWS_DATA_CATALOG, DATABASE, parseNameFilter(patterns[k++ % patterns.length])));
  backend.dispose();

  const found = filterCold.result.items.map((t) => t.name);
  if (found.join() !== target) throw new Error(`the filter found ${found.join(', ')}`);
  const report = {
    bench: 'catalog',
    runs: RUNS,
    database: { tables: TABLES, pageSize: 100 },
    emulator: {
      motoUnpagedGetTablesMs: motoUnpaged.ms,
      note: 'moto answers every GetTables with the whole list; the test proxy keeps it and serves 100-table pages, as Glue pages on the server',
    },
    firstPage: {
      coldMs: cold.ms,
      coldTimesMs: cold.times.map((t) => Math.round(t)),
      tablesShown: cold.result.items.length,
      more: cold.result.more,
      getTablesCallsPerColdRun: coldCalls,
      cachedMs: cached.ms,
      targetColdMs: 1500,
    },
    filter: {
      pattern: target.slice(2),
      found,
      coldServerSideMs: filterCold.ms,
      repeatMs: filterRepeat.ms,
      cachedInMemoryMs: filterCached.ms,
      cachedInMemoryMaxMs: Math.round(Math.max(...filterCached.times) * 100) / 100,
      fullListMs: fullList.ms,
      fullListTables: fullList.result.items.length,
      targetCachedMs: 100,
    },
  };
  report.met = cold.ms <= 1500 && filterCached.ms <= 100 && filterRepeat.ms <= 100;
  console.log(JSON.stringify(report, null, 2));
} finally {
  await proxy.stop();
  await moto.stop();
}
