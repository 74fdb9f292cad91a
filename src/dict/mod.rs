//! Dictionary sources and the shared line parsing: each dictionary has one parser that
//! reports `file:line` errors and one bundled default compiled into the binary.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rustc_hash::FxHashSet;

pub const BUNDLED_USER_DICT: &str = include_str!("../../dictionaries/user_dict.txt");

pub const BUNDLED_STOPWORDS: &str = include_str!("../../dictionaries/stopwords.txt");

pub const BUNDLED_MEASURES: &str = include_str!("../../dictionaries/measures.csv");

/// The Rothwell–Zegveld dictionary (supply-side, demand-side, environmental), chosen with
/// `--measures rothwell-zegveld`.
pub const BUNDLED_MEASURES_RZ: &str =
    include_str!("../../dictionaries/measures_rothwell_zegveld.csv");

/// Names that `--measures` accepts instead of a path, with their bundled file.
pub const MEASURE_DICT_NAMES: [(&str, &str); 2] = [
    ("default", "measures.csv"),
    ("rothwell-zegveld", "measures_rothwell_zegveld.csv"),
];

/// The bundled file a `--measures` value names, when it is a name and no such file exists.
pub fn named_measures(value: &Path) -> Option<&'static str> {
    if value.exists() {
        return None;
    }
    let v = value.to_str()?;
    MEASURE_DICT_NAMES
        .iter()
        .find(|(name, _)| *name == v)
        .map(|(_, file)| *file)
}

/// The measures dictionary: a bundled one by name (or the default), else the user's file.
pub fn measures_source(value: Option<&Path>) -> Result<DictSource> {
    match value.and_then(named_measures) {
        Some(file) => Ok(DictSource::bundled(
            file,
            bundled_text(file).expect("named dictionaries are bundled"),
        )),
        None => DictSource::resolve(value, "measures.csv", BUNDLED_MEASURES),
    }
}

pub const BUNDLED_UNITS: &str = include_str!("../../dictionaries/units.csv");

/// The measure model that `--measure-model` adds to the cues (`docs/measures_round10/`).
pub const BUNDLED_MEASURE_MODEL: &str = include_str!("../../dictionaries/measure_model.tsv");

/// Every bundled dictionary: (name for `dict export`, file name, text).
pub const BUNDLED: [(&str, &str, &str); 6] = [
    ("user_dict", "user_dict.txt", BUNDLED_USER_DICT),
    ("stopwords", "stopwords.txt", BUNDLED_STOPWORDS),
    ("measures", "measures.csv", BUNDLED_MEASURES),
    (
        "rothwell-zegveld",
        "measures_rothwell_zegveld.csv",
        BUNDLED_MEASURES_RZ,
    ),
    ("units", "units.csv", BUNDLED_UNITS),
    ("measure_model", "measure_model.tsv", BUNDLED_MEASURE_MODEL),
];

