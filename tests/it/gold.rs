//! Gold-set evaluation: the tagger (and later the metric extractor) scored against
//! hand-coded fixtures. `dev` rows may guide tuning; `test` rows never do. Both are
//! reported; see tests/fixtures/README.md.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use policy_mine::{Resources, coded_types, load_bundled};

#[allow(unused_imports)]
use crate::util::*;

#[derive(Default, Debug, Clone)]
struct Prf {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Prf {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn line(&self) -> String {
        format!(
            "tp={} fp={} fn={} P={:.3} R={:.3} F1={:.3}",
            self.tp,
            self.fp,
            self.fn_,
            self.precision(),
            self.recall(),
            self.f1()
        )
    }
}

/// Micro figures over (sentence, type) pairs, and one `Prf` per type.
#[derive(Default, Debug)]
struct Score {
    n: usize,
    micro: Prf,
    per_type: BTreeMap<String, Prf>,
}

fn split_types(s: &str) -> BTreeSet<String> {
    s.split('|')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Score the rows of `file` in `split` (`all` for every row) against `res`. Disagreements
/// are printed for `dev` rows only: test rows are scored, never inspected while tuning.
fn score_gold(res: &Resources, file: &str, split: &str) -> Score {
    let rows = read_csv(&fixture(file));
    let mut score = Score::default();
    for t in &res.measures_type_names() {
        score.per_type.insert(t.clone(), Prf::default());
    }
    for row in rows {
        if split != "all" && row["split"] != split {
            continue;
        }
        score.n += 1;
        let gold = split_types(&row["gold_types"]);
        let got: BTreeSet<String> = coded_types(res, &row["sentence"]).into_iter().collect();
        for t in gold.union(&got) {
            let prf = score.per_type.entry(t.clone()).or_default();
            match (gold.contains(t), got.contains(t)) {
                (true, true) => prf.tp += 1,
                (false, true) => prf.fp += 1,
                _ => prf.fn_ += 1,
            }
        }
        score.micro.tp += gold.intersection(&got).count();
        score.micro.fp += got.difference(&gold).count();
        score.micro.fn_ += gold.difference(&got).count();
        if gold != got && row["split"] == "dev" {
            eprintln!(
                "  [{file} dev #{}] gold={gold:?} got={got:?} {}",
                row["id"], row["sentence"]
            );
        }
    }
    score
}

fn report(res: &Resources, file: &str, split: &str) -> Score {
    let s = score_gold(res, file, split);
    println!("{file} [{split}] n={} micro {}", s.n, s.micro.line());
    for (t, prf) in &s.per_type {
        println!("    {t:<14} {}", prf.line());
    }
    s
}

fn default_res() -> &'static Resources {
    static R: OnceLock<Resources> = OnceLock::new();
    R.get_or_init(load_bundled)
}

#[test]
fn measures_gold_dev() {
    let s = report(default_res(), "measures_gold.csv", "dev");
    assert!(s.micro.f1() >= 0.90, "dev F1 {:.3} < 0.90", s.micro.f1());
}

#[test]
fn measures_gold_test() {
    let s = report(default_res(), "measures_gold.csv", "test");
    assert!(
        s.micro.f1() >= 0.857,
        "held-out test F1 {:.3} < 0.857 (the F1 before issue 14)",
        s.micro.f1()
    );
}

/// Issue 14's targets are micro P and R >= 0.85 and every type's F1 >= 0.75 on this split;
/// the README reports what is reached (not the targets: test F1 0.771). These floors are
/// regression guards set just below the levels achieved in issue 14's fifth round (dev
/// 0.897, test 0.771; round 7 test 0.780), not targets.
#[test]
fn measures_gold_other_dev() {
    let s = report(default_res(), "measures_gold_other.csv", "dev");
    assert!(s.micro.f1() >= 0.88, "other dev F1 {:.3}", s.micro.f1());
}

#[test]
fn measures_gold_other_test() {
    let s = report(default_res(), "measures_gold_other.csv", "test");
    assert!(s.micro.f1() >= 0.77, "other test F1 {:.3}", s.micro.f1());
}

/// A development-only set from other documents (issue 14, round 2): every row is `dev`.
/// Before round 2's cue changes it scored F1 0.658 (round 2: 0.856); the floor is a
/// regression guard just below the level reached in round 5 (0.875), not a target.
#[test]
fn measures_gold_dev2() {
    let s = report(default_res(), "measures_gold_dev2.csv", "dev");
    assert_eq!(s.n, 255, "every row of measures_gold_dev2.csv is dev");
    assert!(s.micro.f1() >= 0.87, "dev2 F1 {:.3}", s.micro.f1());
}

/// A third set, coded independently of the rules (issue 14, round 5), split by document:
/// `dev` rows may be tuned on, `test` rows (whole documents) never are. Before any cue was
/// changed for it, it scored dev F1 0.761 (P 0.773, R 0.750) and test F1 0.709 (P 0.756, R 0.667);
/// after round 5 (tuned on its dev rows) dev F1 0.867 and test F1 0.737; after round 6 (a per-cue
/// precision audit on the shared corpora) dev 0.870 and test 0.730; after round 8 (families
/// accepted on two document folds of the dev rows and on the shared corpora) dev 0.870 and test
/// 0.742. The floors are regression guards just below those, not targets.
#[test]
fn measures_gold_dev3_dev() {
    let s = report(default_res(), "measures_gold_dev3.csv", "dev");
    assert_eq!(s.n, 209);
    assert!(s.micro.f1() >= 0.86, "dev3 dev F1 {:.3}", s.micro.f1());
}

#[test]
fn measures_gold_dev3_test() {
    let s = report(default_res(), "measures_gold_dev3.csv", "test");
    assert_eq!(s.n, 109);
    assert!(s.micro.f1() >= 0.74, "dev3 test F1 {:.3}", s.micro.f1());
}

/// A fourth set (issue 14, round 7): 504 content-blind stride sentences from 23 documents that
/// hold no test row of any measures gold, coded by three sessions that never saw the rules,
/// with the evidence phrase of every code. Split by document into `dev` (cues may be learnt
/// from it) and `check` (never tuned on; it shows whether what is learnt on `dev` transfers).
/// Before any cue was changed for it: dev F1 0.659 (P 0.747, R 0.590), check F1 0.629 (P 0.735,
/// R 0.550). After round 7 (rules from the dev split's evidence phrases, each checked on the
/// shared corpora): dev 0.808, check 0.643; after round 8 (families accepted on two document
/// folds of every dev row and on the shared corpora): dev 0.814, check 0.650; after round 10
/// (families mined from the sixth set's document folds): dev 0.821, check 0.663. The floors are
/// regression guards, not targets.
#[test]
fn measures_gold_dev4_dev() {
    let s = report(default_res(), "measures_gold_dev4.csv", "dev");
    assert_eq!(s.n, 252);
    assert!(s.micro.f1() >= 0.80, "dev4 dev F1 {:.3}", s.micro.f1());
}

#[test]
fn measures_gold_dev4_check() {
    let s = report(default_res(), "measures_gold_dev4.csv", "check");
    assert_eq!(s.n, 252);
    assert!(s.micro.f1() >= 0.65, "dev4 check F1 {:.3}", s.micro.f1());
}

/// A fifth set (issue 14, after round 8): 252 more content-blind stride sentences from the
/// documents of the fourth set's `dev` half only (so its `check` documents and every test
/// document stay unseen), coded by two sessions that never saw the rules. Scored before any cue
/// was changed for it: F1 0.663 (P 0.718, R 0.615), in line with the fourth set's `check`
/// (0.650): the realistic figure for running text. Development data from here on: tuned on in
/// round 9 (five fold-validated families), F1 0.724.
#[test]
fn measures_gold_dev5_dev() {
    let s = report(default_res(), "measures_gold_dev5.csv", "dev");
    assert_eq!(s.n, 252);
    assert!(s.micro.f1() >= 0.70, "dev5 dev F1 {:.3}", s.micro.f1());
}

/// A sixth set (issue 14, round 10): every remaining sentence of the fourth set's `dev`
/// documents (4,954, content-blind), coded by eleven sessions that never saw the rules, to learn
/// from in bulk. Scored before any cue was changed for it: F1 0.650 (P 0.717, R 0.595), the
/// rules' figure on the largest sample of text they were not tuned on. Round 10 mined it in two
/// document folds (`docs/measures_round10/cues.md`): F1 0.679 (P 0.724, R 0.640). The floor is a
/// regression guard, not a target.
#[test]
fn measures_gold_dev6_dev() {
    let s = report(default_res(), "measures_gold_dev6.csv", "dev");
    assert_eq!(s.n, 4954);
    assert!(s.micro.f1() >= 0.67, "dev6 dev F1 {:.3}", s.micro.f1());
}

/// 400 random rows of the sixth set (seed 611) coded again by two sessions (200 each) that
/// never saw the first codes: micro F1 0.932, 380 of 400 sets identical.
#[test]
fn second_coder_agrees_on_the_sixth_set() {
    let micro = coder_agreement_on_sample(
        "measures_gold_dev6.csv",
        "measures_gold_dev6_second_coder.csv",
    );
    assert!(micro.f1() >= 0.90, "inter-coder F1 {:.3}", micro.f1());
}

/// The fifth set was coded whole by two independent sessions; the gold is the first's.
#[test]
fn second_coder_agrees_on_the_fifth_set() {
    let micro = coder_agreement(
        "measures_gold_dev5.csv",
        "measures_gold_dev5_second_coder.csv",
        "dev",
    );
    assert!(micro.f1() >= 0.90, "inter-coder F1 {:.3}", micro.f1());
}

/// Inter-coder agreement: a second coder (a session that saw only the codebook and the
/// sentences, never the gold or the dictionaries) coded the test split of
/// measures_gold_other.csv again. Agreement between two coders is the ceiling the tool can be
/// held to; see tests/fixtures/README.md for how it was done and its caveat.
#[test]
fn second_coder_agrees_with_the_gold() {
    let micro = coder_agreement(
        "measures_gold_other.csv",
        "measures_gold_other_second_coder.csv",
        "test",
    );
    // Two coders under one codebook: well above what the tool reaches on the same rows.
    assert!(micro.f1() >= 0.90, "inter-coder F1 {:.3}", micro.f1());
}

/// The test split of the third set (dev3) coded again by another session that saw only the
/// codebook, the decisions D1–D15 and N1–N15, and the sentences (never the gold codes).
#[test]
fn second_coder_agrees_on_the_third_set() {
    let micro = coder_agreement(
        "measures_gold_dev3.csv",
        "measures_gold_dev3_second_coder.csv",
        "test",
    );
    assert!(micro.f1() >= 0.90, "inter-coder F1 {:.3}", micro.f1());
}

/// The `check` split of the fourth set coded again by two more sessions (126 rows each) that
/// saw only the codebook, the decisions and the sentences.
#[test]
fn second_coder_agrees_on_the_fourth_set() {
    let micro = coder_agreement(
        "measures_gold_dev4.csv",
        "measures_gold_dev4_second_coder.csv",
        "check",
    );
    assert!(micro.f1() >= 0.90, "inter-coder F1 {:.3}", micro.f1());
}

/// Micro agreement (and, printed, per-type P/R/F1 and Cohen's κ) of a second coder with the
/// gold on one split of the gold, which the second coder coded exactly.
fn coder_agreement(gold_file: &str, second_file: &str, split: &str) -> Prf {
    let gold: BTreeMap<String, BTreeSet<String>> = read_csv(&fixture(gold_file))
        .into_iter()
        .filter(|r| r["split"] == split)
        .map(|r| (r["id"].clone(), split_types(&r["gold_types"])))
        .collect();
    let second = second_codes(second_file);
    assert_eq!(
        gold.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>(),
        "the second coder coded exactly the split {split}"
    );
    agreement(&gold, &second, &format!("{gold_file} [{split}]"))
}

/// A second coder's file (`id,types,…`): the types of each id.
fn second_codes(second_file: &str) -> BTreeMap<String, BTreeSet<String>> {
    read_csv(&fixture(second_file))
        .into_iter()
        .map(|r| (r["id"].clone(), split_types(&r["types"])))
        .collect()
}

/// Agreement of a second coder who coded a random sample of the rows of `gold_file`.
fn coder_agreement_on_sample(gold_file: &str, second_file: &str) -> Prf {
    let second = second_codes(second_file);
    let gold: BTreeMap<String, BTreeSet<String>> = read_csv(&fixture(gold_file))
        .into_iter()
        .filter(|r| second.contains_key(&r["id"]))
        .map(|r| (r["id"].clone(), split_types(&r["gold_types"])))
        .collect();
    assert_eq!(
        gold.len(),
        second.len(),
        "every sampled id is a row of {gold_file}"
    );
    agreement(
        &gold,
        &second,
        &format!("{gold_file} [sample of {}]", gold.len()),
    )
}

/// Per type and micro agreement (printed with κ) between two codings of the same rows.
fn agreement(
    gold: &BTreeMap<String, BTreeSet<String>>,
    second: &BTreeMap<String, BTreeSet<String>>,
    label: &str,
) -> Prf {
    let types: BTreeSet<&String> = gold.values().chain(second.values()).flatten().collect();
    let mut micro = Prf::default();
    let n = gold.len() as f64;
    for t in types {
        let mut p = Prf::default();
        let (mut both_no, mut g_yes, mut s_yes) = (0usize, 0usize, 0usize);
        for (id, g) in gold {
            let (a, b) = (g.contains(t), second[id].contains(t));
            match (a, b) {
                (true, true) => p.tp += 1,
                (false, true) => p.fp += 1,
                (true, false) => p.fn_ += 1,
                (false, false) => both_no += 1,
            }
            g_yes += usize::from(a);
            s_yes += usize::from(b);
        }
        let observed = (p.tp + both_no) as f64 / n;
        let (pg, ps) = (g_yes as f64 / n, s_yes as f64 / n);
        let chance = pg * ps + (1.0 - pg) * (1.0 - ps);
        let kappa = (observed - chance) / (1.0 - chance);
        eprintln!(
            "second coder vs {label} {t:<13} {} kappa={kappa:.3}",
            p.line()
        );
        micro.tp += p.tp;
        micro.fp += p.fp;
        micro.fn_ += p.fn_;
    }
    eprintln!("second coder vs {label} micro {}", micro.line());
    micro
}

fn model_res() -> &'static Resources {
    static R: OnceLock<Resources> = OnceLock::new();
    R.get_or_init(|| {
        let paths = policy_mine::DictPaths {
            measure_model: true,
            ..Default::default()
        };
        Resources::load(&paths).unwrap()
    })
}

