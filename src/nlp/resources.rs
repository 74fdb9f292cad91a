//! Read-only resources shared by every worker: dictionaries parsed and validated once.
//!
//! Each dictionary has one parser that reports `file:line` errors, and one bundled default
//! compiled into the binary, so the tool works from any folder.

use anyhow::Result;
use rustc_hash::FxHashSet;

use crate::dict::BUNDLED_STOPWORDS;
use crate::dict::BUNDLED_UNITS;
use crate::dict::BUNDLED_USER_DICT;
use crate::dict::DictPaths;
use crate::dict::DictSource;
use crate::dict::parse_stopwords;
use crate::dict::parse_user_dict;
use crate::nlp::metrics::Units;
use crate::nlp::segment::Segmenter;
use crate::nlp::tag::MeasureDict;

/// Everything the workers read, loaded and validated before any document is touched.
pub struct Resources {
    /// Unique per load, so caches never mix analyses made with other dictionaries.
    pub id: u64,
    pub segmenter: Segmenter,
    pub stopwords: FxHashSet<String>,
    pub keep_single_chars: bool,
    pub user_dict: DictSource,
    pub stopword_source: DictSource,
    pub measures: MeasureDict,
    pub measures_source: DictSource,
    pub units: Units,
    pub units_source: DictSource,
    pub user_dict_entries: usize,
    pub warnings: Vec<String>,
}

impl Resources {
    pub fn load(paths: &DictPaths) -> Result<Self> {
        let user_dict = paths.user_dict.as_deref();
        let stopwords = paths.stopwords.as_deref();
        let keep_single_chars = paths.keep_single_chars;
        let measures_source = crate::dict::measures_source(paths.measures.as_deref())?;
        let units_source = DictSource::resolve(paths.units.as_deref(), "units.csv", BUNDLED_UNITS)?;
        let user_dict = DictSource::resolve(user_dict, "user_dict.txt", BUNDLED_USER_DICT)?;
        let stopword_source = DictSource::resolve(stopwords, "stopwords.txt", BUNDLED_STOPWORDS)?;
        let (words, mut warnings) = parse_user_dict(&user_dict)?;
        let (stopwords, sw_warnings) = parse_stopwords(&stopword_source)?;
        warnings.extend(sw_warnings);
        let segmenter = Segmenter::new(&words);
        let measures = MeasureDict::parse(&measures_source, &segmenter)?;
        warnings.extend(measures.warnings.iter().cloned());
        let units = Units::parse(&units_source)?;
        warnings.extend(units.warnings.iter().cloned());
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Ok(Self {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            units,
            units_source,
            measures,
            measures_source,
            segmenter,
            stopwords,
            keep_single_chars,
            user_dict_entries: words.len(),
            user_dict,
            stopword_source,
            warnings,
        })
    }

    /// The measure types of the loaded dictionary, in table order.
    pub fn measures_type_names(&self) -> Vec<String> {
        self.measures.types.iter().map(|t| t.name.clone()).collect()
    }
}

/// Resources with every bundled dictionary (for tests and tools).
pub fn load_bundled() -> Resources {
    Resources::load(&crate::dict::DictPaths::default()).expect("bundled dictionaries are valid")
}

/// Measure types coded on any sentence of `text`, sorted and distinct.
pub fn coded_types(res: &Resources, text: &str) -> Vec<String> {
    let text = crate::text::normalize::normalize(text);
    let mut out: Vec<String> = Vec::new();
    for (_, tokens) in res.segmenter.segment_text(&text) {
        for hit in res.measures.tag(&tokens) {
            let name = &res.measures.types[hit.type_idx].name;
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> DictSource {
        DictSource {
            name: "user.txt".into(),
            path: None,
            text: text.into(),
        }
    }

    #[test]
    fn parses_jieba_format_lines() {
        let (words, warnings) =
            parse_user_dict(&src("督察整改 nz\n# note\n\n国考断面 2000 n\n入河排污口\n")).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(words.len(), 3);
        assert_eq!(words[0].tag.as_deref(), Some("nz"));
        assert_eq!(words[1].freq, Some(2000));
        assert_eq!(words[1].line, 4);
        assert_eq!(words[2].freq, None);
    }

    #[test]
    fn malformed_line_names_file_line_and_text() {
        let err = parse_user_dict(&src("督察整改 nz\n国考断面 12x n\n")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("user.txt:2:"), "{msg}");
        assert!(msg.contains("国考断面 12x n"), "{msg}");
        assert!(msg.contains("expected `word [freq] [tag]`"), "{msg}");
    }

    #[test]
    fn duplicates_are_warnings_with_lines() {
        let (_, warnings) =
            parse_user_dict(&src("黑臭水体 n\n河湖长制 nz\n黑臭水体 nz\n")).unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("user.txt:3"), "{}", warnings[0]);
        assert!(warnings[0].contains("line 1"), "{}", warnings[0]);
    }

    #[test]
    fn bundled_dictionaries_are_valid_and_large_enough() {
        let user = DictSource::bundled("user_dict.txt", BUNDLED_USER_DICT);
        let (words, warnings) = parse_user_dict(&user).unwrap();
        assert!(words.len() >= 300, "only {} user words", words.len());
        assert!(warnings.is_empty(), "{warnings:?}");
        let stop = DictSource::bundled("stopwords.txt", BUNDLED_STOPWORDS);
        let (set, warnings) = parse_stopwords(&stop).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        for w in ["深入", "贯彻", "全面", "推进", "扎实", "切实", "的"] {
            assert!(set.contains(w), "stop word {w} missing");
        }
    }
}
