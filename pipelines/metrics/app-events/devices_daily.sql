-- devices_daily: per UTC session date and device (the device fields of each session's first event; 'unknown' when
-- missing): distinct users and sessions
SELECT session_date AS date,
       COALESCE(os, 'unknown') AS os,
       COALESCE(os_version, 'unknown') AS os_version,
       COALESCE(device_brand, 'unknown') AS device_brand,
       COALESCE(device_model, 'unknown') AS device_model,
       COALESCE(app_version, 'unknown') AS app_version,
       COALESCE(language, 'unknown') AS language,
       COUNT(DISTINCT user_id) AS users,
       COUNT(*) AS sessions
FROM sessions
WHERE session_date IN (SELECT date FROM affected_dates)
GROUP BY 1, 2, 3, 4, 5, 6, 7
