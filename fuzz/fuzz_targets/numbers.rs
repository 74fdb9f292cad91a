//! Fuzz the number parser: any UTF-8 text; no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = policy_mine::fuzzing::fuzz_numbers(text);
    }
});
