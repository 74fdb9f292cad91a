//! Numbers in a sentence, and the digit runs that are not quantities (dates, names, codes).

/// A number found in a sentence, before classification.
pub(super) struct NumberSpan {
    /// char indices into the sentence
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: String,
}

pub(super) fn scan_numbers(chars: &[char]) -> Vec<NumberSpan> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
        }
        out.push(NumberSpan {
            start,
            end: i,
            value: chars[start..i].iter().collect(),
        });
    }
    out
}

/// Numbers that are not quantities: dates, chemical formulas, PM2.5, ordinals, section
/// numbers, names in short quotes (`“13710”`, `“1+N”`, `“4·27”`).
pub(super) fn is_not_quantity(chars: &[char], n: &NumberSpan) -> bool {
    let before = n.start.checked_sub(1).map(|i| chars[i]);
    let after = chars.get(n.end).copied();
    // PM2.5, SO2, NO2, O3, PM10, COD5 …
    if before.is_some_and(|c| c.is_ascii_alphabetic()) {
        return true;
    }
    if matches!(before, Some('第' | '+' | '·' | '.')) {
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
    if matches!(chars.get(j), Some('年' | '月' | '日' | '号' | '时')) {
        return true;
    }
    // Section numbers: 01, 02 …
    if n.value.len() >= 2 && n.value.starts_with('0') && !n.value.contains('.') {
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
