//! Output tables: row structs (column order = field order), writers into any `impl Write`,
//! and a staging folder that renames every table into place only when the whole run succeeds.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::aggregate::{ProvinceAcc, doc_freq};
use crate::tag::MeasureDict;

/// One row of `term_frequency.csv`. Sorted by province (corpus order), count desc, term.
#[derive(Debug, Serialize, PartialEq)]
pub struct TermRow<'a> {
    pub province: &'a str,
    pub term: &'a str,
    pub pos: &'a str,
    pub count: u64,
    pub per_10k: f64,
    pub doc_freq: u64,
    pub tfidf: f64,
}

/// One row of `summary.csv`, before the carried metadata columns.
#[derive(Debug, Serialize, PartialEq)]
pub struct SummaryRow<'a> {
    pub province: &'a str,
    pub documents: u64,
    pub characters: u64,
    pub sentences: u64,
    pub tokens: u64,
    pub content_tokens: u64,
    pub types: u64,
}

/// One row of `measures.csv`: one (sentence, measure type). Rows stream out in document
/// order, then sentence order, then measure-type order of the dictionary.
#[derive(Debug, Serialize, PartialEq)]
pub struct MeasureRow<'a> {
    pub province: &'a str,
    pub doc_id: &'a str,
    pub sentence_id: u32,
    pub is_heading: bool,
    pub measure_type: &'a str,
    pub family: &'a str,
    pub cues: String,
    pub sentence: &'a str,
    pub start: usize,
    pub end: usize,
}

/// One row of `measure_types.csv`: every (province, measure type), zeros included.
#[derive(Debug, Serialize, PartialEq)]
pub struct MeasureTypeRow<'a> {
    pub province: &'a str,
    pub measure_type: &'a str,
    pub label: &'a str,
    pub family: &'a str,
    pub sentences: u64,
    pub share: f64,
    pub cue_hits: u64,
}

/// One row of `measure_families.csv`: every (province, family), zeros included.
#[derive(Debug, Serialize, PartialEq)]
pub struct MeasureFamilyRow<'a> {
    pub province: &'a str,
    pub family: &'a str,
    pub sentences: u64,
    pub share: f64,
    pub cue_hits: u64,
}

/// One row of `metrics.csv`: one quantity. Rows stream out in document order, then
/// sentence order, then text order.
#[derive(Debug, Serialize, PartialEq)]
pub struct MetricRow<'a> {
    pub province: &'a str,
    pub doc_id: &'a str,
    pub sentence_id: u32,
    pub indicator: &'a str,
    pub value: &'a str,
    pub unit: &'a str,
    pub value_std: f64,
    pub unit_std: &'a str,
    pub dimension: &'a str,
    pub kind: &'a str,
    pub direction: &'a str,
    pub qualifier: &'a str,
    pub period: &'a str,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

pub const METRIC_COLUMNS: [&str; 16] = [
    "province",
    "doc_id",
    "sentence_id",
    "indicator",
    "value",
    "unit",
    "value_std",
    "unit_std",
    "dimension",
    "kind",
    "direction",
    "qualifier",
    "period",
    "text",
    "start",
    "end",
];

/// Header of `measures.csv`, written before the first row so an empty table still has one.
pub const MEASURE_COLUMNS: [&str; 10] = [
    "province",
    "doc_id",
    "sentence_id",
    "is_heading",
    "measure_type",
    "family",
    "cues",
    "sentence",
    "start",
    "end",
];

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        round4(part as f64 / whole as f64)
    }
}

/// Every (province, measure type) in corpus × dictionary order, with explicit zeros.
pub fn measure_type_rows<'a>(
    provinces: &'a [String],
    accs: &'a [ProvinceAcc],
    dict: &'a MeasureDict,
) -> Vec<MeasureTypeRow<'a>> {
    let mut rows = Vec::new();
    for (province, acc) in provinces.iter().zip(accs) {
        let m = &acc.measures;
        for (i, t) in dict.types.iter().enumerate() {
            let sentences = m.type_sentences.get(i).copied().unwrap_or(0);
            rows.push(MeasureTypeRow {
                province,
                measure_type: &t.name,
                label: &t.label,
                family: &t.family,
                sentences,
                share: share(sentences, m.non_heading_sentences),
                cue_hits: m.type_cue_hits.get(i).copied().unwrap_or(0),
            });
        }
    }
    rows
}

