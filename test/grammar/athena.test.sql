-- SYNTAX TEST "source.athena-sql" "Athena SQL: Trino DML and Hive DDL"

SELECT agency_id, count(*) AS n FROM raw.agencies WHERE x = 1;
-- <------ keyword.other.dml.sql
--                ^^^^^ support.function.sql
--                         ^^ keyword.other.dml.sql
--                              ^^^^ keyword.other.dml.sql
--                                                ^^^^^ keyword.other.dml.sql
--                                                        ^ keyword.operator.sql
--                                                          ^ constant.numeric.sql
--                                                           ^ punctuation.terminator.statement.sql
SELECT 'it''s', "odd ""name""", `back``tick` FROM t -- trailing
--     ^^^^^^^ string.quoted.single.sql
--        ^^ string.quoted.single.sql constant.character.escape.sql
--              ^^^^^^^^^^^^^^ variable.other.quoted.double.sql
--                              ^^^^^^^^^^^^ variable.other.quoted.backtick.sql
--                                                  ^^^^^^^^^^^ comment.line.double-dash.sql
/* a block; comment */ SELECT 1
-- <---------------------- comment.block.sql
--                     ^^^^^^ keyword.other.dml.sql
SELECT DATE '2024-01-31', TIMESTAMP '2024-01-31 10:00:00', INTERVAL '1' DAY
--     ^^^^ storage.type.literal.sql
--          ^^^^^^^^^^^^ string.quoted.single.sql
--                        ^^^^^^^^^ storage.type.literal.sql
--                                                         ^^^^^^^^ storage.type.interval.sql
--                                                                  ^^^ string.quoted.single.sql
--                                                                      ^^^ keyword.other.unit.sql
SELECT * FROM t WHERE year = ? AND month IN (?, ?)
--                           ^ variable.parameter.placeholder.sql
--                             ^^^ keyword.other.dml.sql
--                                       ^^ keyword.other.dml.sql
SELECT 1.5e3, 42, .5, NULL, TRUE
--     ^^^^^ constant.numeric.sql
--            ^^ constant.numeric.sql
--      ^^ constant.numeric.sql
--                    ^^^^ constant.language.null.sql
--                          ^^^^ constant.language.boolean.sql
CREATE EXTERNAL TABLE IF NOT EXISTS raw.spend (
-- <------ keyword.other.ddl.sql
--     ^^^^^^^^ keyword.other.ddl.sql
--              ^^^^^ keyword.other.ddl.sql
--                           ^^^^^^ keyword.other.ddl.sql
  id bigint COMMENT 'key',
--   ^^^^^^ storage.type.sql
--          ^^^^^^^ keyword.other.ddl.sql
--                  ^^^^^ string.quoted.single.sql
  tags array<string>,
--     ^^^^^ storage.type.sql
--           ^^^^^^ storage.type.sql
  owner struct<name:string,level:int>,
--      ^^^^^^ storage.type.sql
--                               ^^^ storage.type.sql
  amount decimal(10,2)
--       ^^^^^^^ storage.type.sql
--               ^^ constant.numeric.sql
)
PARTITIONED BY (year string)
-- <-------------- keyword.other.ddl.partitioning.sql
--                   ^^^^^^ storage.type.sql
CLUSTERED BY (id) INTO 16 BUCKETS
-- <------------ keyword.other.ddl.partitioning.sql
--                ^^^^ keyword.other.ddl.sql
--                     ^^ constant.numeric.sql
--                        ^^^^^^^ keyword.other.ddl.sql
ROW FORMAT DELIMITED
-- <-------------------- keyword.other.ddl.row-format.sql
  FIELDS TERMINATED BY ','
--^^^^^^^^^^^^^^^^^^^^ keyword.other.ddl.delimited.sql
--                     ^^^ string.quoted.single.sql
  ESCAPED BY '\\'
--^^^^^^^^^^ keyword.other.ddl.delimited.sql
  LINES TERMINATED BY '\n'
--^^^^^^^^^^^^^^^^^^^ keyword.other.ddl.delimited.sql
  COLLECTION ITEMS TERMINATED BY '|'
--^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ keyword.other.ddl.delimited.sql
  MAP KEYS TERMINATED BY ':'
--^^^^^^^^^^^^^^^^^^^^^^ keyword.other.ddl.delimited.sql
STORED AS TEXTFILE
-- <--------- keyword.other.ddl.stored-as.sql
--        ^^^^^^^^ support.constant.file-format.sql
LOCATION 's3://bucket/raw/spend/'
-- <-------- keyword.other.ddl.location.sql
--       ^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.single.sql
TBLPROPERTIES ('skip.header.line.count' = '1');
-- <------------- keyword.other.ddl.tblproperties.sql
--             ^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.single.sql

