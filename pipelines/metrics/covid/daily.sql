-- daily: per date and region
--   confirmed, deaths            = the cumulative counts as published (NULL when that cell was empty: quarantined)
--   new_cases, new_deaths        = the count minus the region's previous published count (its first date: the count)
--   cases_revised_down,
--   deaths_revised_down          = the count went down: the new figure is negative and kept, so new figures still add
--                                  up to the cumulative count, and flagged
-- Reach: rolling 2d (a changed count changes its date's new figure and the next date's).
WITH cases AS (
  SELECT region, date, confirmed,
         confirmed - COALESCE(LAG(confirmed) OVER (PARTITION BY region ORDER BY date), 0) AS new_cases
  FROM confirmed
), dead AS (
  SELECT region, date, deaths,
         deaths - COALESCE(LAG(deaths) OVER (PARTITION BY region ORDER BY date), 0) AS new_deaths
  FROM deaths
)
SELECT COALESCE(c.date, d.date) AS date,
       COALESCE(c.region, d.region) AS region,
       c.confirmed,
       d.deaths,
       c.new_cases,
       d.new_deaths,
       COALESCE(c.new_cases < 0, false) AS cases_revised_down,
       COALESCE(d.new_deaths < 0, false) AS deaths_revised_down
FROM cases c
FULL OUTER JOIN dead d ON d.region = c.region AND d.date = c.date
WHERE COALESCE(c.date, d.date) IN (SELECT date FROM affected_dates)
