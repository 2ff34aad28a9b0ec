-- curve_features: the features of region_clusters (a k-means model, docs/covid.md), one row per region
--   period_1 .. period_4 = new cases in each quarter of the series (days since its first date * 4 / its length,
--                          rounded down), divided by the region's largest quarter: the curve's shape, not its size
--                          (0 for a region without cases)
WITH cases AS (
  SELECT region, date, confirmed - COALESCE(LAG(confirmed) OVER (PARTITION BY region ORDER BY date), 0) AS new_cases
  FROM confirmed
), span AS (
  SELECT MIN(date) AS first_date, datediff(MAX(date), MIN(date)) + 1 AS days FROM confirmed
), periods AS (
  SELECT c.region, CAST(floor(4 * datediff(c.date, s.first_date) / s.days) AS INT) AS period, SUM(c.new_cases) AS cases
  FROM cases c CROSS JOIN span s
  GROUP BY c.region, CAST(floor(4 * datediff(c.date, s.first_date) / s.days) AS INT)
), shaped AS (
  SELECT region, period, CAST(cases AS DOUBLE) / NULLIF(MAX(cases) OVER (PARTITION BY region), 0) AS share
  FROM periods
)
SELECT region,
       COALESCE(MAX(CASE WHEN period = 0 THEN share END), 0.0) AS period_1,
       COALESCE(MAX(CASE WHEN period = 1 THEN share END), 0.0) AS period_2,
       COALESCE(MAX(CASE WHEN period = 2 THEN share END), 0.0) AS period_3,
       COALESCE(MAX(CASE WHEN period = 3 THEN share END), 0.0) AS period_4
FROM shaped
GROUP BY region
