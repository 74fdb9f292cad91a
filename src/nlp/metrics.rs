//! Metric extraction: every quantity in a sentence as indicator, value, unit, kind,
//! direction, qualifier and period.
//!
//! Works on the characters of one normalized sentence (jieba splits numbers and units
//! unpredictably). Units come from `dictionaries/units.csv`; a `万`/`亿` in front of a known
//! unit folds into the factor. Offsets are char offsets into the normalized document.

use anyhow::{Result, bail};
use rustc_hash::FxHashMap;

use crate::dict::DictSource;
use crate::text::sentences::Sentence;

/// The dimensions a unit may have.
pub const DIMENSIONS: [&str; 12] = [
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

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub unit: String,
    pub dimension: String,
    pub factor: f64,
    pub unit_std: String,
}

/// The unit table, matched longest-first at the position after a number.
#[derive(Debug, Default)]
pub struct Units {
    by_text: FxHashMap<String, Unit>,
    max_chars: usize,
    pub entries: usize,
    pub warnings: Vec<String>,
}

fn parse_factor(s: &str) -> Option<f64> {
    let f = match s.split_once('/') {
        Some((a, b)) => a.trim().parse::<f64>().ok()? / b.trim().parse::<f64>().ok()?,
        None => s.trim().parse::<f64>().ok()?,
    };
    (f.is_finite() && f > 0.0).then_some(f)
}

impl Units {
    pub fn parse(src: &DictSource) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(src.text.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
        if header != ["unit", "dimension", "factor", "unit_std"] {
            bail!(
                "{}:1: header is `{}`; expected `unit,dimension,factor,unit_std`",
                src.name,
                header.join(",")
            );
        }
        let mut units = Units::default();
        let mut lines: FxHashMap<String, u64> = FxHashMap::default();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                anyhow::anyhow!("{}:{line}: malformed CSV row: {e}", src.name)
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let row = record.iter().collect::<Vec<_>>().join(",");
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let (unit, dimension, factor, unit_std) = (field(0), field(1), field(2), field(3));
            if unit.is_empty() || unit_std.is_empty() {
                bail!(
                    "{}:{line}: `{row}`: unit and unit_std must not be empty",
                    src.name
                );
            }
            if !DIMENSIONS.contains(&dimension) {
                bail!(
                    "{}:{line}: `{row}`: dimension `{dimension}` must be one of {}",
                    src.name,
                    DIMENSIONS.join(", ")
                );
            }
            let Some(factor) = parse_factor(factor) else {
                bail!(
                    "{}:{line}: `{row}`: factor `{factor}` must be a positive number or a fraction like 1/15",
                    src.name
                );
            };
            if let Some(prev) = lines.insert(unit.to_owned(), line) {
                units.warnings.push(format!(
                    "{}:{line}: duplicate unit `{unit}` (first on line {prev}); the later one wins",
                    src.name
                ));
            }
            units.max_chars = units.max_chars.max(unit.chars().count());
            units.by_text.insert(
                unit.to_owned(),
                Unit {
                    unit: unit.to_owned(),
                    dimension: dimension.to_owned(),
                    factor,
                    unit_std: unit_std.to_owned(),
                },
            );
        }
        units.entries = units.by_text.len();
        if units.entries == 0 {
            bail!("{}: no units", src.name);
        }
        Ok(units)
    }

    /// Longest unit at the start of `chars`, folding a leading 万/亿 (and 余/多 after it)
    /// into the factor. Returns the unit, how many chars it spans, and whether 余/多 stood in it.
    fn match_at(&self, chars: &[char]) -> Option<(Unit, usize, bool)> {
        if let Some((u, n)) = self.longest(chars) {
            return Some((u.clone(), n, false));
        }
        let mult = match chars.first()? {
            '万' => 1e4,
            '亿' => 1e8,
            _ => return None,
        };
        let mut skip = 1;
        let fuzzy = matches!(chars.get(1), Some('余' | '多'));
        if fuzzy {
            skip = 2;
        }
        let (base, n) = self.longest(&chars[skip..])?;
        let prefix = chars[0].to_string();
        let text = format!("{prefix}{}", base.unit);
        let unit = match self.by_text.get(&text) {
            Some(u) => u.clone(),
            None => Unit {
                unit: text,
                dimension: base.dimension.clone(),
                factor: base.factor * mult,
                unit_std: base.unit_std.clone(),
            },
        };
        Some((unit, skip + n, fuzzy))
    }

    fn longest(&self, chars: &[char]) -> Option<(&Unit, usize)> {
        let mut buf = String::new();
        let mut best = None;
        for (i, c) in chars.iter().take(self.max_chars).enumerate() {
            buf.push(*c);
            if let Some(u) = self.by_text.get(&buf) {
                best = Some((u, i + 1));
            }
        }
        best
    }
}

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
    /// A by-when phrase of a target (`到2025年底`, `2022年底前`), apart from `period`.
    pub deadline: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

