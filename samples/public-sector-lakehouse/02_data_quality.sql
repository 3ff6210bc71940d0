-- Data-quality checks on the raw layer: plain Athena SQL, one result per check.

-- Row counts per table.
SELECT 'agencies' AS table_name, count(*) AS row_count FROM ps_cloud_raw.agencies
UNION ALL SELECT 'services', count(*) FROM ps_cloud_raw.services
UNION ALL SELECT 'availability_daily', count(*) FROM ps_cloud_raw.availability_daily
UNION ALL SELECT 'usage_monthly', count(*) FROM ps_cloud_raw.usage_monthly
UNION ALL SELECT 'cost_monthly', count(*) FROM ps_cloud_raw.cost_monthly
UNION ALL SELECT 'budgets', count(*) FROM ps_cloud_raw.budgets
UNION ALL SELECT 'incidents', count(*) FROM ps_cloud_raw.incidents
ORDER BY table_name;

-- Missing keys and values a SerDe could not parse (NULL under LazySimpleSerDe).
SELECT
  count_if(service_id IS NULL OR service_id = '') AS missing_service_id,
  count_if(day IS NULL) AS unparsed_day,
  count_if(requests IS NULL) AS unparsed_requests
FROM ps_cloud_raw.availability_daily;

-- Duplicates: one row per service and day is expected (no rows = pass).
SELECT service_id, day, count(*) AS copies
FROM ps_cloud_raw.availability_daily
GROUP BY service_id, day
HAVING count(*) > 1;

-- Out-of-range values (no rows = pass).
SELECT service_id, day, uptime_minutes, downtime_minutes
FROM ps_cloud_raw.availability_daily
WHERE downtime_minutes NOT BETWEEN 0 AND 1440
   OR uptime_minutes + downtime_minutes <> 1440;

-- Referential integrity: services whose agency is unknown (no rows = pass).
SELECT s.service_id, s.agency_id
FROM ps_cloud_raw.services s
LEFT JOIN ps_cloud_raw.agencies a ON a.agency_id = s.agency_id
WHERE a.agency_id IS NULL;

-- Dates staging will have to parse: go-live dates in MM/DD/YYYY and ISO-8601 incident times.
SELECT
  count_if(try(date_parse(go_live_date, '%m/%d/%Y')) IS NULL) AS unparseable_go_live_dates,
  (SELECT count_if(try(from_iso8601_timestamp(opened_at)) IS NULL) FROM ps_cloud_raw.incidents) AS unparseable_incident_times
FROM ps_cloud_raw.services;

-- Money that is not a number in the billing export (no rows = pass).
SELECT billing_month, service_id, cost_eur
FROM ps_cloud_raw.cost_monthly
WHERE try_cast(cost_eur AS decimal(12,2)) IS NULL;
