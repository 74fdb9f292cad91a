//! Tests of the round-12a metric rules (issue 15: Chinese-numeral years, bases, old units), each
//! on a sentence of the national reports; kept apart so that parallel work on `mod.rs` merges.

use super::*;

/// (indicator, kind, period, deadline) of every figure.
fn rows(text: &str) -> Vec<(String, &'static str, String, String)> {
    metrics_of(text)
        .into_iter()
        .map(|m| (m.indicator, m.kind, m.period, m.deadline))
        .collect()
}

fn row(
    ind: &str,
    kind: &'static str,
    period: &str,
    deadline: &str,
) -> (String, &'static str, String, String) {
    (ind.into(), kind, period.into(), deadline.into())
}

#[test]
fn a_chinese_numeral_year_is_a_period_and_never_part_of_the_indicator() {
    // gwr1959: `一九五九年的` dates the subject (D36, D2); `比一九五八年的` dates the base value (D45)
    let got = rows(
        "为了给工农业生产和基本建设的迅速发展提供必要的运输条件,计划规定,一九五九年的铁路货物运输量将达到五亿二千万吨,比一九五八年的三亿八千万吨增长百分之三十六;",
    );
    let periods: Vec<(&str, &str)> = got.iter().map(|r| (r.0.as_str(), r.2.as_str())).collect();
    // (the change's own year, 一九五九年, is not read: a year dating a noun far before it)
    assert_eq!(
        periods[..2],
        [
            ("铁路货物运输量", "一九五九年"),
            ("铁路货物运输量", "一九五八年")
        ]
    );
    assert_eq!(periods[2].0, "铁路货物运输量");
    // gwr1982: a year between the subject and its link verb
    assert_eq!(
        rows("全国职工的工资总额一九八○年为七百七十三亿元。")[0].0,
        "全国职工的工资总额"
    );
    // gwr1955: a year with its month, and its end (`年底`), taken as written
    assert_eq!(
        rows("一九五四年底已发展到将近五十万个。")[0].2,
        "一九五四年底"
    );
    assert_eq!(
        periods::period_at_start("一九五四年十一月底以前").map(|(p, _)| p),
        Some("一九五四年十一月底".to_owned())
    );
    // a span of years is one period, as `1979年到1982年`
    assert_eq!(
        rows("一九七一年到一九七八年的人口自然增长率由千分之二十九降到千分之六点一。")[0],
        row("人口自然增长率", "level", "一九七一年到一九七八年", "")
    );
}

#[test]
fn to_a_chinese_numeral_year_is_a_deadline_as_to_an_arabic_one() {
    // gwr1982
    let got = rows("到一九八五年,全国粮食产量计划达到七千二百亿斤。");
    assert_eq!(got[0].3, "到一九八五年");
    assert_eq!(got[0].2, "");
    assert!(!got[0].0.contains("一九八五"), "{got:?}");
}

#[test]
fn a_base_year_is_never_in_the_indicator() {
    // gwr1959: `比一九五二年` and `比一九五二年的七十三亿一千万元增长` (D2, D45)
    let got = rows(
        "手工业总产值,一九五七年达到一百三十三亿七千万元,比一九五二年的七十三亿一千万元增长百分之八十三。",
    );
    assert_eq!(got[1], row("手工业总产值", "level", "一九五二年", ""));
    assert_eq!(got[2].0, "手工业总产值");
    // gwr1954: 比较 is one baseline marker
    assert_eq!(
        rows("一九五三年全国完成的工业基本建设投资总额比较一九五二年增加百分之九十六。")[0].0,
        "全国完成的工业基本建设投资总额"
    );
    // gwr1979: the year of the subject and the base year both go
    assert_eq!(
        rows(
            "工业总产值一九七七年比一九七六年增长百分之十四点三,一九七八年又比一九七七年增长百分之十三点五。"
        ),
        [
            row("工业总产值", "change", "一九七七年", ""),
            row("工业总产值", "change", "一九七八年", "")
        ]
    );
}

