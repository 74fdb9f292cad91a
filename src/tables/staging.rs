//! Staging: every file of a run is written under a temporary name and renamed into place
//! only when the whole run succeeds.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

/// What the manifest records of each written table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TableRecord {
    pub file: String,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// A table's temporary file; hashes and counts the bytes as they are written.
pub struct TableWriter {
    name: String,
    inner: BufWriter<File>,
    hasher: sha2::Sha256,
    bytes: u64,
}

impl Write for TableWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        sha2::Digest::update(&mut self.hasher, &buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Tables are written to `DIR/.tmp-NAME` and renamed into place by [`Staging::commit`].
/// Dropping an uncommitted staging removes its temporary files and leaves `DIR` as it was.
pub struct Staging {
    dir: PathBuf,
    staged: Vec<(PathBuf, PathBuf)>,
    records: Vec<TableRecord>,
    committed: bool,
}

impl Staging {
    pub fn new(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output folder {}", dir.display()))?;
        let probe = dir.join(".tmp-write-probe");
        File::create(&probe)
            .and_then(|_| std::fs::remove_file(&probe))
            .with_context(|| format!("output folder {} is not writable", dir.display()))?;
        Ok(Self {
            dir: dir.to_owned(),
            staged: Vec::new(),
            records: Vec::new(),
            committed: false,
        })
    }

    /// Open a table's temporary file for streaming; close it with [`Staging::close`].
    pub fn open(&mut self, name: &str) -> Result<TableWriter> {
        let tmp = self.dir.join(format!(".tmp-{name}"));
        let file =
            File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        self.staged.push((tmp, self.dir.join(name)));
        Ok(TableWriter {
            name: name.to_owned(),
            inner: BufWriter::new(file),
            hasher: sha2::Digest::new(),
            bytes: 0,
        })
    }

    /// Flush a table and record its row count, size and hash.
    pub fn close(&mut self, mut w: TableWriter, rows: u64) -> Result<()> {
        w.flush().with_context(|| format!("writing {}", w.name))?;
        let digest = sha2::Digest::finalize(w.hasher);
        self.records.push(TableRecord {
            file: w.name,
            rows,
            bytes: w.bytes,
            sha256: crate::util::hash::hex(&digest),
        });
        Ok(())
    }

    /// Write one whole table through `fill`, which returns its row count.
    pub fn write(
        &mut self,
        name: &str,
        fill: impl FnOnce(&mut TableWriter) -> Result<u64>,
    ) -> Result<()> {
        let mut w = self.open(name)?;
        let rows = fill(&mut w).with_context(|| format!("writing {name}"))?;
        self.close(w, rows)
    }

    /// Where a staged (closed) file can be read back before the commit.
    pub fn staged_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!(".tmp-{name}"))
    }

    /// Drop a scratch file: delete it and forget it, so the commit does not move it.
    pub fn discard(&mut self, name: &str) -> Result<()> {
        let tmp = self.staged_path(name);
        self.staged.retain(|(t, _)| *t != tmp);
        self.records.retain(|r| r.file != name);
        std::fs::remove_file(&tmp).with_context(|| format!("cannot remove {}", tmp.display()))
    }

    /// The tables closed so far, in writing order.
    pub fn records(&self) -> &[TableRecord] {
        &self.records
    }

    /// Rename every staged file into place.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let mut done = Vec::new();
        for (tmp, target) in &self.staged {
            std::fs::rename(tmp, target).with_context(|| {
                format!("cannot move {} to {}", tmp.display(), target.display())
            })?;
            done.push(target.clone());
        }
        self.committed = true;
        Ok(done)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            for (tmp, _) in &self.staged {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_leaves_old_tables_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("summary.csv"), "old").unwrap();
        {
            let mut s = Staging::new(dir.path()).unwrap();
            s.write("summary.csv", |w| Ok(w.write_all(b"new").map(|_| 1)?))
                .unwrap();
            // dropped without commit
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join("summary.csv")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut s = Staging::new(dir.path()).unwrap();
        s.write("summary.csv", |w| Ok(w.write_all(b"new").map(|_| 1)?))
            .unwrap();
        assert_eq!(s.records()[0].sha256, crate::util::hash::sha256_hex(b"new"));
        assert_eq!((s.records()[0].rows, s.records()[0].bytes), (1, 3));
        s.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("summary.csv")).unwrap(),
            "new"
        );
    }
}
