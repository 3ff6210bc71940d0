-- Staging views clean and cast the raw layer; the curated star schema is written by CTAS as
-- Parquet (facts partitioned by year/month) for the BI tools.

CREATE DATABASE IF NOT EXISTS ps_cloud_staging
COMMENT 'Cleaned, typed views over the raw layer';

CREATE OR REPLACE VIEW ps_cloud_staging.services AS
SELECT
  service_id,
  agency_id,
  service_name,
  service_kind,
  criticality,
  current_provider AS provider_id,
  CAST(date_parse(go_live_date, '%m/%d/%Y') AS date) AS go_live_date
FROM ps_cloud_raw.services;

CREATE OR REPLACE VIEW ps_cloud_staging.cost_monthly AS
SELECT
  CAST(date_parse(billing_month || '-01', '%Y-%m-%d') AS date) AS month_start,
  agency_id,
  service_id,
  provider_id,
  cost_category,
  CAST(cost_eur AS decimal(12,2)) AS cost_eur,
  CAST(idle_cost_eur AS decimal(12,2)) AS idle_cost_eur
FROM ps_cloud_raw.cost_monthly;

CREATE OR REPLACE VIEW ps_cloud_staging.migrations AS
SELECT
  service_id,
  from_provider,
  to_provider,
  planned_date,
  CAST(nullif(trim(completed_date), '') AS date) AS completed_date,
  status
FROM ps_cloud_raw.migrations;

CREATE OR REPLACE VIEW ps_cloud_staging.incidents AS
SELECT
  incident_id,
  service_id,
  severity,
  from_iso8601_timestamp(opened_at) AS opened_at,
  from_iso8601_timestamp(resolved_at) AS resolved_at,
  date_diff('minute', from_iso8601_timestamp(opened_at), from_iso8601_timestamp(resolved_at)) AS minutes_to_resolve,
  cause,
  tags,
  impact.users_affected AS users_affected
FROM ps_cloud_raw.incidents;

CREATE DATABASE IF NOT EXISTS ps_cloud_curated
COMMENT 'Star schema for BI: dimensions and monthly facts, Parquet';

CREATE TABLE ps_cloud_curated.dim_agency
WITH (format = 'PARQUET', write_compression = 'SNAPPY', external_location = 's3://ps-cloud-lakehouse/curated/dim_agency/')
AS SELECT agency_id, agency_name, ministry, region, headcount
FROM ps_cloud_raw.agencies;

CREATE TABLE ps_cloud_curated.dim_provider
WITH (format = 'PARQUET', write_compression = 'SNAPPY', external_location = 's3://ps-cloud-lakehouse/curated/dim_provider/')
AS SELECT provider_id, provider_name, provider_kind, sovereign
FROM ps_cloud_raw.providers;

CREATE TABLE ps_cloud_curated.dim_service
WITH (format = 'PARQUET', write_compression = 'SNAPPY', external_location = 's3://ps-cloud-lakehouse/curated/dim_service/')
AS SELECT
  s.service_id,
  s.agency_id,
  s.service_name,
  s.service_kind,
  s.criticality,
  s.provider_id,
  s.go_live_date,
  m.completed_date AS migrated_on,
  m.from_provider AS migrated_from
FROM ps_cloud_staging.services s
LEFT JOIN ps_cloud_staging.migrations m ON m.service_id = s.service_id AND m.status = 'completed';

CREATE TABLE ps_cloud_curated.dim_month
WITH (format = 'PARQUET', external_location = 's3://ps-cloud-lakehouse/curated/dim_month/')
AS SELECT
  month_start,
  year(month_start) AS year,
  month(month_start) AS month,
  quarter(month_start) AS quarter,
  date_format(month_start, '%Y-%m') AS month_label,
  last_day_of_month(month_start) AS month_end
FROM UNNEST(sequence(DATE '2022-01-01', DATE '2024-12-01', INTERVAL '1' MONTH)) AS t(month_start);

-- Partition columns come last, in the order of partitioned_by.
CREATE TABLE ps_cloud_curated.fact_cost_monthly
WITH (
  format = 'PARQUET',
  write_compression = 'SNAPPY',
  external_location = 's3://ps-cloud-lakehouse/curated/fact_cost_monthly/',
  partitioned_by = ARRAY['year', 'month']
)
AS SELECT
  month_start,
  agency_id,
  service_id,
  provider_id,
  cost_category,
  cost_eur,
  idle_cost_eur,
  CAST(year(month_start) AS varchar) AS year,
  date_format(month_start, '%m') AS month
FROM ps_cloud_staging.cost_monthly;

CREATE TABLE ps_cloud_curated.fact_reliability_monthly
WITH (
  format = 'PARQUET',
  write_compression = 'SNAPPY',
  external_location = 's3://ps-cloud-lakehouse/curated/fact_reliability_monthly/',
  partitioned_by = ARRAY['year']
)
AS SELECT
  date_trunc('month', a.day) AS month_start,
  a.service_id,
  sum(a.uptime_minutes) AS uptime_minutes,
  sum(a.downtime_minutes) AS downtime_minutes,
  round(100.0 * sum(a.uptime_minutes) / (sum(a.uptime_minutes) + sum(a.downtime_minutes)), 3) AS availability_pct,
  sum(a.requests) AS requests,
  sum(a.errors) AS errors,
  max(a.p95_latency_ms) AS worst_p95_latency_ms,
  a.year
FROM ps_cloud_raw.availability_daily a
GROUP BY date_trunc('month', a.day), a.service_id, a.year;
