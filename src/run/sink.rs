//! The serial end of the pipeline: running totals and the streamed row tables, in
//! document order.

use std::io::Write;

use anyhow::Result;
use indicatif::ProgressBar;

use crate::input::corpus::InputRecord;
use crate::run::batch::{BatchResult, DocResult, DocTotals};
use crate::stats::aggregate::GroupAcc;
use crate::stats::headlines::{HEADLINES_PER_GROUP, Headline};
use crate::tables::format::TableStyle;
use crate::tables::staging::TableWriter;

/// A streamed row table and its row count.
pub struct RowTable {
    pub out: TableWriter,
    pub rows: u64,
}

/// The streamed row tables of a run (or the framed row files of a partial).
pub struct RowTables {
    pub measures: RowTable,
    pub metrics: RowTable,
    pub sentences: RowTable,
    pub documents: RowTable,
    /// `--dtm`: each document's term counts, always framed (`dtm.rows`).
    pub dtm: Option<RowTable>,
}

/// The serial end of the pipeline: running totals and the streamed row tables.
pub struct Sink {
    pub accs: Vec<GroupAcc>,
    pub headlines: Vec<Vec<Headline>>,
    pub inputs: Vec<InputRecord>,
    pub empty_docs: Vec<String>,
    pub long_cuts: usize,
    pub cache_hits: u64,
    pub tables: RowTables,
    /// Partial mode: each document's rows are framed as `#doc INDEX LEN\n` + bytes, so
    /// `merge` can put several partials back into corpus order.
    pub framed: bool,
    pub style: TableStyle,
    /// Measure types of the dictionary: the per-type columns of `documents.csv`.
    pub n_types: usize,
    /// The document whose chunks are still arriving: (index, label, totals).
    pub open_doc: Option<(u64, Vec<String>, DocTotals)>,
}

fn write_framed(t: &mut RowTable, framed: bool, index: u64, bytes: &[u8], rows: u64) -> Result<()> {
    if framed {
        writeln!(t.out, "#doc {index} {}", bytes.len())?;
    }
    t.out.write_all(bytes)?;
    t.rows += rows;
    Ok(())
}

impl Sink {
    /// Merge a batch's counts and write its rows, in document order.
    pub fn absorb(&mut self, batch: BatchResult, bar: &ProgressBar) -> Result<()> {
        for (g, batch_acc) in batch.accs {
            if self.accs.len() <= g {
                self.accs.resize(g + 1, GroupAcc::default());
                self.headlines.resize(g + 1, Vec::new());
            }
            self.accs[g].merge(batch_acc);
        }
        for doc in batch.docs {
            self.absorb_doc(doc, bar)?;
        }
        Ok(())
    }

    fn absorb_doc(&mut self, doc: DocResult, bar: &ProgressBar) -> Result<()> {
        if let (true, Some(input)) = (doc.empty, &doc.input) {
            self.empty_docs.push(input.path.display().to_string());
        }
        self.long_cuts += doc.long_cuts;
        self.cache_hits += doc.cache_hits;
        let (framed, r, t) = (self.framed, &doc.rows, &mut self.tables);
        write_framed(
            &mut t.measures,
            framed,
            doc.index,
            &r.measures,
            r.measure_rows,
        )?;
        write_framed(&mut t.metrics, framed, doc.index, &r.metrics, r.metric_rows)?;
        write_framed(
            &mut t.sentences,
            framed,
            doc.index,
            &r.sentences,
            r.sentence_rows,
        )?;
        if let Some(dtm) = &mut t.dtm {
            write_framed(dtm, true, doc.index, &r.dtm, 0)?;
        }
        match &mut self.open_doc {
            Some((index, _, totals)) if *index == doc.index => totals.add(&doc.totals),
            _ => {
                self.close_doc()?;
                self.open_doc = Some((doc.index, doc.label, doc.totals));
            }
        }
        if self.headlines.len() <= doc.group {
            self.headlines.resize(doc.group + 1, Vec::new());
        }
        let kept = &mut self.headlines[doc.group];
        let room = HEADLINES_PER_GROUP.saturating_sub(kept.len());
        kept.extend(doc.headlines.into_iter().take(room));
        if let Some(input) = doc.input {
            bar.inc(input.bytes);
            self.inputs.push(input);
        }
        Ok(())
    }

    /// Write the `documents.csv` row of the document whose chunks have all arrived.
    pub fn close_doc(&mut self) -> Result<()> {
        let Some((index, label, totals)) = self.open_doc.take() else {
            return Ok(());
        };
        let mut bytes = Vec::new();
        let plain = TableStyle {
            bom: false,
            ..self.style
        };
        {
            let mut w = plain.row_writer(&mut bytes);
            for v in &label {
                w.write_field(v)?;
            }
            let r = &totals.row;
            let counts = [
                r.characters,
                r.sentences,
                r.tokens,
                r.content_tokens,
                r.measure_sentences,
                r.metrics,
            ];
            let types = (0..self.n_types).map(|i| totals.types.get(i).copied().unwrap_or(0));
            for n in counts.into_iter().chain(types) {
                w.write_field(n.to_string())?;
            }
            w.write_record(None::<&[u8]>)?;
            w.flush()?;
        }
        write_framed(&mut self.tables.documents, self.framed, index, &bytes, 1)
    }
}

/// Write a table's header (and BOM) and hand the file back for raw row bytes.
pub fn header_only<H: AsRef<[u8]>>(
    style: TableStyle,
    file: TableWriter,
    header: &[H],
) -> Result<TableWriter> {
    style
        .stream_writer(file, header)?
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing header: {}", e.error()))
}
