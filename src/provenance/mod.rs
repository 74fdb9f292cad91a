//! Provenance: manifest, datapackage and verify.
pub mod manifest;
