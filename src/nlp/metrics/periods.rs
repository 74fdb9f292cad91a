//! Time expressions: the period a figure refers to, read from the text before it.

/// Digits of a year written in Chinese numerals (`一九八三年`, `一九五○年`).
const CHINESE_DIGITS: &str = "〇○零一二三四五六七八九";

/// Byte length of the four digits of a year opening `s`, written in Arabic (`1983`) or in
/// Chinese numerals (`一九八三`, D36: a time expression exactly like `1983`), or 0. A longer
/// run of digits is no year; a Chinese one starts with 一 or 二 (the years 1000–2999).
pub(super) fn year_digits(s: &str) -> usize {
    let b = s.as_bytes();
    let ascii = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if ascii > 0 {
        return if ascii == 4 { 4 } else { 0 };
    }
    if !s.starts_with(['一', '二']) {
        return 0;
    }
    let mut n = 0;
    let mut len = 0;
    for c in s.chars().take_while(|c| CHINESE_DIGITS.contains(*c)) {
        n += 1;
        len += c.len_utf8();
    }
    if n == 4 { len } else { 0 }
}

/// Whether `s` ends with a digit, Arabic or Chinese (the end of a year or an amount).
fn ends_with_digit(s: &str) -> bool {
    s.ends_with(|c: char| c.is_ascii_digit() || CHINESE_DIGITS.contains(c))
}

/// Byte length of a month opening `s` before its 月 (`12`, `十二`, `三`), or 0.
fn month_digits(s: &str) -> usize {
    let ascii = s.bytes().take_while(u8::is_ascii_digit).count();
    if ascii > 0 {
        return if ascii <= 2 { ascii } else { 0 };
    }
    [
        "十一", "十二", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ]
    .iter()
    .find(|m| s.starts_with(**m))
    .map_or(0, |m| m.len())
}

