//! Fuzz the `.rows` frame reader: any bytes give frames or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
fuzz_target!(|data: &[u8]| {
    let _ = policy_mine::fuzzing::fuzz_rows(data);
});
