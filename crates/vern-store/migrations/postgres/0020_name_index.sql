-- The blind index of people's names (docs/people-search.md). Names are sealed, so staff find a
-- person through keyed digests of each folded word of the name and of its beginnings from three
-- letters; a search folds what was typed, digests it the same way and looks it up here.
CREATE TABLE person_names (
    digest BYTEA NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (digest, person_id)
);
CREATE INDEX person_names_by_person ON person_names (person_id);

-- The generation of the index's key the digests were made with (rotation moves to the next and
-- rebuilds), and when the index was last built; NULL when people stored before this migration
-- still wait for theirs, which the next start builds.
CREATE TABLE name_index (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL,
    built_at BIGINT
);
INSERT INTO name_index (id, generation, built_at)
    SELECT 1, 1, CASE WHEN EXISTS (SELECT 1 FROM people) THEN NULL ELSE 0 END;
