//! Exact sharding: `run --shard I/N` partials merged with `merge` give byte-identical
//! tables to one run over the whole corpus; merge refuses double counting and mismatches.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

#[allow(unused_imports)]
use crate::util::*;

fn policy_mine(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("policy-mine")
        .unwrap()
        .current_dir(repo())
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) {
    let o = policy_mine(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const TABLES: [&str; 11] = [
    "term_frequency.csv",
    "sentences.csv",
    "documents.csv",
    "summary.csv",
    "measures.csv",
    "measure_types.csv",
    "measure_families.csv",
    "measure_cooccurrence.csv",
    "keyness.csv",
    "metrics.csv",
    "report.html",
];

fn shards(dir: &Path, n: u64) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let out = dir.join(format!("part-{i}-of-{n}"));
            ok(&[
                "run",
                "-q",
                "--shard",
                &format!("{i}/{n}"),
                "--out",
                s(&out),
            ]);
            out
        })
        .collect()
}

#[test]
fn merged_shards_are_byte_identical_to_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full");
    ok(&["run", "-q", "--out", s(&full)]);
    for n in [1, 2, 7] {
        let mut parts = shards(dir.path(), n);
        parts.reverse(); // merge order must not matter
        let merged = dir.path().join(format!("merged-{n}"));
        let mut args = vec!["merge", "-q", "--out", s(&merged)];
        args.extend(parts.iter().map(|p| s(p)));
        ok(&args);
        for table in TABLES {
            let a = std::fs::read(full.join(table)).unwrap();
            let b = std::fs::read(merged.join(table)).unwrap();
            assert!(a == b, "N={n}: {table} differs from the single run");
        }
        let manifest = |d: &Path| {
            let t = std::fs::read_to_string(d.join("manifest.json")).unwrap();
            t[..t.find("\"timing\"").unwrap()].to_owned()
        };
        assert_eq!(
            manifest(&full),
            manifest(&merged),
            "N={n}: manifest differs outside timing"
        );
    }
}

