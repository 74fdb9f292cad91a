//! Panel data: `--group-by` on a fixture corpus with two provinces and two years, the
//! sentence- and document-level tables, the document-term matrix (read back in Rust and,
//! when it is installed, with Python scipy), and exact shards and merges with grouping.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::util::*;

/// (doc_id, province, year, section, bundled document): the year makes a panel.
const DOCS: [(&str, &str, &str, &str, &str); 4] = [
    ("sx2020", "山西省", "2020", "01", "01"),
    ("hn2020", "湖南省", "2020", "06", "06"),
    ("sx2021a", "山西省", "2021", "02", "02"),
    ("sx2021b", "山西省", "2021", "03", "03"),
];

/// The groups `--group-by province,year` must give: the product present, corpus order.
const GROUPS: [(&str, &str); 3] = [("山西省", "2020"), ("湖南省", "2020"), ("山西省", "2021")];

fn fixture_corpus(dir: &Path) -> PathBuf {
    let root = dir.join("panel");
    std::fs::create_dir_all(root.join("docs")).unwrap();
    let mut meta = String::from("doc_id,province,path,title,year,section\n");
    for (id, province, year, section, src) in DOCS {
        let text = std::fs::read_to_string(
            repo().join(format!("corpus/docs/000_d25812755243d715_{src}.txt")),
        )
        .unwrap();
        std::fs::write(root.join(format!("docs/{id}.txt")), text).unwrap();
        meta.push_str(&format!(
            "{id},{province},docs/{id}.txt,{id} report,{year},{section}\n"
        ));
    }
    std::fs::write(root.join("metadata.csv"), meta).unwrap();
    root
}

fn run(args: &[&str]) -> std::process::Output {
    let o = bin().args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn header(path: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.headers().unwrap().iter().map(str::to_owned).collect()
}

/// The distinct (province, year) of a table, in order of first appearance.
fn groups_of(rows: &[HashMap<String, String>]) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String)> = Vec::new();
    for r in rows {
        let k = (r["province"].clone(), r["year"].clone());
        if !seen.contains(&k) {
            seen.push(k);
        }
    }
    seen
}

fn panel_run(dir: &Path) -> PathBuf {
    let corpus = fixture_corpus(dir);
    let out = dir.join("out");
    run(&[
        "run",
        "-q",
        "--corpus",
        s(&corpus),
        "--group-by",
        "province,year",
        "--dtm",
        "--out",
        s(&out),
    ]);
    out
}

#[test]
fn panel_groups_are_the_product_present_in_corpus_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = panel_run(dir.path());
    let expected: Vec<(String, String)> = GROUPS
        .iter()
        .map(|(p, y)| (p.to_string(), y.to_string()))
        .collect();
    for table in [
        "term_frequency",
        "summary",
        "measure_types",
        "measure_families",
        "measure_cooccurrence",
        "keyness",
    ] {
        let path = out.join(format!("{table}.csv"));
        assert_eq!(header(&path)[..2], ["province", "year"], "{table}");
        assert_eq!(groups_of(&read_csv(&path)), expected, "{table}");
    }
    // measure_types: every group × type, zeros included.
    assert_eq!(read_csv(&out.join("measure_types.csv")).len(), 3 * 6);
    // summary carries `section` but not `year` (a grouping column) twice.
    let summary = header(&out.join("summary.csv"));
    assert_eq!(summary.iter().filter(|c| *c == "year").count(), 1);
    assert_eq!(summary.last().unwrap(), "section");
    let rows = read_csv(&out.join("summary.csv"));
    assert_eq!(rows[2]["documents"], "2");
    assert_eq!(rows[2]["section"], "02|03");
    for table in ["measures", "metrics", "sentences"] {
        assert_eq!(
            header(&out.join(format!("{table}.csv")))[..3],
            ["province", "year", "doc_id"]
        );
    }
    let pkg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("datapackage.json")).unwrap()).unwrap();
    let res = pkg["resources"].as_array().unwrap();
    let key = |name: &str| {
        res.iter().find(|r| r["name"] == name).unwrap()["schema"]["primaryKey"].clone()
    };
    assert_eq!(key("summary"), serde_json::json!(["province", "year"]));
    assert_eq!(
        key("keyness"),
        serde_json::json!(["province", "year", "term"])
    );
    assert!(res.iter().any(|r| r["name"] == "dtm-terms"));
    let validated = std::process::Command::new("frictionless")
        .args(["validate", "--json"])
        .arg(out.join("datapackage.json"))
        .output();
    match validated {
        Ok(o) if !o.stdout.is_empty() => {
            let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(report["valid"], true, "{report:#}");
        }
        _ => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED panel frictionless validation: `frictionless` not on PATH"
            );
        }
    }
}