/// `--measure-model` (cues ∪ a character n-gram model trained on every `dev` row, dev6
/// included; `docs/measures_round10/`), scored on splits it was never trained or tuned on.
/// Python scored the design once before it was built: dev4 check 0.725, other-genres test 0.807,
/// dev3 test 0.772, bundled test 0.792. It gains recall on unseen genres and loses precision on
/// the inspection reports the cues were written for. Floors are regression guards.
#[test]
fn measure_model_on_unseen_splits() {
    let cues = default_res();
    for (file, split, floor) in [
        ("measures_gold_dev4.csv", "check", 0.70),
        ("measures_gold_other.csv", "test", 0.79),
        ("measures_gold_dev3.csv", "test", 0.76),
        ("measures_gold.csv", "test", 0.76),
    ] {
        let with_model = report(model_res(), file, split);
        let alone = score_gold(cues, file, split);
        assert!(
            with_model.micro.f1() >= floor,
            "{file} [{split}] with the model: F1 {:.3}",
            with_model.micro.f1()
        );
        // The model only adds codes: every true code of the cues stays, recall never drops.
        assert!(with_model.micro.tp >= alone.micro.tp, "{file} [{split}]");
    }
}

fn rz_res() -> &'static Resources {
    static R: OnceLock<Resources> = OnceLock::new();
    R.get_or_init(|| {
        let paths = policy_mine::DictPaths {
            measures: Some(PathBuf::from("rothwell-zegveld")),
            ..Default::default()
        };
        Resources::load(&paths).unwrap()
    })
}

