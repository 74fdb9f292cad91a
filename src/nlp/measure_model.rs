//! An opt-in statistical coder beside the cues (`--measure-model`): per measure type, a
//! logistic regression on the sentence's character 1–3 grams (tf-idf), trained on the coded
//! gold sentences (`docs/measures_round10/`). It only adds the types the cues missed; every
//! code it adds is written with its probability, so a reader can tell it from a cue's.
//!
//! The file (`dictionaries/measure_model.tsv`) is written by
//! `docs/measures_round10/train_model.py`; scoring here reproduces scikit-learn's
//! `TfidfVectorizer(analyzer="char", sublinear_tf=True, lowercase=False)` and
//! `LogisticRegression.predict_proba` on it.

use anyhow::{Result, bail};
use rustc_hash::FxHashMap;

use crate::dict::DictSource;

/// The first field of the file's `format` line.
const FORMAT: &str = "policy-mine-measure-model-1";

pub struct MeasureModel {
    /// n-gram (its code points packed by [`gram_key`]) → feature index.
    index: FxHashMap<u64, u32>,
    idf: Vec<f64>,
    /// Feature-major: the weights of feature `f` are `weights[f * types.len()..][..types.len()]`.
    /// `f32` holds the file's four significant digits exactly enough and halves the memory
    /// that scoring reads.
    weights: Vec<f32>,
    intercepts: Vec<f64>,
    /// The measure types it codes, in the file's order.
    pub types: Vec<String>,
    /// A type is coded when its probability reaches this.
    pub threshold: f64,
    min_n: usize,
    max_n: usize,
}

/// Per-thread buffers, so that scoring a sentence allocates nothing once warm.
#[derive(Default)]
pub struct ModelScratch {
    chars: Vec<u32>,
    features: Vec<u32>,
    terms: Vec<(u32, f64)>,
    collapsed: String,
}

impl MeasureModel {
    /// Parse the model file; errors name the file and line.
    pub fn parse(src: &DictSource) -> Result<Self> {
        let text = src.text.strip_prefix('\u{feff}').unwrap_or(&src.text);
        let mut header = Header::default();
        let mut model: Option<Self> = None;
        for (i, line) in text.lines().enumerate() {
            let at = || format!("{}:{}", src.name, i + 1);
            let line = line.strip_suffix('\r').unwrap_or(line);
            match model.as_mut() {
                None if line.starts_with('#') || line.is_empty() => {}
                None => {
                    if let Some(m) = header.line(line, &at)? {
                        model = Some(m);
                    }
                }
                Some(m) => m.feature_line(line, &at)?,
            }
        }
        let Some(model) = model else {
            bail!(
                "{}: no `intercept` line; not a measure model file",
                src.name
            );
        };
        Ok(model)
    }

    fn feature_line(&mut self, line: &str, at: &dyn Fn() -> String) -> Result<()> {
        let mut fields = line.split('\t');
        let gram = fields.next().unwrap_or_default();
        let n = gram.chars().count();
        if n < self.min_n || n > self.max_n {
            bail!(
                "{}: n-gram `{gram}` has {n} characters, outside the model's range",
                at()
            );
        }
        let numbers = parse_numbers(fields, at)?;
        if numbers.len() != 1 + self.types.len() {
            bail!(
                "{}: `{gram}` has {} numbers; expected idf and {} weights",
                at(),
                numbers.len(),
                self.types.len()
            );
        }
        let next = self.idf.len() as u32;
        if self
            .index
            .insert(gram_key(gram.chars().map(u32::from)), next)
            .is_some()
        {
            bail!("{}: n-gram `{gram}` is listed twice", at());
        }
        self.idf.push(numbers[0]);
        self.weights.extend(numbers[1..].iter().map(|&w| w as f32));
        Ok(())
    }

    pub fn features(&self) -> usize {
        self.idf.len()
    }

