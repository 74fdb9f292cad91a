//! JSON-lines documents on stdin (`run --stdin-jsonl`), read in batches.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::input::corpus::DocEntry;
use crate::input::group::{GroupBy, GroupIndex};

/// One record; fields besides these may carry grouping values (`"year": 2020`).
#[derive(Deserialize)]
struct Record {
    pub doc_id: String,
    pub province: String,
    pub text: String,
    /// Position in the whole corpus; defaults to the record's line number (0-based).
    #[serde(default)]
    pub index: Option<u64>,
    #[serde(default)]
    pub title: String,
    #[serde(flatten)]
    pub extra: std::collections::BTreeMap<String, serde_json::Value>,
}

impl Record {
    /// The value of a grouping column: a field of the record (strings as they are, numbers
    /// as written).
    fn column(&self, name: &str) -> Option<String> {
        match name {
            "doc_id" => Some(self.doc_id.clone()),
            "province" => Some(self.province.clone()),
            "title" => Some(self.title.clone()),
            _ => match self.extra.get(name)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Null => None,
                v => Some(v.to_string()),
            },
        }
    }
}

/// Remove leading and trailing white space without a new allocation when there is none.
fn trim_in_place(s: &mut String) {
    if s.trim().len() != s.len() {
        *s = s.trim().to_owned();
    }
}

/// Documents as JSON lines: `{"doc_id":…,"province":…,"text":…[,"index":…]}`.
pub struct StdinRecords<R> {
    pub reader: R,
    pub line: u64,
    pub group_by: GroupBy,
    pub groups: GroupIndex,
    pub seen: std::collections::HashSet<String>,
    /// The index of the record before; indices must rise strictly (unique, in order).
    pub last_index: Option<u64>,
}

impl<R: BufRead> StdinRecords<R> {
    pub fn new(reader: R, group_by: GroupBy) -> Self {
        Self {
            reader,
            line: 0,
            group_by,
            groups: GroupIndex::default(),
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
            let mut r: Record = serde_json::from_str(buf).with_context(|| {
                format!(
                    "<stdin>:{}: not a record {{\"doc_id\",\"province\",\"text\"[,\"index\"]}}",
                    self.line
                )
            })?;
            // Ids are trimmed and must not be empty, as in metadata.csv.
            trim_in_place(&mut r.doc_id);
            trim_in_place(&mut r.province);
            trim_in_place(&mut r.title);
            if r.doc_id.is_empty() || r.province.is_empty() {
                bail!(
                    "<stdin>:{}: doc_id and province must not be empty",
                    self.line
                );
            }
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
            let group = self
                .group_by
                .columns()
                .iter()
                .map(|c| {
                    let value = r.column(c).with_context(|| {
                        format!(
                            "<stdin>:{}: record has no field `{c}` (--group-by)",
                            self.line
                        )
                    })?;
                    // Trimmed and never empty, as in metadata.csv.
                    let value = value.trim();
                    if value.is_empty() {
                        bail!("<stdin>:{}: empty value in group column \"{c}\"", self.line);
                    }
                    Ok(value.to_owned())
                })
                .collect::<Result<Vec<String>>>()?;
            let group_idx = self.groups.intern(&group, index);
            bytes += r.text.len() as u64;
            batch.push(DocEntry {
                path: PathBuf::from(format!("<stdin>:{}", self.line)),
                rel_path: r.doc_id.clone(),
                doc_id: r.doc_id,
                province: r.province,
                title: r.title,
                meta: Vec::new(),
                bytes: r.text.len() as u64,
                index,
                group,
                group_idx,
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
        let mut recs = StdinRecords::new(std::io::Cursor::new(input), GroupBy::default());
        let batch = recs.next_batch(64, 1 << 20).unwrap().unwrap();
        assert_eq!(batch.len(), 2);
        assert_eq!((batch[0].index, batch[1].index), (0, 7));
        assert_eq!(recs.groups.keys, [["云南"], ["湖南"]]);
        assert!(recs.next_batch(64, 1 << 20).unwrap().is_none());
        let dup = "{\"doc_id\":\"a\",\"province\":\"x\",\"text\":\"t\"}\n{\"doc_id\":\"a\",\"province\":\"x\",\"text\":\"t\"}\n";
        let err = StdinRecords::new(std::io::Cursor::new(dup), GroupBy::default())
            .next_batch(64, 1 << 20)
            .unwrap_err()
            .to_string();
        assert!(err.contains("<stdin>:2: duplicate doc_id `a`"), "{err}");
        let years = "{\"doc_id\":\"a\",\"province\":\"x\",\"text\":\"t\",\"year\":2020}\n{\"doc_id\":\"b\",\"province\":\"x\",\"text\":\"t\",\"year\":\"2021\"}\n{\"doc_id\":\"c\",\"province\":\"x\",\"text\":\"t\"}\n";
        let mut recs = StdinRecords::new(
            std::io::Cursor::new(years),
            GroupBy::parse("province,year").unwrap(),
        );
        let err = recs.next_batch(64, 1 << 20).unwrap_err().to_string();
        assert!(
            err.contains("<stdin>:3: record has no field `year`"),
            "{err}"
        );
        assert_eq!(recs.groups.keys, [["x", "2020"], ["x", "2021"]]);
    }

    #[test]
    fn group_values_are_trimmed_and_never_empty() {
        let years = "{\"doc_id\":\"a\",\"province\":\"x\",\"text\":\"t\",\"year\":\" 2020\"}\n{\"doc_id\":\"b\",\"province\":\"x \",\"text\":\"t\",\"year\":\"2020\"}\n{\"doc_id\":\"c\",\"province\":\"x\",\"text\":\"t\",\"year\":\" \"}\n";
        let mut recs = StdinRecords::new(
            std::io::Cursor::new(years),
            GroupBy::parse("province,year").unwrap(),
        );
        let err = recs.next_batch(64, 1 << 20).unwrap_err().to_string();
        assert_eq!(err, "<stdin>:3: empty value in group column \"year\"");
        assert_eq!(recs.groups.keys, [["x", "2020"]]);
    }
}