#[test]
fn rothwell_zegveld_gold_dev() {
    let s = report(rz_res(), "rz_gold.csv", "dev");
    assert!(s.micro.f1() >= 0.80, "rz dev F1 {:.3}", s.micro.f1());
}

#[test]
fn rothwell_zegveld_gold_test() {
    let s = report(rz_res(), "rz_gold.csv", "test");
    assert!(
        s.micro.f1() >= 0.75,
        "rz held-out test F1 {:.3}",
        s.micro.f1()
    );
}

mod metrics_gold {
    //! Both metric gold sets scored by one scorer. A gold row is found when an extracted
    //! metric's number starts inside the row's (normalized) context with the same value and
    //! unit; each extracted metric matches at most one row. Extracted metrics that match no
    //! row are false positives of the split of the nearest gold row.
    use super::*;
    use policy_mine::Metric;
    use policy_mine::normalize;
    use policy_mine::{MAX_SENTENCE_CHARS, split_sentences};
    use std::collections::HashMap;

    /// One gold quantity, either gold set (the old one has no period, deadline or range).
    #[derive(Debug, Clone)]
    struct GoldRow {
        id: u32,
        split: String,
        doc: String,
        value: String,
        value_high: String,
        unit: String,
        kind: String,
        direction: String,
        qualifier: String,
        indicator: String,
        period: Option<String>,
        deadline: Option<String>,
        context: String,
    }

