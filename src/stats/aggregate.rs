//! Per-group accumulators. `GroupAcc` is a commutative monoid (`default` + `merge`):
//! merge order never changes the result, which makes output independent of thread count.

use rustc_hash::FxHashMap;
use smallvec::SmallVec;

use crate::nlp::tag::{MeasureDict, MeasureHit};

/// Measure-coding tallies. Only non-heading sentences count, so `share` has a clean
/// denominator; indexes follow `MeasureDict::types` and `MeasureDict::families`.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MeasureCounts {
    pub non_heading_sentences: u64,
    /// Non-heading sentences with at least one measure type.
    pub coded_sentences: u64,
    pub type_sentences: Vec<u64>,
    pub type_cue_hits: Vec<u64>,
    pub family_sentences: Vec<u64>,
    pub family_cue_hits: Vec<u64>,
    /// Sentences with both type `i` and type `j` (`i < j`) at `i * types + j`.
    pub pair_sentences: Vec<u64>,
}

fn add_into(mine: &mut Vec<u64>, theirs: &[u64]) {
    if mine.len() < theirs.len() {
        mine.resize(theirs.len(), 0);
    }
    for (m, t) in mine.iter_mut().zip(theirs) {
        *m += t;
    }
}

impl MeasureCounts {
    pub fn add_sentence(&mut self, is_heading: bool, hits: &[MeasureHit], dict: &MeasureDict) {
        if is_heading {
            return;
        }
        self.non_heading_sentences += 1;
        if hits.is_empty() {
            return;
        }
        self.coded_sentences += 1;
        self.type_sentences.resize(dict.types.len(), 0);
        self.type_cue_hits.resize(dict.types.len(), 0);
        self.family_sentences.resize(dict.families.len(), 0);
        self.family_cue_hits.resize(dict.families.len(), 0);
        let n = dict.types.len();
        self.pair_sentences.resize(n * n, 0);
        for (k, a) in hits.iter().enumerate() {
            for b in &hits[k + 1..] {
                let (i, j) = (a.type_idx.min(b.type_idx), a.type_idx.max(b.type_idx));
                self.pair_sentences[i * n + j] += 1;
            }
        }
        let mut family_seen = vec![false; dict.families.len()];
        for h in hits {
            let fam = dict.family_of[h.type_idx];
            self.type_sentences[h.type_idx] += 1;
            self.type_cue_hits[h.type_idx] += h.cue_hits;
            self.family_cue_hits[fam] += h.cue_hits;
            if !family_seen[fam] {
                family_seen[fam] = true;
                self.family_sentences[fam] += 1;
            }
        }
    }

    pub fn merge(&mut self, other: &MeasureCounts) {
        self.non_heading_sentences += other.non_heading_sentences;
        self.coded_sentences += other.coded_sentences;
        add_into(&mut self.type_sentences, &other.type_sentences);
        add_into(&mut self.type_cue_hits, &other.type_cue_hits);
        add_into(&mut self.family_sentences, &other.family_sentences);
        add_into(&mut self.family_cue_hits, &other.family_cue_hits);
        add_into(&mut self.pair_sentences, &other.pair_sentences);
    }
}

/// The plain counters of a document or a group, listed once and added once.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counters {
    /// 1 for a document (or its first chunk), 0 for later chunks of the same document.
    pub documents: u64,
    pub characters: u64,
    /// Sentences, headings included.
    pub sentences: u64,
    pub tokens: u64,
    /// Tokens that pass the content filter.
    pub content_tokens: u64,
    /// Rows of `metrics.csv`.
    pub metrics: u64,
}

impl Counters {
    pub fn add(&mut self, other: &Counters) {
        let Counters {
            documents,
            characters,
            sentences,
            tokens,
            content_tokens,
            metrics,
        } = other;
        self.documents += documents;
        self.characters += characters;
        self.sentences += sentences;
        self.tokens += tokens;
        self.content_tokens += content_tokens;
        self.metrics += metrics;
    }
}

