//! Issue 18: the adversarial cases. Nothing lost (locking, staging, swaps), nothing silently
//! wrong (links, partial hashes, indices, names, dictionaries, headers, encodings), nothing
//! read or written outside what the user named, no panics, and errors that name the file.
//! Each test runs the real binary on files it makes.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

use crate::util::*;

const TEXT: &str = "山西省国考断面水质优良比例为87.5%,督察整改工作取得阶段性成效。\n各市均成立整改工作领导小组。\n";

fn pm(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("policy-mine").unwrap();
    cmd.current_dir(dir);
    cmd
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    pm(dir).arg("run").arg("-q").args(args).output().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) {
    assert!(o.status.success(), "{}", err(o));
}

fn fails_with(o: &Output, needles: &[&str]) {
    assert_eq!(o.status.code(), Some(1), "{}", err(o));
    for n in needles {
        assert!(err(o).contains(n), "missing `{n}` in: {}", err(o));
    }
    assert!(!err(o).contains("panicked"), "{}", err(o));
}

/// A temporary folder with `corpus/` holding two small documents.
fn case() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    std::fs::write(corpus.join("山西.txt"), TEXT).unwrap();
    std::fs::write(
        corpus.join("sub/云南.txt"),
        "云南省委高度重视督察整改工作。\n",
    )
    .unwrap();
    dir
}

fn documents(out: &Path) -> u64 {
    read_csv(&out.join("summary.csv"))
        .iter()
        .map(|r| r["documents"].parse::<u64>().unwrap())
        .sum()
}

// 4. A symbolic-link loop in the corpus counted each document many times.
#[test]
fn symlink_loop_in_corpus_is_not_followed() {
    let dir = case();
    std::os::unix::fs::symlink("..", dir.path().join("corpus/sub/up")).unwrap();
    let o = run_in(dir.path(), &["--corpus", "corpus", "--out", "out"]);
    ok(&o);
    assert_eq!(documents(&dir.path().join("out")), 2);
    assert!(
        err(&o).contains("symbolic link to a folder, not followed"),
        "{}",
        err(&o)
    );
}

// 12. A symbolic link inside the corpus bypassed the outside-corpus check.
#[test]
fn symlink_out_of_the_corpus_is_refused() {
    let dir = case();
    std::fs::write(dir.path().join("secret.txt"), TEXT).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("corpus/p.txt"),
    )
    .unwrap();
    let o = run_in(dir.path(), &["--corpus", "corpus", "--out", "out"]);
    fails_with(
        &o,
        &[
            "p.txt",
            "outside the corpus folder",
            "--allow-outside-corpus",
        ],
    );
    // A link that stays inside the corpus is fine.
    std::fs::remove_file(dir.path().join("corpus/p.txt")).unwrap();
    std::os::unix::fs::symlink("山西.txt", dir.path().join("corpus/p.txt")).unwrap();
    ok(&run_in(dir.path(), &["--corpus", "corpus", "--out", "out"]));
    // Metadata paths: a link named by metadata.csv is resolved too.
    std::fs::remove_file(dir.path().join("corpus/p.txt")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("corpus/p.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("corpus/metadata.csv"),
        "doc_id,province,path\nd1,山西,p.txt\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["--corpus", "corpus", "--out", "out2"]);
    fails_with(&o, &["metadata.csv:2", "outside the corpus folder"]);
}

// 7. Two names that differ only in non-UTF-8 bytes got the same doc_id.
#[test]
fn non_utf8_file_names_are_refused() {
    use std::os::unix::ffi::OsStrExt;
    let dir = case();
    for bytes in [&b"a\xff.txt"[..], &b"a\xfe.txt"[..]] {
        let name = std::ffi::OsStr::from_bytes(bytes);
        std::fs::write(dir.path().join("corpus").join(name), TEXT).unwrap();
    }
    let o = run_in(dir.path(), &["--corpus", "corpus", "--out", "out"]);
    fails_with(&o, &["file name is not valid UTF-8"]);
}

// 9. A duplicated metadata.csv header was accepted.
#[test]
fn duplicate_metadata_header_is_refused() {
    let dir = case();
    std::fs::write(
        dir.path().join("corpus/metadata.csv"),
        "doc_id,province,path,year,year\nd1,山西,山西.txt,2020,2021\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["--corpus", "corpus", "--out", "out"]);
    fails_with(&o, &["metadata.csv:1", "`year` appears twice"]);
}

// 16. metadata.csv line numbers were wrong after a quoted line break.
#[test]
fn metadata_line_numbers_count_quoted_line_breaks() {
    let dir = case();
    std::fs::write(
        dir.path().join("corpus/metadata.csv"),
        "doc_id,province,path,title\nd1,山西,山西.txt,\"two\nlines\"\nd2,云南,missing.txt,x\n",
    )
    .unwrap();
    let o = run_in(dir.path(), &["--corpus", "corpus", "--out", "out"]);
    fails_with(&o, &["metadata.csv:4", "missing.txt"]);
}

// 11. Big5 with --encoding auto was read as GB18030 nonsense.
#[test]
fn big5_with_auto_encoding_is_an_error() {
    let dir = case();
    let big5 = encoding_rs::BIG5
        .encode("臺灣省國考斷面水質優良比例為百分之八十七點五,督察整改工作取得階段性成效。")
        .0
        .into_owned();
    std::fs::write(dir.path().join("corpus/臺灣.txt"), big5).unwrap();
    let o = run_in(
        dir.path(),
        &["--corpus", "corpus", "--out", "out", "--encoding", "auto"],
    );
    fails_with(&o, &["臺灣.txt", "looks like Big5"]);
    // GB18030 text still reads under auto.
    std::fs::write(
        dir.path().join("corpus/臺灣.txt"),
        encoding_rs::GB18030.encode(TEXT).0.into_owned(),
    )
    .unwrap();
    ok(&run_in(
        dir.path(),
        &["--corpus", "corpus", "--out", "out", "--encoding", "auto"],
    ));
}

#[allow(dead_code)]
fn unused(_: PathBuf) {}
