//! Orchestration: the streaming run (source → batch → sink → finalize), partial results and
//! merging.
pub mod analyze;
pub mod batch;
pub mod dtm;
pub mod finalize;
pub mod load;
pub mod merge;
pub mod partial;
pub mod pipeline;
pub mod sink;
pub mod source;
