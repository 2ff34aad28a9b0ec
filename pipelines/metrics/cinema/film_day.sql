-- film_day: per screening date, cinema and film
--   screenings     = screenings of the film that day at that cinema
--   seats          = their seats, summed
--   tickets_sold   = trusted tickets of those screenings
--   occupancy      = tickets_sold / seats, a DOUBLE rounded to 4 places
--   ticket_revenue = sum of those tickets' prices (0.00 when none were sold)
-- Reach: day.
WITH per_screening AS (
  SELECT s.screening_date, s.cinema, s.film, s.screening_id, s.seats,
         COUNT(t.ticket_id) AS tickets_sold,
         COALESCE(SUM(t.price), 0) AS ticket_revenue
  FROM screenings s
  LEFT JOIN tickets t ON t.screening_id = s.screening_id
  WHERE s.screening_date IN (SELECT date FROM affected_dates)
  GROUP BY s.screening_date, s.cinema, s.film, s.screening_id, s.seats
)
SELECT screening_date AS date,
       cinema,
       film,
       COUNT(*) AS screenings,
       CAST(SUM(seats) AS BIGINT) AS seats,
       CAST(SUM(tickets_sold) AS BIGINT) AS tickets_sold,
       ROUND(CAST(SUM(tickets_sold) AS DOUBLE) / SUM(seats), 4) AS occupancy,
       CAST(SUM(ticket_revenue) AS DECIMAL(12,2)) AS ticket_revenue
FROM per_screening
GROUP BY screening_date, cinema, film