#[test]
fn sentence_flags_and_document_rows_add_up_to_the_group_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = panel_run(dir.path());
    let sentences = read_csv(&out.join("sentences.csv"));
    let types = read_csv(&out.join("measure_types.csv"));
    let summary = read_csv(&out.join("summary.csv"));
    let documents = read_csv(&out.join("documents.csv"));
    let year_of: HashMap<&str, &str> = DOCS.iter().map(|d| (d.0, d.2)).collect();
    let mut checked = 0;
    for t in &types {
        let name = &t["measure_type"];
        let in_group = |p: &str, y: &str| p == t["province"] && y == t["year"];
        let from_sentences: u64 = sentences
            .iter()
            .filter(|r| in_group(&r["province"], &r["year"]) && r["is_heading"] == "false")
            .map(|r| r[name.as_str()].parse::<u64>().unwrap())
            .sum();
        assert_eq!(from_sentences.to_string(), t["sentences"], "{t:?}");
        let from_docs: u64 = documents
            .iter()
            .filter(|d| in_group(&d["province"], year_of[d["doc_id"].as_str()]))
            .map(|d| d[&format!("sentences_{name}")].parse::<u64>().unwrap())
            .sum();
        assert_eq!(from_docs.to_string(), t["sentences"], "{t:?}");
        checked += u64::from(t["sentences"] != "0");
    }
    assert!(
        checked >= 10,
        "too few non-zero cells to mean anything: {checked}"
    );
    assert_eq!(documents.len(), 4);
    assert_eq!(documents[2]["section"], "02");
    for g in &summary {
        let tokens: u64 = documents
            .iter()
            .filter(|d| d["province"] == g["province"] && d["year"] == g["year"])
            .map(|d| d["content_tokens"].parse::<u64>().unwrap())
            .sum();
        assert_eq!(tokens.to_string(), g["content_tokens"]);
    }
}

/// Corpus counts per term from term_frequency (summed over groups).
fn corpus_counts(out: &Path) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for r in read_csv(&out.join("term_frequency.csv")) {
        *counts.entry(r["term"].clone()).or_default() += r["count"].parse::<u64>().unwrap();
    }
    counts
}

#[test]
fn dtm_column_sums_equal_term_frequency() {
    let dir = tempfile::tempdir().unwrap();
    let out = panel_run(dir.path());
    let terms = read_csv(&out.join("dtm_terms.csv"));
    let counts = corpus_counts(&out);
    assert_eq!(terms.len(), counts.len());
    let mtx = std::fs::read_to_string(out.join("dtm.mtx")).unwrap();
    let mut lines = mtx.lines().filter(|l| !l.starts_with('%'));
    let dims: Vec<usize> = lines
        .next()
        .unwrap()
        .split(' ')
        .map(|x| x.parse().unwrap())
        .collect();
    assert_eq!(dims[..2], [4, terms.len()]);
    let mut sums = vec![0u64; terms.len() + 1];
    let mut entries = 0;
    for l in lines {
        let v: Vec<u64> = l.split(' ').map(|x| x.parse().unwrap()).collect();
        sums[v[1] as usize] += v[2];
        entries += 1;
    }
    assert_eq!(entries, dims[2]);
    for t in &terms {
        let col: usize = t["column"].parse().unwrap();
        assert_eq!(sums[col].to_string(), t["count"]);
        assert_eq!(counts[&t["term"]].to_string(), t["count"], "{}", t["term"]);
    }
    scipy_check(&out, &counts);
    let docs = read_csv(&out.join("dtm_docs.csv"));
    assert_eq!(
        docs.iter()
            .map(|d| d["doc_id"].as_str())
            .collect::<Vec<_>>(),
        DOCS.map(|d| d.0)
    );
    // --dtm-min-count drops rare terms.
    let corpus = dir.path().join("panel");
    let rare = dir.path().join("rare");
    run(&[
        "run",
        "-q",
        "--corpus",
        s(&corpus),
        "--dtm",
        "--dtm-min-count",
        "5",
        "--out",
        s(&rare),
    ]);
    let kept = read_csv(&rare.join("dtm_terms.csv"));
    assert_eq!(kept.len(), counts.values().filter(|n| **n >= 5).count());
}

