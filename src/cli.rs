//! Command-line options. Doc comments are the `--help` text; each `*Opts` is turned into a
//! validated config before any work starts.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand};

use crate::corpus::InputEncoding;
use crate::pipeline::RunConfig;
use crate::resources::DictPaths;

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
    /// Corpus folder: uses DIR/metadata.csv if present, else every *.txt under DIR.
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Output folder for the tables; created if missing.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    #[command(flatten)]
    pub dicts: DictOpts,
    /// Worker threads [default: all cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bars and no summary; warnings and errors still go to stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// How to read documents: utf8 (UTF-16 with a BOM is always detected), gb18030, or auto
    /// (UTF-8 if valid, else GB18030; the choice per document is recorded in manifest.json).
    #[arg(long, value_enum, default_value_t = InputEncoding::Utf8)]
    pub encoding: InputEncoding,
    /// Accept metadata.csv paths that are absolute or contain `..`.
    #[arg(long)]
    pub allow_outside_corpus: bool,
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

impl RunOpts {
    pub fn into_config(self) -> Result<RunConfig> {
        let threads = match self.threads {
            Some(0) => bail!("--threads must be at least 1"),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        if !self.corpus.is_dir() {
            bail!(
                "corpus folder {} does not exist or is not a folder",
                self.corpus.display()
            );
        }
        let dicts = self.dicts.to_paths()?;
        if self.out.exists() && !self.out.is_dir() {
            bail!("--out {} exists and is not a folder", self.out.display());
        }
        Ok(RunConfig {
            corpus: self.corpus,
            out: self.out,
            dicts,
            threads,
            quiet: self.quiet,
            encoding: self.encoding,
            allow_outside_corpus: self.allow_outside_corpus,
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
