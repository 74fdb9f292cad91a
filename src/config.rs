//! The one place a run's options are resolved: flags over a TOML run file (or a past run's
//! manifest) over the defaults, validated before any work starts. `merge` rebuilds its
//! dictionaries and table style from a recorded [`RunFile`] with the same methods.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::dict::DictPaths;
use crate::input::corpus::InputEncoding;
use crate::input::filter::DocFilter;
use crate::input::group::GroupBy;
use crate::stats::trim::TermTrim;
use crate::tables::format::{TableFormat, TableStyle};
use crate::util::usage::usage;

/// A validated run configuration (see `cli::RunOpts`).
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub corpus: PathBuf,
    pub out: PathBuf,
    pub dicts: DictPaths,
    /// `--min-count`, `--max-group-share` for the term tables.
    pub trim: TermTrim,
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
    /// `--filter`: only documents whose metadata pass every filter are read.
    pub filters: Vec<DocFilter>,
    /// `--group-by`: the grouping columns.
    pub group_by: GroupBy,
    /// `--dtm`: write the document-term matrix, keeping terms with at least this count.
    pub dtm: Option<u64>,
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

/// Merge flags over the config file over the defaults, and validate the result. A bad
/// option value or combination is a [`UsageError`](crate::util::usage::UsageError) (exit 2);
/// a missing file or folder is an ordinary error (exit 1).
pub fn resolve(flags: RunFlags) -> Result<RunConfig> {
    let file = match &flags.config {
        Some(path) => RunFile::read(path)?.anchored(path, &flags.options)?,
        None => RunFile::default(),
    };
    if let Some(shards) = &file.merged_shards {
        bail!(
            "{}: records a partial merge of shards {} (merge --allow-partial); a run reads \
             the whole corpus, so it cannot reproduce these tables",
            flags.config.as_deref().unwrap_or(Path::new("")).display(),
            shards.join(", ")
        );
    }
    let given = flags.options;
    let flag = |on: Option<bool>, from_file: Option<bool>| on.or(from_file).unwrap_or(false);
    let threads = match given.threads.or(file.threads) {
        Some(0) => return Err(usage(anyhow::anyhow!("--threads must be at least 1"))),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let stdin_jsonl = flag(given.stdin_jsonl, file.stdin_jsonl);
    let (corpus, out) = folders(&given, &file, stdin_jsonl)?;
    let (group_by, dtm) = panel_options(&given, &file).map_err(usage)?;
    let shard_text = given.shard.clone().or(file.shard.clone());
    let shard = shard_text
        .as_deref()
        .map(parse_shard)
        .transpose()
        .map_err(usage)?;
    let dicts = resolve_dicts(&given, &file)?;
    let trim = resolve_trim(&given, &file).map_err(usage)?;
    let style = TableStyle {
        format: given.format.or(file.format).unwrap_or_default(),
        bom: flag(given.bom, file.bom),
    };
    let encoding = given.encoding.or(file.encoding).unwrap_or_default();
    let allow_outside_corpus = flag(given.allow_outside_corpus, file.allow_outside_corpus);
    let filter_text = given.filter.or(file.filter).filter(|f| !f.is_empty());
    let filters = parse_filters(filter_text.as_deref(), stdin_jsonl).map_err(usage)?;
    // What decides the tables; recorded in the manifest and read back by --config.
    let resolved = RunFile {
        corpus: Some(corpus.clone()),
        encoding: Some(encoding),
        allow_outside_corpus: Some(allow_outside_corpus),
        format: Some(style.format),
        bom: Some(style.bom),
        shard: shard_text,
        stdin_jsonl: stdin_jsonl.then_some(true),
        filter: filter_text,
        group_by: Some(group_by.text()),
        dtm: dtm.map(|_| true),
        dtm_min_count: dtm,
        ..RunFile::recorded(&dicts, trim)
    };
    Ok(RunConfig {
        corpus,
        out,
        dicts,
        trim,
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
        filters,
        group_by,
        dtm,
    })
}

/// `--filter` expressions, parsed; they select documents of a corpus folder, so they do
/// not go with `--stdin-jsonl`.
fn parse_filters(texts: Option<&[String]>, stdin_jsonl: bool) -> Result<Vec<DocFilter>> {
    let filters = crate::input::filter::parse_all(texts.unwrap_or_default())?;
    if stdin_jsonl && !filters.is_empty() {
        bail!("--filter needs a corpus folder; it cannot be used with --stdin-jsonl");
    }
    Ok(filters)
}

/// `--corpus` (default `corpus`, checked unless records come on stdin) and `--out` (default
/// `out`, which must be a folder if it exists).
fn folders(given: &RunFile, file: &RunFile, stdin_jsonl: bool) -> Result<(PathBuf, PathBuf)> {
    let pick = |a: &Option<PathBuf>, b: &Option<PathBuf>, default: &str| {
        a.clone()
            .or_else(|| b.clone())
            .unwrap_or_else(|| PathBuf::from(default))
    };
    let corpus = pick(&given.corpus, &file.corpus, "corpus");
    if !stdin_jsonl && !corpus.is_dir() {
        bail!(
            "corpus folder {} does not exist or is not a folder",
            corpus.display()
        );
    }
    let out = pick(&given.out, &file.out, "out");
    if out.exists() && !out.is_dir() {
        bail!("--out {} exists and is not a folder", out.display());
    }
    Ok((corpus, out))
}

/// `--group-by` (default province) and `--dtm` with its minimum count (default 1).
fn panel_options(given: &RunFile, file: &RunFile) -> Result<(GroupBy, Option<u64>)> {
    let group_by = match given.group_by.as_ref().or(file.group_by.as_ref()) {
        Some(text) => GroupBy::parse(text)?,
        None => GroupBy::default(),
    };
    let dtm_min_count = given.dtm_min_count.or(file.dtm_min_count);
    let on = given.dtm.or(file.dtm).unwrap_or(false);
    if dtm_min_count.is_some() && !on {
        bail!("--dtm-min-count needs --dtm");
    }
    Ok((group_by, on.then(|| dtm_min_count.unwrap_or(1))))
}

/// The dictionaries: flags over the run file; a list given as flags replaces the file's list.
fn resolve_dicts(given: &RunFile, file: &RunFile) -> Result<DictPaths> {
    let list =
        |g: &Vec<PathBuf>, f: &Vec<PathBuf>| if g.is_empty() { f.clone() } else { g.clone() };
    let on = |g: Option<bool>, f: Option<bool>| g.or(f).unwrap_or(false);
    let paths = DictPaths {
        user_dicts: list(&given.user_dict, &file.user_dict),
        no_bundled_user_dict: on(given.no_bundled_user_dict, file.no_bundled_user_dict),
        stopwords: list(&given.stopwords, &file.stopwords),
        no_bundled_stopwords: on(given.no_bundled_stopwords, file.no_bundled_stopwords),
        measures: given.measures.clone().or(file.measures.clone()),
        add_measures: list(&given.add_measures, &file.add_measures),
        units: given.units.clone().or(file.units.clone()),
        keep_single_chars: on(given.keep_single_chars, file.keep_single_chars),
        measure_model: on(given.measure_model, file.measure_model),
    };
    check_dict_files(&paths)?;
    Ok(paths)
}

/// `--min-count` and `--max-group-share`, validated.
fn resolve_trim(given: &RunFile, file: &RunFile) -> Result<TermTrim> {
    let trim = TermTrim {
        min_count: given.min_count.or(file.min_count).unwrap_or(1),
        max_group_share: given
            .max_group_share
            .or(file.max_group_share)
            .unwrap_or(1.0),
    };
    if !(trim.max_group_share > 0.0 && trim.max_group_share <= 1.0) {
        bail!(
            "--max-group-share {} must be in (0, 1]",
            trim.max_group_share
        );
    }
    Ok(trim)
}

/// Every dictionary file named must exist.
pub fn check_dict_files(paths: &DictPaths) -> Result<()> {
    for path in paths.files() {
        if !path.is_file() {
            bail!("dictionary {} does not exist", path.display());
        }
    }
    Ok(())
}

impl RunFile {
    /// The options that must agree between partials (everything but which part of the
    /// corpus).
    pub fn comparable(&self) -> RunFile {
        RunFile {
            shard: None,
            stdin_jsonl: None,
            merged_shards: None,
            ..self.clone()
        }
    }

    /// The dictionaries a recorded run used (as `merge` rebuilds them).
    pub fn dict_paths(&self) -> DictPaths {
        DictPaths {
            user_dicts: self.user_dict.clone(),
            no_bundled_user_dict: self.no_bundled_user_dict.unwrap_or(false),
            stopwords: self.stopwords.clone(),
            no_bundled_stopwords: self.no_bundled_stopwords.unwrap_or(false),
            measures: self.measures.clone(),
            add_measures: self.add_measures.clone(),
            units: self.units.clone(),
            keep_single_chars: self.keep_single_chars.unwrap_or(false),
            measure_model: self.measure_model.unwrap_or(false),
        }
    }

    /// `--dtm` of a recorded run: the minimum count, or None without a matrix.
    pub fn dtm_min_count(&self) -> Option<u64> {
        self.dtm
            .unwrap_or(false)
            .then(|| self.dtm_min_count.unwrap_or(1))
    }

    /// The term-table trimming a recorded run used.
    pub fn trim(&self) -> TermTrim {
        TermTrim {
            min_count: self.min_count.unwrap_or(1),
            max_group_share: self.max_group_share.unwrap_or(1.0),
        }
    }

    /// The dictionary and trimming options as recorded in the manifest (defaults left out,
    /// so a run with the defaults records what it recorded before).
    fn recorded(dicts: &DictPaths, trim: TermTrim) -> RunFile {
        RunFile {
            user_dict: dicts.user_dicts.clone(),
            no_bundled_user_dict: dicts.no_bundled_user_dict.then_some(true),
            stopwords: dicts.stopwords.clone(),
            no_bundled_stopwords: dicts.no_bundled_stopwords.then_some(true),
            measures: dicts.measures.clone(),
            add_measures: dicts.add_measures.clone(),
            units: dicts.units.clone(),
            keep_single_chars: Some(dicts.keep_single_chars),
            measure_model: dicts.measure_model.then_some(true),
            min_count: (trim.min_count != 1).then_some(trim.min_count),
            max_group_share: (trim.max_group_share != 1.0).then_some(trim.max_group_share),
            ..RunFile::default()
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunFile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corpus: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out: Option<PathBuf>,
    /// Files added to the bundled user dictionary (a single string is read as one file).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "one_or_many"
    )]
    pub user_dict: Vec<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_bundled_user_dict: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "one_or_many"
    )]
    pub stopwords: Vec<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_bundled_stopwords: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measures: Option<PathBuf>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "one_or_many"
    )]
    pub add_measures: Vec<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_single_chars: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure_model: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_group_share: Option<f64>,
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
    /// Written by `merge --allow-partial` when the shards merged do not cover the corpus:
    /// the shards present (`0/4`, `2/4`), so the tables are known to cover those only.
    /// `run --config` refuses a manifest that has it (a run reads the whole corpus).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_shards: Option<Vec<String>>,
    /// `--filter` expressions, ANDed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dtm: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dtm_min_count: Option<u64>,
}

