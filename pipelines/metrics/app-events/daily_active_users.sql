-- daily_active_users: per UTC date and platform ('unknown' when unmapped, 'all' for every platform together)
--   dau       = distinct users with at least one trusted event that day
--   new_users = those of them whose first-ever trusted event is that day
-- Reach: first_seen user_id (a late event can move a user's first day).
WITH first_seen AS (
  SELECT user_id, MIN(event_date) AS first_date
  FROM events
  GROUP BY user_id
),
day_users AS (
  SELECT DISTINCT e.event_date AS date, COALESCE(e.platform, 'unknown') AS platform, e.user_id
  FROM events e
  WHERE e.event_date IN (SELECT date FROM affected_dates)
)
SELECT d.date, d.platform, COUNT(*) AS dau, COUNT_IF(f.first_date = d.date) AS new_users
FROM day_users d JOIN first_seen f ON f.user_id = d.user_id
GROUP BY d.date, d.platform
UNION ALL
SELECT d.date, 'all' AS platform, COUNT(DISTINCT d.user_id) AS dau,
       COUNT(DISTINCT CASE WHEN f.first_date = d.date THEN d.user_id END) AS new_users
FROM day_users d JOIN first_seen f ON f.user_id = d.user_id
GROUP BY d.date
