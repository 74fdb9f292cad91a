//! What a figure measures: the indicator phrase, cleaned of verbs, scope words and
//! baselines, and distributed over lists.

use super::Metric;
use super::Why;
use super::lists;
use super::periods::period_at_start;

pub(super) const STRONG_DELIMS: [char; 12] = [
    ',', '，', ';', '；', ':', '：', '。', '(', ')', '!', '?', '\n',
];
pub(super) const LIST_DELIMS: [char; 2] = ['、', '/'];

pub(super) const DOWN_WORDS: [&str; 15] = [
    "下降", "减少", "降低", "降至", "压减", "削减", "缩减", "下滑", "回落", "减负", "递减", "减产",
    "精简", "裁减", // `按上年实际数额核减20%`: to cut by (D35)
    "核减",
];
pub(super) const UP_WORDS: [&str; 10] = [
    "提高", "增长", "上升", "增加", "提升", "增至", "升至", "上涨", "递增", "增产",
];
/// Change verbs with 到/至 that give the level reached, not the size of the change
/// (`从27136元增长到36439元`, `由33%上升到34%`): one list for the kind (both ends of a
/// from/to pair are levels), the indicator (`增长到2002年的…` is no indicator) and the period
/// (`增长到2025年的…` dates the level; it is no deadline).
pub(super) const REACH_VERBS: [&str; 19] = [
    "提升到",
    "提升至",
    "提高到",
    "提高至",
    "增加到",
    "增加至",
    "增长到",
    "增长至",
    "上升到",
    "上升至",
    "回落到",
    "回落至",
    "下降到",
    "下降至",
    "降低到",
    "降低至",
    "减少到",
    "减少至",
    "降到",
];
/// Other words of a level reached: the from-end of a pair and fused verbs.
pub(super) const TO_WORDS: [&str; 5] = ["从", "由", "降为", "降至", "增至"];

/// Trailing words between an indicator and its number.
pub(super) const LINK_SUFFIXES: &[&str] = &[
    "超过",
    "突破",
    // `现代工业的总产值将等于一九四九年的四点二倍`: a multiple of a base year's value
    "等于",
    "相当于",
    "提升到",
    "增加到",
    "年均",
    // a per-head rate after its predicate (`补助标准提高到人均320元`)
    "人均",
    "均",
    "的",
    "要",
    // `人数要再增长10%`
    "再",
    "要保证",
    "保证",
    "控制在",
    "保持",
    "继续",
    "持续",
    "还有",
    "将",
    "可能",
    "进一步",
    "降到",
    "回落到",
    "必须争取",
    "连续",
    "分别达到",
    "分别为",
    "分别达",
    "分别",
    "均达到",
    "均为",
    "均达",
    "达到了",
    "达到",
    "下降至",
    "下降到",
    "降至",
    "提高到",
    "提高至",
    "提升至",
    "同比下降",
    "同比增长",
    "同比减少",
    "同比增加",
    "同比提高",
    "同比上升",
    "下降",
    "增长",
    "减少",
    "增加",
    "提高",
    "上升",
    "累计",
    "共计",
    "共",
    "已",
    "为",
    "达",
    "是",
    "占",
    "约",
    "接近",
    "将近",
    "近",
    "超",
    // verbs and adverbs that close a subject before its figure (`指数提升2个等级`,
    // `…投入拟安排`, `收入实际增长`, `电量双双突破`)
    "提升",
    "降低",
    "预计",
    "拟安排",
    "安排",
    "实际",
    "双双",
    // verbs of attainment or operation that close a subject (`社会消费品零售总额实现4.6万亿元`,
    // `中欧班列开行924列`, `全国公路共修建8,138公里`, `部门内设机构精简1/4`): the predicate
    "实现",
    "完成",
    "开行",
    "修建",
    "精简",
    // adverbs of total, distribution and manner that close a subject before its figure
    // (`…建设单位共有`, `省重点实验室、省技术创新中心各20家`, `标准统一由55元`, `36个大城市率先`)
    "共有",
    "各",
    "统一",
    "率先",
    // verbs of reaching a level (`地区生产总值迈上5万亿台阶`)
    "迈上",
    "跨上",
    "站上",
    "跨越",
    "相继投运",
    "展开",
    "的统计",
    "统计",
    "递增",
    "递减",
    "增产",
    "减产",
    // the aspect particle after a verb (`降低了`), and adverbs before it (`只增长了`)
    "了",
    "只",
    "又",
    "却",
    "也",
    // round 13a (D12, D2, D50): adverbs of time, scope and emphasis, and a demand, that a
    // subject is left holding before its predicate (`…产值首次突破`, `…总产值仍然`,
    // `…生产能力,就有`, `钢产量不过`, `大豆要求`); only words that end no noun
    "首次",
    "仍然",
    "已经",
    "就有",
    "也都",
    "也就",
    "不过",
    "要求",
    // time words after the subject (`支出五年累计`, `就业率去年底`)
    "五年",
    "去年底",
    "年底",
    "今年",
    "去年",
    "平均每年",
    "每年",
];
/// Action verbs: a pre-number text that is only these names no indicator.
pub(super) const ACTIONS: [&str; 30] = [
    "完成",
    "实施",
    "建成",
    "建成运行",
    "新建",
    "新建成",
    "推进",
    "组建",
    "形成",
    "召开",
    "开展",
    "累计",
    "共",
    "对",
    "将",
    "有",
    "已经完成",
    "已完成",
    "已",
    "其中",
    "排查",
    "整治",
    "处置",
    "处理",
    "安排",
    "投入",
    "新增",
    "建设",
    "创建",
    "打造",
];
/// Scope words of the reporting unit itself (`全省` in a province's report). `全国` stays: it
/// names a national aggregate (`全国工业总产值`) or title (`全国文明村镇`).
pub(super) const LEADING_NOISE: [&str; 15] = [
    "全省", "全区", "全市", "我省", "我区", "我市", "其中", "累计", "目前",
    // round 13a: the determiner `整个` (`整个农业总产值仍然…`, D12)
    "整个", // connectives that open a clause (`为此中央财政支出…`)
    "为此", "因此", "同时", "此外", "另外",
];

pub(super) fn is_delim(c: char) -> bool {
    STRONG_DELIMS.contains(&c) || LIST_DELIMS.contains(&c)
}

pub(super) fn strip_trailing<'a>(mut s: &'a str, words: &[&str]) -> &'a str {
    while let Some(&last) = s.as_bytes().last() {
        let stripped = words
            .iter()
            .filter(|w| w.as_bytes().last() == Some(&last))
            .find_map(|w| s.strip_suffix(w));
        match stripped {
            Some(rest) => s = rest,
            None => return s,
        }
    }
    s
}

/// Provincial-level units, whose names open report sentences (`辽宁省完成…`).
pub(super) const PROVINCES: [&str; 34] = [
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
];

/// Byte length of a leading province name with its suffix (`辽宁省`, `广西壮族自治区`), or 0.
pub(super) fn leading_province(s: &str) -> usize {
    let Some(name) = PROVINCES.iter().find(|p| s.starts_with(**p)) else {
        return 0;
    };
    let rest = &s[name.len()..];
    let suffix = [
        "壮族自治区",
        "回族自治区",
        "维吾尔自治区",
        "自治区",
        "省",
        "市",
    ]
    .iter()
    .find(|x| rest.starts_with(**x))
    .map_or(0, |x| x.len());
    name.len() + suffix
}

/// Drop a leading period (`2021年`, `2022年1至11月`, `到一九八五年`), province name and scope
/// words (`全省`).
pub(super) fn strip_leading_noise(s: &str) -> &str {
    let mut s = s;
    loop {
        let before = s;
        s = &s[leading_province(s)..];
        // `到一九八五年全日制高等学校招生数`, `在一九五七年`: a time with its preposition
        let at_time = ["到", "在"]
            .iter()
            .find(|p| {
                s.strip_prefix(**p)
                    .is_some_and(|r| period_at_start(r).is_some())
            })
            .map_or(0, |p| p.len());
        if let Some((_, end)) = period_at_start(&s[at_time..]) {
            s = &s[at_time + end..];
        }
        s = &s[month_span_at_start(s)..];
        for w in LEADING_NOISE {
            if let Some(rest) = s.strip_prefix(w) {
                s = rest;
            }
        }
        s = s.trim_start_matches([',', ' ']);
        if s == before {
            return s;
        }
    }
}

/// Byte length of a month or span of months opening `s` (`1——5月份`, `1-11月`, `3月`), or 0:
/// a time expression, never part of what is measured.
fn month_span_at_start(s: &str) -> usize {
    let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    let mut i = digits(s);
    if !(1..=2).contains(&i) {
        return 0;
    }
    if let Some(sep) = ["——", "—", "-", "~", "至"]
        .iter()
        .find(|w| s[i..].starts_with(**w))
    {
        let j = digits(&s[i + sep.len()..]);
        if !(1..=2).contains(&j) {
            return 0;
        }
        i += sep.len() + j;
    }
    ["月份", "月"]
        .iter()
        .find(|w| s[i..].starts_with(**w))
        .map_or(0, |w| i + w.len())
}