#[test]
fn the_year_of_a_from_value_dates_it_alone() {
    // gwr1982: 一九八○年 dates the from-value, not the value reached by 一九八五年
    let got =
        rows("到一九八五年,山西煤炭的外运能力将由一九八○年的七千二百万吨增加到一亿二千万吨。");
    assert_eq!(got[0].2, "一九八○年");
    assert_eq!((got[1].2.as_str(), got[1].3.as_str()), ("", "到一九八五年"));
    // gwr1956, in Arabic numerals: the to-value keeps the period heading the clause
    let got = rows("在1955年,国营机械化农场由1954年的97个增加到106个。");
    assert_eq!((got[0].2.as_str(), got[1].2.as_str()), ("1954年", "1955年"));
    // 2026 西藏: both from-values of a list keep their year
    let got = rows("城乡居民人均可支配收入从2021年的46503元和16935元分别提高到58794元和23184元。");
    let periods: Vec<&str> = got.iter().map(|r| r.2.as_str()).collect();
    assert_eq!(periods, ["2021年", "2021年", "", ""]);
}

#[test]
fn a_year_compared_with_in_its_clause_is_no_period() {
    // gwr1954: `同一九四九年产量比较`
    let got = rows(
        "拿几项最重要的工业产品的一九五四年预计产量来同一九四九年产量比较一下,我们可以看到:电力一百零八亿度。",
    );
    assert_eq!(got[0].2, "一九五四年");
}

/// (value, unit, value_std, unit_std) of every figure.
fn amounts(text: &str) -> Vec<(String, String, f64, String)> {
    metrics_of(text)
        .into_iter()
        .map(|m| (m.value, m.unit, m.value_std, m.unit_std))
        .collect()
}

#[test]
fn old_units_of_the_national_reports_are_units() {
    let a = |v: &str, u: &str, std: f64, u_std: &str| {
        (v.to_owned(), u.to_owned(), std, u_std.to_owned())
    };
    // gwr1955: 载重吨 (a ship's deadweight), gwr1956: 平方公尺 (square metres)
    assert_eq!(
        amounts("五年内新增轮船四十万载重吨。"),
        [a("40", "万载重吨", 400000.0, "吨")]
    );
    assert_eq!(
        amounts("中央各部和所属企业为职工修建的住宅面积,在1956年将达到1,310万平方公尺以上。"),
        [a("1310", "万平方公尺", 1310.0, "公顷")]
    );
    // gwr1958: 马力 (metric horsepower, 0.7355 kW)
    let got = amounts("当年可以供应农村的将达到五十万马力。");
    assert_eq!((got[0].1.as_str(), got[0].3.as_str()), ("万马力", "千瓦"));
    assert!((got[0].2 - 367750.0).abs() < 1e-6, "{got:?}");
    // gwr1982: 印张 (printed sheets)
    let got = rows(
        "全国各种报刊、杂志、书籍的出版总量,一九八五年达到四百五十六亿印张,比一九八○年增长百分之二十二。",
    );
    assert_eq!(got[0].0, "全国各种报刊、杂志、书籍的出版总量");
    assert_eq!(got[0].2, "一九八五年");
    // gwr1993: freight turnover in ton-kilometres is one unit, not 吨 and a stray 公里
    assert_eq!(
        amounts("铁路货运周转量11620亿吨公里。"),
        [a("11620", "亿吨公里", 1.162e12, "吨公里")]
    );
    // gwr1991: 千瓦小时 is 千瓦时 (energy), never a power in 千瓦 and a stray 小时
    assert_eq!(
        amounts("发电量六千四百五十亿千瓦小时。"),
        [a("6450", "亿千瓦小时", 6.45e11, "千瓦时")]
    );
    // gwr2016: 重量箱 (the weight case of flat glass) is the unit, not the counted noun
    let got = metrics_of("平板玻璃7600多万重量箱。");
    assert_eq!(
        (got[0].unit.as_str(), got[0].indicator.as_str()),
        ("万重量箱", "平板玻璃")
    );
}
