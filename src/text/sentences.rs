//! Sentence splitting of normalized text.
//!
//! Sentences end at `。！？!?；;` (plus any closing quotes that follow) and at line breaks.
//! Offsets are char offsets into the normalized document and never change afterwards.

use unicode_segmentation::UnicodeSegmentation;

/// One sentence of a normalized document.
///
/// `start..end` are **char** offsets and `byte_start..byte_end` byte offsets into the
/// normalized document; the sentence text is `&doc[byte_start..byte_end]`, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// 1-based, unique within the document, in text order.
    pub id: u32,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// Numbered heading such as `(一)加强组织领导。`, `一、…`, `一是…` or `1.…`.
    pub is_heading: bool,
    /// False for all but the last piece of an over-long run cut by the length bound: text
    /// may be split into independent parts right after a sentence that ends a segment.
    pub ends_segment: bool,
}

impl Sentence {
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.byte_start..self.byte_end]
    }
}

/// Result of splitting one document.
#[derive(Debug, Default)]
pub struct Split {
    pub sentences: Vec<Sentence>,
    /// How many over-long sentences were cut at a safe point.
    pub long_cuts: usize,
}

/// Default bound on sentence length, in chars. Longer runs are cut (see [`split_sentences`]).
pub const MAX_SENTENCE_CHARS: usize = 1000;

fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | '」' | '』' | ')' | '）' | '》' | '】'
    )
}

/// Split `doc` into sentences. A run longer than `max_chars` is cut at the last comma or
/// space inside the bound (else at a grapheme boundary) and counted in `long_cuts`.
pub fn split_sentences(doc: &str, max_chars: usize) -> Split {
    let max_chars = max_chars.max(16);
    let mut split = Split::default();
    let mut seg_start_byte = 0;
    let mut seg_start_char = 0;
    let mut char_pos = 0;
    let mut iter = doc.char_indices().peekable();
    while let Some((b, c)) = iter.next() {
        char_pos += 1;
        let mut end_byte = b + c.len_utf8();
        let boundary = if c == '\n' {
            true
        } else if is_terminator(c) {
            while let Some(&(nb, nc)) = iter.peek() {
                if is_closer(nc) || is_terminator(nc) {
                    iter.next();
                    char_pos += 1;
                    end_byte = nb + nc.len_utf8();
                } else {
                    break;
                }
            }
            true
        } else {
            false
        };
        if boundary {
            push_segment(
                doc,
                seg_start_byte,
                end_byte,
                seg_start_char,
                max_chars,
                &mut split,
            );
            seg_start_byte = end_byte;
            seg_start_char = char_pos;
        }
    }
    push_segment(
        doc,
        seg_start_byte,
        doc.len(),
        seg_start_char,
        max_chars,
        &mut split,
    );
    split
}

/// Trim a raw segment and push it (cut into bounded pieces if needed).
fn push_segment(
    doc: &str,
    byte_start: usize,
    byte_end: usize,
    char_start: usize,
    max_chars: usize,
    split: &mut Split,
) {
    let raw = &doc[byte_start..byte_end];
    let lead = raw.len() - raw.trim_start().len();
    let text = raw.trim();
    if text.is_empty() {
        return;
    }
    let mut byte_start = byte_start + lead;
    let mut char_start = char_start + raw[..lead].chars().count();
    let mut rest = text;
    loop {
        // Count no further than the bound: a 200 MB line must not be rescanned per piece.
        let n_chars = rest.chars().take(max_chars + 1).count();
        if n_chars <= max_chars {
            push_one(
                doc,
                byte_start,
                byte_start + rest.len(),
                char_start,
                n_chars,
                true,
                split,
            );
            return;
        }
        let cut = safe_cut(rest, max_chars);
        let piece = &rest[..cut];
        let piece_chars = piece.chars().count();
        push_one(
            doc,
            byte_start,
            byte_start + cut,
            char_start,
            piece_chars,
            false,
            split,
        );
        split.long_cuts += 1;
        byte_start += cut;
        char_start += piece_chars;
        rest = &rest[cut..];
    }
}

fn push_one(
    doc: &str,
    byte_start: usize,
    byte_end: usize,
    start: usize,
    n_chars: usize,
    ends_segment: bool,
    split: &mut Split,
) {
    let id = split.sentences.len() as u32 + 1;
    split.sentences.push(Sentence {
        id,
        start,
        end: start + n_chars,
        byte_start,
        byte_end,
        is_heading: is_heading(&doc[byte_start..byte_end]),
        ends_segment,
    });
}

