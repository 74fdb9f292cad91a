//! Input: which documents a run reads, and how their bytes become text.
pub mod corpus;
pub mod document;
pub mod filter;
pub mod formats;
pub mod group;
pub mod jsonl;
pub mod metadata_csv;
