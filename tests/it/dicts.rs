//! Dictionaries a researcher can extend: user files add to the bundled lists, the
//! `--no-bundled-*` flags give the old replacing behaviour, `dict export` round-trips, and
//! `terms suggest` writes a CSV that `--user-dict` reads back.

use std::collections::HashMap;
use std::path::Path;

use crate::util::{bin, read_csv, repo};

fn run(out: &Path, extra: &[&str]) -> String {
    let assert = bin()
        .args(["run", "-q", "--threads", "2", "--out"])
        .arg(out)
        .args(extra)
        .assert()
        .success();
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// Corpus-wide count of every term in term_frequency.csv.
fn totals(out: &Path) -> HashMap<String, u64> {
    let mut t = HashMap::new();
    for row in read_csv(&out.join("term_frequency.csv")) {
        *t.entry(row["term"].clone()).or_default() += row["count"].parse::<u64>().unwrap();
    }
    t
}

fn bundled_terms() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("dictionaries/user_dict.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect()
}

#[test]
fn one_extra_user_term_keeps_every_bundled_term_whole() {
    let dir = tempfile::tempdir().unwrap();
    let ud = dir.path().join("ud.txt");
    std::fs::write(&ud, "固本强基 nz\n").unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run(&a, &[]);
    run(&b, &["--user-dict", ud.to_str().unwrap()]);
    let (base, extended) = (totals(&a), totals(&b));
    assert!(
        extended.contains_key("固本强基"),
        "the added term is counted"
    );
    let mut checked = 0;
    for term in bundled_terms() {
        if let Some(n) = base.get(&term) {
            assert_eq!(extended.get(&term), Some(n), "bundled term {term} changed");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} bundled terms occur");
    for term in ["督察整改", "中央生态环境保护督察"] {
        assert!(extended.contains_key(term), "{term} fell apart");
    }
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(b.join("manifest.json")).unwrap()).unwrap();
    let sources: Vec<&str> = m["dictionaries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["name"] == "user_dict")
        .map(|d| d["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources[0], "bundled:user_dict.txt");
    assert!(sources[1].ends_with("ud.txt"), "{sources:?}");
}

#[test]
fn no_bundled_flags_give_the_replacing_behaviour() {
    let dir = tempfile::tempdir().unwrap();
    let ud = dir.path().join("ud.txt");
    std::fs::write(&ud, "固本强基 nz\n").unwrap();
    let sw = dir.path().join("sw.txt");
    std::fs::write(&sw, "的\n").unwrap();
    let out = dir.path().join("out");
    run(
        &out,
        &[
            "--no-bundled-user-dict",
            "--user-dict",
            ud.to_str().unwrap(),
            "--no-bundled-stopwords",
            "--stopwords",
            sw.to_str().unwrap(),
        ],
    );
    let t = totals(&out);
    assert!(t.contains_key("固本强基"));
    assert!(
        !t.contains_key("督察整改"),
        "bundled user dictionary still used"
    );
    assert!(t.contains_key("深入"), "bundled stop words still used");
}

#[test]
fn a_changed_bundled_tag_warns_naming_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let ud = dir.path().join("mine.txt");
    std::fs::write(&ud, "新词一二 nz\n督察整改 v\n").unwrap();
    let stderr = run(
        &dir.path().join("out"),
        &["--user-dict", ud.to_str().unwrap()],
    );
    assert!(
        stderr.contains("mine.txt:2:") && stderr.contains("bundled:user_dict.txt:"),
        "{stderr}"
    );
}

#[test]
fn dict_export_round_trips_byte_identically() {
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = Vec::new();
    for (name, flag) in [
        ("user_dict", "--user-dict"),
        ("stopwords", "--stopwords"),
        ("measures", "--measures"),
        ("units", "--units"),
    ] {
        let file = dir.path().join(format!("{name}.export"));
        bin()
            .args(["dict", "export", name, "--out"])
            .arg(&file)
            .assert()
            .success();
        let bundled = match name {
            "user_dict" | "stopwords" => format!("dictionaries/{name}.txt"),
            _ => format!("dictionaries/{name}.csv"),
        };
        assert_eq!(
            std::fs::read(&file).unwrap(),
            std::fs::read(repo().join(bundled)).unwrap()
        );
        args.push(flag.into());
        args.push(file.to_str().unwrap().into());
    }
    args.push("--no-bundled-user-dict".into());
    args.push("--no-bundled-stopwords".into());
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run(&a, &[]);
    run(&b, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let mut compared = 0;
    for entry in std::fs::read_dir(&a).unwrap() {
        let name = entry.unwrap().file_name();
        if name.to_string_lossy().ends_with(".csv") {
            assert_eq!(
                std::fs::read(a.join(&name)).unwrap(),
                std::fs::read(b.join(&name)).unwrap(),
                "{name:?} differs"
            );
            compared += 1;
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(compared, manifest["tables"].as_array().unwrap().len());
    assert!(compared >= 8);
}

#[test]
fn add_measures_adds_a_custom_type() {
    let dir = tempfile::tempdir().unwrap();
    let add = dir.path().join("digital.csv");
    std::fs::write(
        &add,
        "measure_type,label,family,pattern,kind\ndigital,数字治理,voluntary_participatory,数字化,term\ndigital,数字治理,voluntary_participatory,大数据,term\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    run(&out, &["--add-measures", add.to_str().unwrap()]);
    let rows = read_csv(&out.join("measure_types.csv"));
    let digital: u64 = rows
        .iter()
        .filter(|r| r["measure_type"] == "digital")
        .map(|r| r["sentences"].parse::<u64>().unwrap())
        .sum();
    assert!(digital > 0, "the custom type coded no sentence");
    assert!(rows.iter().any(|r| r["measure_type"] == "enforcement"));
}

#[test]
fn dict_check_reports_malformed_lines_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "好词 nz\n坏词 12x n\n").unwrap();
    let assert = bin().args(["dict", "check"]).arg(&bad).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("bad.txt:2:"), "{stderr}");
}

#[test]
fn terms_suggest_csv_is_read_back_by_user_dict() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("terms.csv");
    bin()
        .args(["terms", "suggest", "--top", "30", "--out"])
        .arg(&csv_path)
        .assert()
        .success();
    let rows = read_csv(&csv_path);
    assert_eq!(rows.len(), 30);
    for r in &rows {
        assert!(r["jieba_split"].contains(' '), "{} is not split", r["term"]);
        assert!(r["count"].parse::<u64>().unwrap() >= 5);
    }
    let out = dir.path().join("out");
    run(&out, &["--user-dict", csv_path.to_str().unwrap()]);
    let t = totals(&out);
    assert!(
        rows.iter().any(|r| t.contains_key(&r["term"])),
        "no suggested term counted"
    );
}

#[test]
fn min_count_and_max_group_share_trim_the_term_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run(&out, &["--min-count", "3", "--max-group-share", "0.5"]);
    let groups = read_csv(&out.join("summary.csv")).len() as f64;
    let t = totals(&out);
    assert!(!t.is_empty());
    for row in read_csv(&out.join("term_frequency.csv")) {
        assert!(t[&row["term"]] >= 3, "{} is rarer than 3", row["term"]);
        let df: f64 = row["doc_freq"].parse().unwrap();
        assert!(df <= 0.5 * groups, "{} in {df} groups", row["term"]);
    }
    for row in read_csv(&out.join("keyness.csv")) {
        assert!(
            t.contains_key(&row["term"]),
            "keyness keeps trimmed {}",
            row["term"]
        );
    }
}

/// Issue 14 round 4's candidate cues (`docs/measures_round4/candidate_cues.csv`) are an opt-in
/// `--add-measures` file: it must load without warnings against the bundled dictionary and code
/// the instrument families it was written for, which the bundled dictionary leaves uncoded.
#[test]
fn round4_candidate_cues_load_and_code_their_families() {
    let file = repo().join("docs/measures_round4/candidate_cues.csv");
    let check = bin().args(["dict", "check"]).arg(&file).assert().success();
    let stderr = String::from_utf8_lossy(&check.get_output().stderr).into_owned();
    assert!(!stderr.contains("warning"), "{stderr}");
    let cases = [
        ("推行长期护理保险制度。", "economic"),
        ("建立适当的考核制度。", "regulation"),
        ("进一步精简机构。", "organization"),
        ("实行村务公开。", "information"),
        ("兴修农田水利。", "engineering"),
    ];
    for (sentence, want) in cases {
        let types = |extra: &[&str]| {
            let out = bin()
                .arg("explain")
                .args(extra)
                .arg(sentence)
                .assert()
                .success();
            let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
            text.lines()
                .find(|l| l.trim_start().starts_with("types:"))
                .unwrap_or("")
                .to_owned()
        };
        let with = types(&["--add-measures", file.to_str().unwrap()]);
        assert!(with.contains(want), "{sentence}: {with}");
        assert!(
            !types(&[]).contains(want),
            "{sentence} is already coded {want} without the file"
        );
    }
}

/// `--measure-model` only adds codes: every row the cues wrote stays, each added row names its
/// probability instead of a cue, only the measure tables and counts change, and the manifest
/// records the model so that `verify` can check it.
#[test]
fn measure_model_adds_labelled_codes_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run(&a, &[]);
    run(&b, &["--measure-model"]);
    let key = |r: &HashMap<String, String>| {
        (
            r["doc_id"].clone(),
            r["sentence_id"].clone(),
            r["measure_type"].clone(),
        )
    };
    let cues: Vec<_> = read_csv(&a.join("measures.csv"));
    let with_model: HashMap<_, _> = read_csv(&b.join("measures.csv"))
        .into_iter()
        .map(|r| (key(&r), r))
        .collect();
    for r in &cues {
        assert_eq!(with_model[&key(r)]["cues"], r["cues"], "{r:?}");
    }
    let added: Vec<_> = with_model
        .values()
        .filter(|r| r["cues"].starts_with("model:"))
        .collect();
    assert_eq!(added.len(), with_model.len() - cues.len());
    assert!(
        !added.is_empty(),
        "the model added no code on the bundled corpus"
    );
    for r in added {
        let p: f64 = r["cues"]["model:".len()..].parse().unwrap();
        assert!((0.6..=1.0).contains(&p), "{r:?}");
    }
    for table in ["term_frequency.csv", "metrics.csv", "keyness.csv"] {
        assert_eq!(
            std::fs::read(a.join(table)).unwrap(),
            std::fs::read(b.join(table)).unwrap(),
            "{table}"
        );
    }
    let manifest = std::fs::read_to_string(b.join("manifest.json")).unwrap();
    assert!(manifest.contains("bundled:measure_model.tsv"), "{manifest}");
    bin()
        .args(["verify"])
        .arg(b.join("manifest.json"))
        .assert()
        .success();
}

#[test]
fn measure_model_refuses_a_taxonomy_without_its_types() {
    let dir = tempfile::tempdir().unwrap();
    let assert = bin()
        .args([
            "run",
            "-q",
            "--measures",
            "rothwell-zegveld",
            "--measure-model",
            "--out",
        ])
        .arg(dir.path().join("out"))
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("--measure-model codes the type `organization`"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}