/// Byte index at which to cut `text` so the first piece has at most `max_chars` chars:
/// after the last `,`/`，`/`、`/space in the bound, else at the last grapheme boundary.
fn safe_cut(text: &str, max_chars: usize) -> usize {
    let mut last_grapheme_end = 0;
    let mut last_soft = None;
    let mut chars = 0;
    for (b, g) in text.grapheme_indices(true) {
        let g_chars = g.chars().count();
        if chars + g_chars > max_chars {
            break;
        }
        chars += g_chars;
        last_grapheme_end = b + g.len();
        if matches!(g, "," | "，" | "、" | " " | ":" | "：") {
            last_soft = Some(last_grapheme_end);
        }
    }
    match last_soft {
        Some(b) if b > 0 => b,
        // A single grapheme longer than the bound: take it whole rather than split it.
        _ if last_grapheme_end == 0 => text.graphemes(true).next().map_or(text.len(), str::len),
        _ => last_grapheme_end,
    }
}

const CN_NUMERALS: &str = "一二三四五六七八九十百零〇";

/// Numbered headings: `(一)…`, `（一）…`, `一、…`, `1、…`, `1.…`, and short `一是…` leads.
pub fn is_heading(sentence: &str) -> bool {
    let numeral_run = |s: &str, cn: bool| -> usize {
        s.char_indices()
            .find(|&(_, c)| {
                if cn {
                    !CN_NUMERALS.contains(c)
                } else {
                    !c.is_ascii_digit()
                }
            })
            .map_or(s.len(), |(i, _)| i)
    };
    let s = sentence;
    for open in ["(", "（"] {
        if let Some(rest) = s.strip_prefix(open) {
            let n = numeral_run(rest, true).max(numeral_run(rest, false));
            return n > 0 && (rest[n..].starts_with(')') || rest[n..].starts_with('）'));
        }
    }
    let cn = numeral_run(s, true);
    if cn > 0 {
        let rest = &s[cn..];
        return rest.starts_with('、')
            || (rest.starts_with('是') && sentence.chars().count() <= 40);
    }
    let digits = numeral_run(s, false);
    if digits > 0 && digits <= 2 {
        let rest = &s[digits..];
        return rest.starts_with('、')
            || (rest.starts_with('.') && !rest[1..].starts_with(|c: char| c.is_ascii_digit()));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(doc: &str) -> Vec<&str> {
        split_sentences(doc, MAX_SENTENCE_CHARS)
            .sentences
            .iter()
            .map(|s| s.text(doc))
            .collect()
    }

    #[test]
    fn splits_heading_and_body_from_corpus() {
        let doc = "(一)加强组织领导,全面统筹部署。山西省委、省政府高度重视整改工作;各市均成立领导小组。\n一、提高站位,强化举措\n";
        assert_eq!(
            texts(doc),
            vec![
                "(一)加强组织领导,全面统筹部署。",
                "山西省委、省政府高度重视整改工作;",
                "各市均成立领导小组。",
                "一、提高站位,强化举措",
            ]
        );
        let split = split_sentences(doc, MAX_SENTENCE_CHARS);
        let flags: Vec<bool> = split.sentences.iter().map(|s| s.is_heading).collect();
        assert_eq!(flags, vec![true, false, false, true]);
        assert_eq!(split.sentences[3].id, 4);
    }

    #[test]
    fn char_offsets_address_the_normalized_text() {
        let doc = "PM2.5浓度为38微克/立方米。同比下降2.6%!\n";
        let split = split_sentences(doc, MAX_SENTENCE_CHARS);
        let chars: Vec<char> = doc.chars().collect();
        for s in &split.sentences {
            let by_chars: String = chars[s.start..s.end].iter().collect();
            assert_eq!(by_chars, s.text(doc));
        }
        assert_eq!(split.sentences[1].start, 17);
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        assert_eq!(
            texts("坚持“一手抓整改。”随后推进。"),
            vec!["坚持“一手抓整改。”", "随后推进。"]
        );
    }

    #[test]
    fn long_runs_are_cut_at_a_comma_and_counted() {
        let doc = "完成整改任务,".repeat(300);
        let split = split_sentences(&doc, 100);
        assert!(split.long_cuts > 0);
        for s in &split.sentences {
            assert!(s.end - s.start <= 100);
            assert!(s.text(&doc).ends_with(','));
        }
        let total: usize = split.sentences.iter().map(|s| s.end - s.start).sum();
        assert_eq!(total, doc.chars().count());
    }

    #[test]
    fn heading_patterns() {
        assert!(is_heading("(四)健全制度机制,巩固整改成效。"));
        assert!(is_heading("二、整改任务总体进展情况"));
        assert!(is_heading("一是加强组织领导。"));
        assert!(!is_heading("一大批重大生态环境问题得到有效解决。"));
        assert!(!is_heading(
            "2021年度山西省污染防治攻坚战成效考核被评定为优秀等次。"
        ));
        assert!(!is_heading("(区)开展督察。"));
    }
}
