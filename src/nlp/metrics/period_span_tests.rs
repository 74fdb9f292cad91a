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
