//! Orchestration: the streaming run, partial results and merging.
pub mod partial;
pub mod pipeline;