/// Every (province, family) in corpus × dictionary order, with explicit zeros.
pub fn measure_family_rows<'a>(
    provinces: &'a [String],
    accs: &'a [ProvinceAcc],
    dict: &'a MeasureDict,
) -> Vec<MeasureFamilyRow<'a>> {
    let mut rows = Vec::new();
    for (province, acc) in provinces.iter().zip(accs) {
        let m = &acc.measures;
        for (i, family) in dict.families.iter().enumerate() {
            let sentences = m.family_sentences.get(i).copied().unwrap_or(0);
            rows.push(MeasureFamilyRow {
                province,
                family,
                sentences,
                share: share(sentences, m.non_heading_sentences),
                cue_hits: m.family_cue_hits.get(i).copied().unwrap_or(0),
            });
        }
    }
    rows
}

/// Round for stable, readable CSV values; computed from integer counts only.
pub fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Build the term rows of all provinces, in the table's sort order.
pub fn term_rows<'a>(provinces: &'a [String], accs: &'a [ProvinceAcc]) -> Vec<TermRow<'a>> {
    let df = doc_freq(accs);
    let n = accs.len() as f64;
    let mut rows = Vec::new();
    for (province, acc) in provinces.iter().zip(accs) {
        let mut terms: Vec<_> = acc.terms.iter().collect();
        terms.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(b.0)));
        for (term, stats) in terms {
            let d = df[term.as_str()];
            rows.push(TermRow {
                province,
                term,
                pos: stats.top_pos(),
                count: stats.count,
                per_10k: round4(stats.count as f64 * 10_000.0 / acc.content_tokens.max(1) as f64),
                doc_freq: d,
                tfidf: round4(stats.count as f64 * (n / d as f64).ln()),
            });
        }
    }
    rows
}

/// A writer for tables streamed row by row: the caller writes the header itself, so an
/// empty table still has one.
pub fn csv_stream_writer<W: Write>(w: W, header: &[&str]) -> Result<csv::Writer<W>> {
    let mut csv = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w);
    csv.write_record(header)?;
    Ok(csv)
}

pub fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

/// Serialize rows (header from the struct) into any writer.
pub fn write_rows<W: Write, R: Serialize>(w: W, rows: impl IntoIterator<Item = R>) -> Result<()> {
    let mut csv = csv_writer(w);
    let mut wrote = false;
    for row in rows {
        csv.serialize(row)?;
        wrote = true;
    }
    anyhow::ensure!(wrote, "internal: empty table has no header");
    csv.flush()?;
    Ok(())
}