    /// Rows of the new gold whose period the annotator copied from a lead sentence (flag P in
    /// metrics_gold_other_NOTES.md); a sentence-local extractor cannot see it.
    const INHERITED_PERIOD: [(u32, u32); 11] = [
        (1, 12),
        (18, 19),
        (23, 27),
        (29, 34),
        (163, 164),
        (166, 166),
        (170, 171),
        (197, 201),
        (204, 204),
        (222, 230),
        (0, 0),
    ];

    fn inherited_period(id: u32) -> bool {
        INHERITED_PERIOD.iter().any(|&(a, b)| a <= id && id <= b)
    }

    /// Every metric of a document, with its document context (plan sections) as the pipeline
    /// applies it.
    fn extract_doc(text: &str) -> Vec<Metric> {
        let res = load_bundled();
        let sentences = split_sentences(text, MAX_SENTENCE_CHARS).sentences;
        let plans = policy_mine::plan_sections(
            policy_mine::PlanState::default(),
            sentences.iter().map(|s| (s.text(text), s.is_heading)),
        );
        let mut chain = policy_mine::PeriodChain::default();
        let mut prev_end = 0;
        sentences
            .iter()
            .zip(plans)
            .flat_map(|(s, plan)| {
                let mut ms = policy_mine::extract_metrics(&res, text, s);
                let after_break = text[prev_end.min(s.byte_start)..s.byte_start].contains('\n');
                let head = chain.next(s.text(text), after_break);
                prev_end = s.byte_end;
                for m in &mut ms {
                    if plan.plan {
                        policy_mine::as_plan(m);
                    }
                    if let Some(h) = &head {
                        policy_mine::inherit_period(m, h, s.text(text));
                    }
                }
                ms
            })
            .collect()
    }

