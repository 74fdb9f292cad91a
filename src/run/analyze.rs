//! The per-document function: sentences → cached analysis → counts, coded sentences and
//! metrics. No I/O and no state but the sentence cache, which never changes a result.

use crate::input::corpus::Part;
use crate::nlp::cache::with_analysis;
use crate::nlp::metrics::{Metric, PeriodChain, PlanState, as_plan, inherit_period, plan_sections};
use crate::nlp::resources::Resources;
use crate::nlp::tag::MeasureHit;
use crate::stats::aggregate::{Counters, DocCounts};
use crate::text::sentences::Sentence;
use crate::text::sentences::{MAX_SENTENCE_CHARS, split_sentences};

/// Counts of one normalized document, its row-level results, and what it needs to report.
pub struct DocOutput<'a> {
    pub counts: DocCounts<'a>,
    /// Every sentence, coded or not, in order.
    pub sentences: Vec<CodedSentence<'a>>,
    pub metrics: Vec<Metric>,
    /// The sentence text of each metric, for the report.
    pub metric_sentences: Vec<&'a str>,
    pub long_cuts: usize,
}

/// A sentence and the measure types it is coded with (possibly none).
pub struct CodedSentence<'a> {
    pub sentence: Sentence,
    pub text: &'a str,
    pub hits: Vec<MeasureHit>,
}

/// The per-document function: no I/O, and no state but the sentence cache, which never
/// changes a result. `cache` is the per-thread cache capacity (0 disables it).
pub fn process_doc<'a>(res: &'a Resources, text: &'a str, cache: usize) -> DocOutput<'a> {
    process_part(res, text, cache, None)
}

/// [`process_doc`] for one chunk of a large document: offsets and sentence ids continue
/// from `part`, and only the first chunk counts as a document.
pub fn process_part<'a>(
    res: &'a Resources,
    text: &'a str,
    cache: usize,
    part: Option<&Part>,
) -> DocOutput<'a> {
    let (base_char, base_sentence) = part.map_or((0, 0), |p| (p.base_char, p.base_sentence));
    let split = split_sentences(text, MAX_SENTENCE_CHARS);
    let mut counts = DocCounts {
        counts: Counters {
            documents: u64::from(part.is_none_or(|p| p.first)),
            characters: (bytecount::num_chars(text.as_bytes())
                - bytecount::count(text.as_bytes(), b'\n')) as u64,
            sentences: split.sentences.len() as u64,
            ..Default::default()
        },
        // About one distinct term per 40 bytes of policy text: sized once, not regrown.
        terms: rustc_hash::FxHashMap::with_capacity_and_hasher(
            (text.len() / 40).min(1 << 15),
            Default::default(),
        ),
        ..Default::default()
    };
    let mut coded = Vec::with_capacity(split.sentences.len());
    let mut metrics = Vec::new();
    let mut metric_sentences = Vec::new();
    // Document context, applied after the per-sentence analysis: a top-level plan heading
    // makes the figures after it targets (a chunk starts with the state of the chunks before).
    let plans = plan_sections(
        part.map_or(PlanState::default(), |p| PlanState {
            plan: p.plan_section,
            part: p.plan_part,
        }),
        split.sentences.iter().map(|s| (s.text(text), s.is_heading)),
    );
    // ...and the clauses of a 。-sentence cut at ； share the period heading it (chunks never
    // cut inside such a chain)
    let mut chain = PeriodChain::default();
    let mut prev_end = 0;
    for (sentence, plan) in split.sentences.into_iter().zip(plans) {
        let s_text: &'a str = sentence.text(text);
        let after_break =
            text[prev_end.min(sentence.byte_start)..sentence.byte_start].contains('\n');
        let head = chain.next(s_text, after_break);
        prev_end = sentence.byte_end;
        let (hits, cached) = with_analysis(res, s_text, cache, |a| {
            counts.counts.tokens += a.tokens.len() as u64;
            for t in a.tokens.iter().filter(|t| t.content) {
                counts.add_term(&s_text[t.byte_start as usize..t.byte_end as usize], t.pos);
            }
            metrics.extend(a.metrics.iter().map(|m| {
                let mut m = Metric {
                    sentence_id: sentence.id + base_sentence,
                    start: m.start + sentence.start + base_char,
                    end: m.end + sentence.start + base_char,
                    ..m.clone()
                };
                if plan.plan {
                    as_plan(&mut m);
                }
                if let Some(h) = &head {
                    inherit_period(&mut m, h, s_text);
                }
                m
            }));
            metric_sentences.resize(metrics.len(), s_text);
            a.hits.clone()
        });
        counts.cache_hits += u64::from(cached);
        counts
            .measures
            .add_sentence(sentence.is_heading, &hits, &res.measures);
        let sentence = Sentence {
            id: sentence.id + base_sentence,
            start: sentence.start + base_char,
            end: sentence.end + base_char,
            ..sentence
        };
        coded.push(CodedSentence {
            text: s_text,
            sentence,
            hits,
        });
    }
    counts.counts.metrics = metrics.len() as u64;
    DocOutput {
        counts,
        sentences: coded,
        metrics,
        metric_sentences,
        long_cuts: split.long_cuts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::normalize;

    #[test]
    fn process_doc_counts_add_up_on_corpus_text() {
        let res = Resources::load(&crate::dict::DictPaths::default()).unwrap();
        let text = normalize(
            "(一)加强组织领导,全面统筹部署。山西省委、省政府高度重视整改工作,第一时间成立督察整改工作领导小组。\n",
        );
        let out = process_doc(&res, &text, 0);
        assert_eq!(out.counts.counts.sentences, 2);
        let sum: u64 = out.counts.terms.values().map(|t| t.count).sum();
        assert_eq!(sum, out.counts.counts.content_tokens);
        assert!(out.counts.terms.contains_key("督察整改"));
        assert!(out.counts.terms.contains_key("工作领导小组"));
        assert!(!out.counts.terms.contains_key("全面"), "stop word counted");
        assert!(out.counts.counts.tokens > out.counts.counts.content_tokens);
    }
}
