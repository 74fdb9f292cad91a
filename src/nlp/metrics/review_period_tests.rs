//! Review sections and periods (round 13e): money secured by `争取` in the account of the past
//! year (D59), and time words in a value's own clause (D61), on real sentences.

use super::{as_plan, metrics_of};

/// Text, kind as read outside a plan section, kind in a plan section.
fn kinds(text: &str) -> Vec<(String, &'static str, &'static str)> {
    metrics_of(text)
        .into_iter()
        .map(|m| {
            let mut p = m.clone();
            as_plan(&mut p);
            (m.text, m.kind, p.kind)
        })
        .collect()
}

#[test]
fn money_secured_by_zhengqu_is_a_level_outside_plan_sections() {
    // 2026 福建, 浙江 (review of 2025): the money was obtained, not aimed at (D59)
    assert_eq!(
        kinds("自审自发地方政府专项债券1542亿元,争取中央预算内投资150亿元。")[1],
        ("150亿元".to_owned(), "level", "target")
    );
    let k = kinds(
        "争取中央预算内投资237亿元、新型政策性金融工具投放金额889.2亿元,争取用于项目建设的地方政府专项债券额度3150亿元、支持“自审自发”项目2146个。",
    );
    assert_eq!(k[2], ("3150亿元".to_owned(), "level", "target"));
    // a goal: a reach or a future time after 争取, or another plan word, stays a target
    for s in [
        "到本世纪末,我国粮食生产必须争取达到5000亿元。",
        "今后五年,争取中央预算内投资150亿元。",
        "力争争取中央预算内投资150亿元。",
    ] {
        assert_eq!(metrics_of(s)[0].kind, "target", "{s}");
    }
}

fn periods(text: &str) -> Vec<(String, String)> {
    metrics_of(text)
        .into_iter()
        .map(|m| (m.text, m.period))
        .collect()
}

#[test]
fn time_words_in_the_values_own_clause_are_its_period() {
    // 1957: the year of the account; the second 当年 is in the base (D24) and names no other
    let p = periods("执行国家预算的结果,当年支出超过当年收入十八亿三千万元。");
    assert_eq!(p[0].1, "当年");
    // 1985: a quarter of the year is the period of its own figure, not the year (D61)
    let p = periods("1984年全国职工工资总额比上年增长19%,其中第四季度增长38%。");
    assert_eq!((p[0].1.as_str(), p[1].1.as_str()), ("1984年", "第四季度"));
    // 1955: 当年 refers back to a year written before it, which stays the period
    let p = periods("我国在一九○七年,才建设起一个汉阳钢铁厂,当年的钢产量只有八千五百多吨。");
    assert_eq!(p[0].1, "一九○七年");
    // 2008: a bare 五年 before 中央 opens the clause as its period (D16), 五年中 does not
    assert_eq!(
        periods("五年中央财政用于科技的投入达到3406亿元。")[0].1,
        "五年"
    );
}
