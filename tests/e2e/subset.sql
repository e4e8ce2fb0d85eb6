-- tests/e2e/subset.sql — the schema and data of test_subset.sh: every kind of
-- foreign key the closure follows (single and composite columns, a PRIMARY KEY
-- and a UNIQUE column referenced, ON DELETE SET NULL and CASCADE, MATCH FULL,
-- DEFERRABLE, NOT VALID left out on purpose, a self-reference, a cycle of two
-- tables, a partitioned referencing table, a cross-schema reference, quoted
-- names), with NULLs in referencing columns.  Deterministic: no random().
CREATE SCHEMA billing;

CREATE TABLE customers (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE,
    created_at date NOT NULL,
    is_staff boolean NOT NULL DEFAULT false,
    name text
);
INSERT INTO customers
SELECT i, 'user' || i || CASE WHEN i % 50 = 0 THEN '@ourcompany.com' ELSE '@example.com' END,
       date '2023-01-01' + (i * 7 % 730), i % 50 = 0, 'Name ' || i
FROM generate_series(1, 2000) i;

CREATE TABLE products (sku text PRIMARY KEY, price numeric(10,2));
INSERT INTO products SELECT 'SKU-' || i, i * 1.25 FROM generate_series(1, 100) i;

CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers(id),
    placed timestamptz NOT NULL,
    total numeric(12,2)
);
INSERT INTO orders
SELECT i, 1 + (i * 13 % 2000), timestamptz '2023-06-01 00:00:00+00' + i * interval '37 minutes',
       (i % 997) * 1.5
FROM generate_series(1, 6000) i;

CREATE TABLE order_items (
    order_id bigint REFERENCES orders(id),
    line integer,
    sku text REFERENCES products(sku),
    qty integer NOT NULL,
    PRIMARY KEY (order_id, line)
);
INSERT INTO order_items
SELECT o, l, CASE WHEN (o + l) % 11 = 0 THEN NULL ELSE 'SKU-' || (1 + (o * l) % 100) END, l
FROM generate_series(1, 6000) o, generate_series(1, 3) l WHERE (o + l) % 4 <> 0;

CREATE TABLE shipments (
    id integer PRIMARY KEY,
    order_id bigint,
    line integer,
    FOREIGN KEY (order_id, line) REFERENCES order_items(order_id, line)
        DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO shipments
SELECT row_number() OVER (), order_id, CASE WHEN order_id % 17 = 0 THEN NULL ELSE line END
FROM order_items WHERE (order_id + line) % 3 = 0;

CREATE TABLE referrals (
    id integer PRIMARY KEY,
    referrer_email text REFERENCES customers(email),
    referee_id integer REFERENCES customers(id) ON DELETE SET NULL
);
INSERT INTO referrals
SELECT i, 'user' || (1 + i * 7 % 2000) || CASE WHEN (1 + i * 7 % 2000) % 50 = 0 THEN '@ourcompany.com' ELSE '@example.com' END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 1 + (i * 31 % 2000) END
FROM generate_series(1, 800) i;

-- A self-reference that sets NULL, and one that cascades (a tree).
CREATE TABLE employees (
    id integer PRIMARY KEY,
    manager_id integer REFERENCES employees(id) ON DELETE SET NULL,
    customer_id integer REFERENCES customers(id),
    name text
);
INSERT INTO employees
SELECT i, CASE WHEN i <= 5 THEN NULL ELSE i / 5 END, CASE WHEN i % 3 = 0 THEN NULL ELSE i * 3 END,
       'Emp ' || i
FROM generate_series(1, 300) i;

CREATE TABLE categories (
    id integer PRIMARY KEY,
    parent_id integer REFERENCES categories(id),
    name text NOT NULL
);
INSERT INTO categories SELECT i, CASE WHEN i = 1 THEN NULL ELSE i / 2 END, 'c' || i
FROM generate_series(1, 1023) i;

-- A cycle of two tables.
CREATE TABLE a_nodes (id integer PRIMARY KEY, b_id integer);
CREATE TABLE b_nodes (id integer PRIMARY KEY, a_id integer REFERENCES a_nodes(id));
INSERT INTO a_nodes SELECT i, NULL FROM generate_series(1, 200) i;
INSERT INTO b_nodes SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE 1 + (i * 3 % 200) END
FROM generate_series(1, 200) i;
UPDATE a_nodes SET b_id = 1 + (id * 7 % 200) WHERE id % 9 <> 0;
ALTER TABLE a_nodes ADD CONSTRAINT a_nodes_b_id_fkey FOREIGN KEY (b_id) REFERENCES b_nodes(id);

-- A partitioned table referencing customers.
CREATE TABLE events (
    id bigint NOT NULL,
    customer_id integer REFERENCES customers(id),
    at date NOT NULL,
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO events
SELECT i, CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + (i * 17 % 2000) END, date '2023-01-01' + (i % 700)
FROM generate_series(1, 3000) i;

CREATE TABLE billing.invoices (
    id integer PRIMARY KEY,
    customer_id integer REFERENCES public.customers(id),
    amount numeric
);
INSERT INTO billing.invoices SELECT i, 1 + (i * 11 % 2000), i * 2.50 FROM generate_series(1, 1500) i;

ALTER TABLE customers ADD CONSTRAINT customers_id_email_key UNIQUE (id, email);
CREATE TABLE "Weird Table" (
    "Odd Id" integer PRIMARY KEY,
    cust integer,
    mail text,
    FOREIGN KEY (cust, mail) REFERENCES customers(id, email) MATCH FULL
);
INSERT INTO "Weird Table"
SELECT i, c.id, c.email FROM generate_series(1, 400) i JOIN customers c ON c.id = 1 + (i * 5 % 2000)
WHERE i % 7 <> 0
UNION ALL SELECT i, NULL, NULL FROM generate_series(1, 400) i WHERE i % 7 = 0;

-- Nothing references it and it references nothing: it must pass untouched.
CREATE TABLE settings (key text PRIMARY KEY, value text);
INSERT INTO settings VALUES ('theme', 'dark'), ('lang', 'en');

-- Inheritance: a where on the parent filters the child too (DELETE FROM
-- vehicles does); the parent's foreign key covers its own rows only.
CREATE TABLE vehicles (id integer PRIMARY KEY, kind text NOT NULL, owner_id integer REFERENCES customers(id));
CREATE TABLE cars (seats integer) INHERITS (vehicles);
INSERT INTO vehicles SELECT i, CASE WHEN i % 3 = 0 THEN 'bike' ELSE 'van' END, 1 + (i * 19 % 2000) FROM generate_series(1, 300) i;
INSERT INTO cars SELECT i, CASE WHEN i % 4 = 0 THEN 'bike' ELSE 'car' END, 1 + (i * 23 % 2000), 4 FROM generate_series(301, 600) i;
