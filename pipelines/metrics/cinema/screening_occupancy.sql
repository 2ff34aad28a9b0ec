-- screening_occupancy: one row per screening (its latest export), by screening date
--   date          = screening_date, the date of the screening's starts_at
--   screening_id, cinema, film, seats = as in the latest export of the screening
--   tickets_sold  = trusted tickets of the screening (0 when none were sold)
--   occupancy     = tickets_sold / seats, a DOUBLE rounded to 4 places
-- Reach: day (screenings and tickets are both partitioned by screening date).
SELECT s.screening_date AS date,
       s.screening_id,
       s.cinema,
       s.film,
       s.seats,
       COUNT(t.ticket_id) AS tickets_sold,
       ROUND(CAST(COUNT(t.ticket_id) AS DOUBLE) / s.seats, 4) AS occupancy
FROM screenings s
LEFT JOIN tickets t ON t.screening_id = s.screening_id
WHERE s.screening_date IN (SELECT date FROM affected_dates)
GROUP BY s.screening_date, s.screening_id, s.cinema, s.film, s.seats
