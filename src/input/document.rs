//! One input file as text, whatever its format: plain text is decoded (`--encoding`), HTML,
//! DOCX and PDF are extracted (`formats`). Every command that reads a file goes through here,
//! so `run`, `kwic`, `segment`, `explain`, `split` and `extract` see the same text.

use std::path::Path;

use anyhow::{Context, Result};

use crate::input::corpus::{InputEncoding, decode};
use crate::input::formats::{Format, extract};
use crate::util::hash::sha256_hex;

/// A file read as text (before normalization), with what the manifest records of it.
#[derive(Debug, Clone)]
pub struct RawDocument {
    pub text: String,
    pub format: Format,
    /// The encoding the text was read as (for HTML, the page's charset).
    pub encoding: &'static str,
    /// The title the document gives itself (HTML only).
    pub title: Option<String>,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// SHA-256 of the extracted text (UTF-8), before normalization.
    pub text_sha256: String,
}

/// Read and convert one file.
pub fn read_document(path: &Path, encoding: InputEncoding) -> Result<RawDocument> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    document_from_bytes(path, bytes, encoding)
}

/// Convert a file's bytes: its format by content, else by extension (see [`Format::detect`]).
pub fn document_from_bytes(
    path: &Path,
    bytes: Vec<u8>,
    encoding: InputEncoding,
) -> Result<RawDocument> {
    let sha256 = sha256_hex(&bytes);
    let format = Format::detect(path, &bytes);
    let (text, encoding, title) = match format {
        Format::Txt => {
            let (text, enc) = decode(path, bytes, encoding)?;
            (text, enc, None)
        }
        _ => {
            let got = extract(path, format, &bytes)?;
            (got.text, got.encoding, got.title)
        }
    };
    Ok(RawDocument {
        text_sha256: sha256_hex(text.as_bytes()),
        text,
        format,
        encoding,
        title,
        sha256,
    })
}
