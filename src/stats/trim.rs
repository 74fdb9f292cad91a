//! Term-table trimming (`--min-count`, `--max-group-share`), like quanteda's `dfm_trim`:
//! applied when the term tables are derived, the same for a run and a merge.

use rustc_hash::FxHashMap;

use crate::stats::aggregate::GroupAcc;

/// Every term's corpus count and number of groups (its `doc_freq`), computed once per
/// run from the merged accumulators.
pub type TermTotals<'a> = FxHashMap<&'a str, (u64, u64)>;

/// Which terms the term tables keep (like quanteda's `dfm_trim`): at least `min_count`
/// occurrences in the corpus, and found in at most `max_group_share` of the groups.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermTrim {
    pub min_count: u64,
    pub max_group_share: f64,
}

impl Default for TermTrim {
    fn default() -> Self {
        Self {
            min_count: 1,
            max_group_share: 1.0,
        }
    }
}

impl TermTrim {
    /// True when nothing is trimmed.
    pub fn is_off(&self) -> bool {
        self.min_count <= 1 && self.max_group_share >= 1.0
    }

    /// Whether a term with `total` occurrences in `groups` of `n_groups` groups is kept.
    pub fn keeps(&self, total: u64, groups: u64, n_groups: usize) -> bool {
        total >= self.min_count && (groups as f64) <= self.max_group_share * n_groups as f64 + 1e-9
    }

    /// Corpus count and number of groups of every term.
    pub fn totals(accs: &[GroupAcc]) -> TermTotals<'_> {
        let mut out: FxHashMap<&str, (u64, u64)> = FxHashMap::default();
        for acc in accs {
            for (term, stats) in &acc.terms {
                let e = out.entry(term.as_str()).or_default();
                e.0 += stats.count;
                e.1 += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_follows_count_and_share() {
        let t = TermTrim {
            min_count: 3,
            max_group_share: 0.5,
        };
        assert!(t.keeps(3, 2, 4));
        assert!(!t.keeps(2, 1, 4));
        assert!(!t.keeps(10, 3, 4));
        assert!(TermTrim::default().keeps(1, 4, 4));
    }
}
