//! Numbers in a sentence, and the digit runs that are not quantities (dates, names, codes).

/// Integer parts longer than this are not quantities (an ID, a phone number, noise).
pub(super) const MAX_INTEGER_DIGITS: usize = 15;

/// A number found in a sentence, before classification.
pub(super) struct NumberSpan {
    /// char indices into the sentence: the sign (if any), the first digit, one past the end
    pub(super) start: usize,
    pub(super) digits: usize,
    pub(super) end: usize,
    /// a plain decimal (`-1234.5`: separators removed, `−` as `-`, `+` dropped) or a
    /// fraction as written (`1/3`)
    pub(super) value: String,
    /// the parsed value (a fraction divided out)
    pub(super) num: f64,
}

fn digit_run(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(char::is_ascii_digit) {
        i += 1;
    }
    i
}

/// `,234` (exactly three digits, then no digit): a thousands group at `i`.
fn thousands_group(chars: &[char], i: usize) -> bool {
    chars.get(i) == Some(&',')
        && (1..=3).all(|k| chars.get(i + k).is_some_and(char::is_ascii_digit))
        && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
}

/// Chars after which a `-`/`+` is a sign: punctuation, and the verbs that introduce a value.
const SIGN_CONTEXT: &str = "为至到达是约近超长降低增减率幅";

/// A sign right before the digits at `i`: `-`, `−` or `+` at the start, after punctuation or
/// after a verb like 为/增长 (so `5-8%`, `10%-20%`, `1+N` and `歼-35` stay what they are).
fn sign_before(chars: &[char], i: usize) -> Option<char> {
    let s = *chars.get(i.checked_sub(1)?)?;
    if !matches!(s, '-' | '−' | '+') {
        return None;
    }
    let glued = i.checked_sub(2).map(|k| chars[k]).is_some_and(|c| {
        c.is_ascii_alphanumeric()
            || "%.‰+-−~".contains(c)
            || (s != '+' && c > '\u{2e80}' && !SIGN_CONTEXT.contains(c))
    });
    (!glued).then_some(s)
}

/// A fraction `a/b` right after an integer ending at `i` (not a year pair `1994/1995年`):
/// the denominator and where it ends.
fn denominator(chars: &[char], i: usize) -> Option<(f64, usize)> {
    if chars.get(i) != Some(&'/') {
        return None;
    }
    let end = digit_run(chars, i + 1);
    let den: String = chars[i + 1..end].iter().collect();
    let d = den.parse::<f64>().ok()?;
    (d > 0.0 && den.len() <= 6 && chars.get(end) != Some(&'年')).then_some((d, end))
}

/// A space of a spaced number: ASCII or full-width.
fn is_space(c: Option<&char>) -> bool {
    matches!(c, Some(' ' | '\u{3000}'))
}

/// `1 9 9 7 年`, `7 4 7 7 2 亿元`, `1 2 .5 %` (the 1998 report prints every digit followed by
/// one space): a run of at least two single digits at `i`, each followed by exactly one space
/// (a decimal point may open the next digit), and the run followed by a Chinese character (a
/// unit, 年, 月, 多 …) or `%`/`‰`. Gives the plain decimal and where the run ends (after its last
/// space, so the unit follows at once).
pub(super) fn spaced_run(chars: &[char], i: usize, spaced: bool) -> Option<(String, usize)> {
    if i > 0 && chars[i - 1].is_ascii_digit() {
        return None;
    }
    let (mut plain, mut j, mut count) = (String::new(), i, 0);
    loop {
        if chars.get(j) == Some(&'.') && !plain.contains('.') && count > 0 {
            plain.push('.');
            j += 1;
        }
        let one_spaced = chars.get(j).is_some_and(char::is_ascii_digit)
            && is_space(chars.get(j + 1))
            && !is_space(chars.get(j + 2));
        if !one_spaced {
            break;
        }
        plain.push(chars[j]);
        count += 1;
        j += 2;
    }
    let next = *chars.get(j)?;
    let unit_like = matches!(next, '%' | '‰') || ('\u{4e00}'..='\u{9fff}').contains(&next);
    // a single spaced digit (`下降到6 %`, `达到1 亿吨以上`) before a percent sign, or in a
    // sentence printed in spaced digits
    let enough = count >= 2 || count == 1 && (spaced || matches!(next, '%' | '‰'));
    (enough && !plain.ends_with('.') && unit_like).then_some((plain, j))
}