/// Split a distributive subject: `炼铁和炼钢先进产能占比` → [炼铁先进产能占比, 炼钢先进产能占比].
pub(super) fn distribute(subject: &str, text: &str, toks: &[Tok]) -> Vec<String> {
    let parts: Vec<&str> = subject
        .split(['、', '和', '及'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return vec![subject.to_owned()];
    }
    let last = parts[parts.len() - 1];
    let item_len = parts[0].chars().count();
    let last_chars: Vec<char> = last.chars().collect();
    let same_head = parts[0].chars().last() == last_chars.last().copied();
    if last_chars.len() <= item_len || same_head {
        // `生产安全事故起数、死亡人数`: a bare measure after the first item shares its owner (D14)
        let owner = owner_of(parts[0]);
        return parts
            .iter()
            .map(|p| match owner {
                Some(o) if p.len() < parts[0].len() && GENERIC_MEASURES.contains(p) => {
                    format!("{o}{p}")
                }
                _ => p.to_string(),
            })
            .collect();
    }
    // items of unequal length (`人参、食用菌全产业链产值`): the cut moves to the end of the word
    // it would split; with nothing left for the shared head, the list stays whole
    let parallel = lists::parallel_cut(&parts, text, toks);
    if parallel.is_none() && lists::last_item_is_clause(last, text, toks) {
        return parts.iter().map(|p| p.to_string()).collect();
    }
    let cut = parallel.unwrap_or_else(|| {
        if item_len > 1 {
            word_cut(text, toks, last, item_len)
        } else {
            item_len
        }
    });
    let cut = if cut >= last_chars.len() {
        match lists::measure_head_cut(last, text, toks) {
            Some(cut) => cut,
            None if lists::items_are_clauses(subject, &parts, text, toks) => {
                return parts.iter().map(|p| p.to_string()).collect();
            }
            None => return vec![subject.to_owned()],
        }
    } else {
        cut
    };
    let head: String = last_chars[cut..].iter().collect();
    let last_item: String = last_chars[..cut].iter().collect();
    parts[..parts.len() - 1]
        .iter()
        .map(|p| format!("{p}{head}"))
        .chain(std::iter::once(format!("{last_item}{head}")))
        .map(lists::without_lone_quotes)
        .collect()
}

/// Words that end the noun after a measure word: `3123件信访件已办结` → 信访件.
pub(super) const PREDICATE_MARKERS: &[&str] = &[
    "已",
    "正在",
    "均",
    "全部",
    "被",
    "进行",
    "得到",
    "实现",
    "分别",
    "达到",
    "深入",
    "开展",
    "落地",
    "入选",
    "获得",
    "获",
    "顺利",
    "投产",
    "享受",
    "扎实",
    "缔结",
    "受益",
    "参保",
    "运维",
    "居全国",
    "全国复制",
    "展开",
    "相继",
    // a change verb after the count (`由8354万户增加到…`)
    "增加",
    "扩大",
    "提高",
    "减少",
    "下降",
    "增至",
    "降至",
    "提供",
    "追回",
    "全覆盖",
    // verbs of inclusion (`100个以上项目纳入国家用地保障范围`)
    "纳入",
    "列入",
];

/// Verbs that close the noun after a measure word (`100个农村养老服务设施建设`).
const TRAILING_ACTIONS: [&str; 8] = ["建设", "展开", "近", "约", "超过", "超", "达", "共"];

pub(super) fn cut_at_predicate(post: &str) -> String {
    let cut = position_of_any(post, PREDICATE_MARKERS).map_or(post.len(), |(at, _)| at);
    let s = &post[..cut];
    let s = s.strip_suffix('中').unwrap_or(s);
    let s = match strip_trailing(s, &TRAILING_ACTIONS) {
        t if t.chars().count() >= 2 => t,
        _ => s,
    };
    let s = after_open_list(s);
    s.trim_end_matches(['和', '及', '等']).to_owned()
}

/// Drop a comparison baseline that opens the clause: `比上年产值增长…` → 产值…, `同比…`.
fn strip_leading_baseline(s: &str) -> &str {
    if let Some(rest) = s.strip_prefix("同比") {
        return rest;
    }
    let Some(rest) = s.strip_prefix(['比', '较']) else {
        return s;
    };
    let rest = if let Some(w) = BASELINES.iter().find(|w| rest.starts_with(**w)) {
        &rest[w.len()..]
    } else {
        match period_at_start(rest) {
            Some((_, end)) => rest[end..].trim_start_matches('的'),
            None => return s,
        }
    };
    // the baseline's own figure (`比上年预算`, `比1955年决算数`)
    let figure = BASELINE_FIGURES.iter().find(|w| rest.starts_with(**w));
    figure.map_or(rest, |w| &rest[w.len()..])
}

/// Nouns of a baseline year's figure: budget, estimate, outturn, final accounts, plan.
const BASELINE_FIGURES: [&str; 7] = [
    "预算数",
    "预算",
    "预计数",
    "执行数",
    "决算数",
    "决算",
    "计划",
];

/// Longest first, so `比上年同期`, `比上年末` leave nothing of the baseline behind.
const BASELINES: [&str; 14] = [
    "上年同期",
    "去年同期",
    "上一年度",
    "上年度",
    "上年末",
    "上年底",
    "去年末",
    "去年底",
    "上一年",
    "前五年",
    "上年",
    "去年",
    "同期",
    "年初",
];

/// Cut a trailing comparison baseline: `处理能力较2020年` → 处理能力, `…比上年` → ….
pub(super) fn strip_baseline(s: &str) -> &str {
    for marker in ['较', '比'] {
        if let Some(i) = s.rfind(marker) {
            let rest = &s[i + marker.len_utf8()..];
            let is_baseline = rest.starts_with(|c: char| c.is_ascii_digit())
                || super::periods::year_digits(rest) > 0
                || BASELINES.iter().any(|w| rest.starts_with(w));
            if is_baseline && i > 0 {
                // `…比较一九五二年`: 比较 is one marker
                let i = if marker == '较' && s[..i].ends_with('比') {
                    i - '比'.len_utf8()
                } else {
                    i
                };
                return &s[..i];
            }
        }
    }
    s
}

pub(super) fn clean_indicator(s: &str, count: bool) -> String {
    let s = s.trim().trim_matches(LIST_DELIMS);
    let s = strip_leading_baseline(strip_leading_noise(s));
    // `口岸货运通关能力从…`, `积累率由1978年的…`: the subject stands before 从/由.
    // `由今年预计的…`: a leading 从/由 opens the baseline, not a subject.
    let s = match s.find(['从', '由']) {
        Some(i) if i > 0 => &s[..i],
        Some(_) => strip_leading_verbs(&s['从'.len_utf8()..], count),
        None => s,
    };
    let s = strip_subject_tail(s);
    let s = strip_subject_tail(strip_baseline(s));
    let s = strip_leading_verbs(s.trim(), count);
    // `活动惠及消费者750万人次`: what is counted follows the verb.
    let objects: &[&str] = if count {
        &COUNT_OBJECT_VERBS
    } else {
        &OBJECT_VERBS
    };
    let s = match find_any(s, objects) {
        Some(w) => s.rsplit(w).next().unwrap_or(s),
        None => s,
    };
    let s = after_open_list(s);
    let s = before_written_amount(s);
    let s = s.trim_start_matches('的').trim().trim_matches(LIST_DELIMS);
    without_gong(after_span_total(s)).into_owned()
}

/// `四十九年合计的钢产量` → 钢产量 (round 13a, D12): a span summed with 合计/累计 and 的 before
/// what is measured dates the figure, it is no part of its name.
fn after_span_total(s: &str) -> &str {
    match position_of_any(s, &["合计的", "累计的"]) {
        Some((i, w)) if s[i + w.len()..].chars().count() >= 2 => &s[i + w.len()..],
        _ => s,
    }
}

/// Cut link words and time expressions after a subject (`…总额一九八五年将`), a time
/// expression whole before any link word could take its tail (`五年`).
fn strip_subject_tail(mut s: &str) -> &str {
    loop {
        let rest = strip_trailing_period(s);
        if rest.len() < s.len() {
            s = rest;
            continue;
        }
        // The last byte first: most subjects end in none of the suffixes.
        let last = s.as_bytes().last();
        match LINK_SUFFIXES
            .iter()
            .filter(|w| w.as_bytes().last() == last)
            .find_map(|w| s.strip_suffix(w))
        {
            Some(rest) => s = rest,
            None => return s,
        }
    }
}

/// Cut a time expression that closes a subject (`工业总产值一九七七年`, `工资总额1980年`): the
/// figure's period, never part of what is measured; a baseline marker before it goes too.
fn strip_trailing_period(s: &str) -> &str {
    if !s.contains('年') {
        return s;
    }
    for (i, _) in s.char_indices().skip(1) {
        if let Some((_, end)) = period_at_start(&s[i..])
            && i + end == s.len()
        {
            let rest = &s[..i];
            // `下降到1995年的`, `到一九五七年`: the year a change reaches is the predicate's,
            // left to the stripping of leading verbs
            if rest.ends_with(['到', '至']) {
                return s;
            }
            // `PM2.5年均浓度较2020年`, `总量比2020年`: the baseline marker goes with its year,
            // and so does the preposition of a time (`钢产量在一九五二年`)
            let rest = rest.strip_suffix("比较").unwrap_or(rest);
            return rest.strip_suffix(['比', '较', '在']).unwrap_or(rest);
        }
    }
    s
}

/// Numerals of an amount written in Chinese (`九千零五十亿元`, `二十六亿六千万美元`).
const CN_AMOUNT: &str = "零〇一二两三四五六七八九十百千万亿";

/// `全年社会商品零售总额九千零五十亿元` → 社会商品零售总额: a clause taken whole cuts at an
/// amount written in Chinese numerals (three or more, with a 百/千/万/亿 place), which is a
/// figure of its own, and at the link verb before it. Names (`十四五`, `三农`) and counts of
/// years (`二十六年间`) are no amount.
fn before_written_amount(s: &str) -> &str {
    let mut run_start = None;
    let mut run = 0;
    for (i, c) in s.char_indices() {
        if CN_AMOUNT.contains(c) {
            run_start.get_or_insert(i);
            run += 1;
            continue;
        }
        if let Some(at) = run_start.take() {
            let place = s[at..i].contains(['百', '千', '万', '亿']);
            let head = strip_trailing(&s[..at], LINK_SUFFIXES);
            if run >= 3 && place && head.chars().count() >= 2 {
                return head;
            }
        }
        run = 0;
    }
    s
}

/// Verbs that open a clause before the thing they act on: `建成国家级绿色工厂` → 国家级绿色工厂.
/// Verbs whose object, not subject, is what a figure counts.
const OBJECT_VERBS: [&str; 2] = ["惠及", "带动"];
/// The same for counts, whose clause names who acted (`各地开展集中办公69场次`).
const COUNT_OBJECT_VERBS: [&str; 5] = ["惠及", "带动", "开展", "举办", "召开"];

/// Time and plan words before a subject (`今年力争…`, `预计全社会研发投入…`): stripped even
/// when nothing is left, since they never name what is measured.
const LEADING_TIME_PLAN: [&str; 15] = [
    "今年",
    "去年",
    "明年",
    "当年",
    "平均每年",
    "年均",
    "力争",
    "预计",
    "预期",
    "争取",
    "我国",
    // a modal and a demand before the subject (`拟安排…`, `要求工农业总产值的增长速度…`)
    "拟",
    "要求",
    // an account of what is there after its year (`一九五七年已经有七百多万人`): 已经 is one
    // word, never 已 and a fragment 经
    "已经有",
    "已经",
];

/// How many verbs open [`LEADING_VERBS`] that name, give or put forward (see `naming_verbs`).
const NAMING: usize = 6;

const LEADING_VERBS: &[&str] = &[
    // verbs before the thing they name, give or put forward (`当选中国工程院院士2人`,
    // `提供未成年人假期公益托管服务`, `提出意见建议2979件`, `优化重组全国重点实验室`), a plan
    // met ahead of time (`提前一年实现…`) and 继续 before a verb (not 继续教育, below)
    "新当选",
    "当选",
    "提供",
    "提出了",
    "提出",
    "优化重组",
    "提前一年",
    "提前两年",
    "提前实现",
    "提前完成",
    "继续",
    "惠及",
    "吸收",
    "审结",
    "新建改造",
    "使",
    "首次实现",
    "实际建成",
    "落地实施",
    "累计",
    "共",
    "已",
    "还",
    "并",
    "全年",
    "实施",
    "完成",
    "建成",
    "创建成",
    "创建",
    "培育",
    "新培育",
    "新签约",
    "签约",
    "推进",
    "实现",
    "引进",
    "发送",
    "新设",
    "启动",
    "开工改造",
    "开工筹集",
    "开工",
    "改造",
    "建设改造",
    "更新",
    "关闭压缩",
    "突破",
    "缓建了",
    "缓建",
    "计划",
    "生产",
    "开展",
    "举办",
    "圆满举办",
    "建设成",
    "打造",
    "新打造",
    "组织",
    "办结",
    // verbs of plans before their object (`新建高标准农田1000万亩`, `拟安排中央预算内投资`)
    "新建成",
    "新建",
    "改建",
    "拟安排",
    "安排",
    "发行",
    "谋划落地",
    // verbs of funds and of phasing out before their object (`释放…政策红利39.9亿元`,
    // `筹措保障性租赁住房`, `淘汰燃煤小锅炉5万台`)
    "释放",
    "筹措",
    "筹集",
    "淘汰",
    "清理",
    "发放",
    // verbs of aims before what they aim at (`推动林下经济面积达…`, `确保粮食播种面积…`)
    "推动",
    "确保",
    // round 12b, D13: verbs opening a clause before a noun phrase that names the measure
    // (`投入安全生产资金`, `认定高新技术企业`); not 投入使用/生产/运营 (see [`ROUND_12B_KEEP`])
    "投入",
    "认定",
];

/// Words after 投入/认定 that make them no clause opener (`投入生产的纺锭`, `认定的…`).
const ROUND_12B_KEEP: [&str; 5] = ["生产", "使用", "运营", "运行", "的"];

/// Change verbs that open a clause before their object (`增加深松土地1333万公顷`,
/// `再减少农村贫困人口1000万人`, `降低利息负担约2000亿元` (D30), `提升高标准农田70万亩`); not
/// `增加值` (value added), a noun, nor before a second verb (`提升改造`).
const CHANGE_OPENERS: [&str; 6] = ["再增加", "再减少", "增加", "减少", "降低", "提升"];

/// `建设` opens a clause before the thing built (`建设现代农事综合服务中心20个`), except in
/// names it forms with the noun after it (`建设用地`, `建设国债`) or coordinated (`建设和改造`).
const JIANSHE_NOUNS: [&str; 12] = [
    "和", "与", "国债", "用地", "规模", "投资", "资金", "项目", "任务", "进度", "工期", "单位",
];

/// Verbs coordinated with a leading verb, which keep it (`新建扩建污水处理厂`).
const COORDINATED_VERBS: [&str; 4] = ["扩建", "改建", "改造", "续建"];

/// Verbs of new things, stripped only from counts (`新增国际重要湿地1个` → 国际重要湿地;
/// a flow like 新增绿化面积 keeps them).
// round 13a: `新创建全国文明城市13个` (jieba gives 新创建 as one word; D32)
const NEW_VERBS: [&str; 3] = ["新增", "新建成", "新创建"];

fn strip_leading_verbs(mut s: &str, count: bool) -> &str {
    loop {
        let before = s;
        // Time and plan words, and `增加到2002年的…` (the level a change reached: the
        // subject is the one of the figure before).
        if let Some(w) = LEADING_TIME_PLAN
            .iter()
            .chain(&TO_WORDS)
            .chain(&REACH_VERBS)
            .find(|w| s.starts_with(**w))
        {
            s = &s[w.len()..];
        }
        if let Some((_, end)) = period_at_start(s) {
            s = s[end..].trim_start_matches('的');
        }
        if let Some((w, 0)) = super::periods::years_within(s) {
            s = &s[w.len()..];
        }
        for w in LEADING_VERBS
            .iter()
            .chain(if count { &NEW_VERBS[..] } else { &[] })
        {
            if let Some(rest) = s.strip_prefix(w)
                && rest.chars().count() >= 2
                && !COORDINATED_VERBS.iter().any(|c| rest.starts_with(c))
                // `生产总值` (GDP), `生产总量`: 生产 before a bare measure head is part of its
                // name (not `实施总额…`, whose verb takes an object)
                && !(*w == "生产" && rest.chars().count() == 2 && rest.ends_with(MEASURE_HEADS))
                // `生产安全事故`: production safety, a name
                && !(*w == "生产" && rest.starts_with("安全"))
                // `继续教育`: continuing education, a name
                && !(*w == "继续" && rest.starts_with("教育"))
                && !(matches!(*w, "投入" | "认定")
                    && ROUND_12B_KEEP.iter().any(|k| rest.starts_with(k)))
            {
                s = rest;
            }
        }
        if let Some(w) = CHANGE_OPENERS.iter().find(|w| s.starts_with(**w)) {
            let rest = &s[w.len()..];
            let verb = COORDINATED_VERBS.iter().any(|c| rest.starts_with(c));
            if rest.chars().count() >= 2 && !rest.starts_with(['值', '到']) && !verb {
                s = rest;
            }
        }
        // modals and the object marker opening a plan (`要淘汰钢铁…`, `要把…补助标准提高到`,
        // `将发放农业贷款`); not `要素`, `要点`, `将军`
        if let Some(w) = ["要把", "将把", "要", "将", "把"]
            .iter()
            .find(|w| s.starts_with(**w))
        {
            let rest = &s[w.len()..];
            let word = ["素", "点", "件", "害", "闻", "军", "来"]
                .iter()
                .any(|c| rest.starts_with(c));
            if rest.chars().count() >= 2 && !word {
                s = rest;
            }
        }
        if let Some(rest) = s.strip_prefix("建设")
            && rest.chars().count() >= 2
            && !JIANSHE_NOUNS.iter().any(|n| rest.starts_with(n))
        {
            s = rest;
        }
        if s == before {
            return s;
        }
    }
}

/// First chars of the verbs that the adverb of total 共 stands before inside a subject
/// (`共收入`, `共支出`, `共完成`, `共清理`, `共增加`, `共计`); any other 共 is part of a word
/// (`公共`, `共享`, `共建`, `共通`, `医共体`).
const GONG_VERBS: [char; 14] = [
    '收', '支', '完', '清', '增', '减', '投', '安', '拨', '查', '办', '培', '签', '计',
];

/// `地方财政共收入`, `本年预算共支出` → 地方财政收入: the adverb of total 共 inside a subject is
/// no part of it (the codebook strips 累计 likewise).
fn without_gong(s: &str) -> std::borrow::Cow<'_, str> {
    let Some(i) = s.find('共').filter(|&i| i > 0) else {
        return s.into();
    };
    let after = &s[i + '共'.len_utf8()..];
    let rest = after.strip_prefix('计').unwrap_or(after);
    let verb = after
        .chars()
        .next()
        .is_some_and(|c| GONG_VERBS.contains(&c));
    if !verb || s[..i].ends_with('公') || rest.chars().count() < 2 {
        return s.into();
    }
    // `全国共完成技术改造投资`: the agent and verb before the object are no part of it
    if let Some(w) = LEADING_VERBS.iter().find(|w| rest.starts_with(**w))
        && rest[w.len()..].chars().count() >= 2
    {
        return rest[w.len()..].into();
    }
    format!("{}{rest}", &s[..i]).into()
}

