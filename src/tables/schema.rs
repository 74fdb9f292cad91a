//! One schema per table: its name, title, columns (name, type, description) and primary key.
//!
//! This is the single source of every table's columns: the row writers take their headers
//! from it, `datapackage.json` is built from it, and tests check the row structs and the
//! README against it. A table's columns are fixed columns plus *slots* that expand per run:
//! the grouping columns (`--group-by`), the carried metadata columns, and one column per
//! measure type of the dictionary in use.

use serde::Serialize;

/// A column's Frictionless type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    String,
    Integer,
    Number,
    Boolean,
}

/// One fixed column of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    pub description: &'static str,
}

/// One column of a table as written in a run (names from the run's grouping and dictionary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    pub description: String,
}

const fn col(name: &'static str, kind: ColumnType, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
    }
}

use ColumnType::{Boolean, Integer, Number, String as Str};

/// A place in a table's column list.
#[derive(Debug)]
pub enum Slot {
    Col(Column),
    /// The grouping columns, minus any the table already has as a fixed column.
    Group,
    /// `summary`: the carried metadata columns (each group's distinct values joined by `|`).
    Carried,
    /// `documents`, `dtm_docs`: `province`, `title` and every other metadata.csv column.
    DocMeta,
    /// `sentences`: one 0/1 column per measure type, named by the type.
    TypeFlags,
    /// `documents`: one count column per measure type, `sentences_<type>`.
    TypeCounts,
}

use Slot::{Carried, Col, DocMeta, Group, TypeCounts, TypeFlags};

/// What the slots expand to in one run.
#[derive(Debug, Clone, Default)]
pub struct SchemaContext {
    pub group_columns: Vec<String>,
    pub carried_columns: Vec<String>,
    /// metadata.csv columns besides doc_id, province, path and title.
    pub meta_columns: Vec<String>,
    pub type_names: Vec<String>,
}

/// Name, title, primary key and columns of one table.
#[derive(Debug)]
pub struct TableSchema {
    pub name: &'static str,
    pub title: &'static str,
    /// Columns of the primary key; `@group` stands for the grouping columns.
    pub key: &'static [&'static str],
    pub columns: &'static [Slot],
    /// Written only on request (`--dtm`).
    pub optional: bool,
}

/// The description of a grouping column.
fn group_description(name: &str) -> String {
    match name {
        "province" => PROVINCE_DESCRIPTION.to_owned(),
        "doc_id" => "Document identifier".to_owned(),
        _ => format!("Grouping column `{name}` from metadata.csv"),
    }
}

fn fixed(c: &Column) -> Field {
    Field {
        name: c.name.to_owned(),
        kind: c.kind,
        description: c.description.to_owned(),
    }
}

fn string_field(name: &str, description: String) -> Field {
    Field {
        name: name.to_owned(),
        kind: Str,
        description,
    }
}

impl TableSchema {
    fn has_fixed(&self, name: &str) -> bool {
        self.columns
            .iter()
            .any(|s| matches!(s, Col(c) if c.name == name))
    }

    /// Every column in file order, slots expanded for this run.
    pub fn fields(&self, ctx: &SchemaContext) -> Vec<Field> {
        let mut out = Vec::new();
        for slot in self.columns {
            match slot {
                Col(c) => out.push(fixed(c)),
                // `--group-by doc` groups by the row tables' own doc_id: not repeated.
                Group => out.extend(
                    ctx.group_columns
                        .iter()
                        .filter(|g| !(*g == "doc_id" && self.has_fixed(g)))
                        .map(|g| string_field(g, group_description(g))),
                ),
                Carried => out.extend(
                    ctx.carried_columns
                        .iter()
                        .map(|c| string_field(c, CARRIED_DESCRIPTION.to_owned())),
                ),
                DocMeta => out.extend(
                    ["province", "title"]
                        .iter()
                        .map(|c| c.to_string())
                        .chain(ctx.meta_columns.iter().cloned())
                        .map(|c| string_field(&c, format!("metadata.csv column `{c}`"))),
                ),
                TypeFlags => out.extend(ctx.type_names.iter().map(|t| Field {
                    name: t.clone(),
                    kind: Integer,
                    description: format!("1 if the sentence is coded `{t}`, else 0"),
                })),
                TypeCounts => out.extend(ctx.type_names.iter().map(|t| Field {
                    name: format!("sentences_{t}"),
                    kind: Integer,
                    description: format!("Non-heading sentences coded `{t}`"),
                })),
            }
        }
        out
    }

