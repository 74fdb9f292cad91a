//! `policy-mine validate` and `policy-mine cues` on the gold fixtures and the bundled corpus:
//! validate must reproduce the gold test's figures, and name rows by corpus sentence ids.

use std::collections::BTreeSet;

use policy_mine::{coded_types, load_bundled};

#[allow(unused_imports)]
use crate::util::*;

fn csv_rows(stdout: &[u8]) -> Vec<std::collections::HashMap<String, String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    std::fs::write(&path, stdout).unwrap();
    read_csv(&path)
}

/// The micro counts computed here from the library equal what `validate --csv` prints.
#[test]
fn validate_reproduces_the_gold_counts() {
    let out = bin()
        .args([
            "validate",
            "tests/fixtures/measures_gold_other.csv",
            "--split",
            "dev",
            "--csv",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = csv_rows(&out.stdout);
    let micro = rows.iter().find(|r| r["scope"] == "micro").unwrap();
    let res = load_bundled();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for g in read_csv(&fixture("measures_gold_other.csv")) {
        if g["split"] != "dev" {
            continue;
        }
        let gold: BTreeSet<String> = g["gold_types"]
            .split('|')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let got: BTreeSet<String> = coded_types(&res, &g["sentence"]).into_iter().collect();
        tp += gold.intersection(&got).count();
        fp += got.difference(&gold).count();
        fn_ += gold.difference(&got).count();
    }
    assert_eq!(
        (
            micro["tp"].as_str(),
            micro["fp"].as_str(),
            micro["fn"].as_str()
        ),
        (
            tp.to_string().as_str(),
            fp.to_string().as_str(),
            fn_.to_string().as_str()
        )
    );
    let types: Vec<&str> = rows
        .iter()
        .filter(|r| r["scope"] == "type")
        .map(|r| r["measure_type"].as_str())
        .collect();
    assert_eq!(types.len(), 6, "{types:?}");
    for r in &rows {
        let k: f64 = r["kappa"].parse().unwrap();
        let (lo, hi): (f64, f64) = (
            r["kappa_low"].parse().unwrap(),
            r["kappa_high"].parse().unwrap(),
        );
        if r["scope"] != "macro" {
            assert!(lo <= k && k <= hi, "{r:?}");
        }
    }
}

/// Rows naming `doc_id,sentence_id` are looked up in the corpus; a wrong id names the line.
#[test]
fn validate_by_corpus_sentence_ids_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let coded = dir.path().join("coded.csv");
    let meta = read_csv(&repo().join("corpus/metadata.csv"));
    let doc = &meta[0]["doc_id"];
    std::fs::write(
        &coded,
        format!("doc_id,sentence_id,types\n{doc},1,\n{doc},2,regulation\n"),
    )
    .unwrap();
    let out = bin()
        .args(["validate", coded.to_str().unwrap(), "--corpus", "corpus"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("2 coded sentences"), "{text}");
    assert!(
        text.contains("(micro)") && text.contains("95% CI"),
        "{text}"
    );

    std::fs::write(&coded, format!("doc_id,sentence_id,types\n{doc},99999,\n")).unwrap();
    let out = bin()
        .args(["validate", coded.to_str().unwrap(), "--corpus", "corpus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("coded.csv:2"), "{err}");
}

/// `--measures rothwell-zegveld` selects the bundled second taxonomy by name.
#[test]
fn validate_with_the_rothwell_zegveld_dictionary() {
    let out = bin()
        .args([
            "validate",
            "tests/fixtures/rz_gold.csv",
            "--measures",
            "rothwell-zegveld",
            "--csv",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = csv_rows(&out.stdout);
    let types: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r["scope"] == "type")
        .map(|r| r["measure_type"].as_str())
        .collect();
    assert_eq!(
        types,
        BTreeSet::from(["demand_side", "environmental", "supply_side"])
    );
}

/// The cue audit counts firings on the corpus and attributes the gold's false positives.
#[test]
fn cues_audit_on_the_corpus() {
    let out = bin()
        .args([
            "cues",
            "--corpus",
            "corpus",
            "--gold",
            "tests/fixtures/measures_gold.csv",
            "--split",
            "dev",
            "--csv",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = csv_rows(&out.stdout);
    let res_cues = rows.len();
    assert!(res_cues > 300, "{res_cues} cues");
    let fired = rows.iter().filter(|r| r["firings"] != "0").count();
    assert!(fired > 50, "{fired} cues fired");
    let share: f64 = rows
        .iter()
        .map(|r| r["gold_fp_share"].parse::<f64>().unwrap())
        .fold(0.0, f64::max);
    assert!(share > 0.0 && share <= 1.0, "{share}");
    for r in &rows {
        let (f, s): (u64, u64) = (
            r["firings"].parse().unwrap(),
            r["sentences"].parse().unwrap(),
        );
        assert!(s <= f, "{r:?}");
    }
}

/// `cues --gold` reads the same samples as `validate`: one keyed by `doc_id,sentence_id`
/// against `--corpus` gives the same audit as one that quotes the sentences.
#[test]
fn cues_gold_by_sentence_id_equals_gold_by_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = bin()
        .args(["run", "-q", "--corpus", "corpus", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    let sentences = read_csv(&out.join("sentences.csv"));
    let (mut by_id, mut by_text) = (
        String::from("doc_id,sentence_id,types\n"),
        String::from("sentence,types\n"),
    );
    for (i, r) in sentences
        .iter()
        .filter(|r| r["is_heading"] == "false")
        .take(40)
        .enumerate()
    {
        let types = ["enforcement", "", "regulation|economic"][i % 3];
        by_id.push_str(&format!("{},{},{types}\n", r["doc_id"], r["sentence_id"]));
        by_text.push_str(&format!("\"{}\",{types}\n", r["text"].replace('"', "\"\"")));
    }
    let audit = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let o = bin()
            .args(["cues", "--corpus", "corpus", "--csv", "--gold"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        o.stdout
    };
    let keyed = audit("by_id.csv", &by_id);
    assert_eq!(keyed, audit("by_text.csv", &by_text));
    let rows = csv_rows(&keyed);
    assert!(
        rows.iter().any(|r| r["gold_fp"] != "0"),
        "the sample scores"
    );
}

/// A misspelt type stops `validate` (exit 1, FILE:LINE); types nobody used have empty
/// figures and stay out of the macro means, which the report counts.
#[test]
fn validate_rejects_unknown_types_and_leaves_undefined_figures_empty() {
    let dir = tempfile::tempdir().unwrap();
    let coded = dir.path().join("v.csv");
    let write = |types: &str| {
        std::fs::write(
            &coded,
            format!("sentence,types\n严厉打击超标排污。,enforcement\n建立健全长效机制。,{types}\n"),
        )
        .unwrap()
    };
    write("regulaton");
    let out = bin()
        .args(["validate", coded.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("v.csv:3: unknown type \"regulaton\" (known: ") && err.lines().count() == 1,
        "{err}"
    );
    write("regulation");
    let out = bin()
        .args(["validate", coded.to_str().unwrap(), "--csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows = csv_rows(&out.stdout);
    let unused: Vec<_> = rows
        .iter()
        .filter(|r| r["scope"] == "type" && r["tp"] == "0" && r["fp"] == "0" && r["fn"] == "0")
        .collect();
    assert!(!unused.is_empty(), "{rows:?}");
    for r in &unused {
        for c in [
            "precision",
            "recall",
            "f1",
            "kappa",
            "kappa_low",
            "kappa_high",
        ] {
            assert_eq!(r[c], "", "{r:?}");
        }
    }
    // The macro F1 is the mean over the types that have one.
    let f1s: Vec<f64> = rows
        .iter()
        .filter(|r| r["scope"] == "type" && !r["f1"].is_empty())
        .map(|r| r["f1"].parse().unwrap())
        .collect();
    let macro_f1: f64 = rows.iter().find(|r| r["scope"] == "macro").unwrap()["f1"]
        .parse()
        .unwrap();
    let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
    assert!((macro_f1 - mean).abs() < 1e-4, "{macro_f1} vs {mean}");
    // a mean of figures has no counts: empty, not 0
    let macro_row = rows.iter().find(|r| r["scope"] == "macro").unwrap();
    for c in ["tp", "fp", "fn", "tn"] {
        assert_eq!(macro_row[c], "", "{macro_row:?}");
    }
    let out = bin()
        .args(["validate", coded.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(", F1 {},", f1s.len()))
            && text.contains(&format!(" of {} types", unused.len() + f1s.len())),
        "{text}"
    );
}