/// A run file's path made relative to `base`, refused when it leaves `cwd`.
fn anchor(file: &Path, base: &Path, cwd: &Path, key: &str, v: &Path) -> Result<PathBuf> {
    let joined = base.join(v);
    if !inside(cwd, &joined) {
        bail!(
            "{}: `{key}` = {} is outside the folder policy-mine runs in ({}); give it on the command line instead",
            file.display(),
            joined.display(),
            cwd.display()
        );
    }
    Ok(joined)
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
        for (key, value, from_flag) in [
            ("corpus", &mut self.corpus, given.corpus.is_some()),
            ("out", &mut self.out, given.out.is_some()),
            ("measures", &mut self.measures, given.measures.is_some()),
            ("units", &mut self.units, given.units.is_some()),
        ] {
            if from_flag {
                // The command line wins; the file's value is never used.
                *value = None;
                continue;
            }
            // A bundled taxonomy by name (`rothwell-zegveld`) is not a path.
            let named = |v: &Path| key == "measures" && crate::dict::named_measures(v).is_some();
            if let Some(v) = value.as_mut().filter(|v| !named(v)) {
                *v = anchor(path, &base, &cwd, key, v)?;
            }
        }
        for (key, list, flag) in [
            ("user_dict", &mut self.user_dict, &given.user_dict),
            ("stopwords", &mut self.stopwords, &given.stopwords),
            ("add_measures", &mut self.add_measures, &given.add_measures),
        ] {
            if !flag.is_empty() {
                list.clear();
                continue;
            }
            for v in list.iter_mut() {
                *v = anchor(path, &base, &cwd, key, v)?;
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
            return serde_json::from_value(upgrade_old_config(config))
                .with_context(|| format!("{}: bad `config` object", path.display()));
        }
        toml::from_str(&text).map_err(|e| {
            // One line: file:line:column and the message, without toml's source excerpt.
            let at = e.span().map_or(0, |s| s.start);
            let before = &text[..at.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let message = e.message().trim().replace('\n', "; ");
            anyhow::anyhow!("{}:{line}:{column}: {message}", path.display())
        })
    }
}

/// Manifests written before dictionaries were additive record `user_dict`/`stopwords` as one
/// string that replaced the bundled list; read them with that meaning.
fn upgrade_old_config(mut config: serde_json::Value) -> serde_json::Value {
    if let Some(obj) = config.as_object_mut() {
        for (key, flag) in [
            ("user_dict", "no_bundled_user_dict"),
            ("stopwords", "no_bundled_stopwords"),
        ] {
            if obj.get(key).is_some_and(|v| v.is_string()) && !obj.contains_key(flag) {
                obj.insert(flag.to_owned(), serde_json::Value::Bool(true));
            }
        }
    }
    config
}

/// A path or a list of paths.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<PathBuf>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(PathBuf),
        Many(Vec<PathBuf>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(p) => vec![p],
        OneOrMany::Many(v) => v,
    })
}
