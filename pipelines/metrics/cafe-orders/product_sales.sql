-- product_sales: per date, store, product and size ('none' when the item had no size word):
-- quantity sold, revenue (sum of line totals). What sells.
SELECT order_date AS date, store, product, COALESCE(size, 'none') AS size,
       CAST(SUM(quantity) AS BIGINT) AS quantity,
       CAST(SUM(line_total) AS DECIMAL(12,2)) AS revenue
FROM order_items
WHERE order_date IN (SELECT date FROM affected_dates)
GROUP BY order_date, store, product, COALESCE(size, 'none')
