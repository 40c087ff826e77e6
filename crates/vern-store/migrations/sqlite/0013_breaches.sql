-- Personal-data breaches (GDPR Art. 33, 34): the register the controller keeps (Art. 33(5)).
-- What happened and why is free text that may name people, so it is sealed with the
-- installation's key; the dates and the stage stay readable for the board and the clock.
CREATE TABLE breaches (
    id TEXT PRIMARY KEY,
    controller BIGINT NOT NULL REFERENCES controllers(id),
    created_at BIGINT NOT NULL,
    occurred_at BIGINT,
    aware_at BIGINT NOT NULL,
    risk TEXT,
    authority_notified_at BIGINT,
    authority_reference TEXT,
    people_notified_at BIGINT,
    people_exemption TEXT,
    closed_at BIGINT,
    version BIGINT NOT NULL,
    sealed BLOB NOT NULL
);
CREATE INDEX breaches_by_controller ON breaches (controller, aware_at);

-- Every version of a breach's record, kept: a notification may be made in phases
-- (Art. 33(4)) and the register documents each step (Art. 33(5)).
CREATE TABLE breach_versions (
    breach_id TEXT NOT NULL REFERENCES breaches(id),
    version BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    step TEXT NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (breach_id, version)
);
