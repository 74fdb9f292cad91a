//! Where documents come from, batch by batch: a corpus folder (possibly one shard of it)
//! or JSON-lines records on stdin.

use anyhow::Result;

use crate::input::corpus::{Corpus, DocEntry, InputEncoding};
use crate::input::group::GroupIndex;
use crate::run::load::chunk_document;

/// Batches are cut at this many documents or bytes, whichever comes first. The byte bound
/// keeps memory flat: a batch's analyses (sentences, rows, term maps) take about ten times
/// its text, and two batches are in flight (one analysed while the last is written).
const BATCH_DOCS: usize = 64;
const BATCH_BYTES: u64 = 2 << 20;

/// A document over half a batch (or over `--chunk-bytes`, if smaller) is cut at sentence
/// boundaries into pieces of at least [`CHUNK_PIECE`] bytes (or `--chunk-bytes`), so a batch
/// holds several pieces to analyse in parallel; results are identical.
const CHUNK_ABOVE: u64 = BATCH_BYTES / 2;
const CHUNK_PIECE: u64 = BATCH_BYTES / 8;

fn batches(entries: &[DocEntry]) -> Vec<&[DocEntry]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, e) in entries.iter().enumerate() {
        if i > start && (i - start >= BATCH_DOCS || bytes + e.bytes > BATCH_BYTES) {
            out.push(&entries[start..i]);
            start = i;
            bytes = 0;
        }
        bytes += e.bytes;
    }
    if start < entries.len() {
        out.push(&entries[start..]);
    }
    out
}

/// Where documents come from: a corpus folder (possibly one shard of it) or JSON records.
pub enum Source<R: std::io::BufRead> {
    Files {
        corpus: Corpus,
        next: usize,
        /// Chunks of a large document waiting for their batch.
        chunks: std::collections::VecDeque<DocEntry>,
        chunk_bytes: u64,
        encoding: InputEncoding,
    },
    Stdin(crate::input::jsonl::StdinRecords<R>),
}

impl<R: std::io::BufRead> Source<R> {
    pub fn total_bytes(&self) -> u64 {
        match self {
            Source::Files { corpus, .. } => corpus.total_bytes(),
            Source::Stdin(_) => 0,
        }
    }

    pub fn groups(&self) -> &GroupIndex {
        match self {
            Source::Files { corpus, .. } => &corpus.groups,
            Source::Stdin(s) => &s.groups,
        }
    }

    /// metadata.csv columns besides doc_id, province, path and title (none for records).
    pub fn meta_columns(&self) -> Vec<String> {
        match self {
            Source::Files { corpus, .. } => corpus.meta_columns.clone(),
            Source::Stdin(_) => Vec::new(),
        }
    }

    /// The metadata columns `summary.csv` carries.
    pub fn carried_columns(&self) -> Vec<String> {
        match self {
            Source::Files { corpus, .. } => corpus.carried_columns.clone(),
            Source::Stdin(_) => Vec::new(),
        }
    }

    pub fn meta_values(&self, group: usize) -> Vec<String> {
        match self {
            Source::Files { corpus, .. } => corpus.meta_values[group].clone(),
            Source::Stdin(_) => Vec::new(),
        }
    }

    /// The next batch: up to [`BATCH_DOCS`] documents or [`BATCH_BYTES`].
    pub fn next_batch(&mut self) -> Result<Option<Vec<DocEntry>>> {
        match self {
            Source::Files {
                corpus,
                next,
                chunks,
                chunk_bytes,
                encoding,
            } => {
                if !chunks.is_empty() {
                    let mut batch = Vec::new();
                    let mut bytes = 0;
                    while let Some(c) = chunks.front() {
                        if !batch.is_empty()
                            && (batch.len() >= BATCH_DOCS || bytes + c.bytes > BATCH_BYTES)
                        {
                            break;
                        }
                        bytes += c.bytes;
                        batch.extend(chunks.pop_front());
                    }
                    return Ok(Some(batch));
                }
                let rest = &corpus.entries[*next..];
                // A large document goes alone, in chunks, so it is analysed in parallel and
                // its rows are written as they come.
                let above = (*chunk_bytes).min(CHUNK_ABOVE);
                if let Some(big) = rest.first().filter(|e| e.bytes > above) {
                    let piece = (*chunk_bytes).min(CHUNK_PIECE);
                    *chunks = chunk_document(big, *encoding, piece)?.into();
                    *next += 1;
                    return self.next_batch();
                }
                let small = rest.iter().take_while(|e| e.bytes <= above).count();
                let Some(batch) = batches(&rest[..small]).into_iter().next() else {
                    return Ok(None);
                };
                *next += batch.len();
                Ok(Some(batch.to_vec()))
            }
            Source::Stdin(s) => s.next_batch(BATCH_DOCS, BATCH_BYTES),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn batches_respect_doc_and_byte_bounds() {
        let entry = |bytes| DocEntry {
            doc_id: String::new(),
            province: String::new(),
            path: PathBuf::new(),
            rel_path: String::new(),
            title: String::new(),
            meta: vec![],
            bytes,
            index: 0,
            group: vec![],
            group_idx: 0,
            inline_text: None,
            part: None,
        };
        let entries: Vec<_> = (0..130).map(|_| entry(1)).collect();
        let sizes: Vec<_> = batches(&entries).iter().map(|b| b.len()).collect();
        assert_eq!(sizes, vec![64, 64, 2]);
        let big = vec![entry(BATCH_BYTES), entry(1), entry(BATCH_BYTES)];
        let sizes: Vec<_> = batches(&big).iter().map(|b| b.len()).collect();
        assert_eq!(sizes, vec![1, 1, 1]);
    }
}
