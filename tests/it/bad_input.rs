//! Bad input gets a clear error (file, line or byte offset, exit code) and loses nothing.
//! Every case builds its files here and runs the real binary.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

#[allow(unused_imports)]
use crate::util::*;

fn run(args: &[&str], corpus: &Path, out: &Path) -> Output {
    Command::cargo_bin("policy-mine")
        .unwrap()
        .current_dir(repo())
        .args(["run", "-q", "--corpus"])
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn summary_row(out: &Path, province: &str) -> Vec<(String, String)> {
    let mut reader = csv::Reader::from_path(out.join("summary.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == province)
        .unwrap_or_else(|| panic!("{province} missing"));
    headers
        .iter()
        .zip(row.iter())
        .map(|(h, v)| (h.to_owned(), v.to_owned()))
        .collect()
}

fn field(row: &[(String, String)], name: &str) -> String {
    row.iter().find(|(h, _)| h == name).unwrap().1.clone()
}

fn terms(out: &Path) -> String {
    std::fs::read_to_string(out.join("term_frequency.csv")).unwrap()
}

const TEXT: &str = "山西省国考断面水质优良比例为87.5%,督察整改工作取得阶段性成效。\n各市均成立整改工作领导小组。\n";

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        Case { dir }
    }
    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }
    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.corpus().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

#[test]
fn gb18030_is_an_error_with_offset_unless_asked_for() {
    let case = Case::new();
    let gb = encoding_rs::GB18030.encode(TEXT).0.into_owned();
    case.file("山西.txt", &gb);
    let o = run(&[], &case.corpus(), &case.out());
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    let offset = std::str::from_utf8(&gb).unwrap_err().valid_up_to();
    assert!(
        e.contains(&format!(
            "山西.txt: not valid UTF-8 at byte offset {offset}"
        )),
        "{e}"
    );
    assert!(e.contains("--encoding gb18030"), "{e}");
    assert!(!case.out().join("summary.csv").exists());

    for enc in ["gb18030", "auto"] {
        let o = run(&["--encoding", enc], &case.corpus(), &case.out());
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(terms(&case.out()).contains("国考断面"), "--encoding {enc}");
    }
}

#[test]
fn utf16_with_bom_is_read() {
    let case = Case::new();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(TEXT.encode_utf16().flat_map(u16::to_le_bytes));
    case.file("山西.txt", &bytes);
    let o = run(&[], &case.corpus(), &case.out());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(terms(&case.out()).contains("督察整改"));
}

#[test]
fn bom_and_crlf_are_normalized() {
    let case = Case::new();
    let crlf = format!("\u{feff}{}", TEXT.replace('\n', "\r\n"));
    case.file("山西.txt", crlf.as_bytes());
    let o = run(&[], &case.corpus(), &case.out());
    assert!(o.status.success(), "{}", stderr(&o));
    let row = summary_row(&case.out(), "山西");
    assert_eq!(field(&row, "sentences"), "2");
    let t = terms(&case.out());
    assert!(!t.contains('\u{feff}') && !t.contains('\r'));
}

#[test]
fn truncated_multibyte_sequence_names_offset() {
    let case = Case::new();
    let mut bytes = "督察整".as_bytes().to_vec();
    bytes.extend_from_slice(&"改".as_bytes()[..2]);
    case.file("山西.txt", &bytes);
    let o = run(&[], &case.corpus(), &case.out());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("at byte offset 9"), "{}", stderr(&o));
}

#[test]
fn empty_document_warns_and_keeps_its_province_with_zeros() {
    let case = Case::new();
    case.file("山西.txt", TEXT.as_bytes());
    case.file("云南.txt", b"");
    let o = run(&[], &case.corpus(), &case.out());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("云南.txt: empty document"),
        "{}",
        stderr(&o)
    );
    let row = summary_row(&case.out(), "云南");
    for col in [
        "documents",
        "characters",
        "sentences",
        "tokens",
        "content_tokens",
        "types",
        "measure_sentences",
        "metrics",
    ] {
        let want = if col == "documents" { "1" } else { "0" };
        assert_eq!(field(&row, col), want, "{col}");
    }
    let types = std::fs::read_to_string(case.out().join("measure_types.csv")).unwrap();
    assert_eq!(
        types.lines().filter(|l| l.starts_with("云南,")).count(),
        6,
        "explicit zero rows"
    );
    // 0 of 0 sentences: the counts are zeros, the shares are empty (no observed share)
    for table in [
        "measure_types.csv",
        "measure_families.csv",
        "measure_cooccurrence.csv",
    ] {
        let rows = read_csv(&case.out().join(table));
        let (empty, full): (Vec<_>, Vec<_>) = rows.iter().partition(|r| r["province"] == "云南");
        assert!(!empty.is_empty() && !full.is_empty(), "{table}");
        assert!(
            empty
                .iter()
                .all(|r| r["share"].is_empty() && r["sentences"] == "0"),
            "{table}: {empty:?}"
        );
        assert!(
            full.iter().all(|r| r["share"].parse::<f64>().is_ok()),
            "{table}"
        );
    }
}

