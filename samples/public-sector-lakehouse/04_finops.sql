-- FinOps on the curated star schema: budget against actual, forecast, idle spend, providers.

-- Budget against actual spend per agency, year and provider (largest overruns first).
SELECT
  a.agency_name,
  b.fiscal_year,
  b.provider_id,
  b.budget_eur,
  round(sum(f.cost_eur), 2) AS actual_eur,
  round(sum(f.cost_eur) - b.budget_eur, 2) AS variance_eur,
  round(100 * (sum(f.cost_eur) - b.budget_eur) / b.budget_eur, 1) AS variance_pct
FROM ps_cloud_raw.budgets b
JOIN ps_cloud_curated.fact_cost_monthly f
  ON f.agency_id = b.agency_id AND f.provider_id = b.provider_id AND f.year = CAST(b.fiscal_year AS varchar)
JOIN ps_cloud_curated.dim_agency a ON a.agency_id = b.agency_id
GROUP BY a.agency_name, b.fiscal_year, b.provider_id, b.budget_eur
ORDER BY variance_eur DESC
LIMIT 20;

-- Forecast for 2025: a linear trend per provider fitted on the 36 monthly totals.
WITH monthly AS (
  SELECT provider_id, month_start, sum(cost_eur) AS cost_eur,
         date_diff('month', DATE '2022-01-01', month_start) AS month_index
  FROM ps_cloud_curated.fact_cost_monthly
  GROUP BY provider_id, month_start
),
trend AS (
  SELECT provider_id,
         regr_slope(CAST(cost_eur AS double), month_index) AS slope,
         regr_intercept(CAST(cost_eur AS double), month_index) AS intercept
  FROM monthly
  GROUP BY provider_id
)
SELECT provider_id,
       round(sum(intercept + slope * m), 0) AS forecast_2025_eur
FROM trend
CROSS JOIN UNNEST(sequence(36, 47)) AS t(m)
GROUP BY provider_id
ORDER BY forecast_2025_eur DESC;

-- Idle spend: the services paying most for capacity they do not use (2024).
SELECT
  s.service_name,
  a.agency_name,
  f.provider_id,
  round(sum(f.idle_cost_eur), 2) AS idle_eur,
  round(100 * sum(f.idle_cost_eur) / sum(f.cost_eur), 1) AS idle_pct
FROM ps_cloud_curated.fact_cost_monthly f
JOIN ps_cloud_curated.dim_service s ON s.service_id = f.service_id
JOIN ps_cloud_curated.dim_agency a ON a.agency_id = f.agency_id
WHERE f.year = '2024'
GROUP BY s.service_name, a.agency_name, f.provider_id
ORDER BY idle_eur DESC
LIMIT 15;

-- Provider strategy: share of spend on sovereign providers and on hyperscalers, by year.
SELECT
  f.year,
  p.provider_kind,
  round(sum(f.cost_eur), 0) AS cost_eur,
  round(100 * sum(f.cost_eur) / sum(sum(f.cost_eur)) OVER (PARTITION BY f.year), 1) AS share_pct
FROM ps_cloud_curated.fact_cost_monthly f
JOIN ps_cloud_curated.dim_provider p ON p.provider_id = f.provider_id
GROUP BY f.year, p.provider_kind
ORDER BY f.year, cost_eur DESC;
