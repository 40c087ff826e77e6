//! Storage errors, classified inside the backend so callers can answer correctly.

/// What went wrong in the store. Messages never contain personal data.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("not found")]
    NotFound,
    /// The change conflicts with what is stored (a duplicate key, a state that forbids it).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The input is not acceptable; nothing was changed.
    #[error("invalid: {0}")]
    Invalid(String),
    /// The database cannot be reached or is overloaded; retrying may help.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Stored data failed an integrity check (a sealed value that does not open, a missing key).
    #[error("integrity: {0}")]
    Integrity(String),
    /// Anything else.
    #[error("storage error: {0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict("a record with that key already exists".to_owned())
            }
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                StoreError::Conflict("a referenced record does not exist".to_owned())
            }
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(error.to_string()),
            sqlx::Error::Database(db) if is_busy(db.code().as_deref()) => StoreError::Unavailable(
                format!("the database is busy ({})", db.code().unwrap_or_default()),
            ),
            _ => StoreError::Other(error.to_string()),
        }
    }
}

/// SQLite's busy and locked codes; PostgreSQL's serialization failures and connection errors.
fn is_busy(code: Option<&str>) -> bool {
    matches!(
        code,
        Some("5" | "6" | "517" | "40001" | "40P01" | "57P01" | "57P03" | "53300")
    )
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        StoreError::Other(format!("migration failed: {error}"))
    }
}

/// Shorthand.
pub type StoreResult<T> = Result<T, StoreError>;
