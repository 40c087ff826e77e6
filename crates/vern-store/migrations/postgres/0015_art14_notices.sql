-- Art. 14 notices (issue 19 §2): a person whose data were not obtained from them has a row
-- here, written in the transaction that creates them: where the data came from (and the
-- supplier of a purchased list), and where the notice owed to them stands. A person whose data
-- came from themself has no row (Art. 13 applies, not Art. 14).
--
-- state: owed (nothing sent yet), queued (in the outbox), sent (delivered, or carried by the
-- first communication), failed (the outbox gave up), exempt (an Art. 14(5) ground recorded).
-- The exemption's reason is written by staff and sealed with the person's key.
CREATE TABLE art14_notices (
    person_id TEXT PRIMARY KEY REFERENCES people(id),
    controller BIGINT NOT NULL REFERENCES controllers(id),
    source TEXT NOT NULL,
    supplier TEXT,
    state TEXT NOT NULL,
    obtained_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    message_id TEXT,
    channel TEXT,
    queued_at BIGINT,
    sent_at BIGINT,
    sent_via TEXT,
    exemption TEXT,
    exemption_sealed BYTEA,
    exempted_by TEXT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX art14_notices_state ON art14_notices (state, due_at);
CREATE INDEX art14_notices_message ON art14_notices (message_id);

-- A controller's own wording of the notice, per language, replacing the generated text's
-- introduction; the generated facts (controller, purposes, source, rights) always follow.
CREATE TABLE art14_notice_texts (
    controller BIGINT NOT NULL REFERENCES controllers(id),
    language TEXT NOT NULL,
    intro TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (controller, language)
);
