//! Plan sections: a work report's figures under a heading such as `二、2026年工作安排` or
//! `三、今年主要任务` are the plans for the coming year, even when their sentence carries no plan
//! word (`产值突破1300亿元。`). The heading is document context, so it is applied after the
//! per-sentence analysis (which stays a function of the sentence text alone): each metric
//! records the direction it takes as a plan figure, and the document pass makes it a target.

use super::Metric;
use super::indicators::{DOWN_WORDS, PLAN_DOWN_WORDS, Tok, UP_WORDS, find_verb, is_delim};

/// Words of a top-level heading that opens the plans of a report.
const PLAN_HEADINGS: [&str; 15] = [
    "工作安排",
    "基本任务",
    "重点工作",
    "主要工作",
    "主要任务",
    "目标任务",
    "总体部署",
    "总体要求",
    "奋斗目标",
    "预期目标",
    "主要目标",
    "主要考虑",
    "民生实事",
    "今年",
    "明年",
];

/// Words of a heading that looks back, whatever else it names (`2025年主要工作和…发展成就`,
/// `采取的有关措施和下步工作安排`).
const REVIEW_HEADINGS: [&str; 10] = [
    "回顾",
    "执行",
    "决算",
    "总结",
    "成就",
    "成绩",
    "过去",
    "采取的",
    "进展",
    "情况",
];

const CN_NUMERALS: &str = "一二三四五六七八九十";

/// What a sentence says about the section it opens: `Some(true)` for a top-level heading of
/// plans (`二、2026年工作安排`) or a heading `(三)…` naming a year's plan (the top level of the
/// 1958 report: `(三)一九五八年国民经济各部门发展计划的安排`), `Some(false)` for any other
/// top-level heading (`一、工作回顾`, `四、全面提升政府治理效能`), None for everything else,
/// other sub-headings (`(一)…`, `一是…`) included. Only headings (a sentence of `is_heading`) need to be asked.
pub fn plan_heading(sentence: &str) -> Option<bool> {
    if let Some(head) = paren_heading(sentence) {
        let review = REVIEW_HEADINGS.iter().any(|w| head.contains(w)) || head.contains("形势");
        return (!review && years_plan(head)).then_some(true);
    }
    let rest = sentence.trim_start_matches(|c: char| CN_NUMERALS.contains(c));
    if rest.len() == sentence.len() || !rest.starts_with('、') {
        return None;
    }
    // the heading proper: up to its first full stop (`一、认真地…改革城市经济体制。…`)
    let head = rest.split(['。', '；', ';']).next().unwrap_or(rest);
    // `一、当前国内形势和基本任务`: a heading on the present situation opens a review first
    let review = REVIEW_HEADINGS.iter().any(|w| head.contains(w)) || head.contains("形势");
    Some(!review && (PLAN_HEADINGS.iter().any(|w| head.contains(w)) || years_plan(head)))
}

/// The title of a heading `(三)…` (a sub-heading in most reports, the top level in some national
/// ones: `(三)一九五八年国民经济各部门发展计划的安排`), up to its first full stop.
fn paren_heading(sentence: &str) -> Option<&str> {
    let rest = sentence.strip_prefix('(')?;
    let rest = rest.trim_start_matches(|c: char| CN_NUMERALS.contains(c));
    let head = rest.strip_prefix(')')?;
    Some(head.split(['。', '；', ';']).next().unwrap_or(head))
}

/// `1956年的国家预算`, `1991年计划的主要目标`: a heading naming a year's plan or budget (the
/// national reports' section on the coming year; the past year's is 执行情况 or 决算). The year
/// is written out (`1956年`, `一九五八年`), not a span (`第一个五年计划`).
fn years_plan(head: &str) -> bool {
    head.match_indices('年').any(|(i, _)| {
        let year_digits = head[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || "〇零一二三四五六七八九".contains(*c))
            .count();
        if year_digits < 4 {
            return false;
        }
        let after = &head[i + '年'.len_utf8()..];
        let near: String = after
            .chars()
            .take_while(|c| !matches!(c, '，' | ',' | '、' | '和'))
            .take(12)
            .collect();
        near.contains("计划") || near.contains("预算")
    })
}

/// The longest unnumbered heading, in characters (`2026年重点工作`, `“十五五”时期的主要目标任务`).
const BARE_HEADING_CHARS: usize = 24;

