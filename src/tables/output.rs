//! Output tables: row structs (column order = field order), writers into any `impl Write`,
//! and a staging folder that renames every table into place only when the whole run succeeds.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::nlp::tag::MeasureDict;
use crate::stats::aggregate::{ProvinceAcc, doc_freq};
use crate::tables::schema::schema;
use crate::util::numeric::{round4, share};

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
    pub measure_sentences: u64,
    pub metrics: u64,
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

/// How tables are written: delimiter (`--format csv|tsv`) and an optional UTF-8 BOM (`--bom`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    /// Comma-separated, RFC 4180 quoting.
    #[default]
    Csv,
    /// Tab-separated, same quoting rules.
    Tsv,
}

/// Everything that decides the bytes of a table besides its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TableStyle {
    pub format: TableFormat,
    pub bom: bool,
}

impl TableStyle {
    pub fn delimiter(&self) -> u8 {
        match self.format {
            TableFormat::Csv => b',',
            TableFormat::Tsv => b'\t',
        }
    }

    pub fn extension(&self) -> &'static str {
        match self.format {
            TableFormat::Csv => "csv",
            TableFormat::Tsv => "tsv",
        }
    }

    /// `measures` → `measures.csv` (or `.tsv`).
    pub fn file_name(&self, table: &str) -> String {
        format!("{table}.{}", self.extension())
    }

    fn builder(&self, w: &mut impl Write) -> Result<csv::WriterBuilder> {
        if self.bom {
            w.write_all("\u{feff}".as_bytes())?;
        }
        let mut b = csv::WriterBuilder::new();
        b.delimiter(self.delimiter())
            .terminator(csv::Terminator::Any(b'\n'));
        Ok(b)
    }

    /// A writer whose header comes from the first serialized row.
    pub fn writer<W: Write>(&self, mut w: W) -> Result<csv::Writer<W>> {
        Ok(self.builder(&mut w)?.from_writer(w))
    }

    /// A writer for rows only: no header, no BOM.
    pub fn row_writer<W: Write>(&self, w: W) -> csv::Writer<W> {
        csv::WriterBuilder::new()
            .delimiter(self.delimiter())
            .terminator(csv::Terminator::Any(b'\n'))
            .has_headers(false)
            .from_writer(w)
    }

    /// A writer for tables streamed row by row: the header is written now, so an empty table
    /// still has one.
    pub fn stream_writer<W: Write>(&self, mut w: W, header: &[&str]) -> Result<csv::Writer<W>> {
        let mut csv = self.builder(&mut w)?.has_headers(false).from_writer(w);
        csv.write_record(header)?;
        Ok(csv)
    }
}

/// Serialize rows under `header` (the table's documented columns, so an empty table still
/// has its header) into any writer; returns the row count.
pub fn write_rows<W: Write, R: Serialize, H: AsRef<[u8]>>(
    w: W,
    style: TableStyle,
    header: &[H],
    rows: impl IntoIterator<Item = R>,
) -> Result<u64> {
    let mut csv = style.writer(w)?;
    csv.write_record(header)?;
    let mut csv = csv
        .into_inner()
        .map_err(|e| anyhow::anyhow!("{}", e.error()))?;
    let mut body = style.row_writer(&mut csv);
    let mut n = 0;
    for row in rows {
        body.serialize(row)?;
        n += 1;
    }
    body.flush()?;
    Ok(n)
}

