//! Fuzz the metric extractor: any bytes that are UTF-8 go through normalize, sentence
//! splitting and extraction; no panic, and every metric's offsets address its text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use policy_mine::{Units, extract};
use policy_mine::BUNDLED_UNITS;
use policy_mine::DictSource;
use policy_mine::{MAX_SENTENCE_CHARS, split_sentences};

fn units() -> &'static Units {
    static UNITS: OnceLock<Units> = OnceLock::new();
    UNITS.get_or_init(|| Units::parse(&DictSource::bundled("units.csv", BUNDLED_UNITS)).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else { return };
    let doc = policy_mine::normalize(raw);
    let chars: Vec<char> = doc.chars().collect();
    for s in split_sentences(&doc, MAX_SENTENCE_CHARS).sentences {
        for m in extract(units(), &doc, &s) {
            assert!(s.start <= m.start && m.start < m.end && m.end <= s.end);
            assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
        }
    }
});
