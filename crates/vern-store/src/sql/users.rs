//! Staff users and their web sessions in SQL. Creating a user, signing in and signing out are
//! ledger entries; a session's use (its idle clock moving on) is not.

use crate::store::UserStore;
use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;

use super::SqlStore;
use crate::error::{StoreError, StoreResult};
use crate::ledger::{
    Actor, LedgerEvent, NewEntry, SessionChanged, UserCreated, UserPreferencesChanged,
};
use crate::time_codec::{from_micros, to_micros};
use crate::user::{LANGUAGES, NewUser, User, UserSession, normalize_email};

const COLUMNS: &str = "id, email, role, language, time_zone, created_at, disabled_at";

fn user_from_row(row: &AnyRow) -> StoreResult<User> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        role: role
            .parse()
            .map_err(|_| StoreError::Integrity("a user has an unknown role".to_owned()))?,
        language: row.try_get("language")?,
        time_zone: row.try_get("time_zone")?,
        created_at: from_micros(row.try_get("created_at")?),
        disabled_at: row
            .try_get::<Option<i64>, _>("disabled_at")?
            .map(from_micros),
    })
}

/// A short reference to a session for the ledger: enough to tell sessions apart, not the hash.
fn session_ref(token_hash: &[u8; 32]) -> String {
    token_hash[..6].iter().map(|b| format!("{b:02x}")).collect()
}

fn check_language(language: &str) -> StoreResult<()> {
    if LANGUAGES.contains(&language) {
        Ok(())
    } else {
        Err(StoreError::Invalid(
            "the language must be one of sv, nb, da, fi, en".to_owned(),
        ))
    }
}

fn check_zone(zone: &str) -> StoreResult<()> {
    let ok = !zone.is_empty()
        && zone.len() <= 64
        && zone
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(
            "the time zone must be an IANA name such as Europe/Stockholm".to_owned(),
        ))
    }
}

