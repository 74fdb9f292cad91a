//! Output tables: rows, writers and staging.
pub mod output;
