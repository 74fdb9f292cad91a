//! Metric extraction: every quantity in a sentence as indicator, value, unit, kind,
//! direction, qualifier and period.
//!
//! Works on the characters of one normalized sentence (jieba splits numbers and units
//! unpredictably). Units come from `dictionaries/units.csv`; a `万`/`亿` in front of a known
//! unit folds into the factor. Offsets are char offsets into the normalized document.

mod from_period;
mod hanzi;
#[cfg(test)]
mod indicator_grammar_tests;
mod indicators;
mod lists;
mod numbers;
#[cfg(test)]
mod numeral_year_tests;
#[cfg(test)]
mod period_span_tests;
mod periods;
#[cfg(test)]
mod plan_kind_tests;
#[cfg(test)]
mod plan_section_tests;
mod plans;
#[cfg(test)]
mod reach_span_unit_tests;
#[cfg(test)]
mod review_period_tests;
mod tidy;
mod units;

use crate::nlp::segment::Token;
use crate::text::sentences::Sentence;
use indicators::*;
use numbers::*;
use periods::*;
pub use periods::{PeriodChain, continues_chain, inherit_period};
pub use plans::{PlanState, as_plan, plan_heading, plan_sections, section_heading};
use units::Unit;
pub use units::Units;

/// One extracted quantity. `start..end` are char offsets into the normalized document.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub sentence_id: u32,
    pub indicator: String,
    pub value: String,
    /// The high end of a range (`5～8%`: value 5, value_high 8), empty for a single number.
    pub value_high: String,
    pub unit: String,
    pub value_std: f64,
    /// `value_high` × the unit factor; None when there is no range.
    pub value_std_high: Option<f64>,
    pub unit_std: String,
    pub dimension: String,
    pub kind: &'static str,
    pub direction: &'static str,
    pub qualifier: &'static str,
    pub period: String,
    /// The indicator is only the nearest phrase: the text named nothing clearer.
    pub indicator_fallback: bool,
    /// A by-when phrase of a target (`到2025年底`, `2022年底前`), apart from `period`.
    pub deadline: String,
    /// The direction this figure takes when its section is a plan (document context, see
    /// [`as_plan`]); None when it is no plan figure even there (a scope count, a from-value,
    /// a modifier, a past figure). Not a table column.
    pub plan_direction: Option<&'static str>,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Which rule set each field (shown by `explain`; not a table column).
    pub why: Why,
}

/// The rule behind each field of a [`Metric`]: static names and the words that fired, so
/// recording it costs no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Why {
    /// Line of the units file that gave the unit (0: no unit, or a bare 万/亿 count).
    pub unit_line: u64,
    pub indicator: &'static str,
    pub kind: &'static str,
    /// The direction word found in the clause (下降, 提高 …), or the rule that copied it.
    pub direction: &'static str,
    /// The qualifier word (以上, 约 …), or the rule.
    pub qualifier: &'static str,
}

/// Fuzzing entry: scan a text for numbers; returns how many were found.
pub fn fuzz_numbers(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    scan_numbers(&chars).len()
}

/// Chars that join the two ends of a range: `5～8%`, `5-8%`, `5%—5.5%`, `5至8万吨`.
const RANGE_SEPS: [char; 7] = ['~', '-', '—', '–', '至', '到', '－'];

/// A number with its unit, range end and qualifier: what a metric's value is.
struct Quantity {
    unit: Option<Unit>,
    /// char span of the whole quantity (sign, number, range, unit, qualifier words)
    start: usize,
    end: usize,
    qualifier: &'static str,
    /// The word or rule that gave the qualifier.
    qualifier_why: &'static str,
    high: Option<(String, f64)>,
}

/// The unit right after the number ending at `end`: `万吨`, `多万吨` (多/余 between the number
/// and the unit, a qualifier), a bare `万`/`亿` before a noun (`242万农村居民`), or a bare
/// `万亿` (`迈上5万亿台阶`). Returns the
/// unit, its length in chars and whether 多/余 stood in it.
fn unit_after(units: &Units, chars: &[char], end: usize) -> Option<(Unit, usize, bool)> {
    let rest = &chars[end..];
    // `2个多百分点`: 多/余 inside 个百分点 (at least 2 points), not a count of 个
    if let ['个', '多' | '余', tail @ ..] = rest
        && tail.starts_with(&['百', '分', '点'])
        && let Some((u, 4, _)) = units.match_at(&['个', '百', '分', '点'])
    {
        return Some((u, 5, true));
    }
    let matched = units.match_at(rest);
    if let Some((u, n, _)) = &matched
        && unit_opens_noun(&u.unit, chars.get(end.wrapping_sub(1)), &rest[*n..])
    {
        return None;
    }
    if let Some(m) = matched {
        // `13亿人民`, `14亿人口`: 人 opens a noun of people there, no measure word; the bare
        // 亿 below is the unit (codebook: 13亿城乡居民 → 亿)
        let people_noun = m.0.unit.ends_with('人')
            && matches!(rest.get(m.1), Some('民' | '口' | '才'))
            && matches!(rest.first(), Some('万' | '亿'));
        if !people_noun {
            return Some(m);
        }
    }
    if matches!(rest.first(), Some('多' | '余'))
        && let Some((u, len, _)) = units.match_at(&rest[1..])
        && !unit_opens_noun(&u.unit, None, &rest[1 + len..])
    {
        return Some((u, len + 1, true));
    }
    // `5万亿台阶`, `7万亿、8万亿`: 万亿 is one multiplier of an amount whose unit is unnamed
    // (never a count of people), not 万 before a noun 亿…
    if rest.starts_with(&['万', '亿']) {
        let unit = Unit {
            unit: "万亿".to_owned(),
            dimension: "other".to_owned(),
            factor: 1e12,
            unit_std: String::new(),
            line: 0,
        };
        return Some((unit, 2, false));
    }
    // `900多万个体工商户`: 多 before the bare multiplier (the unit above was refused)
    let lead = usize::from(matches!(rest.first(), Some('多' | '余')));
    let rest = &rest[lead..];
    let skip = usize::from(matches!(rest.get(1), Some('多' | '余')));
    let fuzzy = lead + skip > 0;
    let factor = match rest.first() {
        Some('万') => 1e4,
        Some('亿') => 1e8,
        _ => return None,
    };
    let noun_follows = rest.get(1 + skip).is_some_and(|c| *c > '\u{2e80}');
    noun_follows.then(|| {
        let unit = Unit {
            unit: rest[0].to_string(),
            dimension: "count".to_owned(),
            factor,
            unit_std: "个".to_owned(),
            line: 0,
        };
        (unit, lead + 1 + skip, fuzzy)
    })
}

/// Whether a unit's last char, with what follows it, is a word rather than a measure, so the
/// number has no such unit: `从5方面`, `3方案` (方 opens a noun); a bare 方 after a Chinese
/// digit (`三方会谈`, `四方`, `八方支援`) counts parties, not cubic metres (volumes are written
/// `22亿方`, `2000多万方` or in 立方米); `900多万个体工商户` (个体 is a noun, `3个体系` counts
/// 体系). `before` is the number's last char, when it is to be checked.
fn unit_opens_noun(unit: &str, before: Option<&char>, next: &[char]) -> bool {
    if unit.ends_with('方') {
        let noun = matches!(
            next.first(),
            Some('面' | '案' | '式' | '向' | '法' | '针' | '位' | '阵' | '略')
        );
        let parties =
            unit == "方" && before.is_some_and(|c| "一二两三四五六七八九十双多".contains(*c));
        return noun || parties;
    }
    unit.ends_with('个') && next.first() == Some(&'体') && next.get(1) != Some(&'系')
}

/// The unit a list gives its last member (`20.9、36.2、54个百分点`): the first unit after the
/// numbers that follow `k`, each separated from the one before by one list char.
fn list_unit(units: &Units, chars: &[char], numbers: &[NumberSpan], k: usize) -> Option<Unit> {
    let mut prev = &numbers[k];
    for n in &numbers[k + 1..] {
        if n.start != prev.end + 1 || !matches!(chars[prev.end], '、' | '和' | '及' | ',') {
            return None;
        }
        if let Some((u, _, _)) = unit_after(units, chars, n.end) {
            return Some(u);
        }
        prev = n;
    }
    None
}

/// The number of a range after the one at `k`, with where its unit ends, when the two ends
/// agree on the unit (`5-8%`, `10%-20%`, `700万到800万吨`).
fn range_end(
    units: &Units,
    chars: &[char],
    numbers: &[NumberSpan],
    k: usize,
    after: usize,
    unit: &Option<Unit>,
) -> Option<(String, f64, Unit, usize)> {
    let next = numbers.get(k + 1)?;
    if !chars.get(after).is_some_and(|c| RANGE_SEPS.contains(c)) || next.digits != after + 1 {
        return None;
    }
    let (u2, len2, _) = unit_after(units, chars, next.end)?;
    let same = unit
        .as_ref()
        .is_none_or(|u| u.unit == u2.unit || u2.unit.starts_with(&u.unit));
    same.then(|| (next.value.clone(), next.num, u2, next.end + len2))
}

impl Quantity {
    /// The quantity of `unit` over `start..end` with the qualifier words around it (see
    /// [`qualify`]), which may widen the span.
    fn qualified(
        chars: &[char],
        unit: Option<Unit>,
        (start, end): (usize, usize),
        fuzzy: bool,
        high: Option<(String, f64)>,
    ) -> Self {
        let (qualifier, qualifier_why, start, end) = qualify(chars, start, end, fuzzy);
        Quantity {
            unit,
            start,
            end,
            qualifier,
            qualifier_why,
            high,
        }
    }
}

