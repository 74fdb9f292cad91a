//! Reading one input document into normalized text, and cutting a large one into chunks
//! that split into the same sentences as the whole.

use anyhow::Result;

use crate::input::corpus::{DocEntry, FileFacts, InputEncoding, Part};
use crate::input::document::read_document;
use crate::nlp::metrics::{PlanState, continues_chain, plan_sections};
use crate::text::normalize::normalize;
use crate::text::sentences::{MAX_SENTENCE_CHARS, split_sentences};
use crate::util::hash::sha256_hex;

/// One input document as read: normalized text, and what the manifest records of the file
/// (its hash, format and encoding, the hash of the extracted text, a title it gives itself).
pub struct LoadedDoc {
    pub text: String,
    pub file: FileFacts,
}

impl LoadedDoc {
    pub fn read(entry: &DocEntry, encoding: InputEncoding) -> Result<Self> {
        if let Some(part) = &entry.part {
            let text = part.text[part.range.0..part.range.1].to_owned();
            return Ok(Self {
                text,
                file: part.file.clone().unwrap_or_default(),
            });
        }
        if let Some(text) = &entry.inline_text {
            let sha256 = sha256_hex(text.as_bytes());
            return Ok(Self {
                text: normalize(text),
                file: FileFacts {
                    bytes: entry.bytes,
                    text_sha256: sha256.clone(),
                    sha256,
                    encoding: "UTF-8",
                    format: "txt",
                    title: None,
                },
            });
        }
        let raw = read_document(&entry.path, encoding)?;
        Ok(Self {
            text: normalize(&raw.text),
            file: FileFacts {
                bytes: entry.bytes,
                sha256: raw.sha256,
                encoding: raw.encoding,
                format: raw.format.name(),
                text_sha256: raw.text_sha256,
                title: raw.title,
            },
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
    // (byte, char, sentences before, inside a plan section)
    let mut cuts = vec![(0usize, 0usize, 0u32, PlanState::default())];
    let plans = plan_sections(
        PlanState::default(),
        split.sentences.iter().map(|s| (s.text(text), s.is_heading)),
    );
    for (k, this) in split.sentences.iter().enumerate() {
        let since = (this.byte_end - cuts.last().expect("starts with 0").0) as u64;
        // The last sentence is followed by the end of the text, not by a new chunk.
        // ... and not inside a chain of clauses cut at ； (they share a period: `PeriodChain`).
        let safe =
            this.ends_segment && k + 1 < split.sentences.len() && !continues_chain(this.text(text));
        if since >= chunk_bytes && safe {
            cuts.push((this.byte_end, this.end, k as u32 + 1, plans[k]));
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
        .map(
            |(i, (&(start, base_char, base_sentence, plan), end))| DocEntry {
                bytes: (end - start) as u64,
                part: Some(Part {
                    text: shared.clone(),
                    range: (start, end),
                    base_char,
                    base_sentence,
                    first: i == 0,
                    plan_section: plan.plan,
                    plan_part: plan.part,
                    file: (i == 0).then(|| doc.file.clone()),
                }),
                ..entry.clone()
            },
        )
        .collect())
}
