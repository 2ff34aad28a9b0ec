-- average_7d: per date and region, from the region's 7th date on
--   new_cases_7d, new_deaths_7d        = new figures of the 7 calendar days ending on the date, summed (a revision
--                                        counts with its negative figure)
--   new_cases_7d_avg, new_deaths_7d_avg = those sums / 7, rounded to 4 places
-- Reach: rolling 8d (a changed count changes two new figures, the second in the 7 windows after it).
WITH cases AS (
  SELECT region, date, confirmed - COALESCE(LAG(confirmed) OVER (PARTITION BY region ORDER BY date), 0) AS new_cases
  FROM confirmed
), dead AS (
  SELECT region, date, deaths - COALESCE(LAG(deaths) OVER (PARTITION BY region ORDER BY date), 0) AS new_deaths
  FROM deaths
), daily AS (
  SELECT COALESCE(c.region, d.region) AS region, COALESCE(c.date, d.date) AS date, c.new_cases, d.new_deaths
  FROM cases c
  FULL OUTER JOIN dead d ON d.region = c.region AND d.date = c.date
), windowed AS (
  SELECT region, date,
         SUM(new_cases) OVER last7 AS new_cases_7d,
         SUM(new_deaths) OVER last7 AS new_deaths_7d,
         MIN(date) OVER (PARTITION BY region) AS first_date
  FROM daily
  WINDOW last7 AS (PARTITION BY region ORDER BY unix_date(date) RANGE BETWEEN 6 PRECEDING AND CURRENT ROW)
)
SELECT date, region,
       CAST(new_cases_7d AS BIGINT) AS new_cases_7d,
       ROUND(CAST(new_cases_7d AS DOUBLE) / 7, 4) AS new_cases_7d_avg,
       CAST(new_deaths_7d AS BIGINT) AS new_deaths_7d,
       ROUND(CAST(new_deaths_7d AS DOUBLE) / 7, 4) AS new_deaths_7d_avg
FROM windowed
WHERE date >= date_add(first_date, 6)
  AND date IN (SELECT date FROM affected_dates)
