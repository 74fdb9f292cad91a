//! Validation against human coding: a researcher's hand-coded sample scored against the
//! tool's coding of the same sentences (precision, recall, F1 and Cohen's kappa per type).
//!
//! The sample is a CSV with a `types` column (types joined by `|`, empty for none; the gold
//! fixtures' `gold_types` is accepted too) and either a `sentence` column holding the text, or
//! `doc_id` and `sentence_id` naming a sentence of the corpus as the `run` tables number it.
//! A `split` column, when present, can restrict the rows (`--split dev`).
//!
//! Type names must be those of the measures dictionary in use (case-sensitive): a misspelt
//! type is an error naming its line, not a new type. A figure that is undefined for a type
//! (0/0, or κ when both coders say the same of every sentence) is `None`, written empty or
//! `n/a`, and left out of the macro means.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result, bail};
use rustc_hash::FxHashMap;

use crate::input::corpus::{Corpus, InputEncoding};
use crate::nlp::resources::{Resources, code_sentence};
use crate::run::load::LoadedDoc;
use crate::text::normalize::normalize;

/// One hand-coded row.
#[derive(Debug, Clone)]
pub struct CodedRow {
    /// `doc_id:sentence_id`; for text rows `id N` (the sample's `id` column) or `line N`.
    pub key: String,
    pub sentence: String,
    pub human: BTreeSet<String>,
}

/// A row where the human and the tool differ.
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub key: String,
    pub human: String,
    pub tool: String,
    /// `type:cue|cue; type:cue` for every type the tool coded.
    pub cues: String,
    pub sentence: String,
}

/// Counts and figures for one type (or the micro/macro rows).
#[derive(Debug, Clone, Default)]
pub struct TypeScore {
    pub scope: String,
    pub measure_type: String,
    pub n: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
    /// `None` when undefined (0/0); on the macro row, `None` when no type has the figure.
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub kappa: Option<f64>,
    pub kappa_low: Option<f64>,
    pub kappa_high: Option<f64>,
    /// Macro row only: how many types entered the mean of precision, recall, F1 and kappa.
    pub macro_types: [usize; 4],
}

/// Columns of `validate --csv`.
pub const VALIDATE_COLUMNS: [&str; 13] = [
    "scope",
    "measure_type",
    "n",
    "tp",
    "fp",
    "fn",
    "tn",
    "precision",
    "recall",
    "f1",
    "kappa",
    "kappa_low",
    "kappa_high",
];

/// Columns of `validate --csv --disagreements`.
pub const DISAGREEMENT_COLUMNS: [&str; 5] = ["key", "human", "tool", "cues", "sentence"];

/// `a / b`, undefined when `b` is 0.
fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl TypeScore {
    /// Precision, recall and F1 from the counts; kappa on the 2×2 table of sentences with a
    /// large-sample 95 % interval, κ ± 1.96·√(p_o(1−p_o)/(n(1−p_e)²)), clipped to [−1, 1].
    /// F1 is `2tp / (2tp + fp + fn)` (the harmonic mean of P and R where both are defined;
    /// 0 when one is 0 or undefined but some coder used the type), undefined when neither
    /// coder used the type. κ is undefined when p_e = 1: both coders say the same of every
    /// sentence, so there is no chance-corrected agreement to measure.
    fn finish(mut self) -> Self {
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.fn_);
        self.f1 = ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_);
        let n = (self.tp + self.fp + self.fn_ + self.tn) as f64;
        if n > 0.0 {
            let po = (self.tp + self.tn) as f64 / n;
            let human_yes = (self.tp + self.fn_) as f64 / n;
            let tool_yes = (self.tp + self.fp) as f64 / n;
            let pe = human_yes * tool_yes + (1.0 - human_yes) * (1.0 - tool_yes);
            if pe < 1.0 {
                let kappa = (po - pe) / (1.0 - pe);
                let se = (po * (1.0 - po) / (n * (1.0 - pe).powi(2))).sqrt();
                self.kappa = Some(kappa);
                self.kappa_low = Some((kappa - 1.96 * se).max(-1.0));
                self.kappa_high = Some((kappa + 1.96 * se).min(1.0));
            }
        }
        self
    }
}

