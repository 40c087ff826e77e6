-- Issue 17 §2: customer relationships. A relationship exempts an existing customer from
-- NIX-Telefon and Reservasjonsregisteret for purposes of the same product category. Dates are
-- ISO 8601 text (the first and the last day), the same on both engines.
CREATE TABLE customer_relationships (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    controller BIGINT NOT NULL,
    product_category TEXT NOT NULL,
    started TEXT NOT NULL,
    ended TEXT,
    deal_id TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX customer_relationships_by_person ON customer_relationships (person_id);

-- Issue 17 §2, §4: a controller's financial year (bookkeeping holds count from its end) and how
-- long former customers stay exempt from the registers. No row: the defaults (calendar year,
-- twelve months).
CREATE TABLE controller_terms (
    controller BIGINT PRIMARY KEY,
    financial_year_start_month BIGINT NOT NULL,
    nix_telefon_months BIGINT NOT NULL,
    reservasjonsregisteret_months BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The product category a purpose markets, and what its retention counts from.
ALTER TABLE purposes ADD COLUMN product_category TEXT;
ALTER TABLE purposes ADD COLUMN retention_from TEXT;

-- A won deal of a product category starts a customer relationship.
ALTER TABLE deals ADD COLUMN product_category TEXT;
