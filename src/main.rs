//! Entry point: parse, validate, run, and report errors in one place.

use std::process::ExitCode;

use clap::Parser;

/// jieba-rs allocates per sentence; mimalloc cuts that cost (measured in bench/results.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use policy_mine::Opts;

fn main() -> ExitCode {
    let opts = Opts::parse(); // usage errors exit 2 here
    match policy_mine::dispatch(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if policy_mine::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(policy_mine::exit_code(&err))
        }
    }
}