/// Read the sample. Errors name the file and line; a type not in `known` (the types of the
/// measures dictionary in use, compared case-sensitively) is an error.
pub fn read_coded(
    path: &Path,
    split: Option<&str>,
    corpus: Option<&Path>,
    encoding: InputEncoding,
    known: &[String],
) -> Result<Vec<CodedRow>> {
    let name = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("cannot read {name}"))?;
    let headers = reader
        .headers()
        .with_context(|| format!("{name}:1: cannot read the header"))?
        .clone();
    let col = |c: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == c)
    };
    let Some(types_col) = col("types").or_else(|| col("gold_types")) else {
        bail!("{name}:1: no `types` column (types joined by `|`, empty for none)");
    };
    let (text_col, doc_col, sid_col) = (col("sentence"), col("doc_id"), col("sentence_id"));
    if text_col.is_none() && (doc_col.is_none() || sid_col.is_none()) {
        bail!("{name}:1: need a `sentence` column, or `doc_id` and `sentence_id`");
    }
    let split_col = col("split");
    let id_col = col("id");
    if split.is_some() && split_col.is_none() {
        bail!("{name}:1: --split given but the file has no `split` column");
    }
    let mut docs = DocSentences::new(corpus, encoding)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            anyhow::anyhow!("{name}:{line}: malformed CSV row: {e}")
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim();
        if let Some(want) = split
            && get(split_col) != want
        {
            continue;
        }
        let human: BTreeSet<String> = get(Some(types_col))
            .split('|')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        if let Some(t) = human.iter().find(|t| !known.contains(t)) {
            bail!(
                "{name}:{line}: unknown type \"{t}\" (known: {}; names are case-sensitive)",
                known.join(", ")
            );
        }
        let (key, sentence) = if text_col.is_some() && !get(text_col).is_empty() {
            let key = match get(id_col) {
                "" => format!("line {line}"),
                id => format!("id {id}"),
            };
            (key, get(text_col).to_owned())
        } else {
            let (doc, sid) = (get(doc_col), get(sid_col));
            let sid: u32 = sid.parse().map_err(|_| {
                anyhow::anyhow!("{name}:{line}: sentence_id `{sid}` is not a number")
            })?;
            let text = docs
                .sentence(doc, sid)
                .with_context(|| format!("{name}:{line}"))?;
            (format!("{doc}:{sid}"), text)
        };
        rows.push(CodedRow {
            key,
            sentence,
            human,
        });
    }
    Ok(rows)
}

/// Sentences of corpus documents, read on first use.
struct DocSentences<'a> {
    corpus: Option<(Corpus, &'a Path)>,
    encoding: InputEncoding,
    cache: FxHashMap<String, Vec<String>>,
}

impl<'a> DocSentences<'a> {
    fn new(corpus: Option<&'a Path>, encoding: InputEncoding) -> Result<Self> {
        let corpus = match corpus {
            Some(dir) => Some((
                Corpus::open(dir, false, &crate::input::group::GroupBy::default(), &[])?,
                dir,
            )),
            None => None,
        };
        Ok(Self {
            corpus,
            encoding,
            cache: FxHashMap::default(),
        })
    }

    fn sentence(&mut self, doc_id: &str, sid: u32) -> Result<String> {
        let Some((corpus, dir)) = &self.corpus else {
            bail!("rows name doc_id/sentence_id; give the corpus with --corpus DIR");
        };
        if !self.cache.contains_key(doc_id) {
            let Some(entry) = corpus.entries.iter().find(|e| e.doc_id == doc_id) else {
                bail!("doc_id `{doc_id}` is not in {}", dir.display());
            };
            let doc = LoadedDoc::read(entry, self.encoding)?;
            let split = crate::text::sentences::split_sentences(
                &doc.text,
                crate::text::sentences::MAX_SENTENCE_CHARS,
            );
            let texts = split
                .sentences
                .iter()
                .map(|s| doc.text[s.byte_start..s.byte_end].to_owned())
                .collect();
            self.cache.insert(doc_id.to_owned(), texts);
        }
        let texts = &self.cache[doc_id];
        texts
            .get((sid as usize).wrapping_sub(1))
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("`{doc_id}` has {} sentences, not {sid}", texts.len()))
    }
}

