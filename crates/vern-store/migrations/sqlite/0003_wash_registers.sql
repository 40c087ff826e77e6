-- Bulk suppressions (block-list imports) are also kept packed: the digests of one import
-- concatenated in chunks, so a server loads millions of them in a few reads with little memory.
-- The rows in `suppressions` remain the record of each entry (and of removals).
CREATE TABLE suppression_batches (
    batch TEXT PRIMARY KEY,
    controller BIGINT,
    channels BIGINT NOT NULL,
    source TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Packed digests (16 bytes each) and, for registers, one byte of channel bits each, in chunks
-- of up to 65 536 entries, owned by an import batch or a register version.
CREATE TABLE packed_chunks (
    owner TEXT NOT NULL,
    seq BIGINT NOT NULL,
    digests BLOB NOT NULL,
    channels BLOB,
    PRIMARY KEY (owner, seq)
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
    file_digest TEXT NOT NULL
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