    /// Column names in file order, slots expanded for this run.
    pub fn header(&self, ctx: &SchemaContext) -> Vec<String> {
        self.fields(ctx).into_iter().map(|f| f.name).collect()
    }

    /// The primary key, `@group` expanded.
    pub fn primary_key(&self, ctx: &SchemaContext) -> Vec<String> {
        let mut out = Vec::new();
        for k in self.key {
            if *k == "@group" {
                out.extend(ctx.group_columns.iter().cloned());
            } else {
                out.push((*k).to_owned());
            }
        }
        out
    }

    /// The fixed column names (without slots), in file order: the row struct's fields.
    #[cfg(test)]
    pub fn fixed_names(&self) -> Vec<&'static str> {
        self.columns
            .iter()
            .filter_map(|s| match s {
                Col(c) => Some(c.name),
                _ => None,
            })
            .collect()
    }
}

/// A dictionary's type names must not collide with the columns they sit next to (the
/// type flags of sentences.csv): the type's side of [`find_column_clash`].
pub fn check_type_names(ctx: &SchemaContext) -> anyhow::Result<()> {
    match find_column_clash(ctx) {
        Some(ColumnClash { table, column }) if ctx.type_names.contains(&column) => anyhow::bail!(
            "measure type `{column}` has the name of a column of {table}.csv; rename the type in the measures dictionary"
        ),
        _ => Ok(()),
    }
}

/// A column name that two columns of one table would share this run.
#[derive(Debug, PartialEq, Eq)]
pub struct ColumnClash {
    pub table: &'static str,
    pub column: String,
}

/// The first table (in [`TABLES`] order) whose header would name a column twice: a
/// metadata column (grouping or carried) named like one of the table's own columns
/// (`period` in metrics.csv, `tokens` in summary.csv). `--group-by doc` is no clash.
pub fn find_column_clash(ctx: &SchemaContext) -> Option<ColumnClash> {
    TABLES.iter().find_map(|t| {
        let header = t.header(ctx);
        header
            .iter()
            .enumerate()
            .find(|(i, name)| header[..*i].contains(name))
            .map(|(_, name)| ColumnClash {
                table: t.name,
                column: name.clone(),
            })
    })
}

const PROVINCE_DESCRIPTION: &str = "Grouping value from metadata.csv (or the file stem)";
const DOC_ID: Column = col("doc_id", Str, "Document identifier");
const SENTENCE_ID: Column = col(
    "sentence_id",
    Integer,
    "1-based sentence number within the document",
);
const START: Column = col(
    "start",
    Integer,
    "Char offset where the sentence starts in the normalized document",
);
const END: Column = col(
    "end",
    Integer,
    "Char offset where the sentence ends (exclusive) in the normalized document",
);

