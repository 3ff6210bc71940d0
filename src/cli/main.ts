import { readFile } from 'node:fs/promises';
import { splitStatements } from '../core/sql/splitter';
import { toAligned, toCsv, toJsonLines } from '../core/results/text';
import { DuckDBEngine } from '../engines/local/duckdbEngine';

const USAGE = `lakehouse — run Athena SQL on the local lakehouse engine (DuckDB)

Usage:
  lakehouse run <file.sql> [--format table|csv|json] [--max-rows N]
  lakehouse query "<sql>"  [--format table|csv|json] [--max-rows N]
  lakehouse --help | --version

Statements run in order; the first failure stops the run with exit code 1.`;

type Format = 'table' | 'csv' | 'json';

interface Args {
  readonly command: string | undefined;
  readonly operand: string | undefined;
  readonly format: Format;
  readonly maxRows: number;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args {
  let format: Format = 'table';
  let maxRows = 10_000;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--format') {
      const f = argv[++i];
      if (f !== 'table' && f !== 'csv' && f !== 'json') throw new UsageError(`--format takes table, csv or json (got ${f ?? 'nothing'})`);
      format = f;
    } else if (a === '--max-rows') {
      const n = Number(argv[++i]);
      if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError('--max-rows takes a positive whole number');
      maxRows = n;
    } else if (a.startsWith('--') && a !== '--help' && a !== '--version') {
      throw new UsageError(`unknown option ${a}`);
    } else {
      positional.push(a);
    }
  }
  return { command: positional[0], operand: positional[1], format, maxRows };
}

export async function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`lakehouse: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (argv.includes('--help') || args.command === undefined) {
    out(`${USAGE}\n`);
    return args.command === undefined && !argv.includes('--help') ? 2 : 0;
  }
  if (argv.includes('--version')) {
    out(`${process.env.LAKEHOUSE_VERSION ?? 'dev'}\n`);
    return 0;
  }
  if ((args.command !== 'run' && args.command !== 'query') || args.operand === undefined) {
    err(`lakehouse: expected "run <file.sql>" or "query <sql>"\n\n${USAGE}\n`);
    return 2;
  }
  let sql: string;
  if (args.command === 'run') {
    try {
      sql = await readFile(args.operand, 'utf8');
    } catch (e) {
      err(`lakehouse: cannot read ${args.operand}: ${(e as Error).message}\n`);
      return 1;
    }
  } else {
    sql = args.operand;
  }
  const engine = new DuckDBEngine(':memory:');
  try {
    for (const statement of splitStatements(sql)) {
      const outcome = await engine.execute(statement.text, { maxRows: args.maxRows });
      if (!outcome.ok) {
        err(`lakehouse: statement failed: ${outcome.message}\n`);
        return 1;
      }
      const { result } = outcome;
      out(args.format === 'csv' ? toCsv(result) : args.format === 'json' ? toJsonLines(result) : toAligned(result));
      if (result.truncated) err(`lakehouse: output cut at ${args.maxRows} rows (--max-rows)\n`);
    }
    return 0;
  } finally {
    engine.dispose();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => {
    process.exitCode = code;
  });
}