#[async_trait]
impl UserStore for SqlStore {
    async fn create_user(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &NewUser,
    ) -> StoreResult<(User, i64)> {
        let email = normalize_email(&input.email)?;
        check_language(&input.language)?;
        check_zone(&input.time_zone)?;
        if !input.password_hash.starts_with("$argon2id$") {
            return Err(StoreError::Invalid(
                "a user's password must be hashed with argon2id".to_owned(),
            ));
        }
        let id = Uuid::now_v7().to_string();
        let mut tx = self.write(actor, now).await?;
        sqlx::query(
            "INSERT INTO users (id, email, role, password_hash, language, time_zone, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(&email)
        .bind(input.role.as_str())
        .bind(&input.password_hash)
        .bind(&input.language)
        .bind(&input.time_zone)
        .bind(tx.at_micros())
        .execute(tx.conn())
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict("a user with this e-mail already exists".to_owned())
            }
            other => other,
        })?;
        // The e-mail stays out of the ledger: the id names the user.
        let seq = tx
            .record(NewEntry::event(LedgerEvent::UserCreated(UserCreated {
                id: id.clone(),
                role: input.role,
            })))
            .await?;
        tx.commit().await?;
        Ok((
            User {
                id,
                email,
                role: input.role,
                language: input.language.clone(),
                time_zone: input.time_zone.clone(),
                created_at: now,
                disabled_at: None,
            },
            seq,
        ))
    }

    async fn list_users(&self) -> StoreResult<Vec<User>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM users ORDER BY created_at, id"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(user_from_row).collect()
    }

    async fn get_user(&self, id: &str) -> StoreResult<User> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)?;
        user_from_row(&row)
    }

    async fn user_credentials(&self, email: &str) -> StoreResult<Option<(User, String)>> {
        let Ok(email) = normalize_email(email) else {
            return Ok(None);
        };
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, password_hash FROM users WHERE email = $1"
        ))
        .bind(email)
        .fetch_optional(self.pool())
        .await?;
        match row {
            None => Ok(None),
            Some(row) => Ok(Some((user_from_row(&row)?, row.try_get("password_hash")?))),
        }
    }

    async fn set_user_preferences(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        language: &str,
        time_zone: &str,
    ) -> StoreResult<(User, i64)> {
        check_language(language)?;
        check_zone(time_zone)?;
        let mut tx = self.write(actor, now).await?;
        let done = sqlx::query("UPDATE users SET language = $1, time_zone = $2 WHERE id = $3")
            .bind(language)
            .bind(time_zone)
            .bind(id)
            .execute(tx.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let seq = tx
            .record(NewEntry::event(LedgerEvent::UserPreferencesChanged(
                UserPreferencesChanged {
                    id: id.to_owned(),
                    language: language.to_owned(),
                    time_zone: time_zone.to_owned(),
                },
            )))
            .await?;
        tx.commit().await?;
        let user = self.get_user(id).await?;
        Ok((user, seq))
    }

    async fn start_session(
        &self,
        now: OffsetDateTime,
        user_id: &str,
        token_hash: &[u8; 32],
        csrf_secret: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> StoreResult<i64> {
        let mut tx = self.write(&Actor::User(user_id.to_owned()), now).await?;
        sqlx::query(
            "INSERT INTO user_sessions (id, user_id, created_at, last_seen_at, expires_at, csrf_secret) \
             VALUES ($1, $2, $3, $3, $4, $5)",
        )
        .bind(token_hash.to_vec())
        .bind(user_id)
        .bind(tx.at_micros())
        .bind(to_micros(expires_at))
        .bind(csrf_secret.to_vec())
        .execute(tx.conn())
        .await?;
        let seq = tx
            .record(NewEntry::event(LedgerEvent::SessionStarted(
                SessionChanged {
                    user: user_id.to_owned(),
                    session: session_ref(token_hash),
                },
            )))
            .await?;
        tx.commit().await?;
        Ok(seq)
    }

    async fn find_session(
        &self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
    ) -> StoreResult<Option<(UserSession, User)>> {
        let row = sqlx::query(
            "SELECT s.user_id, s.created_at AS s_created, s.last_seen_at, s.expires_at, s.csrf_secret, \
             u.id, u.email, u.role, u.language, u.time_zone, u.created_at, u.disabled_at \
             FROM user_sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.id = $1 AND s.ended_at IS NULL AND s.expires_at > $2 AND u.disabled_at IS NULL",
        )
        .bind(token_hash.to_vec())
        .bind(to_micros(now))
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let secret: Vec<u8> = row.try_get("csrf_secret")?;
        let csrf_secret: [u8; 32] = secret.try_into().map_err(|_| {
            StoreError::Integrity("a session's CSRF secret is not 32 bytes".to_owned())
        })?;
        let session = UserSession {
            user_id: row.try_get("user_id")?,
            created_at: from_micros(row.try_get("s_created")?),
            last_seen_at: from_micros(row.try_get("last_seen_at")?),
            expires_at: from_micros(row.try_get("expires_at")?),
            csrf_secret,
        };
        Ok(Some((session, user_from_row(&row)?)))
    }

    async fn touch_session(
        &self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE user_sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3 AND ended_at IS NULL",
        )
        .bind(to_micros(now))
        .bind(to_micros(expires_at))
        .bind(token_hash.to_vec())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    async fn end_session(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        token_hash: &[u8; 32],
    ) -> StoreResult<i64> {
        let mut tx = self.write(actor, now).await?;
        let row = sqlx::query(
            "UPDATE user_sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL RETURNING user_id",
        )
        .bind(tx.at_micros())
        .bind(token_hash.to_vec())
        .fetch_optional(tx.conn())
        .await?;
        let Some(row) = row else {
            return Err(StoreError::NotFound);
        };
        let user: String = row.try_get("user_id")?;
        let seq = tx
            .record(NewEntry::event(LedgerEvent::SessionEnded(SessionChanged {
                user,
                session: session_ref(token_hash),
            })))
            .await?;
        tx.commit().await?;
        Ok(seq)
    }
}