const STRONG_DELIMS: [char; 12] = [
    ',', '，', ';', '；', ':', '：', '。', '(', ')', '!', '?', '\n',
];
const LIST_DELIMS: [char; 2] = ['、', '/'];

const DOWN_WORDS: [&str; 9] = [
    "下降", "减少", "降低", "降至", "压减", "削减", "缩减", "下滑", "回落",
];
const UP_WORDS: [&str; 8] = [
    "提高", "增长", "上升", "增加", "提升", "增至", "升至", "上涨",
];
/// Direction words that give the level reached, not the size of the change.
const TO_WORDS: [&str; 10] = [
    "降至",
    "下降至",
    "下降到",
    "降到",
    "减少到",
    "减少至",
    "提高到",
    "提高至",
    "提升至",
    "增至",
];

/// Trailing words between an indicator and its number.
const LINK_SUFFIXES: [&str; 38] = [
    "分别达到",
    "分别为",
    "分别达",
    "分别",
    "均达到",
    "均为",
    "均达",
    "达到了",
    "达到",
    "下降至",
    "下降到",
    "降至",
    "提高到",
    "提高至",
    "提升至",
    "同比下降",
    "同比增长",
    "同比减少",
    "同比增加",
    "同比提高",
    "同比上升",
    "下降",
    "增长",
    "减少",
    "增加",
    "提高",
    "上升",
    "累计",
    "共计",
    "共",
    "已",
    "为",
    "达",
    "是",
    "占",
    "约",
    "近",
    "超",
];
/// Action verbs: a pre-number text that is only these names no indicator.
const ACTIONS: [&str; 30] = [
    "完成",
    "实施",
    "建成",
    "建成运行",
    "新建",
    "新建成",
    "推进",
    "组建",
    "形成",
    "召开",
    "开展",
    "累计",
    "共",
    "对",
    "将",
    "有",
    "已经完成",
    "已完成",
    "已",
    "其中",
    "排查",
    "整治",
    "处置",
    "处理",
    "安排",
    "投入",
    "新增",
    "建设",
    "创建",
    "打造",
];
const LEADING_NOISE: [&str; 10] = [
    "全省", "全区", "全市", "全国", "我省", "我区", "我市", "其中", "累计", "目前",
];

fn is_delim(c: char) -> bool {
    STRONG_DELIMS.contains(&c) || LIST_DELIMS.contains(&c)
}

fn strip_trailing<'a>(mut s: &'a str, words: &[&str]) -> &'a str {
    while let Some(last) = s.chars().next_back() {
        let stripped = words
            .iter()
            .filter(|w| w.ends_with(last))
            .find_map(|w| s.strip_suffix(w));
        match stripped {
            Some(rest) => s = rest,
            None => return s,
        }
    }
    s
}

/// Provincial-level units, whose names open report sentences (`辽宁省完成…`).
const PROVINCES: [&str; 34] = [
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
];

/// Byte length of a leading province name with its suffix (`辽宁省`, `广西壮族自治区`), or 0.
fn leading_province(s: &str) -> usize {
    let Some(name) = PROVINCES.iter().find(|p| s.starts_with(**p)) else {
        return 0;
    };
    let rest = &s[name.len()..];
    let suffix = [
        "壮族自治区",
        "回族自治区",
        "维吾尔自治区",
        "自治区",
        "省",
        "市",
    ]
    .iter()
    .find(|x| rest.starts_with(**x))
    .map_or(0, |x| x.len());
    name.len() + suffix
}

