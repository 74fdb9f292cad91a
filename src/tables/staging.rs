//! Staging: a run holds an exclusive lock on its output folder, writes every file into a
//! fresh, uniquely named folder next to it (same filesystem), and swaps the whole set in at
//! the end, so the output folder always holds either the old set or the new one, complete.
//!
//! Names next to `OUT` (all hidden, all removed again):
//! - `.OUT.lock`: the lock file, holding the pid of the process that writes `OUT`;
//! - `.OUT.stage-PID-NANOS`: the set being written; a killed run leaves it, the next one
//!   removes it;
//! - `.OUT.old-PID-NANOS`: only where the filesystem cannot exchange two folders in one
//!   rename: the old set between its two renames; the next run puts it back if `OUT` is
//!   missing, else removes it.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::util::interrupt::check_interrupted;

/// What the manifest records of each written table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TableRecord {
    pub file: String,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// A staged file; hashes and counts the bytes as they are written. Write errors (a full
/// disk) name the final file.
pub struct TableWriter {
    name: String,
    shown: String,
    inner: BufWriter<File>,
    hasher: sha2::Sha256,
    bytes: u64,
    /// Test hook `POLICY_MINE_FAULT=enospc:NAME`: writes to NAME fail as on a full disk.
    full: bool,
}

impl TableWriter {
    fn name_error(&self, e: std::io::Error) -> std::io::Error {
        std::io::Error::new(e.kind(), format!("writing {}: {e}", self.shown))
    }
}

impl Write for TableWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.full {
            let e = std::io::Error::from_raw_os_error(libc::ENOSPC);
            return Err(self.name_error(e));
        }
        let n = self.inner.write(buf).map_err(|e| self.name_error(e))?;
        sha2::Digest::update(&mut self.hasher, &buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().map_err(|e| self.name_error(e))
    }
}

/// The exclusive lock on an output folder: `.OUT.lock` next to it, holding our pid.
pub struct OutLock {
    file: File,
    path: PathBuf,
}

impl OutLock {
    /// Take the lock, or fail at once naming the process that holds it.
    pub fn acquire(parent: &Path, name: &str, shown: &Path) -> Result<Self> {
        let path = parent.join(format!(".{name}.lock"));
        for _ in 0..20 {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .with_context(|| format!("cannot create lock file {}", path.display()))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let holder = std::fs::read_to_string(&path).unwrap_or_default();
                    let holder = holder.trim();
                    bail!(
                        "output folder {} is being written by another policy-mine process (pid {}; lock file {}); wait for it to finish or choose another --out",
                        shown.display(),
                        if holder.is_empty() { "unknown" } else { holder },
                        path.display()
                    );
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock {}", path.display()));
                }
            }
            // The holder before us may have removed the file between our open and our lock:
            // then we locked a file nobody else can see, so start over.
            if !same_file(&file, &path) {
                continue;
            }
            file.set_len(0)?;
            writeln!(file, "{}", std::process::id())
                .with_context(|| format!("cannot write lock file {}", path.display()))?;
            return Ok(Self { file, path });
        }
        bail!("cannot take the lock {}", path.display())
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for OutLock {
    fn drop(&mut self) {
        // Removed while still locked, so a waiting process sees the file vanish (and
        // retries) rather than locking a stale one.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Refuse an output folder given as a symbolic link: the tables are swapped in by renaming
/// folders, which would replace the link itself and leave the folder it points to stale.
pub fn refuse_symlink_out(out: &Path) -> Result<()> {
    let Ok(absolute) = std::path::absolute(out) else {
        return Ok(());
    };
    let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        return Ok(());
    };
    let link = parent.join(name);
    if std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()) {
        let to = std::fs::read_link(&link).unwrap_or_default();
        bail!(
            "--out {} is a symbolic link (to {}); give the folder itself as --out (policy-mine swaps whole folders and would replace the link)",
            out.display(),
            to.display()
        );
    }
    Ok(())
}