/// Load dtm.mtx with scipy.io.mmread; check shape and column sums. SKIPPED without scipy.
fn scipy_check(out: &Path, counts: &BTreeMap<String, u64>) {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let has = std::process::Command::new(&python)
        .args(["-c", "import scipy"])
        .output();
    if !has.is_ok_and(|o| o.status.success()) {
        // Written to the stderr handle, not with eprintln!, so the test harness does not
        // swallow it: a skipped check must be seen.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED dtm_column_sums_equal_term_frequency (scipy part): scipy is not installed for {python} (pip install scipy)"
        );
        return;
    }
    let script = r#"
import csv, json, sys
import scipy.io
m = scipy.io.mmread(sys.argv[1] + "/dtm.mtx").tocsc()
terms = list(csv.DictReader(open(sys.argv[1] + "/dtm_terms.csv", encoding="utf-8")))
sums = m.sum(axis=0).A1
print(json.dumps({"shape": list(m.shape), "sums": {t["term"]: int(sums[int(t["column"]) - 1]) for t in terms}}))
"#;
    let o = std::process::Command::new(&python)
        .args(["-c", script, s(out)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["shape"], serde_json::json!([4, counts.len()]));
    for (term, n) in counts {
        assert_eq!(v["sums"][term].as_u64(), Some(*n), "{term}");
    }
    eprintln!(
        "scipy: dtm.mtx loads with shape (4, {}) and column sums equal term_frequency",
        counts.len()
    );
}

#[test]
fn group_by_doc_and_missing_columns() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = fixture_corpus(dir.path());
    let out = dir.path().join("doc");
    run(&[
        "run",
        "-q",
        "--corpus",
        s(&corpus),
        "--group-by",
        "doc",
        "--out",
        s(&out),
    ]);
    let summary = read_csv(&out.join("summary.csv"));
    assert_eq!(
        summary
            .iter()
            .map(|r| r["doc_id"].as_str())
            .collect::<Vec<_>>(),
        DOCS.map(|d| d.0)
    );
    assert_eq!(
        header(&out.join("measures.csv"))[0],
        "doc_id",
        "doc_id is not repeated"
    );
    let bad = bin()
        .args([
            "run",
            "-q",
            "--corpus",
            s(&corpus),
            "--group-by",
            "province,region",
            "--out",
        ])
        .arg(dir.path().join("bad"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("no column `region`") && err.contains("year, section"),
        "{err}"
    );
}

