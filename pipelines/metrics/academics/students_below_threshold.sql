-- students_below_threshold: the students whose attendance rate in a course is below 80 % over the last 4 ISO weeks
-- of the data: the week of the latest session_date in trusted attendance and the 3 weeks before it (not now(), so a
-- rerun over the same data gives the same rows).
--   window_start, window_end = Monday of the first week, Sunday of the last
--   attended        = present + late records of the student in the course in the window
--   counted         = present + late + absent records (excused ones are left out, as in attendance_weekly)
--   attendance_rate = attended / counted, rounded to 4 decimals; only rows with attended / counted < 0.8
-- Reach: all; replace_by: window_start.
WITH bounds AS (
  SELECT date_sub(CAST(date_trunc('week', MAX(session_date)) AS DATE), 21) AS window_start,
         date_add(CAST(date_trunc('week', MAX(session_date)) AS DATE), 6) AS window_end
  FROM attendance
),
per_student AS (
  SELECT b.window_start, b.window_end, a.student_id, a.course,
         COUNT_IF(a.attendance IN ('present', 'late')) AS attended,
         COUNT_IF(a.attendance <> 'excused') AS counted
  FROM attendance a
  CROSS JOIN bounds b
  WHERE a.session_date BETWEEN b.window_start AND b.window_end
  GROUP BY b.window_start, b.window_end, a.student_id, a.course
)
SELECT window_start, window_end, student_id, course, attended, counted,
       CAST(round(attended / counted, 4) AS DOUBLE) AS attendance_rate
FROM per_student
WHERE counted > 0 AND attended / counted < 0.8
