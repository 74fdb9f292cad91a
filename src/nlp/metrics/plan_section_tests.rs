//! Plan sections of the national reports (round 13d): the headings that open a year's or a
//! five-year plan's part of a report, and the list sizes of a plan, on real sentences.

use super::plans::{PlanState, plan_sections};

fn plan_flags(doc: &[(&str, bool)]) -> Vec<bool> {
    plan_sections(PlanState::default(), doc.iter().copied())
        .iter()
        .map(|s| s.plan)
        .collect()
}

#[test]
fn the_headings_of_a_plan_part_in_the_national_reports() {
    // 1958: the top level is `(一)…(五)`; its third part sets out the year's plan
    let h = super::plans::plan_heading;
    assert_eq!(h("(三)一九五八年国民经济各部门发展计划的安排"), Some(true));
    assert_eq!(h("(一)一九五七年经济战线上的胜利"), None);
    assert_eq!(h("(一)2025年计划执行情况"), None);
    // 1986: the five-year plan's basic tasks; 1987: the present situation is a review first
    assert_eq!(h("二、“七五”时期的基本任务和主要建设方针"), Some(true));
    assert_eq!(h("一、当前国内形势和基本任务"), Some(false));
    // 1982: an unnumbered part heading; its numbered sections do not close it, a review does
    let doc = [
        ("第六个五年计划的基本任务", false),
        ("一、关于工农业生产的发展速度和经济效益", true),
        (
            "工业总产值由四千九百七十二亿元增加到六千零五十亿元。",
            false,
        ),
        ("二、关于基本建设的规模、重点和企业的技术改造", true),
        ("六五计划前两年的执行情况", false),
        ("一、固定资产投资总规模", true),
    ];
    assert_eq!(plan_flags(&doc), [true, true, true, true, false, false]);
    // numbered sections outside such a part close a plan section as before
    let doc = [
        ("二、2026年工作安排", true),
        ("三、全面提升政府治理效能", true),
    ];
    assert_eq!(plan_flags(&doc), [true, false]);
}

/// The direction each metric of a sentence takes as a plan figure.
fn plan_directions(text: &str) -> Vec<Option<&'static str>> {
    super::metrics_of(text)
        .into_iter()
        .map(|m| m.plan_direction)
        .collect()
}

#[test]
fn a_source_before_a_verb_is_no_from_value() {
    // 2004: the money is taken from a fund; the figure is the object of 拿出
    assert_eq!(
        plan_directions("今年国家从粮食风险基金中拿出100亿元,直接补贴种粮农民。"),
        [Some("")]
    );
    // a from-value right after 由 stays the current level
    assert_eq!(
        plan_directions("工业总产值由四千九百七十二亿元增加到六千零五十亿元。"),
        [None, Some("up")]
    );
}

#[test]
fn a_baseline_or_a_former_level_is_no_plan_figure() {
    // 1982: the baseline after 比 is the level compared with; the growth is planned
    assert_eq!(
        plan_directions(
            "经费计划为九百六十七亿元,比第五个五年计划期间的五百七十七亿元增加百分之六十八。"
        ),
        [Some(""), None, Some("up")]
    );
    // 1958: a former level (原来) is no figure of the plan
    assert_eq!(
        plan_directions("阿干镇煤矿原来日产量总是停留在六百吨到八百五十吨之间。"),
        [None]
    );
    // a share named with 比重 is no baseline
    assert_eq!(plan_directions("服务业比重30%以上。"), [Some("")]);
    assert_eq!(plan_directions("绿色矿山占比80%。"), [Some("")]);
}

/// (text, kind, direction, direction as a plan figure) of each metric of one sentence.
fn described(text: &str) -> Vec<(String, &'static str, &'static str, Option<&'static str>)> {
    super::metrics_of(text)
        .into_iter()
        .map(|m| (m.text, m.kind, m.direction, m.plan_direction))
        .collect()
}

#[test]
fn the_number_of_indicators_a_plan_sets_is_a_count() {
    let got = described(
        "包括地区生产总值年均增长5%左右、居民人均可支配收入增长与经济增长同步等16个预期性指标,以及碳排放强度、优良水体比例等8个约束性指标。",
    );
    let sizes: Vec<_> = got.iter().filter(|m| m.0.ends_with('个')).collect();
    assert_eq!(sizes.len(), 2);
    for m in sizes {
        assert_eq!((m.1, m.2, m.3), ("count", "", None), "{}", m.0);
    }
    // the growth the plan names keeps its direction
    assert!(got.iter().any(|m| m.0 == "5%左右" && m.2 == "up"));
    let got = described("从5个方面细化提出22项主要指标。");
    assert_eq!(got.last().map(|m| (m.1, m.3)), Some(("count", None)));
    // a count of livelihood projects is no list of indicators (D55 keeps its readings)
    let text: Vec<char> = "切实抓好十大类46项民生实事工程。".chars().collect();
    assert!(!super::plans::counts_indicators(&text, 10));
    let text: Vec<char> = "从5个方面细化提出22项主要指标。".chars().collect();
    assert!(super::plans::counts_indicators(&text, 12));
}

#[test]
fn a_measure_of_each_thing_counted_is_no_continuation() {
    // 2026 青海: two projects, each of 350 MW; the capacity is a level, not a second count
    let got = described(
        "全球单机规模最大、技术领先的2座35万千瓦塔式槽式光热发电项目分别在格尔木、德令哈开工。",
    );
    let kinds: Vec<_> = got.iter().map(|m| (m.0.as_str(), m.1)).collect();
    assert_eq!(kinds, [("2座", "count"), ("35万千瓦", "level")]);
    // a bare continuation of a list keeps the kind of the figure before
    let got = described("新建750千伏变电站2座、330千伏变电站5座。");
    assert!(
        got.iter()
            .filter(|m| m.0.ends_with('座'))
            .all(|m| m.1 == "count")
    );
}
