-- events_daily: per UTC date and event name: events, distinct users
SELECT event_date AS date, event_name, COUNT(*) AS events, COUNT(DISTINCT user_id) AS users
FROM events
WHERE event_date IN (SELECT date FROM affected_dates)
GROUP BY event_date, event_name
