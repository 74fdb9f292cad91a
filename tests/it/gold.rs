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
    assert!(s.micro.f1() >= 0.80, "dev F1 {:.3} < 0.80", s.micro.f1());
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
/// the README reports what is reached. These floors guard against regressions.
#[test]
fn measures_gold_other_dev() {
    let s = report(default_res(), "measures_gold_other.csv", "dev");
    assert!(s.micro.f1() >= 0.85, "other dev F1 {:.3}", s.micro.f1());
}

#[test]
fn measures_gold_other_test() {
    let s = report(default_res(), "measures_gold_other.csv", "test");
    assert!(s.micro.f1() >= 0.70, "other test F1 {:.3}", s.micro.f1());
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
    use super::*;
    use policy_mine::Metric;
    use policy_mine::normalize;
    use policy_mine::{MAX_SENTENCE_CHARS, split_sentences};
    use std::collections::HashMap;

    #[derive(Debug, serde::Deserialize)]
    struct GoldRow {
        id: u32,
        split: String,
        province: String,
        value: String,
        unit: String,
        kind: String,
        direction: String,
        qualifier: String,
        indicator: String,
        context: String,
    }

    fn extract_doc(text: &str) -> Vec<Metric> {
        let res = load_bundled();
        split_sentences(text, MAX_SENTENCE_CHARS)
            .sentences
            .iter()
            .flat_map(|s| policy_mine::extract(&res.units, text, s))
            .collect()
    }

    fn char_pos(text: &str, byte: usize) -> usize {
        text[..byte].chars().count()
    }

    /// Char position of the gold number in the document, located through its context.
    fn gold_pos(doc: &str, row: &GoldRow) -> usize {
        let ctx = doc
            .find(&row.context)
            .unwrap_or_else(|| panic!("context of #{} not in document", row.id));
        let with_unit = format!(
            "{}{}",
            row.value,
            row.unit
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_default()
        );
        let within = row
            .context
            .find(&with_unit)
            .or_else(|| row.context.find(&row.value))
            .unwrap();
        char_pos(doc, ctx + within)
    }

    #[derive(Default)]
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
    }

    /// Score value+unit per split. False positives go to the split of the nearest gold row.
    fn score() -> HashMap<String, Tally> {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let meta = csv::Reader::from_path(repo.join("corpus/metadata.csv"))
            .unwrap()
            .deserialize::<HashMap<String, String>>()
            .map(Result::unwrap)
            .collect::<Vec<_>>();
        let gold: Vec<GoldRow> = csv::Reader::from_path(fixture("metrics_gold.csv"))
            .unwrap()
            .deserialize()
            .map(Result::unwrap)
            .collect();
        let mut tallies: HashMap<String, Tally> = HashMap::new();
        for province in ["辽宁省", "河南省"] {
            let path = &meta.iter().find(|m| m["province"] == province).unwrap()["path"];
            let doc = normalize(&std::fs::read_to_string(repo.join("corpus").join(path)).unwrap());
            let rows: Vec<&GoldRow> = gold.iter().filter(|g| g.province == province).collect();
            let positions: Vec<usize> = rows.iter().map(|g| gold_pos(&doc, g)).collect();
            let extracted = extract_doc(&doc);
            let number_pos =
                |m: &Metric| m.start + m.text.chars().take_while(|c| !c.is_ascii_digit()).count();
            let mut matched = vec![false; extracted.len()];
            for (g, &pos) in rows.iter().zip(&positions) {
                let t = tallies.entry(g.split.clone()).or_default();
                t.gold += 1;
                let hit = extracted
                    .iter()
                    .position(|m| number_pos(m) == pos && m.value == g.value && m.unit == g.unit);
                let Some(i) = hit else {
                    eprintln!(
                        "  missed [{} #{}] {}{} in {}",
                        g.split, g.id, g.value, g.unit, g.context
                    );
                    continue;
                };
                matched[i] = true;
                let m = &extracted[i];
                t.tp += 1;
                t.kind_ok += usize::from(m.kind == g.kind);
                t.direction_ok += usize::from(m.direction == g.direction);
                t.qualifier_ok += usize::from(m.qualifier == g.qualifier);
                if !g.indicator.is_empty() {
                    t.indicator_checked += 1;
                    t.indicator_exact += usize::from(m.indicator == g.indicator);
                    let ok = m.indicator.contains(&g.indicator);
                    t.indicator_contains += usize::from(ok);
                    if !ok {
                        eprintln!(
                            "  indicator [{} #{}] gold={} got={}",
                            g.split, g.id, g.indicator, m.indicator
                        );
                    }
                }
            }
            for (m, was_matched) in extracted.iter().zip(&matched) {
                let nearest = positions
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, p)| p.abs_diff(number_pos(m)))
                    .map(|(i, _)| rows[i].split.clone())
                    .unwrap();
                let t = tallies.entry(nearest).or_default();
                t.extracted += 1;
                if !was_matched {
                    eprintln!("  spurious {} {}{} ({})", province, m.value, m.unit, m.text);
                }
            }
        }
        tallies
    }

    fn report(split: &str, t: &Tally) -> (f64, f64, f64) {
        let p = t.tp as f64 / t.extracted.max(1) as f64;
        let r = t.tp as f64 / t.gold.max(1) as f64;
        let ind = t.indicator_contains as f64 / t.indicator_checked.max(1) as f64;
        println!(
            "metrics gold [{split}] gold={} extracted={} tp={} precision={p:.3} recall={r:.3} | indicator n={} contains={ind:.3} exact={:.3} | kind={:.3} direction={:.3} qualifier={:.3}",
            t.gold,
            t.extracted,
            t.tp,
            t.indicator_checked,
            t.indicator_exact as f64 / t.indicator_checked.max(1) as f64,
            t.kind_ok as f64 / t.tp.max(1) as f64,
            t.direction_ok as f64 / t.tp.max(1) as f64,
            t.qualifier_ok as f64 / t.tp.max(1) as f64,
        );
        (p, r, ind)
    }

    #[test]
    fn value_and_unit_precision_recall_dev() {
        let tallies = score();
        let (p, r, _) = report("dev", &tallies["dev"]);
        assert!(p >= 0.95 && r >= 0.95, "dev precision {p:.3} recall {r:.3}");
    }

    #[test]
    fn value_and_unit_precision_recall_test() {
        let tallies = score();
        let (p, r, _) = report("test", &tallies["test"]);
        assert!(
            p >= 0.95 && r >= 0.95,
            "held-out precision {p:.3} recall {r:.3}"
        );
    }

    #[test]
    fn indicators_of_hand_checked_rows() {
        let tallies = score();
        let mut checked = 0;
        for split in ["dev", "test"] {
            let t = &tallies[split];
            checked += t.indicator_checked;
            let (_, _, ind) = report(split, t);
            assert!(ind >= 0.80, "{split}: indicator accuracy {ind:.3}");
        }
        assert!(checked >= 30, "only {checked} hand-checked indicators");
    }

    /// A passage in the style of a government work report, written for this test and never
    /// used to tune the rules.
    #[test]
    fn works_on_an_unseen_work_report_passage() {
        let text = normalize(
            "过去一年,全省地区生产总值增长6.7%,城镇新增就业131.4万人,居民人均可支配收入达到3.2万元。\
             完成造林绿化面积210万亩,退耕还林还草1200万亩以上。\
             全年单位地区生产总值能耗下降3.5%左右,细颗粒物平均浓度降至31微克/立方米,比上年下降2.1个百分点。\
             新建改造城镇污水管网1850公里,新增污水处理能力约65万吨/日。\
             全年共办理人大代表建议562件、政协提案784件,办结率100%。",
        );
        let got = extract_doc(&text);
        let expected = [
            ("6.7", "%", "change", "up", "", "地区生产总值"),
            ("131.4", "万人", "count", "", "", "城镇新增就业"),
            ("3.2", "万元", "level", "", "", "居民人均可支配收入"),
            ("210", "万亩", "level", "", "", "造林绿化面积"),
            ("1200", "万亩", "level", "", "at_least", "退耕还林还草"),
            (
                "3.5",
                "%",
                "change",
                "down",
                "approx",
                "单位地区生产总值能耗",
            ),
            ("31", "微克/立方米", "level", "down", "", "细颗粒物平均浓度"),
            ("2.1", "个百分点", "change", "down", "", "细颗粒物平均浓度"),
            ("1850", "公里", "level", "", "", "城镇污水管网"),
            ("65", "万吨/日", "level", "", "approx", "新增污水处理能力"),
            ("562", "件", "count", "", "", "人大代表建议"),
            ("784", "件", "count", "", "", "政协提案"),
            ("100", "%", "level", "", "", "办结率"),
        ];
        let brief: Vec<_> = got
            .iter()
            .map(|m| (m.value.as_str(), m.unit.as_str()))
            .collect();
        let want: Vec<_> = expected.iter().map(|e| (e.0, e.1)).collect();
        assert_eq!(brief, want);
        let mut wrong = Vec::new();
        for (m, e) in got.iter().zip(&expected) {
            if (m.kind, m.direction, m.qualifier) != (e.2, e.3, e.4) || !m.indicator.contains(e.5) {
                wrong.push(format!(
                    "{}{}: {} {} {} `{}`",
                    m.value, m.unit, m.kind, m.direction, m.qualifier, m.indicator
                ));
            }
        }
        println!(
            "unseen passage: {}/{} rows fully right",
            expected.len() - wrong.len(),
            expected.len()
        );
        assert!(wrong.len() <= 2, "{wrong:#?}");
    }
}
