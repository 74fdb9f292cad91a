//! policy-mine: a staged pipeline from Chinese policy documents to tidy CSV tables.
//!
//! input → text → nlp → stats → tables → provenance/report → run, one streaming
//! parallel pass; see `run`.

pub mod app;
pub mod cli;
pub mod config;
pub mod dict;
pub mod input;
pub mod nlp;
pub mod provenance;
pub mod report;
pub mod run;
pub mod stats;
pub mod tables;
pub mod text;
pub mod tools;
pub mod util;