/// `截至2022年12月底`, `2022年1至11月`, `2022年1-9月`, `2021年`, `一九八五年底`: byte length of
/// a period at the start of `s`, if any, with its text.
pub(super) fn period_at_start(s: &str) -> Option<(String, usize)> {
    // Every period opens with a year (an ASCII digit, or 一/二 of a Chinese one) or 截至/截止.
    if !s.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '一' | '二' | '截')) {
        return None;
    }
    let mut i = 0;
    for prefix in ["截至", "截止到", "截止"] {
        if s.starts_with(prefix) {
            i = prefix.len();
            break;
        }
    }
    let y = year_digits(&s[i..]);
    if y == 0 || !s[i + y..].starts_with('年') {
        return None;
    }
    let mut end = i + y + '年'.len_utf8();
    let m = month_digits(&s[end..]);
    if m > 0 {
        let after = end + m;
        let rest = &s[after..];
        if rest.starts_with('月') {
            end = after + '月'.len_utf8();
        } else if let Some(sep) = ["至", "-", "—", "~"]
            .iter()
            .find(|sep| rest.starts_with(**sep))
        {
            let m2_start = after + sep.len();
            let m2 = month_digits(&s[m2_start..]);
            if m2 > 0 && s[m2_start + m2..].starts_with('月') {
                end = m2_start + m2 + '月'.len_utf8();
            }
        }
    }
    // `2003年到2007年`, `2020年至2025年`: a span of years is one period (never a deadline)
    if let Some(sep) = ["到", "至"].iter().find(|sep| s[end..].starts_with(**sep)) {
        let y2 = end + sep.len();
        let y2_len = year_digits(&s[y2..]);
        if y2_len > 0 && s[y2 + y2_len..].starts_with('年') {
            end = y2 + y2_len + '年'.len_utf8();
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
pub(super) fn outside_titles(chars: &[char]) -> String {
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
pub(super) fn last_period(s: &str) -> (String, usize) {
    let mut found = (String::new(), 0);
    for (i, _) in s.char_indices() {
        let starts_here = s[i..].starts_with("截至") || s[i..].starts_with("截止");
        // a year's first digit, Arabic or Chinese (D36), not inside a longer run of digits
        let prev = s[..i].chars().next_back();
        let digit_start = year_digits(&s[i..]) > 0
            && !prev.is_some_and(|p| {
                if s.as_bytes()[i].is_ascii_digit() {
                    p.is_ascii_digit()
                } else {
                    CHINESE_DIGITS.contains(p)
                }
            });
        if !(starts_here || digit_start) {
            continue;
        }
        // `2020年到2025年`, `2020至2025年`: the end of a range only with a year or number right
        // before 到/至 (`提升至2025年的52%` is dated 2025年)
        let range_end = |sep: char| {
            s[..i].strip_suffix(sep).is_some_and(|b| {
                ends_with_digit(b) || b.strip_suffix('年').is_some_and(ends_with_digit)
            })
        };
        // `比一九五二年的七十三亿元增长…`: the year right before the base value is its period
        // (D45), not a baseline of it
        let base_value = s[..i].ends_with(['较', '比'])
            && period_at_start(&s[i..]).is_some_and(|(_, end)| s[i + end..] == *"的");
        let baseline_or_range = ['较', '比', '—', '-', '~']
            .iter()
            .any(|c| s[..i].ends_with(*c))
            && !base_value
            || range_end('到')
            || range_end('至');
        if digit_start
            && (baseline_or_range || s[..i].ends_with("截至") || s[..i].ends_with("截止"))
        {
            continue;
        }
        if let Some((p, end)) = period_at_start(&s[i..])
            // (a span dates what follows it: `1953年到1978年的二十六年间平均每年增长3.2%`)
            && (p.contains(['到', '至']) || !modifier_year(&s[i + end..]))
            // `是1997年的2.3倍`, `为1982年的3.4倍`: the year of the baseline
            && !(s[i + end..] == *"的" && (s[..i].ends_with('是') || s[..i].ends_with('为')))
            // `同1987年相比`, `与上年相比`, `同一九四九年产量比较`: the year compared with
            && !(['同', '与', '和', '跟'].iter().any(|c| s[..i].ends_with(*c))
                && compared_in_clause(&s[i + end..]))
            // `由1954年的97个增加到…`: the year of the from-values dates them, not the value
            // the change reaches (D45; `从2021年的46503元和16935元` are both from-values)
            && !(['由', '从'].iter().any(|c| s[..i].ends_with(*c))
                && s[i + end..]
                    .strip_prefix('的')
                    .is_some_and(|r| starts_with_amount(r) && r.contains(['到', '至', '为'])))
        {
            found = (p, i);
        }
    }
    found
}

/// Whether `s` opens with a number, in Arabic or Chinese numerals.
fn starts_with_amount(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit() || super::hanzi::is_numeral(c))
}

/// Whether the clause that a year opens after 同/与 closes the comparison (`…相比`, `…比较`).
fn compared_in_clause(after: &str) -> bool {
    let clause = after
        .find([',', '，', ';', '；', ':', '：', '。'])
        .map_or(after, |k| &after[..k]);
    clause.contains("相比") || clause.contains("比较")
}

/// A year that dates a noun rather than the figure: `1954年的灾区`, `1957年的水平`,
/// `2000年底以前发布的`. `2002年的1161亿元`, `一九五二年的七十三亿元` (的 and then a number)
/// stays a period, and so
/// does a year whose noun is the figure's subject (`2020年的地区生产总值为5000亿元`).
fn modifier_year(after: &str) -> bool {
    match after.strip_prefix('的') {
        Some(rest) => {
            !rest.is_empty()
                && !starts_with_amount(rest)
                // `根据一九五三年底的统计`: the date of a count is the figure's period
                && !rest.starts_with("统计")
                && !LINKS.iter().any(|l| rest.ends_with(l))
        }
        None => after.starts_with("以前"),
    }
}

/// Words that link a subject to its figure (`…总值为5000亿元`, `…达到3万人`).
const LINKS: [&str; 7] = ["为", "是", "达", "达到", "突破", "超过", "约"];

/// The period and the deadline of a figure from the text before it: the last time
/// expression is a deadline when 到 stands before it (`到2025年底`, not 达到) or 前 after it
/// (`2022年底前`); `到本世纪末` is a deadline too.
pub(super) fn period_and_deadline(s: &str) -> (String, String) {
    let (mut period, mut at) = last_period(s);
    if let Some((word, i)) = last_relative_period(s)
        && (period.is_empty() || i >= at + period.len())
        // `一九○七年,…当年的钢产量`: 当年 refers back to the year written before it
        && !(word == "当年" && !period.is_empty())
    {
        (period, at) = (word.to_owned(), i);
    }
    if period.is_empty() {
        for w in ["到本世纪末", "到本世纪中叶"] {
            if s.contains(w) {
                return (String::new(), w.to_owned());
            }
        }
        return (period, String::new());
    }
    let before = &s[..at];
    let after = &s[at + period.len()..];
    // `增加到2002年的1161亿元` is the level in 2002: a change verb before 到, or 的 after the
    // year, makes it a period, not a deadline.
    let verb_to = before.ends_with("达到")
        || super::indicators::REACH_VERBS
            .iter()
            .any(|w| before.ends_with(w));
    if before.ends_with('到')
        && !verb_to
        && !after.starts_with('的')
        && !past_account(&period, after)
    {
        return (String::new(), format!("到{period}"));
    }
    if after.starts_with('前') {
        return (String::new(), format!("{period}前"));
    }
    // `2025年医疗旅游人次86.5万…，累计…，引进…12款`: a later clause that counts up (累计)
    // leaves the period's clause
    // (a span of years is what the sum runs over: `2003年到2007年，…累计4.25万亿元`)
    if !period.contains(['到', '至'])
        && after
            .find("累计")
            .is_some_and(|k| after[..k].contains([',', '，', ';', '；']))
    {
        return (String::new(), String::new());
    }
    (period, String::new())
}

/// `到去年底，全国已有50%…`, `到今年上半年有6,600个`, `到1955年底…已经达到…`: 到 before a past
/// time, or before a clause that reports what is already there (已, 已经, 有 right before the
/// figure), closes a review, not a deadline.
fn past_account(period: &str, after: &str) -> bool {
    PAST_RELATIVE.iter().any(|w| period.starts_with(w))
        || after.contains('已')
        || after.ends_with('有')
}

/// Relative periods that lie in the past.
const PAST_RELATIVE: [&str; 3] = ["去年", "上年", "前年"];

/// Whether `c` can open a period written in words: the first characters of
/// [`RELATIVE_PERIODS`] and the quote of a five-year plan's span (checked by a test), so the
/// scan tries the word list only where it can match.
fn may_open_relative_period(c: char) -> bool {
    matches!(
        c,
        '今' | '第'
            | '前'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '十'
            | '两'
            | '去'
            | '过'
            | '这'
            | '近'
            | '上'
            | '下'
            | '全'
            | '年'
            | '明'
            | '目'
            | '当'
            | '“'
            | '"'
    )
}

/// Periods named in words, longest first (`今年上半年` before `上半年`).
const RELATIVE_PERIODS: [&str; 34] = [
    "今年上半年",
    // quarters (`其中第四季度增长38%`, D61): the ordinal and the bare form, 前三季度 before
    // 三季度
    "第一季度",
    "第二季度",
    "第三季度",
    "第四季度",
    "前三季度",
    "一季度",
    "二季度",
    "三季度",
    "四季度",
    "今后一个时期",
    "五年来",
    "十年来",
    "一年来",
    "两年来",
    "三年来",
    "去年上半年",
    "过去一年",
    "过去五年",
    "这五年",
    "五年间",
    "近年来",
    "今后五年",
    "上半年",
    "下半年",
    "去年底",
    "全年",
    "年底",
    "今年",
    "明年",
    "去年",
    "目前",
    // the year of the account (`当年支出超过当年收入…`, D61), like 上年 and 全年; not
    // 相当年… nor 当年价格 (see [`last_relative_period`])
    "当年",
    // a bare `五年` opening a clause (`五年生产原煤65亿吨`, `五年国务院共…`): only there, see
    // [`bare_five_years`]
    "五年",
];

/// Delimiters that open a clause.
const CLAUSE_OPENERS: [char; 8] = [',', '，', ';', '；', ':', '：', '。', '\n'];

/// Whether byte offset `i` of `s` opens a clause. `近年来` is a period there (`近年来，…`), not
/// inside a clause (`排放总量近年来首次出现双下降`, whose figure keeps the year before).
fn opens_clause(s: &str, i: usize) -> bool {
    s[..i]
        .chars()
        .next_back()
        .is_none_or(|c| CLAUSE_OPENERS.contains(&c))
}

/// A bare `五年` is the period only where it opens a clause and is no part of a longer
/// expression: not `五年内` (a deadline), `五年规划`, `五年前`, `五年级`, `五年以上` …, nor
/// `五年累计`, a cumulative stock that the codebook leaves without a period.
fn bare_five_years(s: &str, i: usize) -> bool {
    let after = s[i + "五年".len()..].chars().next();
    // `五年中央财政用于科技的投入…` (D16): 中央 is the subject, not 五年中 (within five years)
    let subject = s[i + "五年".len()..].starts_with("中央");
    opens_clause(s, i)
        && (subject || !after.is_some_and(|c| "内规计行前后级以期的中里累".contains(c)))
}

/// The last period written in words in `s` that is not a baseline (`比去年`), with its byte
/// offset.
fn last_relative_period(s: &str) -> Option<(&str, usize)> {
    let mut best: Option<(&str, usize)> = None;
    for (i, c) in s.char_indices() {
        if !may_open_relative_period(c) {
            continue;
        }
        let Some(w) = relative_period_at(&s[i..]) else {
            continue;
        };
        if w == "五年" && !bare_five_years(s, i)
            || w == "近年来" && !opens_clause(s, i)
            || w == "当年" && (s[..i].ends_with('相') || s[i + w.len()..].starts_with('价'))
        {
            continue;
        }
        // `2000年底`: the end of a year written in digits, read by `last_period`
        // `高于“十三五”时期1.2个百分点`, `为“十三五”时期的2.2倍`: a comparison's baseline
        let ratio = s[..i].ends_with('为') && s[i + w.len()..].starts_with('的');
        let baseline = ['比', '较', '同', '于']
            .iter()
            .any(|c| s[..i].ends_with(*c))
            || ends_with_digit(&s[..i])
            || ratio;
        // `二十年来`, `十五年来` are not `十年来`, `五年来`
        let longer_number = w.starts_with(|c: char| "一二三四五六七八九十两".contains(c))
            && s[..i].ends_with(|c: char| "一二三四五六七八九十两百".contains(c));
        let inside = best.is_some_and(|(b, j)| i < j + b.len());
        if !baseline && !inside && !longer_number {
            best = Some((w, i));
        }
    }
    best
}

/// The last `N年内` with N in Chinese numerals (`三年内`, `五年内`) in `s`, with its byte
/// offset. It opens no indicator (`三年内参保率…`); read as a deadline it made past spans
/// (`一年内就实现年产…`) targets, so it is none.
pub(super) fn years_within(s: &str) -> Option<(&str, usize)> {
    let at = s.rfind("年内")?;
    let n = s[..at]
        .chars()
        .rev()
        .take_while(|c| "一二三四五六七八九十两".contains(*c))
        .count();
    let start = at - n * '一'.len_utf8();
    (n > 0).then(|| (&s[start..at + "年内".len()], start))
}

/// Words of a plan between `N年内` and its figure (`五年内使…增加`, `三年内…均提高到`).
const WITHIN_PLAN: [&str; 6] = ["使", "要", "将", "力争", "争取", "均提高到"];
/// Words of a span already past (`一年内就实现年产…`, `三年内已…`).
const WITHIN_PAST: [&str; 4] = ["就", "已", "了", "曾"];

/// `N年内` in the clause of a figure as its deadline: the span and whether a plan word follows
/// it. A span already past (`一年内就实现…`) or in another clause is none; without a plan word
/// it is a deadline only of a figure that is a target on other grounds.
pub(super) fn within_deadline(before: &str) -> Option<(&str, bool)> {
    let (w, at) = years_within(before)?;
    let rest = &before[at + w.len()..];
    let same_clause = !rest.contains([',', '，', ';', '；', '。', ':', '：']);
    let past = WITHIN_PAST.iter().any(|p| rest.contains(p));
    if past {
        return None;
    }
    if same_clause {
        return Some((w, WITHIN_PLAN.iter().any(|p| rest.contains(p))));
    }
    // `五年内,新增…`, `今后三年内,…`: a span heading the sentence as a clause of its own is the
    // deadline of its targets (a review's `五年内,全国造林面积…` has none: no plan word there)
    head_within(before).map(|head| (head, false))
}

/// `五年内`, `在三年内`, `今后三年内`, `在今后五年内` as the whole first clause of `s` (before a
/// comma), as written without the preposition: the span within which the sentence's plans are
/// to be met.
fn head_within(s: &str) -> Option<&str> {
    let clause = s.strip_prefix('在').unwrap_or(s);
    let (w, at) = years_within(clause)?;
    let opener = &clause[..at];
    let next = clause[at + w.len()..].chars().next();
    (matches!(opener, "" | "今后") && matches!(next, Some(',' | '，')))
        .then(|| &clause[..at + w.len()])
}

/// The period that heads a chain of clauses up to the full stop (`1979年全民所有制职工…；职工的
/// 年平均工资达到705元`, `五年来，新建…；新增…602个；`): the codebook scopes a period to the
/// sentence up to 。, while the splitter cuts at ；. The head is a time expression opening the
/// chain's first clause (`今年经济社会发展的主要预期目标是：…`), not one dating a noun.
fn chain_head_period(sentence: &str) -> Option<String> {
    // `五年内，…；…将共达五十亿元以上；`: a span heading the chain, the deadline of its targets
    // ([`inherit_period`])
    if let Some(w) = head_within(sentence) {
        return Some(w.to_owned());
    }
    // `综合考虑国内外各种因素,今年经济社会发展主要预期目标是:…；`: before a colon that
    // introduces the chain, any clause of the introduction may open with its time
    if let Some(k) = sentence.find([':', '：'])
        && let Some(p) = sentence[..k]
            .split([',', '，'])
            .skip(1)
            .find_map(clause_head_period)
    {
        return Some(p);
    }
    let clause = sentence
        .split([',', '，', ':', '：', ';', '；'])
        .next()
        .unwrap_or(sentence);
    clause_head_period(clause)
}

/// The time expression opening `clause`, unless it dates a noun (`1957年的水平`).
fn clause_head_period(clause: &str) -> Option<String> {
    if let Some((p, end)) = period_at_start(clause) {
        return (!modifier_year(&clause[end..])).then_some(p);
    }
    relative_period_at(clause)
        .filter(|w| *w != "五年" || bare_five_years(clause, 0))
        .map(str::to_owned)
}

/// The period written in words that opens `s`: one of [`RELATIVE_PERIODS`] or the span of a
/// five-year plan ([`plan_span`]).
pub(super) fn relative_period_at(s: &str) -> Option<&str> {
    if let Some(n) = plan_span(s) {
        return Some(&s[..n]);
    }
    RELATIVE_PERIODS
        .iter()
        .find(|w| s.starts_with(**w))
        .map(|w| &s[..w.len()])
}

/// Byte length of the span of a five-year plan opening `s`: its quoted name, `“九五”`, `“十五”`,
/// `“十一五”` … `“十五五”`, then `时期` or `期间` (`“十五五”时期`, `“十四五”期间`), or before `年均`
/// (`“十一五”年均增长`). The name alone (`“十四五”规划`) names the plan, not a span.
fn plan_span(s: &str) -> Option<usize> {
    let rest = s.strip_prefix(['“', '"'])?;
    let mut name = rest.chars();
    let mut len = 0;
    let mut c = name.next()?;
    if c == '十' {
        len += c.len_utf8();
        c = name.next()?;
    }
    if "一二三四五六七八九".contains(c) && name.clone().next() == Some('五') {
        len += c.len_utf8();
        c = name.next()?;
    }
    if c != '五' || len == 0 {
        return None;
    }
    len += c.len_utf8();
    let after = rest[len..].strip_prefix(['”', '"'])?;
    if after.starts_with("年均") {
        // `“十一五”年均增长7.5%`: the name alone before a yearly average
        return Some(s.len() - after.len());
    }
    let word = ["时期", "期间"]
        .into_iter()
        .find(|w| after.starts_with(*w))?;
    Some(s.len() - after.len() + word.len())
}

/// Document context for periods: the clauses of one 。-sentence that the splitter cut at ；
/// share the period that heads the first (the same sentence, as the codebook scopes it). Fed the
/// sentences of a document in order; a line break ends a chain.
#[derive(Debug, Default, Clone)]
pub struct PeriodChain {
    head: Option<String>,
    open: bool,
}

impl PeriodChain {
    /// The head period that `sentence` continues, if any (None for the first clause of a chain,
    /// whose own figures read their own periods). `after_break`: a line break stands before it.
    pub fn next(&mut self, sentence: &str, after_break: bool) -> Option<String> {
        let continues = self.open && !after_break;
        let inherited = if continues {
            self.head.clone()
        } else {
            self.head = None;
            None
        };
        self.open = continues_chain(sentence);
        if self.open && !continues {
            self.head = if spaced_digit(sentence) {
                // `1 9 9 7 年,…；`: read on the digits without their spaces
                chain_head_period(&super::numbers::without_digit_spaces(sentence))
            } else {
                chain_head_period(sentence)
            };
        }
        inherited
    }
}

/// A digit followed by a space (a sentence printed in spaced digits, `1 9 9 7 年`).
fn spaced_digit(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1] == b' ')
}

