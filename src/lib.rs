//! policy-mine: a staged pipeline from Chinese policy documents to tidy CSV tables.
//!
//! The stages live in folders, and each imports only the ones before it:
//! `util` → `dict` → `input` → `text` → `nlp` → `stats` → `tables` → `config` →
//! `provenance` → `report` → `run` → `tools` → `cli`/`app`.
//!
//! The public API is what a library user, the tests and the fuzz targets need: resolve a
//! run configuration and run it, load the dictionaries, and analyse text.

mod app;
mod cli;
mod config;
mod dict;
mod input;
mod nlp;
mod provenance;
mod report;
mod run;
mod stats;
mod tables;
mod text;
mod tools;
mod util;

/// The command line and its dispatch (used by the `policy-mine` binary).
pub use app::{dispatch, exit_code, is_broken_pipe};
pub use cli::Opts;
/// Running a corpus.
pub use config::{RunConfig, RunFile, RunFlags, resolve};
/// Dictionaries.
pub use dict::{BUNDLED_MEASURES, BUNDLED_STOPWORDS, BUNDLED_UNITS, BUNDLED_USER_DICT};
pub use dict::{DictPaths, DictSource};
/// Analysing text: normalize, split into sentences, extract metrics, analyse a document.
pub use nlp::metrics::{
    Metric, PeriodChain, PlanState, Units, as_plan, extract, inherit_period, plan_heading,
    plan_sections, section_heading,
};
pub use nlp::resources::{Resources, coded_types, extract_metrics, load_bundled};
pub use run::analyze::{DocOutput, process_doc};
pub use run::pipeline::{RunReport, run};
pub use text::normalize::normalize;
pub use text::sentences::{MAX_SENTENCE_CHARS, Sentence, split_sentences};

/// Entry points for the fuzz targets in `fuzz/` (not a stable API).
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::dict::{parse_stopwords, parse_user_dict};
    pub use crate::nlp::metrics::fuzz_numbers;
    pub use crate::run::partial::fuzz_rows;
}
