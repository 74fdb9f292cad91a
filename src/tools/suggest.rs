//! `policy-mine terms suggest`: new-term discovery. On a new corpus the user has no help
//! finding which domain terms jieba splits; this ranks character n-grams (2–8 Han chars)
//! that jieba cuts into pieces by cohesion (the smallest normalized PMI over the n-gram's
//! binary splits) and freedom (the smaller of its left and right neighbour entropies).
//!
//! Two streaming passes over the corpus, batch by batch. Pass 1 counts every 1–8-gram in
//! maps partitioned by key hash, one partition per thread, so counts are exact and no merge
//! is needed; when the maps exceed `max_ngrams` entries the rarest n-grams are pruned at a
//! batch boundary (a rule that depends on the counts only, so the output is the same at any
//! thread count). Pass 2 collects neighbour counts and example contexts for the best
//! candidates only.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::input::corpus::{Corpus, DocEntry, InputEncoding};
use crate::nlp::filter::ContentFilter;
use crate::nlp::resources::Resources;
use crate::run::load::LoadedDoc;
use crate::util::interrupt::check_interrupted;

/// Longest n-gram considered.
const MAX_N: usize = 8;
/// Documents are read in batches of about this many bytes.
const BATCH_BYTES: u64 = 32 << 20;
/// Candidates kept for pass 2 (bounds its memory).
const MAX_CANDIDATES: usize = 20_000;
/// Example contexts per candidate, and chars of context on each side.
const EXAMPLES: usize = 3;
const CONTEXT: usize = 8;

pub struct SuggestConfig {
    pub corpus: PathBuf,
    pub encoding: InputEncoding,
    pub allow_outside_corpus: bool,
    /// `--filter`: only documents whose metadata pass every filter.
    pub filters: Vec<crate::input::filter::DocFilter>,
    pub min_count: u64,
    pub top: usize,
    pub max_ngrams: usize,
    pub threads: usize,
}

/// One suggested term.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Suggestion {
    pub term: String,
    /// POS tag to give the term in the user dictionary (edit it).
    pub tag: &'static str,
    pub count: u64,
    pub cohesion: f64,
    pub left_entropy: f64,
    pub right_entropy: f64,
    pub score: f64,
    /// How jieba segments it now, tokens separated by spaces.
    pub jieba_split: String,
    /// Up to three contexts, `…left【term】right…`, joined by ` | `.
    pub examples: String,
}

pub struct Suggested {
    pub rows: Vec<Suggestion>,
    pub notes: Vec<String>,
}

/// A Han char as a 16-bit code (0 is never used, so packed keys encode their length).
fn code(c: char) -> Option<u128> {
    let u = c as u32;
    (0x3400..=0x9FFF)
        .contains(&u)
        .then(|| (u - 0x3400 + 1) as u128)
}

fn decode_key(mut k: u128) -> String {
    let mut chars = Vec::new();
    while k != 0 {
        chars.push(char::from_u32((k & 0xFFFF) as u32 - 1 + 0x3400).unwrap_or('?'));
        k >>= 16;
    }
    chars.iter().rev().collect()
}

fn key_len(k: u128) -> usize {
    (128 - k.leading_zeros() as usize).div_ceil(16)
}

