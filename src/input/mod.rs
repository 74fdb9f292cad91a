//! Input: which documents a run reads, and how their bytes become text.
pub mod corpus;
pub mod filter;
pub mod group;
pub mod jsonl;
