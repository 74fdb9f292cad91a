//! Output tables: one schema per table, row building, CSV/TSV writing and atomic staging.
pub mod format;
pub mod rows;
pub mod schema;
pub mod staging;
