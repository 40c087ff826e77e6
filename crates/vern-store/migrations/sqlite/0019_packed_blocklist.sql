-- Block-list imports are kept packed only (issue 20: millions of rows a second). An import's
-- entries are its packed chunks, sorted by digest, with one byte of identifier kind each; the
-- first and last digest of every chunk are kept apart, in small rows, so that one entry is found
-- by digest without a row per entry and without reading any other chunk. Removing one entry
-- writes a row in `suppressions` with the batch, the digest and `removed_at`, as before.
-- Batches imported before this keep their rows (`packed_only` = 0).
ALTER TABLE suppression_batches ADD COLUMN reason TEXT;
ALTER TABLE suppression_batches ADD COLUMN packed_only BIGINT NOT NULL DEFAULT 0;
ALTER TABLE packed_chunks ADD COLUMN kinds BLOB;
CREATE TABLE packed_ranges (
    owner TEXT NOT NULL,
    seq BIGINT NOT NULL,
    first_digest BLOB NOT NULL,
    last_digest BLOB NOT NULL,
    PRIMARY KEY (owner, seq)
);
CREATE INDEX packed_ranges_by_first ON packed_ranges (first_digest, last_digest);
