//! Round 12b (issue 15): where a `分别` list shares its head among its members. The items of a
//! list (`战略性新兴产业、高新技术产业增加值`) take the head written once after the last one; these
//! rules find that head by the grammar of the list instead of by the length of the first item:
//! items that open with a verb are clauses of their own (no shared head), a head starts where
//! the last item ends like the first ones, and a measure word (`产量`, `出口`) written as the last word of the list is its head.

use super::indicators::Tok;

/// Measures that, as the last word of a list, are its shared head (`黄金、白银、精炼铜、镍产量`).
const LIST_HEADS: [&str; 14] = [
    "产量",
    "产值",
    "增加值",
    "出口",
    "进口",
    "进出口",
    "出口额",
    "排放量",
    "销量",
    "销售额",
    "零售额",
    "营业收入",
    "总产量",
    "总产值",
];

/// Char offset of `phrase` in `text` (its first occurrence).
fn char_at(text: &str, phrase: &str) -> Option<usize> {
    Some(text[..text.find(phrase)?].chars().count())
}

/// Flow markers that name the measure of a noun (D39), no verb of a clause.
const FLOW: [&str; 2] = ["新增", "新建"];

/// Verbs that open a list item as a clause of its own (`接待游客、实现旅游总花费`).
const CLAUSE_VERBS: [&str; 5] = ["实现", "完成", "发放", "引进", "签约"];

/// The last item opens with a verb of [`CLAUSE_VERBS`]: the list is one of clauses.
pub(super) fn last_item_is_clause(last: &str, text: &str, toks: &[Tok]) -> bool {
    let Some(at) = char_at(text, last) else {
        return false;
    };
    toks.iter()
        .any(|t| t.start == at && CLAUSE_VERBS.contains(&t.word))
}

/// With no shared head found: some item of the list opens with a verb and its object (`接待游客、实现旅游总花费`, `城镇新增就业、新增发放创业
/// 担保贷款`): its items are whole clauses and share no head.
pub(super) fn items_are_clauses(subject: &str, parts: &[&str], text: &str, toks: &[Tok]) -> bool {
    let Some(base) = char_at(text, subject) else {
        return false;
    };
    let mut at = base;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            // the delimiter before this item (one char: 、 和 及)
            at += 1;
        }
        // a verb with an object of two chars or more (not the modifier 精炼 of 精炼铜)
        let len = p.chars().count();
        if toks.iter().any(|t| {
            t.start == at && t.is_verb() && t.end + 2 <= at + len && !FLOW.contains(&t.word)
        }) {
            return true;
        }
        at += len;
    }
    false
}

/// Suffix-like morphemes (类词缀) that end the members of a class: 产业/制造业, 急难型/支出型.
const CLASS_SUFFIXES: &str = "业型类级性化品区";

/// `六大优势产业、高技术制造业、绿色低碳优势产业增加值`: the last item ends where a word of it ends
/// in the suffix-like morpheme the earlier items end in (业, 型: [`CLASS_SUFFIXES`]), with a word of the same part of speech (n, v …) as the one
/// ending the first item; the head (增加值) is what follows. The latest such word end that
/// leaves a head of two chars or more.
pub(super) fn parallel_cut(parts: &[&str], text: &str, toks: &[Tok]) -> Option<usize> {
    let (last, earlier) = parts.split_last()?;
    let ends: Vec<char> = earlier
        .iter()
        .filter_map(|p| p.chars().last())
        .filter(|c| CLASS_SUFFIXES.contains(*c))
        .collect();
    let base = char_at(text, last)?;
    let chars: Vec<char> = last.chars().collect();
    // the head ends before a verb of the item (`…增加值占规模以上工业增加值比重`)
    let verb = toks
        .iter()
        .find(|t| t.start > base && t.start < base + chars.len() && t.is_verb())
        .map_or(chars.len(), |t| t.start - base);
    // the word ending the first item: a cut word must be of its kind (鄱阳湖, 洞庭湖: not 还湖)
    let first_end = char_at(text, parts[0])? + parts[0].chars().count();
    let pos = toks.iter().find(|t| t.end == first_end)?.pos.chars().next();
    (1..verb.min(chars.len().saturating_sub(1)))
        .rev()
        .find(|&cut| {
            ends.contains(&chars[cut - 1])
                && toks
                    .iter()
                    .any(|t| t.end == base + cut && t.pos.chars().next() == pos)
        })
}

/// `黄金、白银、精炼铜、镍产量`: the last word of the last item is a measure of [`LIST_HEADS`]
/// and something stands before it: the cut before it.
pub(super) fn measure_head_cut(last: &str, text: &str, toks: &[Tok]) -> Option<usize> {
    let head = LIST_HEADS.iter().find(|h| last.ends_with(**h))?;
    let cut = last.chars().count() - head.chars().count();
    let base = char_at(text, last)?;
    (cut > 0 && toks.iter().any(|t| t.start == base + cut)).then_some(cut)
}

/// An item with an opening or closing quotation mark whose partner is in another item
/// (`“口袋公园”保有量` cut as `城市公园”保有量`) loses the lone mark.
pub(super) fn without_lone_quotes(item: String) -> String {
    let open = item.matches('“').count();
    let close = item.matches('”').count();
    if open == close {
        return item;
    }
    item.chars().filter(|c| !matches!(c, '“' | '”')).collect()
}