    /// The old gold: 辽宁省 and 河南省 of the bundled corpus.
    /// A normalized document and the char range of it that its gold rows annotate (the whole
    /// text, or a passage's region inside a whole document).
    struct Doc {
        text: String,
        region: (usize, usize),
    }

    impl Doc {
        fn whole(text: String) -> Self {
            let n = text.chars().count();
            Doc {
                text,
                region: (0, n),
            }
        }
    }

    fn old_gold() -> (Vec<GoldRow>, HashMap<String, Doc>) {
        let meta = read_csv(&repo().join("corpus/metadata.csv"));
        let mut docs = HashMap::new();
        for m in meta {
            if ["辽宁省", "河南省"].contains(&m["province"].as_str()) {
                let raw = std::fs::read_to_string(repo().join("corpus").join(&m["path"])).unwrap();
                docs.insert(m["province"].clone(), Doc::whole(normalize(&raw)));
            }
        }
        let rows = read_csv(&fixture("metrics_gold.csv"))
            .into_iter()
            .map(|r| GoldRow {
                id: r["id"].parse().unwrap(),
                split: r["split"].clone(),
                doc: r["province"].clone(),
                value: r["value"].clone(),
                value_high: String::new(),
                unit: r["unit"].clone(),
                kind: r["kind"].clone(),
                direction: r["direction"].clone(),
                qualifier: r["qualifier"].clone(),
                indicator: r["indicator"].clone(),
                period: None,
                deadline: None,
                context: r["context"].clone(),
            })
            .collect();
        (rows, docs)
    }

    /// A gold of other genres: passages of the 2026 provincial and the national work reports
    /// (`NAME.csv`, with the passages in `NAME_passages/`).
    fn other_gold(name: &str) -> (Vec<GoldRow>, HashMap<String, Doc>) {
        let rows: Vec<GoldRow> = read_csv(&fixture(&format!("{name}.csv")))
            .into_iter()
            .map(|r| GoldRow {
                id: r["id"].parse().unwrap(),
                split: r["split"].clone(),
                doc: r["doc_id"].clone(),
                value: r["value"].clone(),
                value_high: r["value_high"].clone(),
                unit: r["unit"].clone(),
                kind: r["kind"].clone(),
                direction: r["direction"].clone(),
                qualifier: r["qualifier"].clone(),
                indicator: r["indicator"].clone(),
                period: Some(r["period"].clone()),
                deadline: Some(r["deadline"].clone()),
                context: r["context"].clone(),
            })
            .collect();
        let mut docs = HashMap::new();
        for r in &rows {
            docs.entry(r.doc.clone()).or_insert_with(|| {
                let path = fixture(&format!("{name}_passages")).join(format!("{}.txt", r.doc));
                Doc::whole(normalize(&std::fs::read_to_string(path).unwrap()))
            });
        }
        (rows, docs)
    }

    /// [`other_gold`] on the whole documents (`NAME_docs/`): each passage's region of its
    /// document is where its rows are matched.
    fn other_gold_whole(name: &str) -> (Vec<GoldRow>, HashMap<String, Doc>) {
        let (rows, passages) = other_gold(name);
        let docs = passages
            .into_iter()
            .map(|(id, passage)| {
                let path = fixture(&format!("{name}_docs")).join(format!("{id}.txt"));
                let text = normalize(&std::fs::read_to_string(path).unwrap());
                let byte = text
                    .find(passage.text.trim())
                    .unwrap_or_else(|| panic!("passage of {id} not in its document"));
                let start = text[..byte].chars().count();
                let region = (start, start + passage.text.trim().chars().count());
                (id, Doc { text, region })
            })
            .collect();
        (rows, docs)
    }

    #[derive(Default, Debug)]
    struct Tally {
        gold: usize,
        extracted: usize,
        tp: usize,
        indicator_checked: usize,
        indicator_contains: usize,
        indicator_exact: usize,
        kind_ok: usize,
        direction_ok: usize,
        qualifier_ok: usize,
        range_ok: usize,
        period_checked: usize,
        period_ok: usize,
        local_period_checked: usize,
        local_period_ok: usize,
        deadline_ok: usize,
        empty_indicators: usize,
    }

    fn same_number(a: &str, b: &str) -> bool {
        a == b || a.parse::<f64>().ok() == b.parse::<f64>().ok() && a.parse::<f64>().is_ok()
    }