/// Where an output folder lives: its (canonical) parent and its name.
struct Place {
    parent: PathBuf,
    name: String,
    out: PathBuf,
}

impl Place {
    fn of(out: &Path) -> Result<Self> {
        refuse_symlink_out(out)?;
        let absolute = std::path::absolute(out)
            .with_context(|| format!("cannot resolve output folder {}", out.display()))?;
        let (parent, name) = match (absolute.parent(), absolute.file_name()) {
            (Some(p), Some(n)) if !matches!(n.to_str(), Some("." | "..")) => {
                (p.to_owned(), n.to_owned())
            }
            _ => {
                let canon = absolute
                    .canonicalize()
                    .with_context(|| format!("cannot resolve output folder {}", out.display()))?;
                match (canon.parent(), canon.file_name()) {
                    (Some(p), Some(n)) => (p.to_owned(), n.to_owned()),
                    _ => bail!("--out {} cannot be a filesystem root", out.display()),
                }
            }
        };
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create output folder {}", out.display()))?;
        let parent = parent
            .canonicalize()
            .with_context(|| format!("cannot create output folder {}", out.display()))?;
        let target = parent.join(&name);
        if let Ok(cwd) = std::env::current_dir().and_then(|c| c.canonicalize())
            && target.canonicalize().is_ok_and(|t| cwd.starts_with(t))
        {
            bail!(
                "--out {} is the current folder (or holds it); choose a folder of its own",
                out.display()
            );
        }
        Ok(Self {
            parent,
            name: name.to_string_lossy().into_owned(),
            out: target,
        })
    }

    fn sibling(&self, kind: &str, tag: &str) -> PathBuf {
        self.parent.join(format!(".{}.{kind}-{tag}", self.name))
    }

    /// Remove what killed runs left; put back an old set whose swap was cut short.
    fn recover(&self) -> Result<()> {
        let stage_prefix = format!(".{}.stage-", self.name);
        let old_prefix = format!(".{}.old-", self.name);
        let mut olds = Vec::new();
        for entry in std::fs::read_dir(&self.parent)
            .with_context(|| format!("cannot list {}", self.parent.display()))?
        {
            let entry = entry?;
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if file_name.starts_with(&stage_prefix) {
                std::fs::remove_dir_all(entry.path()).with_context(|| {
                    format!(
                        "cannot remove stale staging folder {}",
                        entry.path().display()
                    )
                })?;
            } else if file_name.starts_with(&old_prefix) {
                olds.push(entry.path());
            }
        }
        olds.sort();
        if !self.out.exists()
            && let Some(last) = olds.pop()
        {
            std::fs::rename(&last, &self.out).with_context(|| {
                format!(
                    "cannot restore {} to {}",
                    last.display(),
                    self.out.display()
                )
            })?;
        }
        for old in olds {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
        }
        // Temporary files of policy-mine versions that staged inside OUT.
        if let Ok(entries) = std::fs::read_dir(&self.out) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(".tmp-") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        Ok(())
    }
}

/// Every file of a run is written into a staging folder next to `OUT` and swapped in by
/// [`Staging::commit`]. Dropping an uncommitted staging removes its folder and leaves `OUT`
/// as it was.
pub struct Staging {
    place: Place,
    dir: PathBuf,
    staged: Vec<String>,
    records: Vec<TableRecord>,
    committed: bool,
    _lock: OutLock,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Self> {
        let place = Place::of(out)?;
        let lock = OutLock::acquire(&place.parent, &place.name, out)?;
        place.recover()?;
        let tag = format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        let dir = place.sibling("stage", &tag);
        std::fs::create_dir(&dir)
            .with_context(|| format!("cannot create output folder {}", out.display()))?;
        Ok(Self {
            place,
            dir,
            staged: Vec::new(),
            records: Vec::new(),
            committed: false,
            _lock: lock,
        })
    }

