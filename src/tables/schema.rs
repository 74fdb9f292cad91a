//! One schema per table: its name, title, columns (name, type, description) and primary key.
//!
//! This is the single source of every table's columns: the row writers take their headers
//! from it, `datapackage.json` is built from it, and tests check the row structs and the
//! README against it. Grouped tables start with the grouping columns (today `province`).

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

/// One column of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    pub description: &'static str,
}

const fn col(name: &'static str, kind: ColumnType, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
    }
}

use ColumnType::{Boolean, Integer, Number, String as Str};

/// Name, title, primary key and columns of one table.
#[derive(Debug)]
pub struct TableSchema {
    pub name: &'static str,
    pub title: &'static str,
    /// Columns of the primary key (the grouping columns included where they lead).
    pub key: &'static [&'static str],
    pub columns: &'static [Column],
    /// `summary` only: the carried metadata columns follow the fixed ones.
    pub carries_metadata: bool,
}

impl TableSchema {
    /// Column names in file order (without carried metadata columns).
    pub fn column_names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }
}

const PROVINCE: Column = col(
    "province",
    Str,
    "Grouping value from metadata.csv (or the file stem)",
);
const DOC_ID: Column = col("doc_id", Str, "Document identifier");
const SENTENCE_ID: Column = col(
    "sentence_id",
    Integer,
    "1-based sentence number within the document",
);

