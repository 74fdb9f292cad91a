//! policy-mine: a staged pipeline from Chinese policy documents to tidy CSV tables.
//!
//! corpus → normalize → sentences → segment → filter → aggregate → output, one streaming
//! parallel pass; see `pipeline`.

pub mod aggregate;
pub mod app;
pub mod cache;
pub mod cli;
pub mod corpus;
pub mod filter;
pub mod keyness;
pub mod kwic;
pub mod manifest;
pub mod metrics;
pub mod normalize;
pub mod output;
pub mod partial;
pub mod pipeline;
pub mod report;
pub mod resources;
pub mod segment;
pub mod sentences;
pub mod split;
pub mod tag;
