-- Only people in the recycle bin need an index on erased_at. The full index led SQLite's
-- planner, without statistics, to page through live people by it and sort each page, so building
-- the in-memory index at start-up grew with the square of the number of people (65 s for one
-- million); the live-people queries now walk the primary key.
DROP INDEX people_by_erased;
CREATE INDEX people_in_trash ON people (erased_at) WHERE erased_at IS NOT NULL;

-- The inbox's overdue and due-soon views read open requests by due date; closed requests, the
-- great majority over time, stay out of this index.
CREATE INDEX requests_open_by_due ON requests (due_at, id)
    WHERE state IN ('received', 'verifying', 'in_progress');
