//! Provenance: `manifest.json` (what was run on what, with hashes), `datapackage.json`
//! (Frictionless Table Schema for every table) and `policy-mine verify`.
//!
//! Everything in the manifest outside `timing` is a function of the inputs, dictionaries and
//! options alone, so two runs on the same inputs give byte-identical manifests whatever the
//! thread count or output folder.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::config::RunFile;
use crate::input::corpus::InputRecord;
use crate::nlp::resources::Resources;
use crate::tables::staging::TableRecord;
use crate::util::hash::sha256_hex;

pub const MANIFEST: &str = "manifest.json";
pub const DATAPACKAGE: &str = "datapackage.json";
pub const TOOL_NAME: &str = "policy-mine";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: ToolInfo,
    /// The resolved options that decide the tables; `policy-mine run --config manifest.json`
    /// reads them back.
    pub config: RunFile,
    pub inputs: Vec<InputEntry>,
    pub dictionaries: Vec<DictEntry>,
    pub tables: Vec<TableRecord>,
    /// Other files of the run (datapackage.json, report.html); `rows` is 0.
    pub files: Vec<TableRecord>,
    /// Present when this folder is a partial (`--shard`, `--stdin-jsonl`) rather than tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial: Option<PartialInfo>,
    /// Wall-clock and machine-dependent fields; the only part that differs between runs.
    pub timing: Timing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
    pub jieba_rs: String,
}

impl ToolInfo {
    pub fn current() -> Self {
        Self {
            name: TOOL_NAME.to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            jieba_rs: env!("JIEBA_RS_VERSION").to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputEntry {
    /// Position in the whole corpus (or the record stream); rows follow this order.
    pub index: u64,
    pub doc_id: String,
    pub province: String,
    /// Relative to `config.corpus`, as listed in metadata.csv.
    pub path: String,
    /// The `title` column of metadata.csv, when there is one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    pub bytes: u64,
    pub sha256: String,
    /// The encoding the document was read as (UTF-8, GB18030, UTF-16LE, UTF-16BE).
    pub encoding: String,
    /// The file's format: txt, html, docx or pdf.
    #[serde(default = "txt_format")]
    pub format: String,
    /// SHA-256 of the text extracted from the file (before normalization); `sha256` is the
    /// file's own hash.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text_sha256: String,
}

fn txt_format() -> String {
    "txt".to_owned()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictEntry {
    /// user_dict, stopwords, measures or units.
    pub name: String,
    /// `bundled:<file>` or the path given.
    pub source: String,
    pub sha256: String,
    pub entries: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub started_at: String,
    pub duration_seconds: f64,
    pub threads: usize,
    pub out: String,
    pub arguments: Vec<String>,
}

pub fn dictionary_entries(res: &Resources) -> Vec<DictEntry> {
    res.dictionaries
        .iter()
        .map(|d| DictEntry {
            name: d.kind.to_owned(),
            source: d.source.name.clone(),
            sha256: sha256_hex(d.source.text.as_bytes()),
            entries: d.entries as u64,
        })
        .collect()
}

pub fn input_entries(inputs: &[InputRecord]) -> Vec<InputEntry> {
    inputs
        .iter()
        .map(|i| InputEntry {
            index: i.index,
            doc_id: i.doc_id.clone(),
            province: i.province.clone(),
            path: i.rel_path.clone(),
            title: i.title.clone(),
            bytes: i.bytes,
            sha256: i.sha256.clone(),
            encoding: i.encoding.to_owned(),
            format: i.format.to_owned(),
            text_sha256: i.text_sha256.clone(),
        })
        .collect()
}

impl Timing {
    /// The timing of a run that started at `started` (monotonic) / `started_at` (wall clock).
    pub fn since(
        started: std::time::Instant,
        started_at: std::time::SystemTime,
        threads: usize,
        out: &Path,
        arguments: &[String],
    ) -> Self {
        Self {
            started_at: timestamp(started_at),
            duration_seconds: (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
            threads,
            out: out.display().to_string(),
            arguments: arguments.to_vec(),
        }
    }
}

pub fn timestamp(t: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

pub fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Read a manifest from an output folder (or the file itself).
pub fn read_manifest(path: &Path) -> Result<Manifest> {
    let file = if path.is_dir() {
        path.join(MANIFEST)
    } else {
        path.to_owned()
    };
    let text = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not a policy-mine manifest", file.display()))
}

/// Refuse to write into a non-empty folder that policy-mine did not make, unless forced.
/// Nothing is ever deleted: a run only replaces the files it writes.
pub fn check_out_dir(out: &Path, force: bool) -> Result<()> {
    crate::tables::staging::refuse_symlink_out(out)?;
    if force || !out.is_dir() {
        return Ok(());
    }
    let foreign: Vec<String> = std::fs::read_dir(out)
        .with_context(|| format!("cannot list output folder {}", out.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with(".tmp-"))
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    // Any version of policy-mine's manifest will do: read it loosely.
    let ours = std::fs::read(out.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .is_some_and(|m| m["tool"]["name"] == TOOL_NAME);
    if !ours {
        bail!(
            "output folder {} is not empty and has no policy-mine manifest.json (it holds {}); \
             choose another --out, or pass --force to write into it (no file is deleted)",
            out.display(),
            foreign
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// datapackage.json

// ---------------------------------------------------------------------------------------
// verify

/// The `partial` section of a partial's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialInfo {
    pub format: String,
    /// `I/N` (0-based shard of N), or `stdin`.
    pub shard: String,
    /// SHA-256 of the shard, the options and the inputs' hashes: the same partial made
    /// twice has the same id.
    pub id: String,
}

impl PartialInfo {
    pub fn new(shard: Option<(u64, u64)>, resolved: &RunFile, inputs: &[InputEntry]) -> Self {
        let shard = match shard {
            Some((i, n)) => format!("{i}/{n}"),
            None => "stdin".to_owned(),
        };
        let mut key = format!(
            "{shard}\n{}\n",
            serde_json::to_string(&resolved.comparable()).unwrap_or_default()
        );
        for i in inputs {
            key.push_str(&format!("{} {} {}\n", i.index, i.doc_id, i.sha256));
        }
        Self {
            format: FORMAT.to_owned(),
            shard,
            id: sha256_hex(key.as_bytes()),
        }
    }
}

pub const FORMAT: &str = "policy-mine-partial/2";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_non_empty_folder_is_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        check_out_dir(dir.path(), false).unwrap();
        std::fs::write(dir.path().join("thesis.docx"), "mine").unwrap();
        let err = check_out_dir(dir.path(), false).unwrap_err().to_string();
        assert!(
            err.contains("thesis.docx") && err.contains("--force"),
            "{err}"
        );
        check_out_dir(dir.path(), true).unwrap();
    }
}
