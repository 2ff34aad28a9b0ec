-- sales_hourly: per date, store and hour of the till (0-23): orders, revenue. Peak hours.
SELECT order_date AS date, store, order_hour AS hour, COUNT(*) AS orders, CAST(SUM(total) AS DECIMAL(12,2)) AS revenue
FROM orders
WHERE order_date IN (SELECT date FROM affected_dates)
GROUP BY order_date, store, order_hour
