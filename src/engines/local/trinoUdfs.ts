import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { intervalText, levenshteinCodePoints, parseDurationMillis, shortestDecimalText, trinoJsonText, trinoNumberText } from '../../core/results/trinoText';

/** A one-argument function of JS, applied to each non-NULL value of a chunk (an error fails the query). */
function unaryFunction(
  duckdb: typeof DuckDB,
  name: string,
  parameter: DuckDB.DuckDBType,
  format: (v: unknown) => DuckDB.DuckDBValue,
  returnType: DuckDB.DuckDBType = duckdb.VARCHAR,
): DuckDB.DuckDBScalarFunction {
  return duckdb.DuckDBScalarFunction.create({
    name,
    mainFunction: (info, input, output) => {
      const values = input.getColumnVector(0);
      try {
        for (let row = 0; row < input.rowCount; row++) {
          const v = values.getItem(row);
          output.setItem(row, v === null ? null : format(v));
        }
      } catch (e) {
        info.setError(e instanceof Error ? e.message : String(e));
      }
      output.flush();
    },
    returnType,
    parameterTypes: [parameter],
  });
}

/**
 * Functions written in JS where an SQL macro would cost milliseconds of binding per call: Trino's
 * text of numbers, intervals and JSON values (what `CAST(x AS varchar)` writes on Athena).
 */
export function registerTrinoUdfs(duckdb: typeof DuckDB, c: DuckDBConnection): void {
  c.registerScalarFunction(unaryFunction(duckdb, '__lh_number_text', duckdb.VARCHAR, (v) => trinoNumberText(String(v))));
  c.registerScalarFunction(
    unaryFunction(duckdb, '__lh_interval_text', duckdb.INTERVAL, (v) => {
      const i = v as { months: number; days: number; micros: bigint };
      return intervalText({ months: i.months, days: i.days, micros: String(i.micros) }) ?? `${i.months} months ${i.days} days ${String(i.micros)} microseconds`;
    }),
  );
  c.registerScalarFunction(unaryFunction(duckdb, '__lh_json_text', duckdb.VARCHAR, (v) => trinoJsonText(String(v))));
  c.registerScalarFunction(
    duckdb.DuckDBScalarFunction.create({
      name: '__lh_decimal_text',
      mainFunction: (_info, input, output) => {
        const x = input.getColumnVector(0);
        const real = input.getColumnVector(1);
        for (let row = 0; row < input.rowCount; row++) {
          const v = x.getItem(row);
          output.setItem(row, v === null ? null : shortestDecimalText(Number(v), real.getItem(row) === true));
        }
        output.flush();
      },
      returnType: duckdb.VARCHAR,
      parameterTypes: [duckdb.DOUBLE, duckdb.BOOLEAN],
    }),
  );
  c.registerScalarFunction(
    duckdb.DuckDBScalarFunction.create({
      name: '__lh_levenshtein',
      mainFunction: (_info, input, output) => {
        const a = input.getColumnVector(0);
        const b = input.getColumnVector(1);
        for (let row = 0; row < input.rowCount; row++) {
          const x = a.getItem(row);
          const y = b.getItem(row);
          output.setItem(row, x === null || y === null ? null : BigInt(levenshteinCodePoints(String(x), String(y))));
        }
        output.flush();
      },
      returnType: duckdb.BIGINT,
      parameterTypes: [duckdb.VARCHAR, duckdb.VARCHAR],
    }),
  );
  c.registerScalarFunction(
    unaryFunction(
      duckdb,
      '__lh_parse_duration',
      duckdb.VARCHAR,
      (v) => {
        const ms = BigInt(parseDurationMillis(String(v)));
        return duckdb.intervalValue(0, Number(ms / 86_400_000n), (ms % 86_400_000n) * 1000n);
      },
      duckdb.INTERVAL,
    ),
  );
}