/// Verbs that open what money is raised for, after the amount (`筹措310.33亿元实施健康惠民工程`).
const PURPOSE_VERBS: [&str; 2] = ["实施", "支持"];

/// The words after a number without a purpose verb opening them.
fn after_purpose_verb(post: &str) -> &str {
    PURPOSE_VERBS
        .iter()
        .find_map(|w| post.strip_prefix(w))
        .filter(|rest| rest.chars().count() >= 2)
        .unwrap_or(post)
}

/// A clause that names no measured thing: empty, a bare action (`完成`, `实际建成`), a list
/// left open (`…等`, `…和`), or a subject whose verb still waits for its object (`中央财政新增`
/// before `47亿元专项补助资金`).
pub(super) fn is_action_only(s: &str) -> bool {
    s.is_empty()
        || ACTIONS.contains(&s)
        || LEADING_VERBS.contains(&s)
        || NEW_VERBS.contains(&s)
        || s.ends_with('等')
        || s.ends_with(['和', '及', '与', '或'])
        // `即增长3.68%`, `为87万名…`: a lone connective or preposition names nothing
        || matches!(s, "即" | "为")
        // a predicate adverb alone (`…的产量,都将增长`, `…比重,则由`): the subject is further left
        || LONE_ADVERBS.contains(&s)
        || OPEN_VERBS.iter().any(|w| s.ends_with(w))
}

/// Adverbs that open a predicate and name nothing on their own (kept as words elsewhere:
/// `首都`, `成就`, `人才` end in them).
const LONE_ADVERBS: [&str; 9] = ["都", "就", "则", "才", "仍", "也", "还", "已", "均"];

/// Verbs that end a clause whose object follows the number.
const OPEN_VERBS: [&str; 6] = ["新增", "新建", "安排", "下达", "拨付", "发行"];

/// `焊管等短线钢材` → 短线钢材: after an open list (`…等`) the head names what is measured,
/// unless the head is generic (`滇商大会等系列活动` → 滇商大会).
pub(super) fn after_open_list(s: &str) -> &str {
    let Some(i) = s.rfind('等') else {
        return s;
    };
    // `高等学校`, `中等职业教育`: 等 inside a word closes no list
    if WORDS_IN_DENG
        .iter()
        .any(|w| s[..i + '等'.len_utf8()].ends_with(w))
        // `等级民宿`, `等次`: 等 opening a word
        || s[i..].starts_with("等级")
        || s[i..].starts_with("等次")
    {
        return s;
    }
    let head = &s[i + '等'.len_utf8()..];
    if GENERIC_HEADS.contains(&head) && i > 0 {
        &s[..i]
    } else if head.chars().count() >= 2 {
        head
    } else {
        s
    }
}

/// Words ending in 等 that are no list marker (`高等学校`, `初等教育`, `一等奖`).
const WORDS_IN_DENG: [&str; 16] = [
    "高等", "中等", "初等", "平等", "同等", "对等", "均等", "相等", "优等", "上等", "特等", "一等",
    "二等", "三等", "头等", "次等",
];

const GENERIC_HEADS: [&str; 7] = ["系列活动", "活动", "工作", "领域", "方面", "措施", "项目"];

pub(super) fn contains_any(s: &str, words: &[&str]) -> bool {
    find_any(s, words).is_some()
}

/// The first of `words` to occur in `s` (leftmost).
pub(super) fn find_any<'w>(s: &str, words: &[&'w str]) -> Option<&'w str> {
    position_of_any(s, words).map(|(_, w)| w)
}

/// The byte offset of the leftmost occurrence of any of `words` in `s`, and the first word
/// (in list order) found there.
pub(super) fn position_of_any<'w>(s: &str, words: &[&'w str]) -> Option<(usize, &'w str)> {
    // Short haystacks and needles: compare at each char rather than building a substring
    // searcher per needle. A 256-bit set of the needles' first chars (hashed) skips most
    // chars at once; the first two bytes decide almost every remaining comparison.
    let bucket = |c: char| {
        let h = (c as u32).wrapping_mul(0x9e37_79b9) >> 24;
        ((h >> 6) as usize, 1u64 << (h & 63))
    };
    let mut firsts = [0u64; 4];
    for w in words {
        if let Some(c) = w.chars().next() {
            let (k, bit) = bucket(c);
            firsts[k] |= bit;
        }
    }
    s.char_indices().find_map(|(i, c)| {
        let (k, bit) = bucket(c);
        if firsts[k] & bit == 0 {
            return None;
        }
        let rest = s[i..].as_bytes();
        words
            .iter()
            .find(|w| {
                let w = w.as_bytes();
                w.len() <= rest.len()
                    && w.first() == rest.first()
                    && w.get(1).is_none_or(|b| *b == rest[1])
                    && rest.starts_with(w)
            })
            .map(|w| (i, *w))
    })
}