/// What a line standing alone without a numeral says about the section it opens (the reports
/// of some provinces head their parts `“十四五”时期工作回顾`, `2026年重点工作`, and put the
/// year's list of 民生实事 in an appendix): `Some(true)` for the words of a plan heading,
/// `Some(false)` for a review heading, None for everything else (a title, a date, an appendix's
/// `附件`, whose own title on the next line decides, any sentence with punctuation).
fn bare_heading(sentence: &str) -> Option<bool> {
    if sentence.len() > BARE_HEADING_CHARS * 3
        || sentence.chars().count() > BARE_HEADING_CHARS
        || sentence.contains(['。', '，', ',', '；', ';', '：', ':', '！', '？', '!', '?'])
    {
        return None;
    }
    if REVIEW_HEADINGS.iter().any(|w| sentence.contains(w)) {
        return Some(false);
    }
    // 今年/明年 name a plan only in a numbered heading (a bare line with them is a date or a title)
    PLAN_HEADINGS
        .iter()
        .filter(|w| !matches!(**w, "今年" | "明年"))
        .any(|w| sentence.contains(w))
        .then_some(true)
}

/// The section a sentence opens: [`plan_heading`] for a numbered top-level heading (`is_heading`),
/// [`bare_heading`] for a short line without a numeral, None for everything else.
pub fn section_heading(sentence: &str, is_heading: bool) -> Option<bool> {
    if is_heading {
        plan_heading(sentence)
    } else {
        bare_heading(sentence)
    }
}

/// Where a sentence stands: in a plan section or not, and whether the section was opened by
/// an unnumbered part heading (`第六个五年计划的基本任务`, `2026年重点工作`), whose numbered
/// sections (`一、关于工农业生产的发展速度和经济效益`) are its parts and do not close it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanState {
    pub plan: bool,
    pub part: bool,
}

/// Whether each sentence of a document stands in a plan section: opened by a top-level plan
/// heading and carried to the next top-level heading (a numbered heading inside a part opened
/// by an unnumbered heading closes it only when it looks back). `texts` are the sentences in
/// order, with their `is_heading` flags; `start` is the state before the first (a chunk of a
/// document continues the state of the chunks before it).
pub fn plan_sections<'a>(
    start: PlanState,
    sentences: impl IntoIterator<Item = (&'a str, bool)>,
) -> Vec<PlanState> {
    let mut state = start;
    sentences
        .into_iter()
        .map(|(text, heading)| {
            if heading {
                match plan_heading(text) {
                    // a numbered plan heading inside a part of plans stays in it
                    Some(true) => {
                        state = PlanState {
                            plan: true,
                            part: state.plan && state.part,
                        }
                    }
                    Some(false) if state.part && !looks_back(text) => {}
                    Some(false) => state = PlanState::default(),
                    None => {}
                }
            } else if let Some(p) = bare_heading(text) {
                state = PlanState {
                    plan: p,
                    part: true,
                };
            }
            state
        })
        .collect()
}

/// A heading with a word of a review (`一、1990年计划的执行情况`).
fn looks_back(heading: &str) -> bool {
    let head = heading.split(['。', '；', ';']).next().unwrap_or(heading);
    REVIEW_HEADINGS.iter().any(|w| head.contains(w))
}

/// Make a metric of a plan section a target, unless it is no plan figure there.
pub fn as_plan(m: &mut Metric) {
    if let Some(direction) = m.plan_direction
        && m.kind != "target"
    {
        m.kind = "target";
        m.direction = direction;
        m.why.kind = "a figure of a plan section (its top-level heading: 工作安排, 主要任务 …)";
    }
}

/// Adverbs that may stand between the modal `将` and its verb (`将共达`, `就将至少为国家节约`).
const PROJECTION_ADVERBS: [&str; 9] = ["至少", "共", "可", "能", "会", "再", "还", "也", "进一步"];

/// Verbs of an amount that a projection with `将` states (`将共达五十亿元`, `将增加`); not
/// `将近` (nearly), and not `将` as the object marker (`将扶贫标准提高到…`), since a noun stands
/// after that one.
const PROJECTION_VERBS: [&str; 12] = [
    "达", "增", "减", "提高", "降低", "节约", "节省", "超过", "突破", "为", "比", "有",
];

