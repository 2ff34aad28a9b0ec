-- member_spend: per screening date, cinema and segment, what members, other known customers and walk-ins spend
--   segment            = of each ticket: 'member' when its customer has a trusted membership with
--                        starts_on <= screening date <= ends_on (or no ends_on) on the screening date,
--                        'non_member' when it has a customer_id but no such membership, 'walk_in' without customer_id
--   customers          = distinct customer_id of those tickets (0 for walk_in)
--   tickets            = trusted tickets
--   ticket_revenue     = sum of their prices
--   concession_revenue = sum of the amounts of the trusted concession lines of the same orders (0.00 when none),
--                        whatever their sale_date
--   spend_per_customer = (ticket_revenue + concession_revenue) / customers, rounded half up to cents; NULL for walk_in
-- Memberships change without any date of the tickets changing, and concessions of one date count for another, so
-- this metric reaches all dates.
-- Reach: all.
WITH ticket_dates AS (
  SELECT t.ticket_id, t.order_id, t.customer_id, t.price, s.screening_date AS date, s.cinema
  FROM tickets t
  JOIN screenings s ON s.screening_id = t.screening_id
),
member_tickets AS (
  SELECT DISTINCT d.ticket_id
  FROM ticket_dates d
  JOIN memberships m
    ON m.customer_id = d.customer_id
   AND m.starts_on <= d.date
   AND (m.ends_on IS NULL OR m.ends_on >= d.date)
),
segmented AS (
  SELECT d.*,
         CASE
           WHEN d.customer_id IS NULL THEN 'walk_in'
           WHEN mt.ticket_id IS NOT NULL THEN 'member'
           ELSE 'non_member'
         END AS segment
  FROM ticket_dates d
  LEFT JOIN member_tickets mt ON mt.ticket_id = d.ticket_id
),
ticket_totals AS (
  SELECT date, cinema, segment,
         COUNT(DISTINCT customer_id) AS customers,
         COUNT(*) AS tickets,
         SUM(price) AS ticket_revenue
  FROM segmented
  GROUP BY date, cinema, segment
),
order_concessions AS (
  SELECT order_id, SUM(amount) AS amount
  FROM concessions
  GROUP BY order_id
),
concession_totals AS (
  SELECT g.date, g.cinema, g.segment, SUM(c.amount) AS concession_revenue
  FROM (SELECT DISTINCT date, cinema, segment, order_id FROM segmented) g
  JOIN order_concessions c ON c.order_id = g.order_id
  GROUP BY g.date, g.cinema, g.segment
)
SELECT t.date,
       t.cinema,
       t.segment,
       t.customers,
       t.tickets,
       CAST(t.ticket_revenue AS DECIMAL(12,2)) AS ticket_revenue,
       CAST(COALESCE(c.concession_revenue, 0) AS DECIMAL(12,2)) AS concession_revenue,
       CASE
         WHEN t.segment = 'walk_in' THEN CAST(NULL AS DECIMAL(12,2))
         ELSE CAST(ROUND((t.ticket_revenue + COALESCE(c.concession_revenue, 0)) / t.customers, 2) AS DECIMAL(12,2))
       END AS spend_per_customer
FROM ticket_totals t
LEFT JOIN concession_totals c ON c.date = t.date AND c.cinema = t.cinema AND c.segment = t.segment
