//! Per-sentence language processing: segmentation, content filter, measure tagging, metrics.
pub mod cache;
pub mod filter;
pub mod measure_model;
pub mod metrics;
pub mod resources;
pub mod segment;
pub mod tag;
