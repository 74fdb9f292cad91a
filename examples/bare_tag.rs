//! Baseline for benchmarks: bare jieba-rs `tag(line, true)` over every line of the given
//! files, counting tokens. No user dictionary, no normalization, no counting maps.
//!
//! `cargo run --release --example bare_tag -- FILE...`

use std::time::Instant;

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let jieba = jieba_rs::Jieba::new();
    let started = Instant::now();
    let mut bytes = 0usize;
    let mut tokens = 0usize;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable UTF-8 file");
        bytes += text.len();
        for line in text.lines() {
            tokens += jieba.tag(line, true).len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "files {} bytes {bytes} tokens {tokens} seconds {secs:.3} mb_per_s {:.2}",
        files.len(),
        bytes as f64 / 1e6 / secs
    );
}