/// Whether a sentence prints its digits spaced: a digit, one space, a digit or decimal point.
fn spaced_digits(chars: &[char]) -> bool {
    chars.windows(4).any(|w| {
        w[0].is_ascii_digit()
            && is_space(Some(&w[1]))
            && (w[2].is_ascii_digit() || w[2] == '.' && w[3].is_ascii_digit())
    })
}

/// Whether a number found by [`scan_numbers`] was printed with spaced digits (its span ends
/// with the space after its last digit).
pub(super) fn is_spaced(chars: &[char], n: &NumberSpan) -> bool {
    n.end > n.digits && is_space(chars.get(n.end - 1))
}

/// `s` without the space after each digit (`1 9 9 7 年` → `1997年`), so that the periods of
/// a sentence printed in spaced digits read as written in any other.
pub(super) fn without_digit_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_digit = false;
    for c in s.chars() {
        if !(prev_digit && is_space(Some(&c))) {
            out.push(c);
        }
        prev_digit = c.is_ascii_digit();
    }
    out
}

/// Every number of a sentence: `1,234.5` and `1,234,567` whole, signed numbers, fractions
/// `1/3`, spaced digits ([`spaced_run`]). Integer parts over [`MAX_INTEGER_DIGITS`] digits
/// are skipped.
pub(super) fn scan_numbers(chars: &[char]) -> Vec<NumberSpan> {
    let mut out = Vec::new();
    let spaced = spaced_digits(chars);
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let digits = i;
        if let Some((value, end)) = spaced_run(chars, i, spaced) {
            i = end;
            if value.split('.').next().map_or(0, str::len) <= MAX_INTEGER_DIGITS {
                let num = value.parse().unwrap_or(0.0);
                out.push(NumberSpan {
                    start: digits,
                    digits,
                    end,
                    value,
                    num,
                });
            }
            continue;
        }
        let mut plain = String::new();
        i = digit_run(chars, i);
        plain.extend(&chars[digits..i]);
        if i - digits <= 3 {
            while thousands_group(chars, i) {
                plain.extend(&chars[i + 1..i + 4]);
                i += 4;
            }
        }
        let int_len = plain.len();
        if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            let frac_end = digit_run(chars, i + 1);
            plain.extend(&chars[i..frac_end]);
            i = frac_end;
        }
        if int_len > MAX_INTEGER_DIGITS {
            continue;
        }
        let sign = sign_before(chars, digits);
        let negative = matches!(sign, Some('-' | '−'));
        let mut num: f64 = plain.parse().unwrap_or(0.0);
        let mut value = plain;
        if !value.contains('.')
            && let Some((d, end)) = denominator(chars, i)
        {
            num /= d;
            value = format!("{value}/{}", chars[i + 1..end].iter().collect::<String>());
            i = end;
        }
        if negative {
            num = -num;
            value.insert(0, '-');
        }
        let start = if sign.is_some() { digits - 1 } else { digits };
        out.push(NumberSpan {
            start,
            digits,
            end: i,
            value,
            num,
        });
    }
    out
}