/// Whether a figure is a plan or projection by its clause, beyond the per-clause cues of
/// [`super::indicators`] (`plan`): `将` before a verb of amounts that jieba joined to the word
/// before it or tagged as an adverb (`…费将共达五十亿元`, `就将至少为国家节约二十亿元`); a lead
/// `计划要求`/`计划规定` earlier in the sentence that governs the figures after it (`国家计划要求
/// 今年的国民生产总值…增长百分之五,工业总产值增长百分之六`); unless the figure's own clause
/// reports an outturn (`完成了`, `已`). The converse: a figure specifying the noun after it
/// (`载重量一万三千多吨的远洋货轮`) in a clause with no verb is no plan figure, whatever plan
/// its sentence states.
pub(super) fn clause_plan(
    plan: bool,
    chars: &[char],
    toks: &[Tok],
    (strong_start, start, end): (usize, usize, usize),
) -> bool {
    let clause = &chars[strong_start.min(start)..start];
    if plan {
        return !specifies_noun(chars, toks, (strong_start, start, end));
    }
    if clause.iter().any(|c| matches!(c, '了' | '已')) || has(clause, "完成") || baseline(clause)
    {
        return false;
    }
    projection(clause) || plan_lead(&chars[..strong_start.min(start)])
}

/// `比一九八○年的七千一百五十九亿元`, `将从一九八○年的二十八万人增加到…`: a figure right after
/// its baseline or from-word (no verb of change or reach between) is the current level.
fn baseline(clause: &[char]) -> bool {
    clause
        .iter()
        .rposition(|c| matches!(c, '比' | '从' | '由'))
        .is_some_and(|i| {
            !clause[i + 1..]
                .iter()
                .any(|c| "到至为增减提降达长".contains(*c))
        })
}

fn has(text: &[char], word: &str) -> bool {
    let n = word.chars().count();
    text.windows(n).any(|x| x.iter().copied().eq(word.chars()))
}

fn starts(text: &[char], word: &str) -> bool {
    let mut it = text.iter();
    word.chars().all(|c| it.next() == Some(&c))
}

/// `将` (not `将近`) then adverbs then a verb of amounts, in the clause before a figure.
fn projection(clause: &[char]) -> bool {
    clause.iter().enumerate().any(|(i, c)| {
        if *c != '将' {
            return false;
        }
        let mut rest = &clause[i + 1..];
        while let Some(a) = PROJECTION_ADVERBS.iter().find(|a| starts(rest, a)) {
            rest = &rest[a.chars().count()..];
        }
        PROJECTION_VERBS.iter().any(|v| starts(rest, v))
    })
}

/// `计划要求`/`计划规定` as the lead of the sentence's figures (`国家计划要求今年…`,
/// `计划规定,…`), not naming a plan's figure (`超过计划规定的速度`), in the clauses before the
/// figure's.
fn plan_lead(before: &[char]) -> bool {
    ["计划要求", "计划规定"].iter().any(|w| {
        let n = w.chars().count();
        before
            .windows(n)
            .enumerate()
            .any(|(i, x)| starts(x, w) && before.get(i + n) != Some(&'的'))
    })
}

/// `载重量一万三千多吨的远洋货轮`, `五万千瓦的全套火力发电设备`: a figure right before 的 and a
/// noun, in a clause without a verb or a word of plans, specifies that noun.
fn specifies_noun(
    chars: &[char],
    toks: &[Tok],
    (strong_start, start, end): (usize, usize, usize),
) -> bool {
    if chars.get(end) != Some(&'的') {
        return false;
    }
    let noun_after = toks
        .iter()
        .find(|t| t.start == end + 1)
        .is_some_and(|t| t.pos.starts_with('n') && !FIGURE_NOUNS.contains(&t.word));
    let verb_before = toks
        .iter()
        .filter(|t| t.start >= strong_start && t.end <= start)
        .any(|t| {
            t.pos.starts_with('v') || t.pos == "p" || t.word.contains(['将', '要', '把', '在'])
        });
    noun_after && !verb_before
}

/// Nouns after `的` that name the figure itself, not another thing (`稳定在一亿吨的水平上`).
const FIGURE_NOUNS: [&str; 8] = [
    "水平", "规模", "目标", "程度", "幅度", "速度", "标准", "额度",
];

/// Words of a period that lies before the plan (`去年的1076亿元`, `原来日产量…六百吨`).
const PAST: [&str; 6] = ["去年", "上年", "过去", "以来", "截至", "原来"];

