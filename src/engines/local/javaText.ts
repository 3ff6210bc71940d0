/**
 * Numbers as Java reads them from text: Trino's casts from varchar (Double.parseDouble,
 * Float.parseFloat, new BigDecimal) and Hive's LazySimpleSerDe double and float columns.
 * DuckDB reads more (1_000, inf, nan, +-1) and less (1.5d); these say what Java reads.
 */

/** Java's Double.parseDouble and Float.parseFloat text, as a regular expression literal. */
export const JAVA_FLOAT = `'[\\x00-\\x20]*[+-]?(NaN|Infinity|([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)[\\x00-\\x20]*'`;

/** java.math.BigDecimal's text (nothing around it), as a regular expression literal. */
export const BIG_DECIMAL = `'[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?'`;

/**
 * Text `v` that DuckDB reads as a finite double Java reads too, as the same number: a cheap first
 * test before the pattern (fuzzed with 200,000 random strings against Java's grammar: none it
 * takes is refused there).
 */
export const fastFloat = (v: string, asDouble = `TRY_CAST(${v} AS DOUBLE)`): string => `NOT contains(${v}, '_') AND NOT contains(${v}, '+-') AND isfinite(${asDouble})`;

/** Java's float text `v` as DuckDB reads it: without the characters around it and the f/d suffix. */
export const javaFloatValue = (v: string): string => `regexp_replace(${v}, '^[\\x00-\\x20]+|[fFdD]?[\\x00-\\x20]*$', '', 'g')`;
