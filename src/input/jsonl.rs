//! JSON-lines documents on stdin (`run --stdin-jsonl`), read in batches.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::input::corpus::DocEntry;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    pub doc_id: String,
    pub province: String,
    pub text: String,
    /// Position in the whole corpus; defaults to the record's line number (0-based).
    #[serde(default)]
    pub index: Option<u64>,
}

/// Documents as JSON lines: `{"doc_id":…,"province":…,"text":…[,"index":…]}`.
pub struct StdinRecords<R> {
    pub reader: R,
    pub line: u64,
    pub provinces: Vec<String>,
    pub first_index: Vec<u64>,
    pub seen: std::collections::HashSet<String>,
    /// The index of the record before; indices must rise strictly (unique, in order).
    pub last_index: Option<u64>,
}

impl<R: BufRead> StdinRecords<R> {
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            line: 0,
            provinces: Vec::new(),
            first_index: Vec::new(),
            seen: Default::default(),
            last_index: None,
        }
    }

    pub fn next_batch(&mut self, max_docs: usize, max_bytes: u64) -> Result<Option<Vec<DocEntry>>> {
        let mut batch = Vec::new();
        let mut bytes = 0u64;
        let mut raw = Vec::new();
        while batch.len() < max_docs && bytes < max_bytes {
            raw.clear();
            if self
                .reader
                .read_until(b'\n', &mut raw)
                .with_context(|| format!("<stdin>:{}: cannot read", self.line + 1))?
                == 0
            {
                break;
            }
            self.line += 1;
            let buf = std::str::from_utf8(&raw).map_err(|e| {
                anyhow::anyhow!(
                    "<stdin>:{}: not valid UTF-8 at byte {} of the line",
                    self.line,
                    e.valid_up_to()
                )
            })?;
            if buf.trim().is_empty() {
                continue;
            }
            let r: Record = serde_json::from_str(buf).with_context(|| {
                format!(
                    "<stdin>:{}: not a record {{\"doc_id\",\"province\",\"text\"[,\"index\"]}}",
                    self.line
                )
            })?;
            if !self.seen.insert(r.doc_id.clone()) {
                bail!("<stdin>:{}: duplicate doc_id `{}`", self.line, r.doc_id);
            }
            let index = r.index.unwrap_or(self.line - 1);
            if let Some(prev) = self.last_index.filter(|&p| index <= p) {
                bail!(
                    "<stdin>:{}: index {index} after index {prev}; records must arrive in index order, each index once",
                    self.line
                );
            }
            self.last_index = Some(index);
            let province_idx = match self.provinces.iter().position(|p| *p == r.province) {
                Some(p) => {
                    self.first_index[p] = self.first_index[p].min(index);
                    p
                }
                None => {
                    self.provinces.push(r.province.clone());
                    self.first_index.push(index);
                    self.provinces.len() - 1
                }
            };
            bytes += r.text.len() as u64;
            batch.push(DocEntry {
                path: PathBuf::from(format!("<stdin>:{}", self.line)),
                rel_path: r.doc_id.clone(),
                doc_id: r.doc_id,
                province: r.province,
                title: String::new(),
                meta: Vec::new(),
                bytes: r.text.len() as u64,
                index,
                province_idx,
                inline_text: Some(r.text),
                part: None,
            });
        }
        Ok((!batch.is_empty()).then_some(batch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_records_assign_provinces_and_reject_duplicates() {
        let input = "{\"doc_id\":\"a\",\"province\":\"云南\",\"text\":\"一是加强组织领导。\"}\n\n{\"doc_id\":\"b\",\"province\":\"湖南\",\"text\":\"二是健全机制。\",\"index\":7}\n";
        let mut recs = StdinRecords::new(std::io::Cursor::new(input));
        let batch = recs.next_batch(64, 1 << 20).unwrap().unwrap();
        assert_eq!(batch.len(), 2);
        assert_eq!((batch[0].index, batch[1].index), (0, 7));
        assert_eq!(recs.provinces, ["云南", "湖南"]);
        assert!(recs.next_batch(64, 1 << 20).unwrap().is_none());
        let dup = "{\"doc_id\":\"a\",\"province\":\"x\",\"text\":\"t\"}\n{\"doc_id\":\"a\",\"province\":\"x\",\"text\":\"t\"}\n";
        let err = StdinRecords::new(std::io::Cursor::new(dup))
            .next_batch(64, 1 << 20)
            .unwrap_err()
            .to_string();
        assert!(err.contains("<stdin>:2: duplicate doc_id `a`"), "{err}");
    }
}
