/**
 * Athena (Trino) functions for completion, hover and signature help: each with its signature(s)
 * and one line on what it does. The commonest of Athena engine v3's functions, by family.
 */
export interface FunctionDoc {
  readonly name: string;
  /** Parameter lists, e.g. `(string, format)`; several for overloads. */
  readonly signatures: readonly string[];
  readonly returns: string;
  readonly description: string;
  readonly kind: 'aggregate' | 'window' | 'scalar';
}

const f = (name: string, signatures: string[], returns: string, description: string, kind: FunctionDoc['kind'] = 'scalar'): FunctionDoc => ({ name, signatures, returns, description, kind });

export const FUNCTIONS: readonly FunctionDoc[] = [
  // Aggregates
  f('count', ['(*)', '(x)'], 'bigint', 'Number of rows, or of non-NULL values of x.', 'aggregate'),
  f('count_if', ['(condition boolean)'], 'bigint', 'Number of rows where the condition is true.', 'aggregate'),
  f('sum', ['(x)'], 'same as x', 'Sum of the non-NULL values.', 'aggregate'),
  f('avg', ['(x)'], 'double', 'Average of the non-NULL values.', 'aggregate'),
  f('min', ['(x)', '(x, n bigint)'], 'same as x', 'Smallest value (or the n smallest, as an array).', 'aggregate'),
  f('max', ['(x)', '(x, n bigint)'], 'same as x', 'Largest value (or the n largest, as an array).', 'aggregate'),
  f('min_by', ['(x, y)'], 'same as x', 'The x of the row with the smallest y.', 'aggregate'),
  f('max_by', ['(x, y)'], 'same as x', 'The x of the row with the largest y.', 'aggregate'),
  f('approx_distinct', ['(x)', '(x, max_standard_error double)'], 'bigint', 'Approximate number of distinct values (HyperLogLog), far cheaper than count(DISTINCT).', 'aggregate'),
  f('approx_percentile', ['(x, percentage double)', '(x, percentages array(double))'], 'same as x', 'Approximate percentile(s) of x.', 'aggregate'),
  f('array_agg', ['(x)'], 'array', 'The values as an array (in the order given by ORDER BY inside the call).', 'aggregate'),
  f('map_agg', ['(key, value)'], 'map', 'A map from the keys to their values.', 'aggregate'),
  f('arbitrary', ['(x)'], 'same as x', 'Any one non-NULL value of x.', 'aggregate'),
  f('bool_and', ['(boolean)'], 'boolean', 'True when every value is true.', 'aggregate'),
  f('bool_or', ['(boolean)'], 'boolean', 'True when any value is true.', 'aggregate'),
  f('stddev', ['(x)'], 'double', 'Sample standard deviation.', 'aggregate'),
  f('variance', ['(x)'], 'double', 'Sample variance.', 'aggregate'),
  // Window
  f('row_number', ['()'], 'bigint', 'Position of the row within its window partition, from 1.', 'window'),
  f('rank', ['()'], 'bigint', 'Rank with gaps for ties.', 'window'),
  f('dense_rank', ['()'], 'bigint', 'Rank without gaps for ties.', 'window'),
  f('ntile', ['(n bigint)'], 'bigint', 'Bucket number from 1 to n.', 'window'),
  f('lag', ['(x)', '(x, offset bigint)', '(x, offset bigint, default)'], 'same as x', 'The value offset rows before the current one.', 'window'),
  f('lead', ['(x)', '(x, offset bigint)', '(x, offset bigint, default)'], 'same as x', 'The value offset rows after the current one.', 'window'),
  f('first_value', ['(x)'], 'same as x', 'First value of the window frame.', 'window'),
  f('last_value', ['(x)'], 'same as x', 'Last value of the window frame.', 'window'),
  // Conditional and conversion
  f('coalesce', ['(value1, value2, ...)'], 'same as values', 'The first non-NULL argument.'),
  f('nullif', ['(value1, value2)'], 'same as value1', 'NULL when value1 equals value2, else value1.'),
  f('if', ['(condition, true_value)', '(condition, true_value, false_value)'], 'same as values', 'true_value when the condition holds, else false_value (or NULL).'),
  f('greatest', ['(value1, value2, ...)'], 'same as values', 'The largest argument.'),
  f('least', ['(value1, value2, ...)'], 'same as values', 'The smallest argument.'),
  f('try', ['(expression)'], 'same as expression', 'The expression, or NULL where it fails (division by zero, bad cast…).'),
  f('try_cast', ['(value AS type)'], 'type', 'The value cast to the type, or NULL when it cannot be.'),
  f('typeof', ['(expression)'], 'varchar', 'The type of the expression.'),
  // Dates and times
  f('current_date', [''], 'date', 'Today (UTC), without parentheses.'),
  f('now', ['()'], 'timestamp with time zone', 'The current timestamp.'),
  f('date_parse', ['(string, format)'], 'timestamp', "Parses a string with a MySQL-style format, e.g. date_parse('01/31/2024', '%m/%d/%Y')."),
  f('date_format', ['(timestamp, format)'], 'varchar', "Formats a timestamp with a MySQL-style format ('%Y-%m-%d')."),
  f('date_trunc', ['(unit, x)'], 'same as x', "Truncates to 'day', 'week', 'month', 'quarter' or 'year' (or 'hour'…)."),
  f('date_add', ['(unit, value bigint, timestamp)'], 'same as timestamp', "Adds value units ('day', 'month'…) to a date or timestamp."),
  f('date_diff', ['(unit, timestamp1, timestamp2)'], 'bigint', 'Whole units from timestamp1 to timestamp2.'),
  f('from_iso8601_timestamp', ['(string)'], 'timestamp with time zone', "Parses ISO 8601 ('2024-01-31T10:00:00Z')."),
  f('from_iso8601_date', ['(string)'], 'date', "Parses an ISO 8601 date ('2024-01-31')."),
  f('to_iso8601', ['(x)'], 'varchar', 'ISO 8601 text of a date or timestamp.'),
  f('from_unixtime', ['(unixtime)', '(unixtime, zone)'], 'timestamp with time zone', 'The timestamp of epoch seconds.'),
  f('to_unixtime', ['(timestamp)'], 'double', 'Epoch seconds of a timestamp.'),
  f('year', ['(x)'], 'bigint', 'Year of a date or timestamp.'),
  f('quarter', ['(x)'], 'bigint', 'Quarter (1–4) of a date or timestamp.'),
  f('month', ['(x)'], 'bigint', 'Month (1–12) of a date or timestamp.'),
  f('week', ['(x)'], 'bigint', 'ISO week of the year.'),
  f('day', ['(x)'], 'bigint', 'Day of the month.'),
  f('day_of_week', ['(x)'], 'bigint', 'ISO day of the week (Monday = 1).'),
  f('hour', ['(x)'], 'bigint', 'Hour of the day.'),
  f('extract', ['(field FROM x)'], 'bigint', 'A field (YEAR, MONTH, DAY…) of a date or timestamp.'),
  f('at_timezone', ['(timestamp, zone)'], 'timestamp with time zone', 'The timestamp in another time zone.'),
  // Strings
  f('concat', ['(string1, string2, ...)'], 'varchar', 'Concatenation (also the || operator).'),
  f('concat_ws', ['(separator, string1, string2, ...)'], 'varchar', 'Concatenation with a separator, skipping NULLs.'),
  f('length', ['(string)'], 'bigint', 'Length in characters.'),
  f('lower', ['(string)'], 'varchar', 'Lower case.'),
  f('upper', ['(string)'], 'varchar', 'Upper case.'),
  f('trim', ['(string)'], 'varchar', 'Without leading and trailing whitespace.'),
  f('ltrim', ['(string)'], 'varchar', 'Without leading whitespace.'),
  f('rtrim', ['(string)'], 'varchar', 'Without trailing whitespace.'),
  f('substr', ['(string, start bigint)', '(string, start bigint, length bigint)'], 'varchar', 'Substring from start (1-based).'),
  f('replace', ['(string, search)', '(string, search, replace)'], 'varchar', 'Every search replaced (or removed).'),
  f('split', ['(string, delimiter)'], 'array(varchar)', 'The string split into an array.'),
  f('split_part', ['(string, delimiter, index bigint)'], 'varchar', 'The index-th part (1-based) of the split string.'),
  f('strpos', ['(string, substring)'], 'bigint', 'Position (1-based) of the first occurrence, 0 if none.'),
  f('lpad', ['(string, size bigint, padstring)'], 'varchar', 'Left-padded to size characters.'),
  f('rpad', ['(string, size bigint, padstring)'], 'varchar', 'Right-padded to size characters.'),
  f('regexp_like', ['(string, pattern)'], 'boolean', 'Whether the pattern matches anywhere in the string.'),
  f('regexp_extract', ['(string, pattern)', '(string, pattern, group bigint)'], 'varchar', 'The first match (or a group of it); NULL when none.'),
  f('regexp_replace', ['(string, pattern)', '(string, pattern, replacement)'], 'varchar', 'Every match replaced (or removed).'),
  f('format', ['(format, args...)'], 'varchar', 'Java-style formatted text.'),
  // JSON
  f('json_extract', ['(json, json_path)'], 'json', "The JSON at a path ('$.a.b')."),
  f('json_extract_scalar', ['(json, json_path)'], 'varchar', 'The scalar at a path, as text.'),
  f('json_parse', ['(string)'], 'json', 'Parses JSON text.'),
  f('json_format', ['(json)'], 'varchar', 'JSON as text.'),
  // Arrays and maps
  f('cardinality', ['(array)', '(map)'], 'bigint', 'Number of elements.'),
  f('element_at', ['(array, index bigint)', '(map, key)'], 'element', 'Element at a 1-based index (negative from the end) or for a key; NULL when absent.'),
  f('contains', ['(array, element)'], 'boolean', 'Whether the array holds the element.'),
  f('array_join', ['(array, delimiter)', '(array, delimiter, null_replacement)'], 'varchar', 'Elements joined into text.'),
  f('array_distinct', ['(array)'], 'array', 'Without repeated elements.'),
  f('array_sort', ['(array)'], 'array', 'Sorted, NULLs last.'),
  f('sequence', ['(start, stop)', '(start, stop, step)'], 'array', 'Numbers or dates from start to stop.'),
  f('transform', ['(array, function)'], 'array', 'Each element mapped by a lambda (x -> …).'),
  f('filter', ['(array, function)'], 'array', 'Elements for which a lambda is true.'),
  f('map_keys', ['(map)'], 'array', 'Keys of a map.'),
  f('map_values', ['(map)'], 'array', 'Values of a map.'),
  // Math
  f('round', ['(x)', '(x, d bigint)'], 'same as x', 'Rounded to d decimal places (half away from zero).'),
  f('floor', ['(x)'], 'same as x', 'Rounded down.'),
  f('ceil', ['(x)'], 'same as x', 'Rounded up.'),
  f('abs', ['(x)'], 'same as x', 'Absolute value.'),
  f('mod', ['(n, m)'], 'same as n', 'Remainder of n divided by m.'),
  f('power', ['(x, p)'], 'double', 'x raised to p.'),
  f('sqrt', ['(x)'], 'double', 'Square root.'),
  f('ln', ['(x)'], 'double', 'Natural logarithm.'),
  f('rand', ['()', '(n bigint)'], 'double', 'A random number in [0, 1) (or an integer in [0, n)).'),
  // Hashing
  f('md5', ['(varbinary)'], 'varbinary', 'MD5 hash (use to_utf8(text) to hash text).'),
  f('to_hex', ['(varbinary)'], 'varchar', 'Hexadecimal text of bytes.'),
  f('to_utf8', ['(string)'], 'varbinary', 'UTF-8 bytes of text.'),
];