/// Nouns that make a direction word part of a name (`经济增长贡献率`, `品质提升行动`).
const NOUN_AFTER_VERB: [&str; 10] = [
    "贡献", "率", "速度", "幅度", "行动", "工程", "计划", "动力", "潜力",
    // `增加值` (value added) is a noun, not 增加
    "值",
];

/// Policy slogans whose verb is part of a noun (`稳增长政策`, `保增长`, `促增长措施`).
const SLOGAN_VERBS: [char; 3] = ['稳', '保', '促'];

/// The first of `words` used as a verb in `s`: an occurrence followed by a noun of
/// [`NOUN_AFTER_VERB`] names a thing and is skipped, and so is one inside a noun phrase: after
/// a slogan verb (`稳增长政策32项`), or before 的 and such a noun (`经济增长的贡献率达到36.1%`).
pub(super) fn find_verb<'w>(s: &str, words: &[&'w str]) -> Option<&'w str> {
    let mut rest = s;
    while let Some(w) = find_any(rest, words) {
        let start = rest.find(w).expect("find_any found it");
        let after = &rest[start + w.len()..];
        let slogan = rest[..start].ends_with(SLOGAN_VERBS);
        let noun = after.strip_prefix('的').unwrap_or(after);
        if !NOUN_AFTER_VERB.iter().any(|n| noun.starts_with(n)) && !slogan {
            return Some(w);
        }
        rest = after;
    }
    None
}

/// A run of figures that continue one another (`520万千瓦、946万千瓦`).
pub(super) struct Group {
    pub(super) first: usize,
    pub(super) len: usize,
    /// The first figure took its indicator from the figure before (`同比增长66.74%、25.21%`).
    pub(super) inherited: bool,
}

/// Give each figure of a list its own indicator when the subject is a list of the same
/// length: `炼铁和炼钢先进产能占比…58.7%和47%` → 炼铁先进产能占比, 炼钢先进产能占比.
pub(super) fn distribute_groups(out: &mut [Metric], groups: &[Group], text: &str, toks: &[Tok]) {
    let mut previous_items: Option<Vec<String>> = None;
    for g in groups {
        let items = distribute(&out[g.first].indicator, text, toks);
        let items = if items.len() == g.len && g.len > 1 {
            Some(items)
        } else if g.inherited {
            previous_items
                .clone()
                .filter(|p| p.len() == g.len)
                .or_else(|| figures_before(out, g))
        } else {
            None
        };
        if let Some(items) = &items {
            for (m, item) in out[g.first..g.first + g.len].iter_mut().zip(items) {
                m.indicator = item.clone();
            }
        }
        previous_items = items;
    }
}

/// `总人数达到2690万人次，创汇18.4亿美元，分别为1982年的3.4倍和2.2倍`: a list of k figures that
/// refers back takes the indicators of the k figures before it, one each, when they differ.
fn figures_before(out: &[Metric], g: &Group) -> Option<Vec<String>> {
    let from = g.first.checked_sub(g.len).filter(|_| g.len > 1)?;
    let items: Vec<String> = out[from..g.first]
        .iter()
        .map(|m| m.indicator.clone())
        .collect();
    let distinct = items
        .iter()
        .enumerate()
        .all(|(i, a)| !items[..i].contains(a));
    distinct.then_some(items)
}

/// The text around one number: the clause before it and the noun after its unit.
pub(super) struct Around {
    /// char index after the last strong delimiter before the number
    pub(super) strong_start: usize,
    /// from the last delimiter (or the previous metric) to the number
    pub(super) pre: String,
    /// from the last strong delimiter (or the previous metric) to the number
    pub(super) strong_pre: String,
    /// a plan word (力争, 预计 …) stands anywhere in the clause before the number, also
    /// before an earlier figure (`预计A增长5%、B增长6%`)
    pub(super) plan: bool,
    /// `plan` rests on `争取` alone, written before an amount it obtains (`争取中央预算内投资
    /// 150亿元`): money secured, a level in a review section (D59); see [`secured_only`]
    pub(super) secured: bool,
    /// the noun after the unit, cut at its predicate
    pub(super) post: String,
    /// the words after the unit up to a delimiter or digit, as written (the fallback's
    /// nearest phrase when nothing stands before the figure: `90%的化工园区降至…`)
    pub(super) after: String,
    /// at most 12 chars right before the figure, back to a comma or stop, as written (the
    /// last resort of the nearest phrase: `…实践中心(所、站)2.8万个`)
    pub(super) before: String,
    /// the clause before this one when a comma (not a stronger stop) ends it
    pub(super) lead: String,
    /// `lead` when it is a bare noun phrase of at most 10 chars (`轻工业,总产值…`,
    /// `煤炭工业建设,五年投资…`): a topic that owns a generic head after it; empty otherwise
    pub(super) topic: String,
    /// the object ending `lead` (the nouns after its last verb) and that object's last word
    /// (`部区共建内蒙古牛羊肉交易中心,` → 内蒙古牛羊肉交易中心, 交易中心); empty otherwise
    pub(super) lead_object: (String, String),
    /// the figure's clause opens with a list of nouns (`济南、青岛4大…`), its subject as a whole,
    /// with no verb before it
    pub(super) noun_list: bool,
    /// the product a capacity names in a project (`吉化120万吨乙烯转型升级项目`): the nouns
    /// right after the figure, when its clause goes on to name a 项目
    pub(super) product: String,
    /// `以占世界7%的耕地`, `拥有占全世界95%以上核武器`: a share written before the noun it is
    /// the share of (占 in the clause, the noun after the figure); empty otherwise
    pub(super) share_noun: String,
}

impl Around {
    pub(super) fn new(
        chars: &[char],
        toks: &[Tok],
        (start, end, prev_end): (usize, usize, usize),
        count_thing: bool,
    ) -> Self {
        let strong_start = chars[..start]
            .iter()
            .rposition(|c| STRONG_DELIMS.contains(c))
            .map_or(0, |i| i + 1);
        let item_start = chars[..start]
            .iter()
            .rposition(|c| is_delim(*c))
            .map_or(0, |i| i + 1)
            .max(prev_end);
        let (noun_list, list_start) =
            noun_list(toks, (strong_start, item_start, prev_end), count_thing);
        let clause_start = if noun_list { list_start } else { item_start };
        let span = |a: usize, b: usize| -> String {
            chars[a.min(b)..b].iter().filter(|c| **c != ' ').collect()
        };
        let text = |a: usize| span(a, start);
        let post_end = chars[end..]
            .iter()
            .position(|c| is_delim(*c) || c.is_ascii_digit())
            .map_or(chars.len(), |p| end + p);
        let post_end = post_predicate(toks, end, post_end);
        let post: String = chars[end..post_end].iter().filter(|c| **c != ' ').collect();
        let lead = match strong_start.checked_sub(1).map(|i| chars[i]) {
            Some(',' | '，') => {
                let from = chars[..strong_start - 1]
                    .iter()
                    .rposition(|c| STRONG_DELIMS.contains(c))
                    .map_or(0, |i| i + 1);
                chars[from..strong_start - 1].iter().collect()
            }
            _ => String::new(),
        };
        let (subject_start, subject_end) = subject_span(toks, clause_start, start, count_thing);
        let clause = text(strong_start);
        let before = &chars[..strong_start];
        let modal = modal_plan(toks, strong_start.max(prev_end), start)
            || modal_plan(toks, 0, strong_start);
        Around {
            topic: topic_of(&lead, toks, strong_start),
            lead_object: lead_object(toks, strong_start, lead.chars().count()),
            strong_start,
            // a list governed by no verb (`济南、青岛4大…`), not the object of one
            noun_list: noun_list && list_start == strong_start,
            product: project_product(chars, toks, end),
            lead,
            pre: span(subject_start, subject_end),
            strong_pre: text(strong_start.max(prev_end)),
            plan: contains_any(&clause, &TARGET_WORDS) || modal || plan_before(before, true),
            secured: !modal && secured_only(&clause) && !plan_before(before, false),
            // `增长3亿左右的情况下`: a figure before 的 modifies, it counts no noun
            share_noun: share_noun(&chars[..start], &post),
            post: if post.starts_with('的') {
                String::new()
            } else {
                cut_at_predicate(&post)
            },
            after: post,
            before: {
                let from = chars[..start]
                    .iter()
                    .rposition(|c| matches!(c, ',' | '，' | '。' | ';' | '；' | '\n'))
                    .map_or(0, |i| i + 1);
                chars[from.max(start.saturating_sub(12))..start]
                    .iter()
                    .collect()
            },
        }
    }
}

/// `lead` (the clause ending right before char `comma_end`, a comma) when it is a bare noun
/// phrase of 2 to 10 chars: nouns, verbal nouns and abbreviations, joined by 的 or 和/与/及,
/// opening and closing with a noun. Checked only for a short lead, so it costs nothing per token.
fn topic_of(lead: &str, toks: &[Tok], comma_end: usize) -> String {
    let n = lead.chars().count();
    if !(2..=10).contains(&n) {
        return String::new();
    }
    let (from, to) = (comma_end - 1 - n, comma_end - 1);
    let i = toks.partition_point(|t| t.start < from);
    let j = toks.partition_point(|t| t.end <= to);
    let words = match toks.get(i..j) {
        Some(w) if !w.is_empty() && w[0].start == from && w[w.len() - 1].end == to => w,
        _ => return String::new(),
    };
    let nominal = |t: &Tok| t.pos.starts_with('n') || t.pos == "j";
    let joined =
        |t: &Tok| nominal(t) || t.pos == "vn" || matches!(t.word, "的" | "和" | "与" | "及");
    let bare = nominal(&words[0])
        && (nominal(&words[words.len() - 1]) || words[words.len() - 1].pos == "vn")
        && words.iter().all(joined);
    if bare { lead.to_owned() } else { String::new() }
}

/// The object that ends the clause before the comma at `comma_end - 1`, of `n` chars: the
/// nouns (and abbreviations) right before the comma, after a verb; with its last word.
fn lead_object(toks: &[Tok], comma_end: usize, n: usize) -> (String, String) {
    if n == 0 {
        return Default::default();
    }
    let (from, to) = (comma_end - 1 - n, comma_end - 1);
    let j = toks.partition_point(|t| t.end <= to);
    let nominal = |t: &Tok| t.pos.starts_with('n') || t.pos == "j";
    let mut i = j;
    while i > 0 && toks[i - 1].start >= from && nominal(&toks[i - 1]) {
        i -= 1;
    }
    let after_verb = i > 0 && toks[i - 1].start >= from && toks[i - 1].is_verb();
    if i == j || toks[j - 1].end != to || !after_verb {
        return Default::default();
    }
    let object = toks[i..j].iter().map(|t| t.word).collect();
    (object, toks[j - 1].word.to_owned())
}

