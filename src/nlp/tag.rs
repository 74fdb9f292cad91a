//! Measure tagging: code each sentence with the policy-instrument types whose cues it contains.
//!
//! Cues match whole segmented tokens, never raw substrings: `term` cues match one token
//! (exactly, or by a leading/trailing `*` glob), `phrase` cues match a run of tokens.
//! An exact cue on a token shadows glob cues on the same token. Three things stop a cue from
//! firing: a negator (未, 尚未, 没有, …) within the two tokens before it; an `exclude` row
//! covering it (`投入 运营` is not money, `中央生态环境保护督察` is context, not enforcement);
//! and standing inside a document title `《…》` other than as its last token, so that
//! `《美丽江西建设规划纲要》` counts as a plan (规划纲要) but not as construction (建设).

use anyhow::{Result, bail};
use rustc_hash::FxHashMap;

use crate::dict::DictSource;
use crate::nlp::segment::{Segmenter, Token};
use crate::util::charbits::CharBits;

/// Tokens that cancel a cue when they stand within two tokens before it.
const NEGATORS: [&str; 7] = ["未", "尚未", "没有", "不", "无", "未能", "暂未"];

/// The head of a document title: its last word outside parentheses, e.g. 规划纲要 in
/// `美丽江西建设规划纲要(2022-2035年)`.
fn title_head(inside: &[Token<'_>]) -> Option<usize> {
    let mut depth = 0i32;
    let mut head = None;
    for (i, t) in inside.iter().enumerate() {
        match t.word {
            "(" | "（" | "〈" => depth += 1,
            ")" | "）" | "〉" => depth -= 1,
            w if depth == 0 && w.chars().any(char::is_alphanumeric) => head = Some(i),
            _ => {}
        }
    }
    head
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureType {
    pub name: String,
    pub label: String,
    pub family: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    Term,
    Phrase,
    /// Tokens that never fire a cue (a phrase, or one token). Written `GOV + OBJ`, it blocks
    /// only cues of its own type, from a governing token to its object (a name, an outcome).
    Exclude,
    /// `GOV + OBJ`: fires on an object token only when a governing token stands before it in
    /// the same clause, at most `CONTEXT_WINDOW` tokens away (出台 + *办法, 建立|健全 + *机制);
    /// `GOV ++ OBJ` when it stands right before it.
    Context,
}

/// How far (in tokens) a governor may stand before its object (`GOV + OBJ`).
const CONTEXT_WINDOW: usize = 12;

/// `GOV ++ OBJ`: the governor is the token right before its object, a compound such as a
/// programme's name (`提升 ++ 工程`: 营商环境提升工程 is no construction work).
const ADJACENT: &str = " ++ ";

/// Whether a pattern is a `GOV + OBJ` or `GOV ++ OBJ` rule.
fn is_rule_pattern(pattern: &str) -> bool {
    pattern.contains(" + ") || pattern.contains(ADJACENT)
}

/// Tokens that end a clause: a governor never reaches across them.
fn is_clause_break(word: &str) -> bool {
    match word.len() {
        1 => matches!(word.as_bytes()[0], b',' | b';' | b':' | b'!' | b'?'),
        3 => matches!(word, "，" | "；" | "。" | "：" | "！" | "？"),
        _ => false,
    }
}

/// A token as the quick checks see it: its first and last char decoded once, so each
/// `CharBits` test and glob lookup of a sentence reuses them.
#[derive(Debug, Clone, Copy)]
struct Probe<'a> {
    word: &'a str,
    /// `'\0'` for an empty word, which no glob matches.
    first: char,
    last: char,
    clause_break: bool,
}

impl<'a> Probe<'a> {
    fn new(word: &'a str) -> Self {
        Self {
            word,
            first: word.chars().next().unwrap_or('\0'),
            last: word.chars().next_back().unwrap_or('\0'),
            clause_break: is_clause_break(word),
        }
    }
}

/// One alternative of a context side: a token exactly, by a `*` glob, or any token (`*`).
#[derive(Debug, Clone)]
enum TokPat {
    Any,
    Exact(String),
    Prefix(String),
    Suffix(String),
}

impl TokPat {
    fn parse(alt: &str) -> Option<Self> {
        let alt = alt.trim();
        match alt {
            "" => None,
            "*" => Some(TokPat::Any),
            _ if alt.len() > 1 && alt.starts_with('*') && alt.matches('*').count() == 1 => {
                Some(TokPat::Suffix(alt[1..].to_owned()))
            }
            _ if alt.len() > 1 && alt.ends_with('*') && alt.matches('*').count() == 1 => {
                Some(TokPat::Prefix(alt[..alt.len() - 1].to_owned()))
            }
            _ if !alt.contains('*') => Some(TokPat::Exact(alt.to_owned())),
            _ => None,
        }
    }

    /// What [`ContextIndex::candidates`] computes by lookup (kept as the test oracle).
    #[cfg(test)]
    fn matches(&self, word: &str) -> bool {
        match self {
            TokPat::Any => !is_clause_break(word),
            TokPat::Exact(w) => w == word,
            TokPat::Prefix(p) => word.len() > p.len() && word.starts_with(p.as_str()),
            TokPat::Suffix(p) => word.len() > p.len() && word.ends_with(p.as_str()),
        }
    }
}

/// A `GOV + OBJ` rule: alternatives on each side, separated by `|`.
#[derive(Debug, Clone)]
struct ContextRule {
    governors: Vec<TokPat>,
    objects: Vec<TokPat>,
    /// How far before the object the governor may stand: [`CONTEXT_WINDOW`], or 1 (`++`).
    window: usize,
    /// The cue it fires, or `None` for a context exclusion.
    cue: Option<usize>,
    /// The row's type: a context exclusion blocks only cues of this type.
    type_idx: usize,
}

impl ContextRule {
    fn parse(pattern: &str, cue: Option<usize>, type_idx: usize) -> Option<Self> {
        let (gov, obj, window) = match pattern.split_once(ADJACENT) {
            Some((gov, obj)) => (gov, obj, 1),
            None => {
                let (gov, obj) = pattern.split_once(" + ")?;
                (gov, obj, CONTEXT_WINDOW)
            }
        };
        let side = |s: &str| s.split('|').map(TokPat::parse).collect::<Option<Vec<_>>>();
        let (governors, objects) = (side(gov)?, side(obj)?);
        (!governors.is_empty() && !objects.is_empty()).then_some(Self {
            governors,
            objects,
            window,
            cue,
            type_idx,
        })
    }
}

/// A context rule's object met in a sentence, with the nearest governor of the rule before it.
#[derive(Debug, Clone, Copy)]
struct ObjectMatch {
    at: usize,
    rule: usize,
    governor: usize,
}

/// What the `GOV + OBJ` rules found in one sentence: the spans closed by context exclusions
/// (governor, object, type) and the objects of context cues, in text and rule order.
#[derive(Default)]
struct ContextFinds {
    spans: Vec<(usize, usize, usize)>,
    cues: Vec<ObjectMatch>,
}

impl ContextFinds {
    /// Whether token `at` lies in a span closed by an exclusion of `type_idx`.
    fn in_span(&self, at: usize, type_idx: usize) -> bool {
        self.spans
            .iter()
            .any(|&(a, b, t)| a <= at && at <= b && t == type_idx)
    }
}

/// A left-to-right walk over a sentence that knows, for each rule, its nearest governor in
/// the current clause: the same answer as searching back from each token, in one pass.
#[derive(Default)]
struct GovernorWindow {
    /// (rule, position of its nearest governor so far); cleared at a clause break.
    active: Vec<(usize, usize)>,
}

impl GovernorWindow {
    /// The nearest governor of `rule` before token `i`, within `window` tokens.
    fn nearest(&self, rule: usize, i: usize, window: usize) -> Option<usize> {
        self.active
            .iter()
            .find(|(r, _)| *r == rule)
            .map(|(_, at)| *at)
            .filter(|at| at + window >= i)
    }

    /// Move past token `i`: a clause break forgets every governor, others add their rules.
    fn pass(&mut self, clause_break: bool, governs: &[usize], i: usize) {
        if clause_break {
            self.active.clear();
            return;
        }
        for &r in governs {
            match self.active.iter_mut().find(|(a, _)| *a == r) {
                Some(entry) => entry.1 = i,
                None => self.active.push((r, i)),
            }
        }
    }
}

/// Context rules by what their object can be, so a token looks up the few rules it can
/// be the object of instead of testing every rule.
/// Exact tokens are not here: [`MeasureDict`] keeps their rules in the token's entry.
#[derive(Debug, Default)]
struct ContextIndex {
    /// `x*` objects by the prefix's first char, `*x` by the suffix's last char.
    prefix: FxHashMap<char, Vec<(String, usize)>>,
    suffix: FxHashMap<char, Vec<(String, usize)>>,
    /// The keys of `prefix` and `suffix`: most tokens skip both lookups.
    prefix_first: CharBits,
    suffix_last: CharBits,
    /// Rules whose object is `*` (any token but a clause break).
    any: Vec<usize>,
}

impl ContextIndex {
    fn add(&mut self, rule: usize, objects: &[TokPat]) {
        for p in objects {
            match p {
                TokPat::Any => push_once(&mut self.any, rule),
                TokPat::Exact(_) => {}
                TokPat::Prefix(x) => {
                    let c = x.chars().next().expect("a prefix is not empty");
                    self.prefix_first.insert(c);
                    self.prefix.entry(c).or_default().push((x.clone(), rule));
                }
                TokPat::Suffix(x) => {
                    let c = x.chars().next_back().expect("a suffix is not empty");
                    self.suffix_last.insert(c);
                    self.suffix.entry(c).or_default().push((x.clone(), rule));
                }
            }
        }
    }

    /// The rules `word` can be the object of (or govern), in rule order, each once, given
    /// its rules as an exact token (`exact`, from the token's entry in [`MeasureDict`], so
    /// tagging hashes each token once).
    fn candidates_with(&self, probe: &Probe<'_>, exact: &[usize], out: &mut Vec<usize>) {
        out.clear();
        out.extend_from_slice(exact);
        let any = !self.any.is_empty() && !probe.clause_break;
        let prefix = self.prefix_first.may_contain(probe.first);
        let suffix = self.suffix_last.may_contain(probe.last);
        if !(any || prefix || suffix) {
            // `exact` alone is sorted and distinct
            return;
        }
        let word = probe.word;
        let globs_before = out.len();
        if let Some(list) = Some(probe.first)
            .filter(|_| prefix)
            .and_then(|c| self.prefix.get(&c))
        {
            for (x, r) in list {
                if word.len() > x.len() && word.starts_with(x.as_str()) {
                    out.push(*r);
                }
            }
        }
        if let Some(list) = Some(probe.last)
            .filter(|_| suffix)
            .and_then(|c| self.suffix.get(&c))
        {
            for (x, r) in list {
                if word.len() > x.len() && word.ends_with(x.as_str()) {
                    out.push(*r);
                }
            }
        }
        if any {
            out.extend(&self.any);
        }
        // `exact` and `any` are each sorted and distinct; a mix, or more than one glob
        // match, needs sorting.
        let globs = out.len() - globs_before - if any { self.any.len() } else { 0 };
        let sources = usize::from(globs_before > 0) + usize::from(globs > 0) + usize::from(any);
        if sources > 1 || globs > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }
}

impl CueKind {
    /// The kind as written in the dictionary's `kind` column.
    pub fn name(self) -> &'static str {
        match self {
            CueKind::Term => "term",
            CueKind::Phrase => "phrase",
            CueKind::Exclude => "exclude",
            CueKind::Context => "context",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Cue {
    pub type_idx: usize,
    pub pattern: String,
    pub kind: CueKind,
    pub line: usize,
    /// Index into [`MeasureDict::sources`]: the file the cue was read from.
    pub source: usize,
}

/// Cues seen so far: (pattern, kind) -> (source, line, type).
type Seen = FxHashMap<(String, String), (usize, usize, String)>;

/// The coding dictionary, indexed for token lookup.
#[derive(Debug, Default)]
pub struct MeasureDict {
    /// Types in first-appearance order; this is the table order.
    pub types: Vec<MeasureType>,
    /// Families in first-appearance order; `family_of[type_idx]` indexes it.
    pub families: Vec<String>,
    pub family_of: Vec<usize>,
    pub cues: Vec<Cue>,
    /// Everything keyed by one token, so tagging does one hash lookup per token.
    by_token: FxHashMap<String, TokenCues>,
    /// `*suffix` globs by the suffix's last char, `prefix*` globs by the prefix's first char.
    suffix_globs: FxHashMap<char, Vec<(String, usize)>>,
    prefix_globs: FxHashMap<char, Vec<(String, usize)>>,
    /// The keys of the two glob maps: most tokens skip both lookups.
    glob_last: CharBits,
    glob_first: CharBits,
    /// `GOV + OBJ` rules: context cues and context exclusions.
    contexts: Vec<ContextRule>,
    context_index: ContextIndex,
    /// The same rules by what their governor can be.
    governor_index: ContextIndex,
    pub warnings: Vec<String>,
    /// The files the cues were read from, in load order (`bundled:measures.csv`, …).
    pub sources: Vec<String>,
}

/// What one token can start or be.
#[derive(Debug, Default)]
struct TokenCues {
    /// Exact `term` cues.
    exact: Vec<usize>,
    /// Phrases starting with this token: (token sequence, cue index).
    phrases: Vec<(Vec<String>, usize)>,
    /// Exclusions starting with this token.
    excludes: Vec<Vec<String>>,
    negator: bool,
    /// Context rules this exact token can be the object of / can govern.
    objects: Vec<usize>,
    governs: Vec<usize>,
}

/// Rules are indexed in increasing order, so skipping a repeat keeps a list sorted and
/// distinct.
fn push_once(rules: &mut Vec<usize>, rule: usize) {
    if rules.last() != Some(&rule) {
        rules.push(rule);
    }
}

fn matches_at(seq: &[String], tokens: &[Token<'_>]) -> bool {
    seq.len() <= tokens.len() && seq.iter().zip(tokens).all(|(s, t)| s == t.word)
}

/// One measure type coded on a sentence, with the cues that fired (distinct, in text order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureHit {
    pub type_idx: usize,
    pub cues: Vec<usize>,
    /// Every firing, repeats included.
    pub cue_hits: u64,
    /// Set when the measure model coded the type and no cue did: its probability in
    /// thousandths.
    pub model_permille: Option<u16>,
}

impl MeasureHit {
    /// The measure model's probability, when the model (not a cue) coded the type.
    pub fn model_probability(&self) -> Option<f64> {
        self.model_permille.map(|p| f64::from(p) / 1000.0)
    }
}

/// The header every measures dictionary starts with.
fn check_header(src: &DictSource, reader: &mut csv::Reader<&[u8]>) -> Result<()> {
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    let expected = ["measure_type", "label", "family", "pattern", "kind"];
    if header != expected {
        bail!(
            "{}:1: header is `{}`; expected `{}`",
            src.name,
            header.join(","),
            expected.join(",")
        );
    }
    Ok(())
}

/// A phrase's tokens: split at spaces when written with them, else segmented.
fn phrase_tokens(pattern: &str, segmenter: &Segmenter) -> Vec<String> {
    if pattern.contains(' ') {
        return pattern.split_whitespace().map(str::to_owned).collect();
    }
    segmenter
        .segment_text(pattern)
        .into_iter()
        .flat_map(|(_, t)| t)
        .map(|t| t.word.to_owned())
        .collect()
}

impl MeasureDict {
    /// Parse `measure_type,label,family,pattern,kind`. Phrase patterns are tokens separated by
    /// spaces; a phrase written without spaces is segmented with `segmenter`.
    pub fn parse(src: &DictSource, segmenter: &Segmenter) -> Result<Self> {
        Self::parse_all(std::slice::from_ref(src), segmenter)
    }

    /// A taxonomy followed by files that add cues or types to it (`--add-measures`). A cue
    /// repeated in a later file, or moved to another type, is a warning naming both lines.
    pub fn parse_all(sources: &[DictSource], segmenter: &Segmenter) -> Result<Self> {
        let mut dict = MeasureDict::default();
        let mut seen = Seen::default();
        for (si, src) in sources.iter().enumerate() {
            dict.sources.push(src.name.clone());
            dict.add_source(src, si, segmenter, &mut seen)?;
        }
        if dict.types.is_empty() {
            let name = sources.first().map_or("measures", |s| s.name.as_str());
            bail!("{name}: no cues");
        }
        for negator in NEGATORS {
            dict.by_token.entry(negator.to_owned()).or_default().negator = true;
        }
        Ok(dict)
    }

    fn add_source(
        &mut self,
        src: &DictSource,
        source: usize,
        segmenter: &Segmenter,
        seen: &mut Seen,
    ) -> Result<()> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .comment(Some(b'#'))
            .from_reader(src.text.trim_start_matches('\u{feff}').as_bytes());
        check_header(src, &mut reader)?;
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                anyhow::anyhow!("{}:{line}: malformed CSV row: {e}", src.name)
            })?;
            self.add_row(src, source, segmenter, &record, seen)?;
        }
        Ok(())
    }

    /// One dictionary row: its type (declared on first use), a duplicate check, and the cue.
    fn add_row(
        &mut self,
        src: &DictSource,
        source: usize,
        segmenter: &Segmenter,
        record: &csv::StringRecord,
        seen: &mut Seen,
    ) -> Result<()> {
        let line = record.position().map_or(0, |p| p.line()) as usize;
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let (name, label, family, pattern, kind) =
            (field(0), field(1), field(2), field(3), field(4));
        let row = record.iter().collect::<Vec<_>>().join(",");
        if name.is_empty() || family.is_empty() || pattern.is_empty() {
            bail!(
                "{}:{line}: `{row}`: measure_type, family and pattern must not be empty",
                src.name
            );
        }
        let kind = match kind {
            "term" => CueKind::Term,
            "phrase" => CueKind::Phrase,
            "exclude" => CueKind::Exclude,
            "context" => CueKind::Context,
            other => bail!(
                "{}:{line}: `{row}`: kind `{other}` must be `term`, `phrase`, `context` or `exclude`",
                src.name
            ),
        };
        let type_idx = self.type_index(name, label, family, || {
            format!("{}:{line}: `{row}`", src.name)
        })?;
        // A context exclusion acts on its own type only, so one per type is no conflict.
        let per_type = kind == CueKind::Exclude && is_rule_pattern(pattern);
        let key = (
            pattern.to_owned(),
            format!("{kind:?}{}", if per_type { name } else { "" }),
        );
        if let Some((prev_source, prev_line, prev_type)) = seen.get(&key) {
            let what = if *prev_type == name {
                "duplicate"
            } else {
                "conflicting"
            };
            let prev = if *prev_source == source {
                format!("line {prev_line}")
            } else {
                format!("{}:{prev_line}", self.sources[*prev_source])
            };
            self.warnings.push(format!(
                "{}:{line}: {what} cue `{pattern}` (also on {prev} as {prev_type})",
                src.name
            ));
        }
        seen.insert(key, (source, line, name.to_owned()));
        let cue_idx = self.cues.len();
        self.cues.push(Cue {
            type_idx,
            pattern: pattern.to_owned(),
            kind,
            line,
            source,
        });
        self.index_cue(kind, pattern, cue_idx, type_idx, segmenter)
            .map_err(|e| anyhow::anyhow!("{}:{line}: `{row}`: {e}", src.name))
    }

    /// Index one cue for lookup: a term by its token or glob, a phrase or exclusion by its
    /// first token, a `GOV + OBJ` rule in the context list.
    fn index_cue(
        &mut self,
        kind: CueKind,
        pattern: &str,
        cue_idx: usize,
        type_idx: usize,
        segmenter: &Segmenter,
    ) -> Result<()> {
        let is_rule = kind == CueKind::Context || is_rule_pattern(pattern);
        match kind {
            CueKind::Term => self.index_term(pattern, cue_idx),
            CueKind::Context | CueKind::Exclude if is_rule => {
                let cue = (kind == CueKind::Context).then_some(cue_idx);
                let Some(rule) = ContextRule::parse(pattern, cue, type_idx) else {
                    bail!(
                        "expected `GOVERNOR|… + OBJECT|…` or `GOVERNOR|… ++ OBJECT|…` (tokens, `*x`, `x*` or `*`)"
                    );
                };
                let r = self.contexts.len();
                self.context_index.add(r, &rule.objects);
                self.governor_index.add(r, &rule.governors);
                for (pats, objects) in [(&rule.objects, true), (&rule.governors, false)] {
                    for p in pats {
                        if let TokPat::Exact(w) = p {
                            let entry = self.by_token.entry(w.clone()).or_default();
                            push_once(
                                if objects {
                                    &mut entry.objects
                                } else {
                                    &mut entry.governs
                                },
                                r,
                            );
                        }
                    }
                }
                self.contexts.push(rule);
                Ok(())
            }
            CueKind::Phrase | CueKind::Exclude | CueKind::Context => {
                let tokens = phrase_tokens(pattern, segmenter);
                if tokens.is_empty() {
                    bail!("pattern has no tokens");
                }
                let entry = self.by_token.entry(tokens[0].clone()).or_default();
                if kind == CueKind::Phrase {
                    entry.phrases.push((tokens, cue_idx));
                } else {
                    entry.excludes.push(tokens);
                }
                Ok(())
            }
        }
    }

    /// The index of type `name`, declared now if new; a redeclaration must agree.
    fn type_index(
        &mut self,
        name: &str,
        label: &str,
        family: &str,
        at: impl Fn() -> String,
    ) -> Result<usize> {
        if let Some(i) = self.types.iter().position(|t| t.name == name) {
            let t = &self.types[i];
            if t.label != label || t.family != family {
                bail!(
                    "{}: type `{name}` was declared with label `{}` and family `{}` before",
                    at(),
                    t.label,
                    t.family
                );
            }
            return Ok(i);
        }
        self.types.push(MeasureType {
            name: name.to_owned(),
            label: label.to_owned(),
            family: family.to_owned(),
        });
        let fam = match self.families.iter().position(|f| f == family) {
            Some(f) => f,
            None => {
                self.families.push(family.to_owned());
                self.families.len() - 1
            }
        };
        self.family_of.push(fam);
        Ok(self.types.len() - 1)
    }

    fn index_term(&mut self, pattern: &str, cue_idx: usize) -> Result<()> {
        let stars = pattern.matches('*').count();
        if stars == 0 {
            self.by_token
                .entry(pattern.to_owned())
                .or_default()
                .exact
                .push(cue_idx);
        } else if stars == 1 && pattern.len() > 1 && pattern.starts_with('*') {
            let suffix = &pattern[1..];
            let last = suffix.chars().next_back().expect("non-empty");
            self.glob_last.insert(last);
            self.suffix_globs
                .entry(last)
                .or_default()
                .push((suffix.to_owned(), cue_idx));
        } else if stars == 1 && pattern.len() > 1 && pattern.ends_with('*') {
            let prefix = &pattern[..pattern.len() - 1];
            let first = prefix.chars().next().expect("non-empty");
            self.glob_first.insert(first);
            self.prefix_globs
                .entry(first)
                .or_default()
                .push((prefix.to_owned(), cue_idx));
        } else {
            bail!("term `{pattern}`: `*` may only stand once, at the start or the end");
        }
        Ok(())
    }

    /// Cues matching one token: exact cues if any, else glob cues.
    fn term_cues(&self, probe: &Probe<'_>, entry: Option<&TokenCues>, out: &mut Vec<usize>) {
        if let Some(e) = entry.filter(|e| !e.exact.is_empty()) {
            out.extend_from_slice(&e.exact);
            return;
        }
        let word = probe.word;
        let suffixes = Some(probe.last).filter(|c| self.glob_last.may_contain(*c));
        let prefixes = Some(probe.first).filter(|c| self.glob_first.may_contain(*c));
        for (suffix, cue) in suffixes
            .and_then(|c| self.suffix_globs.get(&c))
            .into_iter()
            .flatten()
        {
            if word.len() > suffix.len() && word.ends_with(suffix.as_str()) {
                out.push(*cue);
            }
        }
        for (prefix, cue) in prefixes
            .and_then(|c| self.prefix_globs.get(&c))
            .into_iter()
            .flatten()
        {
            if word.len() > prefix.len() && word.starts_with(prefix.as_str()) {
                out.push(*cue);
            }
        }
    }

    /// Token positions where no cue may fire: exclude rows, negation, and the inside of a
    /// `《…》` title except its last token.
    fn blocked(&self, tokens: &[Token<'_>], entries: &[Option<&TokenCues>]) -> Vec<bool> {
        let mut blocked = vec![false; tokens.len()];
        let mut title_open: Option<usize> = None;
        for (i, tok) in tokens.iter().enumerate() {
            match tok.word {
                "《" => title_open = Some(i),
                "》" => {
                    if let Some(open) = title_open.take() {
                        let head = title_head(&tokens[open + 1..i]).map(|h| open + 1 + h);
                        for (j, b) in blocked.iter_mut().enumerate().take(i).skip(open + 1) {
                            *b = Some(j) != head;
                        }
                    }
                }
                _ => {}
            }
            if entries[i.saturating_sub(2)..i]
                .iter()
                .flatten()
                .any(|e| e.negator)
            {
                blocked[i] = true;
            }
            for seq in entries[i].iter().flat_map(|e| &e.excludes) {
                if matches_at(seq, &tokens[i..]) {
                    blocked[i..i + seq.len()].fill(true);
                }
            }
        }
        blocked
    }

    /// Every cue firing in one sentence, in text order, repeats included.
    pub fn fired(&self, tokens: &[Token<'_>]) -> Vec<usize> {
        let entries: Vec<Option<&TokenCues>> =
            tokens.iter().map(|t| self.by_token.get(t.word)).collect();
        let probes: Vec<Probe<'_>> = tokens.iter().map(|t| Probe::new(t.word)).collect();
        let blocked = self.blocked(tokens, &entries);
        let finds = self.context_finds(&probes, &entries);
        let mut context = finds.cues.iter().peekable();
        let mut fired: Vec<usize> = Vec::new();
        let mut here: Vec<usize> = Vec::new();
        for i in 0..tokens.len() {
            let at_i = std::iter::from_fn(|| context.next_if(|m| m.at == i));
            if blocked[i] {
                at_i.for_each(drop);
                continue;
            }
            here.clear();
            self.term_cues(&probes[i], entries[i], &mut here);
            for (seq, cue) in entries[i].iter().flat_map(|e| &e.phrases) {
                let end = i + seq.len();
                if matches_at(seq, &tokens[i..]) && !blocked[i..end].contains(&true) {
                    here.push(*cue);
                }
            }
            for m in at_i {
                let rule = &self.contexts[m.rule];
                // A governor inside an exclusion of the cue's type governs nothing
                // (`社会保障 制度 改革`: 社会保障制度 is economic, so its reform is too).
                if let Some(cue) = rule.cue
                    && !blocked[m.governor]
                    && !finds.in_span(m.governor, rule.type_idx)
                {
                    here.push(cue);
                }
            }
            fired.extend(
                here.iter()
                    .filter(|c| !finds.in_span(i, self.cues[**c].type_idx)),
            );
        }
        fired
    }

    /// One walk over the sentence for the `GOV + OBJ` rules. A token's object rules are
    /// looked up only while some governor is open in its clause, which is rare, so most
    /// tokens cost one governor lookup.
    fn context_finds(&self, probes: &[Probe<'_>], entries: &[Option<&TokenCues>]) -> ContextFinds {
        let mut finds = ContextFinds::default();
        let mut window = GovernorWindow::default();
        let mut rules = Vec::new();
        for (i, (p, entry)) in probes.iter().zip(entries).enumerate() {
            if !window.active.is_empty() {
                let exact = entry.map_or(&[][..], |e| &e.objects);
                self.context_index.candidates_with(p, exact, &mut rules);
                for &r in &rules {
                    let rule = &self.contexts[r];
                    if let Some(g) = window.nearest(r, i, rule.window) {
                        match rule.cue {
                            None => finds.spans.push((g, i, rule.type_idx)),
                            Some(_) => finds.cues.push(ObjectMatch {
                                at: i,
                                rule: r,
                                governor: g,
                            }),
                        }
                    }
                }
            }
            let exact = entry.map_or(&[][..], |e| &e.governs);
            self.governor_index.candidates_with(p, exact, &mut rules);
            window.pass(p.clause_break, &rules, i);
        }
        finds
    }

    /// Code one sentence. Hits come in type order.
    pub fn tag(&self, tokens: &[Token<'_>]) -> Vec<MeasureHit> {
        let fired = self.fired(tokens);
        let mut hits: Vec<MeasureHit> = Vec::new();
        for cue in fired {
            let type_idx = self.cues[cue].type_idx;
            let hit = match hits.iter_mut().find(|h| h.type_idx == type_idx) {
                Some(h) => h,
                None => {
                    hits.push(MeasureHit {
                        type_idx,
                        cues: Vec::new(),
                        cue_hits: 0,
                        model_permille: None,
                    });
                    hits.last_mut().expect("just pushed")
                }
            };
            hit.cue_hits += 1;
            if !hit.cues.contains(&cue) {
                hit.cues.push(cue);
            }
        }
        hits.sort_by_key(|h| h.type_idx);
        hits
    }

    /// One cue as a list item: its pattern, with the `|` between a context rule's
    /// alternatives written `/` so that a `|`-joined list stays splittable
    /// (`出台/印发 + 办法/计划`).
    pub fn cue_label(&self, cue: usize) -> String {
        self.cues[cue].pattern.replace('|', "/")
    }

    /// `cue|cue`: the cues of one hit as `measures.csv` writes them (see [`Self::cue_label`]).
    /// A type the measure model added is written `model:0.734`.
    pub fn cue_list(&self, hit: &MeasureHit) -> String {
        self.cue_labels(hit).collect::<Vec<_>>().join("|")
    }

    /// The items of [`Self::cue_list`], one per cue (and `model:P`), in text order.
    pub fn cue_labels<'a>(&'a self, hit: &'a MeasureHit) -> impl Iterator<Item = String> + 'a {
        let model = hit.model_probability().map(|p| format!("model:{p:.3}"));
        hit.cues.iter().map(|&c| self.cue_label(c)).chain(model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::BUNDLED_MEASURES;
    use crate::dict::{BUNDLED_USER_DICT, parse_user_dict};
    use std::sync::OnceLock;

    fn fixtures() -> &'static (Segmenter, MeasureDict) {
        static F: OnceLock<(Segmenter, MeasureDict)> = OnceLock::new();
        F.get_or_init(|| {
            let src = DictSource::bundled("user_dict.txt", BUNDLED_USER_DICT);
            let seg = Segmenter::new(&parse_user_dict(&src).unwrap().0);
            let dict =
                MeasureDict::parse(&DictSource::bundled("measures.csv", BUNDLED_MEASURES), &seg)
                    .unwrap();
            (seg, dict)
        })
    }

    fn types_of(text: &str) -> Vec<String> {
        let (seg, dict) = fixtures();
        let mut out: Vec<String> = Vec::new();
        for (_, tokens) in seg.segment_text(text) {
            for h in dict.tag(&tokens) {
                let name = dict.types[h.type_idx].name.clone();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn bundled_dictionary_has_forty_cues_per_type_and_no_conflicts() {
        let (_, dict) = fixtures();
        assert_eq!(dict.types.len(), 6);
        for (i, t) in dict.types.iter().enumerate() {
            let n = dict
                .cues
                .iter()
                .filter(|c| c.type_idx == i && c.kind != CueKind::Exclude)
                .count();
            assert!(n >= 40, "{} has {n} cues", t.name);
        }
        assert!(dict.warnings.is_empty(), "{:?}", dict.warnings);
        assert_eq!(
            dict.families,
            ["command_control", "market_based", "voluntary_participatory"]
        );
    }

    #[test]
    fn codes_corpus_sentences() {
        assert_eq!(
            types_of("成立省碳达峰碳中和工作领导小组,印发实施《河南省碳达峰实施方案》。"),
            ["organization", "regulation"]
        );
        assert_eq!(
            types_of("江西省累计投入资金190亿元,建成生活垃圾焚烧设施38座。"),
            ["economic", "engineering"]
        );
        assert_eq!(
            types_of("整改工作开展以来,共召开新闻发布会19场。"),
            ["information"]
        );
    }

    #[test]
    fn outcome_only_sentences_get_no_measure() {
        assert!(types_of("优良天数比率为81.6%,好于年度目标1.9个百分点;").is_empty());
        assert!(types_of("全省水质稳定达标,空气质量持续改善。").is_empty());
    }

    #[test]
    fn negated_cue_does_not_fire() {
        assert!(types_of("部分污水处理厂尚未建成。").contains(&"engineering".to_string()));
        assert!(!types_of("该项目尚未建成。").contains(&"engineering".to_string()));
    }

    #[test]
    fn titles_count_by_their_last_token_only() {
        assert_eq!(
            types_of("研究制定《美丽江西建设规划纲要(2022-2035年)》。"),
            ["regulation"]
        );
        assert!(
            types_of("报送了《关于中央生态环境保护督察反馈问题整改落实情况的报告》。").is_empty()
        );
    }

    #[test]
    fn exclusions_stop_misleading_cues() {
        assert!(types_of("全区累计建成并投入运营的城镇污水处理设施132座。") == ["engineering"]);
        assert!(types_of("云南省委高度重视中央生态环境保护督察反馈问题整改。").is_empty());
    }

    #[test]
    fn matching_is_on_tokens_not_substrings() {
        // 执法 is a cue; 执法 inside the token 执法能力 matches only the exact entry for it.
        let (seg, dict) = fixtures();
        let out = seg.segment_text("资金");
        let hits = dict.tag(&out[0].1);
        assert_eq!(dict.types[hits[0].type_idx].name, "economic");
        let out = seg.segment_text("社会资本");
        assert!(
            dict.tag(&out[0].1)
                .iter()
                .all(|h| dict.cue_list(h) != "资金")
        );
    }

    #[test]
    fn malformed_rows_name_the_line() {
        let (seg, _) = fixtures();
        let bad = DictSource {
            name: "m.csv".into(),
            path: None,
            text: "measure_type,label,family,pattern,kind\neconomic,经济激励,market_based,资金,term\neconomic,经济激励,market_based,补贴,word\n".into(),
        };
        let err = MeasureDict::parse(&bad, seg).unwrap_err().to_string();
        assert!(
            err.starts_with("m.csv:3:") && err.contains("kind `word`"),
            "{err}"
        );
    }

    fn small_dict(rows: &str) -> MeasureDict {
        let (seg, _) = fixtures();
        let src = DictSource {
            name: "m.csv".into(),
            path: None,
            text: format!("measure_type,label,family,pattern,kind\n{rows}"),
        };
        MeasureDict::parse(&src, seg).unwrap()
    }

    fn small_types(dict: &MeasureDict, text: &str) -> Vec<String> {
        let (seg, _) = fixtures();
        let mut out = Vec::new();
        for (_, tokens) in seg.segment_text(text) {
            for h in dict.tag(&tokens) {
                out.push(dict.types[h.type_idx].name.clone());
            }
        }
        out
    }

    #[test]
    fn context_cue_needs_its_governor_in_the_same_clause() {
        let dict =
            small_dict("regulation,制度建设,command_control,建立|健全 + 机制|*机制,context\n");
        assert_eq!(small_types(&dict, "建立长效机制。"), ["regulation"]);
        assert_eq!(small_types(&dict, "健全河湖管护工作机制。"), ["regulation"]);
        assert!(small_types(&dict, "这一机制运行良好。").is_empty());
        assert!(small_types(&dict, "建立台账,机制运行良好。").is_empty());
        assert!(small_types(&dict, "尚未建立机制。").is_empty());
    }

    #[test]
    fn context_exclusion_blocks_only_its_own_type() {
        let dict = small_dict(
            "engineering,工程建设,command_control,*改造,term\n\
             engineering,工程建设,command_control,改造,term\n\
             engineering,工程建设,command_control,入选 + *,exclude\n\
             economic,经济激励,market_based,资金,term\n",
        );
        assert_eq!(small_types(&dict, "完成老旧小区改造。"), ["engineering"]);
        assert_eq!(
            small_types(&dict, "入选技术改造试点,获得资金。"),
            ["economic"]
        );
        assert!(small_types(&dict, "入选技术改造试点。").is_empty());
    }

    #[test]
    fn adjacent_rule_needs_its_governor_right_before_the_object() {
        let dict = small_dict(
            "engineering,工程建设,command_control,工程,term\n\
             engineering,工程建设,command_control,提升 ++ 工程,exclude\n\
             regulation,制度建设,command_control,出台 ++ 办法,context\n",
        );
        assert!(small_types(&dict, "实施营商环境提升工程。").is_empty());
        assert_eq!(
            small_types(&dict, "提升水平,实施排涝工程。"),
            ["engineering"]
        );
        assert_eq!(small_types(&dict, "提升排涝工程标准。"), ["engineering"]);
        assert_eq!(small_types(&dict, "出台办法。"), ["regulation"]);
        assert!(small_types(&dict, "出台管理办法。").is_empty());
    }

    #[test]
    fn malformed_context_rows_name_the_line() {
        let (seg, _) = fixtures();
        let bad = DictSource {
            name: "m.csv".into(),
            path: None,
            text: "measure_type,label,family,pattern,kind\nregulation,制度,command_control,建立 机制,context\n".into(),
        };
        let err = MeasureDict::parse(&bad, seg).unwrap_err().to_string();
        assert!(
            err.starts_with("m.csv:2:") && err.contains("GOVERNOR"),
            "{err}"
        );
    }

    #[test]
    fn bundled_rothwell_zegveld_dictionary_is_valid() {
        let (seg, _) = fixtures();
        let src = DictSource::bundled(
            "measures_rothwell_zegveld.csv",
            crate::dict::BUNDLED_MEASURES_RZ,
        );
        let dict = MeasureDict::parse(&src, seg).unwrap();
        let names: Vec<&str> = dict.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["supply_side", "demand_side", "environmental"]);
        assert!(dict.warnings.is_empty(), "{:?}", dict.warnings);
    }

    #[test]
    fn context_index_finds_exactly_the_matching_rules() {
        let (seg, dict) = fixtures();
        let text = crate::text::normalize::normalize(
            "出台《生态环境保护条例》，建成污水处理厂12座，整治黑臭水体，开展宣传培训，入选国家试点。",
        );
        let mut got = Vec::new();
        for (_, tokens) in seg.segment_text(&text) {
            for t in &tokens {
                for (index, side) in [(&dict.context_index, true), (&dict.governor_index, false)] {
                    let entry = dict.by_token.get(t.word);
                    let exact =
                        entry.map_or(&[][..], |e| if side { &e.objects } else { &e.governs });
                    index.candidates_with(&Probe::new(t.word), exact, &mut got);
                    let want: Vec<usize> = (0..dict.contexts.len())
                        .filter(|&r| {
                            let rule = &dict.contexts[r];
                            let pats = if side { &rule.objects } else { &rule.governors };
                            pats.iter().any(|p| p.matches(t.word))
                        })
                        .collect();
                    assert_eq!(got, want, "{}", t.word);
                }
            }
        }
        assert!(!dict.contexts.is_empty());
    }
}