/// Drop a leading period (`2021年`, `2022年1至11月`), province name and scope words (`全省`).
fn strip_leading_noise(s: &str) -> &str {
    let mut s = s;
    loop {
        let before = s;
        s = &s[leading_province(s)..];
        if let Some((_, end)) = period_at_start(s) {
            s = &s[end..];
        }
        for w in LEADING_NOISE {
            if let Some(rest) = s.strip_prefix(w) {
                s = rest;
            }
        }
        s = s.trim_start_matches([',', ' ']);
        if s == before {
            return s;
        }
    }
}

/// `截至2022年12月底`, `2022年1至11月`, `2022年1-9月`, `2021年`: byte length of a period at the
/// start of `s`, if any, with its text.
fn period_at_start(s: &str) -> Option<(String, usize)> {
    let mut i = 0;
    let b = s.as_bytes();
    for prefix in ["截至", "截止到", "截止"] {
        if s.starts_with(prefix) {
            i = prefix.len();
            break;
        }
    }
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let y = digits(i);
    if y != 4 || !s[i + 4..].starts_with('年') {
        return None;
    }
    let mut end = i + 4 + '年'.len_utf8();
    let m = digits(end);
    if (1..=2).contains(&m) {
        let after = end + m;
        let rest = &s[after..];
        if rest.starts_with('月') {
            end = after + '月'.len_utf8();
        } else if let Some(sep) = ["至", "-", "—", "~"]
            .iter()
            .find(|sep| rest.starts_with(**sep))
        {
            let m2_start = after + sep.len();
            let m2 = digits(m2_start);
            if (1..=2).contains(&m2) && s[m2_start + m2..].starts_with('月') {
                end = m2_start + m2 + '月'.len_utf8();
            }
        }
    }
    for tail in ["底", "末", "以来", "上半年", "前三季度", "全年", "度"] {
        if s[end..].starts_with(tail) {
            end += tail.len();
            break;
        }
    }
    Some((s[..end].to_owned(), end))
}

/// The text with every `《…》` title blanked out, so plan years are not read as periods.
fn outside_titles(chars: &[char]) -> String {
    let mut depth = 0usize;
    chars
        .iter()
        .map(|&c| {
            match c {
                '《' => depth += 1,
                '》' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > 0 || c == '》' { ' ' } else { c }
        })
        .collect()
}

/// The last period expression in `s` that is not a baseline (`较2020年`, `比2020年`).
fn last_period(s: &str) -> String {
    let mut found = String::new();
    for (i, _) in s.char_indices() {
        let starts_here = s[i..].starts_with("截至") || s[i..].starts_with("截止");
        let digit_start =
            s.as_bytes()[i].is_ascii_digit() && (i == 0 || !s.as_bytes()[i - 1].is_ascii_digit());
        if !(starts_here || digit_start) {
            continue;
        }
        let baseline_or_range = ['较', '比', '—', '-', '~', '至', '到']
            .iter()
            .any(|c| s[..i].ends_with(*c));
        if digit_start
            && (baseline_or_range || s[..i].ends_with("截至") || s[..i].ends_with("截止"))
        {
            continue;
        }
        if let Some((p, _)) = period_at_start(&s[i..]) {
            found = p;
        }
    }
    found
}

/// A number found in a sentence, before classification.
struct NumberSpan {
    /// char indices into the sentence
    start: usize,
    end: usize,
    value: String,
}

fn scan_numbers(chars: &[char]) -> Vec<NumberSpan> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
        }
        out.push(NumberSpan {
            start,
            end: i,
            value: chars[start..i].iter().collect(),
        });
    }
    out
}