/// Verbs that open the second conjunct of a coordination (D13); not 新建 (原有企业和新建企业:
/// a contrastive attribute, D39) nor verbs coordinated with a verb (修复和新建了).
const CONJUNCT_VERBS: [&str; 2] = ["认定", "投入"];

/// `公办幼儿园和认定普惠性民办幼儿园` (the clause's 建设 already stripped): the verb opening the
/// conjunct after 和 goes too (D13) → 公办幼儿园和普惠性民办幼儿园.
pub(super) fn without_conjunct_verb(indicator: &str) -> Option<String> {
    let (first, second) = indicator.split_once('和')?;
    let verb = CONJUNCT_VERBS.iter().find(|v| second.starts_with(**v))?;
    let rest = &second[verb.len()..];
    // a noun phrase of its own after the verb (not 许可和认定事项)
    (first.chars().count() >= 2 && rest.chars().count() >= 3 && !rest.starts_with("的"))
        .then(|| format!("{first}和{rest}"))
}

#[cfg(test)]
mod tests {
    use super::super::indicators_of;

    #[test]
    fn a_head_starts_where_the_last_item_ends_like_the_first() {
        // 四川 2026 (D14: no stutter 产业产业), 浙江 2026 (no truncated 加值)
        assert_eq!(
            indicators_of(
                "六大优势产业、高技术制造业、绿色低碳优势产业增加值分别增长6.8%、12.3%、7.8%。"
            ),
            [
                "六大优势产业增加值",
                "高技术制造业增加值",
                "绿色低碳优势产业增加值"
            ]
        );
        assert_eq!(
            indicators_of("战略性新兴产业、高新技术产业增加值分别增长10%、7.9%。"),
            ["战略性新兴产业增加值", "高新技术产业增加值"]
        );
        // 宁夏 2026 (支出 is no clause verb here); 广东 2026: no head after 占
        assert_eq!(
            indicators_of("急难型、支出型临时救助最低标准分别提高100元、150元。"),
            ["急难型临时救助最低标准", "支出型临时救助最低标准"]
        );
        assert_eq!(
            indicators_of(
                "先进制造业、高技术制造业增加值占规模以上工业增加值比重分别达56.2%、34.7%。"
            ),
            [
                "先进制造业增加值占规模以上工业增加值比重",
                "高技术制造业增加值占规模以上工业增加值比重"
            ]
        );
        // gwr2003: 湖 is no class suffix (还湖 is no lake like 鄱阳湖)
        assert_eq!(
            indicators_of("其中鄱阳湖、洞庭湖还湖面积分别达到880平方公里和600平方公里。"),
            ["鄱阳湖还湖面积", "洞庭湖还湖面积"]
        );
        // a word that only contains the char is no cut (水质)
        assert_eq!(
            indicators_of("地表水、近岸海域水质优良比例分别达96.9%、99.7%。"),
            ["地表水水质优良比例", "近岸海域水质优良比例"]
        );
    }

    #[test]
    fn a_last_measure_word_is_the_head() {
        // 高等 stays a word (gwr2008)
        assert_eq!(
            indicators_of("中、高等职业教育在校生分别达到2000万人和861万人。"),
            ["中等职业教育在校生", "高等职业教育在校生"]
        );
        // 甘肃 2026, 江西 2026
        assert_eq!(
            indicators_of("黄金、白银、精炼铜、镍产量分别增长544.4%、199.2%、110.9%、32.2%。"),
            ["黄金产量", "白银产量", "精炼铜产量", "镍产量"]
        );
        assert_eq!(
            indicators_of("集成电路、汽车零配件、锂电池出口分别增长107.9%、46.7%、57.4%。"),
            ["集成电路出口", "汽车零配件出口", "锂电池出口"]
        );
    }

    #[test]
    fn items_opening_with_a_verb_share_no_head() {
        // 云南 2026
        assert_eq!(
            indicators_of("接待游客、实现旅游总花费分别增长11.8%、11.5%。"),
            ["接待游客", "实现旅游总花费"]
        );
        // 贵州 2026: 接待 governs the list, 人次 is its head
        assert_eq!(
            indicators_of("接待省外游客、入境过夜游客人次年均分别增长8.5%、80.9%。"),
            ["接待省外游客人次", "入境过夜游客人次"]
        );
        // 西藏 2026
        assert_eq!(
            indicators_of("接待游客、旅游总花费分别增长10.7%和9.5%。"),
            ["接待游客", "旅游总花费"]
        );
    }

    #[test]
    fn verbs_opening_a_clause_or_a_conjunct_are_no_indicator() {
        // 宁夏 2026 (audit 9 row 1273), 山西 2026 (row 1958), D13
        assert_eq!(
            indicators_of("深入开展安全生产治本攻坚三年行动,投入安全生产资金100多亿元。"),
            ["安全生产资金"]
        );
        assert_eq!(
            indicators_of("建设公办幼儿园和认定普惠性民办幼儿园1200余所。"),
            ["公办幼儿园和普惠性民办幼儿园"]
        );
        assert_eq!(indicators_of("认定高新技术企业1400家。"), ["高新技术企业"]);
        // gwr2015: 认定事项 is a noun coordinated with 许可
        assert_eq!(
            indicators_of("取消职业资格许可和认定事项149项。"),
            ["职业资格许可和认定事项"]
        );
        // 投入生产 names the counted spindles (gwr1955)
        assert!(indicators_of("投入生产的纺锭165万枚。")[0].starts_with("投入生产"));
    }
}