#[test]
fn merge_refuses_double_counting_and_mismatched_partials() {
    let dir = tempfile::tempdir().unwrap();
    let parts = shards(dir.path(), 2);
    let out = dir.path().join("out");
    let twice = policy_mine(&["merge", "-q", "--out", s(&out), s(&parts[0]), s(&parts[0])]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("same partial"));

    let other = dir.path().join("other");
    ok(&[
        "run",
        "-q",
        "--shard",
        "1/2",
        "--keep-single-chars",
        "--out",
        s(&other),
    ]);
    let mixed = policy_mine(&["merge", "-q", "--out", s(&out), s(&parts[0]), s(&other)]);
    assert_eq!(mixed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("other options"));

    // The same documents through another route: a whole-corpus partial overlaps shard 0.
    let all = dir.path().join("all");
    ok(&["run", "-q", "--shard", "0/1", "--out", s(&all)]);
    let overlap = policy_mine(&["merge", "-q", "--out", s(&out), s(&parts[0]), s(&all)]);
    assert_eq!(overlap.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&overlap.stderr).contains("is in both"));

    let tables = policy_mine(&[
        "merge",
        "-q",
        "--out",
        s(&out),
        s(&dir.path().join("nothing")),
    ]);
    assert_eq!(tables.status.code(), Some(1));
    assert!(
        !out.join("summary.csv").exists(),
        "nothing written on a refused merge"
    );

    // A missing shard is an error (one line, exit 1) that writes nothing and leaves an
    // existing output folder as it was, unless --allow-partial is given.
    ok(&["merge", "-q", "--out", s(&out), s(&parts[0]), s(&parts[1])]);
    let before = std::fs::read(out.join("summary.csv")).unwrap();
    let half = dir.path().join("half");
    for target in [&out, &half] {
        let refused = policy_mine(&["merge", "-q", "--out", s(target), s(&parts[1])]);
        assert_eq!(refused.status.code(), Some(1));
        let err = String::from_utf8_lossy(&refused.stderr);
        assert!(
            err.contains("do not cover all 2 shards") && err.contains("--allow-partial"),
            "{err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    assert!(!half.exists(), "nothing written on a refused merge");
    assert_eq!(std::fs::read(out.join("summary.csv")).unwrap(), before);
    let partial = policy_mine(&[
        "merge",
        "-q",
        "--allow-partial",
        "--out",
        s(&half),
        s(&parts[1]),
    ]);
    assert!(partial.status.success());
    assert!(String::from_utf8_lossy(&partial.stderr).contains("does not cover all 2 shards"));
    assert!(half.join("summary.csv").exists());
    // The set says it is partial: in the manifest's config, datapackage.json and verify; a
    // complete merge says nothing of the kind.
    let config = |dir: &Path| {
        let m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
        m["config"]["merged_shards"].clone()
    };
    assert_eq!(config(&half), serde_json::json!(["1/2"]));
    assert_eq!(config(&out), serde_json::Value::Null);
    let package = std::fs::read_to_string(half.join("datapackage.json")).unwrap();
    assert!(
        package.contains("PARTIAL: merged from shards 1/2 only"),
        "{package}"
    );
    let full_package = std::fs::read_to_string(out.join("datapackage.json")).unwrap();
    assert!(!full_package.contains("PARTIAL"));
    let html = |dir: &Path| std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        html(&half).contains("<strong>PARTIAL:</strong> merged from shards 1/2 only"),
        "report.html says so too"
    );
    assert!(!html(&out).contains("PARTIAL"));
    let v = policy_mine(&["verify", s(&half)]);
    assert!(v.status.success());
    let report = String::from_utf8_lossy(&v.stdout);
    assert!(
        report.contains("note     partial    shards 1/2 only (merge --allow-partial)"),
        "{report}"
    );
    // A run cannot reproduce a partial set from its manifest.
    let again = policy_mine(&[
        "run",
        "-q",
        "--config",
        s(&half.join("manifest.json")),
        "--out",
        s(&dir.path().join("again")),
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("partial merge of shards 1/2"));
}

#[test]
fn stdin_jsonl_partials_merge_to_the_same_tables() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full");
    ok(&["run", "-q", "--out", s(&full)]);
    let mut meta = csv::Reader::from_path(repo().join("corpus/metadata.csv")).unwrap();
    let mut halves = [String::new(), String::new()];
    for (i, row) in meta.records().enumerate() {
        let row = row.unwrap();
        let text = std::fs::read_to_string(repo().join("corpus").join(&row[2])).unwrap();
        let rec =
            serde_json::json!({"doc_id": &row[0], "province": &row[1], "text": text, "index": i});
        halves[i % 2].push_str(&format!("{rec}\n"));
    }
    let mut parts = Vec::new();
    for (k, half) in halves.iter().enumerate() {
        let out = dir.path().join(format!("stdin-{k}"));
        Command::cargo_bin("policy-mine")
            .unwrap()
            .args(["run", "-q", "--stdin-jsonl", "--out", s(&out)])
            .write_stdin(half.clone())
            .assert()
            .success();
        parts.push(out);
    }
    let merged = dir.path().join("merged");
    ok(&[
        "merge",
        "-q",
        "--out",
        s(&merged),
        s(&parts[1]),
        s(&parts[0]),
    ]);
    // Records carry no metadata columns, so summary.csv lacks them; every other table matches.
    for table in TABLES
        .iter()
        .filter(|t| !["summary.csv", "documents.csv", "report.html"].contains(t))
    {
        assert!(
            std::fs::read(full.join(table)).unwrap() == std::fs::read(merged.join(table)).unwrap(),
            "{table}"
        );
    }
    let bad = Command::cargo_bin("policy-mine")
        .unwrap()
        .args([
            "run",
            "-q",
            "--stdin-jsonl",
            "--out",
            s(&dir.path().join("bad")),
        ])
        .write_stdin("{\"doc_id\": \"a\", \"text\": \"缺省份\"}\n")
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&bad.get_output().stderr).contains("<stdin>:1:"));
}

/// One group: `keyness.csv` is the header only and the run warns once; a shard (which writes
/// no keyness.csv) does not warn, and its merge warns once as the run does.
#[test]
fn a_single_group_has_a_header_only_keyness_and_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (run, part, merged) = (
        dir.path().join("run"),
        dir.path().join("part"),
        dir.path().join("merged"),
    );
    let filter = "province=山西省";
    let warned = |o: &std::process::Output| {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr)
            .matches("keyness.csv has no rows")
            .count()
    };
    let o = policy_mine(&["run", "-q", "--filter", filter, "--out", s(&run)]);
    assert_eq!(warned(&o), 1);
    let keyness = std::fs::read_to_string(run.join("keyness.csv")).unwrap();
    assert_eq!(keyness.lines().count(), 1, "{keyness}");
    assert!(keyness.starts_with("province,term,"));
    let o = policy_mine(&[
        "run",
        "-q",
        "--filter",
        filter,
        "--shard",
        "0/1",
        "--out",
        s(&part),
    ]);
    assert_eq!(warned(&o), 0);
    let o = policy_mine(&["merge", "-q", "--out", s(&merged), s(&part)]);
    assert_eq!(warned(&o), 1);
    assert_eq!(
        std::fs::read(merged.join("keyness.csv")).unwrap(),
        keyness.as_bytes()
    );
}