/// Qualifier words around the quantity: 以上/多/余/左右/以下/以内 after, 约/近 and 超过/突破
/// before. Returns the qualifier and the new span.
fn qualify(
    chars: &[char],
    start: usize,
    end: usize,
    fuzzy: bool,
) -> (&'static str, &'static str, usize, usize) {
    let (mut start, mut end) = (start, end);
    let after: String = chars[end..chars.len().min(end + 3)].iter().collect();
    let mut qualifier = if fuzzy { "at_least" } else { "" };
    let mut why = if fuzzy {
        "余/多 between number and unit"
    } else {
        ""
    };
    for (word, q) in [
        ("以上", "at_least"),
        ("多", "at_least"),
        ("余", "at_least"),
        ("左右", "approx"),
        ("以下", "at_most"),
        ("以内", "at_most"),
    ] {
        if after.starts_with(word) && !(word == "多" && opens_duo_word(&chars[end..])) {
            qualifier = q;
            why = word;
            end += word.chars().count();
            break;
        }
    }
    let pre: String = chars[start.saturating_sub(2)..start].iter().collect();
    let wide: String = chars[start.saturating_sub(5)..start].iter().collect();
    let bound = |words: &[&str]| qualifier.is_empty() && words.iter().any(|w| wide.ends_with(w));
    if bound(&AT_MOST_BEFORE) {
        qualifier = "at_most";
        why = "不到/不足/不超过 before the number";
    } else if bound(&AT_LEAST_BEFORE) || (qualifier.is_empty() && zhishao_governs(chars, start)) {
        qualifier = "at_least";
        why = "至少/不少于/不低于 before the number";
    } else if pre.ends_with("接近") || pre.ends_with("将近") {
        qualifier = "approx";
        why = "接近/将近 before the number";
        start -= 2;
    } else if matches!(pre.chars().last(), Some('约' | '近'))
        && !NOT_APPROX.iter().any(|w| pre.ends_with(w))
    {
        qualifier = "approx";
        why = "约/近 before the number";
        start -= 1;
    } else if qualifier.is_empty()
        && (pre.ends_with("超过") || pre.ends_with("突破") || pre.ends_with(['超', '逾']))
    {
        qualifier = "at_least";
        why = "超过/突破/超/逾 before the number";
    } else if qualifier.is_empty() && wide.contains("约占") {
        qualifier = "approx";
        why = "约占 before the number";
    }
    (qualifier, why, start, end)
}

/// Bounds written before the number (audit decisions D42, D49). Checked before 超过, which
/// `不超过` ends with.
const AT_MOST_BEFORE: [&str; 3] = ["不到", "不足", "不超过"];
const AT_LEAST_BEFORE: [&str; 2] = ["不少于", "不低于"];

/// 至少, right before the number or earlier in the clause, governs the verb phrase that holds the number (`至少为国家节约
/// 二十亿元`): looked for up to 8 characters back, stopping at punctuation or another digit.
fn zhishao_governs(chars: &[char], start: usize) -> bool {
    let from = start.saturating_sub(8);
    let mut i = start;
    while i > from {
        let c = chars[i - 1];
        if c.is_ascii_digit() || "，,。；;：:、！？".contains(c) {
            return false;
        }
        if i >= 2 && chars[i - 2] == '至' && c == '少' {
            return true;
        }
        i -= 1;
    }
    false
}

/// Words ending in 约 or 近 that say nothing about a number after them (`节约二十亿元`,
/// `最近5年`).
const NOT_APPROX: [&str; 14] = [
    "节约", "制约", "签约", "履约", "预约", "合约", "条约", "公约", "违约", "集约", "特约", "最近",
    "附近", "临近",
];

/// Words that open with 多 (`5条多式联运示范线路`, `3个多元化…`): after a unit, their 多 is no
/// approximation.
const DUO_WORDS: [&str; 14] = [
    "多式联运",
    "多元",
    "多功能",
    "多层次",
    "多样",
    "多彩",
    "多种",
    "多方",
    "多媒体",
    "多边",
    "多晶",
    "多渠道",
    "多领域",
    "多规合一",
];

fn opens_duo_word(rest: &[char]) -> bool {
    DUO_WORDS
        .iter()
        .any(|w| w.chars().count() <= rest.len() && w.chars().zip(rest).all(|(a, b)| a == *b))
}

/// The quantity of number `k`, or None when it has no unit (bare numbers are kept only as
/// dimensionless indexes: `综合指数为4.49`).
fn quantity(units: &Units, chars: &[char], numbers: &[NumberSpan], k: usize) -> Option<Quantity> {
    let n = &numbers[k];
    if hanzi::is_hanzi(chars, n)
        && let Some(q) = hanzi::share_quantity(units, chars, n)
    {
        return Some(q);
    }
    let (mut unit, mut len, mut fuzzy) = match unit_after(units, chars, n.end) {
        Some((u, len, fuzzy)) => (Some(u), len, fuzzy),
        None => (None, 0, false),
    };
    let mut high = None;
    if let Some((v, num, u2, end)) = range_end(units, chars, numbers, k, n.end + len, &unit) {
        let factor_ratio = unit.as_ref().map_or(1.0, |u| u.factor / u2.factor);
        high = Some((v, num));
        len = end - n.end;
        fuzzy = false;
        if factor_ratio == 1.0 || unit.is_none() {
            unit = Some(u2);
        }
    }
    if unit.is_none() {
        unit = list_unit(units, chars, numbers, k);
    }
    let pre: String = chars[n.start.saturating_sub(3)..n.start].iter().collect();
    let is_index = pre.ends_with("指数为") || pre.ends_with("指数") || pre.ends_with("系数为");
    if unit.is_none() && !is_index && !n.value.contains('/') {
        return None;
    }
    Some(Quantity::qualified(
        chars,
        unit,
        (n.start, n.end + len),
        fuzzy,
        high,
    ))
}

/// Bundled resources, loaded once for the unit tests.
#[cfg(test)]
pub(crate) fn test_resources() -> &'static crate::nlp::resources::Resources {
    static RES: std::sync::OnceLock<crate::nlp::resources::Resources> = std::sync::OnceLock::new();
    RES.get_or_init(crate::nlp::resources::load_bundled)
}

/// Every metric of a text, sentence by sentence, with the bundled resources (for the tests).
#[cfg(test)]
pub(crate) fn metrics_of(text: &str) -> Vec<Metric> {
    use crate::text::sentences::{MAX_SENTENCE_CHARS, split_sentences};
    let doc = crate::text::normalize::normalize(text);
    split_sentences(&doc, MAX_SENTENCE_CHARS)
        .sentences
        .iter()
        .flat_map(|s| crate::nlp::resources::extract_metrics(test_resources(), &doc, s))
        .collect()
}

/// The indicator of every metric of a text, in order (for the tests).
#[cfg(test)]
pub(crate) fn indicators_of(text: &str) -> Vec<String> {
    metrics_of(text).into_iter().map(|m| m.indicator).collect()
}

/// Extract every quantity of one sentence of `doc`. `tokens` are the sentence's jieba tokens
/// (document char offsets, as [`crate::nlp::segment::Segmenter::segment_sentence`] gives
/// them): their POS tags mark where a subject ends and its predicate begins.
pub fn extract(units: &Units, doc: &str, sentence: &Sentence, tokens: &[Token]) -> Vec<Metric> {
    let text = sentence.text(doc);
    let digits = text.bytes().any(|b| b.is_ascii_digit());
    let may_hanzi = hanzi::may_contain(units, text);
    if !digits && !may_hanzi {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut numbers = if digits {
        scan_numbers(&chars)
    } else {
        Vec::new()
    };
    if may_hanzi {
        // quantities in Chinese numerals (`百分之四十六`, `八千一百九十九万吨`)
        numbers.extend(hanzi::scan(units, &chars));
        numbers.sort_by_key(|n| n.start);
    }
    if numbers.is_empty() {
        return Vec::new();
    }
    let toks: Vec<Tok> = tokens
        .iter()
        .filter(|t| t.start >= sentence.start && t.end <= sentence.end)
        .map(|t| Tok {
            start: t.start - sentence.start,
            end: t.end - sentence.start,
            word: t.word,
            pos: t.pos,
        })
        .collect();
    // Text inside 《…》 titles gives no period, direction or indicator.
    let outside_text = outside_titles(&chars);
    let outside: Vec<char> = outside_text.chars().collect();
    // byte offset of each char of `outside_text` (and of its end), so a prefix is a slice
    let byte_at: Vec<usize> = outside_text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(outside_text.len()))
        .collect();
    let mut out: Vec<Metric> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut prev_end = 0usize; // char index after the previous metric
    let spaced = numbers.iter().any(|n| numbers::is_spaced(&chars, n));
    for (k, n) in numbers.iter().enumerate() {
        let in_title = outside[n.digits] != chars[n.digits];
        if n.start < prev_end || in_title || is_not_quantity(&chars, n) {
            continue;
        }
        let Some(q) = quantity(units, &chars, &numbers, k) else {
            continue;
        };
        let compact;
        let mut before = &outside_text[..byte_at[n.start]];
        if spaced {
            // `1 9 9 7 年国内生产总值达到…`: periods read on the digits without their spaces
            compact = numbers::without_digit_spaces(before);
            before = &compact;
        }
        let (mut period, mut deadline) = period_and_deadline(before);
        if let Some(own) =
            from_period::from_value_time(before).or_else(|| from_period::compared_time(before))
        {
            period = own.to_owned();
        }
        // `三年内参保率均提高到90%以上`: a span of years within which a plan is to be met
        let within = if deadline.is_empty() {
            periods::within_deadline(before)
        } else {
            None
        };
        let planned = within.is_some_and(|(_, planned)| planned);
        let at = (prev_end, out.len(), !deadline.is_empty() || planned);
        let metric = describe(&outside, &toks, n, &q, at, out.last(), &mut groups);
        if let Some((w, _)) = within
            && (planned || metric.kind == "target")
        {
            deadline = w.to_owned();
        }
        out.push(make_metric(
            sentence, &chars, n, q, metric, period, deadline,
        ));
        prev_end = out.last().map_or(0, |m| m.end - sentence.start);
    }
    distribute_groups(&mut out, &groups, &outside_text, &toks);
    for m in &mut out {
        tidy_indicator(m, &outside_text, &toks, sentence.start);
    }
    elided_share_owners(&mut out, &chars, sentence.start);
    share_qualifiers(&mut out, &groups, &chars, sentence.start);
    out
}

