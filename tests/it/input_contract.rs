//! The input contract at its edges (review 8): a malformed `metadata.csv`, one file listed
//! twice, empty or padded ids on stdin, an output folder inside a folder-mode corpus, files
//! folder mode does not read, and a symbolic link as `--out`. Each case builds a small corpus
//! in a temp folder, runs the real binary and checks the exit code, the one-line message
//! (file and line) and that no tables were written.

use std::path::{Path, PathBuf};
use std::process::Output;

#[allow(unused_imports)]
use crate::util::*;

const TEXT: &str = "中央生态环境保护督察。各市均成立整改工作领导小组。\n";

/// A temp folder holding `c/docs/{a,b,c}.txt`; runs start in it.
struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("c/docs")).unwrap();
        for name in ["a", "b", "c"] {
            std::fs::write(dir.path().join(format!("c/docs/{name}.txt")), TEXT).unwrap();
        }
        Dir { dir }
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    /// `policy-mine ARGS` in the temp folder.
    fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, "")
    }
    fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        bin()
            .current_dir(self.dir.path())
            .args(args)
            .write_stdin(stdin)
            .output()
            .unwrap()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit 1 with exactly one line on stderr, `error: ` + a message holding every `parts`.
fn assert_one_line_error(o: &Output, parts: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected: {err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    for p in parts {
        assert!(lines[0].contains(p), "`{p}` missing from: {err}");
    }
}

/// Nothing but `keep` in `parent` (no output folder, no staging, lock or old folder).
fn assert_nothing_written(parent: &Path, keep: &[&str]) {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut keep: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
    keep.sort();
    assert_eq!(names, keep);
}

fn run_corpus(d: &Dir) -> Output {
    d.run(&["run", "-q", "--corpus", "c", "--out", "o"])
}

#[test]
fn unterminated_quote_in_metadata_is_a_one_line_error() {
    let d = Dir::new();
    d.write(
        "c/metadata.csv",
        "doc_id,province,path,title\nd1,山西,docs/a.txt,\"标题 一\nd2,辽宁,docs/b.txt,标题二\nd3,安徽,docs/c.txt,标题三\n",
    );
    let o = run_corpus(&d);
    assert_one_line_error(&o, &["c/metadata.csv:2: unterminated quoted field"]);
    assert_nothing_written(d.dir.path(), &["c"]);
}

#[test]
fn every_malformed_metadata_row_is_file_colon_line() {
    let cases = [
        // A quote closed rows later: the path swallowed a row.
        (
            "doc_id,province,path\nd1,山西,\"docs/a.txt\nd2,辽宁,\"docs/b.txt\n",
            "c/metadata.csv:2: path `docs/a.txt\\nd2,辽宁,docs/b.txt` holds a line break",
        ),
        // A ragged row.
        (
            "doc_id,province,path,title\nd1,山西,docs/a.txt,t\nd2,辽宁,docs/b.txt\n",
            "c/metadata.csv:3: row has 3 fields, the header has 4",
        ),
        // Bytes that are not UTF-8.
        (
            "doc_id,province,path\nd1,山西,docs/a.txt\nd2,\u{FFFD},docs/b.txt\n",
            "c/metadata.csv:3: field 2 is not valid UTF-8",
        ),
        // A header without the required columns.
        (
            "doc_id,provinc,path\nd1,山西,docs/a.txt\n",
            "c/metadata.csv:1: header must have columns doc_id, province and path",
        ),
    ];
    for (csv, expected) in cases {
        let d = Dir::new();
        let bytes = csv.replace('\u{FFFD}', "\u{1}").into_bytes();
        let bytes: Vec<u8> = bytes
            .into_iter()
            .map(|b| if b == 1 { 0xFF } else { b })
            .collect();
        std::fs::write(d.path("c/metadata.csv"), bytes).unwrap();
        let o = run_corpus(&d);
        assert_one_line_error(&o, &[expected]);
        assert_nothing_written(d.dir.path(), &["c"]);
    }
}

#[test]
fn one_file_under_two_metadata_rows_names_both_lines() {
    for (second, expected) in [
        (
            "./docs/a.txt",
            "c/metadata.csv:4: path `./docs/a.txt` is the same file as line 2 (`docs/a.txt`)",
        ),
        (
            "docs//a.txt",
            "c/metadata.csv:4: path `docs//a.txt` is the same file as line 2 (`docs/a.txt`)",
        ),
    ] {
        let d = Dir::new();
        d.write(
            "c/metadata.csv",
            &format!(
                "doc_id,province,path\nd1,山西,docs/a.txt\nd2,辽宁,docs/b.txt\nd3,辽宁,{second}\n"
            ),
        );
        let o = run_corpus(&d);
        assert_one_line_error(&o, &[expected]);
        assert_nothing_written(d.dir.path(), &["c"]);
    }
    // Distinct files still run.
    let d = Dir::new();
    d.write(
        "c/metadata.csv",
        "doc_id,province,path\nd1,山西,docs/a.txt\nd2,辽宁,./docs/b.txt\n",
    );
    let o = run_corpus(&d);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn stdin_ids_are_trimmed_and_must_not_be_empty_as_in_metadata() {
    let rec = |id: &str, province: &str| {
        format!("{{\"doc_id\":\"{id}\",\"province\":\"{province}\",\"text\":\"督察。\"}}\n")
    };
    let args = ["run", "-q", "--stdin-jsonl", "--out", "pj"];
    for (input, expected) in [
        (
            rec("", ""),
            "<stdin>:1: doc_id and province must not be empty",
        ),
        (
            rec("a", "山西") + &rec(" ", "山西"),
            "<stdin>:2: doc_id and province must not be empty",
        ),
        (
            rec("a", "山西") + &rec("b", "  "),
            "<stdin>:2: doc_id and province must not be empty",
        ),
        (
            rec("a", "山西") + &rec("a ", "山西"),
            "<stdin>:2: duplicate doc_id `a`",
        ),
    ] {
        let d = Dir::new();
        let o = d.run_with_stdin(&args, &input);
        assert_one_line_error(&o, &[expected]);
        assert_nothing_written(d.dir.path(), &["c"]);
    }
    // Padding is dropped from the ids the tables carry.
    let d = Dir::new();
    let o = d.run_with_stdin(&args, &rec(" a ", " 山西"));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = d.run(&["merge", "pj", "--out", "m", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = read_csv(&d.path("m/documents.csv"));
    assert_eq!(docs.len(), 1);
    assert_eq!(
        (docs[0]["doc_id"].as_str(), docs[0]["province"].as_str()),
        ("a", "山西")
    );
}

/// Review 10: metadata values are trimmed as doc_id, province and path are, so `" 2020"`
/// and `"2020"` are one group; an empty grouping value is refused as an empty province is.
#[test]
fn grouping_values_are_trimmed_and_never_empty() {
    let d = Dir::new();
    d.write(
        "c/metadata.csv",
        "doc_id,province,path,year,batch\nd1,山西 ,docs/a.txt,2020,一 \nd2,山西,docs/b.txt, 2020,\" 二\"\n",
    );
    let o = d.run(&[
        "run",
        "-q",
        "--corpus",
        "c",
        "--out",
        "o",
        "--group-by",
        "province,year",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = read_csv(&d.path("o/summary.csv"));
    let groups: Vec<(&str, &str, &str)> = summary
        .iter()
        .map(|r| {
            (
                r["province"].as_str(),
                r["year"].as_str(),
                r["batch"].as_str(),
            )
        })
        .collect();
    assert_eq!(groups, [("山西", "2020", "一|二")]);
    d.write(
        "c/metadata.csv",
        "doc_id,province,path,year\nd1,山西,docs/a.txt,2020\nd2,山西,docs/b.txt, \n",
    );
    let o = d.run(&[
        "run",
        "-q",
        "--corpus",
        "c",
        "--out",
        "o2",
        "--group-by",
        "year",
    ]);
    assert_one_line_error(
        &o,
        &["c/metadata.csv:3: empty value in group column \"year\""],
    );
    assert!(!d.path("o2").exists());
    // An empty value in a column that does not group stays an empty cell.
    let o = d.run(&["run", "-q", "--corpus", "c", "--out", "o3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rec = |id: &str, year: &str| {
        format!(
            "{{\"doc_id\":\"{id}\",\"province\":\"山西\",\"year\":\"{year}\",\"text\":\"督察。\"}}\n"
        )
    };
    let o = d.run_with_stdin(
        &[
            "run",
            "-q",
            "--stdin-jsonl",
            "--out",
            "pj",
            "--group-by",
            "year",
        ],
        &(rec("a", "2020") + &rec("b", "")),
    );
    assert_one_line_error(&o, &["<stdin>:2: empty value in group column \"year\""]);
}

/// Review 10: a header-only `metadata.csv` beside `.txt` files says it has no rows, not that
/// the folder has no `.txt` files.
/// summary.csv joins a group's distinct carried values with `|`: a value that holds `|`
/// itself is said once (the cell cannot tell `a|b` from `a` and `b`); values stay in corpus
/// order, each once.
#[test]
fn carried_values_with_a_pipe_warn_once() {
    let d = Dir::new();
    d.write(
        "c/metadata.csv",
        "doc_id,province,path,source\nd1,山西,docs/a.txt,甲|乙\nd2,山西,docs/b.txt,丙\nd3,山西,docs/c.txt,丙\n",
    );
    d.write("c/docs/c.txt", "第三份文件。\n");
    let o = d.run(&["run", "-q", "--corpus", "c", "--out", "o"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.matches("values with `|`").count(), 1, "{err}");
    assert!(err.contains("`source`") && err.contains("d1"), "{err}");
    let summary = read_csv(&d.path("o/summary.csv"));
    assert_eq!(summary[0]["source"], "甲|乙|丙");
}

#[test]
fn header_only_metadata_says_it_has_no_rows() {
    let d = Dir::new();
    d.write("c/metadata.csv", "doc_id,province,path,year\n");
    let o = run_corpus(&d);
    assert_one_line_error(&o, &["c/metadata.csv: no rows under the header"]);
    assert!(!stderr(&o).contains("no *.txt"), "{}", stderr(&o));
    assert_nothing_written(d.dir.path(), &["c"]);
}

/// The doc_ids of a run's `documents.csv`.
fn doc_ids(out: &Path) -> Vec<String> {
    read_csv(&out.join("documents.csv"))
        .into_iter()
        .map(|r| r["doc_id"].clone())
        .collect()
}

#[test]
fn output_folder_inside_a_folder_mode_corpus_is_not_read_back() {
    let d = Dir::new();
    let args = ["run", "-q", "--corpus", "c/docs", "--out", "c/docs/out"];
    for _ in 0..2 {
        let o = d.run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stderr(&o), "", "the run's own --out is left out silently");
        assert_eq!(doc_ids(&d.path("c/docs/out")), ["a", "b", "c"]);
    }
    // Another run's output folder under the corpus is not read either, with a warning.
    let o = d.run(&[
        "run",
        "-q",
        "--corpus",
        "c/docs",
        "--out",
        "c/docs/sub/second",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).trim(),
        "warning: c/docs/out: output folder of an earlier policy-mine run (it holds its manifest.json), not read"
    );
    assert_eq!(doc_ids(&d.path("c/docs/sub/second")), ["a", "b", "c"]);
    // Relative spellings of the same --out (`./`, from the corpus folder itself) too.
    let o = bin()
        .current_dir(d.path("c/docs"))
        .args(["run", "-q", "--corpus", ".", "--out", "./sub/second"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(doc_ids(&d.path("c/docs/sub/second")), ["a", "b", "c"]);
}

#[test]
fn files_folder_mode_cannot_read_are_counted_in_one_warning() {
    let d = Dir::new();
    for name in ["b.doc", "d.md", "e.wps"] {
        d.write(&format!("c/docs/{name}"), TEXT);
    }
    d.write("c/docs/C.TXT", TEXT);
    d.write("c/docs/.DS_Store", "x");
    d.write("c/docs/.git/HEAD", "x");
    let o = d.run(&["run", "-q", "--corpus", "c/docs", "--out", "o"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).trim(),
        "warning: skipped 3 files that are not documents (.txt .html .htm .docx .pdf): b.doc, d.md, e.wps"
    );
    assert_eq!(doc_ids(&d.path("o")), ["C", "a", "b", "c"]);
    // More than five: the first five in path order, then `…`.
    for i in 0..4 {
        d.write(&format!("c/docs/z/{i}.wps"), TEXT);
    }
    let o = d.run(&["run", "-q", "--corpus", "c/docs", "--out", "o"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).trim(),
        "warning: skipped 7 files that are not documents (.txt .html .htm .docx .pdf): b.doc, d.md, e.wps, z/0.wps, z/1.wps, …"
    );
}

#[cfg(unix)]
#[test]
fn symbolic_link_as_out_is_refused_naming_it() {
    let d = Dir::new();
    let o = d.run(&["run", "-q", "--corpus", "c/docs", "--out", "real"]);
    assert!(o.status.success(), "{}", stderr(&o));
    d.write("real/mynotes.txt", "keep");
    let before = std::fs::read(d.path("real/manifest.json")).unwrap();
    std::os::unix::fs::symlink("real", d.path("link")).unwrap();
    std::fs::create_dir(d.path("empty")).unwrap();
    std::os::unix::fs::symlink("empty", d.path("link_empty")).unwrap();
    for (args, shown) in [
        (
            vec![
                "run",
                "-q",
                "--corpus",
                "c/docs",
                "--out",
                "link",
                "--min-count",
                "2",
            ],
            "link",
        ),
        (
            vec!["run", "-q", "--corpus", "c/docs", "--out", "link/"],
            "link/",
        ),
        (
            vec!["run", "-q", "--corpus", "c/docs", "--out", "link_empty"],
            "link_empty",
        ),
        (vec!["merge", "real", "--out", "link"], "link"),
    ] {
        let o = d.run(&args);
        assert_one_line_error(&o, &[&format!("--out {shown} is a symbolic link (to ")]);
        // The links are still links, the folders they point to untouched, nothing beside them.
        assert!(
            std::fs::symlink_metadata(d.path("link"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::symlink_metadata(d.path("link_empty"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(d.path("real/manifest.json")).unwrap(), before);
        assert_eq!(std::fs::read_dir(d.path("empty")).unwrap().count(), 0);
        assert_nothing_written(d.dir.path(), &["c", "empty", "link", "link_empty", "real"]);
    }
}
