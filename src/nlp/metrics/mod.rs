//! Metric extraction: every quantity in a sentence as indicator, value, unit, kind,
//! direction, qualifier and period.
//!
//! Works on the characters of one normalized sentence (jieba splits numbers and units
//! unpredictably). Units come from `dictionaries/units.csv`; a `万`/`亿` in front of a known
//! unit folds into the factor. Offsets are char offsets into the normalized document.

mod indicators;
mod numbers;
mod periods;
mod units;

use crate::text::sentences::Sentence;
use indicators::*;
use numbers::*;
use periods::*;
pub use units::Units;

/// One extracted quantity. `start..end` are char offsets into the normalized document.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub sentence_id: u32,
    pub indicator: String,
    pub value: String,
    /// The high end of a range (`5～8%`: value 5, value_high 8), empty for a single number.
    pub value_high: String,
    pub unit: String,
    pub value_std: f64,
    /// `value_high` × the unit factor; None when there is no range.
    pub value_std_high: Option<f64>,
    pub unit_std: String,
    pub dimension: String,
    pub kind: &'static str,
    pub direction: &'static str,
    pub qualifier: &'static str,
    pub period: String,
    /// A by-when phrase of a target (`到2025年底`, `2022年底前`), apart from `period`.
    pub deadline: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Extract every quantity of one sentence of `doc`.
