//! Text normalization: the one place where raw document text is rewritten.
//!
//! Every char offset reported downstream (sentences, tokens, measures, metrics) is an offset
//! into the string this module returns, never into the raw file.

/// Normalize raw document text.
///
/// - strips a leading UTF-8 BOM (and drops any stray U+FEFF / zero-width chars);
/// - folds full-width ASCII (U+FF01..U+FF5E) to half-width, so `ＰＭ２.５` → `PM2.5`, `％` → `%`;
/// - turns CRLF and lone CR into LF;
/// - maps every other horizontal whitespace (tab, NBSP, U+3000, …) to one ASCII space,
///   collapses runs of spaces, and trims each line;
/// - drops other control characters;
/// - collapses runs of blank lines into one blank line and ends the text with at most one `\n`.
pub fn normalize(raw: &str) -> String {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    // One pass straight into `out` (no per-line buffer: a 200 MB document may be one line).
    let mut out = String::with_capacity(raw.len());
    let mut at_line_start = true; // nothing written for the current line yet
    let mut pending_space = false; // whitespace seen since the last written char
    let mut blank_run = 0usize; // blank lines since the last written line
    let end_line =
        |out: &mut String, at_line_start: &mut bool, pending: &mut bool, blank: &mut usize| {
            if *at_line_start {
                *blank += 1;
            } else {
                out.push('\n');
            }
            *at_line_start = true;
            *pending = false;
        };
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_line(
                    &mut out,
                    &mut at_line_start,
                    &mut pending_space,
                    &mut blank_run,
                );
            }
            '\n' => end_line(
                &mut out,
                &mut at_line_start,
                &mut pending_space,
                &mut blank_run,
            ),
            c if is_invisible(c) => {}
            c if c.is_whitespace() => pending_space |= !at_line_start,
            c if c.is_control() => {}
            c => {
                if at_line_start {
                    if blank_run > 0 && !out.is_empty() {
                        out.push('\n');
                    }
                    blank_run = 0;
                    at_line_start = false;
                } else if pending_space {
                    out.push(' ');
                }
                pending_space = false;
                out.push(fold_width(c));
            }
        }
    }
    end_line(
        &mut out,
        &mut at_line_start,
        &mut pending_space,
        &mut blank_run,
    );
    out
}

/// Full-width ASCII variants (U+FF01..=U+FF5E) map to U+0021..=U+007E.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_metric_text() {
        assert_eq!(
            normalize("ＰＭ２.５浓度为３８微克／立方米，同比下降２.６％"),
            "PM2.5浓度为38微克/立方米,同比下降2.6%\n"
        );
    }

    #[test]
    fn strips_bom_and_unifies_line_endings() {
        assert_eq!(
            normalize("\u{feff}查看原文\r\n其他\r\r\n\n\n山西省"),
            "查看原文\n其他\n\n山西省\n"
        );
    }

    #[test]
    fn unifies_whitespace_from_the_corpus_trailer() {
        // The seed's subscription line starts with NBSPs and ideographic spaces.
        assert_eq!(
            normalize("\u{a0}\u{a0}\u{3000}▼ 一键订阅《环境保护》杂志\t\t"),
            "▼ 一键订阅《环境保护》杂志\n"
        );
    }

    #[test]
    fn drops_control_and_zero_width_chars() {
        assert_eq!(normalize("督察\u{200b}整改\u{7}"), "督察整改\n");
    }

    #[test]
    fn idempotent_on_corpus_sentence() {
        let s = "(一)加强组织领导,全面统筹部署。山西省委、省政府高度重视整改工作。\n";
        assert_eq!(normalize(s), s);
        assert_eq!(normalize(&normalize(s)), normalize(s));
    }
}
