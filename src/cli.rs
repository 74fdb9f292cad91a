//! Command-line options. Doc comments are the `--help` text; each `*Opts` is turned into a
//! validated config before any work starts.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

use crate::config::{RunConfig, RunFile, RunFlags};
use crate::dict::DictPaths;
use crate::input::corpus::InputEncoding;
use crate::tables::format::TableFormat;

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
    /// The corpus folder the inputs are checked in [default: the manifest's `corpus`,
    /// relative to the current folder]
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
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
        crate::config::dict_paths(
            self.user_dict.clone(),
            self.stopwords.clone(),
            self.measures.clone(),
            self.units.clone(),
            self.keep_single_chars,
        )
    }
}

impl RunOpts {
    /// The flags as given, for [`crate::config::resolve`].
    pub fn into_flags(self) -> RunFlags {
        let on = |b: bool| b.then_some(true);
        RunFlags {
            config: self.config,
            options: RunFile {
                corpus: self.corpus,
                out: self.out,
                user_dict: self.dicts.user_dict,
                stopwords: self.dicts.stopwords,
                measures: self.dicts.measures,
                units: self.dicts.units,
                keep_single_chars: on(self.dicts.keep_single_chars),
                encoding: self.encoding,
                allow_outside_corpus: on(self.allow_outside_corpus),
                format: self.format,
                bom: on(self.bom),
                threads: self.threads,
                quiet: on(self.quiet),
                force: on(self.force),
                sentence_cache: self.sentence_cache,
                no_report: on(self.no_report),
                shard: self.shard,
                stdin_jsonl: on(self.stdin_jsonl),
            },
            chunk_bytes: self.chunk_bytes,
            arguments: std::env::args().collect(),
        }
    }

    /// Flags over the config file over the defaults, validated.
    pub fn into_config(self) -> Result<RunConfig> {
        crate::config::resolve(self.into_flags())
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
    /// Replace metadata.csv and docs/ in a non-empty --out (its other files are kept).
    #[arg(long)]
    pub force: bool,
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
    use crate::tables::format::TableStyle;

    #[test]
    fn toml_run_file_supplies_flags_and_flags_win() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.toml");
        std::fs::write(
            &path,
            "threads = 1\nformat = \"tsv\"\nbom = true\nencoding = \"auto\"\n",
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
