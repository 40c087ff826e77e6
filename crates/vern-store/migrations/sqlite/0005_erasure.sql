-- Erasure: the recycle bin, legal holds, Art. 19 notices to recipients.

-- A person in the recycle bin is invisible everywhere but restorable until purged.
ALTER TABLE people ADD COLUMN erased_at BIGINT;
ALTER TABLE people ADD COLUMN erase_reason TEXT;
CREATE INDEX people_by_erased ON people (erased_at);

-- What a legal obligation keeps after an erasure, and until when. The person row stays, its
-- profile reduced to the held fields; when the hold ends the rest is purged too.
CREATE TABLE legal_holds (
    person_id TEXT NOT NULL,
    purpose TEXT NOT NULL,
    fields TEXT NOT NULL,
    until BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (person_id, purpose)
);
CREATE INDEX legal_holds_by_until ON legal_holds (until);

-- Which profile fields a legal-obligation purpose needs kept (comma-separated names).
ALTER TABLE purposes ADD COLUMN holds_fields TEXT NOT NULL DEFAULT '';

-- Recipients told about erasures, rectifications, restrictions and objections (Art. 19).
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    secret BLOB NOT NULL,
    events TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT
);

CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id),
    event TEXT NOT NULL,
    ledger_seq BIGINT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_status BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (webhook_id, ledger_seq);

-- How far the notifier has read the ledger.
CREATE TABLE cursors (
    name TEXT PRIMARY KEY,
    seq BIGINT NOT NULL
);
INSERT INTO cursors (name, seq) VALUES ('webhooks', 0);
