//! Read-only resources shared by every worker: dictionaries parsed and validated once.
//!
//! Each dictionary has one parser that reports `file:line` errors, and one bundled default
//! compiled into the binary, so the tool works from any folder.

use anyhow::Result;
use rustc_hash::FxHashSet;

use crate::dict::DictPaths;
use crate::dict::DictSource;
use crate::dict::{BUNDLED_MEASURE_MODEL, BUNDLED_UNITS};
use crate::dict::{merge_stopwords, merge_user_dicts};
use crate::nlp::measure_model::{MeasureModel, ModelScratch};
use crate::nlp::metrics::Units;
use crate::nlp::segment::Segmenter;
use crate::nlp::segment::Token;
use crate::nlp::tag::{MeasureDict, MeasureHit};

/// One dictionary file a run used, for the manifest and the report.
#[derive(Debug, Clone)]
pub struct LoadedDict {
    /// user_dict, stopwords, measures or units.
    pub kind: &'static str,
    pub source: DictSource,
    pub entries: usize,
}

/// Everything the workers read, loaded and validated before any document is touched.
pub struct Resources {
    /// Unique per load, so caches never mix analyses made with other dictionaries.
    pub id: u64,
    pub segmenter: Segmenter,
    pub stopwords: FxHashSet<String>,
    /// Every word of the user dictionaries: ASCII tokens with digits (`PM2.5`) listed here
    /// are terms, others are number/unit leftovers.
    pub user_words: FxHashSet<String>,
    pub keep_single_chars: bool,
    pub measures: MeasureDict,
    /// `--measure-model`: the model, and for each of its types the index of that type in
    /// `measures`.
    pub measure_model: Option<(MeasureModel, Vec<usize>)>,
    pub units: Units,
    /// Every dictionary file used, in load order.
    pub dictionaries: Vec<LoadedDict>,
    pub warnings: Vec<String>,
}

impl Resources {
    /// The name (`bundled:<file>` or the path) of the last dictionary file of `kind`.
    pub fn source_name(&self, kind: &str) -> &str {
        self.dictionaries
            .iter()
            .rev()
            .find(|d| d.kind == kind)
            .map_or("", |d| d.source.name.as_str())
    }

    pub fn load(paths: &DictPaths) -> Result<Self> {
        let mut dictionaries = Vec::new();
        let mut record = |kind, sources: Vec<DictSource>, counts: Vec<usize>| {
            for (source, entries) in sources.into_iter().zip(counts) {
                dictionaries.push(LoadedDict {
                    kind,
                    source,
                    entries,
                });
            }
        };
        let user_sources = paths.user_dict_sources()?;
        let user = merge_user_dicts(&user_sources)?;
        let stop_sources = paths.stopword_sources()?;
        let stop = merge_stopwords(&stop_sources)?;
        let mut warnings = user.warnings;
        warnings.extend(stop.warnings);
        let segmenter = Segmenter::new(&user.value);
        let measure_sources = paths.measure_sources()?;
        let measures = MeasureDict::parse_all(&measure_sources, &segmenter)?;
        warnings.extend(measures.warnings.iter().cloned());
        let units_source = DictSource::resolve(paths.units.as_deref(), "units.csv", BUNDLED_UNITS)?;
        let units = Units::parse(&units_source)?;
        warnings.extend(units.warnings.iter().cloned());
        record("user_dict", user_sources, user.counts);
        record("stopwords", stop_sources, stop.counts);
        let cue_counts = (0..measure_sources.len())
            .map(|i| measures.cues.iter().filter(|c| c.source == i).count())
            .collect();
        record("measures", measure_sources, cue_counts);
        record("units", vec![units_source], vec![units.entries]);
        let measure_model = if paths.measure_model {
            let source = DictSource::bundled("measure_model.tsv", BUNDLED_MEASURE_MODEL);
            let model = MeasureModel::parse(&source)?;
            let map = model_type_indices(&model, &measures)?;
            record("measure_model", vec![source], vec![model.features()]);
            Some((model, map))
        } else {
            None
        };
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Ok(Self {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            units,
            measures,
            measure_model,
            segmenter,
            stopwords: stop.value,
            user_words: user.value.into_iter().map(|w| w.word).collect(),
            keep_single_chars: paths.keep_single_chars,
            dictionaries,
            warnings,
        })
    }

    /// The measure types of the loaded dictionary, in table order.
    pub fn measures_type_names(&self) -> Vec<String> {
        self.measures.types.iter().map(|t| t.name.clone()).collect()
    }
}

/// Where each of the model's types is in the measures dictionary: the model codes the six
/// default types and cannot serve a taxonomy without them.
fn model_type_indices(model: &MeasureModel, measures: &MeasureDict) -> Result<Vec<usize>> {
    model
        .types
        .iter()
        .map(|t| {
            measures.types.iter().position(|m| &m.name == t).ok_or_else(|| {
                anyhow::anyhow!(
                    "--measure-model codes the type `{t}`, which the measures dictionary does not \
                     have; the model serves the default six types only"
                )
            })
        })
        .collect()
}