/// Numbers that are not quantities: dates, chemical formulas, PM2.5, ordinals, section
/// numbers, names in short quotes (`“13710”`, `“1+N”`, `“4·27”`).
fn is_not_quantity(chars: &[char], n: &NumberSpan) -> bool {
    let before = n.start.checked_sub(1).map(|i| chars[i]);
    let after = chars.get(n.end).copied();
    // PM2.5, SO2, NO2, O3, PM10, COD5 …
    if before.is_some_and(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    if matches!(before, Some('第' | '+' | '·' | '.')) {
        return true;
    }
    if matches!(after, Some('+' | '·')) {
        return true;
    }
    // Dates and year ranges: 2021年, 4月, 7日, 2022-2023年, 1至11月, 2021—2035年.
    let mut j = n.end;
    if matches!(chars.get(j), Some('-' | '—' | '~' | '至' | '到'))
        && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit())
    {
        j += 1;
        while chars.get(j).is_some_and(|c| c.is_ascii_digit()) {
            j += 1;
        }
    }
    if matches!(chars.get(j), Some('年' | '月' | '日' | '号' | '时')) {
        return true;
    }
    // Section numbers: 01, 02 …
    if n.value.len() >= 2 && n.value.starts_with('0') && !n.value.contains('.') {
        return true;
    }
    // Short quoted names.
    let open = chars[..n.start]
        .iter()
        .rposition(|c| matches!(c, '“' | '"' | '「'));
    let close_before = chars[..n.start]
        .iter()
        .rposition(|c| matches!(c, '”' | '」'));
    if let Some(o) = open
        && close_before.is_none_or(|c| c < o)
        && let Some(c) = chars[n.end..]
            .iter()
            .position(|c| matches!(c, '”' | '"' | '」'))
        && (n.end + c) - o <= 10
    {
        return true;
    }
    false
}

