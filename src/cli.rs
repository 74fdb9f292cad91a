//! Command-line options. Doc comments are the `--help` text; each `*Opts` is turned into a
//! validated config before any work starts.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use serde::{Deserialize, Serialize};

use crate::input::corpus::InputEncoding;
use crate::tables::output::{TableFormat, TableStyle};
use crate::run::pipeline::RunConfig;
use crate::nlp::resources::DictPaths;

/// Turn Chinese policy documents into tidy, reproducible tables for R, Stata, pandas or DuckDB.
#[derive(Debug, Parser)]
#[command(name = "policy-mine", version, about, long_about = None)]
pub struct Opts {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline over a corpus and write the tables into --out.
    Run(RunOpts),
    /// Cut a compiled article at its numbered section headings into one file per province,
    /// plus metadata.csv.
    Split(SplitOpts),
    /// Print the tokens of a file (or stdin) as word/POS, one sentence per line, to audit
    /// the dictionaries.
    Segment(SegmentOpts),
    /// Show why a sentence is coded as it is: its tokens, the cues that fired and the types.
    Explain(ExplainOpts),
    /// Print keyword-in-context lines for a term, a phrase (`"排水管网 建设"`) or a glob
    /// (`*排污*`), using the pipeline's segmentation.
    Kwic(KwicOpts),
    /// Combine partial folders (from `run --shard` or `run --stdin-jsonl`) into the final
    /// tables, byte-identical to one run over the whole corpus.
    Merge(MergeOpts),
    /// Recompute the hashes in OUT_DIR/manifest.json against the files on disk; exit 1 if any
    /// input, dictionary or table changed.
    Verify(VerifyOpts),
}

#[derive(Debug, Args)]
pub struct KwicOpts {
    /// A term, a phrase of space-separated tokens, or a glob with `*`.
    #[arg(value_name = "PATTERN")]
    pub pattern: String,
    /// Corpus folder (as for `run`).
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Tokens of context on each side.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub window: usize,
    /// Print CSV (`province,doc_id,sentence_id,left,keyword,right,start,end`) instead of a
    /// table.
    #[arg(long)]
    pub csv: bool,
    /// How to read documents: utf8, gb18030 or auto.
    #[arg(long, value_enum, default_value_t = InputEncoding::Utf8)]
    pub encoding: InputEncoding,
    /// Accept metadata.csv paths that are absolute or contain `..`.
    #[arg(long)]
    pub allow_outside_corpus: bool,
    #[command(flatten)]
    pub dicts: DictOpts,
}

#[derive(Debug, Args)]
pub struct MergeOpts {
    /// Partial folders, in any order.
    #[arg(value_name = "PARTIAL_DIR", required = true)]
    pub partials: Vec<PathBuf>,
    /// Output folder for the tables.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Write into a non-empty folder that policy-mine did not make.
    #[arg(long)]
    pub force: bool,
    /// Do not write report.html.
    #[arg(long)]
    pub no_report: bool,
    /// No summary on stdout.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct VerifyOpts {
    /// Output folder of a run (or its manifest.json).
    #[arg(value_name = "OUT_DIR", default_value = "out")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExplainOpts {
    /// The sentence (or text) to explain.
    #[arg(value_name = "SENTENCE")]
    pub sentence: String,
    #[command(flatten)]
    pub dicts: DictOpts,
}

#[derive(Debug, Args)]
pub struct DictOpts {
    /// Domain user dictionary in jieba format (`word [freq] [tag]`) [default: bundled
    /// dictionaries/user_dict.txt]
    #[arg(long, value_name = "FILE")]
    pub user_dict: Option<PathBuf>,
    /// Stop-word list, one word per line; replaces the bundled list [default: bundled
    /// dictionaries/stopwords.txt]
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// Measure coding dictionary (`measure_type,label,family,pattern,kind`); replaces the
    /// bundled one [default: bundled dictionaries/measures.csv]
    #[arg(long, value_name = "FILE")]
    pub measures: Option<PathBuf>,
    /// Unit table for metric extraction (`unit,dimension,factor,unit_std`); replaces the
    /// bundled one [default: bundled dictionaries/units.csv]
    #[arg(long, value_name = "FILE")]
    pub units: Option<PathBuf>,
    /// Count single-character words as content terms (they are dropped by default).
    #[arg(long)]
    pub keep_single_chars: bool,
}