/// Counts of one document, borrowing terms from the document and tags from the resources,
/// so the per-token hot loop allocates nothing for terms it has already seen.
#[derive(Debug, Default)]
pub struct DocCounts<'a> {
    pub counts: Counters,
    pub terms: FxHashMap<&'a str, TermStats>,
    pub measures: MeasureCounts,
    /// Sentences whose analysis came from the sentence cache (not a table column).
    pub cache_hits: u64,
}

/// POS tag → count. Almost always one or two entries, so they stay inline (no allocation);
/// tags are `'static` (`intern_tag`), so a tally borrows nothing. Tags compare by content.
pub type PosCounts = SmallVec<[(&'static str, u64); 2]>;

impl<'a> DocCounts<'a> {
    pub fn add_term(&mut self, word: &'a str, pos: &'static str) {
        self.counts.content_tokens += 1;
        let tally = self.terms.entry(word).or_default();
        tally.count += 1;
        add_pos(&mut tally.pos, pos, 1);
    }
}

/// A term's count and its count per POS tag, in a document, a batch or a group.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TermStats {
    pub count: u64,
    pub pos: PosCounts,
}

fn add_pos(counts: &mut PosCounts, pos: &'static str, n: u64) {
    match counts.iter_mut().find(|(p, _)| *p == pos) {
        Some((_, c)) => *c += n,
        None => counts.push((pos, n)),
    }
}

impl TermStats {
    fn add(&mut self, other: &TermStats) {
        self.count += other.count;
        for (pos, n) in &other.pos {
            add_pos(&mut self.pos, pos, *n);
        }
    }

    /// Most frequent tag; ties go to the alphabetically first tag, so the choice is stable.
    pub fn top_pos(&self) -> &'static str {
        self.pos
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
            .map_or("", |(p, _)| *p)
    }
}

/// A group's counts. `PartialEq` compares tag lists in order, and merge order can change
/// that order (not the counts), so compare tags sorted (as partial files write them).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct GroupAcc {
    pub counts: Counters,
    pub terms: FxHashMap<String, TermStats>,
    pub measures: MeasureCounts,
}

impl GroupAcc {
    /// Fold one document's counts in (tests; runs fold a batch with [`BatchAcc`]).
    #[cfg(test)]
    pub fn add_doc(&mut self, doc: &DocCounts<'_>) {
        let mut batch = BatchAcc::default();
        batch.add_doc(doc);
        self.merge(batch.into_group_acc());
    }

    /// Monoid merge: `a.merge(b)` equals `b.merge(a)` on every count.
    pub fn merge(&mut self, other: GroupAcc) {
        self.counts.add(&other.counts);
        self.measures.merge(&other.measures);
        merge_terms(&mut self.terms, other.terms);
    }
}

/// Fold `other` into `mine`, the smaller map into the larger (the sums are the same).
fn merge_terms<K: Eq + std::hash::Hash>(
    mine: &mut FxHashMap<K, TermStats>,
    mut other: FxHashMap<K, TermStats>,
) {
    if other.len() > mine.len() {
        std::mem::swap(mine, &mut other);
    }
    for (term, theirs) in other {
        mine.entry(term).or_default().add(&theirs);
    }
}

/// A group's counts within one batch, with terms still borrowed from the batch's texts, so
/// folding documents together allocates nothing per term; [`BatchAcc::into_group_acc`] makes
/// the owned copy once per group and term.
#[derive(Debug, Default)]
pub struct BatchAcc<'a> {
    counts: Counters,
    terms: FxHashMap<&'a str, TermStats>,
    measures: MeasureCounts,
}

impl<'a> BatchAcc<'a> {
    pub fn add_doc(&mut self, doc: &DocCounts<'a>) {
        self.counts.add(&doc.counts);
        self.measures.merge(&doc.measures);
        for (term, tally) in &doc.terms {
            self.terms.entry(term).or_default().add(tally);
        }
    }

