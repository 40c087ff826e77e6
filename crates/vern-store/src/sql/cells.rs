//! A row's cells by position, whichever library read it: sqlx's pool, `rusqlite` (SQLite at
//! start-up) or a binary COPY stream (PostgreSQL at start-up). What a row means is written
//! once against this trait (`facts.rs`), and each reader supplies its rows.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::codec::integrity;
use crate::error::{StoreError, StoreResult};

/// A row's cells by position, whichever library read it.
pub(super) trait Cells {
    fn text(&self, i: usize) -> StoreResult<&str>;
    fn opt_text(&self, i: usize) -> StoreResult<Option<&str>>;
    fn blob(&self, i: usize) -> StoreResult<&[u8]>;
    fn int(&self, i: usize) -> StoreResult<i64>;
    fn opt_int(&self, i: usize) -> StoreResult<Option<i64>>;
}

/// The pool's rows.
macro_rules! sqlx_cells {
    ($row:ty) => {
        impl Cells for $row {
            fn text(&self, i: usize) -> StoreResult<&str> {
                Ok(self.try_get(i)?)
            }
            fn opt_text(&self, i: usize) -> StoreResult<Option<&str>> {
                Ok(self.try_get(i)?)
            }
            fn blob(&self, i: usize) -> StoreResult<&[u8]> {
                Ok(self.try_get(i)?)
            }
            fn int(&self, i: usize) -> StoreResult<i64> {
                Ok(self.try_get(i)?)
            }
            fn opt_int(&self, i: usize) -> StoreResult<Option<i64>> {
                Ok(self.try_get(i)?)
            }
        }
    };
}
sqlx_cells!(AnyRow);

impl Cells for rusqlite::Row<'_> {
    fn text(&self, i: usize) -> StoreResult<&str> {
        self.get_ref(i)
            .map_err(lite)?
            .as_str()
            .map_err(|_| integrity("a text column"))
    }
    fn opt_text(&self, i: usize) -> StoreResult<Option<&str>> {
        self.get_ref(i)
            .map_err(lite)?
            .as_str_or_null()
            .map_err(|_| integrity("a text column"))
    }
    fn blob(&self, i: usize) -> StoreResult<&[u8]> {
        self.get_ref(i)
            .map_err(lite)?
            .as_blob()
            .map_err(|_| integrity("a blob column"))
    }
    fn int(&self, i: usize) -> StoreResult<i64> {
        self.get_ref(i)
            .map_err(lite)?
            .as_i64()
            .map_err(|_| integrity("an integer column"))
    }
    fn opt_int(&self, i: usize) -> StoreResult<Option<i64>> {
        self.get_ref(i)
            .map_err(lite)?
            .as_i64_or_null()
            .map_err(|_| integrity("an integer column"))
    }
}

/// rusqlite's errors name the statement or the file, never a value.
pub(super) fn lite(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            StoreError::Unavailable("the database is busy".to_owned())
        }
        other => StoreError::Other(other.to_string()),
    }
}
