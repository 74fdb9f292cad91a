//! Usage errors: an option value that clap accepts but validation refuses (`--threads 0`,
//! `--shard 5/3`, `--max-group-share 1.5`, …). `main` maps this one type to exit code 2, the
//! code of clap's own usage errors, so every bad value exits the same way.

/// A bad option value or combination; `main` exits with 2 for it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Mark an error as a usage error, keeping its whole message.
pub fn usage(err: anyhow::Error) -> anyhow::Error {
    UsageError(format!("{err:#}")).into()
}

/// Is `err` (or anything in its context chain) a usage error?
pub fn is_usage(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.is::<UsageError>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn a_usage_error_is_found_under_context() {
        let err = usage(anyhow::anyhow!("--threads must be at least 1"));
        assert_eq!(err.to_string(), "--threads must be at least 1");
        let wrapped = Err::<(), _>(err).context("while resolving").unwrap_err();
        assert!(is_usage(&wrapped));
        assert!(!is_usage(&anyhow::anyhow!("corpus/a.txt: not valid UTF-8")));
    }
}
