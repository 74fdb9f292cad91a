//! Helpers shared by every integration test: where the repository is, the binary, and
//! reading a written table back.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root (tests run the binary from here).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `policy-mine` binary, started in the repository root.
pub fn bin() -> Command {
    let mut cmd = Command::cargo_bin("policy-mine").unwrap();
    cmd.current_dir(repo());
    cmd
}

/// A CSV table as rows of column → value.
pub fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}