/// `summary.csv`: the schema's columns, then the carried metadata columns. Returns the row
/// count.
pub fn write_summary<W: Write>(
    w: W,
    style: TableStyle,
    meta_columns: &[String],
    rows: &[(SummaryRow<'_>, Vec<String>)],
) -> Result<u64> {
    let mut header: Vec<&str> = schema("summary").column_names();
    header.extend(meta_columns.iter().map(String::as_str));
    let mut csv = style.stream_writer(w, &header)?;
    for (row, meta) in rows {
        let mut record = vec![
            row.province.to_owned(),
            row.documents.to_string(),
            row.characters.to_string(),
            row.sentences.to_string(),
            row.tokens.to_string(),
            row.content_tokens.to_string(),
            row.types.to_string(),
            row.measure_sentences.to_string(),
            row.metrics.to_string(),
        ];
        record.extend(meta.iter().cloned());
        csv.write_record(&record)?;
    }
    csv.flush()?;
    Ok(rows.len() as u64)
}

/// What the manifest records of each written table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TableRecord {
    pub file: String,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// A table's temporary file; hashes and counts the bytes as they are written.
pub struct TableWriter {
    name: String,
    inner: BufWriter<File>,
    hasher: sha2::Sha256,
    bytes: u64,
}

impl Write for TableWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        sha2::Digest::update(&mut self.hasher, &buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Tables are written to `DIR/.tmp-NAME` and renamed into place by [`Staging::commit`].
/// Dropping an uncommitted staging removes its temporary files and leaves `DIR` as it was.
pub struct Staging {
    dir: PathBuf,
    staged: Vec<(PathBuf, PathBuf)>,
    records: Vec<TableRecord>,
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
            records: Vec::new(),
            committed: false,
        })
    }

    /// Open a table's temporary file for streaming; close it with [`Staging::close`].
    pub fn open(&mut self, name: &str) -> Result<TableWriter> {
        let tmp = self.dir.join(format!(".tmp-{name}"));
        let file =
            File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        self.staged.push((tmp, self.dir.join(name)));
        Ok(TableWriter {
            name: name.to_owned(),
            inner: BufWriter::new(file),
            hasher: sha2::Digest::new(),
            bytes: 0,
        })
    }

    /// Flush a table and record its row count, size and hash.
    pub fn close(&mut self, mut w: TableWriter, rows: u64) -> Result<()> {
        w.flush().with_context(|| format!("writing {}", w.name))?;
        let digest = sha2::Digest::finalize(w.hasher);
        self.records.push(TableRecord {
            file: w.name,
            rows,
            bytes: w.bytes,
            sha256: crate::util::hash::hex(&digest),
        });
        Ok(())
    }

    /// Write one whole table through `fill`, which returns its row count.
    pub fn write(
        &mut self,
        name: &str,
        fill: impl FnOnce(&mut TableWriter) -> Result<u64>,
    ) -> Result<()> {
        let mut w = self.open(name)?;
        let rows = fill(&mut w).with_context(|| format!("writing {name}"))?;
        self.close(w, rows)
    }

    /// The tables closed so far, in writing order.
    pub fn records(&self) -> &[TableRecord] {
        &self.records
    }

    /// Rename every staged file into place.
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
    use crate::stats::aggregate::DocCounts;

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
            measure_sentences: 1,
            metrics: 0,
        };
        let rows = [(row, vec!["a,\"b\"".to_string()])];
        write_summary(&mut buf, TableStyle::default(), &["note".into()], &rows).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "province,documents,characters,sentences,tokens,content_tokens,types,measure_sentences,metrics,note\n\
             全国,1,10,2,5,3,3,1,0,\"a,\"\"b\"\"\"\n"
        );
        let mut tsv = Vec::new();
        let style = TableStyle {
            format: TableFormat::Tsv,
            bom: true,
        };
        write_summary(&mut tsv, style, &[], &rows[..0]).unwrap();
        assert!(tsv.starts_with("\u{feff}province\tdocuments".as_bytes()));
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
        write_rows(
            &mut derived,
            TableStyle::default(),
            &schema("measures").column_names(),
            [&row],
        )
        .unwrap();
        let mut streamed = TableStyle::default()
            .stream_writer(Vec::new(), &schema("measures").column_names())
            .unwrap();
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
            s.write("summary.csv", |w| Ok(w.write_all(b"new").map(|_| 1)?))
                .unwrap();
            // dropped without commit
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join("summary.csv")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut s = Staging::new(dir.path()).unwrap();
        s.write("summary.csv", |w| Ok(w.write_all(b"new").map(|_| 1)?))
            .unwrap();
        assert_eq!(s.records()[0].sha256, crate::util::hash::sha256_hex(b"new"));
        assert_eq!((s.records()[0].rows, s.records()[0].bytes), (1, 3));
        s.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("summary.csv")).unwrap(),
            "new"
        );
    }
}
