//! Entry point: parse, validate, run, and report errors in one place.

use std::process::ExitCode;

use clap::Parser;

/// jieba-rs allocates per sentence; mimalloc cuts that cost (measured in bench/results.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use policy_mine::{app, cli::Opts};

fn main() -> ExitCode {
    let opts = Opts::parse(); // usage errors exit 2 here
    match app::dispatch(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if app::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(app::exit_code(&err))
        }
    }
}
