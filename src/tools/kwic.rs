//! Keyword in context over the pipeline's own segmentation, so hits match the tables.
//!
//! A pattern is a term (one whole token), a phrase (tokens separated by spaces), or a glob
//! on one token with `*` for any run of characters (`*排污*`, `督察*`).

use serde::Serialize;

use crate::nlp::resources::Resources;
use crate::nlp::segment::Token;
use crate::text::sentences::{MAX_SENTENCE_CHARS, split_sentences};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    Term(String),
    Phrase(Vec<String>),
    /// The literal pieces between `*`s; `anchored_start`/`anchored_end` when the glob does
    /// not begin/end with `*`.
    Glob {
        pieces: Vec<String>,
        anchored_start: bool,
        anchored_end: bool,
    },
}

impl Pattern {
    pub fn parse(pattern: &str) -> anyhow::Result<Self> {
        let pattern = pattern.trim();
        anyhow::ensure!(!pattern.is_empty(), "the kwic pattern is empty");
        if pattern.contains(char::is_whitespace) {
            return Ok(Pattern::Phrase(
                pattern.split_whitespace().map(str::to_owned).collect(),
            ));
        }
        if pattern.contains('*') {
            let pieces: Vec<String> = pattern
                .split('*')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect();
            anyhow::ensure!(
                !pieces.is_empty(),
                "the glob `{pattern}` matches every token; give some characters"
            );
            return Ok(Pattern::Glob {
                pieces,
                anchored_start: !pattern.starts_with('*'),
                anchored_end: !pattern.ends_with('*'),
            });
        }
        Ok(Pattern::Term(pattern.to_owned()))
    }

    fn glob_matches(
        pieces: &[String],
        anchored_start: bool,
        anchored_end: bool,
        word: &str,
    ) -> bool {
        let mut rest = word;
        for (i, piece) in pieces.iter().enumerate() {
            let found = if i == 0 && anchored_start {
                rest.starts_with(piece.as_str()).then_some(0)
            } else {
                rest.find(piece.as_str())
            };
            let Some(at) = found else { return false };
            rest = &rest[at + piece.len()..];
        }
        !anchored_end
            || rest.is_empty()
            || pieces.last().is_some_and(|p| word.ends_with(p.as_str()))
    }

    /// Number of tokens matched at `tokens[i]`, if any.
    pub fn match_at(&self, tokens: &[Token<'_>], i: usize) -> Option<usize> {
        let word = tokens[i].word;
        match self {
            Pattern::Term(t) => (word == t).then_some(1),
            Pattern::Phrase(seq) => {
                let fits = seq.len() <= tokens.len() - i
                    && seq.iter().zip(&tokens[i..]).all(|(s, t)| s == t.word);
                fits.then_some(seq.len())
            }
            Pattern::Glob {
                pieces,
                anchored_start,
                anchored_end,
            } => Self::glob_matches(pieces, *anchored_start, *anchored_end, word).then_some(1),
        }
    }
}

/// Columns of `kwic --csv`, the fields of [`KwicRow`].
pub const KWIC_COLUMNS: [&str; 8] = [
    "province",
    "doc_id",
    "sentence_id",
    "left",
    "keyword",
    "right",
    "start",
    "end",
];

/// One keyword-in-context line.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KwicRow {
    pub province: String,
    pub doc_id: String,
    pub sentence_id: u32,
    pub left: String,
    pub keyword: String,
    pub right: String,
    /// Char offsets of the keyword in the normalized document.
    pub start: usize,
    pub end: usize,
}

/// All matches in one normalized document, with `window` tokens of context on each side
/// (within the document, across sentence ends).
pub fn kwic_doc(
    res: &Resources,
    province: &str,
    doc_id: &str,
    text: &str,
    pattern: &Pattern,
    window: usize,
) -> Vec<KwicRow> {
    let mut tokens = Vec::new();
    let mut sentence_of = Vec::new();
    for s in split_sentences(text, MAX_SENTENCE_CHARS).sentences {
        let before = tokens.len();
        res.segmenter.segment_sentence(text, &s, &mut tokens);
        sentence_of.extend(std::iter::repeat_n(s.id, tokens.len() - before));
    }
    let base = text.as_ptr() as usize;
    let byte_start = |t: &Token| t.word.as_ptr() as usize - base;
    let byte_end = |t: &Token| byte_start(t) + t.word.len();
    let mut rows = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(len) = pattern.match_at(&tokens, i) else {
            i += 1;
            continue;
        };
        let (first, last) = (&tokens[i], &tokens[i + len - 1]);
        let left_from = &tokens[i.saturating_sub(window)];
        let right_to = &tokens[(i + len - 1).saturating_add(window).min(tokens.len() - 1)];
        let clean = |s: &str| s.replace('\n', " ");
        rows.push(KwicRow {
            province: province.to_owned(),
            doc_id: doc_id.to_owned(),
            sentence_id: sentence_of[i],
            left: if window == 0 {
                String::new()
            } else {
                clean(&text[byte_start(left_from)..byte_start(first)])
            },
            keyword: clean(&text[byte_start(first)..byte_end(last)]),
            right: if window == 0 {
                String::new()
            } else {
                clean(&text[byte_end(last)..byte_end(right_to)])
            },
            start: first.start,
            end: last.end,
        });
        i += len;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(pattern: &str, text: &str, window: usize) -> Vec<KwicRow> {
        let res = crate::nlp::resources::load_bundled();
        let text = crate::text::normalize::normalize(text);
        kwic_doc(
            &res,
            "辽宁省",
            "d",
            &text,
            &Pattern::parse(pattern).unwrap(),
            window,
        )
    }

    const TEXT: &str = "实施沈阳蒲河等20个重点河段整治,完成2293个入河入海排污口整治。完成排水管网建设改造2405公里。";

    #[test]
    fn term_phrase_and_glob() {
        let r = rows("入河入海排污口", TEXT, 2);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].keyword, "入河入海排污口");
        assert_eq!(r[0].right, "整治。");
        assert!(r[0].left.ends_with("2293个"), "{:?}", r[0]);
        let chars: Vec<char> = crate::text::normalize::normalize(TEXT).chars().collect();
        assert_eq!(
            chars[r[0].start..r[0].end].iter().collect::<String>(),
            "入河入海排污口"
        );

        let glob = rows("*排污*", TEXT, 1);
        assert_eq!(
            glob.iter().map(|r| r.keyword.as_str()).collect::<Vec<_>>(),
            ["入河入海排污口"]
        );
        let suffix = rows("*整治", TEXT, 0);
        assert_eq!(suffix.len(), 2, "{suffix:?}");
        let phrase = rows("排水管网 建设", TEXT, 1);
        assert_eq!(phrase.len(), 1);
        assert_eq!(phrase[0].keyword, "排水管网建设");
        assert_eq!(phrase[0].sentence_id, 2);
    }

    #[test]
    fn glob_anchoring() {
        let g = |p: &str, w: &str| match Pattern::parse(p).unwrap() {
            Pattern::Glob {
                pieces,
                anchored_start,
                anchored_end,
            } => Pattern::glob_matches(&pieces, anchored_start, anchored_end, w),
            other => panic!("{other:?}"),
        };
        assert!(g("督察*", "督察整改"));
        assert!(!g("督察*", "中央督察"));
        assert!(g("*督察", "中央督察"));
        assert!(!g("*督察", "督察整改"));
        assert!(g("*排污*", "排污口"));
        assert!(g("入*口", "入河排污口"));
        assert!(!g("入*口", "入河排污口整治"));
    }
}
