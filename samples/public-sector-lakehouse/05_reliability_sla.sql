-- Digital service reliability: SLA attainment, incident resolution, and the effect of moving
-- services from the agencies' data centres to the cloud.

-- SLA attainment per year: services that met their availability target.
SELECT
  r.year,
  count(*) AS services,
  count_if(r.availability_pct >= t.availability_target_pct) AS met_sla,
  round(100.0 * count_if(r.availability_pct >= t.availability_target_pct) / count(*), 1) AS met_sla_pct
FROM (
  SELECT year, service_id,
         100.0 * sum(uptime_minutes) / (sum(uptime_minutes) + sum(downtime_minutes)) AS availability_pct
  FROM ps_cloud_curated.fact_reliability_monthly
  GROUP BY year, service_id
) r
JOIN ps_cloud_raw.sla_targets t ON t.service_id = r.service_id AND CAST(t.year AS varchar) = r.year
GROUP BY r.year
ORDER BY r.year;

-- Worst services of 2024 against their target.
SELECT s.service_name, s.criticality, s.provider_id,
       round(100.0 * sum(r.uptime_minutes) / (sum(r.uptime_minutes) + sum(r.downtime_minutes)), 3) AS availability_pct,
       max(t.availability_target_pct) AS target_pct
FROM ps_cloud_curated.fact_reliability_monthly r
JOIN ps_cloud_curated.dim_service s ON s.service_id = r.service_id
JOIN ps_cloud_raw.sla_targets t ON t.service_id = r.service_id AND t.year = 2024
WHERE r.year = '2024'
GROUP BY s.service_name, s.criticality, s.provider_id
ORDER BY availability_pct
LIMIT 10;

-- Mean time to resolve by severity, on premises against cloud.
SELECT
  i.severity,
  CASE WHEN contains(i.tags, 'onprem') THEN 'on premises' ELSE 'cloud' END AS hosting,
  count(*) AS incidents,
  round(avg(i.minutes_to_resolve), 0) AS mean_minutes_to_resolve,
  approx_percentile(i.minutes_to_resolve, 0.9) AS p90_minutes_to_resolve
FROM ps_cloud_staging.incidents i
WHERE i.resolved_at IS NOT NULL
GROUP BY 1, 2
ORDER BY i.severity, hosting;

-- Migration impact: availability in the six months before and after each completed migration.
SELECT
  s.service_name,
  s.migrated_from,
  s.provider_id AS migrated_to,
  s.migrated_on,
  round(100.0 * sum(r.uptime_minutes) FILTER (WHERE r.month_start < s.migrated_on)
        / sum(r.uptime_minutes + r.downtime_minutes) FILTER (WHERE r.month_start < s.migrated_on), 3) AS availability_before_pct,
  round(100.0 * sum(r.uptime_minutes) FILTER (WHERE r.month_start >= s.migrated_on)
        / sum(r.uptime_minutes + r.downtime_minutes) FILTER (WHERE r.month_start >= s.migrated_on), 3) AS availability_after_pct
FROM ps_cloud_curated.dim_service s
JOIN ps_cloud_curated.fact_reliability_monthly r
  ON r.service_id = s.service_id
 AND r.month_start BETWEEN date_add('month', -6, s.migrated_on) AND date_add('month', 6, s.migrated_on)
WHERE s.migrated_on IS NOT NULL
GROUP BY s.service_name, s.migrated_from, s.provider_id, s.migrated_on
ORDER BY s.migrated_on;
