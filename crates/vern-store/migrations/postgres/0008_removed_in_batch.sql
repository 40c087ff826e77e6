-- Building the index skips the rows of bulk batches that were removed one by one. Without this
-- the start-up query for them scanned every suppression.
CREATE INDEX suppressions_removed_in_batch ON suppressions (batch, digest)
    WHERE batch IS NOT NULL AND removed_at IS NOT NULL;
