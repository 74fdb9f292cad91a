//! Statistics: mergeable per-group accumulators and what is derived from them.
pub mod aggregate;
pub mod headlines;
pub mod keyness;
pub mod trim;