    /// The probability of each of [`Self::types`] for one sentence, written into `out`.
    pub fn probabilities(&self, text: &str, scratch: &mut ModelScratch, out: &mut Vec<f64>) {
        let text = collapse_whitespace(text, &mut scratch.collapsed);
        scratch.chars.clear();
        scratch.chars.extend(text.chars().map(u32::from));
        let chars = scratch.chars.len();
        scratch.features.clear();
        for n in self.min_n..=self.max_n.min(chars) {
            for window in scratch.chars.windows(n) {
                if let Some(&f) = self.index.get(&gram_key(window.iter().copied())) {
                    scratch.features.push(f);
                }
            }
        }
        scratch.features.sort_unstable();
        let k = self.types.len();
        out.clear();
        out.extend_from_slice(&self.intercepts);
        scratch.terms.clear();
        let mut norm = 0.0;
        for run in scratch.features.chunk_by(|a, b| a == b) {
            let f = run[0];
            let v = (1.0 + (run.len() as f64).ln()) * self.idf[f as usize];
            norm += v * v;
            scratch.terms.push((f, v));
        }
        let norm = norm.sqrt();
        if norm > 0.0 {
            for &(f, v) in &scratch.terms {
                let w = &self.weights[f as usize * k..][..k];
                for (o, w) in out.iter_mut().zip(w) {
                    *o += v / norm * f64::from(*w);
                }
            }
        }
        for o in out.iter_mut() {
            *o = 1.0 / (1.0 + (-*o).exp());
        }
    }
}

/// The n-grams are at most [`MAX_N`] characters: each code point (under 2^21) plus one
/// fills 21 bits, so the packed value names the n-gram and its length.
const MAX_N: usize = 3;

fn gram_key(chars: impl Iterator<Item = u32>) -> u64 {
    chars.fold(0, |key, c| (key << 21) | u64::from(c + 1))
}

/// scikit-learn's char analyzer replaces each run of two or more whitespace characters by
/// one space before taking n-grams.
fn collapse_whitespace<'a>(text: &'a str, buf: &'a mut String) -> &'a str {
    let mut prev_space = false;
    let needed = text.chars().any(|c| {
        let two = prev_space && c.is_whitespace();
        prev_space = c.is_whitespace();
        two
    });
    if !needed {
        return text;
    }
    buf.clear();
    let mut run = 0usize;
    let mut run_start = 0;
    for (b, c) in text.char_indices() {
        if c.is_whitespace() {
            if run == 0 {
                run_start = b;
            }
            run += 1;
            continue;
        }
        flush_run(text, run, run_start, b, buf);
        run = 0;
        buf.push(c);
    }
    flush_run(text, run, run_start, text.len(), buf);
    buf
}

fn flush_run(text: &str, run: usize, start: usize, end: usize, buf: &mut String) {
    match run {
        0 => {}
        1 => buf.push_str(&text[start..end]),
        _ => buf.push(' '),
    }
}

fn parse_numbers<'a>(
    fields: impl Iterator<Item = &'a str>,
    at: &dyn Fn() -> String,
) -> Result<Vec<f64>> {
    fields
        .map(|f| match f.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => bail!("{}: `{f}` is not a finite number", at()),
        })
        .collect()
}

/// The lines before the first feature: `format`, `ngram_range`, `threshold`, `types`,
/// `intercept` (last).
#[derive(Default)]
struct Header {
    format: bool,
    range: Option<(usize, usize)>,
    threshold: Option<f64>,
    types: Vec<String>,
}

impl Header {
    /// Read one header line; the `intercept` line completes the header into a model.
    fn line(&mut self, line: &str, at: &dyn Fn() -> String) -> Result<Option<MeasureModel>> {
        let mut fields = line.split('\t');
        let key = fields.next().unwrap_or_default();
        let rest: Vec<&str> = fields.collect();
        match key {
            "format" if rest == [FORMAT] => self.format = true,
            "format" => bail!("{}: format `{}`; expected `{FORMAT}`", at(), rest.join(" ")),
            _ if !self.format => bail!("{}: the file must start with `format\t{FORMAT}`", at()),
            "ngram_range" => {
                let r: Vec<usize> = rest.iter().filter_map(|v| v.parse().ok()).collect();
                match r[..] {
                    [lo, hi] if rest.len() == 2 && 1 <= lo && lo <= hi && hi <= MAX_N => {
                        self.range = Some((lo, hi))
                    }
                    _ => bail!(
                        "{}: ngram_range needs two sizes, 1 ≤ low ≤ high ≤ {MAX_N}",
                        at()
                    ),
                }
            }
            "threshold" => match parse_numbers(rest.into_iter(), at)?[..] {
                [t] if t > 0.0 && t < 1.0 => self.threshold = Some(t),
                _ => bail!("{}: threshold needs one number between 0 and 1", at()),
            },
            "types" if !rest.is_empty() => {
                self.types = rest.iter().map(|t| t.to_string()).collect()
            }
            "intercept" => {
                return self
                    .finish(parse_numbers(rest.into_iter(), at)?, at)
                    .map(Some);
            }
            _ => bail!("{}: unknown header line `{key}`", at()),
        }
        Ok(None)
    }

