//! The first hour of a new user: `--filter`, `kwic` exit codes, shell completions and the
//! man page.

use crate::util::*;

/// Every table of a run folder, as rows.
fn tables(out: &std::path::Path) -> Vec<(String, Vec<std::collections::HashMap<String, String>>)> {
    let mut names: Vec<_> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| (p.display().to_string(), read_csv(&p)))
        .collect()
}

#[test]
fn filter_drops_the_lead_summary_from_every_table() {
    let out = tempfile::tempdir().unwrap();
    bin()
        .args(["run", "-q", "--filter", "section!=00", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let summary = read_csv(&out.path().join("summary.csv"));
    assert_eq!(summary.len(), 8);
    let all = tables(out.path());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).unwrap()).unwrap();
    let listed = manifest["tables"].as_array().unwrap().len();
    assert!(listed >= 8);
    assert_eq!(
        all.len(),
        listed,
        "every table the manifest lists is written"
    );
    for (name, rows) in &all {
        assert!(!rows.is_empty(), "{name} is empty");
        assert!(
            rows.iter().all(|r| r["province"] != "全国"),
            "{name} has 全国 rows"
        );
    }
    // doc_freq now counts the eight provinces only.
    let tf = read_csv(&out.path().join("term_frequency.csv"));
    assert!(
        tf.iter()
            .all(|r| r["doc_freq"].parse::<u32>().unwrap() <= 8)
    );
    assert!(tf.iter().any(|r| r["doc_freq"] == "8"));
    // Recorded in the manifest, and a past run's config reproduces it.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["config"]["filter"],
        serde_json::json!(["section!=00"])
    );
    let again = tempfile::tempdir().unwrap();
    bin()
        .args(["run", "-q", "--config"])
        .arg(out.path().join("manifest.json"))
        .arg("--out")
        .arg(again.path())
        .assert()
        .success();
    assert_eq!(
        std::fs::read(out.path().join("summary.csv")).unwrap(),
        std::fs::read(again.path().join("summary.csv")).unwrap()
    );
}

/// A small corpus of report openings with years, like the national work reports.
fn year_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut meta = String::from("doc_id,province,path,year,speaker\n");
    let years = [1978, 1995, 1999, 2000, 2008, 2016, 2023];
    for y in years {
        std::fs::write(
            dir.path().join(format!("{y}.txt")),
            format!("{y}年,国内生产总值增长6.7%。城镇新增就业131.4万人。"),
        )
        .unwrap();
        let speaker = if y < 2000 { "甲" } else { "乙" };
        meta.push_str(&format!("gwr{y},全国,{y}.txt,{y},{speaker}\n"));
    }
    std::fs::write(dir.path().join("metadata.csv"), meta).unwrap();
    dir
}