export const FUNCTIONS_BY_NAME: ReadonlyMap<string, FunctionDoc> = new Map(FUNCTIONS.map((d) => [d.name, d]));

/** Keywords offered by completion where a statement or clause starts. */
export const KEYWORDS: readonly string[] = [
  'SELECT', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'HAVING', 'LIMIT', 'WITH', 'AS', 'ON', 'JOIN', 'LEFT JOIN', 'INNER JOIN', 'CROSS JOIN', 'UNION ALL',
  'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'AND', 'OR', 'NOT', 'IN', 'IS NULL', 'IS NOT NULL', 'BETWEEN', 'LIKE', 'DISTINCT', 'OVER', 'PARTITION BY',
  'CREATE EXTERNAL TABLE', 'CREATE TABLE', 'CREATE OR REPLACE VIEW', 'CREATE DATABASE', 'DROP TABLE', 'INSERT INTO', 'UNLOAD', 'MERGE INTO', 'MSCK REPAIR TABLE',
  'ALTER TABLE', 'ADD PARTITION', 'ROW FORMAT DELIMITED', 'ROW FORMAT SERDE', 'WITH SERDEPROPERTIES', 'STORED AS', 'LOCATION', 'TBLPROPERTIES', 'PARTITIONED BY',
  'SHOW TABLES', 'SHOW PARTITIONS', 'SHOW CREATE TABLE', 'DESCRIBE', 'EXPLAIN', 'OPTIMIZE', 'VACUUM',
];