/// The noun a share modifies (`占世界7%的耕地` → 耕地), when 占 stands in the clause before the
/// figure and no 的 closes that clause (`X占Y的N%` names X).
fn share_noun(before: &[char], post: &str) -> String {
    let clause = before
        .iter()
        .rposition(|c| is_delim(*c))
        .map_or(before, |i| &before[i + 1..]);
    let share = clause.contains(&'占') && clause.last().is_some_and(|c| *c != '的');
    if !share || post.is_empty() {
        return String::new();
    }
    let noun = cut_at_predicate(post.strip_prefix('的').unwrap_or(post));
    if noun.chars().count() >= 2 {
        noun
    } else {
        String::new()
    }
}

/// Where the noun after a measure word ends, by its POS tags: at the first preposition after a
/// noun (`10件民生实事/为引领的…`; a verb there is too often part of the noun: `群众举报件`); at once when
/// the words after the measure word are a predicate with no noun (`39个/拓展到91个`) or a
/// verb with its aspect particle (`37种/完成了…计划`).
fn post_predicate(toks: &[Tok], end: usize, post_end: usize) -> usize {
    let mut after = toks.iter().filter(|t| t.start >= end && t.start < post_end);
    let Some(first) = after.clone().next() else {
        return post_end;
    };
    if first.is_verb() {
        // a lone word after the measure word is its noun even when jieba tags it a verb (`30项举措`)
        let Some(second) = after.clone().nth(1) else {
            return post_end;
        };
        let no_noun = !after.clone().any(|t| t.pos.starts_with('n'));
        return if no_noun || second.pos == "ul" {
            end
        } else {
            post_end
        };
    }
    let mut noun = false;
    let mut last_noun = false;
    while let Some(t) = after.next() {
        if noun && t.pos == "p" && !matches!(t.word, "与" | "和" | "同" | "跟" | "及") {
            return t.start;
        }
        // `13亿中国人/的饭碗`: 的 right after the noun opens what it owns (not after a verb:
        // `超负荷运行的污水处理厂` is one noun phrase)
        if last_noun && t.word == "的" {
            return t.start;
        }
        // `3个省实验室/高效/运营。`: an adjective and a verb closing the clause are its predicate
        if last_noun
            && t.pos == "a"
            && after.clone().count() == 1
            && after.clone().all(|v| v.pos.starts_with('v'))
        {
            return t.start;
        }
        if last_noun && t.is_verb() && opens_predicate(&mut after.clone()) {
            return t.start;
        }
        last_noun = t.pos.starts_with('n');
        noun |= last_noun;
    }
    post_end
}

/// Round 13a (D13): after the counted noun, a verb with an aspect particle (`农民工/解决/了…`)
/// or with a quoted object (`企业/参与/“…”`) is its predicate, unless a 的 later makes the
/// whole a relative clause (`…解决了…问题的农民工`). `rest` are the words after the verb.
fn opens_predicate<'a, 't: 'a>(rest: &mut impl Iterator<Item = &'a Tok<'t>>) -> bool {
    let Some(next) = rest.next() else {
        return false;
    };
    let marked = matches!(next.word, "了" | "着" | "过" | "“");
    marked && !rest.any(|t| t.word == "的")
}

/// A jieba token of the sentence, with char offsets into the sentence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) word: &'a str,
    pub(crate) pos: &'a str,
}

impl Tok<'_> {
    /// A verb proper (`v`, `vd`, `vi`), not a verbal noun (`vn`).
    pub(super) fn is_verb(&self) -> bool {
        self.pos.starts_with('v') && self.pos != "vn"
    }
    pub(super) fn is_adverb(&self) -> bool {
        matches!(self.pos, "d" | "ad" | "dg")
    }
}

/// The word of the sentence that char `k` of `phrase` (at its first occurrence in `text`) falls
/// inside, not at its start, with the char offset of the phrase. With `every`, only when each
/// occurrence has char `k` inside a word (`59个产品` is not cut, though an earlier 农产品 is).
fn word_inside<'t>(
    text: &str,
    toks: &'t [Tok],
    phrase: &str,
    k: usize,
    every: bool,
) -> Option<(usize, &'t Tok<'t>)> {
    let base = text[..text.find(phrase)?].chars().count();
    if every {
        let mut at = text
            .match_indices(phrase)
            .map(|(b, _)| text[..b].chars().count() + k);
        if !at.all(|at| toks.iter().any(|t| t.start < at && at < t.end)) {
            return None;
        }
    }
    let at = base + k;
    toks.iter()
        .find(|t| t.start < at && at < t.end)
        .map(|t| (base, t))
}

/// Where to cut a list's last item after about `k` chars: at `k`, or at the end of the word the
/// cut would leave one char of (`数字经|济`, `食用|菌`; `治安|案件` stays).
fn word_cut(text: &str, toks: &[Tok], item: &str, k: usize) -> usize {
    match word_inside(text, toks, item, k, false) {
        Some((base, t)) if t.end == base + k + 1 => t.end - base,
        _ => k,
    }
}

/// An indicator never starts with the tail of a function word: a prefix stripped by the word
/// lists (`已` of 已经, `并` of 并且) leaves no fragment (`经全部完工…的重大工程` → 全部完工…的重大工程).
pub(super) fn no_function_word_tail(indicator: &str, text: &str, toks: &[Tok]) -> Option<String> {
    let (start, word) = word_inside(text, toks, indicator, 0, false)?;
    let function_word = matches!(word.pos.as_bytes().first(), Some(b'd' | b'c' | b'p'));
    let skip = word.end - start;
    (function_word && indicator.chars().count() >= skip + 2)
        .then(|| indicator.chars().skip(skip).collect())
}

/// Verbs that name, give or put forward what follows them (`2人当选中国工程院院士`): the
/// text after a measure word can open with them too, and they never belong to the indicator.
/// They are the first [`NAMING`] of [`LEADING_VERBS`], longest first, and 吸引.
fn naming_verbs() -> impl Iterator<Item = &'static &'static str> {
    LEADING_VERBS[..NAMING].iter().chain(&["吸引"])
}

/// An indicator after its figure that opens with a naming verb loses it, and the time and
/// plan words behind it (`当选中国工程院院士` → 中国工程院院士).
pub(super) fn without_naming_verb(indicator: &str, count: bool) -> Option<String> {
    let w = naming_verbs().find(|w| indicator.starts_with(**w))?;
    // `吸引力`: the verb is part of a noun
    if indicator[w.len()..].starts_with('力') {
        return None;
    }
    let rest = strip_leading_verbs(&indicator[w.len()..], count);
    (rest.chars().count() >= 2).then(|| rest.to_owned())
}

/// Predicates of a project's or a unit's state that close the thing counted (`243个重点项目建成
/// 投产`, `自治区重大项目开工390个`, `80余家央企二三级公司布局拓展`, `3个省级区域医疗中心加快
/// 建设`): no part of it.
const CLOSING_PREDICATES: [&str; 15] = [
    "建成",
    "新开工",
    "开工",
    "竣工",
    "投运",
    "投用",
    "投入使用",
    "投产",
    "运行",
    "落地",
    "拓展",
    "揭牌",
    "上线",
    "加快",
    "建设",
];

/// Adverbs, verbs and conjunctions standing before a closing predicate (`基本建成`, `陆续开工`,
/// `布局拓展`, `投入运行`, `实战化运行`, `要加快`, `投入使用或加快建设`).
const BEFORE_CLOSING: [&str; 15] = [
    "基本",
    "陆续",
    "全面",
    "正式",
    "相继",
    "布局",
    "投入",
    "上线",
    "实战化",
    "规模化",
    "开始",
    "要",
    "已",
    "或",
    "和",
];

/// A count's indicator without the predicates that close it (see [`CLOSING_PREDICATES`]), when
/// what is left is more than a time word (`本年开始建设` stays) and at least two chars.
pub(super) fn without_closing_predicate(indicator: &str) -> Option<&str> {
    let mut s = indicator;
    while let Some(w) = CLOSING_PREDICATES.iter().find(|w| s.ends_with(**w)) {
        s = &s[..s.len() - w.len()];
        while let Some(w) = BEFORE_CLOSING.iter().find(|w| s.ends_with(**w)) {
            s = &s[..s.len() - w.len()];
        }
    }
    let dated =
        s.ends_with(['年', '内']) || period_at_start(s).is_some_and(|(_, end)| end >= s.len());
    (s.len() < indicator.len() && s.chars().count() >= 2 && !dated).then_some(s)
}

/// The words that state a target for its subject, or expect a figure of it (`经济增长预期目标
/// 为7%`, `经济增长速度的调控目标定为8%`, `进出口总额预期增长7.5%`): the subject is what is
/// measured (D22), longest first.
const TARGET_STATEMENTS: [&str; 12] = [
    "预期增长目标拟定为",
    "预期增长目标为",
    "的调控目标定为",
    "预期目标定为",
    "调控目标定为",
    "预期目标为",
    "目标拟定为",
    "目标定为",
    "增长目标为",
    "预期目标",
    "调控目标",
    "预期",
];

/// An indicator without the target statement that closes it, and the time words before it
/// (`今年经济增长预期目标为` → 经济增长), when two chars are left.
pub(super) fn without_target_statement(indicator: &str, count: bool) -> Option<&str> {
    let w = TARGET_STATEMENTS
        .iter()
        .find(|w| indicator.ends_with(**w))?;
    let before = &indicator[..indicator.len() - w.len()];
    // `指标不及预期`, `高于预期`: a comparison with the expectation, not a target
    if before.ends_with(['及', '于', '过', '超']) {
        return None;
    }
    let rest = strip_leading_verbs(before, count);
    (rest.chars().count() >= 2).then_some(rest)
}

/// `中央财政今年安排再就业补助资金`: the budget verb 安排 stands between who funds and the funds.
/// The indicator is the funds, owned by the finance that funds them (中央财政再就业补助资金;
/// `专门安排财政资金` → 财政资金); the time, modal and budget words before the verb go.
pub(super) fn funds_of_arrangement(indicator: &str) -> Option<String> {
    let i = indicator.find("安排").filter(|&i| i > 0)?;
    let funds = &indicator[i + "安排".len()..];
    let opens_clause = funds.starts_with(['的', '为', '比', '在', '了', '好', '到']);
    if funds.chars().count() < 2 || opens_clause {
        return None;
    }
    let before = &indicator[..i];
    let owner = before
        .rfind("财政")
        .map_or("", |j| &before[..j + "财政".len()]);
    Some(format!("{owner}{funds}"))
}

/// `五年内全国本专科毕业生…`, `“七五”期间产值…`: the locative that closes a span of time (内,
/// 间) is no part of the indicator after it (D19).
pub(super) fn without_time_locative<'a>(indicator: &'a str, text: &str) -> Option<&'a str> {
    let rest = indicator.strip_prefix(['内', '间'])?;
    let at = text.find(indicator)?;
    let after_time = text[..at].ends_with(['年', '月', '期', '天', '周', '时']);
    (after_time && rest.chars().count() >= 2).then_some(rest)
}