    fn number_pos(m: &Metric) -> usize {
        m.start
            + m.text
                .chars()
                .take_while(|c| !c.is_ascii_digit() && !matches!(c, '-' | '+' | '−'))
                .count()
    }

    /// Char range of a row's context in its normalized document.
    fn context_span(doc: &Doc, row: &GoldRow) -> (usize, usize) {
        let ctx = normalize(&row.context);
        let ctx = ctx.trim();
        let from = doc
            .text
            .char_indices()
            .nth(doc.region.0)
            .map_or(doc.text.len(), |(b, _)| b);
        let byte = from
            + doc.text[from..]
                .find(ctx)
                .unwrap_or_else(|| panic!("context of #{} not in {}", row.id, row.doc));
        let start = doc.text[..byte].chars().count();
        (start, start + ctx.chars().count())
    }

    fn tally_row(t: &mut Tally, g: &GoldRow, m: &Metric, verbose: bool) {
        t.tp += 1;
        t.kind_ok += usize::from(m.kind == g.kind);
        t.direction_ok += usize::from(m.direction == g.direction);
        t.qualifier_ok += usize::from(m.qualifier == g.qualifier);
        t.range_ok +=
            usize::from(same_number(&m.value_high, &g.value_high) || m.value_high == g.value_high);
        t.empty_indicators += usize::from(m.indicator.is_empty());
        let show = |what: &str, gold: &str, got: &str| {
            if verbose && g.split == "dev" {
                eprintln!(
                    "  {what} [{} #{}] gold={gold} got={got} ({})",
                    g.split, g.id, m.text
                );
            }
        };
        if !g.indicator.is_empty() {
            t.indicator_checked += 1;
            t.indicator_exact += usize::from(m.indicator == g.indicator);
            let ok = m.indicator.contains(&g.indicator);
            t.indicator_contains += usize::from(ok);
            if m.indicator != g.indicator {
                show("indicator", &g.indicator, &m.indicator);
            }
        }
        if (m.kind, m.direction, m.qualifier)
            != (g.kind.as_str(), g.direction.as_str(), g.qualifier.as_str())
        {
            let gold = format!("{}/{}/{}", g.kind, g.direction, g.qualifier);
            show(
                "kind/dir/qual",
                &gold,
                &format!("{}/{}/{}", m.kind, m.direction, m.qualifier),
            );
        }
        if let Some(period) = &g.period {
            t.period_checked += 1;
            t.period_ok += usize::from(&m.period == period);
            if !inherited_period(g.id) {
                t.local_period_checked += 1;
                t.local_period_ok += usize::from(&m.period == period);
                if &m.period != period {
                    show("period", period, &m.period);
                }
            }
        }
        if let Some(deadline) = &g.deadline {
            t.deadline_ok += usize::from(&m.deadline == deadline);
            if &m.deadline != deadline {
                show("deadline", deadline, &m.deadline);
            }
        }
    }

