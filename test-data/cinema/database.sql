-- The CRM of the cinema chain (test data for the built-in cinema pipeline): customers and their memberships.
-- Runs unchanged on PostgreSQL 14+ and MariaDB 10.11. Every name and e-mail address is made up
-- (example.invalid is a reserved domain). full_name and email are never read by the pipeline.
-- Deliberate cases (see EXPECTED.md): membership 103 expired before the screening days (2025-02-28),
-- membership 105 starts on 2025-03-15 (customer 7 is not a member on 2025-03-14), membership 104 has tier
-- platinum, which pipelines/cinema.yaml does not allow (quarantined VALUE_NOT_ALLOWED, so customer 6 counts as a
-- non-member), customer 4 has no marketing answer (NULL), customer 7 no home cinema (NULL).
-- The greatest updated_at of each table (customers: 8, memberships: 105) belongs to a good row.

CREATE TABLE customers (
  customer_id BIGINT PRIMARY KEY,
  full_name VARCHAR(100),
  email VARCHAR(200),
  joined_on DATE NOT NULL,
  home_cinema VARCHAR(40),
  marketing_opt_in BOOLEAN,
  updated_at TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
  membership_id BIGINT PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  tier VARCHAR(10) NOT NULL,
  starts_on DATE NOT NULL,
  ends_on DATE,
  updated_at TIMESTAMP NOT NULL
);

INSERT INTO customers (customer_id, full_name, email, joined_on, home_cinema, marketing_opt_in, updated_at) VALUES
  (1, 'Ada Testperson', 'ada.testperson@example.invalid', '2023-05-14', 'leeds', TRUE, '2025-03-01 09:00:00'),
  (2, 'Bram Fictional', 'bram.fictional@example.invalid', '2024-01-20', 'york', FALSE, '2025-03-02 10:15:00'),
  (3, 'Cleo Madeup', 'cleo.madeup@example.invalid', '2024-02-29', 'leeds', TRUE, '2025-03-03 11:30:00'),
  (4, 'Dev Placeholder', 'dev.placeholder@example.invalid', '2024-08-03', 'york', NULL, '2025-03-04 12:45:00'),
  (5, 'Edda Notreal', 'edda.notreal@example.invalid', '2024-11-11', 'leeds', FALSE, '2025-03-05 14:00:00'),
  (6, 'Finn Sampleton', 'finn.sampleton@example.invalid', '2025-01-05', 'york', TRUE, '2025-03-06 15:20:00'),
  (7, 'Gus Dummyfield', 'gus.dummyfield@example.invalid', '2025-02-14', NULL, TRUE, '2025-03-07 16:40:00'),
  (8, 'Hana Exampleby', 'hana.exampleby@example.invalid', '2025-03-01', 'york', FALSE, '2025-03-08 18:05:00');

INSERT INTO memberships (membership_id, customer_id, tier, starts_on, ends_on, updated_at) VALUES
  (101, 1, 'gold', '2024-06-01', NULL, '2025-03-01 09:05:00'),
  (102, 2, 'silver', '2025-01-10', '2025-12-31', '2025-03-02 10:20:00'),
  (103, 3, 'silver', '2024-03-01', '2025-02-28', '2025-03-01 00:10:00'),
  (104, 6, 'platinum', '2025-02-01', NULL, '2025-03-06 15:25:00'),
  (105, 7, 'gold', '2025-03-15', NULL, '2025-03-10 18:30:00'),
  (106, 8, 'silver', '2025-02-15', NULL, '2025-03-08 18:10:00');
