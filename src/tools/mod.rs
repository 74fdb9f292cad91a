//! Tools around the pipeline: keyword in context, article splitting, validation against
//! human coding and the per-cue audit.
pub mod cues;
pub mod kwic;
pub mod split;
pub mod validate;
