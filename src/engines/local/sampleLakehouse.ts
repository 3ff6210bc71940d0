import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BUCKET, generatePublicSectorLakehouse, SAMPLE_MARKER, SAMPLE_SEED } from '../../core/sample/publicSector';
import { splitStatements } from '../../core/sql/splitter';
import { runAndCollect } from '../collect';
import { LocalEngine } from './localEngine';

/** Where a local lakehouse lives: its folder, its catalog (`.lakehouse/`) and the folder standing for S3. */
export interface LakehouseFolder {
  readonly root: string;
  readonly lakehouseDir: string;
  readonly s3Root: string;
}

const VERSION = `public-sector v1 seed ${SAMPLE_SEED}`;

export interface SampleReport {
  readonly generated: boolean;
  readonly rows: number;
  readonly files: number;
  readonly statementsRun: number;
}

/** The numbered SQL files that build the sample's catalog (raw, quality checks, curated). */
export const BUILD_FILES = /^0[1-3]_.*\.sql$/;

/**
 * Writes the sample lakehouse's data under the workspace's S3 root (once per seed) and builds
 * its catalog by running the numbered build files, unless the catalog already has them.
 */
export async function prepareSample(ws: LakehouseFolder, options: { reset: boolean; log: (s: string) => void }): Promise<SampleReport> {
  const bucketDir = join(ws.s3Root, BUCKET);
  if (options.reset) {
    rmSync(bucketDir, { recursive: true, force: true });
    rmSync(ws.lakehouseDir, { recursive: true, force: true });
  }
  let generated = false;
  let rows = 0;
  let files = 0;
  const marker = join(bucketDir, SAMPLE_MARKER);
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== VERSION) {
    const started = performance.now();
    for (const file of generatePublicSectorLakehouse(SAMPLE_SEED)) {
      const path = join(bucketDir, ...file.key.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.body);
      rows += file.rows;
      files++;
    }
    await writeFile(marker, VERSION);
    generated = true;
    options.log(`sample: wrote ${rows.toLocaleString('en')} rows in ${files} files under ${bucketDir} (${Math.round(performance.now() - started)} ms)`);
  }
  const engine = new LocalEngine({ lakehouseDir: ws.lakehouseDir, s3Root: ws.s3Root });
  let statementsRun = 0;
  try {
    if (engine.catalog.table('ps_cloud_curated', 'fact_reliability_monthly')) return { generated, rows, files, statementsRun };
    for (const name of readdirSync(ws.root).filter((f) => BUILD_FILES.test(f)).sort()) {
      const started = performance.now();
      for (const s of splitStatements(readFileSync(join(ws.root, name), 'utf8'))) {
        const outcome = await runAndCollect(engine, { sql: s.text }, 1000);
        if (!outcome.ok) throw new Error(`${name}: ${outcome.message}\n  in: ${s.text.slice(0, 200)}`);
        statementsRun++;
      }
      options.log(`sample: ran ${name} (${Math.round(performance.now() - started)} ms)`);
    }
    return { generated, rows, files, statementsRun };
  } finally {
    engine.dispose();
  }
}