    fn finish(&mut self, intercepts: Vec<f64>, at: &dyn Fn() -> String) -> Result<MeasureModel> {
        let (Some((min_n, max_n)), Some(threshold)) = (self.range, self.threshold) else {
            bail!(
                "{}: `ngram_range` and `threshold` must come before `intercept`",
                at()
            );
        };
        if self.types.is_empty() || intercepts.len() != self.types.len() {
            bail!(
                "{}: {} intercepts for {} types (a `types` line must come first)",
                at(),
                intercepts.len(),
                self.types.len()
            );
        }
        Ok(MeasureModel {
            index: FxHashMap::default(),
            idf: Vec::new(),
            weights: Vec::new(),
            intercepts,
            types: std::mem::take(&mut self.types),
            threshold,
            min_n,
            max_n,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::BUNDLED_MEASURE_MODEL;

    fn bundled() -> MeasureModel {
        MeasureModel::parse(&DictSource::bundled(
            "measure_model.tsv",
            BUNDLED_MEASURE_MODEL,
        ))
        .unwrap()
    }

    /// The probabilities scikit-learn gave for 60 seeded gold sentences (written by
    /// `train_model.py` from the same file) are reproduced.
    #[test]
    fn reproduces_the_training_library() {
        let m = bundled();
        let parity = include_str!("../../tests/fixtures/measure_model_parity.csv");
        let mut rd = csv::Reader::from_reader(parity.as_bytes());
        let (mut scratch, mut out, mut rows) = (ModelScratch::default(), Vec::new(), 0);
        for rec in rd.records() {
            let rec = rec.unwrap();
            m.probabilities(&rec[0], &mut scratch, &mut out);
            for (t, p) in out.iter().enumerate() {
                let want: f64 = rec[t + 1].parse().unwrap();
                assert!(
                    (p - want).abs() < 1e-6,
                    "{} type {t}: {p} vs {want}",
                    &rec[0]
                );
            }
            rows += 1;
        }
        assert_eq!(rows, 60);
    }

    #[test]
    fn whitespace_runs_become_one_space() {
        let mut buf = String::new();
        assert_eq!(collapse_whitespace("a  b\t\tc d", &mut buf), "a b c d");
        assert_eq!(collapse_whitespace("无空格", &mut buf), "无空格");
        assert_eq!(collapse_whitespace("a \u{3000}b ", &mut buf), "a b ");
    }

    #[test]
    fn errors_name_the_line() {
        let parse = |text: &str| {
            MeasureModel::parse(&DictSource {
                name: "m.tsv".into(),
                path: None,
                text: text.into(),
            })
            .err()
            .map(|e| e.to_string())
        };
        let head = "format\tpolicy-mine-measure-model-1\nngram_range\t1\t3\nthreshold\t0.6\ntypes\ta\tb\nintercept\t-1\t-2\n";
        assert_eq!(parse(&format!("{head}税\t2.5\t0.1\t0.2\n")), None);
        assert_eq!(
            parse(&format!("{head}税\t2.5\t0.1\n")).unwrap(),
            "m.tsv:6: `税` has 2 numbers; expected idf and 2 weights"
        );
        assert_eq!(
            parse(&format!("{head}税\t2.5\tx\t0.2\n")).unwrap(),
            "m.tsv:6: `x` is not a finite number"
        );
        assert_eq!(
            parse(&format!("{head}税收政策\t2.5\t0.1\t0.2\n")).unwrap(),
            "m.tsv:6: n-gram `税收政策` has 4 characters, outside the model's range"
        );
        assert_eq!(
            parse("ngram_range\t1\t3\n").unwrap(),
            "m.tsv:1: the file must start with `format\tpolicy-mine-measure-model-1`"
        );
        assert!(
            parse(head.replace("\tb\n", "\n").as_str())
                .unwrap()
                .starts_with("m.tsv:5: 2 intercepts for 1 types")
        );
    }

    #[test]
    fn a_sentence_about_subsidies_is_economic_and_one_without_instrument_is_nothing() {
        let m = bundled();
        let (mut s, mut out) = (ModelScratch::default(), Vec::new());
        let economic = m.types.iter().position(|t| t == "economic").unwrap();
        m.probabilities(
            "对购买新能源汽车的个人给予财政补贴和税收减免。",
            &mut s,
            &mut out,
        );
        assert!(out[economic] >= m.threshold, "{out:?}");
        m.probabilities("过去一年，全省经济运行总体平稳。", &mut s, &mut out);
        assert!(out.iter().all(|&p| p < m.threshold), "{out:?}");
    }
}
