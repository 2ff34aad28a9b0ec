-- customers_weekly: per week (its Monday) of the screening dates, over tickets with a customer_id
--   week                = Monday of the screening_date's week
--   customers           = distinct customers with a trusted ticket for a screening that week
--   new_customers       = those whose first ticket ever (by screening_date) is for that week
--   returning_customers = those who had a ticket for an earlier week (customers - new_customers)
-- A late ticket can move a customer's first week, so this metric reaches all weeks.
-- Reach: all; replace_by: week.
WITH customer_weeks AS (
  SELECT DISTINCT customer_id, CAST(date_trunc('week', screening_date) AS DATE) AS week
  FROM tickets
  WHERE customer_id IS NOT NULL
),
first_week AS (
  SELECT customer_id, MIN(week) AS first_week
  FROM customer_weeks
  GROUP BY customer_id
)
SELECT w.week,
       COUNT(*) AS customers,
       COUNT_IF(f.first_week = w.week) AS new_customers,
       COUNT_IF(f.first_week < w.week) AS returning_customers
FROM customer_weeks w
JOIN first_week f ON f.customer_id = w.customer_id
GROUP BY w.week
