-- Staff users of the web UI and their sessions. A staff member's e-mail address is their sign-in
-- name, not a data subject's data, so it is kept in the clear (and never written to logs).
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    language TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT
);

-- A session is known by the keyed hash of its random token; the token itself lives only in the
-- browser's cookie. It ends when signed out, idle too long, or at its hard limit.
CREATE TABLE user_sessions (
    id BYTEA PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    csrf_secret BYTEA NOT NULL,
    ended_at BIGINT
);
CREATE INDEX user_sessions_by_user ON user_sessions (user_id);
