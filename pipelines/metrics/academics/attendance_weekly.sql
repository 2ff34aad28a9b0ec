-- attendance_weekly: per course and ISO week (week = its Monday, iso_week = e.g. 2025-W06), over trusted attendance
--   records         = attendance records of the course that week (one per student and session held), excused included
--   present, late, absent, excused = records by normalised status
--   attendance_rate = (present + late) / (present + late + absent), rounded to 4 decimals: an excused absence is
--                     left out of the denominator; NULL when every record of the week is excused
-- Reach: all; replace_by: week.
SELECT course,
       CAST(date_trunc('week', session_date) AS DATE) AS week,
       concat(CAST(extract(YEAROFWEEK FROM session_date) AS STRING), '-W', lpad(CAST(weekofyear(session_date) AS STRING), 2, '0')) AS iso_week,
       COUNT(*) AS records,
       COUNT_IF(attendance = 'present') AS present,
       COUNT_IF(attendance = 'late') AS late,
       COUNT_IF(attendance = 'absent') AS absent,
       COUNT_IF(attendance = 'excused') AS excused,
       CAST(round(COUNT_IF(attendance IN ('present', 'late')) / NULLIF(COUNT_IF(attendance <> 'excused'), 0), 4) AS DOUBLE) AS attendance_rate
FROM attendance
GROUP BY course, CAST(date_trunc('week', session_date) AS DATE), extract(YEAROFWEEK FROM session_date), weekofyear(session_date)
