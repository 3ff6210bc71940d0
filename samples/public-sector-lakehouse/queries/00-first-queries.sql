-- First queries on the local lakehouse engine. Put the cursor in a statement, press Ctrl+Enter.
-- Every statement here is valid Athena SQL too.

-- Service availability this month against each service's SLA target.
SELECT service, agency, availability_pct, sla_target_pct,
       availability_pct >= sla_target_pct AS sla_met
FROM (
  VALUES
    ('tax-filing',        'finance',  99.97, 99.90),
    ('benefits-portal',   'social',   99.62, 99.80),
    ('open-data-api',     'digital',  99.99, 99.50),
    ('identity-gateway',  'digital',  99.91, 99.95),
    ('health-records',    'health',   99.85, 99.90)
) AS t(service, agency, availability_pct, sla_target_pct)
ORDER BY availability_pct - sla_target_pct;

-- FinOps: budget against actual spend per provider, with the variance in euros and percent.
WITH spend AS (
  SELECT *
  FROM (
    VALUES
      ('aws',     'finance', 120000.00, 131500.00),
      ('azure',   'social',   80000.00,  72400.00),
      ('gcp',     'digital',  45000.00,  47950.00),
      ('outscale','health',   60000.00,  58300.00)
  ) AS t(provider, agency, budget_eur, actual_eur)
)
SELECT provider, agency, budget_eur, actual_eur,
       actual_eur - budget_eur AS variance_eur,
       round(100 * (actual_eur - budget_eur) / budget_eur, 1) AS variance_pct
FROM spend
ORDER BY variance_eur DESC;