    /// Score one gold set per split.
    fn score(
        (gold, docs): (Vec<GoldRow>, HashMap<String, Doc>),
        verbose: bool,
    ) -> HashMap<String, Tally> {
        let mut tallies: HashMap<String, Tally> = HashMap::new();
        let mut names: Vec<&String> = docs.keys().collect();
        names.sort();
        for name in names {
            let doc = &docs[name];
            let rows: Vec<&GoldRow> = gold.iter().filter(|g| &g.doc == name).collect();
            let spans: Vec<(usize, usize)> = rows.iter().map(|g| context_span(doc, g)).collect();
            let (a, b) = doc.region;
            let extracted: Vec<Metric> = extract_doc(&doc.text)
                .into_iter()
                .filter(|m| (a..b).contains(&number_pos(m)))
                .collect();
            let mut matched = vec![false; extracted.len()];
            let mut matched_split: Vec<Option<String>> = vec![None; extracted.len()];
            for (g, &(a, b)) in rows.iter().zip(&spans) {
                let t = tallies.entry(g.split.clone()).or_default();
                t.gold += 1;
                let hit = extracted.iter().enumerate().position(|(i, m)| {
                    let p = number_pos(m);
                    !matched[i]
                        && a <= p
                        && p < b
                        && same_number(&m.value, &g.value)
                        && m.unit == g.unit
                });
                let Some(i) = hit else {
                    if verbose && g.split == "dev" {
                        eprintln!(
                            "  missed [{} #{}] {}{} in {}",
                            g.split, g.id, g.value, g.unit, g.context
                        );
                    }
                    continue;
                };
                matched[i] = true;
                matched_split[i] = Some(g.split.clone());
                tally_row(t, g, &extracted[i], verbose);
            }
            for ((m, was_matched), split) in extracted.iter().zip(&matched).zip(matched_split) {
                let p = number_pos(m);
                let nearest = split.unwrap_or_else(|| {
                    spans
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, s)| s.0.abs_diff(p))
                        .map(|(i, _)| rows[i].split.clone())
                        .unwrap()
                });
                let t = tallies.entry(nearest.clone()).or_default();
                t.extracted += 1;
                if !was_matched && verbose && nearest == "dev" {
                    eprintln!("  spurious {name} {}{} ({})", m.value, m.unit, m.text);
                }
            }
        }
        tallies
    }

    /// The figures of one split, as a map (for assertions) and one printed line.
    fn report(set: &str, split: &str, t: &Tally) -> HashMap<&'static str, f64> {
        let r = |a: usize, b: usize| a as f64 / b.max(1) as f64;
        let f: HashMap<&'static str, f64> = [
            ("precision", r(t.tp, t.extracted)),
            ("recall", r(t.tp, t.gold)),
            ("indicator_exact", r(t.indicator_exact, t.indicator_checked)),
            (
                "indicator_contains",
                r(t.indicator_contains, t.indicator_checked),
            ),
            ("kind", r(t.kind_ok, t.tp)),
            ("direction", r(t.direction_ok, t.tp)),
            ("qualifier", r(t.qualifier_ok, t.tp)),
            ("value_high", r(t.range_ok, t.tp)),
            ("period", r(t.period_ok, t.period_checked)),
            ("period_local", r(t.local_period_ok, t.local_period_checked)),
            ("deadline", r(t.deadline_ok, t.period_checked)),
        ]
        .into_iter()
        .collect();
        println!(
            "{set} [{split}] gold={} extracted={} tp={} P={:.3} R={:.3} | indicator n={} exact={:.3} contains={:.3} empty={} | kind={:.3} direction={:.3} qualifier={:.3} value_high={:.3} | period={:.3} (sentence-local {:.3}, n={}) deadline={:.3}",
            t.gold,
            t.extracted,
            t.tp,
            f["precision"],
            f["recall"],
            t.indicator_checked,
            f["indicator_exact"],
            f["indicator_contains"],
            t.empty_indicators,
            f["kind"],
            f["direction"],
            f["qualifier"],
            f["value_high"],
            f["period"],
            f["period_local"],
            t.local_period_checked,
            f["deadline"],
        );
        f
    }

    fn check(f: &HashMap<&'static str, f64>, floors: &[(&str, f64)], what: &str) {
        let low: Vec<String> = floors
            .iter()
            .filter(|(k, min)| f[k] < *min)
            .map(|(k, min)| format!("{k} {:.3} < {min}", f[k]))
            .collect();
        assert!(low.is_empty(), "{what}: {low:?}");
    }

    /// Regression floors for the old gold (the bundled corpus), a little under what issue 15
    /// round 3 reached (exact 0.851/0.809, contains 0.936/1.000), so a rule change for other
    /// genres cannot silently cost the bundled corpus.
    const OLD_FLOORS: [(&str, f64); 4] = [
        ("precision", 0.95),
        ("recall", 0.95),
        ("indicator_exact", 0.78),
        ("indicator_contains", 0.90),
    ];

    #[test]
    fn old_gold_every_split() {
        let verbose = std::env::var("GOLD_VERBOSE").ok();
        let tallies = score(old_gold(), verbose.as_deref() == Some("dev"));
        for split in ["dev", "test"] {
            let f = report("metrics gold (bundled)", split, &tallies[split]);
            check(&f, &OLD_FLOORS, split);
        }
    }

    /// Regression floors for the new gold, both splits: a little under what issue 15 round 5
    /// reached (test: exact 0.711, contains 0.830, kind 0.963, direction 0.985; round 6: exact
    /// 0.719, kind 0.970, direction 0.993; round 7: exact 0.726, contains 0.837; round 8: exact
    /// 0.756, contains 0.844). They guard
    /// against regressions; they are not the targets (indicator exact >= 0.85, contains
    /// >= 0.95), which are NOT met; see the README.
    const OTHER_FLOORS: [(&str, f64); 7] = [
        ("precision", 0.97),
        ("recall", 0.97),
        ("indicator_exact", 0.73),
        ("indicator_contains", 0.83),
        ("kind", 0.95),
        ("direction", 0.97),
        ("qualifier", 0.95),
    ];

    #[test]
    fn other_gold_every_split() {
        let verbose = std::env::var("GOLD_VERBOSE").ok();
        let tallies = score(
            other_gold("metrics_gold_other"),
            verbose.as_deref() == Some("dev"),
        );
        for split in ["dev", "test"] {
            let f = report("metrics gold (other genres)", split, &tallies[split]);
            check(&f, &OTHER_FLOORS, split);
        }
    }

    /// Regression floors for the third gold (issue 15 round 5; coded independently of the
    /// rules, split by document, mostly plans and targets from the middle of each report).
    /// Before any rule was changed for it: dev P 0.980 R 0.943, indicator exact 0.600,
    /// contains 0.750, kind 0.210; test P 1.000 R 1.000, exact 0.476, contains 0.786, kind
    /// 0.548 (the annotator codes every planned quantity `target`). After round 5 (passages
    /// alone; most plan sentences carry no plan word, so kind stays low here): dev exact 0.770,
    /// contains 0.820, kind 0.280; test exact 0.500, contains 0.786, kind 0.548. Round 7: dev
    /// exact 0.800, contains 0.830; test exact 0.548. Round 8: dev exact 0.810, contains 0.840;
    /// test exact 0.643, contains 0.881. Guards, not targets.
    const DEV3_FLOORS: [(&str, f64); 7] = [
        ("precision", 0.95),
        ("recall", 0.90),
        ("indicator_exact", 0.60),
        ("indicator_contains", 0.80),
        ("kind", 0.25),
        ("direction", 0.90),
        ("qualifier", 0.97),
    ];

    #[test]
    fn dev3_gold_every_split() {
        let verbose = std::env::var("GOLD_VERBOSE").ok();
        let tallies = score(
            other_gold("metrics_gold_dev3"),
            verbose.as_deref() == Some("dev"),
        );
        for split in ["dev", "test"] {
            let f = report(
                "metrics gold dev3 (plans, other genres)",
                split,
                &tallies[split],
            );
            check(&f, &DEV3_FLOORS, split);
        }
    }

    /// The third gold scored on its whole documents (`metrics_gold_dev3_docs/`), rows matched
    /// inside each passage's region: the document context (plan-section headings before the
    /// passage) is what a run on the corpus sees.
    /// Round 5 reached: dev kind 0.950, direction 0.990; test kind 0.929, direction 0.976
    /// (indicators as on the passages); round 6: test kind 0.952.
    const DEV3_WHOLE_FLOORS: [(&str, f64); 7] = [
        ("precision", 0.95),
        ("recall", 0.90),
        ("indicator_exact", 0.60),
        ("indicator_contains", 0.80),
        ("kind", 0.92),
        ("direction", 0.95),
        ("qualifier", 0.97),
    ];

    #[test]
    fn dev3_gold_whole_documents() {
        let verbose = std::env::var("GOLD_VERBOSE").ok();
        let gold = other_gold_whole("metrics_gold_dev3");
        let tallies = score(gold, verbose.as_deref() == Some("dev"));
        for split in ["dev", "test"] {
            let f = report(
                "metrics gold dev3 (whole documents)",
                split,
                &tallies[split],
            );
            check(&f, &DEV3_WHOLE_FLOORS, split);
        }
    }
}