thread_local! {
    static MODEL_SCRATCH: std::cell::RefCell<(ModelScratch, Vec<f64>)> =
        std::cell::RefCell::new((ModelScratch::default(), Vec::new()));
}

/// Code one sentence: the cues' hits, plus (with `--measure-model`) a hit for each type the
/// model codes and no cue did. Hits come in type order.
pub fn code_sentence(res: &Resources, text: &str, tokens: &[Token<'_>]) -> Vec<MeasureHit> {
    let mut hits = res.measures.tag(tokens);
    let Some((model, map)) = &res.measure_model else {
        return hits;
    };
    MODEL_SCRATCH.with_borrow_mut(|(scratch, probs)| {
        model.probabilities(text, scratch, probs);
        for (&p, &type_idx) in probs.iter().zip(map) {
            if p >= model.threshold && !hits.iter().any(|h| h.type_idx == type_idx) {
                hits.push(MeasureHit {
                    type_idx,
                    cues: Vec::new(),
                    cue_hits: 0,
                    model_permille: Some((p * 1000.0).round() as u16),
                });
            }
        }
    });
    hits.sort_by_key(|h| h.type_idx);
    hits
}

/// Resources with every bundled dictionary (for tests and tools).
pub fn load_bundled() -> Resources {
    Resources::load(&crate::dict::DictPaths::default()).expect("bundled dictionaries are valid")
}

/// The metrics of one sentence of `doc`, segmenting it first (for tests and tools; the
/// pipeline passes the tokens it already has to [`crate::nlp::metrics::extract`]).
pub fn extract_metrics(
    res: &Resources,
    doc: &str,
    sentence: &crate::text::sentences::Sentence,
) -> Vec<crate::nlp::metrics::Metric> {
    let mut tokens = Vec::new();
    res.segmenter.segment_sentence(doc, sentence, &mut tokens);
    crate::nlp::metrics::extract(&res.units, doc, sentence, &tokens)
}

/// Measure types coded on any sentence of `text`, sorted and distinct.
pub fn coded_types(res: &Resources, text: &str) -> Vec<String> {
    let text = crate::text::normalize::normalize(text);
    let mut out: Vec<String> = Vec::new();
    for (sentence, tokens) in res.segmenter.segment_text(&text) {
        for hit in code_sentence(res, &text[sentence.byte_start..sentence.byte_end], &tokens) {
            let name = &res.measures.types[hit.type_idx].name;
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::{BUNDLED_STOPWORDS, BUNDLED_USER_DICT, parse_stopwords, parse_user_dict};

    fn src(text: &str) -> DictSource {
        DictSource {
            name: "user.txt".into(),
            path: None,
            text: text.into(),
        }
    }

    #[test]
    fn parses_jieba_format_lines() {
        let (words, warnings) =
            parse_user_dict(&src("督察整改 nz\n# note\n\n国考断面 2000 n\n入河排污口\n")).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(words.len(), 3);
        assert_eq!(words[0].tag.as_deref(), Some("nz"));
        assert_eq!(words[1].freq, Some(2000));
        assert_eq!(words[1].line, 4);
        assert_eq!(words[2].freq, None);
    }

    #[test]
    fn malformed_line_names_file_line_and_text() {
        let err = parse_user_dict(&src("督察整改 nz\n国考断面 12x n\n")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("user.txt:2:"), "{msg}");
        assert!(msg.contains("国考断面 12x n"), "{msg}");
        assert!(msg.contains("expected `word [freq] [tag]`"), "{msg}");
    }

    #[test]
    fn duplicates_are_warnings_with_lines() {
        let (_, warnings) =
            parse_user_dict(&src("黑臭水体 n\n河湖长制 nz\n黑臭水体 nz\n")).unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("user.txt:3"), "{}", warnings[0]);
        assert!(warnings[0].contains("line 1"), "{}", warnings[0]);
    }

    #[test]
    fn bundled_dictionaries_are_valid_and_large_enough() {
        let user = DictSource::bundled("user_dict.txt", BUNDLED_USER_DICT);
        let (words, warnings) = parse_user_dict(&user).unwrap();
        assert!(words.len() >= 300, "only {} user words", words.len());
        assert!(warnings.is_empty(), "{warnings:?}");
        let stop = DictSource::bundled("stopwords.txt", BUNDLED_STOPWORDS);
        let (set, warnings) = parse_stopwords(&stop).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        for w in ["深入", "贯彻", "全面", "推进", "扎实", "切实", "的"] {
            assert!(set.contains(w), "stop word {w} missing");
        }
    }
}