fn partition(k: u128, parts: usize) -> usize {
    let h = ((k as u64) ^ ((k >> 64) as u64).rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((h >> 32) as usize) % parts
}

/// Calls `f(i, key, n)` for every n-gram (n = 1..=MAX_N) starting at char `i` of each Han
/// run of `text`; `i` is the char index in `chars`.
fn for_each_ngram(chars: &[char], mut f: impl FnMut(usize, u128, usize)) {
    let mut i = 0;
    while i < chars.len() {
        let mut key = 0u128;
        for n in 1..=MAX_N {
            let Some(c) = chars.get(i + n - 1).and_then(|&c| code(c)) else {
                break;
            };
            key = (key << 16) | c;
            f(i, key, n);
        }
        i += 1;
    }
}

/// A packed key as stored: two u64 (8-byte alignment keeps an entry at 24 bytes, not 32).
type Stored = (u64, u64);

fn store(k: u128) -> Stored {
    (k as u64, (k >> 64) as u64)
}

fn load(s: Stored) -> u128 {
    (s.0 as u128) | ((s.1 as u128) << 64)
}

/// Pass 1 state: exact counts per partition.
struct Counts {
    parts: Vec<FxHashMap<Stored, u32>>,
    chars: u64,
    floor: u32,
}

impl Counts {
    fn get(&self, k: u128) -> Option<u32> {
        self.parts[partition(k, self.parts.len())]
            .get(&store(k))
            .copied()
    }

    fn add_batch(&mut self, texts: &[Vec<char>]) {
        let parts = self.parts.len();
        self.parts.par_iter_mut().enumerate().for_each(|(p, map)| {
            for chars in texts {
                for_each_ngram(chars, |_, key, _| {
                    if partition(key, parts) == p {
                        let e = map.entry(store(key)).or_insert(0);
                        *e = e.saturating_add(1);
                    }
                });
            }
        });
        self.chars += texts
            .iter()
            .map(|t| t.iter().filter(|&&c| code(c).is_some()).count() as u64)
            .sum::<u64>();
    }

    /// When more than `max` n-grams are held, drop the rarest multi-char ones: the smallest
    /// count threshold that leaves at most `max / 2` (single chars are always kept).
    fn prune(&mut self, max: usize) {
        let total: usize = self.parts.iter().map(FxHashMap::len).sum();
        if total <= max {
            return;
        }
        const CAP: usize = 1 << 16;
        let mut hist = vec![0usize; CAP + 1];
        for m in &self.parts {
            for (&k, &c) in m.iter() {
                if load(k) >= (1 << 16) {
                    hist[(c as usize).min(CAP)] += 1;
                }
            }
        }
        let mut keep = total - hist.iter().sum::<usize>();
        let mut threshold = CAP + 1;
        while threshold > 1 && keep + hist[threshold - 1] <= max / 2 {
            threshold -= 1;
            keep += hist[threshold];
        }
        let floor = threshold as u32;
        self.floor = self.floor.max(floor);
        self.parts.par_iter_mut().for_each(|m| {
            m.retain(|&k, c| *c >= floor || load(k) < (1 << 16));
            m.shrink_to_fit();
        });
    }
}

fn read_batches(
    corpus: &Corpus,
    encoding: InputEncoding,
    mut each: impl FnMut(Vec<Vec<char>>) -> Result<()>,
) -> Result<()> {
    let mut batch: Vec<&DocEntry> = Vec::new();
    let mut bytes = 0;
    let flush = |batch: &mut Vec<&DocEntry>, each: &mut dyn FnMut(Vec<Vec<char>>) -> Result<()>| {
        let texts = batch
            .par_iter()
            .map(|e| Ok(LoadedDoc::read(e, encoding)?.text.chars().collect()))
            .collect::<Result<Vec<Vec<char>>>>()?;
        batch.clear();
        check_interrupted()?;
        each(texts)
    };
    for entry in &corpus.entries {
        bytes += entry.bytes;
        batch.push(entry);
        if bytes >= BATCH_BYTES {
            flush(&mut batch, &mut each)?;
            bytes = 0;
        }
    }
    if !batch.is_empty() {
        flush(&mut batch, &mut each)?;
    }
    Ok(())
}

/// The smallest normalized PMI over the binary splits of `key`, or None when a part was
/// pruned.
fn cohesion(counts: &Counts, key: u128, count: u32) -> Option<f64> {
    let n = key_len(key);
    let total = counts.chars.max(1) as f64;
    let p = count as f64 / total;
    let mut best = f64::INFINITY;
    for split in 1..n {
        let right_bits = 16 * (n - split);
        let a = key >> right_bits;
        let b = key & ((1u128 << right_bits) - 1);
        let pa = counts.get(a)? as f64 / total;
        let pb = counts.get(b)? as f64 / total;
        let pmi = (p / (pa * pb)).ln();
        best = best.min(pmi / -p.ln());
    }
    Some(best)
}

/// The tokens jieba makes of `term` on its own.
fn jieba_split(res: &Resources, term: &str) -> Vec<String> {
    res.segmenter
        .segment_text(term)
        .into_iter()
        .flat_map(|(_, t)| t.into_iter().map(|t| t.word.to_owned()))
        .collect()
}

/// A candidate jieba splits into pieces whose first and last pieces are content words: not
/// a stop word (扎实 推进), nor a particle, measure word, adverb, preposition … (交办 的,
/// 个 问题, 已 办结).
fn is_split_term(res: &Resources, term: &str) -> bool {
    let filter = ContentFilter {
        stopwords: &res.stopwords,
        user_words: &res.user_words,
        keep_single_chars: true,
    };
    // A single-char piece is judged by its POS only: 市 in 设区 市 is a stop word as a
    // term but a fine end of one; 的, 已, 个 have function-word tags.
    let no_stop = rustc_hash::FxHashSet::default();
    let single = ContentFilter {
        stopwords: &no_stop,
        ..filter
    };
    let ok = |t: &crate::nlp::segment::Token<'_>| {
        let f = if t.word.chars().count() == 1 {
            &single
        } else {
            &filter
        };
        f.is_content(t.word, t.pos)
    };
    let split = res.segmenter.segment_text(term);
    let tokens: Vec<_> = split.iter().flat_map(|(_, t)| t.iter()).collect();
    match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) if tokens.len() > 1 => ok(a) && ok(b),
        _ => false,
    }
}

