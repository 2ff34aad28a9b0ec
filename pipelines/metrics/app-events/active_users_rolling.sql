-- active_users_rolling: per UTC date that has events
--   wau = distinct users with an event in the 7 days ending that date (the date and the 6 before)
--   mau = the same over 30 days
-- Reach: rolling 30d (a changed day is inside the windows of the 29 days after it).
WITH user_days AS (
  SELECT DISTINCT user_id, event_date
  FROM events
  WHERE event_date BETWEEN (SELECT date_sub(MIN(date), 29) FROM affected_dates) AND (SELECT MAX(date) FROM affected_dates)
),
covered AS (
  SELECT user_id, event_date, explode(sequence(event_date, date_add(event_date, 29))) AS date
  FROM user_days
)
SELECT c.date,
       COUNT(DISTINCT CASE WHEN datediff(c.date, c.event_date) < 7 THEN c.user_id END) AS wau,
       COUNT(DISTINCT c.user_id) AS mau
FROM covered c
WHERE c.date IN (SELECT date FROM affected_dates)
  AND c.date IN (SELECT DISTINCT event_date FROM events)
GROUP BY c.date