/// Every table `run` writes, in the order they are written and listed.
pub static TABLES: &[TableSchema] = &[
    TableSchema {
        name: "term_frequency",
        title: "Content-term counts per group",
        key: &["@group", "term"],
        optional: false,
        columns: &[
            Group,
            Col(col("term", Str, "Content token as segmented")),
            Col(col(
                "pos",
                Str,
                "Most frequent POS tag of the term in the group (ties: alphabetically first)",
            )),
            Col(col("count", Integer, "Occurrences in the group")),
            Col(col(
                "per_10k",
                Number,
                "count per 10,000 content tokens of the group",
            )),
            Col(col(
                "doc_freq",
                Integer,
                "Number of groups in which the term occurs",
            )),
            Col(col(
                "tfidf",
                Number,
                "count x ln(N / doc_freq), N = number of groups",
            )),
        ],
    },
    TableSchema {
        name: "summary",
        title: "One row per group",
        key: &["@group"],
        optional: false,
        columns: &[
            Group,
            Col(col("documents", Integer, "Documents of the group")),
            Col(col(
                "characters",
                Integer,
                "Chars of the normalized text, line breaks excluded",
            )),
            Col(col("sentences", Integer, "Sentences, headings included")),
            Col(col(
                "tokens",
                Integer,
                "Tokens, punctuation included, whitespace excluded",
            )),
            Col(col(
                "content_tokens",
                Integer,
                "Tokens that pass the content filter; sum of term_frequency.count",
            )),
            Col(col(
                "types",
                Integer,
                "Distinct content terms; rows of term_frequency for the group",
            )),
            Col(col(
                "measure_sentences",
                Integer,
                "Non-heading sentences with at least one measure type",
            )),
            Col(col("metrics", Integer, "Rows of metrics for the group")),
            Carried,
        ],
    },
    TableSchema {
        name: "measures",
        title: "One row per (sentence, measure type)",
        key: &["doc_id", "sentence_id", "measure_type"],
        optional: false,
        columns: &[
            Group,
            Col(DOC_ID),
            Col(SENTENCE_ID),
            Col(col(
                "is_heading",
                Boolean,
                "True for numbered headings, which the group tables (measure_types.csv, …) do not count",
            )),
            Col(col("measure_type", Str, "Policy-instrument type")),
            Col(col("family", Str, "Instrument family of the type")),
            Col(col(
                "cues",
                Str,
                "Distinct cues that fired, joined by | (a context cue's alternatives by /), in text order; model:P for a type only --measure-model coded (P its probability)",
            )),
        ],
    },
    TableSchema {
        name: "measure_types",
        title: "Every (group, measure type), zeros included",
        key: &["@group", "measure_type"],
        optional: false,
        columns: &[
            Group,
            Col(col("measure_type", Str, "Policy-instrument type")),
            Col(col("label", Str, "Chinese label of the type")),
            Col(col("family", Str, "Instrument family")),
            Col(col(
                "sentences",
                Integer,
                "Non-heading sentences coded with the type",
            )),
            Col(col(
                "share",
                Number,
                "sentences / non-heading sentences of the group; empty when the group has none (0 of 0)",
            )),
            Col(col(
                "cue_hits",
                Integer,
                "Cue firings in those sentences, repeats included",
            )),
        ],
    },
    TableSchema {
        name: "measure_families",
        title: "Every (group, family), zeros included",
        key: &["@group", "family"],
        optional: false,
        columns: &[
            Group,
            Col(col("family", Str, "Instrument family")),
            Col(col(
                "sentences",
                Integer,
                "Non-heading sentences with any type of the family",
            )),
            Col(col(
                "share",
                Number,
                "sentences / non-heading sentences of the group; empty when the group has none (0 of 0)",
            )),
            Col(col(
                "cue_hits",
                Integer,
                "Cue firings of the family's types, repeats included",
            )),
        ],
    },
    TableSchema {
        name: "measure_cooccurrence",
        title: "Every (group, pair of measure types), zeros included",
        key: &["@group", "measure_type_a", "measure_type_b"],
        optional: false,
        columns: &[
            Group,
            Col(col(
                "measure_type_a",
                Str,
                "First type of the pair (dictionary order)",
            )),
            Col(col("measure_type_b", Str, "Second type of the pair")),
            Col(col(
                "sentences",
                Integer,
                "Non-heading sentences coded with both types",
            )),
            Col(col(
                "share",
                Number,
                "sentences / non-heading sentences of the group; empty when the group has none (0 of 0)",
            )),
        ],
    },
    TableSchema {
        name: "keyness",
        title: "Each group against all other groups: terms with at least 5 occurrences that occur in the group, plus the most under-used absent ones; no rows for a group with no content tokens, and none at all with a single group",
        key: &["@group", "term"],
        optional: false,
        columns: &[
            Group,
            Col(col("term", Str, "Content term")),
            Col(col("count_target", Integer, "Occurrences in the group")),
            Col(col(
                "count_reference",
                Integer,
                "Occurrences in all other groups",
            )),
            Col(col("g2", Number, "Dunning's log-likelihood G2")),
            Col(col(
                "p_value",
                Number,
                "p-value of G2 under chi-square with 1 degree of freedom",
            )),
            Col(col(
                "log_ratio",
                Number,
                "log2 of the ratio of relative frequencies (zero counts as 0.5)",
            )),
            Col(col(
                "direction",
                Str,
                "over when log_ratio is positive (relatively more frequent in the group), else under",
            )),
        ],
    },
    TableSchema {
        name: "metrics",
        title: "One row per quantity",
        key: &["doc_id", "start"],
        optional: false,
        columns: &[
            Group,
            Col(DOC_ID),
            Col(SENTENCE_ID),
            Col(col("indicator", Str, "What is measured; never empty")),
            Col(col(
                "indicator_fallback",
                Boolean,
                "True when the text named nothing clearer and the indicator is the nearest phrase",
            )),
            Col(col(
                "value",
                Str,
                "The number as a plain decimal (thousands separators removed, sign kept) or a fraction as written (1/3); the low end of a range",
            )),
            Col(col(
                "value_high",
                Str,
                "The high end of a range (5~8%: value 5, value_high 8); empty for one number",
            )),
            Col(col(
                "unit",
                Str,
                "The unit as written, with any 万/亿 multiplier; empty for an index",
            )),
            Col(col("value_std", Number, "value x the unit's factor")),
            Col(col(
                "value_std_high",
                Number,
                "value_high x the unit's factor; empty for one number",
            )),
            Col(col("unit_std", Str, "Canonical unit of the dimension")),
            Col(col(
                "dimension",
                Str,
                "concentration, area, length, mass, money, rate (per time: 吨/日, 元/月), price (money per thing: 元/吨, 元/人), ratio, count, energy, power, time or other",
            )),
            Col(col("kind", Str, "level, change, count or target")),
            Col(col("direction", Str, "up, down or empty")),
            Col(col("qualifier", Str, "approx, at_least, at_most or empty")),
            Col(col(
                "period",
                Str,
                "Time the figure refers to, when the sentence gives one (2021年, 截至2022年底, 全年, 上半年, 五年, 目前)",
            )),
            Col(col(
                "deadline",
                Str,
                "By-when phrase of a target (到2025年底, 2022年底前, 到本世纪末, 三年内); empty otherwise",
            )),
            Col(col("text", Str, "The matched span")),
            Col(col(
                "start",
                Integer,
                "Char offset where the matched span starts in the normalized document",
            )),
            Col(col(
                "end",
                Integer,
                "Char offset where the matched span ends (exclusive) in the normalized document",
            )),
        ],
    },
    TableSchema {
        name: "sentences",
        title: "One row per sentence, one 0/1 column per measure type",
        key: &["doc_id", "sentence_id"],
        optional: false,
        columns: &[
            Group,
            Col(DOC_ID),
            Col(SENTENCE_ID),
            Col(START),
            Col(END),
            Col(col("is_heading", Boolean, "True for numbered headings")),
            Col(col("text", Str, "Sentence text (normalized)")),
            TypeFlags,
        ],
    },
    TableSchema {
        name: "documents",
        title: "One row per document",
        key: &["doc_id"],
        optional: false,
        columns: &[
            Col(DOC_ID),
            DocMeta,
            Col(col(
                "characters",
                Integer,
                "Chars of the normalized text, line breaks excluded",
            )),
            Col(col("sentences", Integer, "Sentences, headings included")),
            Col(col(
                "tokens",
                Integer,
                "Tokens, punctuation included, whitespace excluded",
            )),
            Col(col(
                "content_tokens",
                Integer,
                "Tokens that pass the content filter",
            )),
            Col(col(
                "measure_sentences",
                Integer,
                "Non-heading sentences with at least one measure type",
            )),
            Col(col("metrics", Integer, "Rows of metrics for the document")),
            TypeCounts,
        ],
    },
    TableSchema {
        name: "dtm_terms",
        title: "Columns of dtm.mtx: one row per term",
        key: &["column"],
        optional: true,
        columns: &[
            Col(col("column", Integer, "1-based column number in dtm.mtx")),
            Col(col("term", Str, "Content term")),
            Col(col(
                "count",
                Integer,
                "Occurrences in the corpus (the column sum)",
            )),
            Col(col(
                "documents",
                Integer,
                "Documents in which the term occurs (non-zero entries of the column)",
            )),
        ],
    },
    TableSchema {
        name: "dtm_docs",
        title: "Rows of dtm.mtx: one row per document",
        key: &["row"],
        optional: true,
        columns: &[
            Col(col("row", Integer, "1-based row number in dtm.mtx")),
            Col(DOC_ID),
            DocMeta,
        ],
    },
];

