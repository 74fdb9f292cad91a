//! End-to-end tests: run the real binary on the bundled corpus and on fixtures made here,
//! then read the CSVs back.

use std::collections::HashMap;

#[allow(unused_imports)]
use crate::util::*;

/// Run on the bundled corpus into a fresh folder (shared by the tests that only read it).
fn bundled_run(threads: usize) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    bin()
        .args(["run", "--quiet", "--threads", &threads.to_string(), "--out"])
        .arg(out.path())
        .assert()
        .success();
    out
}

#[test]
fn bundled_corpus_has_eight_provinces_plus_national() {
    let out = bundled_run(2);
    let summary = read_csv(&out.path().join("summary.csv"));
    let provinces: Vec<&str> = summary.iter().map(|r| r["province"].as_str()).collect();
    assert_eq!(
        provinces,
        [
            "全国",
            "山西省",
            "辽宁省",
            "安徽省",
            "江西省",
            "河南省",
            "湖南省",
            "广西壮族自治区",
            "云南省"
        ]
    );
    for row in &summary {
        assert_eq!(row["documents"], "1");
        assert_eq!(
            row["published"], "2024-04-04",
            "metadata column carried through"
        );
        let tokens: u64 = row["tokens"].parse().unwrap();
        let content: u64 = row["content_tokens"].parse().unwrap();
        assert!(content > 0 && content < tokens, "{row:?}");
    }
}

#[test]
fn term_counts_add_up_and_domain_terms_stay_whole() {
    let out = bundled_run(2);
    let summary = read_csv(&out.path().join("summary.csv"));
    let terms = read_csv(&out.path().join("term_frequency.csv"));
    for row in &summary {
        let province = &row["province"];
        let mine: Vec<_> = terms
            .iter()
            .filter(|t| &t["province"] == province)
            .collect();
        let sum: u64 = mine
            .iter()
            .map(|t| t["count"].parse::<u64>().unwrap())
            .sum();
        assert_eq!(
            sum.to_string(),
            row["content_tokens"],
            "{province}: counts vs content_tokens"
        );
        assert_eq!(
            mine.len().to_string(),
            row["types"],
            "{province}: rows vs types"
        );
    }
    let has = |province: &str, term: &str| {
        terms
            .iter()
            .any(|t| t["province"] == province && t["term"] == term)
    };
    assert!(has("山西省", "督察整改"));
    assert!(has("山西省", "国考断面") && has("湖南省", "国考断面"));
    assert!(has("辽宁省", "入河入海排污口"));
    assert!(has("湖南省", "污染防治攻坚战"));
    assert!(
        !terms
            .iter()
            .any(|t| ["的", "推进", "深入", "。", "2021年"].contains(&t["term"].as_str()))
    );
}

#[test]
fn rows_are_sorted_and_derived_columns_consistent() {
    let out = bundled_run(1);
    let terms = read_csv(&out.path().join("term_frequency.csv"));
    let order: Vec<String> = read_csv(&out.path().join("summary.csv"))
        .into_iter()
        .map(|r| r["province"].clone())
        .collect();
    let key = |t: &HashMap<String, String>| {
        let p = order.iter().position(|p| p == &t["province"]).unwrap();
        (
            p,
            std::cmp::Reverse(t["count"].parse::<u64>().unwrap()),
            t["term"].clone(),
        )
    };
    assert!(
        terms.windows(2).all(|w| key(&w[0]) < key(&w[1])),
        "sort order broken"
    );
    let n = order.len() as f64;
    for t in terms.iter().take(200) {
        let count: f64 = t["count"].parse().unwrap();
        let df: f64 = t["doc_freq"].parse().unwrap();
        let tfidf: f64 = t["tfidf"].parse().unwrap();
        assert!((tfidf - count * (n / df).ln()).abs() < 1e-3, "{t:?}");
        assert!(!t["pos"].is_empty());
    }
}