/// Split a distributive subject: `炼铁和炼钢先进产能占比` → [炼铁先进产能占比, 炼钢先进产能占比].
fn distribute(subject: &str) -> Vec<String> {
    let parts: Vec<&str> = subject
        .split(['、', '和', '及'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return vec![subject.to_owned()];
    }
    let last = parts[parts.len() - 1];
    let item_len = parts[0].chars().count();
    let last_chars: Vec<char> = last.chars().collect();
    if last_chars.len() <= item_len {
        return parts.iter().map(|p| p.to_string()).collect();
    }
    let head: String = last_chars[item_len..].iter().collect();
    let last_item: String = last_chars[..item_len].iter().collect();
    parts[..parts.len() - 1]
        .iter()
        .map(|p| format!("{p}{head}"))
        .chain(std::iter::once(format!("{last_item}{head}")))
        .collect()
}

/// Words that end the noun after a measure word: `3123件信访件已办结` → 信访件.
const PREDICATE_MARKERS: [&str; 10] = [
    "已", "正在", "均", "全部", "被", "进行", "得到", "实现", "分别", "达到",
];

fn cut_at_predicate(post: &str) -> String {
    let cut = PREDICATE_MARKERS
        .iter()
        .filter_map(|m| post.find(m))
        .min()
        .unwrap_or(post.len());
    let s = &post[..cut];
    let s = s.strip_suffix('中').unwrap_or(s);
    s.trim_end_matches(['和', '及', '等']).to_owned()
}

/// Cut a trailing comparison baseline: `处理能力较2020年` → 处理能力, `…比上年` → ….
fn strip_baseline(s: &str) -> &str {
    for marker in ['较', '比'] {
        if let Some(i) = s.rfind(marker) {
            let rest = &s[i + marker.len_utf8()..];
            let is_baseline = rest.starts_with(|c: char| c.is_ascii_digit())
                || ["上年", "去年", "同期", "上一年"]
                    .iter()
                    .any(|w| rest.starts_with(w));
            if is_baseline && i > 0 {
                return &s[..i];
            }
        }
    }
    s
}

fn clean_indicator(s: &str) -> String {
    let s = strip_leading_noise(s.trim());
    let s = strip_trailing(s, &LINK_SUFFIXES);
    let s = strip_trailing(strip_baseline(s), &LINK_SUFFIXES);
    s.trim().to_owned()
}

fn is_action_only(s: &str) -> bool {
    s.is_empty()
        || ACTIONS.contains(&s)
        || s.ends_with('等')
        || s.ends_with(['和', '及', '与', '或'])
}

fn contains_any(s: &str, words: &[&str]) -> bool {
    // Short haystacks and needles: compare at each char, first char first, rather than
    // building a substring searcher per needle.
    s.char_indices().any(|(i, c)| {
        let rest = &s[i..];
        words
            .iter()
            .any(|w| w.starts_with(c) && rest.starts_with(w))
    })
}

/// Extract every quantity of one sentence of `doc`.
pub fn extract(units: &Units, doc: &str, sentence: &Sentence) -> Vec<Metric> {
    let text = sentence.text(doc);
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    // Years inside 《…》 titles are plan periods, not the figure's period.
    let outside: Vec<char> = outside_titles(&chars).chars().collect();
    let mut out: Vec<Metric> = Vec::new();
    let mut prev_end = 0usize; // char index after the previous metric
    let mut groups: Vec<Group> = Vec::new();
    for n in scan_numbers(&chars) {
        if is_not_quantity(&chars, &n) {
            continue;
        }
        let (unit, unit_len, fuzzy) = match units.match_at(&chars[n.end..]) {
            Some((u, len, fuzzy)) => (Some(u), len, fuzzy),
            None => (None, 0, false),
        };
        // Bare numbers are kept only as dimensionless indexes (`综合指数为4.49`).
        // The few chars before the number, enough for 指数为 / 超过 / 突破.
        let pre_all: String = chars[n.start.saturating_sub(6)..n.start].iter().collect();
        if unit.is_none()
            && !(pre_all.ends_with("指数为")
                || pre_all.ends_with("指数")
                || pre_all.ends_with("系数为"))
        {
            continue;
        }
        let mut end = n.end + unit_len;
        let mut start = n.start;
        // Qualifiers around the span.
        let after: String = chars[end..chars.len().min(end + 3)].iter().collect();
        let mut qualifier = if fuzzy { "at_least" } else { "" };
        for (word, q) in [
            ("以上", "at_least"),
            ("多", "at_least"),
            ("余", "at_least"),
            ("左右", "approx"),
            ("以下", "at_most"),
            ("以内", "at_most"),
        ] {
            if after.starts_with(word) {
                qualifier = q;
                end += word.chars().count();
                break;
            }
        }
        let before_char = n.start.checked_sub(1).map(|i| chars[i]);
        if matches!(before_char, Some('约' | '近')) {
            qualifier = "approx";
            start -= 1;
        } else if qualifier.is_empty()
            && (pre_all.ends_with("超过")
                || pre_all.ends_with("突破")
                || pre_all.ends_with('超')
                || pre_all.ends_with('逾'))
        {
            qualifier = "at_least";
        }

        // The clause before the number: from the last delimiter (or the previous metric) on.
        let strong_start = chars[..n.start]
            .iter()
            .rposition(|c| STRONG_DELIMS.contains(c))
            .map_or(0, |i| i + 1);
        let clause_start = chars[..n.start]
            .iter()
            .rposition(|c| is_delim(*c))
            .map_or(0, |i| i + 1)
            .max(prev_end);
        let pre: String = chars[clause_start.min(n.start)..n.start].iter().collect();
        let strong_pre: String = chars[strong_start.max(prev_end).min(n.start)..n.start]
            .iter()
            .collect();
        let post_end = chars[end..]
            .iter()
            .position(|c| is_delim(*c) || c.is_ascii_digit())
            .map_or(chars.len(), |p| end + p);
        let post: String = chars[end..post_end].iter().collect();
        let post = cut_at_predicate(&post);
        let cleaned = clean_indicator(&pre);
        let previous = out.last();
        // `58.7%和47%`, `520万千瓦、946万千瓦`: a bare continuation of the previous figure.
        let continues = previous.is_some()
            && strong_start <= prev_end
            && strong_pre
                .trim_matches(['和', '及', '、', '与', ' '])
                .is_empty();

        let dimension = unit.as_ref().map_or("other", |u| u.dimension.as_str());
        let is_target = strong_pre.contains("目标");
        let (kind, direction) = match previous {
            Some(p) if continues => (p.kind, p.direction),
            _ => {
                let direction = if contains_any(&strong_pre, &DOWN_WORDS) {
                    "down"
                } else if contains_any(&strong_pre, &UP_WORDS) {
                    "up"
                } else {
                    ""
                };
                let kind = if is_target {
                    "target"
                } else if dimension == "count" {
                    "count"
                } else if !direction.is_empty() && !contains_any(&strong_pre, &TO_WORDS) {
                    "change"
                } else {
                    "level"
                };
                (kind, direction)
            }
        };

        // Indicator: the subject of `…分别…`, the noun after a count, the phrase before the
        // number, the noun after it, or the previous figure's indicator, in that order.
        // Lists (`58.7%和47%`) are distributed over their subject after the loop.
        let previous_indicator = previous.map(|m| m.indicator.clone()).unwrap_or_default();
        let mut inherited = false;
        let mut indicator = if continues {
            previous_indicator.clone()
        } else if strong_pre.contains("分别") {
            clean_indicator(strong_pre.split("分别").next().unwrap_or(""))
        } else if dimension == "count" && !post.is_empty() {
            post.clone()
        } else if is_target
            || contains_any(&pre, &["同比", "较", "比上年"])
                && is_action_only(&clean_indicator(
                    pre.split(['同', '较', '比']).next().unwrap_or(""),
                ))
        {
            inherited = true;
            previous_indicator.clone()
        } else if !is_action_only(&cleaned) {
            cleaned
        } else if !post.is_empty() {
            post.clone()
        } else {
            inherited = true;
            previous_indicator.clone()
        };
        if indicator.is_empty() {
            indicator = previous_indicator;
        }
        match groups.last_mut() {
            Some(g) if continues => g.len += 1,
            _ => groups.push(Group {
                first: out.len(),
                len: 1,
                inherited,
            }),
        }

        let value_num: f64 = n.value.parse().unwrap_or(0.0);
        let (unit_text, unit_std, factor) = match &unit {
            Some(u) => (u.unit.clone(), u.unit_std.clone(), u.factor),
            None => (String::new(), String::new(), 1.0),
        };
        let period = last_period(&outside[..n.start].iter().collect::<String>());
        out.push(Metric {
            sentence_id: sentence.id,
            indicator,
            value: n.value.clone(),
            value_high: String::new(),
            unit: unit_text,
            value_std: crate::util::numeric::round_sig(value_num * factor, 10),
            value_std_high: None,
            unit_std,
            dimension: dimension.to_owned(),
            kind,
            direction,
            qualifier,
            period,
            deadline: String::new(),
            text: chars[start..end].iter().collect(),
            start: sentence.start + start,
            end: sentence.start + end,
        });
        prev_end = end;
    }
    distribute_groups(&mut out, &groups);
    out
}

/// A run of figures that continue one another (`520万千瓦、946万千瓦`).
struct Group {
    first: usize,
    len: usize,
    /// The first figure took its indicator from the figure before (`同比增长66.74%、25.21%`).
    inherited: bool,
}

/// Give each figure of a list its own indicator when the subject is a list of the same
/// length: `炼铁和炼钢先进产能占比…58.7%和47%` → 炼铁先进产能占比, 炼钢先进产能占比.
fn distribute_groups(out: &mut [Metric], groups: &[Group]) {
    let mut previous_items: Option<Vec<String>> = None;
    for g in groups {
        let items = distribute(&out[g.first].indicator);
        let items = if items.len() == g.len && g.len > 1 {
            Some(items)
        } else if g.inherited {
            previous_items.clone().filter(|p| p.len() == g.len)
        } else {
            None
        };
        if let Some(items) = &items {
            for (m, item) in out[g.first..g.first + g.len].iter_mut().zip(items) {
                m.indicator = item.clone();
            }
        }
        previous_items = items;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::BUNDLED_UNITS;
    use crate::text::sentences::{MAX_SENTENCE_CHARS, split_sentences};

    fn units() -> Units {
        Units::parse(&DictSource::bundled("units.csv", BUNDLED_UNITS)).unwrap()
    }

    fn run(text: &str) -> Vec<Metric> {
        let units = units();
        let doc = crate::text::normalize::normalize(text);
        split_sentences(&doc, MAX_SENTENCE_CHARS)
            .sentences
            .iter()
            .flat_map(|s| extract(&units, &doc, s))
            .collect()
    }

    fn brief(m: &Metric) -> (String, String, String) {
        (m.indicator.clone(), m.value.clone(), m.unit.clone())
    }

    #[test]
    fn level_change_and_period_from_corpus() {
        let m = run("2021年全省PM2.5浓度45微克/立方米,低于国家目标9微克/立方米,同比下降13.5%;");
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
        let m =
            run("完成黄河干支流生态廊道造林4.59万亩,安排资金3.41亿元,完成排水管网建设879千米。");
        assert_eq!(
            (m[0].unit.as_str(), m[0].unit_std.as_str(), m[0].value_std),
            ("万亩", "公顷", 3060.0)
        );
        assert_eq!(
            (m[1].unit.as_str(), m[1].value_std, m[1].dimension.as_str()),
            ("亿元", 341_000_000.0, "money")
        );
        assert_eq!((m[2].unit_std.as_str(), m[2].value_std), ("km", 879.0));
        let m = run("洞庭湖湖体总磷全年平均浓度0.06mg/L,细颗粒物34μg/m3。");
        assert_eq!(
            (m[0].unit.as_str(), m[0].unit_std.as_str()),
            ("mg/L", "毫克/升")
        );
        assert_eq!(
            (m[1].unit.as_str(), m[1].unit_std.as_str()),
            ("μg/m3", "微克/立方米")
        );
    }

    #[test]
    fn qualifiers() {
        let m = run(
            "秸秆综合利用率达到90%以上,能耗强度下降2.8%左右,落实林长2万余人,刊播报道约1万篇,填埋比例下降至5.6%以下。",
        );
        let q: Vec<&str> = m.iter().map(|m| m.qualifier).collect();
        assert_eq!(q, ["at_least", "approx", "at_least", "approx", "at_most"]);
        assert_eq!(m[2].unit, "万人");
        assert_eq!((m[4].kind, m[4].direction), ("level", "down"));
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
            assert!(run(text).is_empty(), "{text}: {:?}", run(text));
        }
    }

    #[test]
    fn distributive_lists_give_one_row_per_number() {
        let m = run("炼铁和炼钢先进产能占比分别达58.7%和47%。");
        assert_eq!(
            m.iter().map(brief).collect::<Vec<_>>(),
            [
                ("炼铁先进产能占比".into(), "58.7".into(), "%".into()),
                ("炼钢先进产能占比".into(), "47".into(), "%".into())
            ]
        );
        let m = run("二氧化硫、氮氧化物排放量分别下降5.6%和4%。");
        assert_eq!(m[0].indicator, "二氧化硫排放量");
        assert_eq!(m[1].indicator, "氮氧化物排放量");
        assert_eq!((m[1].kind, m[1].direction), ("change", "down"));
        let m = run("风电装机容量为520万千瓦、946万千瓦。");
        assert_eq!(m.len(), 2);
        assert!(m.iter().all(|m| m.indicator == "风电装机容量"
            && m.unit == "万千瓦"
            && m.dimension == "power"));
    }

    #[test]
    fn counts_take_the_noun_after_the_measure_word() {
        let m = run("第二轮督察82项整改任务已完成整改59项;督察组交办的3123件信访件已办结3120件。");
        assert_eq!(m.len(), 4);
        assert_eq!((m[0].indicator.as_str(), m[0].kind), ("整改任务", "count"));
        assert_eq!(m[2].indicator, "信访件");
    }

    #[test]
    fn dimensionless_index_has_empty_unit() {
        let m = run("环境空气质量综合指数为4.49,同比改善。");
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
        let m = run("截至2022年12月底,处理能力较2020年增加10.1%。");
        assert_eq!(
            (m[0].period.as_str(), m[0].kind, m[0].direction),
            ("截至2022年12月底", "change", "up")
        );
        let m = run("2022年1至11月,辽宁省细颗粒物年均浓度30微克/立方米。");
        assert_eq!(m[0].period, "2022年1至11月");
    }

    #[test]
    fn offsets_address_the_document() {
        let doc =
            crate::text::normalize::normalize("一、概况\n完成造林12万公顷、森林抚育40万公顷。");
        let units = units();
        let split = split_sentences(&doc, MAX_SENTENCE_CHARS);
        let chars: Vec<char> = doc.chars().collect();
        let ms: Vec<Metric> = split
            .sentences
            .iter()
            .flat_map(|s| extract(&units, &doc, s))
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
