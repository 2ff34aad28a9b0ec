-- per_100k: per date and region, for the regions of the population table (a region missing from it has no rows)
--   confirmed_per_100k, deaths_per_100k = cumulative counts * 100000 / population, rounded to 2 places
--   new_cases_7d_per_100k               = new cases of the 7 calendar days ending on the date * 100000 / population,
--                                         rounded to 2 places; NULL before the region's 7th date
-- Reach: rolling 8d, as average_7d. A pipeline without a population table leaves this metric out.
WITH cases AS (
  SELECT region, date, confirmed,
         confirmed - COALESCE(LAG(confirmed) OVER (PARTITION BY region ORDER BY date), 0) AS new_cases
  FROM confirmed
), windowed AS (
  SELECT region, date, confirmed,
         SUM(new_cases) OVER (PARTITION BY region ORDER BY unix_date(date) RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) AS new_cases_7d,
         MIN(date) OVER (PARTITION BY region) AS first_date
  FROM cases
)
SELECT w.date, w.region,
       ROUND(w.confirmed * 100000.0 / p.population, 2) AS confirmed_per_100k,
       ROUND(d.deaths * 100000.0 / p.population, 2) AS deaths_per_100k,
       CASE WHEN w.date >= date_add(w.first_date, 6) THEN ROUND(w.new_cases_7d * 100000.0 / p.population, 2) END AS new_cases_7d_per_100k
FROM windowed w
JOIN population p ON p.region = w.region
LEFT JOIN deaths d ON d.region = w.region AND d.date = w.date
WHERE w.date IN (SELECT date FROM affected_dates)
