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
    /// Score a hand-coded sample against the tool's coding: per type precision, recall, F1
    /// and Cohen's kappa (95 % interval), micro and macro figures, and the disagreeing
    /// sentences with the cues that fired.
    Validate(ValidateOpts),
    /// Audit the measures dictionary on a corpus: each cue's firings, the sentences it fired
    /// in, and its share of a hand-coded sample's false positives (`--gold`).
    Cues(CuesOpts),
    /// Combine partial folders (from `run --shard` or `run --stdin-jsonl`) into the final
    /// tables, byte-identical to one run over the whole corpus.
    Merge(MergeOpts),
    /// Print the text policy-mine reads from a file (.txt, .html/.htm, .docx or .pdf),
    /// normalized exactly as `run` analyses it.
    Extract(ExtractOpts),
    /// Export a bundled dictionary to extend it, or check a dictionary file.
    #[command(subcommand)]
    Dict(DictCommand),
    /// Discover domain terms jieba splits: `terms suggest --corpus DIR`.
    #[command(subcommand)]
    Terms(TermsCommand),
    /// Recompute the hashes in OUT_DIR/manifest.json against the files on disk; exit 1 if any
    /// input, dictionary or table changed.
    Verify(VerifyOpts),
    /// Print a shell completion script: `policy-mine completions bash > ~/.local/share/bash-completion/completions/policy-mine`.
    Completions(CompletionsOpts),
    /// Print the man page (roff) to stdout, or with --out DIR write one page per command.
    Man(ManOpts),
}

