//! The one place a run's options are resolved: flags over a TOML run file (or a past run's
//! manifest) over the defaults, validated before any work starts. `merge` rebuilds its
//! dictionaries and table style from a recorded [`RunFile`] with the same methods.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::dict::DictPaths;
use crate::input::corpus::InputEncoding;
use crate::tables::format::{TableFormat, TableStyle};

/// A validated run configuration (see `cli::RunOpts`).
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub corpus: PathBuf,
    pub out: PathBuf,
    pub dicts: DictPaths,
    pub threads: usize,
    pub quiet: bool,
    pub encoding: InputEncoding,
    pub style: TableStyle,
    pub force: bool,
    /// Per-thread sentence-cache capacity; 0 disables the cache.
    pub sentence_cache: usize,
    /// Write report.html.
    pub report: bool,
    /// `--shard I/N`: process shard I of N and write a partial.
    pub shard: Option<(u64, u64)>,
    /// `--stdin-jsonl`: read JSON-lines records from stdin and write a partial.
    pub stdin_jsonl: bool,
    /// Documents larger than this are analysed in chunks (see `chunk_document`).
    pub chunk_bytes: u64,
    /// The options that decide the tables, as recorded in the manifest.
    pub resolved: RunFile,
    /// The command line as given, for the manifest's `timing` section.
    pub arguments: Vec<String>,
    pub allow_outside_corpus: bool,
}

/// The flags given on the command line: `run`'s options as a [`RunFile`] (a flag left out is
/// `None`, a switch left off is `None`), plus the hidden chunk size.
#[derive(Debug, Clone, Default)]
pub struct RunFlags {
    pub config: Option<PathBuf>,
    pub options: RunFile,
    pub chunk_bytes: u64,
    /// The command line as given, for the manifest's `timing` section.
    pub arguments: Vec<String>,
}

/// Merge flags over the config file over the defaults, and validate the result.
pub fn resolve(flags: RunFlags) -> Result<RunConfig> {
    let file = match &flags.config {
        Some(path) => RunFile::read(path)?.anchored(path, &flags.options)?,
        None => RunFile::default(),
    };
    let given = flags.options;
    let flag = |on: Option<bool>, from_file: Option<bool>| on.or(from_file).unwrap_or(false);
    let threads = match given.threads.or(file.threads) {
        Some(0) => bail!("--threads must be at least 1"),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let stdin_jsonl = flag(given.stdin_jsonl, file.stdin_jsonl);
    let shard_text = given.shard.or(file.shard);
    let shard = shard_text.as_deref().map(parse_shard).transpose()?;
    let corpus = given
        .corpus
        .or(file.corpus)
        .unwrap_or_else(|| PathBuf::from("corpus"));
    if !stdin_jsonl && !corpus.is_dir() {
        bail!(
            "corpus folder {} does not exist or is not a folder",
            corpus.display()
        );
    }
    let dicts = dict_paths(
        given.user_dict.or(file.user_dict),
        given.stopwords.or(file.stopwords),
        given.measures.or(file.measures),
        given.units.or(file.units),
        flag(given.keep_single_chars, file.keep_single_chars),
    )?;
    let out = given
        .out
        .or(file.out)
        .unwrap_or_else(|| PathBuf::from("out"));
    if out.exists() && !out.is_dir() {
        bail!("--out {} exists and is not a folder", out.display());
    }
    let style = TableStyle {
        format: given.format.or(file.format).unwrap_or_default(),
        bom: flag(given.bom, file.bom),
    };
    let encoding = given.encoding.or(file.encoding).unwrap_or_default();
    let allow_outside_corpus = flag(given.allow_outside_corpus, file.allow_outside_corpus);
    // What decides the tables; recorded in the manifest and read back by --config.
    let resolved = RunFile {
        corpus: Some(corpus.clone()),
        user_dict: dicts.user_dict.clone(),
        stopwords: dicts.stopwords.clone(),
        measures: dicts.measures.clone(),
        units: dicts.units.clone(),
        keep_single_chars: Some(dicts.keep_single_chars),
        encoding: Some(encoding),
        allow_outside_corpus: Some(allow_outside_corpus),
        format: Some(style.format),
        bom: Some(style.bom),
        shard: shard_text,
        stdin_jsonl: stdin_jsonl.then_some(true),
        ..RunFile::default()
    };
    Ok(RunConfig {
        corpus,
        out,
        dicts,
        threads,
        quiet: flag(given.quiet, file.quiet),
        encoding,
        allow_outside_corpus,
        style,
        force: flag(given.force, file.force),
        report: !flag(given.no_report, file.no_report),
        shard,
        stdin_jsonl,
        chunk_bytes: flags.chunk_bytes.max(1),
        sentence_cache: given
            .sentence_cache
            .or(file.sentence_cache)
            .unwrap_or(16_384),
        resolved,
        arguments: flags.arguments,
    })
}

/// Dictionary paths as given, each checked to exist.
pub fn dict_paths(
    user_dict: Option<PathBuf>,
    stopwords: Option<PathBuf>,
    measures: Option<PathBuf>,
    units: Option<PathBuf>,
    keep_single_chars: bool,
) -> Result<DictPaths> {
    for path in [&user_dict, &stopwords, &measures, &units]
        .into_iter()
        .flatten()
    {
        if !path.is_file() {
            bail!("dictionary {} does not exist", path.display());
        }
    }
    Ok(DictPaths {
        user_dict,
        stopwords,
        measures,
        units,
        keep_single_chars,
    })
}

impl RunFile {
    /// The options that must agree between partials (everything but which part of the
    /// corpus).
    pub fn comparable(&self) -> RunFile {
        RunFile {
            shard: None,
            stdin_jsonl: None,
            ..self.clone()
        }
    }

    /// The dictionaries a recorded run used (as `merge` rebuilds them).
    pub fn dict_paths(&self) -> DictPaths {
        DictPaths {
            user_dict: self.user_dict.clone(),
            stopwords: self.stopwords.clone(),
            measures: self.measures.clone(),
            units: self.units.clone(),
            keep_single_chars: self.keep_single_chars.unwrap_or(false),
        }
    }

    /// The table style a recorded run used.
    pub fn style(&self) -> TableStyle {
        TableStyle {
            format: self.format.unwrap_or_default(),
            bom: self.bom.unwrap_or(false),
        }
    }
}

/// Whether `path` (links resolved as far as it exists) lies inside `root` (canonical).
fn inside(root: &Path, path: &Path) -> bool {
    let Ok(absolute) = std::path::absolute(path) else {
        return false;
    };
    // The deepest existing ancestor, canonicalized, plus the rest taken literally.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return false,
        }
    }
    let Ok(mut real) = existing.canonicalize() else {
        return false;
    };
    for name in rest.iter().rev() {
        if name == ".." || name == "." {
            return false;
        }
        real.push(name);
    }
    real.starts_with(root)
}

