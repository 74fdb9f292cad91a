//! Derived tables, descriptors and the manifest from merged totals: the same code for a
//! run and a merge of partials.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::config::RunFile;
use crate::nlp::resources::Resources;
use crate::nlp::tag::MeasureDict;
use crate::provenance::datapackage::datapackage;
use crate::provenance::manifest::PartialInfo;
use crate::provenance::manifest::{
    DATAPACKAGE, InputEntry, MANIFEST, Manifest, Timing, ToolInfo, dictionary_entries, to_json,
};
use crate::report::{REPORT, ReportInput, render};
use crate::run::dtm::write_dtm;
use crate::stats::aggregate::GroupAcc;
use crate::stats::headlines::Headline;
use crate::stats::keyness::{KeynessRow, cooccurrence_rows, keyness_rows};
use crate::stats::trim::TermTrim;
use crate::tables::format::{TableStyle, write_grouped, write_summary};
use crate::tables::rows::{SummaryRow, TermRow, measure_family_rows, measure_type_rows, term_rows};
use crate::tables::schema::{SchemaContext, schema, table_names};
use crate::tables::staging::Staging;
use crate::tables::staging::{TableRecord, TableWriter};
use crate::util::interrupt::check_interrupted;

/// Everything the tables are computed from, for a run or a merge of partials.
pub struct Totals {
    /// The grouping columns (`--group-by`), in order.
    pub group_columns: Vec<String>,
    /// Each group's key values, in output order (corpus order).
    pub groups: Vec<Vec<String>>,
    /// Corpus position of each group's first document; merge orders groups by it.
    pub first_index: Vec<u64>,
    /// metadata.csv columns besides doc_id, province, path and title.
    pub meta_columns: Vec<String>,
    /// The metadata columns `summary` carries (the grouping columns left out).
    pub carried_columns: Vec<String>,
    /// Carried metadata values per group, in `carried_columns` order.
    pub meta_values: Vec<Vec<String>>,
    pub accs: Vec<GroupAcc>,
    pub headlines: Vec<Vec<Headline>>,
    /// Input documents in corpus order.
    pub inputs: Vec<InputEntry>,
}

impl Totals {
    /// What the schema's slots expand to for these totals and dictionary.
    pub fn schema_context(&self, dict: &MeasureDict) -> SchemaContext {
        SchemaContext {
            group_columns: self.group_columns.clone(),
            carried_columns: self.carried_columns.clone(),
            meta_columns: self.meta_columns.clone(),
            type_names: dict.types.iter().map(|t| t.name.clone()).collect(),
        }
    }
}

/// What [`finalize`] needs of the options; the same for a run and a merge.
pub struct Finish<'a> {
    pub style: TableStyle,
    pub report: bool,
    /// `--dtm`: write the document-term matrix, keeping terms with at least this count.
    pub dtm_min_count: Option<u64>,
    /// The options that decide the tables, recorded in the manifest.
    pub resolved: &'a RunFile,
    /// Set when writing a partial instead of tables.
    pub partial: Option<PartialInfo>,
    pub timing: Timing,
}

/// The per-group tables, derived from the merged totals. Returns the term and keyness
/// rows for the report.
fn write_group_tables<'a>(
    staging: &mut Staging,
    totals: &'a Totals,
    res: &'a Resources,
    style: TableStyle,
    ctx: &SchemaContext,
    trim: TermTrim,
) -> Result<(Vec<TermRow<'a>>, Vec<KeynessRow<'a>>)> {
    let (keys, accs, dict) = (&totals.groups, &totals.accs, &res.measures);
    let header = |t: &str| schema(t).header(ctx);
    let term_totals = TermTrim::totals(accs);
    // The two large tables are derived and written side by side (each into its own staged
    // file); the rows and bytes are the same as one after the other.
    let mut term_out = staging.open(&style.file_name("term_frequency"))?;
    let mut key_out = staging.open(&style.file_name("keyness"))?;
    let table = (style, ctx, keys.as_slice());
    let (terms, keys_written) = rayon::join(
        || {
            write_rows(
                &mut term_out,
                "term_frequency",
                table,
                term_rows(accs, trim, &term_totals),
                |r| r.group,
            )
        },
        || {
            write_rows(
                &mut key_out,
                "keyness",
                table,
                keyness_rows(accs, trim, &term_totals),
                |r| r.group,
            )
        },
    );
    let ((rows, n_terms), (key_rows, n_keys)) = (terms?, keys_written?);
    staging.close(term_out, n_terms)?;
    let summary: Vec<(SummaryRow, &[String])> = accs
        .iter()
        .zip(&totals.meta_values)
        .map(|(acc, meta)| (summary_row(acc), meta.as_slice()))
        .collect();
    staging.write(&style.file_name("summary"), |w| {
        write_summary(w, style, &header("summary"), keys, &summary)
    })?;
    let type_rows = measure_type_rows(accs, dict);
    staging.write(&style.file_name("measure_types"), |w| {
        write_grouped(w, style, &header("measure_types"), keys, &type_rows, |r| {
            r.group
        })
    })?;
    let family_rows = measure_family_rows(accs, dict);
    staging.write(&style.file_name("measure_families"), |w| {
        write_grouped(
            w,
            style,
            &header("measure_families"),
            keys,
            &family_rows,
            |r| r.group,
        )
    })?;
    let pair_rows = cooccurrence_rows(accs, dict);
    staging.write(&style.file_name("measure_cooccurrence"), |w| {
        let h = header("measure_cooccurrence");
        write_grouped(w, style, &h, keys, &pair_rows, |r| r.group)
    })?;
    staging.close(key_out, n_keys)?;
    Ok((rows, key_rows))
}