#[test]
fn output_is_byte_identical_across_thread_counts_and_cache() {
    let one = bundled_run(1);
    let two = bundled_run(2);
    // No cache, and every document cut into chunks of ~2 KB analysed in parallel.
    let uncached = tempfile::tempdir().unwrap();
    bin()
        .args([
            "run",
            "--quiet",
            "--sentence-cache",
            "0",
            "--chunk-bytes",
            "2000",
            "--out",
        ])
        .arg(uncached.path())
        .assert()
        .success();
    for table in [
        "term_frequency.csv",
        "summary.csv",
        "measures.csv",
        "measure_types.csv",
        "measure_families.csv",
        "sentences.csv",
        "documents.csv",
        "metrics.csv",
    ] {
        let a = std::fs::read(one.path().join(table)).unwrap();
        let b = std::fs::read(two.path().join(table)).unwrap();
        assert!(a == b, "{table} differs between --threads 1 and 2");
        let c = std::fs::read(uncached.path().join(table)).unwrap();
        assert!(
            a == c,
            "{table} differs with the sentence cache off and chunked documents"
        );
    }
}

/// Plan sections are document context: a document cut into small chunks (analysed in
/// parallel, the cache off) gives the same metrics as the whole, and its plan figures are
/// targets although most of their sentences carry no plan word.
#[test]
fn plan_sections_survive_chunking() {
    let corpus = tempfile::tempdir().unwrap();
    let docs = fixture("metrics_gold_dev3_docs");
    std::fs::create_dir(corpus.path().join("docs")).unwrap();
    let mut meta = String::from("doc_id,province,path,title\n");
    for name in ["gwr2026_吉林省", "gwr2014"] {
        std::fs::copy(
            docs.join(format!("{name}.txt")),
            corpus.path().join(format!("docs/{name}.txt")),
        )
        .unwrap();
        meta.push_str(&format!("{name},{name},docs/{name}.txt,{name}\n"));
    }
    std::fs::write(corpus.path().join("metadata.csv"), meta).unwrap();
    let run = |args: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        bin()
            .args(["run", "--quiet", "--no-report", "--corpus"])
            .arg(corpus.path())
            .args(args)
            .arg("--out")
            .arg(out.path())
            .assert()
            .success();
        out
    };
    let whole = run(&["--threads", "1"]);
    let chunked = run(&[
        "--threads",
        "2",
        "--chunk-bytes",
        "2000",
        "--sentence-cache",
        "0",
    ]);
    let a = std::fs::read(whole.path().join("metrics.csv")).unwrap();
    let b = std::fs::read(chunked.path().join("metrics.csv")).unwrap();
    assert!(a == b, "metrics.csv differs when documents are chunked");
    let rows = read_csv(&whole.path().join("metrics.csv"));
    // `产值突破1300亿元。` stands under `二、2026年工作安排` with no plan word of its own;
    // the same figure in the review section before it (`一、工作回顾`) is no target
    let kinds: Vec<&str> = rows
        .iter()
        .filter(|r| r["value"] == "1300" && r["unit"] == "亿元")
        .map(|r| r["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["level", "target"]);
}

#[test]
fn split_reproduces_the_committed_corpus() {
    let out = tempfile::tempdir().unwrap();
    let assert = bin()
        .args(["split", "corpus/raw/000_d25812755243d715.txt", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("[header] 查看原文"), "{stderr}");
    assert!(stderr.contains("[trailer] 近期要闻"), "{stderr}");
    let committed = repo().join("corpus");
    let meta = std::fs::read(committed.join("metadata.csv")).unwrap();
    assert_eq!(
        std::fs::read(out.path().join("metadata.csv")).unwrap(),
        meta
    );
    for row in read_csv(&committed.join("metadata.csv")) {
        let path = &row["path"];
        assert_eq!(
            std::fs::read(out.path().join(path)).unwrap(),
            std::fs::read(committed.join(path)).unwrap(),
            "{path} differs"
        );
    }
}

#[test]
fn folder_of_txt_files_groups_by_file_stem() {
    let corpus = tempfile::tempdir().unwrap();
    let docs = repo().join("corpus/docs");
    std::fs::copy(
        docs.join("000_d25812755243d715_02.txt"),
        corpus.path().join("辽宁.txt"),
    )
    .unwrap();
    std::fs::copy(
        docs.join("000_d25812755243d715_08.txt"),
        corpus.path().join("云南.txt"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    bin()
        .args(["run", "-q", "--corpus"])
        .arg(corpus.path())
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let summary = read_csv(&out.path().join("summary.csv"));
    let provinces: Vec<&str> = summary.iter().map(|r| r["province"].as_str()).collect();
    assert_eq!(provinces, ["云南", "辽宁"]);
}

#[test]
fn missing_corpus_is_a_clear_error_with_exit_1() {
    let assert = bin()
        .args(["run", "--corpus", "no/such/dir"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("no/such/dir") && stderr.contains("does not exist"),
        "{stderr}"
    );
}

#[test]
fn usage_error_exits_2() {
    bin().args(["run", "--no-such-flag"]).assert().code(2);
}

#[test]
fn malformed_user_dict_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("user.txt");
    std::fs::write(&dict, "督察整改 nz\n国考断面 abc1 n\n").unwrap();
    let out = dir.path().join("out");
    let assert = bin()
        .args(["run", "--user-dict"])
        .arg(&dict)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("user.txt:2:") && stderr.contains("国考断面 abc1 n"),
        "{stderr}"
    );
    assert!(
        !out.join("summary.csv").exists(),
        "no table written on a bad dictionary"
    );
}

#[test]
fn segment_prints_tagged_tokens_from_stdin() {
    let assert = bin()
        .arg("segment")
        .write_stdin("２０２１年全省地表水国考断面优良水质比例达到83.3%。")
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("国考断面/nz"), "{stdout}");
    assert!(
        stdout.contains("2021"),
        "full-width digits folded: {stdout}"
    );
    assert_eq!(stdout.lines().count(), 1);
}

#[test]
fn measure_tables_have_explicit_zeros_and_consistent_counts() {
    let out = bundled_run(2);
    let types = read_csv(&out.path().join("measure_types.csv"));
    let families = read_csv(&out.path().join("measure_families.csv"));
    let rows = read_csv(&out.path().join("measures.csv"));
    let summary = read_csv(&out.path().join("summary.csv"));
    let headings: std::collections::HashSet<(String, String)> =
        read_csv(&out.path().join("sentences.csv"))
            .into_iter()
            .filter(|s| s["is_heading"] == "true")
            .map(|s| (s["doc_id"].clone(), s["sentence_id"].clone()))
            .collect();
    assert!(!headings.is_empty());
    assert!(rows.iter().all(|r| !r["cues"].is_empty()));
    // measures.csv says which rows are headings, as sentences.csv does
    for r in &rows {
        let heading = headings.contains(&(r["doc_id"].clone(), r["sentence_id"].clone()));
        assert_eq!(r["is_heading"], heading.to_string(), "{r:?}");
    }
    assert!(rows.iter().any(|r| r["is_heading"] == "true"));
    assert_eq!(types.len(), 9 * 6, "every (province, type), zeros included");
    assert_eq!(families.len(), 9 * 3);
    assert!(
        types.iter().any(|t| t["sentences"] == "0"),
        "bundled corpus has empty cells"
    );
    for t in &types {
        let from_rows = rows
            .iter()
            .filter(|r| {
                r["province"] == t["province"]
                    && r["measure_type"] == t["measure_type"]
                    && !headings.contains(&(r["doc_id"].clone(), r["sentence_id"].clone()))
            })
            .count();
        assert_eq!(from_rows.to_string(), t["sentences"], "{t:?}");
        let share: f64 = t["share"].parse().unwrap();
        assert!((0.0..=1.0).contains(&share));
    }
    for s in &summary {
        let coded: std::collections::BTreeSet<(&str, &str)> = rows
            .iter()
            .filter(|r| {
                r["province"] == s["province"]
                    && !headings.contains(&(r["doc_id"].clone(), r["sentence_id"].clone()))
            })
            .map(|r| (r["doc_id"].as_str(), r["sentence_id"].as_str()))
            .collect();
        assert_eq!(
            coded.len().to_string(),
            s["measure_sentences"],
            "{}",
            s["province"]
        );
    }
    // Offsets address the normalized document: the sentence text is the char span.
    let docs = repo().join("corpus");
    let meta = read_csv(&docs.join("metadata.csv"));
    let sentences = read_csv(&out.path().join("sentences.csv"));
    for r in sentences.iter().step_by(7).take(50) {
        let path = &meta.iter().find(|m| m["doc_id"] == r["doc_id"]).unwrap()["path"];
        let text = policy_mine::normalize(&std::fs::read_to_string(docs.join(path)).unwrap());
        let chars: Vec<char> = text.chars().collect();
        let (start, end): (usize, usize) = (r["start"].parse().unwrap(), r["end"].parse().unwrap());
        assert_eq!(chars[start..end].iter().collect::<String>(), r["text"]);
    }
}

#[test]
fn explain_shows_tokens_cues_and_types() {
    let assert = bin()
        .args([
            "explain",
            "成立省碳达峰碳中和工作领导小组,印发实施《河南省碳达峰实施方案》。",
        ])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("工作领导小组/nz"), "{stdout}");
    assert!(stdout.contains("-> organization"), "{stdout}");
    assert!(
        stdout.contains("实施方案 (term, bundled:measures.csv:"),
        "{stdout}"
    );
    assert!(
        stdout.contains(" + 《 (context, bundled:measures.csv:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("types:  organization (组织领导, command_control), regulation"),
        "{stdout}"
    );
}

#[test]
fn replacement_measure_dictionary_is_used_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("m.csv");
    std::fs::write(
        &dict,
        "measure_type,label,family,pattern,kind\nfunding,资金,market_based,资金,term\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    bin()
        .args(["run", "-q", "--measures"])
        .arg(&dict)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let types = read_csv(&out.join("measure_types.csv"));
    assert_eq!(types.len(), 9);
    assert!(types.iter().all(|t| t["measure_type"] == "funding"));
    std::fs::write(
        &dict,
        "measure_type,label,family,pattern,kind\nfunding,资金,market_based,,term\n",
    )
    .unwrap();
    let assert = bin()
        .args(["run", "-q", "--measures"])
        .arg(&dict)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("m.csv:2:"), "{stderr}");
}

#[test]
fn metrics_table_is_tidy_and_counted_in_summary() {
    let out = bundled_run(2);
    let metrics = read_csv(&out.path().join("metrics.csv"));
    let summary = read_csv(&out.path().join("summary.csv"));
    for s in &summary {
        let n = metrics
            .iter()
            .filter(|m| m["province"] == s["province"])
            .count();
        assert_eq!(n.to_string(), s["metrics"], "{}", s["province"]);
    }
    let dims = [
        "concentration",
        "area",
        "length",
        "mass",
        "money",
        "rate",
        "ratio",
        "count",
        "energy",
        "power",
        "time",
        "other",
    ];
    for m in &metrics {
        assert!(dims.contains(&m["dimension"].as_str()), "{m:?}");
        assert!(
            ["level", "change", "count", "target"].contains(&m["kind"].as_str()),
            "{m:?}"
        );
        assert!(m["text"].contains(&m["value"]), "{m:?}");
        assert!(m["value_std"].parse::<f64>().is_ok());
    }
    let has = |province: &str, value: &str, unit: &str, indicator: &str| {
        metrics.iter().any(|m| {
            m["province"] == province
                && m["value"] == value
                && m["unit"] == unit
                && m["indicator"].contains(indicator)
        })
    };
    assert!(has("辽宁省", "2405", "公里", "排水管网建设改造"));
    assert!(has("湖南省", "34", "μg/m3", "PM2.5"));
    assert!(has("湖南省", "0.06", "mg/L", "总磷"));
    assert!(has("山西省", "58.7", "%", "炼铁先进产能占比"));
    assert!(has("山西省", "47", "%", "炼钢先进产能占比"));
    // Never a date, a PM2.5 digit or a quoted name (a duration, `连续3年`, has the unit 年).
    assert!(
        !metrics
            .iter()
            .any(|m| (m["text"].contains('年') && m["unit"] != "年") || m["value"] == "13710")
    );
}

#[test]
fn keyness_rows_are_consistent_with_the_counts() {
    let out = bundled_run(2);
    let keyness = read_csv(&out.path().join("keyness.csv"));
    let summary = read_csv(&out.path().join("summary.csv"));
    let order: Vec<&str> = summary.iter().map(|r| r["province"].as_str()).collect();
    let tokens: HashMap<&str, f64> = summary
        .iter()
        .map(|r| (r["province"].as_str(), r["content_tokens"].parse().unwrap()))
        .collect();
    let total: f64 = tokens.values().sum();
    assert!(!keyness.is_empty());
    for w in keyness.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let (pa, pb) = (
            order.iter().position(|p| *p == a["province"]).unwrap(),
            order.iter().position(|p| *p == b["province"]).unwrap(),
        );
        assert!(
            pa < pb
                || (pa == pb && a["g2"].parse::<f64>().unwrap() >= b["g2"].parse::<f64>().unwrap()),
            "sort: {a:?} {b:?}"
        );
    }
    for r in keyness.iter().take(300) {
        let (a, b): (f64, f64) = (
            r["count_target"].parse().unwrap(),
            r["count_reference"].parse().unwrap(),
        );
        assert!(a + b >= 5.0, "{r:?}");
        let c = tokens[r["province"].as_str()];
        let d = total - c;
        let (e1, e2) = (c * (a + b) / (c + d), d * (a + b) / (c + d));
        let t = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
        let g2 = 2.0 * (t(a, e1) + t(b, e2));
        assert!(
            (g2 - r["g2"].parse::<f64>().unwrap()).abs() < 1e-3,
            "{r:?} vs {g2}"
        );
        // Hardie's log ratio, a zero count counted as 0.5; the direction is its sign.
        let fix = |x: f64| if x == 0.0 { 0.5 } else { x };
        let lr = ((fix(a) / c) / (fix(b) / d)).log2();
        let written: f64 = r["log_ratio"].parse().unwrap();
        assert!((lr - written).abs() < 1e-3, "{r:?} vs {lr}");
        assert_eq!(
            r["direction"],
            if written > 0.0 { "over" } else { "under" },
            "{r:?}"
        );
    }
}

