//! Headline metrics: the first few non-count metrics per group, kept for the report.

/// Headline metrics kept per group (the first ones in corpus order).
pub const HEADLINES_PER_GROUP: usize = 10;

/// A metric kept for the report, with the sentence it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Headline {
    /// Position of the document in the corpus, to pick the first ones across shards.
    pub index: u64,
    pub doc_id: String,
    pub sentence_id: u32,
    pub indicator: String,
    pub value: String,
    pub unit: String,
    pub kind: String,
    pub direction: String,
    pub sentence: String,
}
