//! Tests of the round-11 metric rules (issue 15, review 10 #3, #4, #11), each on a sentence of
//! the shared corpora or of the review; kept apart so that parallel work on `mod.rs` merges.

use super::*;

/// (indicator, kind, direction, period, deadline) of every figure.
fn rows(text: &str) -> Vec<(String, &'static str, &'static str, String, String)> {
    metrics_of(text)
        .into_iter()
        .map(|m| (m.indicator, m.kind, m.direction, m.period, m.deadline))
        .collect()
}

fn row(
    ind: &str,
    kind: &'static str,
    dir: &'static str,
    period: &str,
    deadline: &str,
) -> (String, &'static str, &'static str, String, String) {
    (ind.into(), kind, dir, period.into(), deadline.into())
}

#[test]
fn every_reach_verb_makes_both_ends_of_a_from_to_pair_levels() {
    // 河北 2026
    assert_eq!(
        rows("居民人均可支配收入从27136元增长到36439元。"),
        [
            row("居民人均可支配收入", "level", "", "", ""),
            row("居民人均可支配收入", "level", "", "", "")
        ]
    );
    assert_eq!(
        rows("全省生产总值从2020年的3.68万亿元增长到2025年的4.93万亿元。"),
        [
            row("生产总值", "level", "", "2020年", ""),
            row("生产总值", "level", "", "2025年", "")
        ]
    );
    // gwr1956, gwr1980: 上升到, 降低到
    for (text, to) in [
        ("现代工业所占的比重,由1954年的33%上升到34%。", "34"),
        ("每吨钢的综合能耗,由上年的2.51吨煤,降低到2.28吨煤。", "2.28"),
        ("人均体育场地面积由1.8平方米增长至2.9平方米。", "2.9"),
        ("排名由369位上升至235位。", "235"),
    ] {
        let m = metrics_of(text);
        let last = m.last().unwrap();
        assert_eq!(
            (&*last.value, last.kind, last.direction),
            (to, "level", ""),
            "{text}"
        );
    }
    // a change without a from-value stays a change
    assert_eq!(metrics_of("城镇居民收入增长5.2%。")[0].kind, "change");
}

#[test]
fn a_year_after_zhi_dates_the_level_unless_it_ends_a_range() {
    // 贵州 2026
    let m = metrics_of("高等教育毛入学率从2020年的41.6%提升至2025年的52%以上。");
    assert_eq!(
        m.iter().map(|m| m.period.as_str()).collect::<Vec<_>>(),
        ["2020年", "2025年"]
    );
    // `2021年至2025年`: the range's end is no period of its own
    let m = metrics_of("2021至2025年累计完成投资3000亿元。");
    assert_ne!(m[0].period, "2025年");
}

#[test]
fn a_span_of_years_is_a_period_and_never_a_deadline() {
    // gwr2008, gwr1985, 贵州 2026
    assert_eq!(
        rows("2003年到2007年，中央财政对地方的转移支付累计4.25万亿元。")[0],
        row(
            "中央财政对地方的转移支付",
            "level",
            "",
            "2003年到2007年",
            ""
        )
    );
    let m = metrics_of("从1979年到1983年，农业总产值平均每年增长7.9%。");
    assert_eq!(
        (m[0].kind, &*m[0].period, &*m[0].deadline),
        ("change", "1979年到1983年", "")
    );
    let m = metrics_of("远远超过了1953年到1978年的二十六年间平均每年增长3.2%的速度。");
    assert_eq!(m[0].period, "1953年到1978年");
    // a plan's 到 stays a deadline
    let m = metrics_of("到2025年底，森林覆盖率达到25%。");
    assert_eq!((m[0].kind, &*m[0].deadline), ("target", "到2025年底"));
}

#[test]
fn dao_before_a_past_time_or_an_account_of_what_is_there_is_a_period() {
    // gwr1997, gwr1980, gwr1956
    let m = metrics_of("到去年底，全国已有50%的县基本普及九年义务教育。");
    assert_eq!(
        (m[0].kind, &*m[0].period, &*m[0].deadline),
        ("level", "去年底", "")
    );
    let m = metrics_of("实行扩大自主权试点的工业企业，到今年上半年有6,600个左右。");
    assert_eq!(
        (m[0].kind, &*m[0].period, &*m[0].deadline),
        ("count", "今年上半年", "")
    );
    let m = metrics_of("到1955年底，参加农业生产合作社的农户已经达到7,500多万户。");
    assert_eq!(
        (m[0].kind, &*m[0].period, &*m[0].deadline),
        ("count", "1955年底", "")
    );
}

#[test]
fn duo_inside_ge_baifendian_is_at_least_points() {
    // gwr2013
    let m = metrics_of("占国际市场份额比2007年提高2个多百分点。");
    assert_eq!(
        (&*m[0].value, &*m[0].unit, m[0].qualifier, &*m[0].dimension),
        ("2", "个百分点", "at_least", "ratio")
    );
}

#[test]
fn direction_words_inside_nouns_give_no_change() {
    // 云南 2026, 甘肃 2026, gwr2016
    let m = metrics_of("强化经济运行分析研究，出台稳增长政策32项。");
    assert_eq!((m[0].kind, m[0].direction), ("count", ""));
    let m = metrics_of("工业对全省经济增长的贡献率达到36.1%。");
    assert_eq!((m[0].kind, m[0].direction), ("level", ""));
    // a verb stays one
    assert_eq!(metrics_of("工业增加值增长8.5%。")[0].direction, "up");
}

#[test]
fn fang_after_a_number_is_cubic_metres_but_not_in_fangmian() {
    // 宁夏 2026, 江西 2026
    let m = metrics_of("天然气产能达到22亿方。");
    assert_eq!((&*m[0].unit, &*m[0].unit_std), ("亿方", "立方米"));
    assert_eq!(m[0].value_std, 2.2e9);
    let m = metrics_of("并从5方面提出了28个主要指标。");
    assert!(m.iter().all(|m| !m.unit.ends_with('方')), "{m:?}");
}

#[test]
fn the_fallback_indicator_is_a_phrase_of_the_text() {
    // 宁夏 2026, 广东 2026; gwr1956 (即)
    let m = metrics_of("90%的化工园区降至较低风险等级。");
    assert_eq!(m[0].indicator, "化工园区降至较低风险等级");
    let m = metrics_of("建成新时代文明实践中心(所、站)2.8万个。");
    assert_eq!(m[0].indicator, "新时代文明实践中心(所、站)");
    let m = metrics_of("1955年本年收入增长966,485,000元，即增长3.68%。");
    assert_eq!(m[1].indicator, "本年收入");
}