#[test]
fn cooccurrence_has_every_pair_with_zeros() {
    let out = bundled_run(2);
    let pairs = read_csv(&out.path().join("measure_cooccurrence.csv"));
    let types = read_csv(&out.path().join("measure_types.csv"));
    assert_eq!(pairs.len(), 9 * 15);
    assert!(pairs.iter().any(|p| p["sentences"] == "0"));
    assert!(pairs.iter().any(|p| p["sentences"] != "0"));
    for p in &pairs {
        let n: u64 = p["sentences"].parse().unwrap();
        for t in ["measure_type_a", "measure_type_b"] {
            let single = types
                .iter()
                .find(|r| r["province"] == p["province"] && r["measure_type"] == p[t])
                .unwrap();
            assert!(n <= single["sentences"].parse::<u64>().unwrap(), "{p:?}");
        }
    }
}

#[test]
fn report_is_self_contained_and_optional() {
    let out = bundled_run(2);
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(!html.contains("<script"), "no JavaScript");
    assert!(
        !html.contains("http://")
            || html
                .matches("http://")
                .all(|_| html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    );
    assert_eq!(
        html.matches("<svg").count(),
        1 + 9 + 1,
        "mix chart, 9 term charts, heat-map"
    );
    assert!(html.contains("Noto Sans CJK SC"));
    for needle in [
        "Measure-type mix",
        "Keyness",
        "Headline metrics",
        "manifest.json",
        "辽宁省: top 15 terms",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    // Every headline links to a sentence anchor that exists.
    for link in html.split("href=\"#").skip(1) {
        let id = &link[..link.find('"').unwrap()];
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    let dir = tempfile::tempdir().unwrap();
    bin()
        .args(["run", "-q", "--no-report", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(!dir.path().join("report.html").exists());
}

#[test]
fn kwic_finds_terms_phrases_and_globs() {
    let kwic = |args: &[&str]| {
        let a = bin().arg("kwic").args(args).arg("--csv").assert().success();
        let text = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        r.records().map(|x| x.unwrap()).collect::<Vec<_>>()
    };
    let term = kwic(&["国考断面"]);
    assert!(term.len() >= 4 && term.iter().all(|r| &r[4] == "国考断面"));
    let glob = kwic(&["*排污*", "--window", "2"]);
    assert!(
        glob.iter().any(|r| &r[4] == "入河排污口") && glob.iter().any(|r| &r[4] == "排污许可证")
    );
    let phrase = kwic(&["排水管网 建设"]);
    assert!(!phrase.is_empty() && phrase.iter().all(|r| &r[4] == "排水管网建设"));
    // Offsets address the normalized document.
    let meta = read_csv(&repo().join("corpus/metadata.csv"));
    let r = &term[0];
    let path = &meta.iter().find(|m| m["doc_id"] == r[1]).unwrap()["path"];
    let text =
        policy_mine::normalize(&std::fs::read_to_string(repo().join("corpus").join(path)).unwrap());
    let chars: Vec<char> = text.chars().collect();
    let (s, e): (usize, usize) = (r[6].parse().unwrap(), r[7].parse().unwrap());
    assert_eq!(chars[s..e].iter().collect::<String>(), "国考断面");
    // The matches agree with the term table.
    let out = bundled_run(1);
    let tf = read_csv(&out.path().join("term_frequency.csv"));
    let total: u64 = tf
        .iter()
        .filter(|t| t["term"] == "国考断面")
        .map(|t| t["count"].parse::<u64>().unwrap())
        .sum();
    assert_eq!(total as usize, term.len());
}

/// Bad option values refused by validation exit 2, like clap's own usage errors (the
/// README's exit-code table), whether given as flags or in a TOML run file; an error about
/// the input (a missing corpus folder) stays 1. Nothing is written either way.
#[test]
fn bad_option_values_exit_2_and_input_errors_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (toml, toml_dtm) = (dir.path().join("run.toml"), dir.path().join("dtm.toml"));
    std::fs::write(&toml, "threads = 0\n").unwrap();
    std::fs::write(&toml_dtm, "dtm_min_count = 2\n").unwrap();
    let cases: [&[&str]; 7] = [
        &["--threads", "0"],
        &["--max-group-share", "1.5"],
        &["--shard", "5/3"],
        &["--group-by", "province,,year"],
        &["--filter", "year"],
        &["--config", toml.to_str().unwrap()],
        &["--config", toml_dtm.to_str().unwrap()],
    ];
    for args in cases {
        let o = bin()
            .args(["run", "-q", "--out"])
            .arg(&out)
            .args(args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
    let o = bin()
        .args(["run", "-q", "--corpus"])
        .arg(dir.path().join("no-such-corpus"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists(), "nothing written");
}

/// With `--measure-model`, `explain` shows the type the model added and its probability (a
/// sentence of the bundled corpus that no cue codes).
#[test]
fn explain_shows_what_the_measure_model_added() {
    let sentence = "公安机关对涉嫌违法犯罪的20名企业人员进行处理。";
    let run = |extra: &[&str]| {
        let assert = bin()
            .arg("explain")
            .arg(sentence)
            .args(extra)
            .assert()
            .success();
        String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
    };
    let cues_only = run(&[]);
    assert!(cues_only.contains("types:  (none)"), "{cues_only}");
    let with_model = run(&["--measure-model"]);
    assert!(
        with_model.contains("model:  probability 0.") && with_model.contains("-> enforcement"),
        "{with_model}"
    );
}

/// Commands on which the measure model would do nothing do not have the flag (a usage error,
/// exit 2) rather than accept it silently.
#[test]
fn measure_model_is_refused_where_it_does_nothing() {
    for args in [&["cues"][..], &["terms", "suggest"][..]] {
        let assert = bin().args(args).arg("--measure-model").assert().code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(
            stderr.contains("unexpected argument '--measure-model'"),
            "{args:?}: {stderr}"
        );
    }
}
