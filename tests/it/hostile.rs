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

/// Two shard partials of `corpus/` in `dir`: `p0`, `p1`.
fn partials(dir: &Path) {
    for i in 0..2 {
        let shard = format!("{i}/2");
        let out = format!("p{i}");
        ok(&run_in(
            dir,
            &["--corpus", "corpus", "--out", &out, "--shard", &shard],
        ));
    }
}

fn merge_in(dir: &Path, out: &str) -> Output {
    pm(dir)
        .args(["merge", "-q", "p0", "p1", "--out", out])
        .output()
        .unwrap()
}

// 5. merge did not check the .rows hashes listed in the partial's manifest.
#[test]
fn merge_refuses_changed_row_files() {
    let dir = case();
    partials(dir.path());
    ok(&merge_in(dir.path(), "m"));
    // The shard whose partial has more metric rows (the other may have none).
    let size = |i: u8| {
        std::fs::metadata(dir.path().join(format!("p{i}/metrics.rows")))
            .unwrap()
            .len()
    };
    let p = if size(0) >= size(1) { "p0" } else { "p1" };
    let rows = dir.path().join(p).join("metrics.rows");
    let original = std::fs::read(&rows).unwrap();
    assert!(original.len() > 10, "no metric rows");
    let mut changed = original.clone();
    let last = changed.len() - 2;
    changed[last] ^= 1;
    std::fs::write(&rows, &changed).unwrap();
    let o = merge_in(dir.path(), "m2");
    fails_with(
        &o,
        &[&format!("{p}/metrics.rows"), "does not match the hash"],
    );
    assert!(!dir.path().join("m2").exists());
    // Renumbered frame: same check.
    let renumbered = String::from_utf8(original)
        .unwrap()
        .replacen("#doc ", "#doc 9", 1);
    std::fs::write(&rows, renumbered).unwrap();
    fails_with(&merge_in(dir.path(), "m2"), &[&format!("{p}/metrics.rows")]);
}

// 6. --stdin-jsonl accepted a repeated index and merged out-of-order records in stream order.
#[test]
fn stdin_indices_must_rise() {
    let dir = case();
    let rec = |id: &str, i: u64| {
        format!(
            "{{\"doc_id\":\"{id}\",\"province\":\"山西\",\"text\":\"督察整改工作取得阶段性成效。\",\"index\":{i}}}\n"
        )
    };
    for (input, needle) in [
        (
            rec("a", 3) + &rec("b", 3),
            "<stdin>:2: index 3 after index 3",
        ),
        (
            rec("a", 5) + &rec("b", 2),
            "<stdin>:2: index 2 after index 5",
        ),
    ] {
        let o = pm(dir.path())
            .args(["run", "-q", "--stdin-jsonl", "--out", "s"])
            .write_stdin(input)
            .output()
            .unwrap();
        fails_with(&o, &[needle]);
    }
    let o = pm(dir.path())
        .args(["run", "-q", "--stdin-jsonl", "--out", "s"])
        .write_stdin(rec("a", 1) + &rec("b", 4))
        .output()
        .unwrap();
    ok(&o);
}

// 16. Invalid UTF-8 on stdin named no line.
#[test]
fn invalid_utf8_on_stdin_names_the_line() {
    let dir = case();
    let mut input = b"{\"doc_id\":\"a\",\"province\":\"x\",\"text\":\"ok\"}\n".to_vec();
    input.extend_from_slice(b"{\"doc_id\":\"b\",\"province\":\"x\",\"text\":\"\xff\"}\n");
    let o = pm(dir.path())
        .args(["run", "-q", "--stdin-jsonl", "--out", "s"])
        .write_stdin(input)
        .output()
        .unwrap();
    fails_with(&o, &["<stdin>:2: not valid UTF-8 at byte 37 of the line"]);
}

// 14. kwic with a huge --window panicked.
#[test]
fn kwic_huge_window_does_not_panic() {
    let o = bin()
        .args([
            "kwic",
            "督察",
            "--corpus",
            "corpus",
            "--window",
            "18446744073709551615",
        ])
        .output()
        .unwrap();
    ok(&o);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        text.contains("【督察") && !text.contains("\n0 matches"),
        "{text}"
    );
}

// 8. A user-dictionary frequency near u64::MAX overflowed jieba's total.
#[test]
fn huge_user_dictionary_frequency_is_refused() {
    let dir = case();
    std::fs::write(
        dir.path().join("user.txt"),
        "督察整改 18446744073709551000 n\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &[
            "--corpus",
            "corpus",
            "--out",
            "out",
            "--user-dict",
            "user.txt",
        ],
    );
    fails_with(&o, &["user.txt:1", "frequency too large"]);
}