/// `summary.csv`: fixed columns, then any extra columns, then the carried metadata columns.
pub fn write_summary<W: Write>(
    w: W,
    extra_columns: &[&str],
    meta_columns: &[String],
    rows: &[(SummaryRow<'_>, Vec<String>, Vec<String>)],
) -> Result<()> {
    let mut csv = csv_writer(w);
    let mut header = vec![
        "province",
        "documents",
        "characters",
        "sentences",
        "tokens",
        "content_tokens",
        "types",
    ];
    header.extend_from_slice(extra_columns);
    header.extend(meta_columns.iter().map(String::as_str));
    csv.write_record(&header)?;
    for (row, extra, meta) in rows {
        let mut record = vec![
            row.province.to_owned(),
            row.documents.to_string(),
            row.characters.to_string(),
            row.sentences.to_string(),
            row.tokens.to_string(),
            row.content_tokens.to_string(),
            row.types.to_string(),
        ];
        record.extend(extra.iter().cloned());
        record.extend(meta.iter().cloned());
        csv.write_record(&record)?;
    }
    csv.flush()?;
    Ok(())
}

/// Tables are written to `DIR/.tmp-NAME` and renamed into place by [`Staging::commit`].
/// Dropping an uncommitted staging removes its temporary files and leaves `DIR` as it was.
pub struct Staging {
    dir: PathBuf,
    staged: Vec<(PathBuf, PathBuf)>,
    committed: bool,
}

impl Staging {
    pub fn new(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output folder {}", dir.display()))?;
        let probe = dir.join(".tmp-write-probe");
        File::create(&probe)
            .and_then(|_| std::fs::remove_file(&probe))
            .with_context(|| format!("output folder {} is not writable", dir.display()))?;
        Ok(Self {
            dir: dir.to_owned(),
            staged: Vec::new(),
            committed: false,
        })
    }

    /// Open a table's temporary file for streaming; it is renamed on [`Staging::commit`].
    pub fn open(&mut self, name: &str) -> Result<BufWriter<File>> {
        let tmp = self.dir.join(format!(".tmp-{name}"));
        let file =
            File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        self.staged.push((tmp, self.dir.join(name)));
        Ok(BufWriter::new(file))
    }

    /// Write one whole table through `fill` into its temporary file.
    pub fn write(
        &mut self,
        name: &str,
        fill: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
    ) -> Result<()> {
        let mut w = self.open(name)?;
        fill(&mut w).with_context(|| format!("writing {name}"))?;
        w.flush().with_context(|| format!("writing {name}"))?;
        Ok(())
    }

    /// Rename every staged table into place.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let mut done = Vec::new();
        for (tmp, target) in &self.staged {
            std::fs::rename(tmp, target).with_context(|| {
                format!("cannot move {} to {}", tmp.display(), target.display())
            })?;
            done.push(target.clone());
        }
        self.committed = true;
        Ok(done)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            for (tmp, _) in &self.staged {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::DocCounts;

    #[test]
    fn term_rows_compute_share_df_and_tfidf() {
        let provinces = vec!["山西省".to_string(), "辽宁省".to_string()];
        let mut a = DocCounts::default();
        for w in ["督察整改", "督察整改", "造林", "管网"] {
            a.add_term(w, "n");
        }
        let mut b = DocCounts::default();
        b.add_term("督察整改", "nz");
        let mut accs = vec![ProvinceAcc::default(), ProvinceAcc::default()];
        accs[0].add_doc(&a);
        accs[1].add_doc(&b);
        let rows = term_rows(&provinces, &accs);
        assert_eq!(rows.len(), 4);
        assert_eq!(
            (rows[0].term, rows[0].count, rows[0].doc_freq, rows[0].tfidf),
            ("督察整改", 2, 2, 0.0)
        );
        assert_eq!(rows[0].per_10k, 5000.0);
        // Ties on count sort by term: 管网 (U+7BA1) before 造林 (U+9020).
        assert_eq!(rows[1].term, "管网");
        assert_eq!(rows[1].tfidf, round4(2f64.ln()));
        assert_eq!(rows[3].province, "辽宁省");
    }

    #[test]
    fn writes_rfc4180_csv_bytes() {
        let mut buf = Vec::new();
        let row = SummaryRow {
            province: "全国",
            documents: 1,
            characters: 10,
            sentences: 2,
            tokens: 5,
            content_tokens: 3,
            types: 3,
        };
        write_summary(
            &mut buf,
            &[],
            &["note".into()],
            &[(row, vec![], vec!["a,\"b\"".into()])],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "province,documents,characters,sentences,tokens,content_tokens,types,note\n全国,1,10,2,5,3,3,\"a,\"\"b\"\"\"\n"
        );
    }

    #[test]
    fn measure_columns_match_the_row_struct() {
        let row = MeasureRow {
            province: "云南省",
            doc_id: "d",
            sentence_id: 3,
            is_heading: false,
            measure_type: "organization",
            family: "command_control",
            cues: "常委会会议|专题会议".into(),
            sentence: "召开省委常委会会议、专题会议。",
            start: 10,
            end: 25,
        };
        let mut derived = Vec::new();
        write_rows(&mut derived, [&row]).unwrap();
        let mut streamed = csv_stream_writer(Vec::new(), &MEASURE_COLUMNS).unwrap();
        streamed.serialize(&row).unwrap();
        let streamed = streamed.into_inner().unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            String::from_utf8(derived).unwrap()
        );
    }

    #[test]
    fn staging_leaves_old_tables_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("summary.csv"), "old").unwrap();
        {
            let mut s = Staging::new(dir.path()).unwrap();
            s.write("summary.csv", |w| Ok(w.write_all(b"new")?))
                .unwrap();
            // dropped without commit
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join("summary.csv")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut s = Staging::new(dir.path()).unwrap();
        s.write("summary.csv", |w| Ok(w.write_all(b"new")?))
            .unwrap();
        s.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("summary.csv")).unwrap(),
            "new"
        );
    }
}