/// The tool's coding of one row: types, and per type the cues that fired.
pub fn tool_coding(res: &Resources, sentence: &str) -> BTreeMap<String, Vec<String>> {
    let text = normalize(sentence);
    let dict = &res.measures;
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (sentence, tokens) in res.segmenter.segment_text(&text) {
        let sentence_text = &text[sentence.byte_start..sentence.byte_end];
        for hit in code_sentence(res, sentence_text, &tokens) {
            let cues = out
                .entry(dict.types[hit.type_idx].name.clone())
                .or_default();
            for p in dict.cue_labels(&hit) {
                if !cues.contains(&p) {
                    cues.push(p);
                }
            }
        }
    }
    out
}

/// Scores per type (the dictionary's types; [`read_coded`] has checked the human's), micro
/// and macro rows, and the disagreeing rows in sample order.
pub fn validate(res: &Resources, rows: &[CodedRow]) -> (Vec<TypeScore>, Vec<Disagreement>) {
    let types = res.measures_type_names();
    let mut scores: Vec<TypeScore> = types
        .iter()
        .map(|t| TypeScore {
            scope: "type".into(),
            measure_type: t.clone(),
            n: rows.len(),
            ..Default::default()
        })
        .collect();
    let mut disagreements = Vec::new();
    for row in rows {
        let tool = tool_coding(res, &row.sentence);
        for s in &mut scores {
            match (
                row.human.contains(&s.measure_type),
                tool.contains_key(&s.measure_type),
            ) {
                (true, true) => s.tp += 1,
                (false, true) => s.fp += 1,
                (true, false) => s.fn_ += 1,
                (false, false) => s.tn += 1,
            }
        }
        let tool_set: BTreeSet<&String> = tool.keys().collect();
        if tool_set != row.human.iter().collect() {
            disagreements.push(Disagreement {
                key: row.key.clone(),
                human: join(row.human.iter()),
                tool: join(tool.keys()),
                cues: tool
                    .iter()
                    .map(|(t, c)| format!("{t}:{}", c.join("|")))
                    .collect::<Vec<_>>()
                    .join("; "),
                sentence: row.sentence.clone(),
            });
        }
    }
    let scores: Vec<TypeScore> = scores.into_iter().map(TypeScore::finish).collect();
    let summary = summarize(&scores, rows.len());
    (scores.into_iter().chain(summary).collect(), disagreements)
}

fn join<'a>(it: impl Iterator<Item = &'a String>) -> String {
    it.map(String::as_str).collect::<Vec<_>>().join("|")
}

/// The micro row (counts pooled over types) and the macro row (unweighted means of the
/// per-type figures, each over the types where it is defined).
fn summarize(scores: &[TypeScore], n: usize) -> [TypeScore; 2] {
    let mut micro = TypeScore {
        scope: "micro".into(),
        measure_type: "all".into(),
        n,
        ..Default::default()
    };
    for s in scores {
        micro.tp += s.tp;
        micro.fp += s.fp;
        micro.fn_ += s.fn_;
        micro.tn += s.tn;
    }
    let micro = micro.finish();
    let mean = |f: fn(&TypeScore) -> Option<f64>| {
        let defined: Vec<f64> = scores.iter().filter_map(f).collect();
        let k = defined.len();
        ((k > 0).then(|| defined.iter().sum::<f64>() / k as f64), k)
    };
    let (precision, kp) = mean(|s| s.precision);
    let (recall, kr) = mean(|s| s.recall);
    let (f1, kf) = mean(|s| s.f1);
    let (kappa, kk) = mean(|s| s.kappa);
    let macro_ = TypeScore {
        scope: "macro".into(),
        measure_type: "all".into(),
        n,
        precision,
        recall,
        f1,
        kappa,
        kappa_low: mean(|s| s.kappa_low).0,
        kappa_high: mean(|s| s.kappa_high).0,
        macro_types: [kp, kr, kf, kk],
        ..Default::default()
    };
    [micro, macro_]
}

