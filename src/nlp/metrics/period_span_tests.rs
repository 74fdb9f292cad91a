//! Round 13c (issue 15): tests on real sentences of the reports for the units that are words
//! (`三方会谈`, `900多万个体工商户`), periods from spans and sentence heads, owners of generic
//! heads.

use super::metrics_of;

#[test]
fn parties_are_no_cubic_metres() {
    // gwr1984: 三方 counts parties; volumes keep their 方 (gwr2026 宁夏)
    let m = metrics_of("并且赞成朝鲜南北两方和美国能早日举行三方会谈。");
    assert!(m.iter().all(|m| !m.unit.ends_with('方')), "{m:?}");
    let m = metrics_of("天然气产能达到22亿方。");
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].unit, "亿方");
}

#[test]
fn individual_businesses_are_no_count_of_ge() {
    let m = metrics_of("降低900多万个体工商户税负。");
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].text, "900多万");
    assert_eq!(m[0].unit, "万");
    let m = metrics_of("建立健全3个体系。");
    assert_eq!(m[0].unit, "个", "{m:?}");
}

fn periods(text: &str) -> Vec<String> {
    metrics_of(text).into_iter().map(|m| m.period).collect()
}

#[test]
fn a_plan_span_in_the_sentence_is_the_period() {
    // gwr2026 贵州 (audit 2026 4889)
    let p = periods(
        "优化实施新一轮“3个100万”,“十五五”时期市(州)中心城市新增人口100万、县城新增人口100万、新增旅居人口100万。",
    );
    assert_eq!(p[p.len() - 3..], ["“十五五”时期"; 3]);
    // gwr1996, gwr2006: any plan's span, and its name before 年均
    assert_eq!(
        periods("“八五”期间,国民生产总值年均增长12%,1995年达到57600多亿元。"),
        ["“八五”期间", "1995年"]
    );
    assert_eq!(
        periods("“十五”期间国内生产总值增长速度比原来预计的高一些,“十一五”年均增长7.5%。"),
        ["“十一五”"]
    );
    // the plan's name alone is no span
    assert_eq!(periods("“十四五”规划确定的28个指标。"), [""]);
}

#[test]
fn a_span_compared_with_is_no_period() {
    // gwr2026 辽宁, 贵州
    assert_eq!(
        periods("地区生产总值年均增长4.5%,高于“十三五”时期1.2个百分点。"),
        ["", ""]
    );
    assert_eq!(
        periods("省国资委监管企业“十四五”时期利润总额为“十三五”时期的2.2倍。"),
        ["“十四五”时期"]
    );
}

#[test]
fn a_year_back_heading_the_sentence_is_the_period() {
    // gwr2026 辽宁 (audit 2026 4934), shortened
    let p = periods(
        "一年来,全省上下牢记嘱托、砥砺奋进,全省经济总体平稳、稳中有进,地区生产总值增长3.7%,城镇新增就业48万人。",
    );
    assert_eq!(p, ["一年来", "一年来"]);
    // gwr1955
    assert_eq!(
        periods("两年来,国家机关的工人职员总数共增加大约三百万人,实增约二百万人;")[0],
        "两年来"
    );
    // 十三年来 is no 三年来
    assert_eq!(periods("十三年来,粮食产量增长了20%。"), [""]);
}

fn indicators(text: &str) -> Vec<String> {
    metrics_of(text).into_iter().map(|m| m.indicator).collect()
}

#[test]
fn a_bare_domain_measure_takes_the_object_named_by_its_domain() {
    // gwr2026 内蒙古 (audit 2026 535)
    assert_eq!(
        indicators("部区共建内蒙古牛羊肉交易中心,力争交易额达到100亿元。"),
        ["内蒙古牛羊肉交易中心交易额"]
    );
    // gwr2026 广东: the clause before ends in a verb, so no object owns 成交额
    assert_eq!(
        indicators("高交会促成1023项供需对接和投融资项目签约,成交额超1700亿元。")[1],
        "成交额"
    );
}
