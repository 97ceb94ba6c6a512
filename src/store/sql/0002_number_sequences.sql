-- callwerk schema version 2: counters for human-readable numbers (B-YYYY-NNNNNN,
-- T-YYYY-NNNNNN). One row per tenant, prefix and year ("B-2026"); next_value is the next number
-- to hand out. A counter instead of MAX()+1 so that numbers are never reused after a delete.

CREATE TABLE number_sequences (
  tenant_id   INTEGER NOT NULL REFERENCES tenants(id),
  name        TEXT NOT NULL,
  next_value  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, name)
) WITHOUT ROWID;

-- Numbering continues after the highest number already stored.
INSERT INTO number_sequences (tenant_id, name, next_value)
SELECT tenant_id, substr(order_number, 1, 6), MAX(CAST(substr(order_number, 8) AS INTEGER)) + 1
FROM orders
WHERE order_number GLOB 'B-[0-9][0-9][0-9][0-9]-[0-9]*'
GROUP BY tenant_id, substr(order_number, 1, 6);

INSERT INTO number_sequences (tenant_id, name, next_value)
SELECT tenant_id, substr(ticket_number, 1, 6), MAX(CAST(substr(ticket_number, 8) AS INTEGER)) + 1
FROM tickets
WHERE ticket_number GLOB 'T-[0-9][0-9][0-9][0-9]-[0-9]*'
GROUP BY tenant_id, substr(ticket_number, 1, 6);
