//! Gold-set evaluation: the tagger (and later the metric extractor) scored against
//! hand-coded fixtures. `dev` rows may guide tuning; `test` rows never do. Both are
//! reported; see tests/fixtures/README.md.

use std::collections::BTreeSet;
use std::path::PathBuf;

use policy_mine::app::{coded_types, load_bundled};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[derive(Default, Debug)]
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
}

/// Micro-averaged over (sentence, measure type) pairs of the rows in `split`.
fn score_measures(split: &str) -> (Prf, usize) {
    let res = load_bundled();
    let mut reader = csv::Reader::from_path(fixture("measures_gold.csv")).unwrap();
    let mut prf = Prf::default();
    let mut n = 0;
    for row in reader.deserialize::<(u32, String, String, String, String, String)>() {
        let (id, row_split, _province, _sample, gold, sentence) = row.unwrap();
        if split != "all" && row_split != split {
            continue;
        }
        n += 1;
        let gold: BTreeSet<String> = gold
            .split('|')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let got: BTreeSet<String> = coded_types(&res, &sentence).into_iter().collect();
        prf.tp += gold.intersection(&got).count();
        prf.fp += got.difference(&gold).count();
        prf.fn_ += gold.difference(&got).count();
        if gold != got {
            eprintln!("  [{row_split} #{id}] gold={gold:?} got={got:?} {sentence}");
        }
    }
    (prf, n)
}

fn report_measures(split: &str) -> Prf {
    let (prf, n) = score_measures(split);
    println!(
        "measures gold [{split}] n={n} tp={} fp={} fn={} precision={:.3} recall={:.3} f1={:.3}",
        prf.tp,
        prf.fp,
        prf.fn_,
        prf.precision(),
        prf.recall(),
        prf.f1()
    );
    prf
}

#[test]
fn measures_gold_dev() {
    let prf = report_measures("dev");
    assert!(prf.f1() >= 0.80, "dev F1 {:.3} < 0.80", prf.f1());
}

#[test]
fn measures_gold_test() {
    let prf = report_measures("test");
    assert!(prf.f1() >= 0.80, "held-out test F1 {:.3} < 0.80", prf.f1());
}
