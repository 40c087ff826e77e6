-- Bulk suppressions (block-list imports) are also kept packed: one row per import with the
-- digests concatenated, so a server loads millions of them in one read. The rows in
-- `suppressions` remain the record of each entry (and of removals).
CREATE TABLE suppression_batches (
    batch TEXT PRIMARY KEY,
    controller BIGINT,
    channels BIGINT NOT NULL,
    source TEXT NOT NULL,
    digests BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);

-- National register versions. A new version of a register supersedes the previous one in the
-- same transaction. Listings are packed: 16-byte digests, and one byte of channel bits each.
CREATE TABLE register_versions (
    id TEXT PRIMARY KEY,
    register TEXT NOT NULL,
    version_date TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    superseded_at BIGINT,
    entries BIGINT NOT NULL,
    source_name TEXT NOT NULL,
    file_digest TEXT NOT NULL,
    digests BYTEA NOT NULL,
    channels BYTEA NOT NULL
);
CREATE INDEX register_versions_current ON register_versions (register, superseded_at);

-- Every wash: which list, against what, with what result.
CREATE TABLE washes (
    id TEXT PRIMARY KEY,
    controller BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    channel TEXT NOT NULL,
    list_name TEXT NOT NULL,
    file_digest TEXT NOT NULL,
    planned_at BIGINT NOT NULL,
    registers TEXT NOT NULL,
    counts TEXT NOT NULL,
    via TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX washes_by_time ON washes (created_at);