/// The last cleaning of a chosen indicator, once its list is distributed: no fragment of a word
/// at its start (D19), no naming verb, time locative, budget verb or target statement around
/// what is measured, and no predicate closing a count.
fn tidy_indicator(m: &mut Metric, text: &str, toks: &[Tok], base: usize) {
    if let Some(rest) = no_function_word_tail(&m.indicator, text, toks) {
        m.indicator = rest;
    } else if let Some(whole) = snap_to_word(&m.indicator, text, toks) {
        m.indicator = whole;
    }
    // round 10: conjunctions and discourse words at the edges (see [`tidy`])
    if let Some(rest) = tidy::without_edge_connectives(&m.indicator, text, toks) {
        m.indicator = rest;
    }
    if let Some(rest) = without_naming_verb(&m.indicator, m.kind == "count") {
        m.indicator = rest;
    }
    if let Some(rest) = lists::without_conjunct_verb(&m.indicator) {
        m.indicator = rest;
    }
    if let Some(rest) = without_time_locative(&m.indicator, text) {
        m.indicator = rest.to_owned();
    }
    if let Some(funds) = funds_of_arrangement(&m.indicator) {
        m.indicator = funds;
    }
    if let Some(rest) = without_target_statement(&m.indicator, m.kind == "count") {
        m.indicator = rest.to_owned();
    }
    if m.dimension == "count"
        && let Some(rest) = without_closing_predicate(&m.indicator)
    {
        m.indicator = rest.to_owned();
    }
    tidy_round_nine(m, text, toks, base);
}

/// Round 9's rules (see [`tidy`]): 新增 and the adverb 新 out of counts, a count's owner before
/// 完成投资, and a verb or fragment indicator replaced by the noun phrase after its figure.
fn tidy_round_nine(m: &mut Metric, text: &str, toks: &[Tok], base: usize) {
    let count = m.dimension == "count";
    if count && let Some(rest) = tidy::without_inner_xinzeng(&m.indicator) {
        m.indicator = rest;
    }
    if count && let Some(rest) = tidy::without_new_adverb(&m.indicator, text, toks) {
        m.indicator = rest;
    }
    if count && let Some(owner) = tidy::owner_of_completed_measure(&m.indicator) {
        m.indicator = owner.to_owned();
    }
    if let Some(object) = tidy::object_of_ba(&m.indicator) {
        m.indicator = object.to_owned();
    }
    if let Some(noun) = tidy::noun_to_word_end(&m.indicator, text, toks, m.end - base) {
        m.indicator = noun;
    }
    let people = m.unit.ends_with('人') || m.unit.ends_with("人次");
    if let Some(noun) = tidy::noun_after_figure(&m.indicator, text, toks, m.end - base, people) {
        m.indicator = noun;
    }
}

/// Round 10: a share clause `，占Y的N%` right after a figure takes that figure's indicator as
/// what its share measures (see [`tidy::elided_share_owner`]); a from/to pair of such shares
/// (`占农户总数的比例由…11%上升到63%`) takes it for both ends.
fn elided_share_owners(out: &mut [Metric], chars: &[char], base: usize) {
    let mut chosen = String::new();
    for k in 1..out.len() {
        // the to-value of a from/to pair whose from-value was just given its owner
        if !chosen.is_empty() && out[k].indicator == chosen {
            out[k].indicator = out[k - 1].indicator.clone();
            continue;
        }
        chosen.clear();
        let (a, b) = (out[k - 1].end - base, out[k].start - base);
        if !out[k].indicator.starts_with('占') || a > b {
            continue;
        }
        let between: String = chars[a..b].iter().collect();
        if !tidy::elided_share_owner(&out[k].indicator, &between) {
            continue;
        }
        let owner = &out[k - 1].indicator;
        // `占比`, `占农户总数的比例`: a ratio named by its head keeps it after its owner
        let composed = if tidy::share_zhan(&out[k].indicator).is_some() {
            owner.clone()
        } else {
            format!("{owner}{}", out[k].indicator)
        };
        chosen = std::mem::replace(&mut out[k].indicator, composed);
    }
}

/// `省外游客、入境过夜游客分别增长10%、35%以上`: a qualifier written once after the last figure
/// of a `分别` list applies to every figure, like a unit written once.
fn share_qualifiers(out: &mut [Metric], groups: &[Group], chars: &[char], base: usize) {
    for g in groups.iter().filter(|g| g.len > 1) {
        let figures = &out[g.first..g.first + g.len];
        let (last, rest) = figures.split_last().expect("a group has figures");
        let clause_start = chars[..figures[0].start - base]
            .iter()
            .rposition(|c| STRONG_DELIMS.contains(c))
            .map_or(0, |i| i + 1);
        let respective = chars[clause_start..figures[0].start - base]
            .windows(2)
            .any(|w| w == ['分', '别']);
        let written_after = matches!(last.why.qualifier, "以上" | "左右" | "以下" | "以内");
        if !respective || !written_after || rest.iter().any(|m| !m.qualifier.is_empty()) {
            continue;
        }
        let (qualifier, why) = (last.qualifier, last.why.qualifier);
        for m in &mut out[g.first..g.first + g.len - 1] {
            m.qualifier = qualifier;
            m.why.qualifier = why;
        }
    }
}

/// What [`describe`] finds: indicator, kind, direction.
struct Described {
    indicator: String,
    fallback: bool,
    kind: &'static str,
    direction: &'static str,
    plan: Option<&'static str>,
    why: Why,
}

fn make_metric(
    sentence: &Sentence,
    chars: &[char],
    n: &NumberSpan,
    q: Quantity,
    d: Described,
    period: String,
    deadline: String,
) -> Metric {
    let why = Why {
        unit_line: q.unit.as_ref().map_or(0, |u| u.line),
        qualifier: q.qualifier_why,
        ..d.why
    };
    let (unit, unit_std, factor, dimension) = match q.unit {
        Some(u) => (u.unit, u.unit_std, u.factor, u.dimension),
        None => (String::new(), String::new(), 1.0, "other".to_owned()),
    };
    let std = |v: f64| crate::util::numeric::round_sig(v * factor, 10);
    let (value_high, value_std_high) = match q.high {
        Some((v, num)) => (v, Some(std(num))),
        None => (String::new(), None),
    };
    Metric {
        sentence_id: sentence.id,
        indicator: d.indicator,
        indicator_fallback: d.fallback,
        value: n.value.clone(),
        value_high,
        unit,
        value_std: std(n.num),
        value_std_high,
        unit_std,
        dimension: if n.value.contains('/') && dimension == "other" {
            "ratio".to_owned()
        } else {
            dimension
        },
        kind: d.kind,
        direction: d.direction,
        qualifier: q.qualifier,
        plan_direction: d.plan,
        period,
        deadline,
        text: chars[q.start..q.end].iter().collect(),
        start: sentence.start + q.start,
        end: sentence.start + q.end,
        why,
    }
}

/// Kind, direction and indicator of a quantity from the text around it.
fn describe(
    chars: &[char],
    toks: &[Tok],
    n: &NumberSpan,
    q: &Quantity,
    (prev_end, index, deadline): (usize, usize, bool),
    previous: Option<&Metric>,
    groups: &mut Vec<Group>,
) -> Described {
    // counts of things, not of people (`外出农民工1.59亿人`: the verb describes them)
    let count_thing = q
        .unit
        .as_ref()
        .is_some_and(|u| u.dimension == "count" && !u.unit_std.starts_with('人'));
    let ctx = Around::new(chars, toks, (n.start, q.end, prev_end), count_thing);
    let dimension = q.unit.as_ref().map_or("other", |u| u.dimension.as_str());
    let continues = continues_previous(&ctx, previous, prev_end, dimension);
    let mut why = Why::default();
    let (kind, direction) = match previous {
        Some(p) if continues => {
            why.kind = "continues the figure before";
            why.direction = "continues the figure before";
            (p.kind, p.direction)
        }
        _ => {
            let unit = q.unit.as_ref().map_or("", |u| u.unit.as_str());
            let span = (ctx.strong_start, n.start, q.end);
            // money obtained by 争取 is a target only in a plan section (D59, `as_plan`)
            let secured = ctx.plan && ctx.secured && dimension == "money";
            let cues = (
                deadline,
                plans::clause_plan(ctx.plan && !secured, chars, toks, span),
                to_of_pair(chars, &ctx, previous, prev_end),
            );
            let kd = kind_and_direction(&ctx.strong_pre, unit, dimension, cues, &mut why);
            growth_after(chars, q.end, kd, &mut why)
        }
    };
    let plan = match previous {
        Some(p) if continues => p.plan_direction,
        _ => plans::plan_direction(
            chars,
            toks,
            (n.start, q.end),
            (&ctx.strong_pre, dimension == "count", ctx.noun_list),
        ),
    };
    // the number of indicators a plan sets is a list size (D56)
    let list_size = dimension == "count" && plans::counts_indicators(chars, q.end);
    let (kind, direction, plan) = if list_size {
        why.kind = "the number of indicators a plan sets (a list size)";
        why.direction = "";
        ("count", "", None)
    } else {
        (kind, direction, plan)
    };
    let (indicator, inherited, fallback) = if continues {
        let p = previous.expect("a continuation has a previous figure");
        why.indicator = "continues the figure before";
        (p.indicator.clone(), false, p.indicator_fallback)
    } else {
        choose_indicator(&ctx, kind, dimension, previous, &mut why)
    };
    match groups.last_mut() {
        Some(g) if continues => g.len += 1,
        _ => groups.push(Group {
            first: index,
            len: 1,
            inherited,
        }),
    }
    Described {
        indicator,
        fallback,
        kind,
        direction,
        plan,
        why,
    }
}

/// `58.7%和47%`, `520万千瓦、946万千瓦`: a bare continuation of the previous figure; not a
/// measure of each thing a count right before it counts (`2座35万千瓦…项目`).
fn continues_previous(
    ctx: &Around,
    previous: Option<&Metric>,
    prev_end: usize,
    dimension: &str,
) -> bool {
    let measures_each = ctx.strong_pre.is_empty()
        && previous.is_some_and(|p| p.dimension == "count" && dimension != "count");
    previous.is_some()
        && ctx.strong_start <= prev_end
        && !measures_each
        && ctx
            .strong_pre
            .trim_matches(['和', '及', '、', '与', ' '])
            .is_empty()
}

