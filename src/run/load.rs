//! Reading one input document into normalized text, and cutting a large one into chunks
//! that split into the same sentences as the whole.

use anyhow::{Context, Result};

use crate::input::corpus::{DocEntry, InputEncoding, Part, decode};
use crate::text::normalize::normalize;
use crate::text::sentences::{MAX_SENTENCE_CHARS, split_sentences};
use crate::util::hash::sha256_hex;

/// One input document as read: normalized text, the encoding it was read as, and the
/// SHA-256 of its bytes on disk (for the manifest).
pub struct LoadedDoc {
    pub text: String,
    pub encoding: &'static str,
    pub sha256: String,
}

impl LoadedDoc {
    pub fn read(entry: &DocEntry, encoding: InputEncoding) -> Result<Self> {
        if let Some(part) = &entry.part {
            let (_, sha256, encoding) = part.file.clone().unwrap_or_default();
            let text = part.text[part.range.0..part.range.1].to_owned();
            return Ok(Self {
                text,
                encoding,
                sha256,
            });
        }
        if let Some(text) = &entry.inline_text {
            return Ok(Self {
                text: normalize(text),
                encoding: "UTF-8",
                sha256: sha256_hex(text.as_bytes()),
            });
        }
        let bytes = std::fs::read(&entry.path)
            .with_context(|| format!("cannot read {}", entry.path.display()))?;
        let sha256 = sha256_hex(&bytes);
        let (raw, encoding) = decode(&entry.path, bytes, encoding)?;
        Ok(Self {
            text: normalize(&raw),
            encoding,
            sha256,
        })
    }
}

/// Cut a large document at sentence boundaries into chunks of about `chunk_bytes`. A chunk
/// only starts where the whole-document split ends a segment (not inside a run cut by the
/// length bound), so every chunk splits into the same sentences the whole document would.
pub fn chunk_document(
    entry: &DocEntry,
    encoding: InputEncoding,
    chunk_bytes: u64,
) -> Result<Vec<DocEntry>> {
    let doc = LoadedDoc::read(entry, encoding)?;
    let text = doc.text.as_str();
    let split = split_sentences(text, MAX_SENTENCE_CHARS);
    let file = (entry.bytes, doc.sha256.clone(), doc.encoding);
    let mut cuts = vec![(0usize, 0usize, 0u32)]; // (byte, char, sentences before)
    for (k, this) in split.sentences.iter().enumerate() {
        let since = (this.byte_end - cuts.last().expect("starts with 0").0) as u64;
        // The last sentence is followed by the end of the text, not by a new chunk.
        let safe = this.ends_segment && k + 1 < split.sentences.len();
        if since >= chunk_bytes && safe {
            cuts.push((this.byte_end, this.end, k as u32 + 1));
        }
    }
    drop(split);
    let len = text.len();
    let shared = std::sync::Arc::new(doc.text);
    let ends = cuts.iter().skip(1).map(|c| c.0).chain(std::iter::once(len));
    Ok(cuts
        .iter()
        .zip(ends)
        .enumerate()
        .map(|(i, (&(start, base_char, base_sentence), end))| DocEntry {
            bytes: (end - start) as u64,
            part: Some(Part {
                text: shared.clone(),
                range: (start, end),
                base_char,
                base_sentence,
                first: i == 0,
                file: (i == 0).then(|| file.clone()),
            }),
            ..entry.clone()
        })
        .collect())
}
