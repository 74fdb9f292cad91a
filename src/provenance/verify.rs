//! `policy-mine verify`: recompute every hash the manifest records (for inputs, both the
//! file's and the extracted text's).

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::input::corpus::InputEncoding;
use crate::input::document::read_document;
use crate::provenance::manifest::read_manifest;
use crate::util::hash::sha256_hex;

#[derive(Debug, PartialEq, Eq)]
pub enum Check {
    Ok,
    Changed { expected: String, found: String },
    Missing(String),
}

#[derive(Debug)]
pub struct Finding {
    pub what: &'static str,
    pub name: String,
    pub check: Check,
}

fn hash_file(path: &Path) -> std::result::Result<String, String> {
    std::fs::read(path)
        .map(|b| sha256_hex(&b))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// SHA-256 of the text extracted from a file, as `run` extracted it.
fn hash_text(path: &Path, encoding: InputEncoding) -> std::result::Result<String, String> {
    read_document(path, encoding)
        .map(|d| d.text_sha256)
        .map_err(|e| format!("{e:#}"))
}

fn compare(expected: &str, found: std::result::Result<String, String>) -> Check {
    match found {
        Ok(h) if h == expected => Check::Ok,
        Ok(h) => Check::Changed {
            expected: expected.to_owned(),
            found: h,
        },
        Err(e) => Check::Missing(e),
    }
}

/// Recompute every hash a manifest names. Corpus paths resolve against `config.corpus`
/// (relative to the current folder unless absolute); tables against `out`.
pub fn verify(out: &Path) -> Result<Vec<Finding>> {
    let manifest = read_manifest(out)?;
    let out_dir = if out.is_dir() {
        out.to_owned()
    } else {
        out.parent().map_or(PathBuf::from("."), Path::to_path_buf)
    };
    let corpus = manifest.config.corpus.clone().unwrap_or_default();
    let mut findings = Vec::new();
    let encoding = manifest.config.encoding.unwrap_or_default();
    for input in &manifest.inputs {
        let path = corpus.join(&input.path);
        let file = compare(&input.sha256, hash_file(&path));
        // The text check re-extracts the file; a missing file is reported once.
        let text = (!input.text_sha256.is_empty() && !matches!(file, Check::Missing(_)))
            .then(|| compare(&input.text_sha256, hash_text(&path, encoding)));
        findings.push(Finding {
            what: "input",
            name: input.path.clone(),
            check: file,
        });
        if let Some(check) = text {
            findings.push(Finding {
                what: "text",
                name: format!("{} ({})", input.path, input.format),
                check,
            });
        }
    }
    for dict in &manifest.dictionaries {
        let found = match dict.source.strip_prefix("bundled:") {
            Some(file) => crate::dict::bundled_text(file)
                .map(|t| sha256_hex(t.as_bytes()))
                .ok_or_else(|| format!("this binary has no bundled {file}")),
            None => hash_file(Path::new(&dict.source)),
        };
        findings.push(Finding {
            what: "dictionary",
            name: dict.source.clone(),
            check: compare(&dict.sha256, found),
        });
    }
    for table in &manifest.tables {
        findings.push(Finding {
            what: "table",
            name: table.file.clone(),
            check: compare(&table.sha256, hash_file(&out_dir.join(&table.file))),
        });
    }
    Ok(findings)
}
