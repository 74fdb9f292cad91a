//! The serial end of the pipeline: running totals and the streamed row tables, in
//! document order.

use std::io::Write;

use anyhow::Result;
use indicatif::ProgressBar;

use crate::input::corpus::InputRecord;
use crate::run::batch::BatchResult;
use crate::stats::aggregate::GroupAcc;
use crate::stats::headlines::{HEADLINES_PER_GROUP, Headline};
use crate::tables::format::TableStyle;
use crate::tables::staging::TableWriter;

/// The serial end of the pipeline: running totals and the streamed row tables.
pub struct Sink {
    pub accs: Vec<GroupAcc>,
    pub headlines: Vec<Vec<Headline>>,
    pub inputs: Vec<InputRecord>,
    pub empty_docs: Vec<String>,
    pub long_cuts: usize,
    pub cache_hits: u64,
    pub measure_rows: u64,
    pub metric_rows: u64,
    pub measures: TableWriter,
    pub metrics: TableWriter,
    /// Partial mode: each document's rows are framed as `#doc INDEX LEN\n` + bytes, so
    /// `merge` can put several partials back into corpus order.
    pub framed: bool,
}

impl Sink {
    /// Merge a batch's counts and write its rows, in document order.
    pub fn absorb(&mut self, batch: BatchResult, bar: &ProgressBar) -> Result<()> {
        if self.accs.len() < batch.accs.len() {
            self.accs.resize(batch.accs.len(), GroupAcc::default());
            self.headlines.resize(batch.accs.len(), Vec::new());
        }
        for (acc, batch_acc) in self.accs.iter_mut().zip(batch.accs) {
            acc.merge(batch_acc);
        }
        for doc in batch.docs {
            if let (true, Some(input)) = (doc.empty, &doc.input) {
                self.empty_docs.push(input.path.display().to_string());
            }
            self.long_cuts += doc.long_cuts;
            self.cache_hits += doc.cache_hits;
            self.measure_rows += doc.measure_rows;
            self.metric_rows += doc.metric_rows;
            for (out, bytes) in [
                (&mut self.measures, &doc.measures),
                (&mut self.metrics, &doc.metrics),
            ] {
                if self.framed {
                    writeln!(out, "#doc {} {}", doc.index, bytes.len())?;
                }
                out.write_all(bytes)?;
            }
            let kept = &mut self.headlines[doc.province];
            let room = HEADLINES_PER_GROUP.saturating_sub(kept.len());
            kept.extend(doc.headlines.into_iter().take(room));
            if let Some(input) = doc.input {
                bar.inc(input.bytes);
                self.inputs.push(input);
            }
        }
        Ok(())
    }
}

/// Write a table's header (and BOM) and hand the file back for raw row bytes.
pub fn header_only(style: TableStyle, file: TableWriter, header: &[&str]) -> Result<TableWriter> {
    style
        .stream_writer(file, header)?
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing header: {}", e.error()))
}