#[test]
fn filter_on_years_is_numeric_and_filters_are_anded() {
    let corpus = year_corpus();
    let run = |filters: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        let mut cmd = bin();
        cmd.args(["run", "-q", "--corpus"]).arg(corpus.path());
        for f in filters {
            cmd.args(["--filter", f]);
        }
        cmd.arg("--out").arg(out.path()).assert().success();
        read_csv(&out.path().join("summary.csv"))
    };
    let since_2000 = run(&["year>=2000"]);
    assert_eq!(since_2000[0]["documents"], "4");
    assert_eq!(since_2000[0]["year"], "2000|2008|2016|2023");
    let both = run(&["year>=1990", "speaker=甲"]);
    assert_eq!(both[0]["year"], "1995|1999");
    let listed = run(&["year in 1978, 2023"]);
    assert_eq!(listed[0]["year"], "1978|2023");
    // An unknown column is an error that lists the columns.
    let o = bin()
        .args(["run", "-q", "--filter", "yaer>=2000", "--corpus"])
        .arg(corpus.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("yaer") && err.contains("doc_id, province, path, title, year, speaker"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn kwic_without_a_match_exits_1_and_kwic_filters() {
    let o = bin().args(["kwic", "nosuchterm"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("error: no match for `nosuchterm`"), "{err}");
    let hits = |extra: &[&str]| {
        let a = bin()
            .args(["kwic", "国考断面", "--csv"])
            .args(extra)
            .assert()
            .success();
        let text = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
        let rows: Vec<String> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap()[0].to_owned())
            .collect();
        // The count goes to stderr with --csv too, as the README says.
        let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        assert_eq!(err, format!("{} matches\n", rows.len()));
        rows
    };
    let all = hits(&[]);
    let shanxi = hits(&["--filter", "province=山西省"]);
    assert!(!shanxi.is_empty() && shanxi.len() < all.len());
    assert!(shanxi.iter().all(|p| p == "山西省"));
}

#[test]
fn completions_and_man_page() {
    let a = bin().args(["completions", "bash"]).assert().success();
    let script = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(
        script.contains("complete -F") && script.contains("--filter"),
        "{script}"
    );
    let a = bin().args(["man"]).assert().success();
    let page = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(
        page.starts_with(".ie") && page.contains(".TH policy-mine 1"),
        "{page}"
    );
    let dir = tempfile::tempdir().unwrap();
    bin()
        .args(["man", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("policy-mine-run.1").is_file());
}

#[test]
fn explain_shows_metrics_with_their_rules_and_every_flag_counts() {
    let sentence = "完成排水管网建设改造2405公里,同比增长12%,治理河湖库。";
    let explain = |extra: &[&std::ffi::OsStr]| {
        let a = bin()
            .arg("explain")
            .arg(sentence)
            .args(extra)
            .assert()
            .success();
        String::from_utf8_lossy(&a.get_output().stdout).into_owned()
    };
    let out = explain(&[]);
    let unit_line = out
        .lines()
        .find(|l| l.trim_start().starts_with("unit       公里"))
        .unwrap_or_else(|| panic!("{out}"));
    let n: usize = unit_line
        .rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches(']')
        .parse()
        .unwrap();
    let units = std::fs::read_to_string(repo().join("dictionaries/units.csv")).unwrap();
    assert!(
        units.lines().nth(n - 1).unwrap().starts_with("公里,"),
        "line {n}"
    );
    assert!(
        out.contains("indicator  排水管网建设改造  [phrase before"),
        "{out}"
    );
    assert!(out.contains("direction  up  [增长]"), "{out}");
    assert!(out.contains("kind       change"), "{out}");
    // --units replaces the table, and explain shows it.
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("u.csv");
    std::fs::write(
        &table,
        "unit,dimension,factor,unit_std\n公里,length,1000,m\n%,ratio,1,%\n",
    )
    .unwrap();
    let replaced = explain(&["--units".as_ref(), table.as_os_str()]);
    assert!(replaced.contains("value_std  2405000 m"), "{replaced}");
    assert!(replaced.contains("u.csv:2]"), "{replaced}");
    // --keep-single-chars changes the terms line.
    assert_ne!(explain(&["--keep-single-chars".as_ref()]), out);
}

#[test]
fn segment_and_kwic_refuse_flags_without_effect() {
    for args in [
        &["segment", "--units", "dictionaries/units.csv"][..],
        &["segment", "--measures", "dictionaries/measures.csv"],
        &["segment", "--stopwords", "dictionaries/stopwords.txt"],
        &["kwic", "国考断面", "--units", "dictionaries/units.csv"],
        &["kwic", "国考断面", "--keep-single-chars"],
    ] {
        let o = bin().args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    bin()
        .args(["segment", "--content-only", "--keep-single-chars", "-"])
        .write_stdin("完成排水管网建设改造。")
        .assert()
        .success();
}

#[test]
fn filtered_shards_merge_to_the_filtered_run() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str], out: &str| {
        bin()
            .args(["run", "-q", "--filter", "section!=00"])
            .args(extra)
            .arg("--out")
            .arg(dir.path().join(out))
            .assert()
            .success();
    };
    run(&[], "single");
    run(&["--shard", "0/2"], "p0");
    run(&["--shard", "1/2"], "p1");
    bin()
        .args(["merge", "-q"])
        .arg(dir.path().join("p0"))
        .arg(dir.path().join("p1"))
        .arg("--out")
        .arg(dir.path().join("merged"))
        .assert()
        .success();
    for table in [
        "summary.csv",
        "term_frequency.csv",
        "keyness.csv",
        "metrics.csv",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join("single").join(table)).unwrap(),
            std::fs::read(dir.path().join("merged").join(table)).unwrap(),
            "{table}"
        );
    }
}