#[test]
fn broken_pdf_is_sniffed_and_named_even_as_txt() {
    let case = Case::new();
    case.file("山西.txt", TEXT.as_bytes());
    case.file("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n");
    let o = run(&[], &case.corpus(), &case.out());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("report.txt: not a readable PDF"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn malformed_dictionary_line_names_file_and_line() {
    let case = Case::new();
    case.file("山西.txt", TEXT.as_bytes());
    let dict = case.dir.path().join("stop.txt");
    std::fs::write(&dict, "的\n了\n督察 整改\n").unwrap();
    let o = run(
        &["--stopwords", dict.to_str().unwrap()],
        &case.corpus(),
        &case.out(),
    );
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("stop.txt:3:")
            && e.contains("`督察 整改`")
            && e.contains("expected one stop word per line"),
        "{e}"
    );
    let units = case.dir.path().join("units.csv");
    std::fs::write(
        &units,
        "unit,dimension,factor,unit_std\n公顷,area,1,公顷\n亩,acreage,1/15,公顷\n",
    )
    .unwrap();
    let o = run(
        &["--units", units.to_str().unwrap()],
        &case.corpus(),
        &case.out(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("units.csv:3:") && stderr(&o).contains("dimension `acreage`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn duplicate_doc_ids_are_an_error() {
    let case = Case::new();
    case.file("a.txt", TEXT.as_bytes());
    case.file(
        "metadata.csv",
        "doc_id,province,path\nd1,山西,a.txt\nd1,辽宁,a.txt\n".as_bytes(),
    );
    let o = run(&[], &case.corpus(), &case.out());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("metadata.csv:3: duplicate doc_id `d1`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_file_and_empty_folder_are_errors() {
    let case = Case::new();
    let o = run(&[], &case.corpus(), &case.out());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("has no documents"), "{}", stderr(&o));
    case.file(
        "metadata.csv",
        "doc_id,province,path\nd1,山西,missing.txt\n".as_bytes(),
    );
    let o = run(&[], &case.corpus(), &case.out());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("metadata.csv:2: document `missing.txt` not found"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn paths_outside_the_corpus_are_refused_unless_allowed() {
    let case = Case::new();
    std::fs::write(case.dir.path().join("outside.txt"), TEXT).unwrap();
    case.file(
        "metadata.csv",
        "doc_id,province,path\nd1,山西,../outside.txt\n".as_bytes(),
    );
    let o = run(&[], &case.corpus(), &case.out());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("points outside the corpus folder")
            && stderr(&o).contains("--allow-outside-corpus"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--allow-outside-corpus"], &case.corpus(), &case.out());
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn unwritable_output_folder_is_an_error_before_any_work() {
    let case = Case::new();
    case.file("山西.txt", TEXT.as_bytes());
    // A path below a regular file cannot be created, even by root.
    let blocker = case.dir.path().join("blocker");
    std::fs::write(&blocker, "x").unwrap();
    let o = run(&[], &case.corpus(), &blocker.join("out"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot create output folder"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn long_line_without_breaks_is_cut_and_reported() {
    let case = Case::new();
    let line = "加强生态环境保护督察整改,推进污染防治攻坚战,".repeat(20_000); // ~460k chars, no terminator
    case.file("山西.txt", line.as_bytes());
    let o = run(&[], &case.corpus(), &case.out());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("sentence(s) longer than 1000 chars were cut"),
        "{}",
        stderr(&o)
    );
    let row = summary_row(&case.out(), "山西");
    let sentences: u64 = field(&row, "sentences").parse().unwrap();
    assert!(sentences >= 460, "{sentences}");
}

/// Whether a staging folder of `OUT` (`PARENT/.OUT.stage-*`) holds a measures table yet.
fn staging_started(parent: &Path, name: &str) -> bool {
    std::fs::read_dir(parent).unwrap().flatten().any(|e| {
        e.file_name()
            .to_string_lossy()
            .starts_with(&format!(".{name}.stage-"))
            && e.path().join("measures.csv").exists()
    })
}

/// Names next to `OUT` that a run may leave only while it runs.
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".stage-") || n.contains(".old-") || n.ends_with(".lock"))
        .collect()
}

/// Kill a run halfway through: the previous tables must be untouched and no temporary file
/// may be left behind.
#[test]
fn interrupted_run_leaves_previous_output_intact() {
    let case = Case::new();
    let doc =
        std::fs::read_to_string(repo().join("corpus/docs/000_d25812755243d715_07.txt")).unwrap();
    for i in 0..1000 {
        case.file(&format!("p{}_{i}.txt", i % 8), doc.as_bytes());
    }
    std::fs::write(case.corpus().join("metadata.csv"), {
        let mut m = String::from("doc_id,province,path\n");
        for i in 0..1000 {
            m.push_str(&format!("d{i},p{},p{}_{i}.txt\n", i % 8, i % 8));
        }
        m
    })
    .unwrap();
    // A previous run's output: real tables and manifest from a one-document corpus.
    let small = case.dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    std::fs::write(small.join("山西.txt"), TEXT).unwrap();
    let out = case.out();
    let o = run(&[], &small, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let snapshot = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let before = snapshot(&out);
    assert!(
        before.len() >= 8,
        "{:?}",
        before.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let bin = assert_cmd::cargo::cargo_bin("policy-mine");
    let mut child = std::process::Command::new(bin)
        .args([
            "run",
            "-q",
            "--threads",
            "1",
            "--sentence-cache",
            "0",
            "--corpus",
        ])
        .arg(case.corpus())
        .arg("--out")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the run is writing its temporary tables, then send SIGTERM.
    let started = std::time::Instant::now();
    while !staging_started(case.dir.path(), "out") {
        assert!(
            started.elapsed().as_secs() < 60,
            "run never started writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert_eq!(
        exit.code(),
        Some(130),
        "the run should have stopped on SIGTERM"
    );
    assert!(
        snapshot(&out) == before,
        "the previous output changed or temporary files remain"
    );
    assert_eq!(leftovers(case.dir.path()), Vec::<String>::new());
}
