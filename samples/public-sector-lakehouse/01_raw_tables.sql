-- Raw layer: tables over the files exactly as they land in S3 (no crawler: DDL by hand).
-- Quoted CSV needs OpenCSVSerde; plain CSV/PSV uses LazySimpleSerDe; the ticketing API lands
-- JSON lines. Anything a SerDe cannot parse stays STRING here and is cast in staging.

CREATE DATABASE IF NOT EXISTS ps_cloud_raw
COMMENT 'Landing zone: files as delivered by each source';

-- Every field quoted by the HR export: OpenCSVSerde (INT is one of the types it can parse).
CREATE EXTERNAL TABLE IF NOT EXISTS ps_cloud_raw.agencies (
  agency_id string,
  agency_name string,
  ministry string,
  region string,
  headcount int
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '"', 'escapeChar' = '\\')
LOCATION 's3://ps-cloud-lakehouse/raw/agencies/'
TBLPROPERTIES ('skip.header.line.count' = '1');

CREATE EXTERNAL TABLE IF NOT EXISTS ps_cloud_raw.providers (
  provider_id string,
  provider_name string,
  provider_kind string,
  sovereign boolean
)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
LOCATION 's3://ps-cloud-lakehouse/raw/providers/'
TBLPROPERTIES ('skip.header.line.count' = '1');

-- go_live_date comes as MM/DD/YYYY: not a DATE Athena can read, so STRING here.
CREATE EXTERNAL TABLE IF NOT EXISTS ps_cloud_raw.services (
  service_id string,
  agency_id string,
  service_name string,
  service_kind string,
  criticality string,
  current_provider string,
  go_live_date string
)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
LOCATION 's3://ps-cloud-lakehouse/raw/services/'
TBLPROPERTIES ('skip.header.line.count' = '1');

CREATE EXTERNAL TABLE IF NOT EXISTS ps_cloud_raw.sla_targets (
  service_id string,
  year int,
  availability_target_pct decimal(5,2),
  p95_latency_target_ms int
)
ROW FORMAT DELIMITED FIELDS TERMINATED BY '|'
LOCATION 's3://ps-cloud-lakehouse/raw/sla_targets/'
TBLPROPERTIES ('skip.header.line.count' = '1');

-- One folder per month: year=YYYY/month=MM/.
CREATE EXTERNAL TABLE IF NOT EXISTS ps_cloud_raw.availability_daily (
  day date,
  service_id string,
  uptime_minutes int,
  downtime_minutes int,
  requests bigint,
  errors bigint,
  p95_latency_ms int
)
PARTITIONED BY (year string, month string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
LOCATION 's3://ps-cloud-lakehouse/raw/availability_daily/'
TBLPROPERTIES ('skip.header.line.count' = '1');

MSCK REPAIR TABLE ps_cloud_raw.availability_daily;

CREATE EXTERNAL TABLE IF NOT EXISTS ps_cloud_raw.usage_monthly (
  month string,
  service_id string,
  provider_id string,
  resource_type string,
  usage_quantity double,
  unit string
)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
LOCATION 's3://ps-cloud-lakehouse/raw/usage_monthly/'
TBLPROPERTIES ('skip.header.line.count' = '1');

-- The billing export quotes every field: OpenCSVSerde, and money stays STRING (it would be
-- DOUBLE at best; staging casts it to DECIMAL).
CREATE EXTERNAL TABLE IF NOT EXISTS ps_cloud_raw.cost_monthly (
  billing_month string,
  agency_id string,
  service_id string,
  provider_id string,
  cost_category string,
  cost_eur string,
  idle_cost_eur string,
  currency string
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '"', 'escapeChar' = '\\')
LOCATION 's3://ps-cloud-lakehouse/raw/cost_monthly/'
TBLPROPERTIES ('skip.header.line.count' = '1');

CREATE EXTERNAL TABLE IF NOT EXISTS ps_cloud_raw.budgets (
  agency_id string,
  fiscal_year int,
  provider_id string,
  budget_eur decimal(12,2)
)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
LOCATION 's3://ps-cloud-lakehouse/raw/budgets/'
TBLPROPERTIES ('skip.header.line.count' = '1');

-- completed_date is empty while a migration is in progress: STRING, made NULL in staging.
CREATE EXTERNAL TABLE IF NOT EXISTS ps_cloud_raw.migrations (
  service_id string,
  from_provider string,
  to_provider string,
  planned_date date,
  completed_date string,
  status string
)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
LOCATION 's3://ps-cloud-lakehouse/raw/migrations/'
TBLPROPERTIES ('skip.header.line.count' = '1');

-- Ticketing API extract, JSON lines with nested fields; ISO timestamps stay STRING.
CREATE EXTERNAL TABLE IF NOT EXISTS ps_cloud_raw.incidents (
  incident_id string,
  service_id string,
  severity string,
  opened_at string,
  resolved_at string,
  cause string,
  tags array<string>,
  impact struct<users_affected:int, regions:array<string>>
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://ps-cloud-lakehouse/raw/incidents/';