/// No metric row has an empty indicator: on the bundled corpus, on the gold passages of other
/// genres (fixtures), and on the two shared corpora when they are present.
mod no_empty_indicator {
    use super::*;

    fn check(corpus: &std::path::Path) -> (usize, usize) {
        let out = tempfile::tempdir().unwrap();
        bin()
            .args(["run", "--quiet", "--no-report", "--corpus"])
            .arg(corpus)
            .arg("--out")
            .arg(out.path())
            .assert()
            .success();
        let rows = read_csv(&out.path().join("metrics.csv"));
        let empty: Vec<_> = rows
            .iter()
            .filter(|r| r["indicator"].trim().is_empty())
            .collect();
        assert!(
            empty.is_empty(),
            "{}: empty indicators {:#?}",
            corpus.display(),
            &empty[..empty.len().min(5)]
        );
        let fallbacks = rows
            .iter()
            .filter(|r| r["indicator_fallback"] == "true")
            .count();
        println!(
            "{}: {} metric rows, 0 empty indicators, {fallbacks} fallbacks",
            corpus.display(),
            rows.len()
        );
        (rows.len(), fallbacks)
    }

    #[test]
    fn bundled_corpus() {
        let (n, _) = check(&repo().join("corpus"));
        assert!(n > 200);
    }

    #[test]
    fn shared_corpora() {
        for name in ["gov-work-reports-2026", "gov-work-reports-national"] {
            let dir = std::path::Path::new("/work/shared/corpora").join(name);
            if !dir.join("metadata.csv").exists() {
                println!("SKIPPED: {} not present", dir.display());
                continue;
            }
            let (n, _) = check(&dir);
            assert!(n > 100);
        }
    }

    #[test]
    fn gold_passages_of_other_genres() {
        let res = load_bundled();
        let dir = fixture("metrics_gold_other_passages");
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let text =
                policy_mine::normalize(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
            for s in policy_mine::split_sentences(&text, policy_mine::MAX_SENTENCE_CHARS).sentences
            {
                for m in policy_mine::extract_metrics(&res, &text, &s) {
                    assert!(!m.indicator.trim().is_empty(), "{m:?}");
                    n += 1;
                }
            }
        }
        assert!(n > 250, "{n}");
    }
}
