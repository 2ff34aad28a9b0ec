-- payment_mix: per date, store and payment method ('UNKNOWN' when missing): orders, revenue
SELECT order_date AS date, store, COALESCE(payment_method, 'UNKNOWN') AS payment_method,
       COUNT(*) AS orders, CAST(SUM(total) AS DECIMAL(12,2)) AS revenue
FROM orders
WHERE order_date IN (SELECT date FROM affected_dates)
GROUP BY order_date, store, COALESCE(payment_method, 'UNKNOWN')
