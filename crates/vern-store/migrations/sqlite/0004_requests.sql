-- Customer history: what reports show and anonymization keeps for statistics. Free text is
-- sealed with the person's key; the rest (time, kind, amount, stage, owner) is not personal.
CREATE TABLE activities (
    id TEXT PRIMARY KEY,
    person_id TEXT,
    controller BIGINT NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT,
    owner TEXT,
    at BIGINT NOT NULL,
    sealed BLOB,
    created_at BIGINT NOT NULL
);
CREATE INDEX activities_by_person ON activities (person_id, at);

CREATE TABLE deals (
    id TEXT PRIMARY KEY,
    person_id TEXT,
    controller BIGINT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    stage TEXT NOT NULL,
    owner TEXT,
    opened_at BIGINT NOT NULL,
    closed_at BIGINT,
    sealed BLOB,
    created_at BIGINT NOT NULL
);
CREATE INDEX deals_by_person ON deals (person_id);
CREATE INDEX deals_by_owner ON deals (owner);

CREATE TABLE todos (
    id TEXT PRIMARY KEY,
    person_id TEXT,
    controller BIGINT NOT NULL,
    owner TEXT,
    due_at BIGINT,
    done_at BIGINT,
    sealed BLOB,
    created_at BIGINT NOT NULL
);
CREATE INDEX todos_by_person ON todos (person_id);

-- The request inbox.
ALTER TABLE requests ADD COLUMN assignee TEXT;
ALTER TABLE requests ADD COLUMN verified_at BIGINT;
ALTER TABLE requests ADD COLUMN verification TEXT;
ALTER TABLE requests ADD COLUMN extended_months BIGINT NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN closed_at BIGINT;
ALTER TABLE requests ADD COLUMN flag TEXT NOT NULL DEFAULT 'on_time';
ALTER TABLE requests ADD COLUMN language TEXT;
CREATE INDEX requests_by_due ON requests (due_at);
CREATE INDEX requests_by_assignee ON requests (assignee, due_at);

CREATE TABLE request_events (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    sealed BLOB
);
CREATE INDEX request_events_by_request ON request_events (request_id, at);

-- One-time codes for verifying a request's sender.
CREATE TABLE request_codes (
    request_id TEXT PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
    code_hash BLOB NOT NULL,
    channel TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0
);

-- Messages to data subjects, delivered by a background job with retries.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    controller BIGINT NOT NULL,
    subject_key TEXT NOT NULL,
    request_id TEXT,
    channel TEXT NOT NULL,
    template TEXT NOT NULL,
    language TEXT NOT NULL,
    sealed BLOB NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_by_request ON outbox (request_id);

-- Temporary links that show a person their data.
CREATE TABLE share_links (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    opened BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX share_links_by_person ON share_links (person_id);
