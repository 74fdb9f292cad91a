//! The Ctrl-C / SIGTERM flag, set by the handler in `app` and checked by long loops.

use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;

/// Set by the Ctrl-C / SIGTERM handler; checked in every long loop (batches, row writing,
/// merging, hashing) and before the swap, so an interrupted run stops within a second and
/// before its output is swapped in.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The run stopped on Ctrl-C / SIGTERM before writing anything; `main` exits with 130.
#[derive(Debug, thiserror::Error)]
#[error("interrupted; the output folder was left as it was")]
pub struct Interrupted;

pub fn check_interrupted() -> Result<()> {
    if INTERRUPTED.load(Ordering::Relaxed) {
        return Err(Interrupted.into());
    }
    Ok(())
}

/// Test hook: `POLICY_MINE_FAULT=interrupt:PHASE` raises the flag when `PHASE` starts, as a
/// Ctrl-C arriving then would.
pub fn test_hook(phase: &str) {
    if std::env::var("POLICY_MINE_FAULT").is_ok_and(|v| v.strip_prefix("interrupt:") == Some(phase))
    {
        INTERRUPTED.store(true, Ordering::SeqCst);
    }
}