CREATE EXTERNAL TABLE t (a string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
-- <---------------- keyword.other.ddl.row-format.sql
--               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.single.sql
WITH SERDEPROPERTIES ('separatorChar' = ',')
-- <-------------------- keyword.other.ddl.serdeproperties.sql
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
-- <--------- keyword.other.ddl.stored-as.sql
--        ^^^^^^^^^^^ keyword.other.ddl.stored-as.sql
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
-- <------------ keyword.other.ddl.stored-as.sql
LOCATION 's3://b/t/';

CREATE TABLE curated.fact STORED AS PARQUET
--                                  ^^^^^^^ support.constant.file-format.sql
WITH (format = 'PARQUET', write_compression = 'ZSTD', external_location = 's3://b/c/', partitioned_by = ARRAY['year'], bucketed_by = ARRAY['id'], bucket_count = 8)
--    ^^^^^^ support.type.property-name.sql
--                        ^^^^^^^^^^^^^^^^^ support.type.property-name.sql
--                                                    ^^^^^^^^^^^^^^^^^ support.type.property-name.sql
--                                                                                     ^^^^^^^^^^^^^^ support.type.property-name.sql
--                                                                                                                     ^^^^^^^^^^^ support.type.property-name.sql
--                                                                                                                                                ^^^^^^^^^^^^ support.type.property-name.sql
AS SELECT * FROM staging.fact;
-- <-- keyword.other.dml.sql

CREATE TABLE ice.t WITH (table_type = 'ICEBERG', is_external = false, location = 's3://b/i/', partitioning = ARRAY['month(ts)']) AS SELECT 1 AS x;
--                       ^^^^^^^^^^ support.type.property-name.sql
--                                               ^^^^^^^^^^^ support.type.property-name.sql
--                                                             ^^^^^ constant.language.boolean.sql
--                                                                    ^^^^^^^^ support.type.property-name.sql
--                                                                                            ^^^^^^^^^^^^ support.type.property-name.sql
MSCK REPAIR TABLE raw.spend;
-- <----------------- keyword.other.ddl.msck.sql
ALTER TABLE raw.spend ADD IF NOT EXISTS PARTITION (year = '2024') LOCATION 's3://b/y=2024/';
-- <----- keyword.other.ddl.sql
--                    ^^^ keyword.other.ddl.sql
--                                      ^^^^^^^^^ keyword.other.ddl.sql
SELECT CAST(x AS decimal(10,2)), try_cast(y AS bigint), date_parse(d, '%m/%d/%Y') FROM t
--     ^^^^ support.function.sql
--               ^^^^^^^ storage.type.sql
--                               ^^^^^^^^ support.function.sql
--                                             ^^^^^^ storage.type.sql
--                                                      ^^^^^^^^^^ support.function.sql
INSERT INTO curated.fact SELECT * FROM staging.late
-- <----------- keyword.other.dml.sql
UNLOAD (SELECT * FROM t) TO 's3://b/out/' WITH (format = 'PARQUET')
-- <------ keyword.other.ddl.sql
--                                              ^^^^^^ support.type.property-name.sql
MERGE INTO ice.t USING s ON t.id = s.id WHEN MATCHED THEN DELETE
-- <----- keyword.other.dml.sql
--               ^^^^^ keyword.other.dml.sql
--                                      ^^^^ keyword.other.dml.sql
--                                           ^^^^^^^ keyword.other.dml.sql
--                                                        ^^^^^^ keyword.other.dml.sql
OPTIMIZE ice.t REWRITE DATA USING BIN_PACK
-- <-------- keyword.other.ddl.sql
--             ^^^^^^^ keyword.other.ddl.sql
VACUUM ice.t
-- <------ keyword.other.ddl.sql
WITH base AS (SELECT 1 AS x) SELECT x FROM base ORDER BY x DESC NULLS LAST LIMIT 10
-- <---- keyword.other.dml.sql
--                                              ^^^^^^^^ keyword.other.dml.sql
--                                                         ^^^^ keyword.other.dml.sql
--                                                                         ^^^^^ keyword.other.dml.sql
SELECT row_number() OVER (PARTITION BY a ORDER BY b) FROM t
--     ^^^^^^^^^^ support.function.sql
--                  ^^^^ keyword.other.dml.sql
--                        ^^^^^^^^^^^^ keyword.other.dml.sql
SELECT my_udf(1), a || b, t.col FROM t CROSS JOIN UNNEST(tags) AS u(tag)
--     ^^^^^^ entity.name.function.sql
--                  ^^ keyword.operator.sql
--                                     ^^^^^ keyword.other.dml.sql
--                                           ^^^^ keyword.other.dml.sql
--                                                ^^^^^^ keyword.other.dml.sql