impl DictOpts {
    pub fn to_paths(&self) -> Result<DictPaths> {
        for path in [
            &self.user_dict,
            &self.stopwords,
            &self.measures,
            &self.units,
        ]
        .into_iter()
        .flatten()
        {
            if !path.is_file() {
                bail!("dictionary {} does not exist", path.display());
            }
        }
        Ok(DictPaths {
            user_dict: self.user_dict.clone(),
            stopwords: self.stopwords.clone(),
            measures: self.measures.clone(),
            units: self.units.clone(),
            keep_single_chars: self.keep_single_chars,
        })
    }
}

#[derive(Debug, Args)]
pub struct RunOpts {
    /// Take every option from a TOML file (same names as the flags, e.g. `corpus = "corpus"`),
    /// or from a previous run's manifest.json to reproduce it. Flags given here win.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Corpus folder: uses DIR/metadata.csv if present, else every *.txt under DIR
    /// [default: corpus]
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Output folder for the tables; created if missing [default: out]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub dicts: DictOpts,
    /// Worker threads [default: all cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bars and no summary; warnings and errors still go to stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// How to read documents: utf8 (UTF-16 with a BOM is always detected), gb18030, or auto
    /// (UTF-8 if valid, else GB18030; the choice per document is recorded in manifest.json)
    /// [default: utf8]
    #[arg(long, value_enum)]
    pub encoding: Option<InputEncoding>,
    /// Accept metadata.csv paths that are absolute or contain `..`.
    #[arg(long)]
    pub allow_outside_corpus: bool,
    /// Table format: csv (comma) or tsv (tab) [default: csv]
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
    /// Start every table with a UTF-8 byte-order mark (for Excel on Chinese Windows).
    #[arg(long)]
    pub bom: bool,
    /// Sentences whose analysis is kept per thread, so verbatim repeats skip segmentation;
    /// 0 turns the cache off. Results are identical either way [default: 16384]
    #[arg(long, value_name = "N")]
    pub sentence_cache: Option<usize>,
    /// Do not write report.html.
    #[arg(long)]
    pub no_report: bool,
    /// Process only shard I of N (0-based; documents whose doc_id hashes there, xxh3-64) and
    /// write a partial folder for `policy-mine merge`.
    #[arg(long, value_name = "I/N", conflicts_with = "stdin_jsonl")]
    pub shard: Option<String>,
    /// Read documents as JSON lines from stdin (`{"doc_id":…,"province":…,"text":…}`, optional
    /// `"index"` for the corpus position) and write a partial folder for `policy-mine merge`.
    #[arg(long)]
    pub stdin_jsonl: bool,
    /// Analyse documents larger than this many bytes in parallel chunks cut at sentence
    /// boundaries (results are identical).
    #[arg(long, value_name = "BYTES", default_value_t = 8 << 20, hide = true)]
    pub chunk_bytes: u64,
    /// Write into a non-empty --out folder that policy-mine did not make. No file is deleted;
    /// only the files policy-mine writes are replaced.
    #[arg(long)]
    pub force: bool,
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

#[derive(Debug, Args)]
pub struct SplitOpts {
    /// The compiled article to split (UTF-8 text).
    #[arg(
        value_name = "ARTICLE",
        default_value = "corpus/raw/000_d25812755243d715.txt"
    )]
    pub input: PathBuf,
    /// Corpus folder to write docs/*.txt and metadata.csv into.
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub out: PathBuf,
    /// Do not list the dropped lines.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct SegmentOpts {
    /// File to segment; reads stdin when omitted or `-`.
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
    #[command(flatten)]
    pub dicts: DictOpts,
    /// How to read the input: utf8, gb18030 or auto (UTF-8, else GB18030).
    #[arg(long, value_enum, default_value_t = InputEncoding::Utf8)]
    pub encoding: InputEncoding,
    /// Print only content tokens (after stop-word and number filtering).
    #[arg(long)]
    pub content_only: bool,
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