/// A metadata column named like a column of a table (`period` of metrics.csv when grouped,
/// `tokens` of summary.csv when carried) is refused before any table is written; a header
/// never names a column twice and rows never outgrow it.
#[test]
fn metadata_columns_named_like_table_columns_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = fixture_corpus(dir.path());
    let meta = std::fs::read_to_string(corpus.join("metadata.csv")).unwrap();
    let try_run = |header: &str, group: &str| {
        std::fs::write(
            corpus.join("metadata.csv"),
            meta.replacen("section", header, 1),
        )
        .unwrap();
        let out = dir.path().join(format!("out-{header}"));
        let o = bin()
            .args([
                "run",
                "-q",
                "--corpus",
                s(&corpus),
                "--group-by",
                group,
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        (o, out)
    };
    for (column, group, table) in [
        ("period", "period", "metrics.csv"),
        ("term", "term", "term_frequency.csv"),
        ("tokens", "province", "summary.csv"),
    ] {
        let (o, out) = try_run(column, group);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{column}: {err}");
        assert!(
            err.contains("metadata.csv:1:")
                && err.contains(&format!("`{column}`"))
                && err.contains(table),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!out.exists(), "{column}: nothing is written");
    }
    // carried, not grouped, `period` sits only in summary.csv: no clash
    let (o, out) = try_run("period", "province");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for table in [
        "summary.csv",
        "metrics.csv",
        "sentences.csv",
        "documents.csv",
    ] {
        let h = header(&out.join(table));
        let mut sorted = h.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), h.len(), "{table}: {h:?}");
    }
}

const SHARD_FILES: [&str; 13] = [
    "term_frequency.csv",
    "summary.csv",
    "measures.csv",
    "measure_types.csv",
    "measure_families.csv",
    "measure_cooccurrence.csv",
    "keyness.csv",
    "metrics.csv",
    "sentences.csv",
    "documents.csv",
    "dtm.mtx",
    "dtm_terms.csv",
    "dtm_docs.csv",
];

#[test]
fn panel_shards_and_records_merge_byte_identically() {
    let dir = tempfile::tempdir().unwrap();
    let full = panel_run(dir.path());
    let corpus = dir.path().join("panel");
    let opts = ["--group-by", "province,year", "--dtm"];
    for n in [2, 3] {
        let mut parts = Vec::new();
        for i in 0..n {
            let part = dir.path().join(format!("part-{i}-{n}"));
            let shard = format!("{i}/{n}");
            let mut args = vec![
                "run",
                "-q",
                "--corpus",
                s(&corpus),
                "--shard",
                &shard,
                "--out",
                s(&part),
            ];
            args.extend(opts);
            run(&args);
            parts.push(part);
        }
        let merged = dir.path().join(format!("merged-{n}"));
        let mut args = vec!["merge", "-q", "--out", s(&merged)];
        args.extend(parts.iter().rev().map(|p| s(p)));
        run(&args);
        for f in SHARD_FILES
            .iter()
            .chain(&["report.html", "datapackage.json"])
        {
            assert!(
                std::fs::read(full.join(f)).unwrap() == std::fs::read(merged.join(f)).unwrap(),
                "N={n}: {f}"
            );
        }
    }
    // JSON-lines records carrying `year`: every table without carried metadata matches.
    let mut halves = [String::new(), String::new()];
    for (i, (id, province, year, _, _)) in DOCS.iter().enumerate() {
        let text = std::fs::read_to_string(corpus.join(format!("docs/{id}.txt"))).unwrap();
        let rec = serde_json::json!({"doc_id": id, "province": province, "year": year.parse::<u32>().unwrap(), "text": text, "index": i});
        halves[i % 2].push_str(&format!("{rec}\n"));
    }
    let mut parts = Vec::new();
    for (k, half) in halves.iter().enumerate() {
        let part = dir.path().join(format!("stdin-{k}"));
        let mut args = vec!["run", "-q", "--stdin-jsonl", "--out", s(&part)];
        args.extend(opts);
        Command::cargo_bin("policy-mine")
            .unwrap()
            .args(&args)
            .write_stdin(half.clone())
            .assert()
            .success();
        parts.push(part);
    }
    let merged = dir.path().join("merged-stdin");
    run(&[
        "merge",
        "-q",
        "--out",
        s(&merged),
        s(&parts[0]),
        s(&parts[1]),
    ]);
    for f in SHARD_FILES
        .iter()
        .filter(|f| !["summary.csv", "documents.csv", "dtm_docs.csv"].contains(f))
    {
        assert!(
            std::fs::read(full.join(f)).unwrap() == std::fs::read(merged.join(f)).unwrap(),
            "stdin: {f}"
        );
    }
}

