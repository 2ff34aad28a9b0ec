-- sessions_daily: per UTC date of the session start
--   sessions, users (distinct), avg_duration_s, p50_duration_s and p90_duration_s (exact percentiles with linear
--   interpolation), avg_events_per_session, bounce_rate = share of sessions with exactly one event
SELECT session_date AS date,
       COUNT(*) AS sessions,
       COUNT(DISTINCT user_id) AS users,
       AVG(duration_s) AS avg_duration_s,
       PERCENTILE(duration_s, 0.5) AS p50_duration_s,
       PERCENTILE(duration_s, 0.9) AS p90_duration_s,
       AVG(event_count) AS avg_events_per_session,
       AVG(CASE WHEN event_count = 1 THEN 1.0D ELSE 0.0D END) AS bounce_rate
FROM sessions
WHERE session_date IN (SELECT date FROM affected_dates)
GROUP BY session_date
