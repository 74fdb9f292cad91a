//! A quick "maybe" test for chars, so a hot loop skips a hash lookup that cannot match.
//!
//! Keyed tables (glob cues by their last char, domain tags by a word's last char) are
//! sparse: most tokens have no entry. One bit per char (modulo 2^16) answers "certainly
//! not" in a few instructions; "maybe" still goes to the table, so results never change.

/// A set of chars, folded onto 2^16 bits: no false negatives, rare false positives.
#[derive(Debug, Clone)]
pub struct CharBits {
    bits: Box<[u64; 1024]>,
}

impl Default for CharBits {
    fn default() -> Self {
        Self {
            bits: Box::new([0; 1024]),
        }
    }
}

impl CharBits {
    fn slot(c: char) -> (usize, u64) {
        let k = (c as u32 & 0xffff) as usize;
        (k >> 6, 1 << (k & 63))
    }

    pub fn insert(&mut self, c: char) {
        let (word, bit) = Self::slot(c);
        self.bits[word] |= bit;
    }

    pub fn extend(&mut self, chars: impl IntoIterator<Item = char>) {
        chars.into_iter().for_each(|c| self.insert(c));
    }

    /// False only if `c` was never inserted.
    pub fn may_contain(&self, c: char) -> bool {
        let (word, bit) = Self::slot(c);
        self.bits[word] & bit != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserted_chars_are_found_and_others_mostly_not() {
        let mut set = CharBits::default();
        for c in "制度机构".chars() {
            set.insert(c);
        }
        assert!("制度机构".chars().all(|c| set.may_contain(c)));
        assert!(!set.may_contain('水'));
        // folding onto 16 bits: a char beyond the BMP may share a slot, never the reverse
        set.insert('\u{1_0041}');
        assert!(set.may_contain('A'));
    }
}