/// Candidates from pass 1: frequent, cohesive, split by jieba; best `MAX_CANDIDATES`.
fn candidates(counts: &Counts, res: &Resources, min_count: u64) -> Vec<(u128, u32, f64)> {
    let mut out: Vec<(u128, u32, f64)> = counts
        .parts
        .par_iter()
        .flat_map_iter(|m| {
            m.iter().filter_map(|(&k, &c)| {
                let k = load(k);
                if (c as u64) < min_count || key_len(k) < 2 {
                    return None;
                }
                let h = cohesion(counts, k, c)?;
                (h > 0.0).then_some((k, c, h))
            })
        })
        .collect();
    out.sort_by(|a, b| b.2.total_cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    out.truncate(MAX_CANDIDATES * 5);
    let mut kept: Vec<(u128, u32, f64)> = out
        .into_par_iter()
        .filter(|&(k, _, _)| is_split_term(res, &decode_key(k)))
        .collect();
    kept.truncate(MAX_CANDIDATES);
    kept
}

/// Pass 2 state for one candidate.
#[derive(Default, Clone)]
struct Neighbours {
    left: FxHashMap<char, u32>,
    right: FxHashMap<char, u32>,
    /// Occurrences at a run boundary, each counted as a distinct neighbour.
    left_edge: u32,
    right_edge: u32,
    examples: Vec<String>,
}

fn entropy(counts: &FxHashMap<char, u32>, edge: u32) -> f64 {
    let total = counts.values().sum::<u32>() as f64 + edge as f64;
    if total == 0.0 {
        return 0.0;
    }
    let mut h: f64 = counts
        .values()
        .map(|&c| {
            let p = c as f64 / total;
            -p * p.ln()
        })
        .sum();
    h += edge as f64 * (total.ln() / total);
    h
}

fn context(chars: &[char], i: usize, n: usize) -> String {
    let from = i.saturating_sub(CONTEXT);
    let to = (i + n + CONTEXT).min(chars.len());
    let s = |a: usize, b: usize| chars[a..b].iter().collect::<String>().replace('\n', " ");
    format!("{}【{}】{}", s(from, i), s(i, i + n), s(i + n, to))
}

/// Pass 2 over one batch: each partition scans the texts for its own candidates, in order.
fn neighbours_batch(
    index: &[FxHashMap<u128, usize>],
    state: &mut [Vec<Neighbours>],
    texts: &[Vec<char>],
) {
    state.par_iter_mut().zip(index).for_each(|(slots, idx)| {
        for chars in texts {
            for_each_ngram(chars, |i, key, n| {
                if n < 2 {
                    return;
                }
                let Some(&slot) = idx.get(&key) else { return };
                let nb = &mut slots[slot];
                match i
                    .checked_sub(1)
                    .map(|j| chars[j])
                    .filter(|&c| code(c).is_some())
                {
                    Some(c) => *nb.left.entry(c).or_default() += 1,
                    None => nb.left_edge += 1,
                }
                match chars.get(i + n).filter(|&&c| code(c).is_some()) {
                    Some(&c) => *nb.right.entry(c).or_default() += 1,
                    None => nb.right_edge += 1,
                }
                if nb.examples.len() < EXAMPLES {
                    nb.examples.push(context(chars, i, n));
                }
            });
        }
    });
}

/// Run both passes and rank the candidates.
pub fn suggest(config: &SuggestConfig, res: &Resources) -> Result<Suggested> {
    let corpus = Corpus::open(
        &config.corpus,
        config.allow_outside_corpus,
        &crate::input::group::GroupBy::default(),
        &config.filters,
    )?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads.max(1))
        .build()?;
    pool.install(|| suggest_in_pool(config, res, &corpus))
}