/// Every table `run` writes, in the order they are written and listed.
pub static TABLES: &[TableSchema] = &[
    TableSchema {
        name: "term_frequency",
        title: "Content-term counts per province",
        key: &["province", "term"],
        carries_metadata: false,
        columns: &[
            PROVINCE,
            col("term", Str, "Content token as segmented"),
            col(
                "pos",
                Str,
                "Most frequent POS tag of the term in the province (ties: alphabetically first)",
            ),
            col("count", Integer, "Occurrences in the province"),
            col(
                "per_10k",
                Number,
                "count per 10,000 content tokens of the province",
            ),
            col(
                "doc_freq",
                Integer,
                "Number of provinces in which the term occurs",
            ),
            col(
                "tfidf",
                Number,
                "count x ln(N / doc_freq), N = number of provinces",
            ),
        ],
    },
    TableSchema {
        name: "summary",
        title: "One row per province",
        key: &["province"],
        carries_metadata: true,
        columns: &[
            PROVINCE,
            col("documents", Integer, "Documents of the province"),
            col(
                "characters",
                Integer,
                "Chars of the normalized text, line breaks excluded",
            ),
            col("sentences", Integer, "Sentences, headings included"),
            col(
                "tokens",
                Integer,
                "Tokens, punctuation included, whitespace excluded",
            ),
            col(
                "content_tokens",
                Integer,
                "Tokens that pass the content filter; sum of term_frequency.count",
            ),
            col(
                "types",
                Integer,
                "Distinct content terms; rows of term_frequency for the province",
            ),
            col(
                "measure_sentences",
                Integer,
                "Non-heading sentences with at least one measure type",
            ),
            col("metrics", Integer, "Rows of metrics for the province"),
        ],
    },
    TableSchema {
        name: "measures",
        title: "One row per (sentence, measure type)",
        key: &["doc_id", "sentence_id", "measure_type"],
        carries_metadata: false,
        columns: &[
            PROVINCE,
            DOC_ID,
            SENTENCE_ID,
            col("is_heading", Boolean, "True for numbered headings"),
            col("measure_type", Str, "Policy-instrument type"),
            col("family", Str, "Instrument family of the type"),
            col(
                "cues",
                Str,
                "Distinct cues that fired, joined by |, in text order",
            ),
            col("sentence", Str, "Sentence text (normalized)"),
            col(
                "start",
                Integer,
                "Char offset where the sentence starts in the normalized document",
            ),
            col(
                "end",
                Integer,
                "Char offset where the sentence ends (exclusive) in the normalized document",
            ),
        ],
    },
    TableSchema {
        name: "measure_types",
        title: "Every (province, measure type), zeros included",
        key: &["province", "measure_type"],
        carries_metadata: false,
        columns: &[
            PROVINCE,
            col("measure_type", Str, "Policy-instrument type"),
            col("label", Str, "Chinese label of the type"),
            col("family", Str, "Instrument family"),
            col(
                "sentences",
                Integer,
                "Non-heading sentences coded with the type",
            ),
            col(
                "share",
                Number,
                "sentences / non-heading sentences of the province",
            ),
            col(
                "cue_hits",
                Integer,
                "Cue firings in those sentences, repeats included",
            ),
        ],
    },
    TableSchema {
        name: "measure_families",
        title: "Every (province, family), zeros included",
        key: &["province", "family"],
        carries_metadata: false,
        columns: &[
            PROVINCE,
            col("family", Str, "Instrument family"),
            col(
                "sentences",
                Integer,
                "Non-heading sentences with any type of the family",
            ),
            col(
                "share",
                Number,
                "sentences / non-heading sentences of the province",
            ),
            col(
                "cue_hits",
                Integer,
                "Cue firings of the family's types, repeats included",
            ),
        ],
    },
    TableSchema {
        name: "measure_cooccurrence",
        title: "Every (province, pair of measure types), zeros included",
        key: &["province", "measure_type_a", "measure_type_b"],
        carries_metadata: false,
        columns: &[
            PROVINCE,
            col(
                "measure_type_a",
                Str,
                "First type of the pair (dictionary order)",
            ),
            col("measure_type_b", Str, "Second type of the pair"),
            col(
                "sentences",
                Integer,
                "Non-heading sentences coded with both types",
            ),
            col(
                "share",
                Number,
                "sentences / non-heading sentences of the province",
            ),
        ],
    },
    TableSchema {
        name: "keyness",
        title: "Each province against the rest, for terms with at least 5 occurrences",
        key: &["province", "term"],
        carries_metadata: false,
        columns: &[
            PROVINCE,
            col("term", Str, "Content term"),
            col("count_target", Integer, "Occurrences in the province"),
            col(
                "count_reference",
                Integer,
                "Occurrences in all other provinces",
            ),
            col("g2", Number, "Dunning's log-likelihood G2"),
            col(
                "p_value",
                Number,
                "p-value of G2 under chi-square with 1 degree of freedom",
            ),
            col(
                "log_ratio",
                Number,
                "log2 of the ratio of relative frequencies (zero counts as 0.5)",
            ),
            col(
                "direction",
                Str,
                "over or under: relatively more or less frequent in the province",
            ),
        ],
    },
    TableSchema {
        name: "metrics",
        title: "One row per quantity",
        key: &["doc_id", "start"],
        carries_metadata: false,
        columns: &[
            PROVINCE,
            DOC_ID,
            SENTENCE_ID,
            col("indicator", Str, "What is measured; never empty"),
            col(
                "indicator_fallback",
                Boolean,
                "True when the text named nothing clearer and the indicator is the nearest phrase",
            ),
            col(
                "value",
                Str,
                "The number as a plain decimal (thousands separators removed, sign kept) or a fraction as written (1/3); the low end of a range",
            ),
            col(
                "value_high",
                Str,
                "The high end of a range (5~8%: value 5, value_high 8); empty for one number",
            ),
            col(
                "unit",
                Str,
                "The unit as written, with any 万/亿 multiplier; empty for an index",
            ),
            col("value_std", Number, "value x the unit's factor"),
            col(
                "value_std_high",
                Number,
                "value_high x the unit's factor; empty for one number",
            ),
            col("unit_std", Str, "Canonical unit of the dimension"),
            col(
                "dimension",
                Str,
                "concentration, area, length, mass, money, rate, ratio, count, energy, power, time or other",
            ),
            col("kind", Str, "level, change, count or target"),
            col("direction", Str, "up, down or empty"),
            col("qualifier", Str, "approx, at_least, at_most or empty"),
            col(
                "period",
                Str,
                "Time the figure refers to, when the sentence gives one (2021年, 截至2022年底, 全年, 上半年)",
            ),
            col(
                "deadline",
                Str,
                "By-when phrase of a target (到2025年底, 2022年底前, 到本世纪末); empty otherwise",
            ),
            col("text", Str, "The matched span"),
            col(
                "start",
                Integer,
                "Char offset where the matched span starts in the normalized document",
            ),
            col(
                "end",
                Integer,
                "Char offset where the matched span ends (exclusive) in the normalized document",
            ),
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
    "Carried from metadata.csv: the province's distinct values joined by |";

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema is the single source of column names: the row structs must agree.
    #[test]
    fn schema_columns_match_the_row_structs() {
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
        let term = super::super::rows::TermRow {
            province: "p",
            term: "t",
            pos: "n",
            count: 1,
            per_10k: 1.0,
            doc_freq: 1,
            tfidf: 0.0,
        };
        assert_eq!(header_of(&term), schema("term_frequency").column_names());
        let mt = super::super::rows::MeasureTypeRow {
            province: "p",
            measure_type: "m",
            label: "l",
            family: "f",
            sentences: 0,
            share: 0.0,
            cue_hits: 0,
        };
        assert_eq!(header_of(&mt), schema("measure_types").column_names());
        let mf = super::super::rows::MeasureFamilyRow {
            province: "p",
            family: "f",
            sentences: 0,
            share: 0.0,
            cue_hits: 0,
        };
        assert_eq!(header_of(&mf), schema("measure_families").column_names());
        let co = crate::stats::keyness::CooccurrenceRow {
            province: "p",
            measure_type_a: "a",
            measure_type_b: "b",
            sentences: 0,
            share: 0.0,
        };
        assert_eq!(
            header_of(&co),
            schema("measure_cooccurrence").column_names()
        );
        let k = crate::stats::keyness::KeynessRow {
            province: "p",
            term: "t",
            count_target: 1,
            count_reference: 1,
            g2: 0.0,
            p_value: 1.0,
            log_ratio: 0.0,
            direction: "over",
        };
        assert_eq!(header_of(&k), schema("keyness").column_names());
        let m = super::super::rows::MeasureRow {
            province: "p",
            doc_id: "d",
            sentence_id: 1,
            is_heading: false,
            measure_type: "m",
            family: "f",
            cues: String::new(),
            sentence: "s",
            start: 0,
            end: 1,
        };
        assert_eq!(header_of(&m), schema("measures").column_names());
        let s = super::super::rows::SummaryRow {
            province: "p",
            documents: 1,
            characters: 1,
            sentences: 1,
            tokens: 1,
            content_tokens: 1,
            types: 1,
            measure_sentences: 1,
            metrics: 1,
        };
        assert_eq!(header_of(&s), schema("summary").column_names());
        let r = super::super::rows::MetricRow {
            province: "p",
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
        assert_eq!(header_of(&r), schema("metrics").column_names());
    }
}
