//! Tools around the pipeline: keyword in context, article splitting, validation against
//! human coding, the per-cue audit, dictionary export and check, and new-term discovery.
pub mod cues;
pub mod dict;
pub mod explain;
pub mod kwic;
pub mod split;
pub mod suggest;
pub mod validate;