impl RunOpts {
    /// Merge flags over the config file over the defaults, and validate the result.
    pub fn into_config(self) -> Result<RunConfig> {
        let file = match &self.config {
            Some(path) => RunFile::read(path)?,
            None => RunFile::default(),
        };
        let flag = |on: bool, from_file: Option<bool>| on || from_file.unwrap_or(false);
        let threads = match self.threads.or(file.threads) {
            Some(0) => bail!("--threads must be at least 1"),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let stdin_jsonl = flag(self.stdin_jsonl, file.stdin_jsonl);
        let shard_text = self.shard.or(file.shard);
        let shard = shard_text.as_deref().map(parse_shard).transpose()?;
        let corpus = self
            .corpus
            .or(file.corpus)
            .unwrap_or_else(|| PathBuf::from("corpus"));
        if !stdin_jsonl && !corpus.is_dir() {
            bail!(
                "corpus folder {} does not exist or is not a folder",
                corpus.display()
            );
        }
        let dict_opts = DictOpts {
            user_dict: self.dicts.user_dict.or(file.user_dict),
            stopwords: self.dicts.stopwords.or(file.stopwords),
            measures: self.dicts.measures.or(file.measures),
            units: self.dicts.units.or(file.units),
            keep_single_chars: flag(self.dicts.keep_single_chars, file.keep_single_chars),
        };
        let dicts = dict_opts.to_paths()?;
        let out = self
            .out
            .or(file.out)
            .unwrap_or_else(|| PathBuf::from("out"));
        if out.exists() && !out.is_dir() {
            bail!("--out {} exists and is not a folder", out.display());
        }
        let style = TableStyle {
            format: self.format.or(file.format).unwrap_or_default(),
            bom: flag(self.bom, file.bom),
        };
        let encoding = self.encoding.or(file.encoding).unwrap_or_default();
        let allow_outside_corpus = flag(self.allow_outside_corpus, file.allow_outside_corpus);
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
            quiet: flag(self.quiet, file.quiet),
            encoding,
            allow_outside_corpus,
            style,
            force: flag(self.force, file.force),
            report: !flag(self.no_report, file.no_report),
            shard,
            stdin_jsonl,
            chunk_bytes: self.chunk_bytes.max(1),
            sentence_cache: self
                .sentence_cache
                .or(file.sentence_cache)
                .unwrap_or(16_384),
            resolved,
            arguments: std::env::args().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Opts::command().debug_assert();
    }

    #[test]
    fn zero_threads_is_rejected() {
        let opts = Opts::parse_from(["policy-mine", "run", "--threads", "0"]);
        let Command::Run(run) = opts.command else {
            panic!("not run")
        };
        assert!(
            run.into_config()
                .unwrap_err()
                .to_string()
                .contains("--threads")
        );
    }
}

#[cfg(test)]
mod config_tests {
    use super::*;

    #[test]
    fn toml_run_file_supplies_flags_and_flags_win() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.toml");
        std::fs::write(
            &path,
            "corpus = \"corpus\"\nthreads = 1\nformat = \"tsv\"\nbom = true\nencoding = \"auto\"\n",
        )
        .unwrap();
        let opts = Opts::parse_from([
            "policy-mine",
            "run",
            "--config",
            path.to_str().unwrap(),
            "--format",
            "csv",
        ]);
        let Command::Run(run) = opts.command else {
            panic!("not run")
        };
        let config = run.into_config().unwrap();
        assert_eq!(config.threads, 1);
        assert_eq!(
            config.style,
            TableStyle {
                format: TableFormat::Csv,
                bom: true
            }
        );
        assert_eq!(config.encoding, InputEncoding::Auto);
    }

    #[test]
    fn unknown_keys_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.toml");
        std::fs::write(&path, "corpsu = \"corpus\"\n").unwrap();
        let err = RunFile::read(&path).unwrap_err().to_string();
        assert!(err.contains("run.toml") && err.contains("corpsu"), "{err}");
    }
}