/// The direction a figure takes when its section is a plan (up for 增长/提高到…, down for
/// 减少/压减…, empty for 新建/达到/突破), or None when it is no plan figure even there:
/// - the from-value of a from/to pair (`由去年的1076亿元增加到…`), a figure of a past period;
/// - a capacity or threshold that modifies a noun (`吉化120万吨乙烯…项目`, `投资2000万元以上的
///   技改项目`), not the object of a verb (`发行1500亿元国债` is planned);
/// - a share of a plan completed (`计划完成102.6%`, `没有完成计划：钢完成96.4%`), an outturn;
/// - the size of a set the plan acts on (`济南、青岛…4大基地`, `…等4个产业`, `在36个大城市`).
pub(super) fn plan_direction(
    chars: &[char],
    toks: &[Tok],
    (start, end): (usize, usize),
    (strong_pre, count, noun_list): (&str, bool, bool),
) -> Option<&'static str> {
    // a figure of a past period (`去年的1076亿元`, `截至…`), in its own clause; not a baseline
    // (`比上年增长9.6%` is a planned growth)
    if PAST.iter().any(|w| past_period(strong_pre, w)) {
        return None;
    }
    // `计划完成102.6%`, `完成预算的96.98%`: a share of a plan completed is an outturn
    // (the plan named: `分别完成25%` in a plan section is a planned share of work)
    let completed = strong_pre.rfind("完成").is_some_and(|i| {
        let (before, after) = (&strong_pre[..i], &strong_pre[i + "完成".len()..]);
        let plan = |t: &str| ["计划", "预算", "预算数"].iter().any(|w| t.ends_with(w));
        after.is_empty() && plan(before) || plan(after.trim_end_matches('的'))
    });
    // `没有完成计划：钢完成96.4%`: the plan named earlier in the sentence, the share right
    // after 完成 is an outturn too (D31)
    let named_plan = || {
        chars[..start]
            .windows(2)
            .any(|w| w == ['计', '划'] || w == ['预', '算'])
    };
    let fulfilled = strong_pre.trim_end_matches('了').ends_with("完成") && named_plan();
    if (completed || fulfilled) && chars[..end].ends_with(&['%']) {
        return None;
    }
    // (not a source of a verb before the figure: `从粮食风险基金中拿出100亿元` is planned)
    if compared_with(strong_pre) {
        return None;
    }
    let last_from = strong_pre.rfind(['从', '由']);
    if last_from.is_some_and(|i| {
        let from = start - strong_pre[i..].chars().count();
        !strong_pre[i..].contains(['到', '至', '为'])
            && !toks
                .iter()
                .any(|t| t.start > from && t.end <= start && t.pos.starts_with('v'))
    }) {
        return None;
    }
    let before = toks.iter().rev().find(|t| t.end <= start);
    let after = chars.get(end).copied();
    if count {
        let scope = noun_list
            || before.is_some_and(|t| SCOPE_WORDS.contains(&t.word) || t.word.ends_with('等'))
            || closes_list(chars, toks, (start, end));
        if scope {
            return None;
        }
    } else {
        let noun_after = after.is_some_and(|c| {
            toks.iter()
                .find(|t| t.start <= end && end < t.end)
                .is_some_and(|t| t.pos.starts_with('n'))
                && !c.is_ascii_digit()
        });
        // jieba tags many verbs before an object as verbal nouns (`启动/vn 1亿亩试点`)
        let verb_before = before.is_some_and(|t| t.pos.starts_with('v'));
        if after == Some('的') || noun_after && !verb_before {
            return None;
        }
    }
    let up = find_verb(strong_pre, &UP_WORDS).or(find_verb(strong_pre, &PLAN_UP_WORDS));
    let down = find_verb(strong_pre, &DOWN_WORDS).or(find_verb(strong_pre, &PLAN_DOWN_WORDS));
    Some(match (down, up) {
        (Some(_), _) => "down",
        (None, Some(_)) => "up",
        (None, None) => "",
    })
}

/// `比第五个五年计划期间的五百七十七亿元增加百分之六十八`: a figure right after 比 (no verb of
/// change or reach between; not 比重, 比例, 比率, 占比, 同比, 环比) is the baseline the plan is
/// compared with.
fn compared_with(pre: &str) -> bool {
    pre.rfind('比').is_some_and(|i| {
        let after = &pre[i + '比'.len_utf8()..];
        !after.starts_with(['重', '例', '率'])
            && !pre[..i].ends_with(['占', '同', '环'])
            && !after.contains(['到', '至', '为', '增', '减', '提', '降', '达', '长'])
    })
}

