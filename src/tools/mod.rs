//! Tools around the pipeline: keyword in context, article splitting, dictionary export and
//! check, and new-term discovery.
pub mod dict;
pub mod kwic;
pub mod split;
pub mod suggest;