fn is_year(digits: &str) -> bool {
    digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Where `、1981、1982年` (at `at`) ends: at the `年` after its last year, if every item is a
/// four-digit year.
fn year_list_end(chars: &[char], at: usize) -> Option<usize> {
    let mut j = at;
    while chars.get(j) == Some(&'、') {
        let item = j + 1;
        j = item;
        while chars.get(j).is_some_and(char::is_ascii_digit) {
            j += 1;
        }
        if j - item != 4 {
            return None;
        }
    }
    (j > at && chars.get(j) == Some(&'年')).then_some(j)
}

/// Numbers that are not quantities: dates, chemical formulas, PM2.5, ordinals, section
/// numbers, names in short quotes (`“13710”`, `“1+N”`, `“4·27”`).
pub(super) fn is_not_quantity(chars: &[char], n: &NumberSpan) -> bool {
    let before = n.digits.checked_sub(1).map(|i| chars[i]);
    let after = chars.get(n.end).copied();
    let signed = n.start < n.digits;
    // PM2.5, SO2, NO2, O3, PM10, COD5 …
    if before.is_some_and(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    if matches!(before, Some('第' | '·' | '.' | '前')) || (before == Some('+') && !signed) {
        return true;
    }
    if matches!(after, Some('+' | '·')) {
        return true;
    }
    // Dates and year ranges: 2021年, 4月, 7日, 2022-2023年, 1至11月, 2021—2035年.
    let mut j = n.end;
    if matches!(chars.get(j), Some('-' | '—' | '~' | '至' | '到'))
        && chars.get(j + 1).is_some_and(|c| c.is_ascii_digit())
    {
        j += 1;
        while chars.get(j).is_some_and(|c| c.is_ascii_digit()) {
            j += 1;
        }
    }
    // A list of years: 1980、1981年 (the first year takes its 年 from the last).
    if is_year(&n.value)
        && let Some(end) = year_list_end(chars, j)
    {
        j = end;
    }
    // 连续3年 is a duration; 经过1950年 is a year (no duration runs for a thousand years).
    let duration = n.num < 1000.0
        && ["连续", "经过", "用了", "历时"]
            .iter()
            .any(|w| n.start >= 2 && chars[n.start - 2..n.start].iter().copied().eq(w.chars()));
    // Anniversaries: 70周年.
    let anniversary = chars.get(j) == Some(&'周') && chars.get(j + 1) == Some(&'年');
    if anniversary
        || matches!(chars.get(j), Some('月' | '日' | '号' | '时'))
        || (chars.get(j) == Some(&'年') && !duration)
    {
        return true;
    }
    // Section numbers: 01, 02 …
    if n.value.len() >= 2 && n.value.starts_with('0') && !n.value.contains(['.', '/']) {
        return true;
    }
    // Short quoted names.
    let open = chars[..n.start]
        .iter()
        .rposition(|c| matches!(c, '“' | '"' | '「'));
    let close_before = chars[..n.start]
        .iter()
        .rposition(|c| matches!(c, '”' | '」'));
    if let Some(o) = open
        && close_before.is_none_or(|c| c < o)
        && let Some(c) = chars[n.end..]
            .iter()
            .position(|c| matches!(c, '”' | '"' | '」'))
        && (n.end + c) - o <= 10
    {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers of `text` that count as quantities.
    fn quantities(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        scan_numbers(&chars)
            .into_iter()
            .filter(|n| !is_not_quantity(&chars, n))
            .map(|n| n.value)
            .collect()
    }

    #[test]
    fn lists_of_years_and_years_after_duration_words_are_dates() {
        // national government work reports 1980, 2003 and 1957
        assert!(quantities("关于1980、1981年国民经济计划的报告").is_empty());
        assert!(quantities("1998、1999年连续遭受特大洪涝灾害").is_empty());
        assert!(quantities("经过1950年、1952年、1956年几次的工资制度改革").is_empty());
        assert!(quantities("经过1950年到1952年的三年恢复时期").is_empty());
        assert_eq!(quantities("连续3年下降，经过5年努力"), ["3", "5"]);
        // a list that is not all years stays a quantity
        assert_eq!(quantities("新增3、5个"), ["3", "5"]);
    }
}
