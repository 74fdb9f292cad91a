//! Document formats other than plain text: which format a file is (by extension, corrected
//! by its first bytes), and the one entry point that turns HTML, DOCX or PDF bytes into text.
//!
//! Each format lives in its own file and is parsed by a well-kept crate (scraper, zip +
//! quick-xml, pdf-extract/lopdf); this module only decides and dispatches.

mod docx;
mod html;
mod pdf;

use anyhow::Result;
use std::path::Path;

/// A supported input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Html,
    Docx,
    Pdf,
}

/// File extensions (lower case) a corpus folder lists as documents.
pub const EXTENSIONS: [&str; 5] = ["txt", "html", "htm", "docx", "pdf"];

impl Format {
    /// The name the manifest records (`txt`, `html`, `docx`, `pdf`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// The format a file name claims; `None` for an extension policy-mine does not read
    /// (such files are read as text, as before).
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Txt),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The format the first bytes show, when they show one: `%PDF-`, a zip holding
    /// `word/document.xml`, or an HTML doctype / `<html>` tag near the start.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            return Some(Format::Pdf);
        }
        if bytes.starts_with(b"PK\x03\x04") {
            let head = &bytes[..bytes.len().min(64 * 1024)];
            let word = head.windows(11).any(|w| w == b"word/docume");
            return word.then_some(Format::Docx);
        }
        let head = &bytes[..bytes.len().min(1024)];
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF))
            .unwrap_or(head.len());
        let lower = head[start..].to_ascii_lowercase();
        let html = lower.starts_with(b"<!doctype html")
            || lower.starts_with(b"<html")
            || (lower.starts_with(b"<") && lower.windows(5).any(|w| w == b"<html"));
        html.then_some(Format::Html)
    }

    /// What a file is: its content when that is recognisable, else its extension, else text.
    pub fn detect(path: &Path, bytes: &[u8]) -> Self {
        match (Self::sniff(bytes), Self::from_path(path)) {
            (Some(sniffed), _) => sniffed,
            // A `.docx` that is not a readable zip is reported by the DOCX reader.
            (None, Some(claimed)) => claimed,
            (None, None) => Format::Txt,
        }
    }
}

/// Text extracted from an HTML, DOCX or PDF file: lines separated by `\n`, and the title
/// the document gives itself (HTML `<title>` or first heading), if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub text: String,
    pub title: Option<String>,
    /// The character encoding the bytes were read as (HTML only; `UTF-8` for the others).
    pub encoding: &'static str,
}

/// Extract the text of a non-text format. Errors are one line naming the file; a document
/// with no text at all is an error (a scanned PDF, an empty page), never an empty document.
pub fn extract(path: &Path, format: Format, bytes: &[u8]) -> Result<Extracted> {
    let shown = path.display();
    let extracted = match format {
        Format::Html => html::extract(path, bytes)?,
        Format::Docx => docx::extract(path, bytes)?,
        Format::Pdf => pdf::extract(path, bytes)?,
        Format::Txt => unreachable!("plain text is decoded, not extracted"),
    };
    if extracted.text.trim().is_empty() {
        match format {
            Format::Pdf => anyhow::bail!("{shown}: no text layer (scanned?); run OCR first"),
            _ => anyhow::bail!("{shown}: {} file has no text", format.name().to_uppercase()),
        }
    }
    Ok(extracted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_overrides_a_lying_extension() {
        let p = Path::new("a.txt");
        assert_eq!(Format::detect(p, b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(
            Format::detect(p, b"\xEF\xBB\xBF  <!DOCTYPE html><html>"),
            Format::Html
        );
        assert_eq!(Format::detect(p, "一是提高站位".as_bytes()), Format::Txt);
        assert_eq!(
            Format::detect(Path::new("a.HTM"), b"plain words"),
            Format::Html
        );
        assert_eq!(Format::detect(Path::new("a.md"), b"words"), Format::Txt);
    }
}