    /// Open a staged file for streaming (`name` may hold `/`); close it with
    /// [`Staging::close`].
    pub fn open(&mut self, name: &str) -> Result<TableWriter> {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let file =
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        self.staged.push(name.to_owned());
        Ok(TableWriter {
            name: name.to_owned(),
            shown: self.place.out.join(name).display().to_string(),
            inner: BufWriter::new(file),
            hasher: sha2::Digest::new(),
            bytes: 0,
            full: std::env::var("POLICY_MINE_FAULT")
                .is_ok_and(|v| v.strip_prefix("enospc:") == Some(name)),
        })
    }

    /// Flush a table to disk and record its row count, size and hash.
    pub fn close(&mut self, mut w: TableWriter, rows: u64) -> Result<()> {
        w.flush()?;
        let file = w
            .inner
            .into_inner()
            .map_err(|e| anyhow::anyhow!("writing {}: {}", w.shown, e.error()))?;
        file.sync_all()
            .with_context(|| format!("writing {}", w.shown))?;
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
        self.dir.join(name)
    }

    /// Drop a scratch file: delete it and forget it, so the commit does not move it.
    pub fn discard(&mut self, name: &str) -> Result<()> {
        let tmp = self.staged_path(name);
        self.staged.retain(|t| t != name);
        self.records.retain(|r| r.file != name);
        std::fs::remove_file(&tmp).with_context(|| format!("cannot remove {}", tmp.display()))
    }

    /// The tables closed so far, in writing order.
    pub fn records(&self) -> &[TableRecord] {
        &self.records
    }

    /// Swap the staged set in: one atomic exchange of the two folders where the filesystem
    /// offers it, else two renames that the next run completes or undoes.
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        check_interrupted()?;
        let out = self.place.out.clone();
        if out.exists() {
            self.carry_over()?;
            fault_point("exchange")?;
            let two_step = std::env::var("POLICY_MINE_FAULT").is_ok_and(|v| v == "between-renames");
            let swapped = if two_step {
                Err(std::io::Error::from_raw_os_error(libc::EINVAL))
            } else {
                exchange(&self.dir, &out)
            };
            match swapped {
                Ok(()) => {}
                Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {
                    let old = self.place.sibling("old", &self.tag());
                    std::fs::rename(&out, &old)
                        .with_context(|| format!("cannot move {} aside", out.display()))?;
                    fault_point("between-renames")?;
                    std::fs::rename(&self.dir, &out).with_context(|| {
                        format!("cannot move {} to {}", self.dir.display(), out.display())
                    })?;
                    self.dir = old;
                }
                Err(e) => {
                    return Err(e).with_context(|| {
                        format!("cannot swap {} into {}", self.dir.display(), out.display())
                    });
                }
            }
        } else {
            fault_point("exchange")?;
            std::fs::rename(&self.dir, &out).with_context(|| {
                format!("cannot move {} to {}", self.dir.display(), out.display())
            })?;
        }
        self.committed = true;
        // The old set now sits where the staging folder was.
        let _ = std::fs::remove_dir_all(&self.dir);
        let mut files: Vec<PathBuf> = self.staged.iter().map(|n| out.join(n)).collect();
        files.dedup();
        Ok(files)
    }

    fn tag(&self) -> String {
        let name = self.dir.file_name().unwrap_or_default().to_string_lossy();
        name.rsplit("stage-").next().unwrap_or("0").to_owned()
    }

    /// Entries of `OUT` that are not ours (kept with `--force`) go into the new set too, as
    /// hard links (copies where links are refused), so the swap loses none of them.
    fn carry_over(&self) -> Result<()> {
        let replaced = previous_set(&self.place.out);
        let ours = |name: &str| {
            self.staged
                .iter()
                .any(|s| s == name || s.split('/').next() == Some(name))
                || replaced.iter().any(|r| r == name)
                || name.starts_with(".tmp-")
        };
        for entry in std::fs::read_dir(&self.place.out)
            .with_context(|| format!("cannot list {}", self.place.out.display()))?
        {
            let entry = entry?;
            let name = entry.file_name();
            if ours(&name.to_string_lossy()) {
                continue;
            }
            link_tree(&entry.path(), &self.dir.join(&name))?;
        }
        Ok(())
    }
}