/// The bundled text of a dictionary file, by file name.
pub fn bundled_text(file: &str) -> Option<&'static str> {
    match file {
        "user_dict.txt" => Some(BUNDLED_USER_DICT),
        "stopwords.txt" => Some(BUNDLED_STOPWORDS),
        "measures.csv" => Some(BUNDLED_MEASURES),
        "measures_rothwell_zegveld.csv" => Some(BUNDLED_MEASURES_RZ),
        "units.csv" => Some(BUNDLED_UNITS),
        "measure_model.tsv" => Some(BUNDLED_MEASURE_MODEL),
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

impl UserWord {
    /// The entry as written in jieba format.
    pub fn display(&self) -> String {
        let mut s = self.word.clone();
        if let Some(f) = self.freq {
            s.push_str(&format!(" {f}"));
        }
        if let Some(t) = &self.tag {
            s.push(' ');
            s.push_str(t);
        }
        s
    }
}

/// Parse a jieba-format user dictionary, rejecting malformed lines with `file:line`.
/// Returns the entries and warnings for duplicates.
/// A CSV with a `term` column (as `terms suggest` writes it) is read too: `term`, and the
/// optional `freq` and `tag` columns.
pub fn parse_user_dict(src: &DictSource) -> Result<(Vec<UserWord>, Vec<String>)> {
    if src
        .lines()
        .next()
        .is_some_and(|(_, l)| l.starts_with("term,"))
    {
        return parse_user_dict_csv(src);
    }
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

fn parse_user_dict_csv(src: &DictSource) -> Result<(Vec<UserWord>, Vec<String>)> {
    let text = src.text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let term_col = col("term").context("no `term` column")?;
    let (freq_col, tag_col) = (col("freq"), col("tag"));
    let mut words = Vec::new();
    let mut warnings = Vec::new();
    let mut seen = rustc_hash::FxHashMap::default();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            anyhow::anyhow!("{}:{line}: malformed CSV row: {e}", src.name)
        })?;
        let line = record.position().map_or(0, |p| p.line()) as usize;
        let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").trim();
        let word = get(Some(term_col));
        if word.is_empty() || word.contains(char::is_whitespace) {
            bail!(
                "{}:{line}: term `{word}` is empty or has whitespace",
                src.name
            );
        }
        let freq = match get(freq_col) {
            "" => None,
            f => Some(
                f.parse::<usize>()
                    .ok()
                    .filter(|f| *f > 0)
                    .with_context(|| {
                        format!("{}:{line}: freq `{f}` is not a positive integer", src.name)
                    })?,
            ),
        };
        let tag = match get(tag_col) {
            "" => None,
            t if t.bytes().all(|b| b.is_ascii_alphabetic()) => Some(t.to_owned()),
            t => bail!("{}:{line}: tag `{t}` is not a POS tag", src.name),
        };
        if let Some(prev) = seen.insert(word.to_owned(), line) {
            warnings.push(format!(
                "{}:{line}: duplicate entry `{word}` (first on line {prev}); the later one wins",
                src.name
            ));
        }
        words.push(UserWord {
            word: word.to_owned(),
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

/// Where each dictionary comes from. User dictionaries and stop-word lists add to the
/// bundled ones unless `no_bundled_*` is set; `measures` replaces the bundled taxonomy and
/// `add_measures` adds cues or types to it; `units` replaces the unit table.
#[derive(Debug, Clone, Default)]
pub struct DictPaths {
    pub user_dicts: Vec<PathBuf>,
    pub no_bundled_user_dict: bool,
    pub stopwords: Vec<PathBuf>,
    pub no_bundled_stopwords: bool,
    pub measures: Option<PathBuf>,
    pub add_measures: Vec<PathBuf>,
    pub units: Option<PathBuf>,
    pub keep_single_chars: bool,
    /// Add the bundled measure model's codes to the cues' (`--measure-model`).
    pub measure_model: bool,
}

impl DictPaths {
    /// Every file named, for the existence check before any work.
    pub fn files(&self) -> impl Iterator<Item = &PathBuf> {
        self.user_dicts
            .iter()
            .chain(&self.stopwords)
            .chain(self.measures.iter().filter(|m| named_measures(m).is_none()))
            .chain(&self.add_measures)
            .chain(&self.units)
    }

    /// The user-dictionary sources in load order: the bundled one first (unless left out),
    /// then each `--user-dict` file.
    pub fn user_dict_sources(&self) -> Result<Vec<DictSource>> {
        layered(
            !self.no_bundled_user_dict,
            "user_dict.txt",
            BUNDLED_USER_DICT,
            &self.user_dicts,
        )
    }

    /// The stop-word sources in load order.
    pub fn stopword_sources(&self) -> Result<Vec<DictSource>> {
        layered(
            !self.no_bundled_stopwords,
            "stopwords.txt",
            BUNDLED_STOPWORDS,
            &self.stopwords,
        )
    }

    /// The taxonomy (`--measures` or the bundled one), then each `--add-measures` file.
    pub fn measure_sources(&self) -> Result<Vec<DictSource>> {
        let mut out = vec![measures_source(self.measures.as_deref())?];
        for p in &self.add_measures {
            out.push(DictSource::resolve(Some(p), "", "")?);
        }
        Ok(out)
    }
}

fn layered(bundled: bool, file: &str, text: &str, files: &[PathBuf]) -> Result<Vec<DictSource>> {
    let mut out = Vec::new();
    if bundled {
        out.push(DictSource::bundled(file, text));
    }
    for p in files {
        out.push(DictSource::resolve(Some(p), file, text)?);
    }
    Ok(out)
}

/// A user dictionary built from several sources: later entries override earlier ones, and
/// an entry that changes an earlier source's tag or frequency is a warning naming both lines.
/// Also returns the number of entries read from each source.
pub fn merge_user_dicts(sources: &[DictSource]) -> Result<Merged<Vec<UserWord>>> {
    let mut words: Vec<UserWord> = Vec::new();
    let mut warnings = Vec::new();
    let mut counts = Vec::new();
    // word -> (source index, entry) of the last definition.
    let mut first: rustc_hash::FxHashMap<String, (usize, usize)> = Default::default();
    for (si, src) in sources.iter().enumerate() {
        let (parsed, w) = parse_user_dict(src)?;
        warnings.extend(w);
        counts.push(parsed.len());
        for word in parsed {
            if let Some(&(pi, wi)) = first.get(&word.word) {
                let prev: &UserWord = &words[wi];
                let changed = (word.tag.is_some() && word.tag != prev.tag)
                    || (word.freq.is_some() && word.freq != prev.freq);
                if pi != si && changed {
                    warnings.push(format!(
                        "{}:{}: `{}` changes {}:{} `{}`; the later entry wins",
                        src.name,
                        word.line,
                        word.display(),
                        sources[pi].name,
                        prev.line,
                        prev.display()
                    ));
                }
            }
            first.insert(word.word.clone(), (si, words.len()));
            words.push(word);
        }
    }
    Ok(Merged {
        value: words,
        warnings,
        counts,
    })
}

/// A dictionary merged from several sources.
pub struct Merged<T> {
    pub value: T,
    pub warnings: Vec<String>,
    /// Entries read from each source, in source order.
    pub counts: Vec<usize>,
}

/// The union of several stop-word lists (a word repeated across lists is not a warning).
pub fn merge_stopwords(sources: &[DictSource]) -> Result<Merged<FxHashSet<String>>> {
    let mut set = FxHashSet::default();
    let mut warnings = Vec::new();
    let mut counts = Vec::new();
    for src in sources {
        let (s, w) = parse_stopwords(src)?;
        warnings.extend(w);
        counts.push(s.len());
        set.extend(s);
    }
    Ok(Merged {
        value: set,
        warnings,
        counts,
    })
}