/** CTAS `WITH (…)` properties and the values they take. */
export const CTAS_PROPERTIES: readonly { readonly name: string; readonly values: readonly string[]; readonly description: string }[] = [
  { name: 'format', values: ["'PARQUET'", "'ORC'", "'AVRO'", "'JSON'", "'TEXTFILE'"], description: 'File format of the new table.' },
  { name: 'write_compression', values: ["'ZSTD'", "'SNAPPY'", "'GZIP'", "'NONE'"], description: 'Compression (Parquet default GZIP).' },
  { name: 'external_location', values: ["'s3://bucket/prefix/'"], description: 'Where the files go; must be empty.' },
  { name: 'partitioned_by', values: ["ARRAY['col']"], description: 'Partition columns, last in the SELECT list (at most 100 partitions per CTAS).' },
  { name: 'bucketed_by', values: ["ARRAY['col']"], description: 'Bucketing columns.' },
  { name: 'bucket_count', values: ['16'], description: 'Number of buckets.' },
  { name: 'field_delimiter', values: ["','"], description: 'Delimiter for TEXTFILE.' },
  { name: 'table_type', values: ["'ICEBERG'"], description: 'ICEBERG for an Iceberg table.' },
  { name: 'is_external', values: ['false'], description: 'false for Iceberg tables.' },
  { name: 'location', values: ["'s3://bucket/prefix/'"], description: 'Iceberg table location.' },
  { name: 'partitioning', values: ["ARRAY['month(ts)']"], description: 'Iceberg partition transforms (year, month, day, hour, bucket, truncate).' },
];
