-- The Art. 34 notices of a breach: one row per person it was sent to (or found without an
-- address), so that sending again never tells a person twice. The message itself is in the
-- outbox, sealed with the person's key; its delivery state there is the notice's state.
CREATE TABLE breach_notices (
    breach_id TEXT NOT NULL REFERENCES breaches(id),
    person_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    message_id TEXT,
    at BIGINT NOT NULL,
    PRIMARY KEY (breach_id, person_id)
);
