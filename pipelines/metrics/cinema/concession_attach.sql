-- concession_attach: per screening date and cinema, how often a ticket order also buys concessions
--   ticket_orders           = distinct order_id of the trusted tickets for screenings of that date at that cinema
--   orders_with_concessions = those orders with at least one trusted concession line of the same order_id
--   attach_rate             = orders_with_concessions / ticket_orders, a DOUBLE rounded to 4 places
--   concession_revenue      = sum of the amounts of those concession lines (0.00 when none)
-- A concession line counts for the screening date of its order's tickets, whatever its own sale_date (a snack
-- pre-ordered online with the tickets the day before, a late till file): concessions counted on one date are sold on
-- others, so this metric reaches all dates. Concession orders without tickets (counter sales) are not counted.
-- Reach: all.
WITH ticket_orders AS (
  SELECT DISTINCT s.screening_date AS date, s.cinema, t.order_id
  FROM tickets t
  JOIN screenings s ON s.screening_id = t.screening_id
),
order_concessions AS (
  SELECT order_id, SUM(amount) AS amount
  FROM concessions
  GROUP BY order_id
)
SELECT o.date,
       o.cinema,
       COUNT(*) AS ticket_orders,
       COUNT(c.order_id) AS orders_with_concessions,
       ROUND(CAST(COUNT(c.order_id) AS DOUBLE) / COUNT(*), 4) AS attach_rate,
       CAST(COALESCE(SUM(c.amount), 0) AS DECIMAL(12,2)) AS concession_revenue
FROM ticket_orders o
LEFT JOIN order_concessions c ON c.order_id = o.order_id
GROUP BY o.date, o.cinema
