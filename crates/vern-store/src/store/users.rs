//! Staff users and their web sessions.

use crate::error::StoreResult;
use crate::ledger::Actor;
use async_trait::async_trait;
use time::OffsetDateTime;

/// Staff users and sessions: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait UserStore: Send + Sync {
    /// Create a staff user (the password already hashed with argon2id).
    async fn create_user(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        input: &crate::user::NewUser,
    ) -> StoreResult<(crate::user::User, i64)>;

    /// Every staff user, oldest first.
    async fn list_users(&self) -> StoreResult<Vec<crate::user::User>>;

    /// One user.
    async fn get_user(&self, id: &str) -> StoreResult<crate::user::User>;

    /// The user signing in with this e-mail, with their password hash.
    async fn user_credentials(
        &self,
        email: &str,
    ) -> StoreResult<Option<(crate::user::User, String)>>;

    /// Change a user's language and time zone.
    async fn set_user_preferences(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        id: &str,
        language: &str,
        time_zone: &str,
    ) -> StoreResult<(crate::user::User, i64)>;

    /// Start a session (signing in), known by its token's keyed hash.
    async fn start_session(
        &self,
        now: OffsetDateTime,
        user: &str,
        token_hash: &[u8; 32],
        csrf_secret: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> StoreResult<i64>;

    /// The live session with this token hash, and its user (if not disabled).
    async fn find_session(
        &self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
    ) -> StoreResult<Option<(crate::user::UserSession, crate::user::User)>>;

    /// Note a session's use and move its expiry.
    async fn touch_session(
        &self,
        token_hash: &[u8; 32],
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()>;

    /// End a session (signing out).
    async fn end_session(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        token_hash: &[u8; 32],
    ) -> StoreResult<i64>;
}
