-- retention_weekly: users grouped by the ISO week (Monday, UTC) of their first-ever event
--   cohort_week    = Monday of that week
--   week_offset    = weeks from the cohort week to the week of activity (0 = the first week)
--   users          = distinct users of the cohort with an event in that week
--   retention_rate = users / cohort size
-- Reach: cohort_week user_id (affected_dates holds the Mondays of the cohorts to recompute).
WITH first_seen AS (
  SELECT user_id, CAST(date_trunc('week', MIN(event_date)) AS DATE) AS cohort_week
  FROM events
  GROUP BY user_id
),
cohorts AS (
  SELECT * FROM first_seen WHERE cohort_week IN (SELECT date FROM affected_dates)
),
activity AS (
  SELECT DISTINCT c.cohort_week, c.user_id, CAST(date_trunc('week', e.event_date) AS DATE) AS active_week
  FROM cohorts c JOIN events e ON e.user_id = c.user_id
),
sizes AS (
  SELECT cohort_week, COUNT(*) AS cohort_users FROM cohorts GROUP BY cohort_week
)
SELECT a.cohort_week,
       CAST(datediff(a.active_week, a.cohort_week) / 7 AS INT) AS week_offset,
       COUNT(*) AS users,
       COUNT(*) / MAX(s.cohort_users) AS retention_rate
FROM activity a JOIN sizes s ON s.cohort_week = a.cohort_week
GROUP BY a.cohort_week, a.active_week
