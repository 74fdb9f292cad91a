//! Quantities written in Chinese numerals (`百分之四十六`, `八千一百九十九万吨`): the older
//! government work reports write most of their amounts this way, and a year without them
//! would read as a false zero. Precision first: only `百分之X`/`千分之X` and a numeral right
//! before a unit of measure (never a bare count, a year, an ordinal or a set phrase).

use super::numbers::NumberSpan;
use super::units::{Unit, Units};
use super::{Quantity, RANGE_SEPS, unit_after};

/// The value of a digit char (`两` is 2; `零`/`〇` are 0).
fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A char of a numeral: a digit or a multiplier.
pub(super) fn is_numeral(c: char) -> bool {
    digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '亿')
}

/// State of [`parse_int`] inside one numeral.
#[derive(Default)]
struct Acc {
    /// completed 亿 part (already multiplied)
    yi: u64,
    /// completed 万 part of the current 亿 group (already multiplied)
    wan: u64,
    /// the part below 万
    section: u64,
    digit: Option<u64>,
    liang: bool,
    /// the last 十/百/千 of the section (0: none yet)
    last: u64,
    /// a 零 since the last multiplier
    zero: bool,
    /// a 万 or 亿 was seen
    big: bool,
}

impl Acc {
    fn small(&mut self, m: u64, first: bool) -> Option<()> {
        if self.last != 0 && m >= self.last {
            return None;
        }
        let d = match self.digit {
            Some(d) if !(self.liang && m == 10) => d,
            None if m == 10 && first => 1,
            _ => return None,
        };
        if d == 0 {
            return None;
        }
        self.section += d * m;
        (self.digit, self.last, self.zero) = (None, m, false);
        Some(())
    }

    fn big(&mut self, yi: bool) -> Option<()> {
        let below = self.section + self.digit.unwrap_or(0);
        if yi {
            let part = self.wan + below;
            if part == 0 || self.yi != 0 {
                return None;
            }
            (self.yi, self.wan) = (part.checked_mul(100_000_000)?, 0);
        } else {
            if below == 0 || self.wan != 0 {
                return None;
            }
            self.wan = below * 10_000;
        }
        (self.section, self.digit, self.last, self.zero, self.big) = (0, None, 0, false, true);
        Some(())
    }
}

/// An integer numeral, whole: `十二`, `一百零五`, `两千`, `三万五千`, `八千一百九十九万`.
/// Refuses digit strings (`一九八三`), colloquial elisions (`一百五`, `三万五`), `两` as a
/// last digit or before 十, and multipliers out of order.
pub(super) fn parse_int(s: &[char]) -> Option<u64> {
    let mut a = Acc::default();
    for (i, &c) in s.iter().enumerate() {
        match c {
            '零' | '〇' => {
                if a.digit.is_some() || (i == 0 && s.len() > 1) {
                    return None;
                }
                a.zero = true;
            }
            '十' => a.small(10, i == 0)?,
            '百' => a.small(100, false)?,
            '千' => a.small(1000, false)?,
            '万' => a.big(false)?,
            '亿' => a.big(true)?,
            _ => {
                if a.digit.is_some() {
                    return None;
                }
                a.digit = Some(digit(c)?);
                a.liang = c == '两';
            }
        }
    }
    if let Some(d) = a.digit {
        let elided = !a.zero && (a.last >= 100 || (a.last == 0 && a.big));
        if a.liang || elided || d == 0 && s.len() > 1 {
            return None;
        }
        a.section += d;
    }
    Some(a.yi + a.wan + a.section)
}

/// A numeral with an optional decimal part after `点` (`三点五`, `零点八`): its value and
/// its plain decimal writing (`3.5`).
pub(super) fn parse(s: &[char]) -> Option<(f64, String)> {
    let (int, frac) = match s.iter().position(|&c| c == '点') {
        Some(p) => (&s[..p], &s[p + 1..]),
        None => (s, &[][..]),
    };
    if int.is_empty() || (s.contains(&'点') && frac.is_empty()) {
        return None;
    }
    let mut text = parse_int(int)?.to_string();
    if !frac.is_empty() {
        text.push('.');
        for &c in frac {
            if c == '两' {
                return None;
            }
            text.push(char::from(b'0' + u8::try_from(digit(c)?).ok()?));
        }
    }
    Some((text.parse().ok()?, text))
}

