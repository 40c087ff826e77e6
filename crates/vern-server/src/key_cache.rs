//! The API keys a server has seen, so that a request from a known key needs no database round
//! trip. Filled by the key extractor (`auth.rs`) and emptied by the ledger follower when a key
//! is revoked; it lives apart from both so that neither depends on the other.

use std::collections::HashMap;
use std::sync::RwLock;
use vern_store::ApiKey;

use crate::index::FpBuild;

/// Keys seen recently, by the keyed hash of their secret; revocations reach it through the
/// ledger, so no request needs a database round trip once its key is known.
#[derive(Debug, Default)]
pub struct KeyCache {
    by_hash: RwLock<HashMap<TokenHash, std::sync::Arc<ApiKey>, FpBuild>>,
}

/// The keyed hash of a key's secret: uniformly random and beyond a caller's choosing, so its
/// first eight bytes are a good hash already and SipHash over all 32 would only add time to
/// every request. Equality still compares all 32.
#[derive(Debug, PartialEq, Eq)]
struct TokenHash([u8; 32]);

impl std::hash::Hash for TokenHash {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let mut prefix = [0u8; 8];
        prefix.copy_from_slice(&self.0[..8]);
        state.write_u64(u64::from_le_bytes(prefix));
    }
}

impl KeyCache {
    pub(crate) fn get(&self, hash: &[u8; 32]) -> Option<std::sync::Arc<ApiKey>> {
        self.by_hash.read().ok()?.get(&TokenHash(*hash)).cloned()
    }

    pub(crate) fn put(&self, hash: [u8; 32], key: std::sync::Arc<ApiKey>) {
        if let Ok(mut map) = self.by_hash.write() {
            if map.len() > 10_000 {
                map.clear();
            }
            map.insert(TokenHash(hash), key);
        }
    }

    /// Drop a key (revoked).
    pub fn forget(&self, id: &str) {
        if let Ok(mut map) = self.by_hash.write() {
            map.retain(|_, k| k.id != id);
        }
    }

    /// Drop everything.
    pub fn clear(&self) {
        if let Ok(mut map) = self.by_hash.write() {
            map.clear();
        }
    }
}
