-- SMS keywords (issue 18 §1): the controller's receiving numbers and short codes, the gateways
-- allowed to deliver what people text to them, and every inbound message, kept once per
-- gateway message id.

-- A receiving number or short code: whose it is, which purposes it sends for, its extra
-- keywords (JSON by class), the word that stops everything, and how long an opt-in waits for
-- its confirmation. The number is the controller's own, not personal data.
CREATE TABLE sms_numbers (
    id TEXT PRIMARY KEY,
    controller BIGINT NOT NULL REFERENCES controllers(id),
    number TEXT NOT NULL UNIQUE,
    purposes TEXT NOT NULL,
    keywords TEXT NOT NULL,
    all_keyword TEXT,
    confirm_window_minutes BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A gateway's signing secret, sealed with the installation's key, for the API key (role
-- `gateway`) it signs with.
CREATE TABLE sms_gateways (
    key_id TEXT PRIMARY KEY REFERENCES api_keys(id),
    secret BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Every inbound message. The sender is a keyed digest; the sender's number and the text are
-- sealed with the person's key, or, for someone vern does not know, with a key of the message's
-- own (`holder`), destroyed by retention.
CREATE TABLE sms_inbound (
    id TEXT PRIMARY KEY,
    gateway_key TEXT NOT NULL,
    message_id TEXT NOT NULL,
    controller BIGINT NOT NULL REFERENCES controllers(id),
    number_id TEXT NOT NULL REFERENCES sms_numbers(id),
    sender_digest BYTEA NOT NULL,
    person_id TEXT,
    holder TEXT NOT NULL,
    effect TEXT NOT NULL,
    mentions_opt_out BIGINT NOT NULL,
    purposes TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    reply_id TEXT,
    sealed BYTEA NOT NULL,
    UNIQUE (gateway_key, message_id)
);
CREATE INDEX sms_inbound_by_controller ON sms_inbound (controller, recorded_at);
CREATE INDEX sms_inbound_by_holder ON sms_inbound (holder);

-- Opt-ins waiting for their confirming reply (double opt-in), closed by the confirmation, by a
-- stop, or by a newer question.
CREATE TABLE sms_optins (
    id TEXT PRIMARY KEY,
    number_id TEXT NOT NULL REFERENCES sms_numbers(id),
    sender_digest BYTEA NOT NULL,
    asked_by TEXT NOT NULL REFERENCES sms_inbound(id),
    purposes TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    closed_at BIGINT,
    closed_by TEXT
);
CREATE INDEX sms_optins_open ON sms_optins (number_id, sender_digest, closed_at);
