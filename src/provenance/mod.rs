//! Provenance: the manifest, the Frictionless datapackage and `verify`.
pub mod datapackage;
pub mod manifest;
pub mod verify;