/// Write one table's derived rows to its staged file, opened beforehand (as [`Staging::write`]
/// does in one step); returns the rows and their count.
fn write_rows<R: serde::Serialize>(
    out: &mut TableWriter,
    table: &str,
    (style, ctx, keys): (TableStyle, &SchemaContext, &[Vec<String>]),
    rows: Vec<R>,
    group_of: impl Fn(&R) -> usize,
) -> Result<(Vec<R>, u64)> {
    let n = write_grouped(
        out,
        style,
        &schema(table).header(ctx),
        keys,
        &rows,
        group_of,
    )
    .with_context(|| format!("writing {}", style.file_name(table)))?;
    Ok((rows, n))
}

fn summary_row(acc: &GroupAcc) -> SummaryRow {
    SummaryRow {
        documents: acc.counts.documents,
        characters: acc.counts.characters,
        sentences: acc.counts.sentences,
        tokens: acc.counts.tokens,
        content_tokens: acc.counts.content_tokens,
        types: acc.terms.len() as u64,
        measure_sentences: acc.measures.coded_sentences,
        metrics: acc.counts.metrics,
    }
}

/// The staged tables (in schema order) and the other files, for the descriptors.
fn staged_records(staging: &Staging, style: TableStyle) -> (Vec<TableRecord>, Vec<TableRecord>) {
    let order = table_names().collect::<Vec<_>>();
    let position = |file: &str| order.iter().position(|n| style.file_name(n) == file);
    let (mut tables, files): (Vec<TableRecord>, Vec<TableRecord>) = staging
        .records()
        .iter()
        .cloned()
        .partition(|r| position(&r.file).is_some());
    tables.sort_by_key(|t| position(&t.file));
    (tables, files)
}

/// Write the derived tables, the descriptors and the manifest, then commit. In partial mode
/// only the manifest is added (the partial files are already staged).
pub fn finalize(
    mut staging: Staging,
    totals: &Totals,
    res: &Resources,
    finish: Finish,
) -> Result<Vec<PathBuf>> {
    let style = finish.style;
    let tool = ToolInfo::current();
    let dictionaries = dictionary_entries(res);
    crate::util::interrupt::test_hook("finalize");
    check_interrupted()?;
    if finish.partial.is_none() {
        let ctx = totals.schema_context(&res.measures);
        let (rows, key_rows) = write_group_tables(
            &mut staging,
            totals,
            res,
            style,
            &ctx,
            finish.resolved.trim(),
        )?;
        if let Some(min_count) = finish.dtm_min_count {
            write_dtm(&mut staging, totals, style, &ctx, min_count)?;
        }
        check_interrupted()?;
        let (tables, _) = staged_records(&staging, style);
        let package = datapackage(
            style,
            &ctx,
            &tables,
            finish.resolved.merged_shards.as_deref(),
        );
        staging.write(DATAPACKAGE, |w| {
            Ok(w.write_all(&to_json(&package)?).map(|_| 0)?)
        })?;
        check_interrupted()?;
        if finish.report {
            let html = render(&ReportInput {
                group_columns: &totals.group_columns,
                groups: &totals.groups,
                accs: &totals.accs,
                dict: &res.measures,
                terms: &rows,
                keyness: &key_rows,
                headlines: &totals.headlines,
                tool: &tool,
                inputs: &totals.inputs,
                dictionaries: &dictionaries,
                merged_shards: finish.resolved.merged_shards.as_deref(),
            });
            check_interrupted()?;
            staging.write(REPORT, |w| Ok(w.write_all(html.as_bytes()).map(|_| 0)?))?;
        }
    }
    let (tables, files) = staged_records(&staging, style);
    let manifest = Manifest {
        tool,
        config: finish.resolved.clone(),
        inputs: totals.inputs.clone(),
        dictionaries,
        tables,
        files,
        partial: finish.partial,
        timing: finish.timing,
    };
    staging.write(MANIFEST, |w| {
        Ok(w.write_all(&to_json(&manifest)?).map(|_| 0)?)
    })?;
    check_interrupted()?;
    staging.commit()
}
