//! Tests of the round-13b metric rules (issue 15: plan figures by their clause, `N年内`
//! deadlines, spaced digits), each on a sentence of the national reports; kept apart so that
//! parallel work on `mod.rs` merges.

use super::*;

/// (indicator, kind, period, deadline) of every figure.
fn rows(text: &str) -> Vec<(String, &'static str, String, String)> {
    metrics_of(text)
        .into_iter()
        .map(|m| (m.indicator, m.kind, m.period, m.deadline))
        .collect()
}

fn kinds(text: &str) -> Vec<&'static str> {
    rows(text).into_iter().map(|r| r.1).collect()
}

#[test]
fn a_projection_with_jiang_is_a_target_even_when_jieba_hides_the_modal() {
    // gwr1955: jieba joins 将 to the noun before it (`费将共达/n`) or tags it an adverb
    assert_eq!(
        kinds(
            "国营企业和国家机关所支付的劳动保险基金、医药费、福利费和文化教育费将共达五十亿元以上;"
        ),
        ["target"]
    );
    assert_eq!(kinds("这样,就将至少为国家节约二十亿元。"), ["target"]);
    // 将近 is "nearly", no modal
    assert_eq!(kinds("全国粮食产量将近四千亿斤。"), ["level"]);
}

#[test]
fn a_plan_lead_governs_the_figures_of_its_sentence_but_not_their_baselines() {
    // gwr1990: the lead 国家计划要求 governs every clause after it
    let got = kinds(
        "国家计划要求今年的国民生产总值比上年增长百分之五,工业总产值增长百分之六,农业总产值增长百分之四,粮食产量达到41250万吨,比上年增加505万吨。",
    );
    assert_eq!(got, ["target"; 5]);
    // gwr1982: the 1980 value after 比…的 is the current level, not a plan figure
    let got = kinds(
        "第六个五年计划规定,一九八五年工农业总产值达到八千七百一十亿元,比一九八○年的七千一百五十九亿元增加一千五百五十一亿元。",
    );
    assert_eq!(got, ["target", "level", "target"]);
    // a plan named as the measure of an outturn leads nothing (`超过…计划规定的…速度`)
    let got =
        kinds("两年平均每年增长百分之十一点九,超过五年计划规定的平均每年增长百分之八点六的速度。");
    assert_eq!(got[0], "change");
}

#[test]
fn a_figure_specifying_a_noun_is_no_plan_figure() {
    // gwr1958: in a list of new products the plan names, a capacity that specifies a product
    let got = kinds(
        "计划规定,仅中央各部,在这一年将有三百七十二种重要的新产品进行试制,其中包括以下一些重要产品:五十四马力的履带式拖拉机,载重量一万三千多吨的远洋货轮,电视发射机和接收机,等等。",
    );
    assert_eq!(got.last(), Some(&"level"));
    // gwr1981: but a target stated as a level (`稳定在一亿吨的水平上`) stays one
    let got = kinds(
        "油的生产和建设,要抓好大庆等现有油田的技术改造和挖潜革新,近几年把总产量稳定在一亿吨的水平上,还要尽可能地集中一些资金,加强新油田的开发。",
    );
    assert_eq!(got, ["target"]);
}

#[test]
fn a_span_of_years_heading_the_sentence_is_the_deadline_of_its_targets() {
    // gwr1955: `五年内` heads a chain cut at ；: its targets (将…达) take it as deadline
    let doc = "五年内,就业人数共增加约四百二十万人,工人职员的平均工资以货币计算约增长百分之三十三;国营企业和国家机关所支付的劳动保险基金、医药费、福利费和文化教育费将共达五十亿元以上;国家拨款为工人职员建筑的住宅,将约达四千六百万平方公尺。";
    let got = chained_rows(doc);
    let deadlines: Vec<(&str, &str)> = got.iter().map(|r| (r.1, r.3.as_str())).collect();
    assert_eq!(
        deadlines,
        [
            ("change", ""),
            ("change", ""),
            ("target", "五年内"),
            ("target", "五年内")
        ]
    );
    // in one sentence: a target after the heading span takes it, a review's figure does not
    let got = rows("五年内,农村人民的生活将逐步地得到改善,购买力将增长近一倍。");
    assert_eq!((got[0].1, got[0].3.as_str()), ("target", "五年内"));
    let got = rows("五年内,全国造林面积2787万公顷,封山育林3153万公顷。");
    assert!(
        got.iter().all(|r| r.3.is_empty() && r.1 != "target"),
        "{got:?}"
    );
    // `今后三年内` is written with 今后; a span within a clause keeps its rule
    let got = rows("今后三年内,各级政府拟投入8500亿元。");
    assert_eq!((got[0].1, got[0].3.as_str()), ("target", "今后三年内"));
}

