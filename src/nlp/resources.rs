//! Read-only resources shared by every worker: dictionaries parsed and validated once.
//!
//! Each dictionary has one parser that reports `file:line` errors, and one bundled default
//! compiled into the binary, so the tool works from any folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rustc_hash::FxHashSet;

use crate::nlp::metrics::{BUNDLED_UNITS, Units};
use crate::nlp::segment::Segmenter;
use crate::nlp::tag::{BUNDLED_MEASURES, MeasureDict};

pub const BUNDLED_USER_DICT: &str = include_str!("../../dictionaries/user_dict.txt");
pub const BUNDLED_STOPWORDS: &str = include_str!("../../dictionaries/stopwords.txt");

/// The bundled text of a dictionary file, by file name.
pub fn bundled_text(file: &str) -> Option<&'static str> {
    match file {
        "user_dict.txt" => Some(BUNDLED_USER_DICT),
        "stopwords.txt" => Some(BUNDLED_STOPWORDS),
        "measures.csv" => Some(BUNDLED_MEASURES),
        "units.csv" => Some(BUNDLED_UNITS),
        _ => None,
    }
}

/// The text of one dictionary and where it came from.
#[derive(Debug, Clone)]
pub struct DictSource {
    /// `bundled:<file>` or the user's path, for messages and the manifest.
    pub name: String,
    pub path: Option<PathBuf>,
    pub text: String,
}

impl DictSource {
    pub fn bundled(file: &str, text: &str) -> Self {
        Self {
            name: format!("bundled:{file}"),
            path: None,
            text: text.to_owned(),
        }
    }

    /// The user's file if given, else the bundled default.
    pub fn resolve(path: Option<&Path>, file: &str, bundled: &str) -> Result<Self> {
        match path {
            None => Ok(Self::bundled(file, bundled)),
            Some(p) => {
                let bytes = std::fs::read(p)
                    .with_context(|| format!("cannot read dictionary {}", p.display()))?;
                let text = String::from_utf8(bytes).map_err(|e| {
                    anyhow::anyhow!(
                        "{}: not valid UTF-8 at byte offset {}; save the dictionary as UTF-8",
                        p.display(),
                        e.utf8_error().valid_up_to()
                    )
                })?;
                Ok(Self {
                    name: p.display().to_string(),
                    path: Some(p.to_owned()),
                    text,
                })
            }
        }
    }

    /// Non-empty, non-comment lines with their 1-based line numbers, BOM stripped.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        let text = self.text.strip_prefix('\u{feff}').unwrap_or(&self.text);
        text.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
    }
}

/// One entry of a jieba-format user dictionary: `word [freq] [tag]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserWord {
    pub word: String,
    pub freq: Option<usize>,
    pub tag: Option<String>,
    pub line: usize,
}

/// Parse a jieba-format user dictionary, rejecting malformed lines with `file:line`.
/// Returns the entries and warnings for duplicates.
pub fn parse_user_dict(src: &DictSource) -> Result<(Vec<UserWord>, Vec<String>)> {
    let mut words = Vec::new();
    let mut warnings = Vec::new();
    let mut seen = rustc_hash::FxHashMap::default();
    for (line, text) in src.lines() {
        let fields: Vec<&str> = text.split_whitespace().collect();
        let bad = |what: &str| {
            anyhow::anyhow!(
                "{}:{line}: {what} in `{text}`; expected `word [freq] [tag]`",
                src.name
            )
        };
        if fields.len() > 3 {
            return Err(bad("too many fields"));
        }
        let word = fields[0].to_owned();
        let mut freq = None;
        let mut tag = None;
        for field in &fields[1..] {
            if field.bytes().all(|b| b.is_ascii_digit()) {
                if freq.is_some() || tag.is_some() {
                    return Err(bad("frequency out of place"));
                }
                let f: usize = field.parse().map_err(|_| bad("frequency too large"))?;
                if f == 0 {
                    return Err(bad("frequency must be positive"));
                }
                freq = Some(f);
            } else if field.bytes().all(|b| b.is_ascii_alphabetic()) {
                if tag.is_some() {
                    return Err(bad("two tags"));
                }
                tag = Some(field.to_string());
            } else {
                return Err(bad(&format!(
                    "`{field}` is neither a frequency nor a POS tag"
                )));
            }
        }
        if let Some(prev) = seen.insert(word.clone(), line) {
            warnings.push(format!(
                "{}:{line}: duplicate entry `{word}` (first on line {prev}); the later one wins",
                src.name
            ));
        }
        words.push(UserWord {
            word,
            freq,
            tag,
            line,
        });
    }
    Ok((words, warnings))
}

/// Parse a stop-word list: one word per line, `#` comments allowed.
pub fn parse_stopwords(src: &DictSource) -> Result<(FxHashSet<String>, Vec<String>)> {
    let mut set = FxHashSet::default();
    let mut warnings = Vec::new();
    for (line, text) in src.lines() {
        if text.split_whitespace().count() != 1 {
            bail!(
                "{}:{line}: `{text}` has whitespace inside; expected one stop word per line",
                src.name
            );
        }
        if !set.insert(text.to_owned()) {
            warnings.push(format!("{}:{line}: duplicate stop word `{text}`", src.name));
        }
    }
    Ok((set, warnings))
}

/// Where each dictionary comes from (`None`: the bundled default).
#[derive(Debug, Clone, Default)]
pub struct DictPaths {
    pub user_dict: Option<PathBuf>,
    pub stopwords: Option<PathBuf>,
    pub measures: Option<PathBuf>,
    pub units: Option<PathBuf>,
    pub keep_single_chars: bool,
}

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
        let measures_source =
            DictSource::resolve(paths.measures.as_deref(), "measures.csv", BUNDLED_MEASURES)?;
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
