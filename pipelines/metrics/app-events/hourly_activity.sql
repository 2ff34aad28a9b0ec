-- hourly_activity: per UTC date and hour (0-23): events, distinct users, sessions started in that hour
WITH by_events AS (
  SELECT event_date AS date, HOUR(event_time) AS hour, COUNT(*) AS events, COUNT(DISTINCT user_id) AS users
  FROM events
  WHERE event_date IN (SELECT date FROM affected_dates)
  GROUP BY 1, 2
),
by_sessions AS (
  SELECT session_date AS date, HOUR(session_start) AS hour, COUNT(*) AS sessions_started
  FROM sessions
  WHERE session_date IN (SELECT date FROM affected_dates)
  GROUP BY 1, 2
)
SELECT COALESCE(e.date, s.date) AS date, COALESCE(e.hour, s.hour) AS hour,
       COALESCE(e.events, 0) AS events, COALESCE(e.users, 0) AS users, COALESCE(s.sessions_started, 0) AS sessions_started
FROM by_events e FULL OUTER JOIN by_sessions s ON e.date = s.date AND e.hour = s.hour
