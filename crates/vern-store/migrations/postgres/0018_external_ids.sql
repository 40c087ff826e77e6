-- A person's id in the system they were imported from (a CRM's customer number), as a keyed
-- digest: a re-import finds the person by it and updates instead of creating a duplicate. The
-- id itself is personal data and lives sealed in the profile; this column only matches.
ALTER TABLE people ADD COLUMN external_key BYTEA;
CREATE UNIQUE INDEX people_by_external_key ON people (controller, external_key);