/// The report a methods section cites: figures per type, micro and macro, then the
/// disagreeing rows with the cues that fired.
pub fn write_report(
    w: &mut impl std::io::Write,
    scores: &[TypeScore],
    disagreements: &[Disagreement],
) -> Result<()> {
    let n = scores.first().map_or(0, |s| s.n);
    writeln!(w, "{n} coded sentences")?;
    writeln!(
        w,
        "{:<16} {:>4} {:>4} {:>4} {:>5} {:>9} {:>6} {:>6} {:>6}  95% CI",
        "type", "tp", "fp", "fn", "tn", "precision", "recall", "F1", "kappa"
    )?;
    for s in scores {
        let name = if s.scope == "type" {
            s.measure_type.clone()
        } else {
            format!("({})", s.scope)
        };
        let counts = if s.scope == "macro" {
            format!("{:>4} {:>4} {:>4} {:>5}", "", "", "", "")
        } else {
            format!("{:>4} {:>4} {:>4} {:>5}", s.tp, s.fp, s.fn_, s.tn)
        };
        let ci = match (s.kappa_low, s.kappa_high) {
            (Some(lo), Some(hi)) => format!("[{lo:.3}, {hi:.3}]"),
            _ => "n/a".to_owned(),
        };
        writeln!(
            w,
            "{name:<16} {counts} {:>9} {:>6} {:>6} {:>6}  {ci}",
            fig(s.precision),
            fig(s.recall),
            fig(s.f1),
            fig(s.kappa),
        )?;
    }
    if let Some(m) = scores.iter().find(|s| s.scope == "macro") {
        let types = scores.iter().filter(|s| s.scope == "type").count();
        let [p, r, f, k] = m.macro_types;
        writeln!(
            w,
            "(macro) means over the types where a figure is defined: precision {p}, \
             recall {r}, F1 {f}, kappa {k} of {types} types"
        )?;
    }
    writeln!(w, "\n{} disagreeing sentences", disagreements.len())?;
    for d in disagreements {
        writeln!(
            w,
            "{}: human [{}] tool [{}] cues [{}]\n    {}",
            d.key, d.human, d.tool, d.cues, d.sentence
        )?;
    }
    Ok(())
}

/// A figure for the text report: 3 decimals, `n/a` when undefined.
fn fig(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |x| format!("{x:.3}"))
}

