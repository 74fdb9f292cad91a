//! Benchmark floor: the segmentation policy-mine itself runs, and nothing else. Each file is
//! normalized, split into the pipeline's sentences, and every sentence goes through jieba-rs
//! `tag` with the bundled domain dictionary (policy-mine's `Segmenter`). No coding, metrics,
//! counting or tables: the part of `run` that no optimisation of policy-mine's own code can
//! remove.
//!
//! `cargo run --release --example domain_tag -- FILE...`

use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let res = policy_mine::load_bundled();
    let started = Instant::now();
    let (mut bytes, mut tokens) = (0usize, 0usize);
    for f in &files {
        let raw = std::fs::read_to_string(f)?;
        bytes += raw.len();
        let text = policy_mine::normalize(&raw);
        let split = policy_mine::split_sentences(&text, policy_mine::MAX_SENTENCE_CHARS);
        let mut out = Vec::new();
        for s in &split.sentences {
            out.clear();
            res.segmenter.segment_sentence(&text, s, &mut out);
            tokens += out.len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "files {} bytes {bytes} tokens {tokens} seconds {secs:.3} mb_per_s {:.2}",
        files.len(),
        bytes as f64 / 1e6 / secs
    );
    Ok(())
}
