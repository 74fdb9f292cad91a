//! Dictionary sources and the shared line parsing: each dictionary has one parser that
//! reports `file:line` errors and one bundled default compiled into the binary.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rustc_hash::FxHashSet;

pub const BUNDLED_USER_DICT: &str = include_str!("../../dictionaries/user_dict.txt");

pub const BUNDLED_STOPWORDS: &str = include_str!("../../dictionaries/stopwords.txt");

pub const BUNDLED_MEASURES: &str = include_str!("../../dictionaries/measures.csv");

pub const BUNDLED_UNITS: &str = include_str!("../../dictionaries/units.csv");

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

/// The largest frequency a user-dictionary entry may give. jieba adds every frequency to
/// one total; far above its own largest entry (about 900,000), and small enough that no
/// dictionary can overflow the total.
pub const MAX_USER_FREQ: usize = 1_000_000_000;

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
                let f: usize = field
                    .parse()
                    .ok()
                    .filter(|&f| f <= MAX_USER_FREQ)
                    .ok_or_else(|| {
                        bad(&format!("frequency too large (at most {MAX_USER_FREQ})"))
                    })?;
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
