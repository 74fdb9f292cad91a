//! Round 12b (issue 15, D5/D20/D45): the from-value of a `由…的N…到M` pair is dated by its own
//! time word (`由“七五”末的8500万减少到6500万` → the from-row's period is “七五”末), not by the
//! period of the clause.

/// Relative time words that date a from-value (`由上年的2.51吨`, `由年初的400多万人`).
const FROM_TIMES: [&str; 7] = ["上年", "去年", "前年", "年初", "上年末", "去年底", "上年底"];

/// The time word X of `由X的` or `从X的` right before a figure, when X is a time expression:
/// one of [`FROM_TIMES`], a plan period's end or start (`“七五”末`), a decade (`五十年代`) or a
/// span back (`五年前`).
pub(super) fn from_value_time(before: &str) -> Option<&str> {
    let rest = before.strip_suffix('的')?;
    let at = rest.rfind(['由', '从'])?;
    let x = &rest[at + '由'.len_utf8()..];
    let n = x.chars().count();
    if n == 0 || n > 6 || x.contains([',', '，', '、', ';', '；']) {
        return None;
    }
    let plan_edge = x.starts_with('“') && (x.ends_with("”末") || x.ends_with("”初"));
    let time = FROM_TIMES.contains(&x)
        || plan_edge
        || x.ends_with("年代")
        || (x.ends_with("年前") && n >= 3);
    time.then_some(x)
}

/// `“六五”时期同“五五”时期相比,…产量由三亿零五百三十万吨增加到…`: a from-value right after
/// 由/从 is the level of the period compared with (`同X相比`, `与X相比`), when X is a time
/// expression as a whole (a year, `“五五”时期`, `上年`).
pub(super) fn compared_time(before: &str) -> Option<&str> {
    let rest = before.strip_suffix(['由', '从'])?;
    let k = rest.rfind("相比")?;
    let head = &rest[..k];
    let at = head.rfind(['同', '与'])?;
    let x = &head[at + '同'.len_utf8()..];
    if x.is_empty() || x.contains([',', '，', '、', ';', '；']) {
        return None;
    }
    let whole = super::periods::period_at_start(x).is_some_and(|(_, n)| n == x.len())
        || super::periods::relative_period_at(x).is_some_and(|w| w.len() == x.len());
    whole.then_some(x)
}

#[cfg(test)]
mod tests {
    use super::super::metrics_of;

    fn periods(text: &str) -> Vec<String> {
        metrics_of(text).into_iter().map(|m| m.period).collect()
    }

    #[test]
    fn a_from_value_is_dated_by_its_own_time_word() {
        // gwr1996 (D5), gwr1980, gwr1984
        assert_eq!(
            periods("农村贫困人口由“七五”末的8500万减少到6500万。"),
            ["“七五”末", ""]
        );
        assert_eq!(
            periods("每吨钢的综合能耗,由上年的2.51吨煤,降低到2.28吨煤。")[0],
            "上年"
        );
        assert_eq!(
            periods("这个比例,已由五十年代的50%左右下降到目前的30%。"),
            ["五十年代", "目前"]
        );
        // a year is read as before; a noun after 由 is no time word
        assert_eq!(periods("积累率由1978年的36.5%下降到30%。")[0], "1978年");
        assert_eq!(periods("由企业的30%提高到40%。")[0], "");
    }

    #[test]
    fn a_from_value_after_a_comparison_is_dated_by_the_period_compared_with() {
        // gwr1986
        assert_eq!(
            periods(
                "“六五”时期同“五五”时期相比,我国粮食的年平均产量由三亿零五百三十万吨增加到三亿七千零六十二万吨。"
            ),
            ["“五五”时期", "“六五”时期"]
        );
        // no comparison: the from-value keeps the clause's period
        assert_eq!(
            periods("2020年粮食产量由6000亿斤增加到6500亿斤。"),
            ["2020年", "2020年"]
        );
    }
}