/// Where the numeral run starting at `i` ends (a `点` only before a digit: `三十点五`).
fn run_end(chars: &[char], i: usize) -> usize {
    let mut j = i;
    while let Some(&c) = chars.get(j) {
        let decimal = c == '点'
            && j > i
            && chars.get(j + 1).copied().and_then(digit).is_some()
            && is_numeral(chars[j - 1])
            && !matches!(chars[j - 1], '万' | '亿');
        if !(is_numeral(c) || decimal) {
            break;
        }
        j += 1;
    }
    j
}

/// `百分之`/`千分之` right before `i`.
fn share_before(chars: &[char], i: usize) -> Option<char> {
    let p = chars.get(i.checked_sub(3)?..i)?;
    (p[1..] == ['分', '之'] && matches!(p[0], '百' | '千')).then_some(p[0])
}

/// Cheap test for a sentence without ASCII digits: may it hold a Chinese-numeral quantity
/// (a numeral char right before the first char of a unit or 多/余, or 百分之/千分之)?
pub(super) fn may_contain(units: &Units, text: &str) -> bool {
    let (mut prev2, mut prev) = (' ', ' ');
    for c in text.chars() {
        if is_numeral(prev) && (units.may_start(c) || matches!(c, '多' | '余')) {
            return true;
        }
        if c == '之' && prev == '分' && matches!(prev2, '百' | '千') {
            return true;
        }
        (prev2, prev) = (prev, c);
    }
    false
}

/// `二、三十亿斤` (twenty or thirty): a numeral after `digit、` is the upper end of a colloquial
/// range whose lower end is only a digit; reading it alone would misstate the amount.
fn colloquial_range(chars: &[char], i: usize) -> bool {
    i >= 2 && chars[i - 1] == '、' && digit(chars[i - 2]).is_some()
}

/// Chars before a numeral that make it vague, an ordinal or a date (`几十万`, `数十亿`,
/// `上百`, `成千`, `第三`, `初五`).
const NOT_AFTER: &str = "第几数成上好初";

/// A unit a Chinese numeral may take: a measure, not a count of things (a formula like
/// `三个代表`) unless at the scale of 万, not time (`三年`), not a bare `度` (`一度`), not `元`
/// of `一元化`/`二元结构`, no bare 万/亿 before a noun; a lone `一` only with 万/亿 or a
/// ratio (`一倍`).
fn accepts(unit: &Unit, value: f64, numeral: &[char], after: Option<&char>) -> bool {
    let scaled = unit.unit.starts_with(['万', '亿']);
    match unit.dimension.as_str() {
        "time" => return false,
        "count" if value * unit.factor < 10_000.0 => return false,
        _ => {}
    }
    if unit.unit == "度" || (unit.unit == "元" && (value <= 2.0 || after == Some(&'化'))) {
        return false;
    }
    // a bare 万/亿 before a noun: in these texts mostly a unit the table lacks (`四十万载重吨`,
    // `十三亿立方公尺`, `八亿土方`) or the nation as a formula (`六亿人民`, `八亿农民`)
    if unit.line == 0 {
        return false;
    }
    numeral != ['一'] || scaled || unit.dimension == "ratio"
}