    /// Monoid merge, like [`GroupAcc::merge`].
    pub fn merge(&mut self, other: BatchAcc<'a>) {
        self.counts.add(&other.counts);
        self.measures.merge(&other.measures);
        merge_terms(&mut self.terms, other.terms);
    }

    pub fn into_group_acc(self) -> GroupAcc {
        GroupAcc {
            counts: self.counts,
            measures: self.measures,
            terms: self
                .terms
                .into_iter()
                .map(|(t, stats)| (t.to_owned(), stats))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(terms: &[(&'a str, &'static str)]) -> DocCounts<'a> {
        let mut d = DocCounts {
            counts: Counters {
                sentences: 1,
                tokens: terms.len() as u64 + 1,
                ..Default::default()
            },
            ..Default::default()
        };
        for (w, p) in terms {
            d.add_term(w, p);
        }
        d
    }

    fn normalized(acc: &GroupAcc) -> Vec<(String, u64, String)> {
        let mut v: Vec<_> = acc
            .terms
            .iter()
            .map(|(t, s)| (t.clone(), s.count, s.top_pos().to_owned()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn merge_is_order_independent() {
        let docs = [
            doc(&[("督察整改", "nz"), ("整改", "v"), ("整改", "vn")]),
            doc(&[("整改", "vn"), ("国考断面", "nz")]),
            doc(&[("整改", "v"), ("督察整改", "nz")]),
        ];
        let single = |d: &DocCounts| {
            let mut a = GroupAcc::default();
            a.add_doc(d);
            a
        };
        let mut forward = GroupAcc::default();
        for d in &docs {
            forward.merge(single(d));
        }
        let mut backward = GroupAcc::default();
        for d in docs.iter().rev() {
            backward.merge(single(d));
        }
        assert_eq!(normalized(&forward), normalized(&backward));
        assert_eq!(forward.counts.content_tokens, 7);
        assert_eq!(forward.terms["整改"].count, 4);
        // v and vn tie at 2: the alphabetically first tag wins.
        assert_eq!(forward.terms["整改"].top_pos(), "v");
    }

    #[test]
    fn batch_acc_counts_like_group_acc() {
        let docs = [
            doc(&[("督察整改", "nz"), ("整改", "v"), ("整改", "vn")]),
            doc(&[("整改", "vn"), ("国考断面", "nz")]),
            doc(&[("整改", "v"), ("督察整改", "nz")]),
        ];
        let mut owned = GroupAcc::default();
        let (mut left, mut right) = (BatchAcc::default(), BatchAcc::default());
        for (i, d) in docs.iter().enumerate() {
            owned.add_doc(d);
            if i == 0 {
                left.add_doc(d)
            } else {
                right.add_doc(d)
            }
        }
        left.merge(right);
        let borrowed = left.into_group_acc();
        assert_eq!(normalized(&borrowed), normalized(&owned));
        assert_eq!(borrowed.counts, owned.counts);
        assert_eq!(borrowed.measures, owned.measures);
        assert_eq!(borrowed.terms["整改"].top_pos(), "v");
    }

    #[test]
    fn doc_freq_counts_provinces() {
        let mut a = GroupAcc::default();
        a.add_doc(&doc(&[("造林", "v"), ("造林", "v")]));
        let mut b = GroupAcc::default();
        b.add_doc(&doc(&[("造林", "v"), ("管网", "n")]));
        let accs = [a, b];
        // The number of groups of each term (its doc_freq), as term tables read it.
        let df: FxHashMap<&str, u64> = crate::stats::trim::TermTrim::totals(&accs)
            .into_iter()
            .map(|(t, (_, groups))| (t, groups))
            .collect();
        assert_eq!(df["造林"], 2);
        assert_eq!(df["管网"], 1);
    }
}
