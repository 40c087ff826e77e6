//! The installation's master key: a key file created on first start, or `VERN_MASTER_KEY`.

use rand::RngCore;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{StoreError, StoreResult};

/// Where the master key comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum KeySource {
    /// The value of `VERN_MASTER_KEY`: 64 hex characters.
    Value(String),
    /// A key file, created if missing on a fresh installation.
    File(PathBuf),
}

impl fmt::Debug for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Value(_) => f.write_str("KeySource::Value(redacted)"),
            KeySource::File(p) => f.debug_tuple("KeySource::File").field(p).finish(),
        }
    }
}

/// A loaded master key.
#[derive(Clone)]
pub struct MasterKey {
    /// The key.
    pub bytes: [u8; 32],
    /// Set when the key was generated just now and must be written to this file once the
    /// database has confirmed the installation is fresh.
    pub pending_file: Option<PathBuf>,
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MasterKey")
            .field("pending_file", &self.pending_file)
            .finish_non_exhaustive()
    }
}

fn parse_hex(text: &str) -> Option<[u8; 32]> {
    let text = text.trim();
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Load the key; when the file is missing, generate a key and mark it pending.
pub fn load(source: &KeySource) -> StoreResult<MasterKey> {
    match source {
        KeySource::Value(v) => parse_hex(v)
            .map(|bytes| MasterKey {
                bytes,
                pending_file: None,
            })
            .ok_or_else(|| {
                StoreError::Invalid(
                    "VERN_MASTER_KEY must be 64 hexadecimal characters (32 bytes)".to_owned(),
                )
            }),
        KeySource::File(path) => match std::fs::read_to_string(path) {
            Ok(text) => parse_hex(&text)
                .map(|bytes| MasterKey {
                    bytes,
                    pending_file: None,
                })
                .ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "the key file {} is not 64 hexadecimal characters",
                        path.display()
                    ))
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut bytes = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut bytes);
                Ok(MasterKey {
                    bytes,
                    pending_file: Some(path.clone()),
                })
            }
            Err(e) => Err(StoreError::Unavailable(format!(
                "cannot read the key file {}: {e}",
                path.display()
            ))),
        },
    }
}

/// Write a newly generated key file, readable by its owner only. Refuses to overwrite.
pub fn write_new(path: &Path, bytes: &[u8; 32]) -> StoreResult<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut file = options.open(path).map_err(|e| {
        StoreError::Unavailable(format!(
            "cannot create the key file {}: {e}",
            path.display()
        ))
    })?;
    file.write_all(format!("{hex}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            StoreError::Unavailable(format!("cannot write the key file {}: {e}", path.display()))
        })
}

/// The value stored in the database to recognise the key.
pub fn key_check(bytes: &[u8; 32]) -> [u8; 32] {
    blake3::derive_key("vern 2026-11 installation key check v1", bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_keys() {
        assert!(parse_hex(&"ab".repeat(32)).is_some());
        assert!(parse_hex("abc").is_none());
        assert!(load(&KeySource::Value("zz".repeat(32))).is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        let key = load(&KeySource::File(path.clone())).unwrap();
        assert_eq!(key.pending_file.as_deref(), Some(path.as_path()));
        write_new(&path, &key.bytes).unwrap();
        assert_eq!(
            load(&KeySource::File(path.clone())).unwrap().bytes,
            key.bytes
        );
        assert!(write_new(&path, &key.bytes).is_err());
    }
}