fn suggest_in_pool(config: &SuggestConfig, res: &Resources, corpus: &Corpus) -> Result<Suggested> {
    let parts = config.threads.max(1);
    let mut counts = Counts {
        parts: vec![FxHashMap::default(); parts],
        chars: 0,
        floor: 1,
    };
    read_batches(corpus, config.encoding, |texts| {
        counts.add_batch(&texts);
        counts.prune(config.max_ngrams);
        Ok(())
    })?;
    let mut notes = Vec::new();
    if counts.floor > 1 {
        notes.push(format!(
            "memory bound reached: n-grams seen fewer than {} times at a pruning were dropped (counts are lower bounds)",
            counts.floor
        ));
    }
    let cands = candidates(&counts, res, config.min_count);
    drop(counts);
    let mut index: Vec<FxHashMap<u128, usize>> = vec![FxHashMap::default(); parts];
    let mut state: Vec<Vec<Neighbours>> = vec![Vec::new(); parts];
    let mut slot_of = Vec::with_capacity(cands.len());
    for &(k, _, _) in &cands {
        let p = partition(k, parts);
        index[p].insert(k, state[p].len());
        slot_of.push((p, state[p].len()));
        state[p].push(Neighbours::default());
    }
    read_batches(corpus, config.encoding, |texts| {
        neighbours_batch(&index, &mut state, &texts);
        Ok(())
    })?;
    let mut rows = rank(res, &cands, &slot_of, &state);
    rows.truncate(config.top);
    Ok(Suggested { rows, notes })
}

fn rank(
    res: &Resources,
    cands: &[(u128, u32, f64)],
    slot_of: &[(usize, usize)],
    state: &[Vec<Neighbours>],
) -> Vec<Suggestion> {
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let mut rows: Vec<Suggestion> = cands
        .iter()
        .zip(slot_of)
        .map(|(&(k, count, coh), &(p, s))| {
            let nb = &state[p][s];
            let term = decode_key(k);
            let (le, re) = (
                entropy(&nb.left, nb.left_edge),
                entropy(&nb.right, nb.right_edge),
            );
            Suggestion {
                jieba_split: jieba_split(res, &term).join(" "),
                term,
                tag: "nz",
                count: count as u64,
                cohesion: round(coh),
                left_entropy: round(le),
                right_entropy: round(re),
                score: round(coh * le.min(re)),
                examples: nb.examples.join(" | "),
            }
        })
        .filter(|s| s.score > 0.0)
        .collect();
    rows.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.count.cmp(&a.count))
            .then_with(|| a.term.cmp(&b.term))
    });
    rows
}

/// Write the suggestions as CSV (`term,tag,count,…`); `--user-dict` reads it back.
pub fn write_csv(w: impl Write, rows: &[Suggestion]) -> Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    for r in rows {
        csv.serialize(r)?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_know_their_length() {
        let chars: Vec<char> = "固本强基".chars().collect();
        let mut keys = Vec::new();
        for_each_ngram(&chars, |i, k, n| keys.push((i, k, n)));
        let whole = keys.iter().find(|(i, _, n)| *i == 0 && *n == 4).unwrap().1;
        assert_eq!(decode_key(whole), "固本强基");
        assert_eq!(key_len(whole), 4);
        assert_eq!(keys.len(), 4 + 3 + 2 + 1);
    }

    #[test]
    fn ngrams_stop_at_non_han() {
        let chars: Vec<char> = "设区,市".chars().collect();
        let mut longest = 0;
        for_each_ngram(&chars, |_, _, n| longest = longest.max(n));
        assert_eq!(longest, 2);
    }

    #[test]
    fn entropy_of_one_neighbour_is_zero_and_edges_count_as_distinct() {
        let mut m = FxHashMap::default();
        m.insert('基', 10);
        assert_eq!(entropy(&m, 0), 0.0);
        assert!(entropy(&m, 10) > 0.5);
    }
}
