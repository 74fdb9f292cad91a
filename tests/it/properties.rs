//! Property tests: arbitrary Unicode through every pure stage. No panics, and the offset and
//! count invariants hold. Case counts are bounded so the suite stays fast in CI.

use std::sync::OnceLock;

use policy_mine::Resources;
use policy_mine::load_bundled;
use policy_mine::normalize;
use policy_mine::process_doc;
use policy_mine::{MAX_SENTENCE_CHARS, split_sentences};
use proptest::prelude::*;

#[allow(unused_imports)]
use crate::util::*;

fn res() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(load_bundled)
}

/// Arbitrary Unicode, and text made of the characters policy reports are made of.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9０-９.%％,，、。；;！？!?\\n\\r 　“”《》()（）万亿年月日约多以上下至第PMSOμg/m3一二三四五是督察整改国考断面造林公顷微克立方米下降同比]{0,300}",
    ]
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn normalize_is_idempotent_and_clean(raw in text()) {
        let n = normalize(&raw);
        prop_assert_eq!(normalize(&n), n.clone());
        let clean = !n.contains('\r') && !n.contains('\u{feff}');
        prop_assert!(clean, "CR or BOM left");
        let folded = !n.chars().any(|c| ('\u{ff01}'..='\u{ff5e}').contains(&c));
        prop_assert!(folded, "full-width char left");
    }

    #[test]
    fn sentences_tile_the_text_in_order(raw in text(), bound in 16usize..200) {
        let doc = normalize(&raw);
        let cs = chars(&doc);
        let split = split_sentences(&doc, bound);
        let mut last_end = 0;
        for (i, s) in split.sentences.iter().enumerate() {
            prop_assert_eq!(s.id as usize, i + 1);
            prop_assert!(last_end <= s.start && s.start < s.end && s.end <= cs.len());
            prop_assert!(s.end - s.start <= bound || s.text(&doc).chars().count() == s.end - s.start);
            prop_assert_eq!(cs[s.start..s.end].iter().collect::<String>(), s.text(&doc));
            last_end = s.end;
        }
        // Only whitespace lies outside sentences.
        let covered: usize = split.sentences.iter().map(|s| s.end - s.start).sum();
        let non_space = cs.iter().filter(|c| !c.is_whitespace()).count();
        prop_assert!(covered >= non_space);
    }

    #[test]
    fn tokens_tags_and_metrics_stay_inside_their_sentence(raw in text()) {
        let res = res();
        let doc = normalize(&raw);
        let cs = chars(&doc);
        for s in split_sentences(&doc, MAX_SENTENCE_CHARS).sentences {
            let mut tokens = Vec::new();
            res.segmenter.segment_sentence(&doc, &s, &mut tokens);
            let mut last = s.start;
            for t in &tokens {
                prop_assert!(last <= t.start && t.start < t.end && t.end <= s.end);
                prop_assert_eq!(cs[t.start..t.end].iter().collect::<String>(), t.word);
                last = t.end;
            }
            for hit in res.measures.tag(&tokens) {
                prop_assert!(hit.type_idx < res.measures.types.len());
                prop_assert!(!hit.cues.is_empty() && hit.cue_hits >= hit.cues.len() as u64);
                for &c in &hit.cues {
                    prop_assert_eq!(res.measures.cues[c].type_idx, hit.type_idx);
                }
            }
            for m in policy_mine::extract_metrics(&res, &doc, &s) {
                prop_assert!(s.start <= m.start && m.start < m.end && m.end <= s.end);
                prop_assert_eq!(cs[m.start..m.end].iter().collect::<String>(), m.text.clone());
                // A plain decimal, or a fraction `a/b`; as written once separators are
                // dropped and `−` is read as `-`.
                let is_number = m.value.parse::<f64>().is_ok()
                    || m.value.split_once('/').is_some_and(|(a, b)| {
                        a.parse::<f64>().is_ok() && b.parse::<f64>().is_ok()
                    });
                prop_assert!(is_number, "{:?}", m.value);
                prop_assert!(m.value_std.is_finite());
                let plain = m.text.replace([',', '，'], "").replace('−', "-");
                // a quantity in Chinese numerals (`二十五亿元` → 25) has no digit to compare
                let hanzi = !m.text.bytes().any(|b| b.is_ascii_digit());
                prop_assert!(hanzi || plain.contains(&m.value), "{} {}", m.text, m.value);
            }
        }
    }

    #[test]
    fn term_counts_add_up(raw in text()) {
        let doc = normalize(&raw);
        let out = process_doc(res(), &doc, 0);
        let sum: u64 = out.counts.terms.values().map(|t| t.count).sum();
        prop_assert_eq!(sum, out.counts.counts.content_tokens);
        prop_assert!(out.counts.counts.content_tokens <= out.counts.counts.tokens);
        prop_assert_eq!(out.counts.counts.metrics as usize, out.metrics.len());
    }
}

/// `1234567` → `1,234,567` (or with the full-width comma `，`).
fn with_separators(int: u64, sep: char) -> String {
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// For any number written with thousands separators and a sign, `value` is the plain
    /// number and `value_std` equals the parsed value × the unit's factor.
    #[test]
    fn value_std_is_value_times_factor(
        int in 0u64..1_000_000_000_000,
        frac in proptest::option::of(0u32..1000),
        sign in prop_oneof![Just(""), Just("-"), Just("−"), Just("+")],
        sep in prop_oneof![Just(','), Just('，')],
        (unit, factor) in prop_oneof![Just(("吨", 1.0)), Just(("万吨", 1e4)), Just(("亿元", 1e8)), Just(("%", 1.0))],
    ) {
        let written = match frac {
            Some(f) => format!("{sign}{}.{f}", with_separators(int, sep)),
            None => format!("{sign}{}", with_separators(int, sep)),
        };
        let doc = normalize(&format!("全年产量为{written}{unit}。"));
        let split = split_sentences(&doc, MAX_SENTENCE_CHARS);
        let ms: Vec<_> = split.sentences.iter().flat_map(|s| policy_mine::extract_metrics(res(), &doc, s)).collect();
        prop_assert_eq!(ms.len(), 1, "{} {:?}", doc, ms);
        let plain = match frac {
            Some(f) => format!("{int}.{f}"),
            None => int.to_string(),
        };
        let negative = matches!(sign, "-" | "−");
        let expected_value = if negative { format!("-{plain}") } else { plain.clone() };
        prop_assert_eq!(&ms[0].value, &expected_value);
        let parsed: f64 = expected_value.parse().unwrap();
        let want = parsed * factor;
        let got = ms[0].value_std;
        prop_assert!(got.is_finite());
        prop_assert!((got - want).abs() <= want.abs() * 1e-9, "{} → {} want {}", written, got, want);
    }
}
