//! Grouping: which metadata columns (`--group-by`) key the per-group tables, and the
//! interning of each document's key to a group index in first-appearance order.

use anyhow::{Result, bail};
use rustc_hash::FxHashMap;

/// `--group-by`: one or more metadata columns, or `doc` for one group per document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupBy {
    columns: Vec<String>,
}

impl Default for GroupBy {
    fn default() -> Self {
        Self {
            columns: vec!["province".to_owned()],
        }
    }
}

impl GroupBy {
    /// `province,year` → two columns; `doc` (or `doc_id`) → one group per document.
    pub fn parse(text: &str) -> Result<Self> {
        let mut columns: Vec<String> = Vec::new();
        for part in text.split(',').map(str::trim) {
            let name = if part == "doc" { "doc_id" } else { part };
            if name.is_empty() {
                bail!("--group-by `{text}`: empty column name; expected e.g. province,year or doc");
            }
            if columns.iter().any(|c| c == name) {
                bail!("--group-by `{text}`: column `{name}` given twice");
            }
            columns.push(name.to_owned());
        }
        Ok(Self { columns })
    }

    /// The grouping columns, in order (`doc` is the column `doc_id`).
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// As written in the manifest (`doc` for `doc_id`).
    pub fn text(&self) -> String {
        let names: Vec<&str> = self
            .columns
            .iter()
            .map(|c| if c == "doc_id" { "doc" } else { c.as_str() })
            .collect();
        names.join(",")
    }
}

/// Groups in first-appearance order, looked up by hash (never by scanning).
#[derive(Debug, Default, Clone)]
pub struct GroupIndex {
    pub keys: Vec<Vec<String>>,
    /// Corpus position of each group's first document.
    pub first_index: Vec<u64>,
    map: FxHashMap<Vec<String>, usize>,
}

impl GroupIndex {
    /// The index of `key`, adding it if new; `index` is the document's corpus position.
    pub fn intern(&mut self, key: &[String], index: u64) -> usize {
        if let Some(&g) = self.map.get(key) {
            self.first_index[g] = self.first_index[g].min(index);
            return g;
        }
        let g = self.keys.len();
        self.keys.push(key.to_vec());
        self.first_index.push(index);
        self.map.insert(key.to_vec(), g);
        g
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_columns_and_doc() {
        let g = GroupBy::parse("province, year").unwrap();
        assert_eq!(g.columns(), ["province", "year"]);
        assert_eq!(g.text(), "province,year");
        assert_eq!(GroupBy::parse("doc").unwrap().columns(), ["doc_id"]);
        assert!(GroupBy::parse("year,,x").is_err());
        assert!(GroupBy::parse("year,year").is_err());
    }

    #[test]
    fn interning_keeps_first_appearance_order() {
        let mut idx = GroupIndex::default();
        let k = |a: &str, b: &str| vec![a.to_owned(), b.to_owned()];
        assert_eq!(idx.intern(&k("甲", "2020"), 3), 0);
        assert_eq!(idx.intern(&k("乙", "2020"), 4), 1);
        assert_eq!(idx.intern(&k("甲", "2020"), 1), 0);
        assert_eq!(idx.first_index, [1, 4]);
    }
}
