//! Output tables: rows, writers and staging.
pub mod output;
pub mod schema;
