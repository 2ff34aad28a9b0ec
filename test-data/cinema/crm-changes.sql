-- What happens in the CRM between the first and the second run (after database.sql): every updated_at is later than
-- any in database.sql, so an incremental read (updated_at above the watermark of the last run) takes exactly these four rows.
-- Customer 5 moves to York: a second scd2 version, the first one closed (valid_to 2025-03-16 10:00:00).
-- Customer 9 is new. Membership 101 (customer 1) is cancelled: it ends on 2025-03-16.
-- Membership 107: customer 3, whose membership 103 expired in February, joins again from 2025-03-16.

UPDATE customers SET home_cinema = 'york', updated_at = '2025-03-16 10:00:00' WHERE customer_id = 5;

INSERT INTO customers (customer_id, full_name, email, joined_on, home_cinema, marketing_opt_in, updated_at) VALUES
  (9, 'Ivo Inventado', 'ivo.inventado@example.invalid', '2025-03-16', 'york', TRUE, '2025-03-16 09:30:00');

UPDATE memberships SET ends_on = '2025-03-16', updated_at = '2025-03-16 11:00:00' WHERE membership_id = 101;

INSERT INTO memberships (membership_id, customer_id, tier, starts_on, ends_on, updated_at) VALUES
  (107, 3, 'silver', '2025-03-16', NULL, '2025-03-16 12:00:00');
