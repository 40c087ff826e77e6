-- Electronic-mail marketing and Danish telephone sales (issue 17, docs/marketing-law.md).

-- The product category a purpose markets, which the soft opt-in compares with the sale's (the
-- controller's "own similar products"), is the column 0012 adds for customer relationships.

-- A person marked as a business contact (a company's role address): the controller's country
-- decides whether its electronic-mail rule covers them.
CREATE TABLE business_contacts (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    controller BIGINT NOT NULL,
    marked_at BIGINT NOT NULL
);

-- An address the controller obtained from the person in its own sale (the soft opt-in): the
-- identifier's digest, the sale (a won deal) and its product category, and whether an opt-out
-- was offered when the address was collected.
CREATE TABLE soft_opt_ins (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    controller BIGINT NOT NULL,
    digest BLOB NOT NULL,
    deal_id TEXT NOT NULL,
    product_category TEXT NOT NULL,
    opt_out_offered BIGINT NOT NULL,
    obtained_at BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX soft_opt_ins_by_person ON soft_opt_ins (person_id);

-- A consumer's request to be called by the controller (forbrugeraftaleloven § 4 stk. 1), with
-- its evidence sealed with the person's key.
CREATE TABLE call_requests (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    controller BIGINT NOT NULL,
    evidence BLOB NOT NULL,
    requested_at BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX call_requests_by_person ON call_requests (person_id);
