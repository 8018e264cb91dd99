-- Release 42: order tracking.
ALTER TABLE orders ADD COLUMN tracking_code text NOT NULL;

CREATE INDEX orders_customer_id_idx ON orders (customer_id);

ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey
  FOREIGN KEY (customer_id) REFERENCES customers (id);

ALTER TABLE customers RENAME COLUMN full_name TO display_name;

ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;
