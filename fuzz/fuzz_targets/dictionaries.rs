//! Fuzz the dictionary parsers (user dictionary, stop words, units): errors, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use policy_mine::DictSource;
fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let src = DictSource::bundled("fuzz.txt", text);
    let _ = policy_mine::fuzzing::parse_user_dict(&src);
    let _ = policy_mine::fuzzing::parse_stopwords(&src);
    let _ = policy_mine::Units::parse(&src);
});
