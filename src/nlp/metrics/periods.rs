//! Time expressions: the period a figure refers to, read from the text before it.

/// `截至2022年12月底`, `2022年1至11月`, `2022年1-9月`, `2021年`: byte length of a period at the
/// start of `s`, if any, with its text.
pub(super) fn period_at_start(s: &str) -> Option<(String, usize)> {
    let mut i = 0;
    let b = s.as_bytes();
    for prefix in ["截至", "截止到", "截止"] {
        if s.starts_with(prefix) {
            i = prefix.len();
            break;
        }
    }
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let y = digits(i);
    if y != 4 || !s[i + 4..].starts_with('年') {
        return None;
    }
    let mut end = i + 4 + '年'.len_utf8();
    let m = digits(end);
    if (1..=2).contains(&m) {
        let after = end + m;
        let rest = &s[after..];
        if rest.starts_with('月') {
            end = after + '月'.len_utf8();
        } else if let Some(sep) = ["至", "-", "—", "~"]
            .iter()
            .find(|sep| rest.starts_with(**sep))
        {
            let m2_start = after + sep.len();
            let m2 = digits(m2_start);
            if (1..=2).contains(&m2) && s[m2_start + m2..].starts_with('月') {
                end = m2_start + m2 + '月'.len_utf8();
            }
        }
    }
    for tail in ["底", "末", "以来", "上半年", "前三季度", "全年", "度"] {
        if s[end..].starts_with(tail) {
            end += tail.len();
            break;
        }
    }
    Some((s[..end].to_owned(), end))
}

/// The text with every `《…》` title blanked out, so plan years are not read as periods.
pub(super) fn outside_titles(chars: &[char]) -> String {
    let mut depth = 0usize;
    chars
        .iter()
        .map(|&c| {
            match c {
                '《' => depth += 1,
                '》' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > 0 || c == '》' { ' ' } else { c }
        })
        .collect()
}

/// The last period expression in `s` that is not a baseline (`较2020年`, `比2020年`).
pub(super) fn last_period(s: &str) -> String {
    let mut found = String::new();
    for (i, _) in s.char_indices() {
        let starts_here = s[i..].starts_with("截至") || s[i..].starts_with("截止");
        let digit_start =
            s.as_bytes()[i].is_ascii_digit() && (i == 0 || !s.as_bytes()[i - 1].is_ascii_digit());
        if !(starts_here || digit_start) {
            continue;
        }
        let baseline_or_range = ['较', '比', '—', '-', '~', '至', '到']
            .iter()
            .any(|c| s[..i].ends_with(*c));
        if digit_start
            && (baseline_or_range || s[..i].ends_with("截至") || s[..i].ends_with("截止"))
        {
            continue;
        }
        if let Some((p, _)) = period_at_start(&s[i..]) {
            found = p;
        }
    }
    found
}
