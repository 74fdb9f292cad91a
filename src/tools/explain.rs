//! `policy-mine explain`: why a sentence is coded as it is, and where each field of its
//! metrics came from (the rule, the word, the dictionary line).

use std::io::Write;

use anyhow::Result;

use crate::nlp::filter::ContentFilter;
use crate::nlp::resources::Resources;
use crate::text::normalize::normalize;

/// Print, per sentence: the tokens, the content terms, each cue that fired with its type,
/// the coding, and every quantity with the rule behind each field.
pub fn explain(res: &Resources, text: &str, w: &mut impl Write) -> Result<()> {
    let text = normalize(text);
    let filter = ContentFilter {
        stopwords: &res.stopwords,
        user_words: &res.user_words,
        keep_single_chars: res.keep_single_chars,
    };
    for (sentence, tokens) in res.segmenter.segment_text(&text) {
        let heading = if sentence.is_heading {
            " (heading)"
        } else {
            ""
        };
        writeln!(
            w,
            "sentence {}{heading}: {}",
            sentence.id,
            sentence.text(&text)
        )?;
        let shown: Vec<String> = tokens
            .iter()
            .map(|t| format!("{}/{}", t.word, t.pos))
            .collect();
        writeln!(w, "  tokens: {}", shown.join(" "))?;
        let content: Vec<&str> = tokens
            .iter()
            .filter(|t| filter.is_content(t.word, t.pos))
            .map(|t| t.word)
            .collect();
        writeln!(w, "  terms:  {}", none_if_empty(&content.join(" ")))?;
        explain_cues(res, sentence.text(&text), &tokens, w)?;
        explain_metrics(res, &text, &sentence, w)?;
    }
    Ok(())
}

fn none_if_empty(s: &str) -> &str {
    if s.is_empty() { "(none)" } else { s }
}

fn explain_cues(
    res: &Resources,
    sentence: &str,
    tokens: &[crate::nlp::segment::Token<'_>],
    w: &mut impl Write,
) -> Result<()> {
    let dict = &res.measures;
    let hits = crate::nlp::resources::code_sentence(res, sentence, tokens);
    if hits.is_empty() {
        writeln!(w, "  cues:   (none)")?;
        writeln!(w, "  types:  (none)")?;
        return Ok(());
    }
    for hit in &hits {
        for &cue in &hit.cues {
            let c = &dict.cues[cue];
            let kind = c.kind.name();
            writeln!(
                w,
                "  cue:    {} ({kind}, {}:{}) -> {}",
                c.pattern, dict.sources[c.source], c.line, dict.types[hit.type_idx].name
            )?;
        }
        if let Some(p) = hit.model_probability() {
            writeln!(
                w,
                "  model:  probability {p:.3} (bundled:measure_model.tsv) -> {}",
                dict.types[hit.type_idx].name
            )?;
        }
    }
    let types: Vec<String> = hits
        .iter()
        .map(|h| {
            let t = &dict.types[h.type_idx];
            format!("{} ({}, {})", t.name, t.label, t.family)
        })
        .collect();
    writeln!(w, "  types:  {}", types.join(", "))?;
    Ok(())
}

/// Each quantity of the sentence, one field a line with the rule that set it.
pub(crate) fn explain_metrics(
    res: &Resources,
    text: &str,
    sentence: &crate::text::sentences::Sentence,
    w: &mut impl Write,
) -> Result<()> {
    let metrics = crate::nlp::resources::extract_metrics(res, text, sentence);
    if metrics.is_empty() {
        writeln!(w, "  metrics: (none)")?;
        return Ok(());
    }
    let units = res.source_name("units");
    for m in &metrics {
        explain_metric(m, units, w)?;
    }
    Ok(())
}

/// One quantity, one field a line with the rule that set it.
fn explain_metric(m: &crate::nlp::metrics::Metric, units: &str, w: &mut impl Write) -> Result<()> {
    {
        let y = &m.why;
        writeln!(w, "  metric: {} (chars {}..{})", m.text, m.start, m.end)?;
        writeln!(
            w,
            "    indicator  {}  [{}]",
            none_if_empty(&m.indicator),
            y.indicator
        )?;
        writeln!(w, "    value      {}  [the number as written]", m.value)?;
        let unit_rule = if y.unit_line == 0 {
            "no unit: a dimensionless index after 指数/系数".to_owned()
        } else {
            format!("{units}:{}", y.unit_line)
        };
        writeln!(
            w,
            "    unit       {}  [{unit_rule}]",
            none_if_empty(&m.unit)
        )?;
        writeln!(
            w,
            "    value_std  {} {}  [value × factor of the unit; dimension {}]",
            m.value_std, m.unit_std, m.dimension
        )?;
        writeln!(w, "    kind       {}  [{}]", m.kind, y.kind)?;
        let dir_rule = if y.direction.is_empty() {
            "no direction word"
        } else {
            y.direction
        };
        writeln!(
            w,
            "    direction  {}  [{dir_rule}]",
            none_if_empty(m.direction)
        )?;
        let q_rule = if y.qualifier.is_empty() {
            "no qualifier word"
        } else {
            y.qualifier
        };
        writeln!(
            w,
            "    qualifier  {}  [{q_rule}]",
            none_if_empty(m.qualifier)
        )?;
        writeln!(
            w,
            "    period     {}  [last time expression before the number, baselines skipped]",
            none_if_empty(&m.period)
        )?;
        writeln!(
            w,
            "    deadline   {}  [a by-when phrase: 到…, …前]",
            none_if_empty(&m.deadline)
        )?;
        if !m.value_high.is_empty() {
            writeln!(
                w,
                "    value_high {}  [the high end of a range]",
                m.value_high
            )?;
        }
        if m.indicator_fallback {
            writeln!(
                w,
                "    (the indicator is a fallback: the text named nothing clearer)"
            )?;
        }
    }
    Ok(())
}
