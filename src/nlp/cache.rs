//! Per-sentence analysis (tokens, measure hits, metrics) and a bounded cache of it.
//!
//! Policy reports repeat sentences verbatim (headings, boilerplate), and a sentence's analysis
//! depends only on its text, so a repeated sentence can reuse it. The cache never changes a
//! result, only how often jieba runs; `--sentence-cache 0` turns it off.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use crate::nlp::filter::ContentFilter;
use crate::nlp::metrics::{Metric, extract};
use crate::nlp::resources::Resources;
use crate::nlp::tag::MeasureHit;
use crate::text::sentences::Sentence;

/// A token of an analysed sentence; offsets are relative to the sentence.
#[derive(Debug, Clone, Copy)]
pub struct SentenceToken {
    pub byte_start: u32,
    pub byte_end: u32,
    pub pos: &'static str,
    pub content: bool,
}

/// Everything the pipeline derives from one sentence's text. Offsets are relative to the
/// sentence; metrics carry `sentence_id` 0 until placed in a document.
#[derive(Debug, Clone)]
pub struct SentenceAnalysis {
    pub tokens: Vec<SentenceToken>,
    pub hits: Vec<MeasureHit>,
    pub metrics: Vec<Metric>,
}

/// Analyse one sentence text on its own.
pub fn analyze(res: &Resources, text: &str) -> SentenceAnalysis {
    let n_chars = bytecount::num_chars(text.as_bytes());
    let whole = Sentence {
        id: 0,
        start: 0,
        end: n_chars,
        byte_start: 0,
        byte_end: text.len(),
        is_heading: false,
        ends_segment: true,
    };
    let filter = ContentFilter {
        stopwords: &res.stopwords,
        user_words: &res.user_words,
        keep_single_chars: res.keep_single_chars,
    };
    let mut raw = Vec::new();
    res.segmenter.segment_sentence(text, &whole, &mut raw);
    let base = text.as_ptr() as usize;
    let tokens = raw
        .iter()
        .map(|t| {
            let byte_start = (t.word.as_ptr() as usize - base) as u32;
            SentenceToken {
                byte_start,
                byte_end: byte_start + t.word.len() as u32,
                pos: crate::nlp::segment::intern_tag(t.pos),
                content: filter.is_content(t.word, t.pos),
            }
        })
        .collect();
    let hits = crate::nlp::resources::code_sentence(res, text, &raw);
    let metrics = extract(&res.units, text, &whole, &raw);
    SentenceAnalysis {
        tokens,
        hits,
        metrics,
    }
}

/// A bounded map from sentence text to its analysis; cleared when full.
pub struct SentenceCache {
    map: FxHashMap<Box<str>, SentenceAnalysis>,
    capacity: usize,
    /// Which resources the analyses were made with.
    resources_id: u64,
    pub hits: u64,
    pub misses: u64,
    /// Lookups and hits since the last check of the hit rate.
    window: (u64, u64),
    /// Set when text on this thread does not repeat: analyses are no longer kept.
    bypass: bool,
    /// The last analysis made while bypassing.
    scratch: Option<SentenceAnalysis>,
}

/// Every this many lookups the hit rate is checked; under 1 in [`MIN_HIT_SHARE`] the cache
/// stops keeping analyses (text that does not repeat only pays for hashing and memory).
const CHECK_EVERY: u64 = 4096;
const MIN_HIT_SHARE: u64 = 20;

impl SentenceCache {
    pub fn new(capacity: usize) -> Self {
        Self {
            map: FxHashMap::default(),
            capacity,
            resources_id: 0,
            hits: 0,
            misses: 0,
            window: (0, 0),
            bypass: false,
            scratch: None,
        }
    }

