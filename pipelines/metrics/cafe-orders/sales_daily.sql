-- sales_daily: per date and store: orders, items (sum of quantities), revenue (sum of order totals),
-- avg_order_value = revenue / orders
SELECT order_date AS date, store,
       COUNT(*) AS orders,
       CAST(SUM(item_count) AS BIGINT) AS items,
       CAST(SUM(total) AS DECIMAL(12,2)) AS revenue,
       CAST(SUM(total) / COUNT(*) AS DECIMAL(12,2)) AS avg_order_value
FROM orders
WHERE order_date IN (SELECT date FROM affected_dates)
GROUP BY order_date, store
