-- The ledger: append-only, hash-chained. ledger_head holds the last sequence number and hash;
-- every writing transaction updates it first, which serializes writers and keeps the chain whole.
CREATE TABLE ledger_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash BLOB NOT NULL
);
INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

CREATE TABLE ledger (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    controller BIGINT,
    subject TEXT,
    payload TEXT NOT NULL,
    sealed BLOB,
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL
);
CREATE INDEX ledger_by_subject ON ledger (subject, seq);
CREATE INDEX ledger_by_kind ON ledger (kind, seq);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    prefix TEXT NOT NULL,
    secret_hash BLOB NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- Which master key this installation's data is sealed with (a keyed hash of a constant), so
-- that starting with the wrong key file is refused instead of writing unreadable data.
CREATE TABLE installation (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    key_check BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