/// `由66户整合至12户`: the figure after the from-value of a from/to pair (从/由 before the
/// previous figure, in the same clause, and 到/至/为 between the two, no list item between).
fn to_of_pair(chars: &[char], ctx: &Around, previous: Option<&Metric>, prev_end: usize) -> bool {
    let Some(p) = previous else {
        return false;
    };
    let p_start = prev_end.saturating_sub(p.end - p.start);
    ctx.strong_start <= p_start
        && chars[ctx.strong_start..p_start]
            .iter()
            .any(|c| matches!(c, '从' | '由'))
        && ctx.strong_pre.contains(['到', '至', '为'])
        // not a new item of a list (`从0.94万家增加到1.55万家、科技型中小企业达到2.8万家`)
        && !ctx.strong_pre.contains(['、', '和', '及'])
}

/// `均保持10%以上增长`: a figure that closes its clause with 增长/下降 is the size of a
/// change, whatever the verb before it.
fn growth_after(
    chars: &[char],
    end: usize,
    (kind, direction): (&'static str, &'static str),
    why: &mut Why,
) -> (&'static str, &'static str) {
    // only a clause that ends there: `从X增长到Y` starts from a level, `5%的增长目标` names a
    // target, `连续6年增长` is a duration
    let dir = match &chars[end..] {
        ['增', '长', rest @ ..] if rest.first().is_none_or(|c| is_delim(*c)) => "up",
        ['下', '降', rest @ ..] if rest.first().is_none_or(|c| is_delim(*c)) => "down",
        _ => return (kind, direction),
    };
    if chars[..end].ends_with(&['年']) || chars[..end].ends_with(&['度']) {
        return (kind, direction);
    }
    why.direction = "增长/下降 after the figure";
    if kind == "target" {
        return (kind, dir);
    }
    why.kind = "增长/下降 after the figure";
    ("change", dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::DictSource;
    use crate::text::sentences::{MAX_SENTENCE_CHARS, split_sentences};

    fn brief(m: &Metric) -> (String, String, String) {
        (m.indicator.clone(), m.value.clone(), m.unit.clone())
    }

    #[test]
    fn amounts_per_month_and_per_head_keep_their_denominator() {
        // 2026 reports of 贵州 and 上海: monthly and per-worker amounts are no sums of money
        let m = metrics_of(
            "城乡居民基础养老金最低标准从98元/月提高到178元/月，全员劳动生产率达到42万元/人以上。",
        );
        let got: Vec<_> = m
            .iter()
            .map(|m| {
                (
                    m.indicator.as_str(),
                    m.unit.as_str(),
                    m.unit_std.as_str(),
                    m.value_std,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("城乡居民基础养老金最低标准", "元/月", "元/月", 98.0),
                ("城乡居民基础养老金最低标准", "元/月", "元/月", 178.0),
                ("全员劳动生产率", "万元/人", "元/人", 420_000.0),
            ]
        );
        assert_eq!(m[0].dimension, "rate");
        assert_eq!(m[2].dimension, "price");
        assert_eq!(m[2].qualifier, "at_least");
    }

    #[test]
    fn jiejin_before_a_number_is_an_approximation_not_part_of_the_indicator() {
        let m = metrics_of("京津冀区域优良天数比率接近80%，总量将近800万户。");
        assert_eq!(brief(&m[0]).0, "京津冀区域优良天数比率");
        assert_eq!(m[0].qualifier, "approx");
        assert_eq!(brief(&m[1]).0, "总量");
        assert_eq!(m[1].qualifier, "approx");
    }

    #[test]
    fn level_change_and_period_from_corpus() {
        let m =
            metrics_of("2021年全省PM2.5浓度45微克/立方米,低于国家目标9微克/立方米,同比下降13.5%;");
        assert_eq!(m.len(), 3);
        assert_eq!(
            brief(&m[0]),
            ("PM2.5浓度".into(), "45".into(), "微克/立方米".into())
        );
        assert_eq!(
            (m[0].kind, m[0].period.as_str(), m[0].dimension.as_str()),
            ("level", "2021年", "concentration")
        );
        assert_eq!(
            (m[1].kind, m[1].indicator.as_str()),
            ("target", "PM2.5浓度")
        );
        assert_eq!(
            (m[2].kind, m[2].direction, m[2].indicator.as_str()),
            ("change", "down", "PM2.5浓度")
        );
    }

    #[test]
    fn multipliers_fold_into_standard_units() {
        let m = metrics_of(
            "完成黄河干支流生态廊道造林4.59万亩,安排资金3.41亿元,完成排水管网建设879千米。",
        );
        assert_eq!(
            (m[0].unit.as_str(), m[0].unit_std.as_str(), m[0].value_std),
            ("万亩", "公顷", 3060.0)
        );
        assert_eq!(
            (m[1].unit.as_str(), m[1].value_std, m[1].dimension.as_str()),
            ("亿元", 341_000_000.0, "money")
        );
        assert_eq!((m[2].unit_std.as_str(), m[2].value_std), ("km", 879.0));
        let m = metrics_of("洞庭湖湖体总磷全年平均浓度0.06mg/L,细颗粒物34μg/m3。");
        assert_eq!(
            (m[0].unit.as_str(), m[0].unit_std.as_str()),
            ("mg/L", "毫克/升")
        );
        assert_eq!(
            (m[1].unit.as_str(), m[1].unit_std.as_str()),
            ("μg/m3", "微克/立方米")
        );
    }

    /// Audit decisions D42 and D49 and the round-11 audit's 节约 row (national reports).
    #[test]
    fn bounds_before_the_number_and_words_ending_in_yue() {
        let m = metrics_of("这样，就将至少为国家节约二十亿元。");
        assert_eq!((m[0].value.as_str(), m[0].qualifier), ("20", "at_least"));
        let m = metrics_of("但使用面积还不到百分之五十。");
        assert_eq!((m[0].value.as_str(), m[0].qualifier), ("50", "at_most"));
        let m = metrics_of("每年节约二十亿元,单位能耗不超过5吨,投资不少于3亿元。");
        let q: Vec<&str> = m.iter().map(|m| m.qualifier).collect();
        assert_eq!(q, ["", "at_most", "at_least"]);
    }

    #[test]
    fn qualifiers() {
        let m = metrics_of(
            "秸秆综合利用率达到90%以上,能耗强度下降2.8%左右,落实林长2万余人,刊播报道约1万篇,填埋比例下降至5.6%以下。",
        );
        let q: Vec<&str> = m.iter().map(|m| m.qualifier).collect();
        assert_eq!(q, ["at_least", "approx", "at_least", "approx", "at_most"]);
        assert_eq!(m[2].unit, "万人");
        // A level reached (降至) carries no direction: only changes and targets do.
        assert_eq!((m[4].kind, m[4].direction), ("level", ""));
    }

    #[test]
    fn things_that_are_not_metrics() {
        for text in [
            "2021年4月7日至5月7日,督察组进驻。",
            "编制《规划(2022-2023年)》《纲要(2021—2035年)》。",
            "PM2.5PM10、SO2、NO2、O3改善。",
            "01山西省公开整改情况",
            "纳入“13710”信息督办系统,构建“1+N”政策体系,实施“4+1”工程,落实“4·27”讲话。",
            "增速居全国第1位,第二轮督察。",
        ] {
            assert!(
                metrics_of(text).is_empty(),
                "{text}: {:?}",
                metrics_of(text)
            );
        }
    }

    #[test]
    fn distributive_lists_give_one_row_per_number() {
        let m = metrics_of("炼铁和炼钢先进产能占比分别达58.7%和47%。");
        assert_eq!(
            m.iter().map(brief).collect::<Vec<_>>(),
            [
                ("炼铁先进产能占比".into(), "58.7".into(), "%".into()),
                ("炼钢先进产能占比".into(), "47".into(), "%".into())
            ]
        );
        let m = metrics_of("二氧化硫、氮氧化物排放量分别下降5.6%和4%。");
        assert_eq!(m[0].indicator, "二氧化硫排放量");
        assert_eq!(m[1].indicator, "氮氧化物排放量");
        assert_eq!((m[1].kind, m[1].direction), ("change", "down"));
        // items of unequal length (吉林, 辽宁 2026): no word is cut; with no head left, the
        // list stays whole
        let m = metrics_of("人参、食用菌全产业链产值分别达到1230亿元、120亿元。");
        assert_eq!(m[0].indicator, "人参全产业链产值");
        assert_eq!(m[1].indicator, "食用菌全产业链产值");
        let m = metrics_of("煤炭、电解铝分别压减1.1亿吨、120万吨。");
        assert_eq!(
            (m[0].indicator.as_str(), m[1].indicator.as_str()),
            ("煤炭、电解铝", "煤炭、电解铝")
        );
        let m = metrics_of("刑事、治安案件分别下降6.6%、3.6%。");
        assert_eq!(
            (m[0].indicator.as_str(), m[1].indicator.as_str()),
            ("刑事案件", "治安案件")
        );
        // no tail of a function word (已经, 1958 national report) opens an indicator
        let m = metrics_of("已经全部完工投入生产的重大工程有50个。");
        assert!(
            m[0].indicator.starts_with("全部完工投入生产的重大工程"),
            "{}",
            m[0].indicator
        );
        let m = metrics_of("风电装机容量为520万千瓦、946万千瓦。");
        assert_eq!(m.len(), 2);
        assert!(m.iter().all(|m| m.indicator == "风电装机容量"
            && m.unit == "万千瓦"
            && m.dimension == "power"));
    }

    #[test]
    fn counts_take_the_noun_after_the_measure_word() {
        let m = metrics_of(
            "第二轮督察82项整改任务已完成整改59项;督察组交办的3123件信访件已办结3120件。",
        );
        assert_eq!(m.len(), 4);
        assert_eq!((m[0].indicator.as_str(), m[0].kind), ("整改任务", "count"));
        assert_eq!(m[2].indicator, "信访件");
    }

    #[test]
    fn dimensionless_index_has_empty_unit() {
        let m = metrics_of("环境空气质量综合指数为4.49,同比改善。");
        assert_eq!(m.len(), 1);
        assert_eq!(
            (
                m[0].unit.as_str(),
                m[0].value.as_str(),
                m[0].indicator.as_str()
            ),
            ("", "4.49", "环境空气质量综合指数")
        );
    }

    #[test]
    fn periods_skip_baselines() {
        let m = metrics_of("截至2022年12月底,处理能力较2020年增加10.1%。");
        assert_eq!(
            (m[0].period.as_str(), m[0].kind, m[0].direction),
            ("截至2022年12月底", "change", "up")
        );
        let m = metrics_of("2022年1至11月,辽宁省细颗粒物年均浓度30微克/立方米。");
        assert_eq!(m[0].period, "2022年1至11月");
    }

    #[test]
    fn offsets_address_the_document() {
        let doc =
            crate::text::normalize::normalize("一、概况\n完成造林12万公顷、森林抚育40万公顷。");
        let split = split_sentences(&doc, MAX_SENTENCE_CHARS);
        let chars: Vec<char> = doc.chars().collect();
        let ms: Vec<Metric> = split
            .sentences
            .iter()
            .flat_map(|s| crate::nlp::resources::extract_metrics(test_resources(), &doc, s))
            .collect();
        assert_eq!(ms.len(), 2);
        for m in ms {
            assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
        }
    }

    #[test]
    fn malformed_units_file_names_the_line() {
        let src = DictSource {
            name: "u.csv".into(),
            path: None,
            text: "unit,dimension,factor,unit_std\n公顷,area,1,公顷\n亩,area,zero,公顷\n".into(),
        };
        let err = Units::parse(&src).unwrap_err().to_string();
        assert!(
            err.starts_with("u.csv:3:") && err.contains("factor `zero`"),
            "{err}"
        );
    }
}

#[cfg(test)]
mod number_forms {
    //! One test per written number form (issue 15), each with the exact expected row.
    use super::*;

    /// (value, value_high, unit, value_std, value_std_high, qualifier, text)
    type Row = (
        String,
        String,
        String,
        f64,
        Option<f64>,
        &'static str,
        String,
    );

    fn one(text: &str) -> Row {
        let m = metrics_of(text);
        assert_eq!(m.len(), 1, "{text}: {m:#?}");
        let m = &m[0];
        (
            m.value.clone(),
            m.value_high.clone(),
            m.unit.clone(),
            m.value_std,
            m.value_std_high,
            m.qualifier,
            m.text.clone(),
        )
    }

    fn row(v: &str, h: &str, u: &str, s: f64, sh: Option<f64>, q: &'static str, t: &str) -> Row {
        (v.into(), h.into(), u.into(), s, sh, q, t.into())
    }

    #[test]
    fn thousands_separators() {
        let r = row("1234.5", "", "万吨", 12_345_000.0, None, "", "1,234.5万吨");
        assert_eq!(one("产量为1,234.5万吨。"), r);
        let r = row("1234567", "", "吨", 1_234_567.0, None, "", "1,234,567吨");
        assert_eq!(one("产量为1,234,567吨。"), r);
        let r = row("1234", "", "吨", 1234.0, None, "", "1,234吨");
        assert_eq!(one("产量为1，234吨。"), r);
        // full-width digits and comma, as in the 1980 report
        let r = row("1120", "", "亿元", 1.12e11, None, "", "1,120亿元");
        assert_eq!(one("用于积累的部分为１，１２０亿元。"), r);
    }

    #[test]
    fn signs() {
        assert_eq!(
            one("增速为-3.5%。"),
            row("-3.5", "", "%", -3.5, None, "", "-3.5%")
        );
        assert_eq!(
            one("增速为−3.5%。"),
            row("-3.5", "", "%", -3.5, None, "", "−3.5%")
        );
        assert_eq!(
            one("库存变化+5吨。"),
            row("5", "", "吨", 5.0, None, "", "+5吨")
        );
    }

    #[test]
    fn ranges_are_one_row() {
        let pct = |t: &str, text: &str, lo: f64, hi: f64| {
            assert_eq!(
                one(t),
                row(
                    &lo.to_string(),
                    &hi.to_string(),
                    "%",
                    lo,
                    Some(hi),
                    "",
                    text
                )
            );
        };
        pct("增长5～8%。", "5~8%", 5.0, 8.0);
        pct("增长5-8%。", "5-8%", 5.0, 8.0);
        pct("增长10%-20%。", "10%-20%", 10.0, 20.0);
        pct("地区生产总值增长5%—5.5%。", "5%—5.5%", 5.0, 5.5);
        let r = row("5", "8", "万吨", 50_000.0, Some(80_000.0), "", "5至8万吨");
        assert_eq!(one("产量5至8万吨。"), r);
        let r = row("700", "800", "万吨", 7e6, Some(8e6), "", "700万到800万吨");
        assert_eq!(one("节约标准煤７００万到８００万吨。"), r);
    }

    #[test]
    fn fractions_and_per_mille() {
        let m = metrics_of("约占全国1/10。");
        assert_eq!(
            (
                m[0].value.as_str(),
                m[0].value_std,
                m[0].qualifier,
                m[0].dimension.as_str()
            ),
            ("1/10", 0.1, "approx", "ratio")
        );
        let r = row("1/3", "", "", 0.3333333333, None, "at_least", "1/3以上");
        assert_eq!(one("比上年减少1/3以上。"), r);
        assert_eq!(
            one("自然增长率为3.5‰。"),
            row("3.5", "", "‰", 0.35, None, "", "3.5‰")
        );
        assert!(metrics_of("香港1994/1995年选举。").is_empty());
    }

    #[test]
    fn too_long_numbers_are_rejected() {
        let long = "9".repeat(500);
        assert!(metrics_of(&format!("共计{long}吨。")).is_empty());
        let m = metrics_of("共计123456789012345吨。");
        assert!(m[0].value_std.is_finite());
    }

    #[test]
    fn approximation_particles_between_number_and_unit() {
        let r = row("200", "", "万吨", 2e6, None, "at_least", "200多万吨");
        assert_eq!(one("短线钢材２００多万吨。"), r);
        let r = row("100", "", "个", 100.0, None, "at_least", "100多个");
        assert_eq!(one("在１００多个国家和地区展开。"), r);
        let r = row("3", "", "万处", 30_000.0, None, "at_least", "3万余处");
        assert_eq!(one("整治3万余处。"), r);
    }

    #[test]
    fn ranks_deadlines_and_titles() {
        assert!(metrics_of("进入全国前30名,居第4位。").is_empty());
        let m = metrics_of("2022年底前完成26个问题整改。");
        assert_eq!(
            (m[0].period.as_str(), m[0].deadline.as_str()),
            ("", "2022年底前")
        );
        let m = metrics_of("到2025年底,建成污水管网100公里。");
        assert_eq!(
            (m[0].deadline.as_str(), m[0].kind),
            ("到2025年底", "target")
        );
        let m = metrics_of("印发《关于再提升4个方面的意见》等4个文件。");
        assert_eq!((m.len(), m[0].direction), (1, ""));
    }

    #[test]
    fn shared_unit_lists() {
        let m = metrics_of(
            "农村卫生户厕覆盖率、污水治理率、生活垃圾处理设施覆盖率分别提高20.9、36.2、54个百分点。",
        );
        let got: Vec<(&str, &str, &str)> = m
            .iter()
            .map(|m| (m.indicator.as_str(), m.value.as_str(), m.unit.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("农村卫生户厕覆盖率", "20.9", "个百分点"),
                ("污水治理率", "36.2", "个百分点"),
                ("生活垃圾处理设施覆盖率", "54", "个百分点")
            ]
        );
    }
}

/// Issue 15, round 2: one test per rule, each with the full expected rows.
#[cfg(test)]
mod round_two {
    use super::*;

    /// (indicator, value, unit, kind, direction, qualifier, period, deadline)
    type Row = (
        String,
        String,
        String,
        &'static str,
        &'static str,
        &'static str,
        String,
        String,
    );

    fn rows(text: &str) -> Vec<Row> {
        metrics_of(text)
            .into_iter()
            .map(|m| {
                let (kind, dir, q) = (m.kind, m.direction, m.qualifier);
                (
                    m.indicator,
                    m.value,
                    m.unit,
                    kind,
                    dir,
                    q,
                    m.period,
                    m.deadline,
                )
            })
            .collect()
    }

    fn r(
        ind: &str,
        v: &str,
        u: &str,
        (kind, dir, q): (&'static str, &'static str, &'static str),
        period: &str,
        deadline: &str,
    ) -> Row {
        let s = |x: &str| x.to_owned();
        (s(ind), s(v), s(u), kind, dir, q, s(period), s(deadline))
    }

    #[test]
    fn leading_time_and_plan_words_are_stripped() {
        assert_eq!(
            rows("今年力争粮食总产量达到5000亿公斤。"),
            [r(
                "粮食总产量",
                "5000",
                "亿公斤",
                ("target", "", ""),
                "今年",
                ""
            )]
        );
        assert_eq!(
            rows("预计全社会研发投入增长4.9%。"),
            [r(
                "全社会研发投入",
                "4.9",
                "%",
                ("target", "up", ""),
                "",
                ""
            )]
        );
    }

    #[test]
    fn leading_verbs_are_stripped() {
        assert_eq!(
            rows("活动惠及消费者750万人次。"),
            [r("消费者", "750", "万人次", ("count", "", ""), "", "")]
        );
        assert_eq!(
            rows("吸收外商直接投资87.8亿美元。"),
            [r(
                "外商直接投资",
                "87.8",
                "亿美元",
                ("level", "", ""),
                "",
                ""
            )]
        );
    }

    #[test]
    fn a_plan_word_covers_every_figure_of_its_clause() {
        assert_eq!(
            rows("预计地区生产总值增长5%、财政收入增长3%。"),
            [
                r("地区生产总值", "5", "%", ("target", "up", ""), "", ""),
                r("财政收入", "3", "%", ("target", "up", ""), "", "")
            ]
        );
    }

    #[test]
    fn verbs_and_adverbs_after_the_subject_are_stripped() {
        assert_eq!(
            rows("长江流域水生生物完整性指数提升2个等级。"),
            [r(
                "长江流域水生生物完整性指数",
                "2",
                "个等级",
                ("change", "up", ""),
                "",
                ""
            )]
        );
        assert_eq!(
            rows("城镇居民人均可支配收入实际增长9%。"),
            [r(
                "城镇居民人均可支配收入",
                "9",
                "%",
                ("change", "up", ""),
                "",
                ""
            )]
        );
        assert_eq!(
            rows("国家外汇储备比年初增加1168亿美元。"),
            [r(
                "国家外汇储备",
                "1168",
                "亿美元",
                ("change", "up", ""),
                "",
                ""
            )]
        );
    }

    #[test]
    fn burden_cuts_and_yearly_growth_are_changes() {
        assert_eq!(
            rows("全年为企业减负超3300亿元。"),
            [r(
                "为企业减负",
                "3300",
                "亿元",
                ("change", "down", "at_least"),
                "全年",
                ""
            )]
        );
        assert_eq!(
            rows("工业总产值平均每年递增7.9%。"),
            [r("工业总产值", "7.9", "%", ("change", "up", ""), "", "")]
        );
    }

    #[test]
    fn anniversaries_are_not_quantities_and_pf_is_a_unit() {
        assert_eq!(
            rows("庆祝建党70周年,建成基地5个。"),
            [r("基地", "5", "个", ("count", "", ""), "", "")]
        );
        assert_eq!(
            rows("超算算力达228PF。"),
            [r("超算算力", "228", "PF", ("level", "", ""), "", "")]
        );
    }

    #[test]
    fn a_level_reached_in_a_year_is_not_a_deadline() {
        assert_eq!(
            rows("经费从1997年的509亿元增加到2002年的1161亿元。"),
            [
                r("经费", "509", "亿元", ("level", "", ""), "1997年", ""),
                r("经费", "1161", "亿元", ("level", "", ""), "2002年", "")
            ]
        );
    }

    #[test]
    fn the_noun_after_a_measure_word_drops_a_closing_verb() {
        assert_eq!(
            rows("完成100个农村养老服务设施建设。"),
            [r(
                "农村养老服务设施",
                "100",
                "个",
                ("count", "", ""),
                "",
                ""
            )]
        );
    }

    #[test]
    fn an_open_list_gives_its_head_unless_generic() {
        assert_eq!(
            rows("生产焊管等短线钢材200多万吨。"),
            [r(
                "短线钢材",
                "200",
                "万吨",
                ("level", "", "at_least"),
                "",
                ""
            )]
        );
        assert_eq!(
            rows("举办滇商大会等系列活动3届。"),
            [r("滇商大会", "3", "届", ("count", "", ""), "", "")]
        );
    }

    #[test]
    fn counts_take_the_object_of_their_verb() {
        assert_eq!(
            rows("区市县党政主要领导开展集中办公69场次。"),
            [r("集中办公", "69", "场次", ("count", "", ""), "", "")]
        );
        assert_eq!(
            rows("全区80个乡镇近3年实现增收。"),
            [r("乡镇", "80", "个", ("count", "", ""), "", "")]
        );
    }

    #[test]
    fn a_verb_waiting_for_its_object_takes_the_noun_after() {
        assert_eq!(
            rows("中央财政新增47亿元专项补助资金。"),
            [r("专项补助资金", "47", "亿元", ("level", "", ""), "", "")]
        );
    }

    #[test]
    fn a_direction_word_inside_a_name_is_no_change() {
        assert_eq!(
            rows("工业对经济增长贡献率35.1%。"),
            [r(
                "工业对经济增长贡献率",
                "35.1",
                "%",
                ("level", "", ""),
                "",
                ""
            )]
        );
        assert_eq!(
            rows("乡村建设品质提升行动完成投资310亿元。"),
            [r(
                "乡村建设品质提升行动完成投资",
                "310",
                "亿元",
                ("level", "", ""),
                "",
                ""
            )]
        );
    }

    #[test]
    fn a_change_verb_after_a_count_is_no_noun() {
        // both ends of a from/to pair are levels, also of counts (codebook; round 6)
        assert_eq!(
            rows("固定电话和移动电话用户由8354万户增加到4.21亿户。"),
            [
                r(
                    "固定电话和移动电话用户",
                    "8354",
                    "万户",
                    ("level", "", ""),
                    "",
                    ""
                ),
                r(
                    "固定电话和移动电话用户",
                    "4.21",
                    "亿户",
                    ("level", "", ""),
                    "",
                    ""
                )
            ]
        );
    }

    #[test]
    fn a_clause_naming_nothing_takes_the_subject_of_the_clause_before() {
        let m = rows("明年计划轻工业产值的比重,由今年预计的44%提高到45%。");
        assert_eq!(
            m,
            [
                r(
                    "轻工业产值的比重",
                    "44",
                    "%",
                    ("target", "", ""),
                    "今年",
                    ""
                ),
                // a target reached by a change keeps its direction (gold: `降到30%左右`)
                r(
                    "轻工业产值的比重",
                    "45",
                    "%",
                    ("target", "up", ""),
                    "今年",
                    ""
                )
            ]
        );
    }
}

/// Issue 15, round 3: the subject and predicate read from the jieba tokens; one test per rule.
#[cfg(test)]
mod round_three {
    use super::*;

    /// (indicator, value, unit, kind, direction, period)
    fn rows(text: &str) -> Vec<(String, String, String, &'static str, &'static str, String)> {
        metrics_of(text)
            .into_iter()
            .map(|m| (m.indicator, m.value, m.unit, m.kind, m.direction, m.period))
            .collect()
    }

    fn r(
        ind: &str,
        v: &str,
        u: &str,
        kind: &'static str,
        dir: &'static str,
        period: &str,
    ) -> (String, String, String, &'static str, &'static str, String) {
        (ind.into(), v.into(), u.into(), kind, dir, period.into())
    }

    #[test]
    fn a_verb_closed_by_a_complement_is_the_predicate() {
        assert_eq!(
            rows("产业集群增至10个。"),
            [r("产业集群", "10", "个", "count", "", "")]
        );
        assert_eq!(
            rows("粮食产量稳定在430亿斤以上。"),
            [r("粮食产量", "430", "亿斤", "level", "", "")]
        );
        assert_eq!(
            rows("全省行政机关败诉率降至3.39%。"),
            [r("行政机关败诉率", "3.39", "%", "level", "", "")]
        );
    }

    #[test]
    fn modals_and_time_words_stand_between_subject_and_predicate() {
        assert_eq!(
            rows("全国人口2000年要控制在13亿以内。"),
            [r("全国人口", "13", "亿", "target", "", "2000年")]
        );
    }

    #[test]
    fn the_object_marker_opens_the_subject() {
        assert_eq!(
            rows("将免费孕前优生健康检查试点范围扩大到60%。"),
            [r(
                "免费孕前优生健康检查试点范围",
                "60",
                "%",
                "level",
                "",
                ""
            )]
        );
    }

    #[test]
    fn a_modal_before_a_verb_or_this_year_and_a_verb_is_a_plan() {
        assert_eq!(
            rows("中央财政将安排2762亿元。"),
            [r("中央财政", "2762", "亿元", "target", "", "")]
        );
        assert_eq!(
            rows("今年建成高铁里程3400公里以上。"),
            [r("高铁里程", "3400", "公里", "target", "", "今年")]
        );
        // the modal of an earlier clause governs the clauses after it
        let m = rows("今年拟安排财政赤字1.2万亿元，其中中央财政赤字8500亿元。");
        assert_eq!((m[1].0.as_str(), m[1].3), ("中央财政赤字", "target"));
    }

    #[test]
    fn respective_figures_take_the_indicators_before_them() {
        let m =
            rows("来华旅游入境总人数达到2690万人次，创汇18.4亿美元，分别为1982年的3.4倍和2.2倍。");
        let got: Vec<(&str, &str)> = m.iter().map(|m| (m.0.as_str(), m.1.as_str())).collect();
        assert_eq!(
            got,
            [
                ("来华旅游入境总人数", "2690"),
                ("创汇", "18.4"),
                ("来华旅游入境总人数", "3.4"),
                ("创汇", "2.2")
            ]
        );
    }

    #[test]
    fn a_leading_baseline_is_no_subject() {
        assert_eq!(
            rows("1979年比上年产值增长14.9%。"),
            [r("产值", "14.9", "%", "change", "up", "1979年")]
        );
        assert_eq!(
            rows("中央财政赤字3000亿元，比上年预算减少198亿元。"),
            [
                r("中央财政赤字", "3000", "亿元", "level", "", ""),
                r("中央财政赤字", "198", "亿元", "change", "down", "")
            ]
        );
    }

    #[test]
    fn a_causative_verb_opens_the_subject() {
        assert_eq!(
            rows("五年内使化肥生产能力提高20%。"),
            // `N年内使…`: a plan with its deadline (the codebook's 五年内), so a target
            [r("化肥生产能力", "20", "%", "target", "up", "")]
        );
    }

    #[test]
    fn counts_of_things_take_the_object_of_their_verbs() {
        assert_eq!(
            rows("开行中欧中亚班列721列。"),
            [r("中欧中亚班列", "721", "列", "count", "", "")]
        );
        assert_eq!(
            rows("修订或废止政策文件72份。"),
            [r("政策文件", "72", "份", "count", "", "")]
        );
        // people: the verb before them describes them
        assert_eq!(
            rows("其中外出农民工1.59亿人。"),
            [r("外出农民工", "1.59", "亿人", "count", "", "")]
        );
    }

    #[test]
    fn a_time_word_before_the_subject_is_dropped() {
        assert_eq!(
            rows("年底国家外汇储备达4033亿美元。"),
            [r("国家外汇储备", "4033", "亿美元", "level", "", "年底")]
        );
    }

    #[test]
    fn a_share_is_of_its_subject_not_of_the_whole() {
        assert_eq!(
            rows("水利支出为1200元，占本年支出总数的12.5%。"),
            [
                r("水利支出", "1200", "元", "level", "", ""),
                r("水利支出", "12.5", "%", "level", "", "")
            ]
        );
        assert_eq!(
            rows("其中，铁路、公路、水运投资占41%。"),
            [r("铁路、公路、水运投资", "41", "%", "level", "", "")]
        );
    }

    #[test]
    fn a_predicate_after_a_modal_or_a_scope_adverb_is_cut() {
        assert_eq!(rows("全省养老床位将增设3万张。")[0].0, "养老床位");
        assert_eq!(
            rows("外贸出口、实际利用外资均保持8%以上增长。"),
            [r("外贸出口、实际利用外资", "8", "%", "change", "up", "")]
        );
    }

    #[test]
    fn the_noun_after_a_measure_word_ends_at_its_predicate() {
        assert_eq!(rows("力争50个以上项目纳入省级重点项目名单。")[0].0, "项目");
        // `从A个扩大到B个`: both figures count the subject
        let got = rows("省级示范园区从12个拓展到30个。");
        assert_eq!(got[0].0, "省级示范园区");
        assert_eq!(got[1].0, "省级示范园区");
    }

    #[test]
    fn a_year_that_dates_a_noun_is_no_period() {
        assert_eq!(rows("对2019年的受灾县，发放救灾款2亿元。")[0].5, "");
        // `是1990年的2倍`: the baseline's year
        assert_eq!(rows("2000年钢产量1亿吨，是1990年的2倍。")[1].5, "2000年");
    }

    #[test]
    fn this_years_budget_arrangement_is_a_target() {
        assert_eq!(rows("今年中央财政安排科技支出800亿元。")[0].3, "target");
    }

    #[test]
    fn a_baseline_with_its_period_leaves_nothing_behind() {
        // `比上年同期`, `比上年末`: the change refers to the figure before it.
        assert_eq!(
            rows("全省工业产值1000亿元，比上年同期增长12%。")[1],
            r("工业产值", "12", "%", "change", "up", "")
        );
        assert_eq!(
            rows("城镇新增就业50万人，比上年末增加3万人。")[1].0,
            "城镇新增就业"
        );
    }

    #[test]
    fn plan_verbs_before_their_object_are_no_indicator() {
        assert_eq!(
            indicators_of("今年新建高标准农田1000万亩。"),
            ["高标准农田"]
        );
        assert_eq!(indicators_of("改建农村公路20万公里。"), ["农村公路"]);
        assert_eq!(
            indicators_of("拟安排中央预算内水利投资700多亿元。"),
            ["中央预算内水利投资"]
        );
        assert_eq!(indicators_of("新打造省级特色酒庄5个。"), ["省级特色酒庄"]);
        // the object of 发行 follows the amount
        assert_eq!(
            indicators_of("继续发行1500亿元长期建设国债。"),
            ["长期建设国债"]
        );
        // coordinated verbs stay with their object; 新建成 is one verb
        assert_eq!(
            indicators_of("新建扩建污水处理厂14座。"),
            ["新建扩建污水处理厂"]
        );
        assert_eq!(indicators_of("新建成省级绿色矿山36家。"), ["省级绿色矿山"]);
        // a modal, an adverb or a per-head marker before the predicate is no part of it
        assert_eq!(
            indicators_of("农村学生上重点高校人数要再增长10%以上。"),
            ["农村学生上重点高校人数"]
        );
        assert_eq!(
            indicators_of("财政补助标准提高到人均320元。"),
            ["财政补助标准"]
        );
    }

    #[test]
    fn a_capacity_in_a_project_names_its_product() {
        assert_eq!(
            indicators_of("推动吉林梅花60万吨赖氨酸等项目释放产能。"),
            ["赖氨酸"]
        );
        assert_eq!(
            indicators_of("释放吉化120万吨乙烯转型升级项目新装置产能。"),
            ["乙烯"]
        );
        // no project named: the phrase before the figure
        assert_eq!(indicators_of("全省粮食产量达到900亿斤。"), ["粮食产量"]);
    }

    #[test]
    fn the_counted_noun_ends_before_what_it_owns() {
        assert_eq!(
            indicators_of("解决6000万农村人口的饮水安全问题。"),
            ["农村人口"]
        );
        // a relative clause before 的 stays: it is part of the noun phrase
        assert_eq!(
            indicators_of("全省有44座满负荷或严重超负荷运行的污水处理厂。"),
            ["满负荷或严重超负荷运行的污水处理厂"]
        );
        // an adjective and a verb closing the clause are what is said of the counted noun
        assert_eq!(
            indicators_of("推动长白山、三江、吉光3个省实验室高效运营。"),
            ["省实验室"]
        );
        // 等 opening a word closes no list
        assert_eq!(
            indicators_of("新增四星级饭店30家、等级民宿100家。")[1],
            "等级民宿"
        );
    }

    #[test]
    fn plans_past_an_adverb_and_the_time_ahead_are_targets() {
        let kd = |t: &str| rows(t).into_iter().map(|r| (r.3, r.4)).collect::<Vec<_>>();
        assert_eq!(
            kd("今年再减少农村贫困人口1000万人以上。"),
            [("target", "down")]
        );
        assert_eq!(
            kd("农村学生上重点高校人数要再增长10%以上。"),
            [("target", "up")]
        );
        assert_eq!(kd("今年启动1亿亩试点。"), [("target", "")]);
        assert_eq!(
            kd("今后一个时期，促进约1亿农业转移人口落户城镇。"),
            [("target", "")]
        );
        // a report of the past keeps its kind
        assert_eq!(kd("农村贫困人口减少1000万人以上。"), [("change", "down")]);
    }

    #[test]
    fn verbs_opening_a_count_govern_the_whole_list_after_them() {
        assert_eq!(
            indicators_of("新培育独角兽、小巨人、单项冠军企业300家以上。"),
            ["独角兽、小巨人、单项冠军企业"]
        );
    }

    #[test]
    fn a_qualifier_written_once_after_a_respective_list_applies_to_all() {
        let quals = |t: &str| {
            let res = test_resources();
            let doc = crate::text::normalize::normalize(t);
            let split = crate::text::sentences::split_sentences(&doc, 1000);
            crate::nlp::resources::extract_metrics(res, &doc, &split.sentences[0])
                .into_iter()
                .map(|m| m.qualifier)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            quals("省外游客、入境过夜游客分别增长10%、35%以上。"),
            ["at_least", "at_least"]
        );
        // without 分别 each figure keeps its own
        assert_eq!(quals("增长10%、35%以上。"), ["", "at_least"]);
    }

    #[test]
    fn phasing_out_is_a_planned_reduction() {
        let kd = |t: &str| rows(t).into_iter().map(|r| (r.3, r.4)).collect::<Vec<_>>();
        assert_eq!(kd("今年要淘汰钢铁2700万吨。"), [("target", "down")]);
        // reported, it stays a level
        assert_eq!(kd("淘汰钢铁落后产能2700万吨。"), [("level", "")]);
    }

    #[test]
    fn verbs_of_naming_giving_and_proposing_open_no_indicator() {
        assert_eq!(
            indicators_of("新当选中国工程院院士2人。"),
            ["中国工程院院士"]
        );
        assert_eq!(indicators_of("提出意见建议2979件。"), ["意见建议"]);
        assert_eq!(
            indicators_of("提前一年实现农村中小学生人均公用经费500元的目标。"),
            ["农村中小学生人均公用经费"]
        );
        assert_eq!(
            indicators_of("继续实施退耕还林还草500万亩。"),
            ["退耕还林还草"]
        );
        // a name stays whole
        assert_eq!(indicators_of("继续教育学员1200人。"), ["继续教育学员"]);
    }

    #[test]
    fn predicates_closing_a_count_are_no_part_of_it() {
        assert_eq!(indicators_of("243个重点项目建成投产。"), ["重点项目"]);
        assert_eq!(
            indicators_of("7家国家区域医疗中心基本建成。"),
            ["国家区域医疗中心"]
        );
        assert_eq!(
            indicators_of("病险水库除险加固工程开工6183座。"),
            ["病险水库除险加固工程"]
        );
        // a time word is no thing counted
        assert_eq!(indicators_of("本年开始建设的有271个。").len(), 1);
        assert_ne!(indicators_of("本年开始建设的有271个。"), ["本年"]);
    }

    #[test]
    fn a_target_stated_for_its_subject_names_the_subject() {
        assert_eq!(
            indicators_of("今年经济增长预期目标定为7.5%左右。"),
            ["经济增长"]
        );
        assert_eq!(
            indicators_of("进出口总额预期增长7.5%左右。"),
            ["进出口总额"]
        );
        // a comparison with the expectation stays
        assert!(indicators_of("有6项指标不及预期。")[0].ends_with("不及预期"));
    }

    #[test]
    fn funds_arranged_by_a_finance_are_its_funds() {
        assert_eq!(
            indicators_of("中央财政预算安排再就业补助资金83亿元。"),
            ["中央财政再就业补助资金"]
        );
        assert_eq!(indicators_of("专门安排财政资金75亿元。"), ["财政资金"]);
    }

    #[test]
    fn a_change_verb_before_its_object_is_no_indicator() {
        assert_eq!(indicators_of("降低利息负担约2000亿元。"), ["利息负担"]);
        assert_eq!(indicators_of("提升高标准农田70万亩。"), ["高标准农田"]);
    }

    #[test]
    fn an_indicator_starts_at_a_word_boundary() {
        // a stripped verb cut a content word: back to the word's start
        assert_eq!(
            indicators_of("生产资料的生产在工业总产值中所占的比重为46%。"),
            ["生产资料的生产在工业总产值中所占的比重"]
        );
        assert_eq!(indicators_of("全省完成并购重组397起。"), ["并购重组"]);
        // the second verb of a verb pair whose first was stripped: past it
        assert_eq!(
            indicators_of("计划建成投产大中型项目128个。"),
            ["大中型项目"]
        );
        // a verb glued to its object by the segmenter stays stripped
        assert_eq!(indicators_of("推进设备更新项目117个。"), ["设备更新项目"]);
        // the locative closing a span of time is no part of it (D19)
        assert_eq!(
            indicators_of("五年内全国本专科毕业生达到1300万人。"),
            ["全国本专科毕业生"]
        );
        // a noun glued to a figure is no cut
        assert_eq!(indicators_of("试点已扩大到28个省。"), ["省"]);
    }

    #[test]
    fn verbs_closing_the_subject_and_modals_before_it_are_no_indicator() {
        assert_eq!(indicators_of("中欧班列开行924列。"), ["中欧班列"]);
        assert_eq!(indicators_of("全国公路共修建8,138公里。"), ["全国公路"]);
        assert_eq!(
            indicators_of("社会消费品零售总额实现4.6万亿元。"),
            ["社会消费品零售总额"]
        );
        assert_eq!(
            indicators_of("拟发行长期建设国债600亿元。"),
            ["长期建设国债"]
        );
        // 精简 is a reduction
        assert_eq!(
            rows("部门内设机构精简25%。"),
            [r("部门内设机构", "25", "%", "change", "down", "")]
        );
    }

    #[test]
    fn an_amount_in_chinese_numerals_ends_the_indicator_it_follows() {
        // the amount itself is a row too (hanzi.rs), and the change refers to it
        assert_eq!(
            indicators_of("全年社会商品零售总额九千零五十亿元，比上年增长9.6%。"),
            ["社会商品零售总额", "社会商品零售总额"]
        );
        // a name with numerals is no amount
        assert_eq!(
            indicators_of("“十四五”时期利润总额增长2.2倍。"),
            ["“十四五”时期利润总额"]
        );
    }

    #[test]
    fn value_added_is_a_noun_not_a_change() {
        assert_eq!(
            rows("数字经济核心产业增加值超过6000亿元。"),
            [r("数字经济核心产业增加值", "6000", "亿元", "level", "", "")]
        );
        assert_eq!(
            rows("工业增加值增长5.5%。"),
            [r("工业增加值", "5.5", "%", "change", "up", "")]
        );
    }

    #[test]
    fn both_ends_of_a_from_to_pair_of_counts_are_levels() {
        let kinds = |t: &str| rows(t).into_iter().map(|r| (r.3, r.4)).collect::<Vec<_>>();
        assert_eq!(
            kinds("省属一级企业由66户整合至12户。"),
            [("level", ""), ("level", "")]
        );
        assert_eq!(kinds("新增企业12户。"), [("count", "")]);
    }

    #[test]
    fn a_verb_waiting_for_its_object_names_it_also_in_a_target() {
        assert_eq!(
            indicators_of("拟安排中央财政赤字7500亿元，同时国务院同意地方发行2000亿元债券。"),
            ["中央财政赤字", "债券"]
        );
    }

    #[test]
    fn a_bare_wan_yi_is_one_multiplier() {
        let got = rows("地区生产总值迈上5万亿台阶。");
        assert_eq!(got, [r("地区生产总值", "5", "万亿", "level", "", "")]);
        // 生产 before a bare measure head is part of its name
        let got = rows("全市生产总值达到5.67万亿元。");
        assert_eq!(got, [r("生产总值", "5.67", "万亿元", "level", "", "")]);
    }

    #[test]
    fn a_leading_span_of_months_is_no_indicator() {
        assert_eq!(
            indicators_of("1——5月份铁道货运量计划完成105%。"),
            ["铁道货运量计划"]
        );
        assert_eq!(
            indicators_of("1-11月规上工业增加值增长6%。"),
            ["规上工业增加值"]
        );
    }

    #[test]
    fn verbs_and_adverbs_of_the_clause_are_no_part_of_the_indicator() {
        // a verb of funds, of building or of change opening the clause
        assert_eq!(
            indicators_of("释放失业保险稳岗惠企政策红利39.9亿元。"),
            ["失业保险稳岗惠企政策红利"]
        );
        assert_eq!(
            indicators_of("建设现代农事综合服务中心20个。"),
            ["现代农事综合服务中心"]
        );
        assert_eq!(indicators_of("增加深松土地1333万公顷。"), ["深松土地"]);
        // 建设 in a name stays, and 增加值 is no verb
        assert_eq!(indicators_of("建设用地供应1.2万亩。"), ["建设用地供应"]);
        // the adverb of total 共 and the distributive 各
        assert_eq!(
            indicators_of("1955年地方财政共收入74亿元。"),
            ["地方财政收入"]
        );
        assert_eq!(
            indicators_of("新建省重点实验室、省技术创新中心各20家。"),
            ["省重点实验室、省技术创新中心"]
        );
        assert_eq!(
            indicators_of("全国共完成技术改造投资2.66万亿元。"),
            ["技术改造投资"]
        );
        // 公共 keeps its 共
        assert_eq!(
            indicators_of("一般公共预算收入增长3%。"),
            ["一般公共预算收入"]
        );
        // the purpose a fund is raised for, not the bare verb 筹措
        assert_eq!(
            indicators_of("筹措310.33亿元实施健康惠民工程。"),
            ["健康惠民工程"]
        );
    }

    #[test]
    fn a_generic_head_takes_the_owner_of_the_figure_before() {
        assert_eq!(
            indicators_of("推动林下经济面积达260万亩、产值达130亿元。"),
            ["林下经济面积", "林下经济产值"]
        );
        assert_eq!(
            indicators_of("粮食播种面积1584.6万亩、总产量132.4亿斤。"),
            ["粮食播种面积", "粮食总产量"]
        );
        // an owner that is itself a measure names none
        assert_eq!(
            indicators_of("装机规模增长38%，利用率达94.5%。"),
            ["装机规模", "利用率"]
        );
    }

    #[test]
    fn a_share_names_what_it_is_the_share_of() {
        // the noun after a share written before it
        assert_eq!(
            indicators_of("我国以占世界7%的耕地，养育着众多人口。"),
            ["耕地"]
        );
        assert_eq!(
            indicators_of("拥有占全世界95%以上核武器的两国。"),
            ["核武器"]
        );
        // X占Y: X, also when X stands in the clause before
        assert_eq!(
            indicators_of("1955年国家决算用于经济建设方面的支出，共占本年支出的46.89%。"),
            ["国家决算用于经济建设方面的支出"]
        );
        assert_eq!(
            indicators_of("新能源装机1.69亿千瓦、占全疆装机64%。"),
            ["新能源装机", "新能源装机"]
        );
    }

    #[test]
    fn a_modal_or_object_marker_opening_a_plan_is_no_part_of_the_indicator() {
        assert_eq!(indicators_of("本年将发放农业贷款22亿元。"), ["农业贷款"]);
        assert_eq!(
            indicators_of("今年要把新农合和城镇居民医保财政补助标准提高到200元。"),
            ["新农合和城镇居民医保财政补助标准"]
        );
        // 要素 is a word
        assert_eq!(indicators_of("要素市场交易额增长5%。"), ["要素市场交易额"]);
    }

    #[test]
    fn a_bare_measure_in_a_list_shares_the_owner_of_the_first() {
        assert_eq!(
            indicators_of("生产安全事故起数、死亡人数分别下降9.5%、7.1%。"),
            ["生产安全事故起数", "生产安全事故死亡人数"]
        );
    }
}

#[cfg(test)]
mod round_nine {
    use super::*;

    #[test]
    fn xinzeng_and_the_adverb_xin_leave_a_count() {
        assert_eq!(
            indicators_of("北部湾港新增外贸泊位20个。"),
            ["北部湾港外贸泊位"]
        );
        assert_eq!(
            indicators_of("新退出政府融资平台346家。"),
            ["退出政府融资平台"]
        );
        // flows that 新增 defines, and a noun opening with 新, keep it
        assert_eq!(
            indicators_of("五年全国新增城镇就业5100万人。"),
            ["全国新增城镇就业"]
        );
        assert_eq!(
            indicators_of("累计建成新就业群体友好阵地7000个以上。"),
            ["新就业群体友好阵地"]
        );
    }

    #[test]
    fn a_count_before_completed_investment_counts_the_projects() {
        assert_eq!(
            indicators_of("810个省重点项目完成投资10428.6亿元。"),
            ["省重点项目", "省重点项目完成投资"]
        );
    }

    #[test]
    fn a_verb_or_fragment_falls_back_to_the_noun_after_the_figure() {
        assert_eq!(
            indicators_of("经过30多年改革开放，我国发展建立了良好的物质基础。")[0],
            "改革开放"
        );
        assert_eq!(
            indicators_of("完成了长达3500多公里的长江干堤和近千公里的黄河堤防加固工程。")[0],
            "长江干堤"
        );
        assert_eq!(
            indicators_of("设立100亿元南疆发展专项资金。"),
            ["南疆发展专项资金"]
        );
        // a count of people counts the people; a compound is not cut at its verb
        assert_ne!(
            indicators_of("涉及10.5万人的保交房任务全部完成。"),
            ["保交房任务全部"]
        );
        assert_ne!(
            indicators_of("巩固提升80万亩蔬菜应急保供基地。"),
            ["蔬菜应急"]
        );
    }

    #[test]
    fn the_noun_after_a_measure_word_ends_at_a_word_boundary() {
        assert_eq!(indicators_of("实现822所普通高中全覆盖。"), ["普通高中"]);
        assert_eq!(
            indicators_of("抓好赛得利纤维等3500多个拟竣工投产项目。"),
            ["拟竣工投产项目"]
        );
        // no run past a mistagged noun (举措/v) into its predicate
        assert_eq!(
            indicators_of("优化工商业电价机制12条举措加快落地。"),
            ["举措"]
        );
    }

    #[test]
    fn the_object_of_ba_is_the_indicator_and_caijian_a_reduction() {
        let doc = "我们就主动地、果断地把军队裁减了100万人。";
        let m = &metrics_of(doc)[0];
        assert_eq!(
            (&*m.indicator, m.kind, m.direction),
            ("军队", "change", "down")
        );
        assert_eq!(
            indicators_of("为了实现在本世纪末把我国人口控制在12亿左右的目标。"),
            ["我国人口"]
        );
    }

    #[test]
    fn a_share_of_a_plan_named_before_is_no_plan_figure() {
        let ms = metrics_of("有几项产品没有完成计划：钢完成96.4%，原油完成99.6%。");
        assert!(ms.iter().all(|m| m.plan_direction.is_none()), "{ms:?}");
        // no plan named: a planned share of work in a plan section stays a plan figure
        let ms = metrics_of("政务信息系统、业务专网整合分别完成25%、50%。");
        assert!(ms.iter().all(|m| m.plan_direction.is_some()), "{ms:?}");
    }

    #[test]
    fn ren_opening_a_noun_of_people_is_no_unit() {
        let ms = metrics_of("凝聚13亿人民的智慧和力量。");
        assert_eq!((&*ms[0].unit, &*ms[0].indicator), ("亿", "人民"));
        let ms = metrics_of("覆盖农村5亿人口。");
        assert_eq!((&*ms[0].unit, &*ms[0].indicator), ("亿", "人口"));
        // 人 as a measure word stays
        assert_eq!(metrics_of("城镇新增就业60万人。")[0].unit, "万人");
    }
}