/// `细化提出22项主要指标`, `16个预期性指标`, `8个约束性指标未能如期完成`: a count of the indicators
/// a plan sets is the size of a list, a `count` with no direction, never a target (D56). True
/// when 指标 ends the noun right after the count (at most 5 characters, no delimiter between).
pub(super) fn counts_indicators(chars: &[char], end: usize) -> bool {
    let after = &chars[end.min(chars.len())..];
    let len = after
        .iter()
        .take(7)
        .take_while(|c| !is_delim(**c) && !matches!(c, '“' | '”' | '"' | '、' | '(' | ')'))
        .count();
    after[..len].windows(2).any(|w| w == ['指', '标'])
}

/// Whether `word` stands in `pre` other than as a baseline after 比/较/同 (`比上年`).
fn past_period(pre: &str, word: &str) -> bool {
    pre.match_indices(word).any(|(i, _)| {
        !pre[..i]
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '比' | '较' | '同'))
    })
}

/// Words before a count that make it the set a plan acts on (`在36个大城市`, `以10件民生实事为
/// 引领`, `等4个产业`).
const SCOPE_WORDS: [&str; 7] = ["在", "以", "对", "向", "围绕", "聚焦", "等"];

/// Growth words of a planned target besides the change words (`试点扩大到1000个县`).
const PLAN_UP_WORDS: [&str; 2] = ["扩大", "扩展"];