/// `value` as a plain decimal (`8199`, `0.5`).
fn plain(value: f64) -> String {
    let r = crate::util::numeric::round_sig(value, 12);
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// The multiplier a unit opens with (`万吨`: 10^4, `万亿元`: 10^12), 1 for none.
fn lead(unit: &Unit) -> f64 {
    if unit.unit.starts_with("万亿") {
        1e12
    } else if unit.unit.starts_with('亿') {
        1e8
    } else if unit.unit.starts_with('万') {
        1e4
    } else {
        1.0
    }
}

/// The value of numeral `num` counted in a unit opening with multiplier `mult`: the numeral
/// alone when it has no 万/亿 of its own (`八千一百九十九`+`万吨`) or compounds with the
/// unit's (`三万`+`亿元`); `二亿四千`+`万人` is 24000 万人; None when ambiguous.
fn value_in(num: &[char], mult: f64) -> Option<f64> {
    let has = |c: char| num.contains(&c);
    if !has('万') && !has('亿') {
        return parse(num).map(|p| p.0);
    }
    let whole = parse_int(num)? as f64;
    if mult == 1.0 {
        Some(whole)
    } else if mult == 1e4 && !has('万') {
        // the unit's 万 closes the part after 亿: 二亿四千万 = 24000 万
        Some(parse_int(&[num, &['万']].concat())? as f64 / 1e4)
    } else if mult > 1e4 && !has('亿') {
        Some(whole)
    } else {
        None
    }
}

/// The numeral `chars[i..j]` before a unit: where its number ends (a trailing 万/亿 is left
/// to the unit, as in `8199万吨`), its value in that unit, if the unit is one [`accepts`]
/// takes, and the unit's multiplier.
fn before_unit(units: &Units, chars: &[char], i: usize, j: usize) -> Option<(usize, f64, f64)> {
    let split = ["万亿", "亿", "万"].iter().find_map(|m| {
        let k = j.checked_sub(m.chars().count())?;
        let tail = chars.get(k..j)?;
        (k > i && tail.iter().copied().eq(m.chars()) && parse(&chars[i..k]).is_some()).then_some(k)
    });
    let end = split.unwrap_or(j);
    let (unit, len, _) = unit_after(units, chars, end)?;
    // `三十万年` splits as 三十 + 万年: a unit that does not take the whole multiplier fails
    if end < j && len < j - end {
        return None;
    }
    let mult = lead(&unit);
    let value = value_in(&chars[i..end], mult)?;
    let after = chars.get(end + len);
    // `六倍半`, `一个半`: a half after the unit is no part of the number
    let ok = value > 0.0 && after != Some(&'半') && accepts(&unit, value, &chars[i..end], after);
    ok.then_some((end, value, mult))
}

/// The Chinese-numeral quantities of a sentence, as number spans like the Arabic ones:
/// `百分之X` (the span starts at 百, its digits after 之) and numerals before an accepted unit,
/// plus the first end of a range whose second end is one (`五千至六千万吨`).
pub(super) fn scan(units: &Units, chars: &[char]) -> Vec<NumberSpan> {
    let mut out: Vec<NumberSpan> = Vec::new();
    let mut pending: Option<(usize, usize)> = None; // a unitless first end of a range
    let mut i = 0;
    while i < chars.len() {
        if !is_numeral(chars[i]) {
            i += 1;
            continue;
        }
        let j = run_end(chars, i);
        let span = |start: usize, digits: usize, end: usize, num: f64| NumberSpan {
            start,
            digits,
            end,
            value: plain(num),
            num,
        };
        let first = pending.take();
        if share_before(chars, i).is_some() {
            if let Some((num, _)) = parse(&chars[i..j])
                && chars.get(j) != Some(&'几')
            {
                out.push(span(i - 3, i, j, num));
            }
        } else if !matches!(chars[i], '零' | '〇' | '百' | '千' | '万' | '亿')
            && !i
                .checked_sub(1)
                .is_some_and(|p| NOT_AFTER.contains(chars[p]))
            && !colloquial_range(chars, i)
        {
            // cheap tests first: a unit (or 多/余) must follow; a lone 一 takes only a ratio
            let unit_next = |k: usize| {
                chars
                    .get(k)
                    .is_some_and(|c| units.may_start(*c) || matches!(c, '多' | '余'))
            };
            let lone_one =
                j == i + 1 && chars[i] == '一' && !matches!(chars.get(j), Some('倍' | '个' | '百'));
            // `三百万千瓦`, `两千千米`: the run may have taken the first char of the unit
            let backed = j - 1 > i && matches!(chars[j - 1], '千' | '百') && unit_next(j - 1);
            let unit = (!lone_one && unit_next(j))
                .then(|| before_unit(units, chars, i, j))
                .flatten()
                .or_else(|| {
                    backed
                        .then(|| before_unit(units, chars, i, j - 1))
                        .flatten()
                });
            if let Some((end, num, mult)) = unit {
                // `五千至六千万吨`: the first end shares the unit; `二百八十万到三百万千瓦`:
                // it is counted in the unit's multiplier
                if let Some((s, e)) = first
                    && e + 1 == i
                    && let Some(v) = value_in(&chars[s..e], 1.0)
                {
                    let own = chars[s..e].iter().any(|c| matches!(c, '万' | '亿'));
                    let v = if own { v / mult } else { v };
                    out.push(span(s, s, e, v));
                }
                out.push(span(i, i, end, num));
            } else if chars.get(j).is_some_and(|c| RANGE_SEPS.contains(c)) {
                pending = Some((i, j));
            }
        }
        i = j;
    }
    out
}

/// Is `n` a span of [`scan`] (its first char no ASCII digit or sign)?
pub(super) fn is_hanzi(chars: &[char], n: &NumberSpan) -> bool {
    !chars[n.digits].is_ascii_digit()
}

/// The quantity of a `百分之X` span: unit `%` (`千分之X`: `‰`), a range `百分之X到(百分之)Y`,
/// and the qualifiers around it. None for any other span.
pub(super) fn share_quantity(units: &Units, chars: &[char], n: &NumberSpan) -> Option<Quantity> {
    let sign = share_before(chars, n.digits).filter(|_| n.start + 3 == n.digits)?;
    let unit = units.match_at(&[if sign == '百' { '%' } else { '‰' }])?.0;
    let mut end = n.end;
    let mut high = None;
    if chars
        .get(end)
        .is_some_and(|c| matches!(c, '到' | '至' | '—' | '－' | '~' | '～'))
    {
        let mut k = end + 1;
        if share_before(chars, k + 3) == Some(sign) {
            k += 3;
        }
        let e = run_end(chars, k);
        if e > k
            && let Some((num, value)) = parse(&chars[k..e])
            && chars.get(e) != Some(&'几')
        {
            high = Some((value, num));
            end = e;
        }
    }
    Some(Quantity::qualified(
        chars,
        Some(unit),
        (n.start, end),
        false,
        high,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(s: &str) -> Option<u64> {
        parse_int(&s.chars().collect::<Vec<_>>())
    }

    fn dec(s: &str) -> Option<String> {
        parse(&s.chars().collect::<Vec<_>>()).map(|p| p.1)
    }

    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

    /// The standard writing of `n` below 10 000 (`一千零五十`), `ten` writing 1x as 一十.
    fn section(n: u64, ten: bool, out: &mut String) {
        let mut zero = false;
        let mut any = false;
        for (m, name) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
            let d = (n / m % 10) as usize;
            if d == 0 {
                zero = any;
                continue;
            }
            if zero {
                out.push('零');
                zero = false;
            }
            if !(m == 10 && d == 1 && !any && !ten) {
                out.push(DIGITS[d]);
            }
            out.push_str(name);
            any = true;
        }
    }

    /// The standard Chinese writing of `n` (below 10^12).
    fn to_hanzi(n: u64) -> String {
        if n == 0 {
            return "零".to_owned();
        }
        let mut out = String::new();
        let groups = [
            (n / 100_000_000, "亿"),
            (n / 10_000 % 10_000, "万"),
            (n % 10_000, ""),
        ];
        let mut written = false;
        let mut gap = false;
        for (g, name) in groups {
            if g == 0 {
                gap = written;
                continue;
            }
            if written && (gap || g < 1000) {
                out.push('零');
            }
            section(g, written, &mut out);
            out.push_str(name);
            written = true;
            gap = false;
        }
        out
    }

    /// (text, value, value_high, unit, value_std) of every metric of `text`.
    fn rows(text: &str) -> Vec<(String, String, String, String, f64)> {
        super::super::metrics_of(text)
            .into_iter()
            .map(|m| (m.text, m.value, m.value_high, m.unit, m.value_std))
            .collect()
    }

    fn row(t: &str, v: &str, h: &str, u: &str, std: f64) -> (String, String, String, String, f64) {
        (t.into(), v.into(), h.into(), u.into(), std)
    }

    #[test]
    fn shares_and_amounts_from_the_national_reports() {
        // 1955, 1954, 1982, 1979 national government work reports
        assert_eq!(
            rows("公路汽车货物周转量增长百分之一百七十五;"),
            [row("百分之一百七十五", "175", "", "%", 175.0)]
        );
        assert_eq!(
            rows("原煤增长百分之零点二,原油下降百分之四点五。"),
            [
                row("百分之零点二", "0.2", "", "%", 0.2),
                row("百分之四点五", "4.5", "", "%", 4.5)
            ]
        );
        assert_eq!(
            rows("人口自然增长率控制在千分之十三左右。"),
            [row("千分之十三左右", "13", "", "‰", 1.3)]
        );
        assert_eq!(
            rows("农业总产值每年要增长百分之四到五。"),
            [row("百分之四到五", "4", "5", "%", 4.0)]
        );
        assert_eq!(
            rows("钢产量达到八千一百九十九万吨。"),
            [row("八千一百九十九万吨", "8199", "", "万吨", 81_990_000.0)]
        );
        // the unit's 万 closes the part after 亿
        assert_eq!(
            rows("因为劳动效率过低损失二十三亿五千多万元。"),
            [row(
                "二十三亿五千多万元",
                "235000",
                "",
                "万元",
                2_350_000_000.0
            )]
        );
        assert_eq!(
            rows("总产量达到三亿零四百七十五万吨。"),
            [row(
                "三亿零四百七十五万吨",
                "30475",
                "",
                "万吨",
                304_750_000.0
            )]
        );
        assert_eq!(
            rows("化学纤维增加到二十八万五千吨。"),
            [row("二十八万五千吨", "285000", "", "吨", 285_000.0)]
        );
        // a range whose first end has its own 万 counts it in the unit's
        assert_eq!(
            rows("一九五九年将生产二百八十万到三百万千瓦。"),
            [row(
                "二百八十万到三百万千瓦",
                "280",
                "300",
                "万千瓦",
                2_800_000.0
            )]
        );
        assert_eq!(
            rows("国内化肥生产安排九千万至九千二百万吨。"),
            [row(
                "九千万至九千二百万吨",
                "9000",
                "9200",
                "万吨",
                90_000_000.0
            )]
        );
        assert_eq!(
            rows("棉花增产四点七倍。"),
            [row("四点七倍", "4.7", "", "倍", 4.7)]
        );
        assert_eq!(
            rows("出口增长百分之十点五。"),
            [row("百分之十点五", "10.5", "", "%", 10.5)]
        );
    }

    #[test]
    fn formulas_counts_years_ordinals_and_idioms_are_no_quantities() {
        for text in [
            "坚持三个代表,落实四个全面,做到两个确保,实现五大发展理念。",
            "一九八三年是第六个五年计划的第三年,第三季度一些地方一度出现问题。",
            "千方百计完成任务,百分之百地执行,十分重要,万一出现问题要一律处理。",
            "坚持党的一元化领导,改变城乡二元结构,守着一亩三分地。",
            "经济总量提高到百分之几十,增长十几万吨,数十万吨,上百万吨。",
            // (`四十万载重吨` is a quantity since 载重吨 is a unit: see numeral_year_tests.rs)
            "我国十亿人民,八亿农民。",
            "拓展“三公里”就业圈,建设一百个项目。",
            "一九五四年预算中的支出等于一九五○年的六倍半。",
            // a colloquial range `二、三十` (20 to 30): its upper end alone would misstate it
            "如果这样做，则每年减少粮食二、三十亿斤。",
        ] {
            assert_eq!(rows(text), [], "{text}");
        }
    }

    #[test]
    fn exact_values() {
        for (s, v) in [
            ("十二", 12),
            ("二十", 20),
            ("一百零五", 105),
            ("两千", 2000),
            ("三万五千", 35000),
            ("四十六", 46),
            ("八千一百九十九万", 81_990_000),
            ("二十五亿", 2_500_000_000),
            ("一百二十万", 1_200_000),
            ("一百一十", 110),
            ("一万零五", 10_005),
            ("一万亿", 1_000_000_000_000),
            ("一亿二千万", 120_000_000),
            ("九千零五十", 9050),
            ("十万", 100_000),
            ("零", 0),
        ] {
            assert_eq!(int(s), Some(v), "{s}");
        }
    }

    #[test]
    fn malformed_and_colloquial_numerals_are_refused() {
        for s in [
            "一九八三",
            "一百五",
            "三万五",
            "十两",
            "两十",
            "二三十",
            "百",
            "千万",
            "一百十",
            "万",
            "零五",
            "三四",
        ] {
            assert_eq!(int(s), None, "{s}");
        }
    }

    #[test]
    fn decimals() {
        assert_eq!(dec("三点五").as_deref(), Some("3.5"));
        assert_eq!(dec("零点八").as_deref(), Some("0.8"));
        assert_eq!(dec("十二点零五").as_deref(), Some("12.05"));
        assert_eq!(dec("三十点五").as_deref(), Some("30.5"));
        assert_eq!(dec("三点").as_deref(), None);
        assert_eq!(dec("点五").as_deref(), None);
    }

    #[test]
    fn every_standard_writing_parses_back() {
        // exhaustive below 10^5, then a fixed pseudo-random sample of 0..10^8 and beyond
        let mut check = |n: u64| assert_eq!(int(&to_hanzi(n)), Some(n), "{n} {}", to_hanzi(n));
        (0..100_000).for_each(&mut check);
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..300_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            check(x % 100_000_000);
            check(x % 1_000_000_000_000);
        }
        for n in [100_000_000, 100_000_001, 10_000_000, 10_010_010, 99_999_999] {
            check(n);
        }
    }
}
