//! Derived tables, descriptors and the manifest from merged totals: the same code for a
//! run and a merge of partials.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use crate::config::RunFile;
use crate::nlp::resources::Resources;
use crate::provenance::datapackage::datapackage;
use crate::provenance::manifest::PartialInfo;
use crate::provenance::manifest::{
    DATAPACKAGE, InputEntry, MANIFEST, Manifest, Timing, ToolInfo, dictionary_entries, to_json,
};
use crate::report::{REPORT, ReportInput, render};
use crate::stats::aggregate::ProvinceAcc;
use crate::stats::headlines::Headline;
use crate::stats::keyness::{cooccurrence_rows, keyness_rows};
use crate::tables::format::{TableStyle, write_rows, write_summary};
use crate::tables::rows::{SummaryRow, measure_family_rows, measure_type_rows, term_rows};
use crate::tables::schema::{schema, table_names};
use crate::tables::staging::Staging;
use crate::tables::staging::TableRecord;
use crate::util::interrupt::check_interrupted;

/// Everything the tables are computed from, for a run or a merge of partials.
pub struct Totals {
    /// Provinces in output order (corpus order).
    pub provinces: Vec<String>,
    /// Corpus position of each province's first document; merge orders provinces by it.
    pub first_index: Vec<u64>,
    pub meta_columns: Vec<String>,
    /// Carried metadata values per province, in `meta_columns` order.
    pub meta_values: Vec<Vec<String>>,
    pub accs: Vec<ProvinceAcc>,
    pub headlines: Vec<Vec<Headline>>,
    /// Input documents in corpus order.
    pub inputs: Vec<InputEntry>,
}

/// What [`finalize`] needs of the options; the same for a run and a merge.
pub struct Finish<'a> {
    pub style: TableStyle,
    pub report: bool,
    /// The options that decide the tables, recorded in the manifest.
    pub resolved: &'a RunFile,
    /// Set when writing a partial instead of tables.
    pub partial: Option<PartialInfo>,
    pub timing: Timing,
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
    let partial = finish.partial.is_some();
    let provinces = &totals.provinces;
    let accs = &totals.accs;
    let tool = ToolInfo::current();
    let dictionaries = dictionary_entries(res);
    crate::util::interrupt::test_hook("finalize");
    check_interrupted()?;
    if !partial {
        let rows = term_rows(provinces, accs);
        staging.write(&style.file_name("term_frequency"), |w| {
            write_rows(w, style, &schema("term_frequency").column_names(), &rows)
        })?;
        let summary: Vec<_> = provinces
            .iter()
            .zip(accs)
            .zip(&totals.meta_values)
            .map(|((province, acc), meta)| {
                let row = SummaryRow {
                    province,
                    documents: acc.documents,
                    characters: acc.characters,
                    sentences: acc.sentences,
                    tokens: acc.tokens,
                    content_tokens: acc.content_tokens,
                    types: acc.terms.len() as u64,
                    measure_sentences: acc.measures.coded_sentences,
                    metrics: acc.metrics,
                };
                (row, meta.clone())
            })
            .collect();
        staging.write(&style.file_name("summary"), |w| {
            write_summary(w, style, &totals.meta_columns, &summary)
        })?;
        let type_rows = measure_type_rows(provinces, accs, &res.measures);
        staging.write(&style.file_name("measure_types"), |w| {
            write_rows(
                w,
                style,
                &schema("measure_types").column_names(),
                &type_rows,
            )
        })?;
        let family_rows = measure_family_rows(provinces, accs, &res.measures);
        staging.write(&style.file_name("measure_families"), |w| {
            write_rows(
                w,
                style,
                &schema("measure_families").column_names(),
                &family_rows,
            )
        })?;
        let pair_rows = cooccurrence_rows(provinces, accs, &res.measures);
        staging.write(&style.file_name("measure_cooccurrence"), |w| {
            write_rows(
                w,
                style,
                &schema("measure_cooccurrence").column_names(),
                &pair_rows,
            )
        })?;
        let key_rows = keyness_rows(provinces, accs);
        staging.write(&style.file_name("keyness"), |w| {
            write_rows(w, style, &schema("keyness").column_names(), &key_rows)
        })?;
        let order = table_names().collect::<Vec<_>>();
        let mut tables: Vec<TableRecord> = staging.records().to_vec();
        tables.sort_by_key(|t| order.iter().position(|n| style.file_name(n) == t.file));
        let package = datapackage(style, &totals.meta_columns, &tables);
        staging.write(DATAPACKAGE, |w| {
            Ok(w.write_all(&to_json(&package)?).map(|_| 0)?)
        })?;
        check_interrupted()?;
        if finish.report {
            let html = render(&ReportInput {
                provinces,
                accs,
                dict: &res.measures,
                terms: &rows,
                keyness: &key_rows,
                headlines: &totals.headlines,
                tool: &tool,
                inputs: &totals.inputs,
                dictionaries: &dictionaries,
            });
            check_interrupted()?;
            staging.write(REPORT, |w| Ok(w.write_all(html.as_bytes()).map(|_| 0)?))?;
        }
    }
    let order = table_names().collect::<Vec<_>>();
    let is_table = |file: &str| order.iter().any(|n| style.file_name(n) == file);
    let mut tables: Vec<TableRecord> = staging
        .records()
        .iter()
        .filter(|r| is_table(&r.file))
        .cloned()
        .collect();
    tables.sort_by_key(|t| order.iter().position(|n| style.file_name(n) == t.file));
    let files: Vec<TableRecord> = staging
        .records()
        .iter()
        .filter(|r| !is_table(&r.file))
        .cloned()
        .collect();
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