/// Time words whose tail a cut can leave (`今|年广义货币…`): the tail is dropped.
const TIME_WORD_HEADS: [&str; 7] = ["今年", "去年", "明年", "全年", "本年", "上年", "当年"];

/// Function chars a word can be cut after by a list or a figure (`…等|促消费活动`): no snap.
const CUT_FUNCTION_HEADS: [&str; 6] = ["等", "的", "之", "和", "及", "与"];

/// An indicator starts at a word boundary (D19). When the word lists cut a word in two
/// (`生产|资料`, `外贸进|出口`, `今年经|济增长`, `累计使|用外资`), the start snaps backward to
/// the word's start: the word is content. It snaps forward past the tail instead when the
/// word is a time word (`今|年…`) or a verb pair whose first verb was stripped (`建成|投产…`).
/// Left as is: words jieba glued across a figure (`28个省`, `51万新…`, `1979年轻工业`), a
/// function char before the cut (`等促`), the adverb of total before its verb (`共培养`).
pub(super) fn snap_to_word(indicator: &str, text: &str, toks: &[Tok]) -> Option<String> {
    let (base, word) = word_inside(text, toks, indicator, 0, true)?;
    if matches!(
        word.pos.as_bytes().first(),
        Some(b'm' | b'q' | b'd' | b'c' | b'p')
    ) {
        return None;
    }
    let head_len = base - word.start;
    let head: String = word.word.chars().take(head_len).collect();
    let tail = &word.word[head.len()..];
    let glued = word.start > 0
        && text.chars().nth(word.start - 1).is_some_and(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || CN_AMOUNT.contains(c)
        });
    let gong = head == "共" && tail.starts_with(GONG_VERBS);
    // a whole verb that the lists strip before its object, glued to it by jieba (`推进设备…`,
    // `新建村内道路`); 生产 forms nouns (`生产资料`, `生产性服务业`)
    let glued_verb = head.chars().count() >= 2 && head != "生产" && LEADING_VERBS.contains(&&*head);
    // a word holding a time word (`全年收入`, `上年产值`)
    let dated = head.ends_with(['年', '月', '日'])
        || (word.pos != "t" && TIME_WORD_HEADS.iter().any(|w| word.word.starts_with(w)));
    if glued || gong || dated || CUT_FUNCTION_HEADS.contains(&head.as_str()) {
        return None;
    }
    let rest = indicator.strip_prefix(tail)?;
    let verb_pair = tail.chars().count() >= 2 && matches!(word.pos, "v" | "j" | "vi");
    let time = word.pos == "t" || TIME_WORD_HEADS.contains(&word.word);
    if time || verb_pair {
        return (rest.chars().count() >= 2).then(|| rest.to_owned());
    }
    (!glued_verb).then(|| format!("{head}{indicator}"))
}

/// Complements that close a predicate before its figure: `增至`, `稳定在`, `扩大到`, `降为`.
const COMPLEMENTS: [char; 6] = ['在', '至', '到', '于', '为', '成'];

/// Where the subject before a number starts and ends, by the grammar `[causer 使] subject
/// [adverbs] verb+complement number`: a verb closed by a result or place complement (`增至`,
/// `稳定/在`, `扩大/到`) is the predicate, and so are adverbs before it (`将`, `已`, `均`); the
/// subject is what stands before them. A plain verb before the number is left to the
/// indicator rules: it is often what is measured (`普通高校招生`, `老旧小区改造`).
fn subject_span(
    toks: &[Tok],
    clause_start: usize,
    num: usize,
    count_thing: bool,
) -> (usize, usize) {
    let inside = |t: &&Tok| t.start >= clause_start && t.end <= num;
    let clause: Vec<&Tok> = toks.iter().filter(inside).collect();
    let start = subject_start(&clause, count_thing).unwrap_or(clause_start);
    let end = share_of(&clause, num).unwrap_or_else(|| predicate_start(&clause, num));
    // `从39个拓展到91个`: the predicate fills the clause, whose subject is the figure's before;
    // so does a bare verb before a count of things (`…756件行政法规…，废止71件`)
    let bare_verbs =
        count_thing && !clause.is_empty() && clause.iter().all(|t| t.is_verb() || t.is_adverb());
    if (end < num && end <= start.max(clause_start)) || bare_verbs {
        return (num, num);
    }
    if end.saturating_sub(start) < 2 {
        return (clause_start, num);
    }
    (start, end)
}

/// `高标准农田达到耕地总面积的64%`: a share of a whole named after a link verb; the subject is
/// before the verb.
fn share_of(clause: &[&Tok], num: usize) -> Option<usize> {
    let (last, rest) = clause.split_last()?;
    if last.word != "的" || last.end != num {
        return None;
    }
    let k = rest
        .iter()
        .rposition(|t| matches!(t.word, "达到" | "达" | "相当于" | "为" | "是"))?;
    Some(rest[k].start)
}

/// Where the subject starts after what opens the clause: the object marker 将/把 (`将试点范围
/// 扩大到60%`), a causative verb and its causer (`五年内使化肥生产能力增加…`), and for counts the
/// verbs before the counted thing (`计划建成投产大中型项目118个`).
fn subject_start(clause: &[&Tok], count_thing: bool) -> Option<usize> {
    // time words open a clause before its subject (`年底国家外汇储备达…`)
    let times = clause.iter().take_while(|t| t.pos == "t").count();
    let mut at = (times > 0 && times < clause.len()).then_some(times);
    if let [first, second, ..] = clause[times.min(clause.len())..]
        && matches!(first.word, "将" | "把")
        && (!second.is_verb() || object_marker(&clause[times..]))
    {
        at = Some(times + 1);
    }
    if let Some(k) = clause
        .iter()
        // jieba glues a locative to it (`五年/内使`)
        .rposition(|t| {
            t.is_verb() && (t.word == "让" || t.word.ends_with('使') && t.word != "行使")
        })
        .filter(|&k| clause.get(k + 1).is_some_and(|n| n.pos.starts_with('n')))
    {
        at = Some(k + 1);
    }
    // `计划建成投产大中型项目118个`: in `verb object number measure-word` the object is what
    // is counted. Not for people, whom a verb before them describes (`外出农民工`).
    let object_counted = clause.last().is_some_and(|t| t.pos.starts_with('n'));
    if count_thing && object_counted {
        let from = at.unwrap_or(0);
        let verbs = clause[from..]
            .iter()
            .take_while(|t| {
                t.is_verb()
                    || t.is_adverb()
                    || matches!(t.pos, "ul" | "c")
                    || LEADING_VERBS.contains(&t.word)
                    || ADVERBS.contains(&t.word)
            })
            .count();
        let rest = &clause[from + verbs..];
        // `示范/型…`: a suffix or particle cannot open the counted noun
        let opens = rest
            .first()
            .is_some_and(|t| t.pos != "k" && !t.pos.starts_with('u'));
        // `新建扩建污水处理厂14座`: coordinated verbs stay with their object
        let coordinated = verbs >= 2 && COORDINATED_VERBS.contains(&clause[from + verbs - 1].word);
        if verbs > 0 && opens && !coordinated && rest.iter().any(|t| t.pos.starts_with('n')) {
            at = Some(from + verbs);
        }
    }
    // `各部门共清理涉外规章…2300件`, `企业在境内外新增上市公司442家`: in `subject adverb verb
    // object number measure-word` the object is what is counted.
    if count_thing
        && object_counted
        && let Some(k) = clause.iter().rposition(|t| t.is_verb())
        && k >= 2
        && at.is_none_or(|a| a <= k)
        && (clause[k - 1].is_adverb()
            || ADVERBS.contains(&clause[k - 1].word)
            || matches!(clause[k - 1].pos, "f" | "s"))
        && clause[..k - 1].iter().any(|t| t.pos.starts_with('n'))
    {
        at = Some(k + 1);
    }
    at.and_then(|k| clause.get(k)).map(|t| t.start)
}

/// Where the predicate before the number starts: a verb closed by a complement and the
/// adverbs before it; `num` when the clause does not end so.
fn predicate_start(clause: &[&Tok], num: usize) -> usize {
    let mut i = clause.len();
    let last = |i: usize| i.checked_sub(1).map(|j| clause[j]);
    let Some(t) = last(i).filter(|t| t.end == num) else {
        return num;
    };
    let single = t.word.chars().count() == 1;
    let closes = t.word.ends_with(COMPLEMENTS);
    if closes && single {
        i -= 1;
        // `稳定/在`, `扩大/到`, `定/为`; a noun jieba tags as a verb keeps its 为 (`支出/为`)
        let verb = last(i).filter(|v| v.is_verb() || v.pos.starts_with('a'));
        if verb.is_some_and(|v| t.word != "为" || v.word.chars().count() == 1) {
            i -= 1;
        }
    } else if closes && t.is_verb() {
        i -= 1;
    } else if t.is_verb()
        // not any adverb: `一次性/d 补助/v` is a noun phrase
        && last(i - 1).is_some_and(|d| MODALS.contains(&d.word) || SCOPE_ADVERBS.contains(&d.word))
        && clause[..i - 1].iter().any(|n| n.pos.starts_with('n'))
    {
        // `病床将增设`, `经营收入均保持`: a verb after a modal or adverb is the predicate
        i -= 1;
    } else {
        return num;
    }
    // adverbs, modals and time words between subject and predicate (`人口2000年要控制在`)
    loop {
        match last(i) {
            Some(d) if d.is_adverb() || ADVERBS.contains(&d.word) || d.pos == "t" => i -= 1,
            Some(d) if MODALS.contains(&d.word) => i -= 1,
            // the comparison marker of a baseline year (`总值比1955年将增长`)
            Some(d)
                if matches!(d.word, "比" | "较")
                    && d.pos == "p"
                    && clause.get(i).is_some_and(|y| matches!(y.pos, "m" | "t")) =>
            {
                i -= 1
            }
            Some(d)
                if d.word == "年" && last(i - 1).is_some_and(|y| y.word.parse::<u32>().is_ok()) =>
            {
                i -= 2
            }
            _ => break,
        }
    }
    let mut end = last(i).map_or(0, |t| t.end);
    // jieba glues the head of a measure noun to the verb after it (`败诉/率降/至`, `参保/率均`)
    if let Some(next) = clause.get(i)
        && next.word.starts_with(MEASURE_HEADS)
        && next.word.chars().count() > 1
    {
        end += 1;
    }
    end
}

/// Adverbs of degree and scope that jieba tags as nouns or adjectives (`基本/n 建成`).
const ADVERBS: [&str; 10] = [
    "基本", "全面", "稳定", "持续", "累计", "共", "已经", "均", "都", "实际",
];

/// Adverbs of scope and aspect that mark the verb after them as the predicate (`经营收入均保持`,
/// `项目已完成`); not `实际` (`外商直接投资实际到位` names what is measured).
const SCOPE_ADVERBS: [&str; 8] = ["均", "都", "已", "已经", "也", "还", "仍", "正在"];