/// [`rows`] over the `；`-clauses of a 。-sentence, with the chain's head applied as a run does.
fn chained_rows(text: &str) -> Vec<(String, &'static str, String, String)> {
    use crate::text::sentences::{MAX_SENTENCE_CHARS, split_sentences};
    let doc = crate::text::normalize::normalize(text);
    let split = split_sentences(&doc, MAX_SENTENCE_CHARS);
    let mut chain = PeriodChain::default();
    let mut out = Vec::new();
    for s in &split.sentences {
        let s_text = s.text(&doc);
        let head = chain.next(s_text, false);
        for mut m in crate::nlp::resources::extract_metrics(test_resources(), &doc, s) {
            if let Some(h) = &head {
                inherit_period(&mut m, h, s_text);
            }
            out.push((m.indicator, m.kind, m.period, m.deadline));
        }
    }
    out
}

#[test]
fn digits_printed_spaced_are_read_as_the_number_with_their_original_offsets() {
    // gwr1998 prints every digit followed by one space
    let text = "1 9 9 7 年国内生产总值达到7 4 7 7 2 亿元,按可比价格计算,平均每年增长1 1 %。";
    let got = metrics_of(text);
    let row: Vec<(&str, &str, &str, &str, &str)> = got
        .iter()
        .map(|m| {
            let r = (m.text.as_str(), m.value.as_str(), m.unit.as_str());
            (r.0, r.1, r.2, m.indicator.as_str(), m.period.as_str())
        })
        .collect();
    assert_eq!(
        row,
        [
            ("7 4 7 7 2 亿元", "74772", "亿元", "国内生产总值", "1997年"),
            ("1 1 %", "11", "%", "国内生产总值", "1997年")
        ]
    );
    // offsets are those of the text as printed
    let chars: Vec<char> = text.chars().collect();
    let span: String = chars[got[0].start..got[0].end].iter().collect();
    assert_eq!(span, "7 4 7 7 2 亿元");
    assert_eq!(got[0].value_std, 7_477_200_000_000.0);
    // decimals, and a single spaced digit before % or in a spaced sentence
    let got = metrics_of("去年经济增长8 .8 %,商品零售价格涨幅为0 .8 %。");
    let values: Vec<&str> = got.iter().map(|m| m.value.as_str()).collect();
    assert_eq!(values, ["8.8", "0.8"]);
    let got = metrics_of("1 9 9 7 年钢产量达到1 亿吨以上,青壮年文盲率下降到6 %。");
    let values: Vec<(&str, &str)> = got
        .iter()
        .map(|m| (m.value.as_str(), m.unit.as_str()))
        .collect();
    assert_eq!(values, [("1", "亿吨"), ("6", "%")]);
}

#[test]
fn spaced_digit_rules_leave_other_numbers_alone() {
    use super::numbers::scan_numbers;
    let values = |t: &str| -> Vec<String> {
        let chars: Vec<char> = t.chars().collect();
        scan_numbers(&chars).into_iter().map(|n| n.value).collect()
    };
    // a time stamp, spaced digits followed by no unit, a lone digit before a word
    assert_eq!(
        values("2026-01-31 07:00:44"),
        ["2026", "01", "31", "07", "00", "44"]
    );
    assert_eq!(values("型号3 4 A,编号5 6 。"), ["3", "4", "5", "6"]);
    assert_eq!(values("共3 个"), ["3"]);
    // two spaces are no spaced digits
    assert_eq!(values("1  9 年"), ["1", "9"]);
}