/// `长白山、三江、吉光3个省实验室`: a count right after the last item of a list of names (no
/// verb in that item) and before the noun it counts is the size of the list (not `酒庄5个、
/// 街区5条`, whose nouns stand before their counts).
fn closes_list(chars: &[char], toks: &[Tok], (start, end): (usize, usize)) -> bool {
    let Some(d) = chars[..start].iter().rposition(|c| is_delim(*c)) else {
        return false;
    };
    // the token at the end of the count (`3/m 个省/n 实验室`: jieba joins the measure word)
    let noun_after = toks
        .iter()
        .find(|t| t.start <= end && end < t.end)
        .is_some_and(|t| t.pos.starts_with('n'));
    chars[d] == '、'
        && noun_after
        && d + 1 < start
        && !toks
            .iter()
            .filter(|t| t.start > d && t.end <= start)
            .any(|t| t.pos.starts_with('v') || matches!(t.pos, "p" | "d" | "m"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_headings_open_and_close_sections() {
        assert_eq!(plan_heading("二、2026年工作安排"), Some(true));
        assert_eq!(plan_heading("三、2014年重点工作"), Some(true));
        assert_eq!(plan_heading("二、今年主要任务"), Some(true));
        assert_eq!(plan_heading("二、“十五五”时期主要目标任务"), Some(true));
        assert_eq!(plan_heading("一、2025年工作回顾"), Some(false));
        assert_eq!(
            plan_heading("一、2025年主要工作和“十四五”发展成就"),
            Some(false)
        );
        assert_eq!(plan_heading("四、全面提升政府治理效能"), Some(false));
        assert_eq!(
            plan_heading("三、采取的有关措施和下步工作安排"),
            Some(false)
        );
        assert_eq!(plan_heading("(一)促进消费投资良性互动。"), None);
        assert_eq!(plan_heading("一是加强组织领导。"), None);
        assert_eq!(plan_heading("一大批问题得到解决。"), None);
        // the national reports' sections on the coming year's budget or plan
        assert_eq!(plan_heading("二、1956年的国家预算"), Some(true));
        assert_eq!(plan_heading("二、1991年计划的主要目标和任务"), Some(true));
        assert_eq!(plan_heading("一、1990年计划的执行情况"), Some(false));
        assert_eq!(plan_heading("一、1955年国家决算"), Some(false));
        assert_eq!(plan_heading("二、第一个五年计划概要"), Some(false));
    }

    #[test]
    fn bare_lines_with_heading_words_open_and_close_sections() {
        assert_eq!(section_heading("2026年重点工作", false), Some(true));
        assert_eq!(section_heading("2026年自治区民生实事", false), Some(true));
        assert_eq!(section_heading("“十四五”时期工作回顾", false), Some(false));
        assert_eq!(section_heading("附件", false), None);
        assert_eq!(section_heading("2026年甘肃省政府工作报告", false), None);
        assert_eq!(section_heading("今年要重点做好以下工作。", false), None);
        assert_eq!(section_heading("重点抓好八个方面工作：", false), None);
        assert_eq!(
            section_heading("国务院副总理兼国家计划委员会主任", false),
            None
        );
        let doc = [
            ("“十四五”时期工作回顾", false),
            ("新增就业100万人。", false),
            ("2026年重点工作", false),
            ("新增就业30万人。", false),
        ];
        let plans: Vec<bool> = plan_sections(PlanState::default(), doc)
            .iter()
            .map(|s| s.plan)
            .collect();
        assert_eq!(plans, [false, false, true, true]);
    }

    /// (text, kind, direction as a plan figure) of each metric of one sentence.
    fn planned(text: &str) -> Vec<(String, &'static str, Option<&'static str>)> {
        super::super::metrics_of(text)
            .into_iter()
            .map(|m| (m.text, m.kind, m.plan_direction))
            .collect()
    }

    #[test]
    fn what_a_plan_section_makes_a_target() {
        let p = |t: &str| planned(t).into_iter().map(|m| m.2).collect::<Vec<_>>();
        // counts of things to build, in a list; a scope given by a list of names is no target
        assert_eq!(p("新打造省级特色酒庄5个、美酒美食街区5条。"), [Some(""); 2]);
        assert_eq!(p("推动长白山、三江、吉光3个省实验室高效运营。"), [None]);
        assert_eq!(p("推进高端装备等4个万亿级产业发展。"), [None]);
        // a list that a verb of plans governs is what the plan makes
        assert_eq!(
            p("新培育独角兽、小巨人、单项冠军企业300家以上。"),
            [Some("")]
        );
        // a from/to pair: the from-value is the current level
        assert_eq!(
            p("城镇居民人均补助由去年的1076元增加到1200元。"),
            [None, Some("up")]
        );
        assert_eq!(p("县级公立医院综合改革试点扩大到1000个县。"), [Some("up")]);
        // a capacity that names a project is no target; an amount issued is
        assert_eq!(p("推动吉林梅花60万吨赖氨酸等项目释放产能。"), [None]);
        assert_eq!(p("发行1500亿元长期建设国债。"), [Some("")]);
        assert_eq!(p("压减粗钢产能500万吨。"), [Some("down")]);
        // a baseline after 比 is no past period: the growth over it is planned
        assert_eq!(p("工业总产值比上年增长6%。"), [Some("up")]);
        // a share of a plan completed is an outturn, not a plan
        assert_eq!(p("工业生产总值计划完成102.6%。"), [None]);
        assert_eq!(p("投资总额完成年计划27%。"), [None]);
        assert_eq!(p("加固任务分别完成25%。"), [Some("")]);
    }

    #[test]
    fn a_word_opening_with_duo_is_no_approximation() {
        let res = super::super::test_resources();
        let doc = crate::text::normalize::normalize("打造5条多式联运示范线路，新建10个多月。");
        let split = crate::text::sentences::split_sentences(&doc, 1000);
        let m = crate::nlp::resources::extract_metrics(res, &doc, &split.sentences[0]);
        assert_eq!((m[0].text.as_str(), m[0].qualifier), ("5条", ""));
        assert_eq!((m[1].text.as_str(), m[1].qualifier), ("10个多", "at_least"));
    }

    #[test]
    fn a_plan_section_runs_to_the_next_top_level_heading() {
        let doc = [
            ("一、2025年工作回顾", true),
            ("产值达到100亿元。", false),
            ("二、2026年工作安排", true),
            ("(一)扩大内需。", true),
            ("产值突破130亿元。", false),
            ("三、全面提升政府治理效能", true),
            ("培训干部1000人次。", false),
        ];
        let got: Vec<bool> = plan_sections(PlanState::default(), doc)
            .iter()
            .map(|s| s.plan)
            .collect();
        assert_eq!(got, [false, false, true, true, true, false, false]);
        // a chunk that starts inside a plan section continues it
        let inside = PlanState {
            plan: true,
            part: false,
        };
        assert_eq!(plan_sections(inside, doc[4..5].iter().copied()), [inside]);
    }
}
