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
        first(
            "或者有人认为:我国在第一个五年计划完成之后,钢的产量仍然不过四百多万吨,不仅远远落后于美国和英国。"
        ),
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
        first(
            "但是,以第一个五年计划期间的总投资额计算,非生产性建设的投资比重,仍然占百分之二十三点四;"
        ),
        "非生产性建设的投资比重"
    );
    assert_eq!(
        first("一九五八年的棉纱、麻袋、糖的产量,都将增长百分之十以上。"),
        "棉纱、麻袋、糖的产量"
    );
}

fn find(text: &str, value: &str) -> String {
    metrics_of(text)
        .into_iter()
        .find(|m| m.text == value)
        .map(|m| m.indicator)
        .unwrap_or_default()
}

#[test]
fn a_bare_total_sums_the_subject_of_the_figure_before() {
    // 2026 reports (安徽, 广西, 广东): 总数/总额/总量 of the thing just counted or summed (D6, D14)
    let anhui = "新增境内上市公司62家,总数186家、从全国第9位升至第7位。";
    assert_eq!(find(anhui, "186家"), "境内上市公司总数");
    let guangxi = "外贸进出口增长8.4%,总额突破8000亿元、排西部第二。";
    assert_eq!(find(guangxi, "8000亿元"), "外贸进出口总额");
    // the total is of all registered entities, not of the newly registered ones
    let guangdong = "新登记经营主体320万户、增长13%,总量达2037.7万户,其中企业929.8万户。";
    assert_eq!(find(guangdong, "2037.7万户"), "经营主体总量");
    // gwr1979: a share is no thing a total sums
    let share = "今年政府对农业的投资比重由去年的百分之十点七提高到百分之十四,加上用于农业的其他各项资金,总额达到一百七十四亿元,明后两年还将适当增加。";
    assert!(!find(share, "一百七十四亿元").contains("比重"));
}

#[test]
fn a_generic_head_takes_its_owner_from_the_figure_before() {
    // 云南 2026: 支出 after 地方一般公共预算收入 (D6); 湖南 2026: the platform's users (D14)
    let yunnan = "地方一般公共预算收入增长2.3%、支出首次超过7000亿元,城镇调查失业率均值5.2%。";
    assert_eq!(find(yunnan, "7000亿元"), "地方一般公共预算支出");
    let hunan = "坚持政务服务数字化转型,“湘易办”用户突破3500万、月访问量稳定在2000万人次,成为线上惠企便民的总入口。";
    assert_eq!(find(hunan, "2000万人次"), "“湘易办”月访问量");
}

#[test]
fn a_bare_project_head_keeps_the_domains_listed_before_it() {
    // 广西 2026 (D47): not a bare 项目
    let text =
        "实施医疗卫生强基、扩容、下沉项目785个,中国—东盟医疗保健合作中心等3个重大项目投入使用。";
    assert_eq!(find(text, "785个"), "医疗卫生强基、扩容、下沉项目");
    assert_eq!(find(text, "3个"), "重大项目");
}

#[test]
fn a_topic_clause_owns_the_generic_head_after_it() {
    // gwr1980, gwr1982, gwr1960: a bare noun phrase before the comma is the topic (D6)
    assert_eq!(
        first("轻工业,总产值比1980年预计增长8%,继续高于重工业。"),
        "轻工业总产值"
    );
    assert_eq!(
        first("煤炭工业建设,五年投资一百七十九亿元,重点用于开发山西煤田以及东北和内蒙古东部煤田。"),
        "煤炭工业建设投资"
    );
    assert_eq!(
        first("海洋和淡水的渔业生产,一九五九年的产量达到五百零二万吨。"),
        "海洋和淡水的渔业产量"
    );
    // 山西 2026: a clause with a verb (抓好) is no topic; the head stays bare
    assert_eq!(
        first("煤炭智能绿色安全开采方面,抓好产能接续,产量稳定在13亿吨左右。"),
        "产量"
    );
}

#[test]
fn a_count_takes_its_noun_not_the_verb_before_or_after_it() {
    // 四川 2026: 新创建 is stripped like 新增/新建 (D32)
    assert_eq!(first("新创建全国文明城市13个。"), "全国文明城市");
    // 宁夏, 甘肃 2026: the predicate after the counted noun goes (D13)
    assert_eq!(first("为6.2万名农民工解决了拖欠工资问题。"), "农民工");
    assert_eq!(first("6676家企业参与“万企兴万村”甘肃行动。"), "企业");
    // gwr2007, gwr2008: the same construction in the national reports
    assert_eq!(
        first("又有2897万农村人口解决了安全饮水问题,新增450万农村沼气用户。"),
        "农村人口"
    );
    assert_eq!(
        first("为1.17万个乡镇卫生院配备了医疗设备,农村医疗卫生条件明显改善。"),
        "乡镇卫生院"
    );
}

#[test]
fn a_summed_span_and_the_determiner_whole_are_no_part_of_the_name() {
    // gwr1957 (audit 11 nat 1026): 四十九年合计的 dates the total; 不过 means "only" (D50)
    let text = "以钢的产量来说,第一个五年合计将达到一千六百三十万吨,而旧中国包括日本侵略时候的东北在内,从1900年到1948年,四十九年合计的钢产量不过七百六十万吨。";
    assert_eq!(find(text, "七百六十万吨"), "钢产量");
    // gwr1989 (audit 11 nat 2404): 整个 is a determiner, 仍然 an adverb (D12)
    let text = "在全国自然灾害频繁的情况下,粮食减产2.2%,棉花减产1.1%,但其他许多农产品和多种经营进一步发展,整个农业总产值仍然增长3.2%。";
    assert_eq!(find(text, "3.2%"), "农业总产值");
}
