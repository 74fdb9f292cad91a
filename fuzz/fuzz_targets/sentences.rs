//! Fuzz the sentence splitter: every sentence lies inside the text, in order.
#![no_main]
use libfuzzer_sys::fuzz_target;
fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else { return };
    let doc = policy_mine::normalize(raw);
    let n = doc.chars().count();
    let mut last = 0;
    for s in policy_mine::split_sentences(&doc, policy_mine::MAX_SENTENCE_CHARS).sentences {
        assert!(last <= s.start && s.start <= s.end && s.end <= n);
        last = s.end;
    }
});
