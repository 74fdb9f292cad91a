//! The Ctrl-C / SIGTERM flag, set by the handler in `app` and checked by long loops.

use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;

/// Set by the Ctrl-C / SIGTERM handler; checked between batches, so an interrupted run stops
/// before any table is renamed into place.
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