/// `2/7` → (2, 7): shard 2 (0-based) of 7.
pub fn parse_shard(text: &str) -> Result<(u64, u64)> {
    let parsed = text
        .split_once('/')
        .and_then(|(i, n)| Some((i.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?)));
    match parsed {
        Some((i, n)) if n > 0 && i < n => Ok((i, n)),
        _ => bail!("--shard `{text}`: expected I/N with 0 <= I < N, e.g. 0/4"),
    }
}

/// Every `run` option, as read from `--config` (TOML) or from a manifest's `config`.
/// Paths are relative to the folder policy-mine runs in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunFile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corpus: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_dict: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopwords: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measures: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_single_chars: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<InputEncoding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_outside_corpus: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<TableFormat>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bom: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence_cache: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_report: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stdin_jsonl: Option<bool>,
}

impl RunFile {
    /// Resolve the paths a run file gives and keep them inside the folder policy-mine runs
    /// in: a TOML file's paths are relative to the file; a manifest's are relative to the
    /// folder the recorded run ran in, taken to be this one. A manifest may not set `out`
    /// or `force` (a real one never does): those come from the command line.
    fn anchored(mut self, path: &Path, given: &RunFile) -> Result<Self> {
        let manifest = path.extension().is_some_and(|e| e == "json");
        if manifest && (self.out.is_some() || self.force.is_some()) {
            bail!(
                "{}: a manifest's `config` may not set `out` or `force`; give them on the command line",
                path.display()
            );
        }
        let base = if manifest {
            PathBuf::new()
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let cwd = std::env::current_dir()
            .and_then(|c| c.canonicalize())
            .context("cannot resolve the current folder")?;
        for (key, value, flag) in [
            ("corpus", &mut self.corpus, &given.corpus),
            ("out", &mut self.out, &given.out),
            ("user_dict", &mut self.user_dict, &given.user_dict),
            ("stopwords", &mut self.stopwords, &given.stopwords),
            ("measures", &mut self.measures, &given.measures),
            ("units", &mut self.units, &given.units),
        ] {
            if flag.is_some() {
                // The command line wins; the file's value is never used.
                *value = None;
                continue;
            }
            let Some(v) = value.as_mut() else { continue };
            *v = base.join(&*v);
            if !inside(&cwd, v) {
                bail!(
                    "{}: `{key}` = {} is outside the folder policy-mine runs in ({}); give it on the command line instead",
                    path.display(),
                    v.display(),
                    cwd.display()
                );
            }
        }
        Ok(self)
    }

    /// Read a TOML run file, or the `config` of a manifest.json.
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        if path.extension().is_some_and(|e| e == "json") {
            let manifest: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("{} is not valid JSON", path.display()))?;
            let config = manifest.get("config").cloned().with_context(|| {
                format!(
                    "{} has no `config` object; is it a policy-mine manifest?",
                    path.display()
                )
            })?;
            return serde_json::from_value(config)
                .with_context(|| format!("{}: bad `config` object", path.display()));
        }
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }
}