/// Whether the clause after `sentence` continues its chain: the splitter cut the 。-sentence
/// at its ；. Chunks of a large document are never cut there.
pub fn continues_chain(sentence: &str) -> bool {
    sentence.trim_end().ends_with(['；', ';'])
}

/// Give a figure of a continuing clause the chain's head period when its own clause names
/// none, no deadline, and no cumulative stock (`累计`, which the codebook leaves without one).
/// A head `五年内` is no period: it is the deadline of the chain's targets.
pub fn inherit_period(m: &mut super::Metric, head: &str, sentence: &str) {
    if head.ends_with("年内") {
        if m.kind == "target" && m.deadline.is_empty() {
            m.deadline = head.to_owned();
        }
        return;
    }
    if m.period.is_empty() && m.deadline.is_empty() && !sentence.contains("累计") {
        m.period = head.to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_period_word_opens_with_a_character_the_scan_tries() {
        for w in RELATIVE_PERIODS {
            let c = w.chars().next().unwrap();
            assert!(may_open_relative_period(c), "{w}");
        }
        assert_eq!(relative_period_at("“十五五”时期"), Some("“十五五”时期"));
        assert!(may_open_relative_period('“'));
    }

    #[test]
    fn a_year_dating_the_subject_stays_the_period() {
        assert_eq!(period_and_deadline("2020年的地区生产总值为").0, "2020年");
        assert_eq!(period_and_deadline("比1957年的水平").0, "");
    }

    #[test]
    fn clauses_cut_at_a_semicolon_share_the_period_heading_their_sentence() {
        let mut chain = PeriodChain::default();
        let doc = [
            ("1979年全民所有制职工全年工资总额比上年增加60亿元；", false),
            ("职工的年平均工资达到705元，比上年增加61元。", false),
            ("粮食产量达到6000亿斤。", false),
            ("五年来，新建保障性住房1800多万套；", false),
            ("新增万吨级港口泊位602个；", true),
        ];
        let got: Vec<_> = doc.iter().map(|(t, br)| chain.next(t, *br)).collect();
        assert_eq!(got, [None, Some("1979年".into()), None, None, None]);
        assert_eq!(chain_head_period("1957年的水平是…；"), None);
        assert_eq!(
            chain_head_period("今年经济社会发展的主要预期目标是：国内生产总值增长7.5%；"),
            Some("今年".into())
        );
        // gwr2005: the time opens the second clause of the introduction
        assert_eq!(
            chain_head_period(
                "综合考虑国内外各种因素,今年经济社会发展主要预期目标是:国内生产总值增长8%左右;"
            ),
            Some("今年".into())
        );
    }

    #[test]
    fn a_longer_count_of_years_is_not_a_shorter_one() {
        assert_eq!(period_and_deadline("二十年来，粮食产量增长").0, "");
        assert_eq!(period_and_deadline("五年来，粮食产量增长").0, "五年来");
    }

    #[test]
    fn bare_time_words_opening_a_clause_are_periods() {
        assert_eq!(
            period_and_deadline("能源保供彰显山西担当,五年生产原煤").0,
            "五年"
        );
        assert_eq!(
            period_and_deadline("五年国务院共向全国人大常委会提交").0,
            "五年"
        );
        assert_eq!(
            period_and_deadline("通过几年来的改革,目前在全国注册登记的").0,
            "目前"
        );
        // not a plan's name, a cumulative stock, or 近年来 inside a clause
        assert_eq!(period_and_deadline("实施第一个五年计划").0, "");
        assert_eq!(period_and_deadline("五年累计使用外资").0, "");
        assert_eq!(
            period_and_deadline("2007年能耗下降，排放总量近年来首次出现双下降，比上年分别下降").0,
            "2007年"
        );
    }

    #[test]
    fn a_year_compared_with_is_no_period() {
        assert_eq!(
            period_and_deadline("1992年同1987年相比，钢产量达到").0,
            "1992年"
        );
        assert_eq!(period_and_deadline("同1954年比较，钢增长").0, "");
    }

    #[test]
    fn years_within_a_plan_are_a_deadline() {
        assert_eq!(
            within_deadline("三年内参保率均提高到"),
            Some(("三年内", true))
        );
        assert_eq!(
            within_deadline("五年内国家财政将投入"),
            Some(("五年内", true))
        );
        // a span already past, or in another clause
        assert_eq!(within_deadline("一年内就实现年产"), None);
        assert_eq!(within_deadline("三年内完成改造，新增"), None);
    }
}
