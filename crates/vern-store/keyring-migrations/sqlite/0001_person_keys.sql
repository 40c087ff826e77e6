-- Person keys, wrapped by the installation key. Kept in a file of their own so that a backup
-- of the data never carries them: destroying a row here erases that person everywhere.
CREATE TABLE person_keys (
    person_id TEXT PRIMARY KEY,
    wrapped BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
