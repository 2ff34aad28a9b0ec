-- customers_daily: per date and store, over orders with a customer_key
--   customers           = distinct customers who ordered at that store that day
--   new_customers       = those whose first-ever order (any store) is that day
--   returning_customers = those who had an order on an earlier date, in any store
-- Reach: first_seen customer_key.
WITH first_order AS (
  SELECT customer_key, MIN(order_date) AS first_date
  FROM orders
  WHERE customer_key IS NOT NULL
  GROUP BY customer_key
),
day_customers AS (
  SELECT DISTINCT order_date AS date, store, customer_key
  FROM orders
  WHERE customer_key IS NOT NULL AND order_date IN (SELECT date FROM affected_dates)
)
SELECT d.date, d.store,
       COUNT(*) AS customers,
       COUNT_IF(f.first_date = d.date) AS new_customers,
       COUNT_IF(f.first_date < d.date) AS returning_customers
FROM day_customers d JOIN first_order f ON f.customer_key = d.customer_key
GROUP BY d.date, d.store