/// `行政管理费和公安、司法、检察费共为…`, `接待游客、经营收入均保持…`: a list of nouns (no verb,
/// adverb, preposition or numeral: `全球第一、`) before the figure is its subject as a whole.
/// For counts of things the verbs opening the clause govern the whole list after them
/// (`新培育独角兽、小巨人、单项冠军企业300家`). Returns whether there is such a list and where it
/// starts.
fn noun_list(
    toks: &[Tok],
    (strong_start, item_start, prev_end): (usize, usize, usize),
    count_thing: bool,
) -> (bool, usize) {
    // jieba tags some verbs as places (`新建/ns`): the word lists catch them
    let not_noun = |t: &Tok| {
        t.is_verb()
            || t.is_adverb()
            || matches!(t.pos, "p" | "m")
            || ACTIONS.contains(&t.word)
            || LEADING_VERBS.contains(&t.word)
    };
    let list_start = if count_thing {
        toks.iter()
            .filter(|t| t.start >= strong_start && t.end < item_start)
            // `新/a 培育/vn`: jieba splits and tags the verbs of plans loosely
            .find(|t| {
                !((not_noun(t) || matches!(t.pos, "a" | "vn")) && !matches!(t.pos, "p" | "m"))
            })
            .map_or(strong_start, |t| t.start)
    } else {
        strong_start
    };
    let list = prev_end <= strong_start
        && item_start > list_start
        && !toks
            .iter()
            .filter(|t| t.start >= list_start && t.end < item_start)
            .any(not_noun);
    (list, list_start)
}

/// What a project does to its product, which is no part of the product (`乙烯/转型/升级/项目`).
const PROJECT_WORDS: [&str; 8] = [
    "项目",
    "转型",
    "升级",
    "改造",
    "扩建",
    "技改",
    "建设",
    "一体化",
];

/// `推动梅花60万吨赖氨酸等项目`, `吉化120万吨乙烯转型升级项目`: a capacity written before the
/// product of a project names that product (the nouns right after it); empty otherwise.
fn project_product(chars: &[char], toks: &[Tok], end: usize) -> String {
    let nouns: Vec<&Tok> = toks
        .iter()
        .skip_while(|t| t.start < end)
        .take_while(|t| t.pos.starts_with('n') && !PROJECT_WORDS.contains(&t.word))
        .collect();
    let (Some(first), Some(last)) = (nouns.first(), nouns.last()) else {
        return String::new();
    };
    let clause_end = chars[last.end..]
        .iter()
        .position(|c| is_delim(*c))
        .map_or(chars.len(), |p| last.end + p);
    let names_project = chars[last.end..clause_end]
        .windows(2)
        .any(|w| w == ['项', '目']);
    if first.start != end || !names_project {
        return String::new();
    }
    chars[first.start..last.end].iter().collect()
}

/// Modal verbs before a predicate (`要控制在`, `应保持在`).
const MODALS: [&str; 6] = ["要", "将", "拟", "应", "会", "可"];

/// Heads of measure nouns (`败诉率`, `总量`, `成交额`).
const MEASURE_HEADS: [char; 7] = ['率', '量', '额', '数', '值', '度', '价'];

/// A plan announced in an earlier clause of the sentence governs the clauses after it:
/// `预计城镇居民收入年均增长5%左右，农民人均纯收入年均增长4%左右`, or a clause that ends in
/// its topic `…的宏观调控目标，年均经济增长速度为8%左右，…` (not one met: `完成…目标`).
fn plan_before(before: &[char], secure: bool) -> bool {
    if before.is_empty() {
        return false;
    }
    let text: String = before.iter().collect();
    let clauses = text.split(|c: char| STRONG_DELIMS.contains(&c));
    clauses.filter(|c| !c.is_empty()).any(|c| {
        contains_any(c, &["预计", "力争", "今后"])
            || secure && c.contains("争取")
            || ["目标", "目标是", "目标为", "主要目标"]
                .iter()
                .any(|w| c.ends_with(w))
                // `超额完成国家激励目标，…下降22%`: a target met is a review, not a plan
                && !contains_any(c, &MET_TARGET)
    })
}

/// Whether the only plan word of a figure's clause is `争取` before the thing it obtains
/// (`争取中央预算内投资150亿元`, `累计争取中央转移支付超5300亿元`): in a review of the past year
/// that is an amount secured, not a goal (D59). Not when a reach, a future time or a rate
/// follows 争取 (`争取达到5000亿公斤`, `争取明年…`, `争取每年平均…`): those are goals.
fn secured_only(clause: &str) -> bool {
    let Some(at) = clause.find("争取") else {
        return false;
    };
    let others = TARGET_WORDS.iter().filter(|w| **w != "争取");
    !others.into_iter().any(|w| clause.contains(w)) && !contains_any(&clause[at..], &SECURED_GOALS)
}

/// Words after `争取` that make it a goal rather than an amount obtained.
const SECURED_GOALS: [&str; 11] = [
    "达", "实现", "提高", "提前", "今年", "明年", "今后", "每年", "年均", "平均", "再",
];

/// Verbs that report a target as met (`完成…目标`, `实现…目标`).
const MET_TARGET: [&str; 4] = ["完成", "实现", "达到", "达成"];

/// `将` as the object marker (`将扶贫标准提高到2300元`): a noun and then a verb closed by a
/// complement follow it, so it marks no plan.
fn object_marker(from_jiang: &[&Tok]) -> bool {
    let mut noun = false;
    for t in &from_jiang[1..] {
        if t.pos.starts_with('n') {
            noun = true;
        } else if noun && t.is_verb() && t.word.ends_with(COMPLEMENTS) {
            return matches!(from_jiang[0].word, "将" | "把");
        }
    }
    false
}

/// A modal of plans (`将`, `要`, `拟`) right before a verb in the clause (`将安排`, `要控制在`),
/// or a clause opening with this or next year and a verb (`今年建成…`), or this or next year's
/// budget (`今年安排`, `今年…预算赤字`): a plan figure.
fn modal_plan(toks: &[Tok], from: usize, num: usize) -> bool {
    let clause: Vec<&Tok> = toks
        .iter()
        .filter(|t| t.start >= from && t.end <= num)
        .collect();
    // the verb after a word, past adverbs (`要再增长`, `今年再减少`)
    let verb_after = |k: usize| {
        clause[k + 1..]
            .iter()
            .find(|t| !(t.is_adverb() || matches!(t.word, "再" | "要" | "将")))
    };
    let modal = clause.iter().enumerate().any(|(k, t)| {
        matches!(t.word, "将" | "要" | "拟")
            && verb_after(k).is_some_and(|v| v.is_verb())
            && !object_marker(&clause[k..])
    });
    // jieba tags many verbs of plans as verbal nouns (`今年/启动/vn`)
    let this_year = matches!(clause.first(), Some(year) if matches!(year.word, "今年" | "明年"))
        && verb_after(0).is_some_and(|verb| {
            verb.pos.starts_with('v')
                && !matches!(verb.word, "有" | "是" | "为" | "达到" | "达" | "预计")
        });
    // budget arrangements of this or next year (`国家今年再安排30亿元`, `今年中央财政预算赤字…`)
    let year = clause
        .iter()
        .position(|t| matches!(t.word, "今年" | "明年"));
    let budget = year.is_some_and(|k| {
        clause[k..]
            .iter()
            .any(|t| matches!(t.word, "安排" | "预算" | "赤字"))
    });
    modal || this_year || budget
}

/// Kind and direction from the clause before the number.
pub(super) fn kind_and_direction(
    strong_pre: &str,
    unit: &str,
    dimension: &str,
    (deadline, plan, to_of_pair): (bool, bool, bool),
    why: &mut Why,
) -> (&'static str, &'static str) {
    let (mut direction, word) = match find_verb(strong_pre, &DOWN_WORDS) {
        Some(w) => ("down", w),
        None => match find_verb(strong_pre, &UP_WORDS) {
            Some(w) => ("up", w),
            None if unit == "倍" => ("up", "the unit 倍"),
            None => ("", ""),
        },
    };
    why.direction = word;
    let reached = (contains_any(strong_pre, &TO_WORDS) || contains_any(strong_pre, &REACH_VERBS))
        && unit != "倍";
    // `由66户整合至12户`, `从174.09万户增加到…`: both ends of a from/to pair are levels, also of
    // counts (the codebook's from/to rule; structure wins over a count unit)
    let from_to = to_of_pair || strong_pre.ends_with(['从', '由']);
    let kind = if deadline || plan {
        why.kind = "a deadline or a target word (目标, 力争, 预计 …) in the clause";
        "target"
    } else if !direction.is_empty() && !reached {
        why.kind = "a direction word and no 至/到-style word";
        "change"
    } else if dimension == "count" && !from_to {
        why.kind = "unit of dimension count";
        "count"
    } else {
        why.kind = "no change, count or target cue";
        "level"
    };
    // `今年要淘汰钢铁2700万吨`: a target of phasing out is a planned reduction
    if kind == "target" && direction.is_empty() && find_verb(strong_pre, &PLAN_DOWN_WORDS).is_some()
    {
        direction = "down";
        why.direction = "淘汰 in a target";
    }
    // A level reached (`提升至75.8%`, `从3800万吨`) has no direction; only changes and
    // targets do.
    if kind == "level" || kind == "count" {
        direction = "";
        why.direction = "";
    }
    (kind, direction)
}

/// Words of a planned reduction that are no change words in a report (`淘汰落后产能`).
pub(super) const PLAN_DOWN_WORDS: [&str; 1] = ["淘汰"];

/// Words that make a figure a target.
const TARGET_WORDS: [&str; 10] = [
    "目标",
    // `今后一个时期`, `今后五年`: the time ahead
    "今后",
    "力争",
    "预期",
    "预计",
    "争取",
    "要求",
    "控制在",
    "将达到",
    "将比",
];

