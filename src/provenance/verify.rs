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
    Changed {
        expected: String,
        found: String,
    },
    Missing(String),
    /// Not read: an absolute path or one with `..` in the manifest.
    Refused(String),
    /// Not a check: what the manifest says about the set (a partial merge).
    Note,
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

/// A manifest is not trusted to point anywhere: absolute paths and `..` are refused.
fn contained(path: &str) -> std::result::Result<&Path, String> {
    let p = Path::new(path);
    if p.is_absolute()
        || p.components().any(|c| {
            !matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
    {
        return Err(format!(
            "not read: the manifest names `{path}`, an absolute path or one with `..`"
        ));
    }
    Ok(p)
}

fn check_under(base: &Path, path: &str, expected: &str) -> Check {
    match contained(path) {
        Ok(p) => compare(expected, hash_file(&base.join(p))),
        Err(why) => Check::Refused(why),
    }
}

/// Recompute every hash a manifest names: inputs, dictionaries, tables and the other files
/// (datapackage.json, report.html, partial files). Corpus paths resolve against `corpus`
/// when given, else `config.corpus` (relative to the current folder); the rest against `out`.
pub fn verify(out: &Path, corpus: Option<&Path>) -> Result<Vec<Finding>> {
    let manifest = read_manifest(out)?;
    let out_dir = if out.is_dir() {
        out.to_owned()
    } else {
        out.parent().map_or(PathBuf::from("."), Path::to_path_buf)
    };
    let corpus = match corpus {
        Some(c) => c.to_owned(),
        None => manifest.config.corpus.clone().unwrap_or_default(),
    };
    let mut findings = Vec::new();
    if let Some(shards) = &manifest.config.merged_shards {
        findings.push(Finding {
            what: "partial",
            name: format!("shards {} only (merge --allow-partial)", shards.join(", ")),
            check: Check::Note,
        });
    }
    let encoding = manifest.config.encoding.unwrap_or_default();
    for input in &manifest.inputs {
        let path = corpus.join(&input.path);
        let file = check_under(&corpus, &input.path, &input.sha256);
        // The text check re-extracts the file; a missing or refused file is reported once.
        let text = (!input.text_sha256.is_empty()
            && matches!(file, Check::Ok | Check::Changed { .. }))
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
            None => match contained(&dict.source) {
                Ok(p) => hash_file(p),
                Err(why) => {
                    findings.push(Finding {
                        what: "dictionary",
                        name: dict.source.clone(),
                        check: Check::Refused(why),
                    });
                    continue;
                }
            },
        };
        findings.push(Finding {
            what: "dictionary",
            name: dict.source.clone(),
            check: compare(&dict.sha256, found),
        });
    }
    for (what, list) in [("table", &manifest.tables), ("file", &manifest.files)] {
        for table in list {
            findings.push(Finding {
                what,
                name: table.file.clone(),
                check: check_under(&out_dir, &table.file, &table.sha256),
            });
        }
    }
    Ok(findings)
}