/// The top-level names the previous run's manifest lists (its tables and files, and the
/// manifest itself): they belong to the old set and are not carried into the new one.
fn previous_set(out: &Path) -> Vec<String> {
    let Some(manifest) = std::fs::read(out.join("manifest.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
    else {
        return Vec::new();
    };
    let mut names = vec!["manifest.json".to_owned()];
    for key in ["tables", "files"] {
        for f in manifest[key].as_array().into_iter().flatten() {
            if let Some(name) = f["file"].as_str().and_then(|n| n.split('/').next()) {
                names.push(name.to_owned());
            }
        }
    }
    names
}

fn link_tree(from: &Path, to: &Path) -> Result<()> {
    let meta = std::fs::symlink_metadata(from)?;
    if meta.is_dir() {
        std::fs::create_dir(to).with_context(|| format!("cannot create {}", to.display()))?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
    } else if meta.file_type().is_symlink() {
        #[cfg(unix)]
        std::os::unix::fs::symlink(std::fs::read_link(from)?, to)?;
    } else if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to)
            .with_context(|| format!("cannot keep {} in the new output", from.display()))?;
    }
    Ok(())
}

/// Exchange two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD with absolute paths.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from_raw_os_error(libc::ENOSYS))
}

/// Test hook: `POLICY_MINE_FAULT=NAME` fails the swap at that point, as a crash there would
/// leave it (`exchange`: before the swap; `between-renames`: forces the two-rename path and
/// stops between them, as SIGKILL would).
fn fault_point(name: &str) -> Result<()> {
    match std::env::var("POLICY_MINE_FAULT") {
        Ok(v) if v == name => {
            if name == "between-renames" {
                // What a kill leaves: no cleanup of any kind.
                std::process::exit(137);
            }
            bail!("injected fault at {name}")
        }
        _ => Ok(()),
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_leaves_old_tables_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("summary.csv"), "old").unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        {
            let mut s = Staging::new(&out).unwrap();
            s.write("summary.csv", |w| Ok(w.write_all(b"new").map(|_| 1)?))
                .unwrap();
            // dropped without commit
        }
        assert_eq!(
            std::fs::read_to_string(out.join("summary.csv")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut s = Staging::new(&out).unwrap();
        s.write("summary.csv", |w| Ok(w.write_all(b"new").map(|_| 1)?))
            .unwrap();
        assert_eq!(s.records()[0].sha256, crate::util::hash::sha256_hex(b"new"));
        assert_eq!((s.records()[0].rows, s.records()[0].bytes), (1, 3));
        s.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("summary.csv")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine"
        );
        // Only OUT itself is left next to it: no lock, staging or old folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn second_writer_is_refused_naming_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let first = Staging::new(&out).unwrap();
        let err = Staging::new(&out).err().unwrap().to_string();
        assert!(
            err.contains(&format!("pid {}", std::process::id())) && err.contains(".out.lock"),
            "{err}"
        );
        drop(first);
        Staging::new(&out).unwrap();
    }

    #[test]
    fn interrupted_two_step_swap_is_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(dir.path().join(".out.old-1-1")).unwrap();
        std::fs::write(dir.path().join(".out.old-1-1/manifest.json"), "old").unwrap();
        std::fs::create_dir(dir.path().join(".out.stage-2-2")).unwrap();
        drop(Staging::new(&out).unwrap());
        assert_eq!(
            std::fs::read_to_string(out.join("manifest.json")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
