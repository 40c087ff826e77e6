-- Art. 14 notices that failed for good (docs/notices.md): when the outbox gave the notice up,
-- the reason's category (no personal data: invalid_address, refused, retries_exhausted,
-- erased, other) and when; cleared when the notice is owed again (a new address, or staff
-- asked for another attempt). `attempts` counts the notices queued for the person.
ALTER TABLE art14_notices ADD COLUMN failure TEXT;
ALTER TABLE art14_notices ADD COLUMN failed_at BIGINT;
ALTER TABLE art14_notices ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