// 10. verify skipped datapackage.json and report.html, and needed the folder run ran in.
#[test]
fn verify_checks_every_file_and_takes_corpus() {
    let dir = case();
    ok(&run_in(dir.path(), &["--corpus", "corpus", "--out", "out"]));
    let verify = |cwd: &Path, args: &[&str]| pm(cwd).arg("verify").args(args).output().unwrap();
    let o = verify(dir.path(), &["out"]);
    ok(&o);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        text.contains("ok       file       datapackage.json"),
        "{text}"
    );
    assert!(text.contains("ok       file       report.html"), "{text}");
    // From another folder, with --corpus.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    fails_with(&verify(&elsewhere, &[out]), &["differ"]);
    ok(&verify(&elsewhere, &[out, "--corpus", "../corpus"]));
    let mut html = std::fs::read(dir.path().join("out/report.html")).unwrap();
    html.push(b' ');
    std::fs::write(dir.path().join("out/report.html"), html).unwrap();
    let o = verify(dir.path(), &["out"]);
    fails_with(&o, &[]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("CHANGED  file       report.html"));
}

// 13. verify followed ../ and absolute paths from a manifest.
#[test]
fn verify_refuses_paths_out_of_the_manifest() {
    let dir = case();
    ok(&run_in(dir.path(), &["--corpus", "corpus", "--out", "out"]));
    let path = dir.path().join("out/manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    m["inputs"][0]["path"] = "../../../../etc/passwd".into();
    m["tables"][0]["file"] = "/etc/hostname".into();
    std::fs::write(&path, serde_json::to_vec(&m).unwrap()).unwrap();
    let o = pm(dir.path()).args(["verify", "out"]).output().unwrap();
    fails_with(&o, &[]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("REFUSED  input      ../../../../etc/passwd"),
        "{text}"
    );
    assert!(text.contains("REFUSED  table      /etc/hostname"), "{text}");
    assert!(!text.contains("sha256"), "{text}");
}

// 13. run --config manifest.json trusted every key.
#[test]
fn config_values_stay_inside_the_working_folder() {
    let dir = case();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let victim = dir.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    std::fs::write(victim.join("keep.csv"), "mine").unwrap();
    let manifest = serde_json::json!({"config": {"out": victim, "force": true}});
    std::fs::write(work.join("m.json"), manifest.to_string()).unwrap();
    let o = pm(&work)
        .args(["run", "-q", "--config", "m.json"])
        .output()
        .unwrap();
    fails_with(&o, &["m.json", "may not set `out` or `force`"]);
    let manifest = serde_json::json!({"config": {"corpus": "/etc"}});
    std::fs::write(work.join("m.json"), manifest.to_string()).unwrap();
    let o = pm(&work)
        .args(["run", "-q", "--config", "m.json", "--out", "o"])
        .output()
        .unwrap();
    fails_with(&o, &["m.json", "`corpus` = /etc is outside the folder"]);
    std::fs::write(work.join("run.toml"), "corpus = \"../corpus\"\n").unwrap();
    let o = pm(&work)
        .args(["run", "-q", "--config", "run.toml", "--out", "o"])
        .output()
        .unwrap();
    fails_with(&o, &["run.toml", "`corpus` = ../corpus is outside"]);
    // Given on the command line, the same folder is fine.
    ok(&pm(&work)
        .args([
            "run",
            "-q",
            "--config",
            "run.toml",
            "--corpus",
            "../corpus",
            "--out",
            "o",
        ])
        .output()
        .unwrap());
    assert_eq!(
        std::fs::read_to_string(victim.join("keep.csv")).unwrap(),
        "mine"
    );
}

// 3. split overwrote a corpus folder's metadata.csv without --force.
#[test]
fn split_refuses_a_non_empty_folder_without_force() {
    let dir = case();
    let article = repo().join("corpus/raw/000_d25812755243d715.txt");
    let article = article.to_str().unwrap();
    let split = |args: &[&str]| {
        pm(dir.path())
            .arg("split")
            .arg(article)
            .args(args)
            .output()
            .unwrap()
    };
    let before = std::fs::read(dir.path().join("corpus/山西.txt")).unwrap();
    fails_with(
        &split(&["--out", "corpus"]),
        &["corpus is not empty", "--force"],
    );
    assert!(!dir.path().join("corpus/metadata.csv").exists());
    ok(&split(&["--out", "corpus", "--force"]));
    assert_eq!(read_csv(&dir.path().join("corpus/metadata.csv")).len(), 9);
    // Files that are not split's own are kept.
    assert_eq!(
        std::fs::read(dir.path().join("corpus/山西.txt")).unwrap(),
        before
    );
    ok(&split(&["--out", "fresh"]));
    assert_eq!(
        std::fs::read_dir(dir.path().join("fresh/docs"))
            .unwrap()
            .count(),
        9
    );
}

/// A finished run into `out` (in `dir`) and a snapshot of every file in it.
fn snapshot(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// What a run may leave next to OUT only while it runs.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".stage-") || n.contains(".old-") || n.ends_with(".lock"))
        .collect()
}

fn with_fault(dir: &Path, fault: &str, args: &[&str]) -> Output {
    pm(dir)
        .env("POLICY_MINE_FAULT", fault)
        .args(["run", "-q", "--corpus", "corpus", "--out", "out"])
        .args(args)
        .output()
        .unwrap()
}

// 2. A failure while moving the tables in left a mix of old and new tables.
#[test]
fn failed_or_killed_swap_leaves_the_old_set() {
    let dir = case();
    ok(&run_in(dir.path(), &["--corpus", "corpus", "--out", "out"]));
    let before = snapshot(&dir.path().join("out"));
    std::fs::write(dir.path().join("corpus/湖南.txt"), TEXT).unwrap();
    // A failure just before the swap: exit 1, old set untouched, nothing left.
    let o = with_fault(dir.path(), "exchange", &[]);
    fails_with(&o, &["injected fault at exchange"]);
    assert!(snapshot(&dir.path().join("out")) == before);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    // Killed between the two renames of the fallback path: OUT is missing until the next
    // run puts the old set back (then replaces it).
    let o = with_fault(dir.path(), "between-renames", &[]);
    assert_eq!(o.status.code(), Some(137));
    assert!(!dir.path().join("out").exists());
    let o = pm(dir.path()).args(["verify", "out"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    ok(&run_in(dir.path(), &["--corpus", "corpus", "--out", "out"]));
    assert_eq!(documents(&dir.path().join("out")), 3);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    ok(&pm(dir.path()).args(["verify", "out"]).output().unwrap());
}

// 15. .tmp files of a killed --format tsv run were never cleaned; interrupts were only
// seen between batches.
#[test]
fn stale_files_are_removed_and_interrupts_reach_table_writing() {
    let dir = case();
    ok(&run_in(
        dir.path(),
        &["--corpus", "corpus", "--out", "out", "--format", "tsv"],
    ));
    let before = snapshot(&dir.path().join("out"));
    std::fs::write(dir.path().join("out/.tmp-measures.tsv"), "stale").unwrap();
    std::fs::create_dir(dir.path().join(".out.stage-1-1")).unwrap();
    let o = with_fault(dir.path(), "interrupt:finalize", &["--format", "tsv"]);
    assert_eq!(o.status.code(), Some(130), "{}", err(&o));
    assert!(snapshot(&dir.path().join("out")) == before);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    // merge honours it too.
    partials(dir.path());
    let o = pm(dir.path())
        .env("POLICY_MINE_FAULT", "interrupt:finalize")
        .args(["merge", "-q", "p0", "p1", "--out", "out", "--force"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", err(&o));
    assert!(snapshot(&dir.path().join("out")) == before);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

// 16. A full disk while streaming tables gave "No space left on device" with no file.
#[test]
fn full_disk_names_the_table() {
    let dir = case();
    let o = with_fault(dir.path(), "enospc:measures.csv", &[]);
    fails_with(&o, &["out/measures.csv", "No space left on device"]);
    assert!(!dir.path().join("out").exists());
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

// 1. Two runs onto one --out corrupted measures.csv.
#[test]
fn concurrent_runs_onto_one_folder() {
    let dir = case();
    let children: Vec<_> = (0..3)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("policy-mine"))
                .current_dir(dir.path())
                .args(["run", "-q", "--corpus", "corpus", "--out", "out"])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let succeeded = outputs.iter().filter(|o| o.status.success()).count();
    assert!(succeeded >= 1);
    for o in outputs.iter().filter(|o| !o.status.success()) {
        fails_with(
            o,
            &["is being written by another policy-mine process (pid "],
        );
    }
    ok(&pm(dir.path()).args(["verify", "out"]).output().unwrap());
    assert_eq!(documents(&dir.path().join("out")), 2);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}
