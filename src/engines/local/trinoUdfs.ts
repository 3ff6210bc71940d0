import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { decimalOp } from '../../core/sql/decimalOps';
import { javaGroupCount, javaReplacement } from '../../core/sql/javaRegex';
import { canonicalJson } from '../../core/sql/jsonCanonical';
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

/** A function of JS over several arguments, applied to each row where none is NULL. */
function naryFunction(
  duckdb: typeof DuckDB,
  name: string,
  parameters: DuckDB.DuckDBType[],
  returnType: DuckDB.DuckDBType,
  compute: (...values: unknown[]) => DuckDB.DuckDBValue,
): DuckDB.DuckDBScalarFunction {
  return duckdb.DuckDBScalarFunction.create({
    name,
    mainFunction: (info, input, output) => {
      const columns = parameters.map((_, i) => input.getColumnVector(i));
      try {
        for (let row = 0; row < input.rowCount; row++) {
          const values = columns.map((c) => c.getItem(row));
          output.setItem(row, values.some((v) => v === null) ? null : compute(...values));
        }
      } catch (e) {
        info.setError(e instanceof Error ? e.message : String(e));
      }
      output.flush();
    },
    returnType,
    parameterTypes: parameters,
  });
}

/** A two-argument function of JS, applied to each row where neither value is NULL. */
const binaryFunction = (
  duckdb: typeof DuckDB,
  name: string,
  parameters: [DuckDB.DuckDBType, DuckDB.DuckDBType],
  returnType: DuckDB.DuckDBType,
  compute: (a: unknown, b: unknown) => DuckDB.DuckDBValue,
): DuckDB.DuckDBScalarFunction => naryFunction(duckdb, name, parameters, returnType, (a, b) => compute(a, b));

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
    binaryFunction(duckdb, '__lh_decimal_text', [duckdb.DOUBLE, duckdb.BOOLEAN], duckdb.VARCHAR, (x, real) => shortestDecimalText(Number(x), real === true)),
  );
  c.registerScalarFunction(unaryFunction(duckdb, '__lh_regex_groups', duckdb.VARCHAR, (v) => javaGroupCount(String(v)), duckdb.INTEGER));
  c.registerScalarFunction(binaryFunction(duckdb, '__lh_java_replacement', [duckdb.VARCHAR, duckdb.VARCHAR], duckdb.VARCHAR, (p, r) => javaReplacement(String(p), String(r))));
  c.registerScalarFunction(unaryFunction(duckdb, '__lh_json_canonical', duckdb.VARCHAR, (v) => canonicalJson(String(v)) ?? String(v)));
  // Trino's decimal ×, ÷ and %, exact: (op, a, b, p, s) → the result's text at decimal(p, s).
  c.registerScalarFunction(
    naryFunction(duckdb, '__lh_decimal_op', [duckdb.VARCHAR, duckdb.VARCHAR, duckdb.VARCHAR, duckdb.INTEGER, duckdb.INTEGER], duckdb.VARCHAR, (op, a, b, p, s) =>
      decimalOp(String(op), String(a), String(b), Number(p), Number(s)),
    ),
  );
  c.registerScalarFunction(
    binaryFunction(duckdb, '__lh_levenshtein', [duckdb.VARCHAR, duckdb.VARCHAR], duckdb.BIGINT, (a, b) => BigInt(levenshteinCodePoints(String(a), String(b)))),
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