/// The indicator of a figure that does not continue the one before, and whether it was
/// inherited from the figure before: the subject of `…分别…`, the noun after a count, the
/// phrase before the number, the noun after it, the previous figure's indicator, and last
/// the nearest phrase at all (so it is never empty; the last bool says this fallback was used).
pub(super) fn choose_indicator(
    ctx: &Around,
    kind: &str,
    dimension: &str,
    previous: Option<&Metric>,
    why: &mut Why,
) -> (String, bool, bool) {
    let previous_indicator = previous.map(|m| m.indicator.clone()).unwrap_or_default();
    let cleaned = clean_indicator(&ctx.pre, dimension == "count");
    let baseline_only = contains_any(&ctx.pre, &["同比", "较", "比上年"])
        && is_action_only(&cleaned)
        && is_action_only(&clean_indicator(
            ctx.pre.split(['同', '较', '比']).next().unwrap_or(""),
            false,
        ));
    let (indicator, inherited) = if ctx.strong_pre.contains("分别") {
        why.indicator = "subject of …分别…";
        (
            clean_indicator(ctx.strong_pre.split("分别").next().unwrap_or(""), false),
            false,
        )
    } else if !ctx.share_noun.is_empty() && dimension == "ratio" {
        why.indicator = "the noun a share written before it is the share of";
        (ctx.share_noun.clone(), false)
    } else if let Some(whole) = share_subject(&ctx.strong_pre)
        && (ctx.strong_pre.ends_with('占')
            // `…的支出，共占本年支出的46.89%`: an adverb alone before 占 names nothing
            || is_action_only(&clean_indicator(whole, false))
                && match previous {
                    Some(p) => p.dimension != "count",
                    None => !ctx.lead.is_empty(),
                })
    {
        // `总预备费…，占本年预算支出的2.57%`, `A、B、C占44%`: the share is A's, not the whole's
        why.indicator = "subject of …占…: what the share is of";
        match clean_indicator(whole, false) {
            a if is_action_only(&a) && previous.is_some() => (previous_indicator.clone(), true),
            // no figure before: the subject of the clause before (`用于经济建设方面的支出，`)
            a if is_action_only(&a) => (clean_indicator(&ctx.lead, false), false),
            a => (a, false),
        }
    } else if !ctx.product.is_empty() && matches!(dimension, "mass" | "energy" | "power") {
        why.indicator = "the product a capacity names in a project";
        (ctx.product.clone(), false)
    } else if dimension == "count" && !ctx.post.is_empty() {
        why.indicator = "noun after the measure word";
        (ctx.post.clone(), false)
    } else if OPEN_VERBS.iter().any(|w| cleaned.ends_with(w)) && !ctx.post.is_empty() {
        // `国务院同意地方发行2000亿元债券`: a verb waiting for its object names it after the
        // number, also in a target (not the previous figure's indicator)
        why.indicator = "noun after the number: the object of the verb before";
        (after_purpose_verb(&ctx.post).to_owned(), false)
    } else if (kind == "target" && (ctx.strong_pre.contains("目标") || is_action_only(&cleaned)))
        || baseline_only
    {
        why.indicator = "target or 同比/较/比上年: the figure it refers to";
        (previous_indicator.clone(), true)
    } else if !is_action_only(&cleaned) {
        why.indicator = "phrase before the number";
        (cleaned, false)
    } else if !ctx.post.is_empty() {
        // `筹措310.33亿元实施健康惠民工程`: the verb opening the words after is no part of them
        why.indicator = "noun after the number";
        (after_purpose_verb(&ctx.post).to_owned(), false)
    } else {
        why.indicator = "the figure before";
        (previous_indicator.clone(), true)
    };
    if !indicator.is_empty() {
        let indicator = match previous.and_then(|p| owner_of(&p.indicator)) {
            Some(owner) if !inherited && GENERIC_MEASURES.contains(&indicator.as_str()) => {
                why.indicator = "a generic head composed with the owner of the figure before";
                format!("{owner}{indicator}")
            }
            _ => with_attached_owner(indicator, inherited, ctx, previous, why),
        };
        return (indicator, inherited, false);
    }
    if !previous_indicator.is_empty() {
        why.indicator = "the figure before";
        return (previous_indicator, true, false);
    }
    // `明年计划轻工业产值的比重,由今年预计的44%…`: the clause before names the subject.
    // its subject stands before its link verb (`全国进出口总额达到一千二百零一亿元`)
    let lead = match find_any(&ctx.lead, &["达到", "突破", "超过"]) {
        Some(w) => ctx.lead.split(w).next().unwrap_or(""),
        None => ctx.lead.as_str(),
    };
    let lead = clean_indicator(lead, false);
    if !is_action_only(&lead) && lead.chars().count() <= 20 {
        why.indicator = "fallback: the subject of the clause before";
        return (lead, false, true);
    }
    why.indicator = "fallback: the nearest phrase";
    (nearest_phrase(ctx), false, true)
}

/// Heads that name a measure but not whose it is (`产值`, `利润`, `死亡人数`): bare, they take
/// the owner of the figure before in the sentence (D6, D14).
const GENERIC_MEASURES: [&str; 19] = [
    "产值",
    // round 13a: `地方一般公共预算收入增长2.3%、支出首次超过…`, `“湘易办”用户…、月访问量…`
    "支出",
    "访问量",
    "月访问量",
    "总产值",
    "利润",
    "收入",
    "营业收入",
    "营收",
    "增加值",
    "投资",
    "零售额",
    "死亡人数",
    "产量",
    "总产量",
    "产业规模",
    "规模",
    "出口额",
    "利用率",
];

/// The domain word X of a bare three-char `X额` or `X量` (`交易额` → 交易, `销售额` → 销售), not a
/// total (`总额`) or a rate of time (`年产量`, `日产量`).
fn domain_stem(indicator: &str) -> Option<&str> {
    let mut chars = indicator.char_indices();
    let (k, _) = chars.nth(2)?;
    let last = indicator[k..].chars().next()?;
    let stem = &indicator[..k];
    let whole = matches!(last, '额' | '量') && indicator.chars().count() == 3;
    (whole && !stem.starts_with(['总', '年', '日', '月'])).then_some(stem)
}

/// Heads of a total that, bare, measure the thing the figure before counts or sums
/// (`新增境内外上市公司45家、总量达1224家`, `外贸进出口增长8.4%,总额突破8000亿元`; D6, D14).
const TOTAL_HEADS: [&str; 3] = ["总量", "总额", "总数"];

/// Heads of counted things that, bare, keep the domain named by the list right before them in
/// the clause (`实施医疗卫生强基、扩容、下沉项目785个`, D47).
const LISTED_HEADS: [&str; 2] = ["项目", "工程"];

/// Round 13a: a bare generic head takes an owner attached to it in the sentence, with no verb
/// in between: the subject of the figure before for a total (when that names no measure of its
/// own), or the 、-list of domains the head closes, from after the verb that governs it.
fn with_attached_owner(
    indicator: String,
    inherited: bool,
    ctx: &Around,
    previous: Option<&Metric>,
    why: &mut Why,
) -> String {
    if inherited {
        return indicator;
    }
    if TOTAL_HEADS.contains(&indicator.as_str())
        && let Some(p) = previous
        && !p.indicator.ends_with(MEASURE_HEADS)
        // `…投资比重由…提高到…,…总额达到`: a share is no thing a total sums
        && !p.indicator.ends_with(['重', '例', '比'])
        && p.indicator.chars().count() >= 2
        && !p.indicator.contains(['、', '和', '及'])
    {
        why.indicator = "a bare total composed with the subject of the figure before";
        // `新登记经营主体320万户…,总量达…`: the total is of all, not of the new ones
        let owner = ["新登记", "新注册", "新设立", "新设"]
            .iter()
            .find_map(|w| p.indicator.strip_prefix(w))
            .filter(|rest| rest.chars().count() >= 2)
            .unwrap_or(&p.indicator);
        return format!("{owner}{indicator}");
    }
    // `轻工业,总产值比1980年预计增长8%`, `煤炭工业建设,五年投资…`: a topic clause owns the
    // generic head of the first figure after it
    if previous.is_none() && !ctx.topic.is_empty() && GENERIC_MEASURES.contains(&indicator.as_str())
    {
        why.indicator = "a generic head composed with the topic clause before it";
        // `渔业生产,…产量`: the production is said once
        let topic = match ctx.topic.strip_suffix("生产") {
            Some(t) if indicator.contains('产') && t.chars().count() >= 2 => t,
            _ => ctx.topic.as_str(),
        };
        return format!("{topic}{indicator}");
    }
    // `部区共建内蒙古牛羊肉交易中心,力争交易额达到100亿元`: a bare `X额`/`X量` whose X opens the
    // last word of the object ending the clause before (交易 → 交易中心) is that object's
    if previous.is_none()
        && let Some(stem) = domain_stem(&indicator)
        && ctx.lead_object.1.starts_with(stem)
        && ctx.lead_object.1.len() > stem.len()
    {
        why.indicator = "a bare X额/X量 composed with the X-named object of the clause before";
        return format!("{}{indicator}", ctx.lead_object.0);
    }
    if LISTED_HEADS.contains(&indicator.as_str()) && ctx.strong_pre.contains('、') {
        let whole = clean_indicator(&ctx.strong_pre, true);
        if whole.ends_with(indicator.as_str())
            && whole.contains('、')
            && whole.chars().count() <= 24
            && !whole.starts_with('、')
        {
            why.indicator = "a bare project head with the list of domains it closes";
            return whole;
        }
    }
    indicator
}

/// Heads after which the rest of an indicator is its owner (`林下经济面积` → 林下经济,
/// `生产安全事故起数` → 生产安全事故).
const OWNER_HEADS: [&str; 18] = [
    "播种面积",
    // round 13a: the users of a service own its other figures (`“湘易办”用户`)
    "用户",
    "面积",
    "总产值",
    "产值",
    "总产量",
    "产量",
    "规模",
    "起数",
    "增加值",
    "营业收入",
    "营收",
    "收入",
    "投资",
    "装机",
    "数量",
    "人数",
    "利润",
];

/// The owner named by an indicator with one of [`OWNER_HEADS`], if it leaves two chars or more.
fn owner_of(indicator: &str) -> Option<&str> {
    let head = OWNER_HEADS.iter().find(|h| indicator.ends_with(**h))?;
    let owner = &indicator[..indicator.len() - head.len()];
    // `装机规模`: an owner that is itself a measure names no owner
    let measure = ["装机", "投资", "产能"].iter().any(|m| owner.ends_with(m));
    (owner.chars().count() >= 2 && !owner.ends_with(LIST_DELIMS) && !measure).then_some(owner)
}

/// `A占B的N%`, `占B比重N%`: the text before 占 (A, possibly empty when the subject stands in
/// the clause before). `占比` is a noun and no such verb. A non-empty A with its B keeps the
/// codebook's `A占B` indicator (other rules); an empty A, or `A占N%`, names A.
fn share_subject(strong_pre: &str) -> Option<&str> {
    // `…收入收到5,072,990,000元，完成预算数的110.51%`: the share is the earlier figure's
    if ["完成", "相当于"].iter().any(|w| strong_pre.starts_with(w)) && strong_pre.ends_with('的')
    {
        return Some("");
    }
    let i = strong_pre.find('占')?;
    let rest = &strong_pre[i + '占'.len_utf8()..];
    // `占比`, `占用`, `占有率`, `占领`, `占地面积`, `占地300亩` are no share of a whole
    let other_word = rest.starts_with(['比', '到', '用', '有', '领'])
        || rest.strip_prefix('地').is_some_and(|r| {
            r.is_empty() || r.starts_with("面积") || r.starts_with(|c: char| c.is_ascii_digit())
        });
    (!other_word).then_some(&strong_pre[..i])
}

/// The nearest phrase to the number (the clause before it as written, else the noun after,
/// else the words after as written, else the clause before, else the chars right before it;
/// at most 12 chars), for a figure
/// whose text names nothing clearer. Never a word that is not in the text.
fn nearest_phrase(ctx: &Around) -> String {
    let after = ctx.after.trim_start_matches('的');
    let s = [
        ctx.strong_pre.trim(),
        ctx.post.as_str(),
        after,
        ctx.lead.as_str(),
    ]
    .into_iter()
    .find(|s| !s.is_empty())
    .unwrap_or(ctx.before.as_str());
    if s == after && s != ctx.post {
        return s.chars().take(12).collect();
    }
    let n = s.chars().count();
    s.chars().skip(n.saturating_sub(12)).collect()
}