#[derive(Debug, Args)]
pub struct CompletionsOpts {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManOpts {
    /// Write policy-mine.1 and policy-mine-COMMAND.1 into DIR instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Write a bundled dictionary (user_dict, stopwords, measures, units) byte for byte.
    Export {
        /// user_dict, stopwords, measures or units (or the file name, e.g. measures.csv).
        #[arg(value_name = "NAME")]
        name: String,
        /// Write to FILE instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Parse a dictionary file as `run` would load it on top of the bundled lists: report
    /// duplicates and entries that change a bundled one; exit 1 on a malformed line.
    Check {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The file's kind [default: from the CSV header or the file name]
        #[arg(long, value_enum)]
        kind: Option<crate::tools::dict::DictKind>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TermsCommand {
    /// Rank character n-grams (2-8 chars) that jieba splits by cohesion (normalized PMI)
    /// and boundary entropy; write a CSV that `--user-dict` reads back.
    Suggest(SuggestOpts),
}

#[derive(Debug, Args)]
pub struct SuggestOpts {
    /// Corpus folder (as for `run`).
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Only documents whose metadata pass EXPR (as for `run`); repeatable, ANDed.
    #[arg(long, value_name = "EXPR")]
    pub filter: Vec<String>,
    /// Write the CSV to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Candidates must occur at least N times.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_count: u64,
    /// Rows to write (best first).
    #[arg(long, value_name = "N", default_value_t = 500)]
    pub top: usize,
    /// Distinct n-grams kept in memory; when exceeded the rarest are pruned (bounds memory).
    #[arg(long, value_name = "N", default_value_t = 3_000_000)]
    pub max_ngrams: usize,
    /// Worker threads [default: all cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
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
    /// Keep only documents whose metadata satisfy EXPR (as for `run`); repeat to AND.
    #[arg(long, value_name = "EXPR")]
    pub filter: Vec<String>,
    /// Add a user dictionary in jieba format (`word [freq] [tag]`) to the bundled one;
    /// repeatable.
    #[arg(long, value_name = "FILE", action = clap::ArgAction::Append)]
    pub user_dict: Vec<PathBuf>,
    /// Start from an empty user dictionary instead of the bundled one.
    #[arg(long)]
    pub no_bundled_user_dict: bool,
}

#[derive(Debug, Args)]
pub struct ValidateOpts {
    /// Hand-coded CSV: a `types` column (types joined by `|`, empty for none; `gold_types` is
    /// accepted too) and either `sentence` (the text) or `doc_id` and `sentence_id` (as in
    /// the run tables, with --corpus). Types must be names of the measures dictionary in use,
    /// spelt exactly (case-sensitive); any other name is an error naming its line.
    #[arg(value_name = "CODED.csv")]
    pub coded: PathBuf,
    /// Corpus folder, for rows that name `doc_id` and `sentence_id`.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Only rows whose `split` column equals NAME (e.g. `dev`, `test`).
    #[arg(long, value_name = "NAME")]
    pub split: Option<String>,
    /// Print CSV (`scope,measure_type,n,tp,fp,fn,tn,precision,recall,f1,kappa,kappa_low,
    /// kappa_high`) instead of a report. An undefined figure (0/0, or kappa when both coders
    /// say the same of every sentence) is empty (`n/a` in the report) and left out of the
    /// macro means.
    #[arg(long)]
    pub csv: bool,
    /// With --csv: print the disagreeing rows (`key,human,tool,cues,sentence`) instead.
    #[arg(long, requires = "csv")]
    pub disagreements: bool,
    /// How to read corpus documents: utf8, gb18030 or auto.
    #[arg(long, value_enum, default_value_t = InputEncoding::Utf8)]
    pub encoding: InputEncoding,
    #[command(flatten)]
    pub dicts: DictOpts,
    #[command(flatten)]
    pub model: ModelOpts,
}

#[derive(Debug, Args)]
pub struct CuesOpts {
    /// Corpus folder (as for `run`).
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    pub corpus: PathBuf,
    /// Hand-coded sample (as for `validate`) whose false positives are attributed to cues.
    #[arg(long, value_name = "CODED.csv")]
    pub gold: Option<PathBuf>,
    /// Only rows of the sample whose `split` column equals NAME.
    #[arg(long, value_name = "NAME")]
    pub split: Option<String>,
    /// Example sentences shown per cue.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub examples: usize,
    /// Print CSV (`measure_type,pattern,kind,line,firings,sentences,gold_fp,gold_fp_share,
    /// example`) instead of a table.
    #[arg(long)]
    pub csv: bool,
    /// How to read documents: utf8, gb18030 or auto.
    #[arg(long, value_enum, default_value_t = InputEncoding::Utf8)]
    pub encoding: InputEncoding,
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
    /// Merge shards that do not cover all N shards of the corpus (with a warning). Without
    /// it an incomplete shard set is an error (exit 1) and nothing is written.
    #[arg(long)]
    pub allow_partial: bool,
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
    #[command(flatten)]
    pub model: ModelOpts,
}

#[derive(Debug, Args)]
pub struct DictOpts {
    /// Add a user dictionary in jieba format (`word [freq] [tag]`, or a CSV with a `term`
    /// column as `terms suggest` writes it) to the bundled one; repeatable. A later entry
    /// overrides an earlier one (with a warning naming both lines).
    #[arg(long, value_name = "FILE", action = clap::ArgAction::Append)]
    pub user_dict: Vec<PathBuf>,
    /// Start from an empty user dictionary instead of the bundled one.
    #[arg(long)]
    pub no_bundled_user_dict: bool,
    /// Add a stop-word list (one word per line) to the bundled one; repeatable.
    #[arg(long, value_name = "FILE", action = clap::ArgAction::Append)]
    pub stopwords: Vec<PathBuf>,
    /// Start from an empty stop-word list instead of the bundled one.
    #[arg(long)]
    pub no_bundled_stopwords: bool,
    /// Measure taxonomy (`measure_type,label,family,pattern,kind`); replaces the bundled one:
    /// a file, or the name of a bundled one: `default` (six types) or `rothwell-zegveld`
    /// (supply-side, demand-side, environmental) [default: bundled dictionaries/measures.csv]
    #[arg(long, value_name = "FILE")]
    pub measures: Option<PathBuf>,
    /// Add cues or whole types (same columns as --measures) to the taxonomy; repeatable.
    #[arg(long, value_name = "FILE", action = clap::ArgAction::Append)]
    pub add_measures: Vec<PathBuf>,
    /// Unit table for metric extraction (`unit,dimension,factor,unit_std`); replaces the
    /// bundled one [default: bundled dictionaries/units.csv]
    #[arg(long, value_name = "FILE")]
    pub units: Option<PathBuf>,
    /// Count single-character words as content terms (they are dropped by default).
    #[arg(long)]
    pub keep_single_chars: bool,
}

/// The measure model's switch, only on the commands that code sentences (`run`, `validate`,
/// `explain`): `cues` audits the cues alone and `terms suggest` codes nothing, so clap
/// rejects the flag there.
#[derive(Debug, Args)]
pub struct ModelOpts {
    /// Add the codes of the bundled measure model (character n-grams, trained on 6,069
    /// coded sentences) to the cues' codes: higher recall on text the cues were not written
    /// for, lower precision (README, "Measure model"). Six default types only.
    #[arg(long)]
    pub measure_model: bool,
}

/// The dictionaries that segmentation and the content filter use (`segment`): coding and
/// unit tables play no part there, so their flags are not accepted.
#[derive(Debug, Args)]
pub struct SegmentDictOpts {
    /// Add a user dictionary in jieba format (`word [freq] [tag]`) to the bundled one;
    /// repeatable.
    #[arg(long, value_name = "FILE", action = clap::ArgAction::Append)]
    pub user_dict: Vec<PathBuf>,
    /// Start from an empty user dictionary instead of the bundled one.
    #[arg(long)]
    pub no_bundled_user_dict: bool,
    /// With --content-only, add a stop-word list (one word per line) to the bundled one;
    /// repeatable.
    #[arg(long, value_name = "FILE", action = clap::ArgAction::Append, requires = "content_only")]
    pub stopwords: Vec<PathBuf>,
    /// With --content-only, count single-character words as content terms.
    #[arg(long, requires = "content_only")]
    pub keep_single_chars: bool,
}

impl SegmentDictOpts {
    pub fn to_paths(&self) -> Result<DictPaths> {
        let paths = DictPaths {
            user_dicts: self.user_dict.clone(),
            no_bundled_user_dict: self.no_bundled_user_dict,
            stopwords: self.stopwords.clone(),
            keep_single_chars: self.keep_single_chars,
            ..DictPaths::default()
        };
        crate::config::check_dict_files(&paths)?;
        Ok(paths)
    }
}

impl DictOpts {
    pub fn to_paths(&self) -> Result<DictPaths> {
        let paths = DictPaths {
            user_dicts: self.user_dict.clone(),
            no_bundled_user_dict: self.no_bundled_user_dict,
            stopwords: self.stopwords.clone(),
            no_bundled_stopwords: self.no_bundled_stopwords,
            measures: self.measures.clone(),
            add_measures: self.add_measures.clone(),
            units: self.units.clone(),
            keep_single_chars: self.keep_single_chars,
            measure_model: false,
        };
        crate::config::check_dict_files(&paths)?;
        Ok(paths)
    }

    /// The paths of a command that codes sentences, with the model switch.
    pub fn to_coding_paths(&self, model: &ModelOpts) -> Result<DictPaths> {
        Ok(DictPaths {
            measure_model: model.measure_model,
            ..self.to_paths()?
        })
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
                no_bundled_user_dict: on(self.dicts.no_bundled_user_dict),
                stopwords: self.dicts.stopwords,
                no_bundled_stopwords: on(self.dicts.no_bundled_stopwords),
                measures: self.dicts.measures,
                add_measures: self.dicts.add_measures,
                units: self.dicts.units,
                keep_single_chars: on(self.dicts.keep_single_chars),
                measure_model: on(self.model.measure_model),
                min_count: self.min_count,
                max_group_share: self.max_group_share,
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
                merged_shards: None,
                filter: (!self.filter.is_empty()).then_some(self.filter),
                group_by: self.group_by,
                dtm: on(self.dtm),
                dtm_min_count: self.dtm_min_count,
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
    #[command(flatten)]
    pub model: ModelOpts,
    /// Keep in the term tables (term_frequency, keyness) only terms with at least N
    /// occurrences in the corpus [default: 1]
    #[arg(long, value_name = "N")]
    pub min_count: Option<u64>,
    /// Drop from the term tables terms found in more than this share of the groups, e.g.
    /// 0.9 (like quanteda's dfm_trim) [default: 1, keep all]
    #[arg(long, value_name = "F")]
    pub max_group_share: Option<f64>,
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
    /// Keep only documents whose metadata.csv columns satisfy EXPR: `section!=00`,
    /// `year>=2000`, `province in 山西省,辽宁省` (also = < <= > and `not in`). Numbers compare
    /// as numbers when both sides are numbers. Repeat to AND several; recorded in the manifest.
    #[arg(long, value_name = "EXPR")]
    pub filter: Vec<String>,
    /// Read documents as JSON lines from stdin (`{"doc_id":…,"province":…,"text":…}`, optional
    /// `"index"` for the corpus position) and write a partial folder for `policy-mine merge`.
    #[arg(long)]
    pub stdin_jsonl: bool,
    /// Group the per-group tables by these metadata.csv columns, comma-separated, in order
    /// (e.g. `province,year`), or `doc` for one group per document. Groups keep corpus order
    /// (first appearance) [default: province]
    #[arg(long, value_name = "COLS")]
    pub group_by: Option<String>,
    /// Also write the document-term matrix: dtm.mtx (Matrix Market, documents x content
    /// terms), dtm_terms.csv and dtm_docs.csv.
    #[arg(long)]
    pub dtm: bool,
    /// With --dtm: keep only terms with at least N occurrences in the corpus [default: 1]
    #[arg(long, value_name = "N", requires = "dtm")]
    pub dtm_min_count: Option<u64>,
    /// Analyse documents larger than this many bytes (and any over 1 MB) in parallel chunks
    /// cut at sentence boundaries (results are identical).
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
pub struct ExtractOpts {
    /// The file: plain text, HTML, DOCX or PDF (by content, else by extension).
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// How to read plain text: utf8, gb18030 or auto (HTML pages use their own charset).
    #[arg(long, value_enum, default_value_t = InputEncoding::Utf8)]
    pub encoding: InputEncoding,
    /// Also print the detected format, encoding and title to stderr.
    #[arg(long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct SegmentOpts {
    /// File to segment; reads stdin when omitted or `-`.
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
    #[command(flatten)]
    pub dicts: SegmentDictOpts,
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
        assert!(
            err.contains("run.toml:1:1") && err.contains("corpsu"),
            "{err}"
        );
        assert!(!err.contains('\n'), "one line: {err}");
        std::fs::write(&path, "corpus = \"corpus\"\nthreads = \"two\"\n").unwrap();
        let err = RunFile::read(&path).unwrap_err().to_string();
        assert!(err.contains("run.toml:2:") && !err.contains('\n'), "{err}");
        std::fs::write(&path, "filter = [\"section!=00\", \"year>=2000\"]\n").unwrap();
        let file = RunFile::read(&path).unwrap();
        assert_eq!(file.filter.unwrap().len(), 2);
    }
}