/// `validate --csv`: one row per type, then micro and macro; figures to 4 decimals, empty
/// when undefined.
pub fn write_scores_csv(w: &mut impl std::io::Write, scores: &[TypeScore]) -> Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(VALIDATE_COLUMNS)?;
    for s in scores {
        let f = |x: Option<f64>| x.map_or_else(String::new, |x| format!("{x:.4}"));
        // The macro row is a mean of figures: it has no counts of its own.
        let count = |c: usize| match s.scope.as_str() {
            "macro" => String::new(),
            _ => c.to_string(),
        };
        csv.write_record([
            s.scope.clone(),
            s.measure_type.clone(),
            s.n.to_string(),
            count(s.tp),
            count(s.fp),
            count(s.fn_),
            count(s.tn),
            f(s.precision),
            f(s.recall),
            f(s.f1),
            f(s.kappa),
            f(s.kappa_low),
            f(s.kappa_high),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

/// `validate --csv --disagreements`.
pub fn write_disagreements_csv(w: &mut impl std::io::Write, rows: &[Disagreement]) -> Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(DISAGREEMENT_COLUMNS)?;
    for d in rows {
        csv.write_record([&d.key, &d.human, &d.tool, &d.cues, &d.sentence])?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_matches_a_worked_example() {
        // 50 sentences: both yes 20, human only 5, tool only 10, both no 15.
        // p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4.
        let s = TypeScore {
            tp: 20,
            fn_: 5,
            fp: 10,
            tn: 15,
            ..Default::default()
        }
        .finish();
        let k = s.kappa.unwrap();
        assert!((k - 0.4).abs() < 1e-9, "{k}");
        assert!((s.precision.unwrap() - 20.0 / 30.0).abs() < 1e-9);
        assert!((s.recall.unwrap() - 0.8).abs() < 1e-9);
        let (p, r) = (20.0 / 30.0, 0.8);
        assert!((s.f1.unwrap() - 2.0 * p * r / (p + r)).abs() < 1e-9);
        let se = (0.7f64 * 0.3 / (50.0 * 0.25)).sqrt();
        assert!((s.kappa_low.unwrap() - (0.4 - 1.96 * se)).abs() < 1e-9);
    }

    #[test]
    fn undefined_figures_are_none_and_left_out_of_the_macro_mean() {
        // Neither coder used the type: P, R, F1 are 0/0 and κ has p_e = 1.
        let unused = TypeScore {
            tn: 10,
            ..Default::default()
        }
        .finish();
        assert_eq!(
            (unused.precision, unused.recall, unused.f1, unused.kappa),
            (None, None, None, None)
        );
        // The tool never coded a type the human used: precision undefined, recall and F1 0.
        let missed = TypeScore {
            fn_: 2,
            tn: 8,
            ..Default::default()
        }
        .finish();
        assert_eq!(
            (missed.precision, missed.recall, missed.f1),
            (None, Some(0.0), Some(0.0))
        );
        let good = TypeScore {
            tp: 4,
            fp: 1,
            tn: 5,
            ..Default::default()
        }
        .finish();
        let [_, macro_] = summarize(&[unused, missed.clone(), good.clone()], 10);
        assert_eq!(macro_.precision, good.precision);
        assert_eq!(macro_.recall, Some(0.5));
        assert_eq!(macro_.macro_types, [1, 2, 2, 2]);
        let k = (missed.kappa.unwrap() + good.kappa.unwrap()) / 2.0;
        assert!((macro_.kappa.unwrap() - k).abs() < 1e-12);
    }

    #[test]
    fn an_unknown_type_is_an_error_naming_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.csv");
        std::fs::write(
            &path,
            "sentence,types\n严厉打击超标排污。,enforcement\n建立健全长效机制。,regulaton\n",
        )
        .unwrap();
        let known = crate::nlp::resources::load_bundled().measures_type_names();
        let err = read_coded(&path, None, None, InputEncoding::Utf8, &known)
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with(&format!(
                "v.csv:3: unknown type \"regulaton\" (known: {}; names are case-sensitive)",
                known.join(", ")
            )),
            "{err}"
        );
        std::fs::write(&path, "sentence,types\n严厉打击超标排污。,Enforcement\n").unwrap();
        let err = read_coded(&path, None, None, InputEncoding::Utf8, &known).unwrap_err();
        assert!(
            err.to_string()
                .contains("v.csv:2: unknown type \"Enforcement\"")
        );
    }

    #[test]
    fn scores_and_disagreements_on_real_sentences() {
        let res = crate::nlp::resources::load_bundled();
        let rows = vec![
            CodedRow {
                key: "a".into(),
                sentence: "江西省累计投入资金190亿元,建成生活垃圾焚烧设施38座。".into(),
                human: ["economic", "engineering"].map(String::from).into(),
            },
            CodedRow {
                key: "b".into(),
                sentence: "整改工作开展以来,共召开新闻发布会19场。".into(),
                human: BTreeSet::new(),
            },
        ];
        let (scores, dis) = validate(&res, &rows);
        let micro = scores.iter().find(|s| s.scope == "micro").unwrap();
        assert_eq!((micro.tp, micro.fp, micro.fn_), (2, 1, 0));
        assert_eq!(dis.len(), 1);
        assert_eq!(dis[0].key, "b");
        assert!(dis[0].cues.starts_with("information:"), "{}", dis[0].cues);
    }
}