/// The schema of a table `run` writes. Panics on an unknown name: table names are constants.
pub fn schema(name: &str) -> &'static TableSchema {
    TABLES
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no table named {name}"))
}

/// The table names `run` writes, in order (without extension).
pub fn table_names() -> impl Iterator<Item = &'static str> {
    TABLES.iter().map(|t| t.name)
}

/// The description carried metadata columns get in `summary`.
pub const CARRIED_DESCRIPTION: &str =
    "Carried from metadata.csv: the group's distinct values joined by |";

#[cfg(test)]
mod tests {
    use super::*;

    fn header_of<R: serde::Serialize>(row: R) -> Vec<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(row).unwrap();
        let bytes = w.into_inner().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        text.lines()
            .next()
            .unwrap()
            .split(',')
            .map(str::to_owned)
            .collect()
    }

    /// The schema is the single source of column names: the row structs (which hold the
    /// fixed columns; slots are written around them) must agree.
    #[test]
    fn schema_columns_match_the_row_structs() {
        use super::super::rows::*;
        let fixed = |t: &str| schema(t).fixed_names();
        let term = TermRow {
            group: 0,
            term: "t",
            pos: "n",
            count: 1,
            per_10k: 1.0,
            doc_freq: 1,
            tfidf: 0.0,
        };
        assert_eq!(header_of(&term), fixed("term_frequency"));
        let mt = MeasureTypeRow {
            group: 0,
            measure_type: "m",
            label: "l",
            family: "f",
            sentences: 0,
            share: Some(0.0),
            cue_hits: 0,
        };
        assert_eq!(header_of(&mt), fixed("measure_types"));
        let mf = MeasureFamilyRow {
            group: 0,
            family: "f",
            sentences: 0,
            share: Some(0.0),
            cue_hits: 0,
        };
        assert_eq!(header_of(&mf), fixed("measure_families"));
        let m = MeasureRow {
            doc_id: "d",
            sentence_id: 1,
            is_heading: false,
            measure_type: "m",
            family: "f",
            cues: String::new(),
        };
        assert_eq!(header_of(&m), fixed("measures"));
        let s = SummaryRow::default();
        assert_eq!(header_of(&s), fixed("summary"));
        let sentence = SentenceRow {
            doc_id: "d",
            sentence_id: 1,
            start: 0,
            end: 1,
            is_heading: false,
            text: "t",
        };
        assert_eq!(header_of(&sentence), fixed("sentences"));
        let mut doc = vec!["doc_id".to_string()];
        doc.extend(header_of(DocumentRow::default()));
        assert_eq!(doc, fixed("documents"));
    }

    #[test]
    fn stats_and_metric_rows_match_the_schema() {
        let co = crate::stats::keyness::CooccurrenceRow {
            group: 0,
            measure_type_a: "a",
            measure_type_b: "b",
            sentences: 0,
            share: Some(0.0),
        };
        assert_eq!(header_of(&co), schema("measure_cooccurrence").fixed_names());
        let k = crate::stats::keyness::KeynessRow {
            group: 0,
            term: "t",
            count_target: 1,
            count_reference: 1,
            g2: 0.0,
            p_value: 1.0,
            log_ratio: 0.0,
            direction: "over",
        };
        assert_eq!(header_of(&k), schema("keyness").fixed_names());
        let r = super::super::rows::MetricRow {
            doc_id: "d",
            sentence_id: 1,
            indicator: "i",
            indicator_fallback: false,
            value: "1",
            value_high: "",
            unit: "u",
            value_std: 1.0,
            value_std_high: None,
            unit_std: "u",
            dimension: "d",
            kind: "level",
            direction: "",
            qualifier: "",
            period: "",
            deadline: "",
            text: "t",
            start: 0,
            end: 1,
        };
        assert_eq!(header_of(&r), schema("metrics").fixed_names());
    }

    #[test]
    fn slots_expand_for_the_grouping_and_dictionary() {
        let ctx = SchemaContext {
            group_columns: vec!["doc_id".into()],
            carried_columns: vec![],
            meta_columns: vec!["year".into()],
            type_names: vec!["organization".into(), "economic".into()],
        };
        // doc_id groups: the row tables do not repeat it.
        assert_eq!(
            schema("measures").header(&ctx)[..2],
            ["doc_id", "sentence_id"]
        );
        assert_eq!(schema("summary").primary_key(&ctx), ["doc_id"]);
        let docs = schema("documents").header(&ctx);
        assert_eq!(docs[..4], ["doc_id", "province", "title", "year"]);
        assert_eq!(docs.last().unwrap(), "sentences_economic");
        let bad = SchemaContext {
            type_names: vec!["text".into()],
            ..ctx
        };
        assert!(check_type_names(&bad).is_err());
    }

    /// The text that documents a table in README.md: its `### `NAME.csv`` section (the
    /// column table), or for the matrix labels the bullet that lists them.
    fn readme_section<'a>(readme: &'a str, name: &str) -> Option<&'a str> {
        let file = format!("`{name}.csv`");
        if let Some(start) = readme
            .lines()
            .position(|l| l.starts_with("### ") && l.contains(&file))
        {
            let lines: Vec<&str> = readme.lines().collect();
            let from: usize = lines[..start].iter().map(|l| l.len() + 1).sum();
            let len = lines[start + 1..]
                .iter()
                .position(|l| l.starts_with("## ") || l.starts_with("### "))
                .map_or(readme.len() - from, |k| {
                    lines[start..start + 1 + k]
                        .iter()
                        .map(|l| l.len() + 1)
                        .sum()
                });
            return Some(&readme[from..from + len]);
        }
        let bullet = readme.find(&format!("- {file}:"))?;
        let end = ["\n- ", "\n\n"]
            .iter()
            .filter_map(|stop| readme[bullet + 2..].find(stop))
            .min()
            .map_or(readme.len(), |k| bullet + 2 + k);
        Some(&readme[bullet..end])
    }

    /// Backticked names in the first cell of a README column table.
    fn documented_columns(section: &str) -> Vec<String> {
        section
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| column"))
            .filter_map(|l| l.split('|').nth(1))
            .flat_map(|cell| cell.split('`').skip(1).step_by(2).map(str::to_owned))
            .collect()
    }

    /// The columns of a bundled run (`--group-by province`, the bundled corpus's metadata
    /// columns, the bundled dictionary's types): what the README's R and Stata lines read.
    fn bundled_context() -> SchemaContext {
        let meta =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/metadata.csv"))
                .unwrap();
        let header = meta.lines().next().unwrap().trim_start_matches('\u{feff}');
        let extra: Vec<String> = header
            .split(',')
            .filter(|c| !["doc_id", "province", "path", "title"].contains(c))
            .map(str::to_owned)
            .collect();
        SchemaContext {
            group_columns: vec!["province".into()],
            carried_columns: extra.clone(),
            meta_columns: extra,
            type_names: crate::nlp::resources::load_bundled().measures_type_names(),
        }
    }

    /// readr's compact `col_types` for a table: `c` string, `i` integer, `n` number,
    /// `l` logical.
    fn r_col_types(fields: &[Field]) -> String {
        fields
            .iter()
            .map(|f| match f.kind {
                Str => 'c',
                Integer => 'i',
                Number => 'n',
                Boolean => 'l',
            })
            .collect()
    }

    /// Stata's `stringcols` list: 1-based positions of the string columns, runs of three or
    /// more written `a/b`.
    fn stata_stringcols(fields: &[Field]) -> String {
        let cols: Vec<usize> = (1..=fields.len())
            .filter(|&i| fields[i - 1].kind == Str)
            .collect();
        let mut parts = Vec::new();
        let mut i = 0;
        while i < cols.len() {
            let mut j = i;
            while j + 1 < cols.len() && cols[j + 1] == cols[j] + 1 {
                j += 1;
            }
            if j - i >= 2 {
                parts.push(format!("{}/{}", cols[i], cols[j]));
            } else {
                parts.extend(cols[i..=j].iter().map(usize::to_string));
            }
            i = j + 1;
        }
        parts.join(" ")
    }

    /// The README's R (`col_types`) and Stata (`stringcols`) lines read every table that a
    /// run always writes with the types of the schema, and the README says how many tables
    /// that is and lists each.
    #[test]
    fn readme_r_and_stata_lines_match_the_schema() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let ctx = bundled_context();
        let always: Vec<&TableSchema> = TABLES.iter().filter(|t| !t.optional).collect();
        for table in &always {
            let fields = table.fields(&ctx);
            let r = format!(
                "read_csv(\"out/{}.csv\", col_types = \"{}\")",
                table.name,
                r_col_types(&fields)
            );
            assert!(readme.contains(&r), "README lacks the R line `{r}`");
            let stata = format!(
                "import delimited using \"out/{}.csv\", encoding(\"utf-8\") varnames(1) stringcols({}) clear",
                table.name,
                stata_stringcols(&fields)
            );
            assert!(
                readme.contains(&stata),
                "README lacks the Stata line `{stata}`"
            );
            let listed = format!("| `{}.csv`", table.name);
            let in_what_you_get = readme
                .lines()
                .filter(|l| l.starts_with("| `"))
                .any(|l| l.starts_with(&listed) || l.contains(&format!(", `{}.csv`", table.name)));
            assert!(
                in_what_you_get,
                "README's table list lacks {}.csv",
                table.name
            );
        }
        // Every R/Stata line names a table the schema has.
        for line in readme.lines() {
            for prefix in ["read_csv(\"out/", "import delimited using \"out/"] {
                if let Some(rest) = line.split(prefix).nth(1) {
                    let name = rest.split(".csv").next().unwrap();
                    assert!(
                        TABLES.iter().any(|t| t.name == name),
                        "README reads out/{name}.csv, which is no table"
                    );
                }
            }
        }
        let words = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve",
        ];
        let count = format!("writes {} tables", words[always.len()]);
        assert!(readme.contains(&count), "README should say `{count}`");
    }

    #[test]
    fn stata_ranges_and_r_letters() {
        let f = |kind| Field {
            name: String::new(),
            kind,
            description: String::new(),
        };
        let fields: Vec<Field> = [Str, Str, Integer, Str, Str, Str, Boolean, Number, Str]
            .into_iter()
            .map(f)
            .collect();
        assert_eq!(stata_stringcols(&fields), "1 2 4/6 9");
        assert_eq!(r_col_types(&fields), "ccicccln c".replace(' ', ""));
    }

    /// The README documents exactly the schema's columns: every fixed column of every table
    /// is listed where the table is described, and a column table lists no column that the
    /// tables described there do not have (placeholders for grouping, metadata and type
    /// columns aside).
    #[test]
    fn readme_lists_exactly_the_schema_columns() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let placeholders = [
            "province",
            "title",
            "organization",
            "regulation",
            "sentences_<type>",
        ];
        for table in TABLES {
            let section = readme_section(&readme, table.name)
                .unwrap_or_else(|| panic!("README does not describe {}.csv", table.name));
            for name in table.fixed_names() {
                assert!(
                    section.contains(&format!("`{name}`")),
                    "README's {}.csv section does not list column `{name}`",
                    table.name
                );
            }
            let here: Vec<&str> = TABLES
                .iter()
                .filter(|t| readme_section(&readme, t.name) == Some(section))
                .flat_map(|t| t.fixed_names())
                .collect();
            for doc in documented_columns(section) {
                assert!(
                    here.contains(&doc.as_str()) || placeholders.contains(&doc.as_str()),
                    "README's {}.csv section lists `{doc}`, which the schema does not have",
                    table.name
                );
            }
        }
    }
}