    /// The analysis of `text` under `res`, computed on a miss.
    pub fn get(&mut self, res: &Resources, text: &str) -> &SentenceAnalysis {
        if self.resources_id != res.id {
            self.map.clear();
            self.resources_id = res.id;
            self.window = (0, 0);
            self.bypass = false;
        }
        if self.bypass {
            self.misses += 1;
            return self.scratch.insert(analyze(res, text));
        }
        self.window.0 += 1;
        if self.map.contains_key(text) {
            self.hits += 1;
            self.window.1 += 1;
        } else {
            self.misses += 1;
            if self.map.len() >= self.capacity {
                self.map.clear();
            }
            self.map.insert(text.into(), analyze(res, text));
        }
        if self.window.0 >= CHECK_EVERY {
            if self.window.1 * MIN_HIT_SHARE < self.window.0 {
                self.bypass = true;
                let kept = self.map.remove(text).expect("just looked up or inserted");
                self.map = FxHashMap::default();
                return self.scratch.insert(kept);
            }
            self.window = (0, 0);
        }
        &self.map[text]
    }
}

thread_local! {
    static CACHE: RefCell<SentenceCache> = RefCell::new(SentenceCache::new(0));
}

/// Run `f` on the analysis of `text`: from this thread's cache when `capacity > 0`.
/// Returns whether it was a cache hit.
pub fn with_analysis<T>(
    res: &Resources,
    text: &str,
    capacity: usize,
    f: impl FnOnce(&SentenceAnalysis) -> T,
) -> (T, bool) {
    if capacity == 0 {
        return (f(&analyze(res, text)), false);
    }
    CACHE.with_borrow_mut(|cache| {
        cache.capacity = capacity;
        let hits = cache.hits;
        let out = f(cache.get(res, text));
        (out, cache.hits > hits)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_analysis_equals_fresh_analysis() {
        let res = crate::nlp::resources::load_bundled();
        let text = "2022年,辽宁省细颗粒物年均浓度30微克/立方米,成立督察整改工作领导小组。";
        let fresh = analyze(&res, text);
        let mut cache = SentenceCache::new(4);
        let first = cache.get(&res, text).clone();
        let second = cache.get(&res, text).clone();
        assert_eq!((cache.hits, cache.misses), (1, 1));
        for a in [&first, &second] {
            assert_eq!(a.hits, fresh.hits);
            assert_eq!(a.metrics, fresh.metrics);
            let words: Vec<&str> = a
                .tokens
                .iter()
                .map(|t| &text[t.byte_start as usize..t.byte_end as usize])
                .collect();
            assert!(
                words.contains(&"督察整改") || words.contains(&"工作领导小组"),
                "{words:?}"
            );
        }
        assert!(!fresh.metrics.is_empty() && !fresh.hits.is_empty());
    }

    #[test]
    fn cache_is_bounded() {
        let res = crate::nlp::resources::load_bundled();
        let mut cache = SentenceCache::new(2);
        for s in [
            "一是加强组织领导。",
            "二是健全工作机制。",
            "三是严肃责任追究。",
        ] {
            cache.get(&res, s);
        }
        assert!(cache.map.len() <= 2);
        assert_eq!(cache.misses, 3);
    }

    #[test]
    fn text_that_does_not_repeat_stops_being_cached_and_results_stay_the_same() {
        let res = crate::nlp::resources::load_bundled();
        let mut cache = SentenceCache::new(100_000);
        let unique = |i: u64| format!("完成治理项目{i}个。");
        for i in 0..CHECK_EVERY + 10 {
            let text = unique(i);
            let got = cache.get(&res, &text).metrics.clone();
            assert_eq!(got, analyze(&res, &text).metrics, "{text}");
        }
        assert!(cache.bypass, "no hits in {CHECK_EVERY} lookups");
        assert!(cache.map.is_empty());
        let mut repeating = SentenceCache::new(100_000);
        for i in 0..CHECK_EVERY + 10 {
            repeating.get(&res, &unique(i % 10));
        }
        assert!(!repeating.bypass);
        assert_eq!(repeating.hits, CHECK_EVERY);
    }
}
