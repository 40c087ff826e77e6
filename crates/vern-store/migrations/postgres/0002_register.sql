-- The register: controllers, purposes, people, consent, objections, suppressions, restrictions.
-- Personal data lives only in `sealed` columns (sealed with the person's key); people are found
-- by keyed digests of their identifiers.

CREATE TABLE controllers (
    id BIGINT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT,
    default_region TEXT NOT NULL,
    dpo_name TEXT,
    dpo_email TEXT,
    dpo_phone TEXT,
    privacy_notice_url TEXT,
    rules TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE purposes (
    controller BIGINT NOT NULL REFERENCES controllers (id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    direct_marketing BIGINT NOT NULL,
    channels BIGINT NOT NULL,
    retention TEXT,
    description TEXT NOT NULL,
    dk_telemarketing_exception BIGINT NOT NULL DEFAULT 0,
    recipients TEXT NOT NULL DEFAULT '[]',
    data_source TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (controller, key)
);

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    controller BIGINT NOT NULL REFERENCES controllers (id),
    sealed BYTEA NOT NULL,
    restricted_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX people_by_controller ON people (controller, created_at);

CREATE TABLE person_identifiers (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    controller BIGINT NOT NULL,
    kind TEXT NOT NULL,
    digest BYTEA NOT NULL,
    PRIMARY KEY (person_id, digest)
);
CREATE INDEX person_identifiers_by_digest ON person_identifiers (controller, digest);

CREATE TABLE person_lists (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    list TEXT NOT NULL,
    PRIMARY KEY (person_id, list)
);

CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    controller BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    channel TEXT NOT NULL,
    action TEXT NOT NULL,
    given_at BIGINT NOT NULL,
    expires_at BIGINT,
    source TEXT NOT NULL,
    evidence BYTEA NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX consents_by_person ON consents (person_id, given_at);

CREATE TABLE restrictions (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    sealed BYTEA NOT NULL,
    placed_at BIGINT NOT NULL,
    lifted_at BIGINT
);
CREATE INDEX restrictions_by_person ON restrictions (person_id, placed_at);

CREATE TABLE objections (
    id TEXT PRIMARY KEY,
    controller BIGINT,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    agent_name TEXT,
    mandate_reference TEXT,
    mandate_verification TEXT,
    request_id TEXT,
    received_at BIGINT NOT NULL
);

CREATE TABLE suppressions (
    id TEXT PRIMARY KEY,
    digest BYTEA NOT NULL,
    identifier_kind TEXT NOT NULL,
    controller BIGINT,
    channels BIGINT NOT NULL,
    source TEXT NOT NULL,
    objection_id TEXT REFERENCES objections (id),
    reason TEXT,
    batch TEXT,
    created_at BIGINT NOT NULL,
    removed_at BIGINT
);
CREATE INDEX suppressions_by_digest ON suppressions (digest);
CREATE INDEX suppressions_by_batch ON suppressions (batch);

CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    controller BIGINT NOT NULL REFERENCES controllers (id),
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    person_id TEXT,
    received_via TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    agent_key TEXT,
    sealed BYTEA,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX requests_by_state ON requests (state, due_at);
CREATE INDEX requests_by_person ON requests (person_id);

CREATE TABLE request_digests (
    request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    digest BYTEA NOT NULL,
    PRIMARY KEY (request_id, digest)
);
