//! CSV/TSV writing: the table style (format, BOM) and writers into any `impl Write`.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::tables::rows::SummaryRow;

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
    pub fn stream_writer<W: Write, H: AsRef<[u8]>>(
        &self,
        mut w: W,
        header: &[H],
    ) -> Result<csv::Writer<W>> {
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
        if n % 1024 == 0 {
            crate::util::interrupt::check_interrupted()?;
        }
        body.serialize(row)?;
        n += 1;
    }
    body.flush()?;
    Ok(n)
}

/// Write a group's key values as the first fields of the current record.
pub fn write_key<W: Write>(csv: &mut csv::Writer<W>, key: &[String]) -> csv::Result<()> {
    for v in key {
        csv.write_field(v)?;
    }
    Ok(())
}

/// Serialize rows, each after its group's key columns, under `header`; returns the row count.
pub fn write_grouped<W: Write, R: Serialize>(
    w: W,
    style: TableStyle,
    header: &[String],
    keys: &[Vec<String>],
    rows: &[R],
    group_of: impl Fn(&R) -> usize,
) -> Result<u64> {
    let mut csv = style.stream_writer(w, header)?;
    for row in rows {
        write_key(&mut csv, &keys[group_of(row)])?;
        csv.serialize(row)?;
    }
    csv.flush()?;
    Ok(rows.len() as u64)
}

/// `summary.csv`: the group's key, the counts, then the carried metadata values. Returns the
/// row count.
pub fn write_summary<W: Write>(
    w: W,
    style: TableStyle,
    header: &[String],
    keys: &[Vec<String>],
    rows: &[(SummaryRow, &[String])],
) -> Result<u64> {
    let mut csv = style.stream_writer(w, header)?;
    for ((row, meta), key) in rows.iter().zip(keys) {
        crate::util::interrupt::check_interrupted()?;
        write_key(&mut csv, key)?;
        for n in [
            row.documents,
            row.characters,
            row.sentences,
            row.tokens,
            row.content_tokens,
            row.types,
            row.measure_sentences,
            row.metrics,
        ] {
            csv.write_field(n.to_string())?;
        }
        for v in meta.iter() {
            csv.write_field(v)?;
        }
        csv.write_record(None::<&[u8]>)?;
    }
    csv.flush()?;
    Ok(rows.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::rows::MeasureRow;

    #[test]
    fn writes_rfc4180_csv_bytes() {
        let mut buf = Vec::new();
        let row = SummaryRow {
            documents: 1,
            characters: 10,
            sentences: 2,
            tokens: 5,
            content_tokens: 3,
            types: 3,
            measure_sentences: 1,
            metrics: 0,
        };
        let meta = vec!["a,\"b\"".to_string()];
        let rows = [(row, meta.as_slice())];
        let mut header: Vec<String> = vec!["province".into()];
        header.extend(
            "documents,characters,sentences,tokens,content_tokens,types,measure_sentences,metrics,note"
                .split(',')
                .map(String::from),
        );
        let keys = vec![vec!["全国".to_string()]];
        write_summary(&mut buf, TableStyle::default(), &header, &keys, &rows).unwrap();
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
        write_summary(&mut tsv, style, &header, &keys, &rows[..0]).unwrap();
        assert!(tsv.starts_with("\u{feff}province\tdocuments".as_bytes()));
    }

    #[test]
    fn key_fields_lead_a_serialized_row() {
        let row = MeasureRow {
            doc_id: "d",
            sentence_id: 3,
            is_heading: false,
            measure_type: "organization",
            family: "command_control",
            cues: "常委会会议|专题会议".into(),
        };
        let mut w = TableStyle::default().row_writer(Vec::new());
        write_key(&mut w, &["云南省".to_string(), "2020".to_string()]).unwrap();
        w.serialize(&row).unwrap();
        let bytes = w.into_inner().unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "云南省,2020,d,3,false,organization,command_control,常委会会议|专题会议\n"
        );
    }
}
