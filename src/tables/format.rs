//! CSV/TSV writing: the table style (format, BOM) and writers into any `impl Write`.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::tables::rows::SummaryRow;
use crate::tables::schema::schema;

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
        if n % 1024 == 0 {
            crate::util::interrupt::check_interrupted()?;
        }
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
        crate::util::interrupt::check_interrupted()?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::rows::MeasureRow;

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
}
