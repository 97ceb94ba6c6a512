-- callwerk schema version 4: how many of a product one order may hold. A tariff or a service
-- is ordered once (1), so the virtual agent does not ask "how many?"; NULL: no limit of its own.

ALTER TABLE products ADD COLUMN max_quantity INTEGER;
