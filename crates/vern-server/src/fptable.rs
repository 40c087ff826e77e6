//! A compact hash table keyed by 64-bit digest fingerprints.
//!
//! Written by hand because memory per entry is a goal (at most 40 bytes; a whole 5-million-
//! entry index must also leave a list wash well under a columnar engine's footprint) and no
//! general-purpose map stores a `u64 → u32` entry in less than 16 bytes plus control bytes: the
//! pair is padded to 16. Here keys and values live in two plain arrays (12 bytes a slot) sized to
//! exactly `len / 0.7` slots, not rounded up to a power of two. Keys are already uniformly random
//! (they are keyed BLAKE3 output), so the slot is the fingerprint scaled into the table's size;
//! collisions probe linearly, and removal shifts later entries back, so no tombstones build up.

/// The fingerprint that marks an empty slot; a real fingerprint equal to it is stored as 1.
const EMPTY: u64 = 0;
/// The highest share of slots in use before the table grows.
const MAX_LOAD: f64 = 0.7;

/// A map from digest fingerprints to small values.
#[derive(Debug, Clone)]
pub struct FpTable<V> {
    keys: Vec<u64>,
    values: Vec<V>,
    len: usize,
}

impl<V: Copy + Default> Default for FpTable<V> {
    fn default() -> Self {
        FpTable::with_capacity(0)
    }
}

fn slots_for(entries: usize) -> usize {
    ((entries as f64 / MAX_LOAD) as usize + 1).max(16)
}

fn fix(fp: u64) -> u64 {
    if fp == EMPTY { 1 } else { fp }
}

impl<V: Copy + Default> FpTable<V> {
    /// A table that holds `entries` without growing.
    pub fn with_capacity(entries: usize) -> FpTable<V> {
        let slots = slots_for(entries);
        FpTable {
            keys: vec![EMPTY; slots],
            values: vec![V::default(); slots],
            len: 0,
        }
    }

    /// Entries held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes of the two arrays.
    pub fn heap_bytes(&self) -> usize {
        self.keys.capacity() * std::mem::size_of::<u64>()
            + self.values.capacity() * std::mem::size_of::<V>()
    }

    fn home(&self, fp: u64) -> usize {
        // Scale the uniformly random fingerprint into [0, slots).
        ((u128::from(fp) * self.keys.len() as u128) >> 64) as usize
    }

    fn find(&self, fp: u64) -> Result<usize, usize> {
        let n = self.keys.len();
        let mut i = self.home(fp);
        loop {
            match self.keys[i] {
                k if k == fp => return Ok(i),
                EMPTY => return Err(i),
                _ => {
                    i += 1;
                    if i == n {
                        i = 0;
                    }
                }
            }
        }
    }

    /// The value of a fingerprint.
    pub fn get(&self, fp: u64) -> Option<V> {
        let fp = fix(fp);
        self.find(fp).ok().map(|i| self.values[i])
    }

    /// The value of a fingerprint, storing `value` first when it has none; whether it was
    /// stored. One probe either way (bulk loads call this millions of times).
    pub fn get_or_insert(&mut self, fp: u64, value: V) -> (V, bool) {
        let fp = fix(fp);
        if (self.len + 1) as f64 > self.keys.len() as f64 * MAX_LOAD {
            self.grow();
        }
        match self.find(fp) {
            Ok(i) => (self.values[i], false),
            Err(i) => {
                self.keys[i] = fp;
                self.values[i] = value;
                self.len += 1;
                (value, true)
            }
        }
    }

    /// Set a fingerprint's value; returns the previous one.
    pub fn insert(&mut self, fp: u64, value: V) -> Option<V> {
        let fp = fix(fp);
        if (self.len + 1) as f64 > self.keys.len() as f64 * MAX_LOAD {
            self.grow();
        }
        match self.find(fp) {
            Ok(i) => Some(std::mem::replace(&mut self.values[i], value)),
            Err(i) => {
                self.keys[i] = fp;
                self.values[i] = value;
                self.len += 1;
                None
            }
        }
    }

    /// Remove a fingerprint; returns its value.
    pub fn remove(&mut self, fp: u64) -> Option<V> {
        let fp = fix(fp);
        let mut hole = self.find(fp).ok()?;
        let value = self.values[hole];
        self.keys[hole] = EMPTY;
        self.len -= 1;
        // Shift back every entry of the run after the hole whose home lies at or before it.
        let n = self.keys.len();
        let mut j = hole;
        loop {
            j = if j + 1 == n { 0 } else { j + 1 };
            let k = self.keys[j];
            if k == EMPTY {
                break;
            }
            let home = self.home(k);
            let dist_home = (j + n - home) % n;
            let dist_hole = (j + n - hole) % n;
            if dist_home >= dist_hole {
                self.keys[hole] = k;
                self.values[hole] = self.values[j];
                self.keys[j] = EMPTY;
                hole = j;
            }
        }
        Some(value)
    }

    fn grow(&mut self) {
        // 1.5 times: large tables are built by bulk loads, and a doubling would leave up to half
        // of a few hundred megabytes unused; `compact` trims what is left after a load.
        let bigger = FpTable::with_capacity((self.len + 1).max(8) * 3 / 2);
        let old = std::mem::replace(self, bigger);
        for (k, v) in old.keys.into_iter().zip(old.values) {
            if k != EMPTY {
                self.insert(k, v);
            }
        }
    }

    /// Shrink to the size the entries need, when the table is much larger (after a bulk load).
    pub fn compact(&mut self) {
        if self.keys.len() as f64 > slots_for(self.len) as f64 * 1.25 {
            let exact = FpTable::with_capacity(self.len);
            let old = std::mem::replace(self, exact);
            for (k, v) in old.keys.into_iter().zip(old.values) {
                if k != EMPTY {
                    self.insert(k, v);
                }
            }
        }
    }

    /// Reserve room for `more` entries without growing in between.
    pub fn reserve(&mut self, more: usize) {
        let want = slots_for(self.len + more);
        if want > self.keys.len() {
            let bigger = FpTable::with_capacity(self.len + more);
            let old = std::mem::replace(self, bigger);
            for (k, v) in old.keys.into_iter().zip(old.values) {
                if k != EMPTY {
                    self.insert(k, v);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn behaves_like_a_map() {
        let mut t: FpTable<u32> = FpTable::default();
        let mut m: HashMap<u64, u32> = HashMap::new();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for i in 0..50_000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Some keys collide on purpose (small space) so that runs form and get shifted.
            let k = if i % 3 == 0 { x % 5_000 } else { x };
            match i % 5 {
                0..=2 => assert_eq!(t.insert(k, i), m.insert(fix(k), i)),
                3 => assert_eq!(t.remove(k), m.remove(&fix(k))),
                _ => assert_eq!(t.get(k), m.get(&fix(k)).copied()),
            }
            assert_eq!(t.len(), m.len());
        }
        for (k, v) in &m {
            assert_eq!(t.get(*k), Some(*v));
        }
        assert_eq!(t.get(0), t.get(1));
    }
}
