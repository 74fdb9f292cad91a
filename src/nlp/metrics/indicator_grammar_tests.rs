//! Tests of the round-13a indicator rules (issue 15: adverbs left at an indicator's edge, owners
//! of generic heads, verbs before a counted noun), each on a sentence of the shared corpora; kept
//! apart so that parallel work on `mod.rs` merges.

use super::*;

fn first(text: &str) -> String {
    indicators_of(text).into_iter().next().unwrap_or_default()
}

#[test]
fn adverbs_of_time_and_scope_leave_the_subject() {
    // 2026 reports (云南, 重庆): 首次 opens the predicate `首次突破`, `首次纳入` (D12)
    assert_eq!(first("本外币贷款余额首次突破5万亿元。"), "本外币贷款余额");
    assert_eq!(
        first("13项辅助生殖技术项目首次纳入医保报销,生育津贴实现直达快享。"),
        "辅助生殖技术项目"
    );
    // gwr1955: 仍然 and 不过 ("only", D50) both close the subject
    assert_eq!(
        first("或者有人认为:我国在第一个五年计划完成之后,钢的产量仍然不过四百多万吨,不仅远远落后于美国和英国。"),
        "钢的产量"
    );
    // gwr1958: a demand (要求) is no part of what grows (D2)
    assert_eq!(first("大豆要求增长百分之四点四。"), "大豆");
}

#[test]
fn an_adverb_alone_takes_the_subject_of_the_clause_before() {
    // gwr1957, gwr1958: the subject stands before the comma, the adverb after it
    assert_eq!(
        first("1956年新增加的钢的生产能力,就有一百四十二万吨;"),
        "新增加的钢的生产能力"
    );
    assert_eq!(
        first("但是,以第一个五年计划期间的总投资额计算,非生产性建设的投资比重,仍然占百分之二十三点四;"),
        "非生产性建设的投资比重"
    );
    assert_eq!(
        first("一九五八年的棉纱、麻袋、糖的产量,都将增长百分之十以上。"),
        "棉纱、麻袋、糖的产量"
    );
}
