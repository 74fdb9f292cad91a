//! Tools around the pipeline: keyword in context and article splitting.
pub mod kwic;
pub mod split;