pub fn extract(units: &Units, doc: &str, sentence: &Sentence) -> Vec<Metric> {
    let text = sentence.text(doc);
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    // Years inside 《…》 titles are plan periods, not the figure's period.
    let outside: Vec<char> = outside_titles(&chars).chars().collect();
    let mut out: Vec<Metric> = Vec::new();
    let mut prev_end = 0usize; // char index after the previous metric
    let mut groups: Vec<Group> = Vec::new();
    for n in scan_numbers(&chars) {
        if is_not_quantity(&chars, &n) {
            continue;
        }
        let (unit, unit_len, fuzzy) = match units.match_at(&chars[n.end..]) {
            Some((u, len, fuzzy)) => (Some(u), len, fuzzy),
            None => (None, 0, false),
        };
        // Bare numbers are kept only as dimensionless indexes (`综合指数为4.49`).
        // The few chars before the number, enough for 指数为 / 超过 / 突破.
        let pre_all: String = chars[n.start.saturating_sub(6)..n.start].iter().collect();
        if unit.is_none()
            && !(pre_all.ends_with("指数为")
                || pre_all.ends_with("指数")
                || pre_all.ends_with("系数为"))
        {
            continue;
        }
        let mut end = n.end + unit_len;
        let mut start = n.start;
        // Qualifiers around the span.
        let after: String = chars[end..chars.len().min(end + 3)].iter().collect();
        let mut qualifier = if fuzzy { "at_least" } else { "" };
        for (word, q) in [
            ("以上", "at_least"),
            ("多", "at_least"),
            ("余", "at_least"),
            ("左右", "approx"),
            ("以下", "at_most"),
            ("以内", "at_most"),
        ] {
            if after.starts_with(word) {
                qualifier = q;
                end += word.chars().count();
                break;
            }
        }
        let before_char = n.start.checked_sub(1).map(|i| chars[i]);
        if matches!(before_char, Some('约' | '近')) {
            qualifier = "approx";
            start -= 1;
        } else if qualifier.is_empty()
            && (pre_all.ends_with("超过")
                || pre_all.ends_with("突破")
                || pre_all.ends_with('超')
                || pre_all.ends_with('逾'))
        {
            qualifier = "at_least";
        }

        // The clause before the number: from the last delimiter (or the previous metric) on.
        let strong_start = chars[..n.start]
            .iter()
            .rposition(|c| STRONG_DELIMS.contains(c))
            .map_or(0, |i| i + 1);
        let clause_start = chars[..n.start]
            .iter()
            .rposition(|c| is_delim(*c))
            .map_or(0, |i| i + 1)
            .max(prev_end);
        let pre: String = chars[clause_start.min(n.start)..n.start].iter().collect();
        let strong_pre: String = chars[strong_start.max(prev_end).min(n.start)..n.start]
            .iter()
            .collect();
        let post_end = chars[end..]
            .iter()
            .position(|c| is_delim(*c) || c.is_ascii_digit())
            .map_or(chars.len(), |p| end + p);
        let post: String = chars[end..post_end].iter().collect();
        let post = cut_at_predicate(&post);
        let cleaned = clean_indicator(&pre);
        let previous = out.last();
        // `58.7%和47%`, `520万千瓦、946万千瓦`: a bare continuation of the previous figure.
        let continues = previous.is_some()
            && strong_start <= prev_end
            && strong_pre
                .trim_matches(['和', '及', '、', '与', ' '])
                .is_empty();

        let dimension = unit.as_ref().map_or("other", |u| u.dimension.as_str());
        let is_target = strong_pre.contains("目标");
        let (kind, direction) = match previous {
            Some(p) if continues => (p.kind, p.direction),
            _ => {
                let direction = if contains_any(&strong_pre, &DOWN_WORDS) {
                    "down"
                } else if contains_any(&strong_pre, &UP_WORDS) {
                    "up"
                } else {
                    ""
                };
                let kind = if is_target {
                    "target"
                } else if dimension == "count" {
                    "count"
                } else if !direction.is_empty() && !contains_any(&strong_pre, &TO_WORDS) {
                    "change"
                } else {
                    "level"
                };
                (kind, direction)
            }
        };

        // Indicator: the subject of `…分别…`, the noun after a count, the phrase before the
        // number, the noun after it, or the previous figure's indicator, in that order.
        // Lists (`58.7%和47%`) are distributed over their subject after the loop.
        let previous_indicator = previous.map(|m| m.indicator.clone()).unwrap_or_default();
        let mut inherited = false;
        let mut indicator = if continues {
            previous_indicator.clone()
        } else if strong_pre.contains("分别") {
            clean_indicator(strong_pre.split("分别").next().unwrap_or(""))
        } else if dimension == "count" && !post.is_empty() {
            post.clone()
        } else if is_target
            || contains_any(&pre, &["同比", "较", "比上年"])
                && is_action_only(&clean_indicator(
                    pre.split(['同', '较', '比']).next().unwrap_or(""),
                ))
        {
            inherited = true;
            previous_indicator.clone()
        } else if !is_action_only(&cleaned) {
            cleaned
        } else if !post.is_empty() {
            post.clone()
        } else {
            inherited = true;
            previous_indicator.clone()
        };
        if indicator.is_empty() {
            indicator = previous_indicator;
        }
        match groups.last_mut() {
            Some(g) if continues => g.len += 1,
            _ => groups.push(Group {
                first: out.len(),
                len: 1,
                inherited,
            }),
        }

        let value_num: f64 = n.value.parse().unwrap_or(0.0);
        let (unit_text, unit_std, factor) = match &unit {
            Some(u) => (u.unit.clone(), u.unit_std.clone(), u.factor),
            None => (String::new(), String::new(), 1.0),
        };
        let period = last_period(&outside[..n.start].iter().collect::<String>());
        out.push(Metric {
            sentence_id: sentence.id,
            indicator,
            value: n.value.clone(),
            value_high: String::new(),
            unit: unit_text,
            value_std: crate::util::numeric::round_sig(value_num * factor, 10),
            value_std_high: None,
            unit_std,
            dimension: dimension.to_owned(),
            kind,
            direction,
            qualifier,
            period,
            deadline: String::new(),
            text: chars[start..end].iter().collect(),
            start: sentence.start + start,
            end: sentence.start + end,
        });
        prev_end = end;
    }
    distribute_groups(&mut out, &groups);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::{BUNDLED_UNITS, DictSource};
    use crate::text::sentences::{MAX_SENTENCE_CHARS, split_sentences};

    fn units() -> Units {
        Units::parse(&DictSource::bundled("units.csv", BUNDLED_UNITS)).unwrap()
    }

    fn run(text: &str) -> Vec<Metric> {
        let units = units();
        let doc = crate::text::normalize::normalize(text);
        split_sentences(&doc, MAX_SENTENCE_CHARS)
            .sentences
            .iter()
            .flat_map(|s| extract(&units, &doc, s))
            .collect()
    }

    fn brief(m: &Metric) -> (String, String, String) {
        (m.indicator.clone(), m.value.clone(), m.unit.clone())
    }

    #[test]
    fn level_change_and_period_from_corpus() {
        let m = run("2021年全省PM2.5浓度45微克/立方米,低于国家目标9微克/立方米,同比下降13.5%;");
        assert_eq!(m.len(), 3);
        assert_eq!(
            brief(&m[0]),
            ("PM2.5浓度".into(), "45".into(), "微克/立方米".into())
        );
        assert_eq!(
            (m[0].kind, m[0].period.as_str(), m[0].dimension.as_str()),
            ("level", "2021年", "concentration")
        );
        assert_eq!(
            (m[1].kind, m[1].indicator.as_str()),
            ("target", "PM2.5浓度")
        );
        assert_eq!(
            (m[2].kind, m[2].direction, m[2].indicator.as_str()),
            ("change", "down", "PM2.5浓度")
        );
    }

    #[test]
    fn multipliers_fold_into_standard_units() {
        let m =
            run("完成黄河干支流生态廊道造林4.59万亩,安排资金3.41亿元,完成排水管网建设879千米。");
        assert_eq!(
            (m[0].unit.as_str(), m[0].unit_std.as_str(), m[0].value_std),
            ("万亩", "公顷", 3060.0)
        );
        assert_eq!(
            (m[1].unit.as_str(), m[1].value_std, m[1].dimension.as_str()),
            ("亿元", 341_000_000.0, "money")
        );
        assert_eq!((m[2].unit_std.as_str(), m[2].value_std), ("km", 879.0));
        let m = run("洞庭湖湖体总磷全年平均浓度0.06mg/L,细颗粒物34μg/m3。");
        assert_eq!(
            (m[0].unit.as_str(), m[0].unit_std.as_str()),
            ("mg/L", "毫克/升")
        );
        assert_eq!(
            (m[1].unit.as_str(), m[1].unit_std.as_str()),
            ("μg/m3", "微克/立方米")
        );
    }

    #[test]
    fn qualifiers() {
        let m = run(
            "秸秆综合利用率达到90%以上,能耗强度下降2.8%左右,落实林长2万余人,刊播报道约1万篇,填埋比例下降至5.6%以下。",
        );
        let q: Vec<&str> = m.iter().map(|m| m.qualifier).collect();
        assert_eq!(q, ["at_least", "approx", "at_least", "approx", "at_most"]);
        assert_eq!(m[2].unit, "万人");
        assert_eq!((m[4].kind, m[4].direction), ("level", "down"));
    }

    #[test]
    fn things_that_are_not_metrics() {
        for text in [
            "2021年4月7日至5月7日,督察组进驻。",
            "编制《规划(2022-2023年)》《纲要(2021—2035年)》。",
            "PM2.5PM10、SO2、NO2、O3改善。",
            "01山西省公开整改情况",
            "纳入“13710”信息督办系统,构建“1+N”政策体系,实施“4+1”工程,落实“4·27”讲话。",
            "增速居全国第1位,第二轮督察。",
        ] {
            assert!(run(text).is_empty(), "{text}: {:?}", run(text));
        }
    }

    #[test]
    fn distributive_lists_give_one_row_per_number() {
        let m = run("炼铁和炼钢先进产能占比分别达58.7%和47%。");
        assert_eq!(
            m.iter().map(brief).collect::<Vec<_>>(),
            [
                ("炼铁先进产能占比".into(), "58.7".into(), "%".into()),
                ("炼钢先进产能占比".into(), "47".into(), "%".into())
            ]
        );
        let m = run("二氧化硫、氮氧化物排放量分别下降5.6%和4%。");
        assert_eq!(m[0].indicator, "二氧化硫排放量");
        assert_eq!(m[1].indicator, "氮氧化物排放量");
        assert_eq!((m[1].kind, m[1].direction), ("change", "down"));
        let m = run("风电装机容量为520万千瓦、946万千瓦。");
        assert_eq!(m.len(), 2);
        assert!(m.iter().all(|m| m.indicator == "风电装机容量"
            && m.unit == "万千瓦"
            && m.dimension == "power"));
    }

    #[test]
    fn counts_take_the_noun_after_the_measure_word() {
        let m = run("第二轮督察82项整改任务已完成整改59项;督察组交办的3123件信访件已办结3120件。");
        assert_eq!(m.len(), 4);
        assert_eq!((m[0].indicator.as_str(), m[0].kind), ("整改任务", "count"));
        assert_eq!(m[2].indicator, "信访件");
    }

    #[test]
    fn dimensionless_index_has_empty_unit() {
        let m = run("环境空气质量综合指数为4.49,同比改善。");
        assert_eq!(m.len(), 1);
        assert_eq!(
            (
                m[0].unit.as_str(),
                m[0].value.as_str(),
                m[0].indicator.as_str()
            ),
            ("", "4.49", "环境空气质量综合指数")
        );
    }

    #[test]
    fn periods_skip_baselines() {
        let m = run("截至2022年12月底,处理能力较2020年增加10.1%。");
        assert_eq!(
            (m[0].period.as_str(), m[0].kind, m[0].direction),
            ("截至2022年12月底", "change", "up")
        );
        let m = run("2022年1至11月,辽宁省细颗粒物年均浓度30微克/立方米。");
        assert_eq!(m[0].period, "2022年1至11月");
    }

    #[test]
    fn offsets_address_the_document() {
        let doc =
            crate::text::normalize::normalize("一、概况\n完成造林12万公顷、森林抚育40万公顷。");
        let units = units();
        let split = split_sentences(&doc, MAX_SENTENCE_CHARS);
        let chars: Vec<char> = doc.chars().collect();
        let ms: Vec<Metric> = split
            .sentences
            .iter()
            .flat_map(|s| extract(&units, &doc, s))
            .collect();
        assert_eq!(ms.len(), 2);
        for m in ms {
            assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
        }
    }

    #[test]
    fn malformed_units_file_names_the_line() {
        let src = DictSource {
            name: "u.csv".into(),
            path: None,
            text: "unit,dimension,factor,unit_std\n公顷,area,1,公顷\n亩,area,zero,公顷\n".into(),
        };
        let err = Units::parse(&src).unwrap_err().to_string();
        assert!(
            err.starts_with("u.csv:3:") && err.contains("factor `zero`"),
            "{err}"
        );
    }
}