#[test]
fn report_shows_years_as_time_and_bounds_many_groups() {
    let dir = tempfile::tempdir().unwrap();
    let out = panel_run(dir.path());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // `year` is all four-digit years: one time panel per province, lines not bars.
    assert_eq!(
        html.matches("aria-labelledby=\"mix-").count(),
        2,
        "one panel per province"
    );
    assert!(html.contains("山西省: share of coded type assignments by year"));
    assert!(html.contains("山西省 · 2021: top 15 terms"));
    // 35 one-sentence documents grouped by doc: the charts keep the 30 largest and say so.
    let many = dir.path().join("many");
    std::fs::create_dir_all(&many).unwrap();
    let text =
        std::fs::read_to_string(repo().join("corpus/docs/000_d25812755243d715_05.txt")).unwrap();
    let lines: Vec<&str> = text
        .split('。')
        .filter(|l| l.chars().count() > 10)
        .take(35)
        .collect();
    assert_eq!(lines.len(), 35);
    for (i, l) in lines.iter().enumerate() {
        std::fs::write(many.join(format!("d{i:02}.txt")), l).unwrap();
    }
    let out = dir.path().join("many-out");
    run(&[
        "run",
        "-q",
        "--corpus",
        s(&many),
        "--group-by",
        "doc",
        "--out",
        s(&out),
    ]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains(
            "Showing the 30 largest groups by content tokens; 5 smaller ones are left out"
        )
    );
    assert_eq!(html.matches("aria-labelledby=\"terms-").count(), 30);
    assert_eq!(
        read_csv(&out.join("summary.csv")).len(),
        35,
        "every group is in the tables"
    );
}

/// Headline cells link to their own document's sentence, also when doc_ids differ only in
/// Chinese characters (the anchors once kept ASCII only, so `山西甲` and `湖南甲` shared ids).
#[test]
fn report_links_each_headline_cell_to_its_own_document() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    std::fs::create_dir_all(corpus.join("docs")).unwrap();
    let mut meta = String::from("doc_id,province,path\n");
    for (i, id) in ["山西甲", "湖南甲", "山西乙", "山西丙"].iter().enumerate() {
        std::fs::write(
            corpus.join(format!("docs/d{i}.txt")),
            format!(
                "一、经济运行\n全年地区生产总值增长{}.5%。森林覆盖率达到{}2%。\n",
                i + 4,
                i + 6
            ),
        )
        .unwrap();
        meta.push_str(&format!("{id},{},docs/d{i}.txt\n", &id[..6]));
    }
    std::fs::write(corpus.join("metadata.csv"), meta).unwrap();
    let out = dir.path().join("out");
    run(&[
        "run",
        "-q",
        "--corpus",
        s(&corpus),
        "--group-by",
        "doc",
        "--out",
        s(&out),
    ]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let table = html
        .split("<div class=\"wide\"><table>")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("a headline table");
    let columns: Vec<&str> = table
        .split("<th>")
        .skip(2)
        .map(|c| c.split("</th>").next().unwrap())
        .collect();
    assert_eq!(columns.len(), 4, "{columns:?}");
    let item = |id: &str| {
        let open = format!("<li id=\"{id}\">");
        assert_eq!(html.matches(&open).count(), 1, "{id}");
        html.split(&open)
            .nth(1)
            .unwrap()
            .split("</li>")
            .next()
            .unwrap()
            .to_owned()
    };
    let mut links = 0;
    for row in table.split("<tr>").skip(2) {
        for (j, cell) in row.split("<td>").skip(2).enumerate() {
            if let Some(href) = cell.split("<a href=\"#").nth(1) {
                let id = href.split('"').next().unwrap();
                assert!(item(id).starts_with(&format!("{} #", columns[j])), "{id}");
                links += 1;
            }
        }
    }
    assert_eq!(links, 8, "two indicators in four documents");
}
