//! Entry point: parse, validate, run, and report errors in one place.

use std::process::ExitCode;

use clap::Parser;

/// jieba-rs allocates per sentence; mimalloc cuts that cost (measured in bench/results.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use policy_mine::Opts;

fn main() -> ExitCode {
    no_transparent_huge_pages();
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

/// Peak memory stays flat and predictable without transparent huge pages: with them the
/// allocator's arenas fault in 2 MB at a time and peak RSS on 1 GB of text varies between about
/// 230 and 290 MB from run to run; without them it is about 220 MB, at the same speed
/// (bench/results.md). Linux only; a kernel that refuses the request changes nothing.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and touches no Rust memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
