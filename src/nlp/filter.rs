//! Content-token filter: which tokens count as terms in the frequency tables.
//!
//! Excluded: stop words, punctuation and symbols, pure numbers (`82`, `83.3%`, `二十`),
//! dates (`2021年`, `4月`, `7日`, `2022年12月底`), single characters unless kept, and
//! function-word POS classes (numerals, measure words, adverbs, pronouns, prepositions,
//! conjunctions, particles, time and locality words; see [`NON_CONTENT_POS`]).

use rustc_hash::FxHashSet;

pub struct ContentFilter<'r> {
    pub stopwords: &'r FxHashSet<String>,
    /// User-dictionary words: ASCII tokens with digits listed here (`PM2.5`, `SO2`) are terms.
    pub user_words: &'r FxHashSet<String>,
    pub keep_single_chars: bool,
}

impl ContentFilter<'_> {
    pub fn is_content(&self, word: &str, pos: &str) -> bool {
        if is_non_content_pos(pos) {
            return false;
        }
        let mut chars = word.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        let single = chars.next().is_none();
        if single && (!self.keep_single_chars || !first.is_alphanumeric()) {
            return false;
        }
        // A word opening with an ideograph that is no numeral is neither punctuation, a
        // number, a date nor an ASCII leftover: only the stop list can exclude it.
        if ('\u{4e00}'..='\u{9fff}').contains(&first) && !is_cn_digit(first) && !is_date_part(first)
        {
            return !self.stopwords.contains(word);
        }
        !(is_punct_or_symbol(word)
            || is_number(word)
            || is_date(word)
            || self.stopwords.contains(word)
            || (is_unit_leftover(word) && !self.user_words.contains(word)))
    }
}

/// POS tags (ICTCLAS / jieba tag set, one letter each) that never carry policy content.
/// [`is_non_content_pos`] reads one byte, so every entry must be one byte long.
pub const NON_CONTENT_POS: [&str; 14] = [
    "m", "q", "d", "p", "c", "u", "r", "x", "w", "e", "y", "o", "f", "t",
];

const _: () = {
    let mut k = 0;
    while k < NON_CONTENT_POS.len() {
        assert!(
            NON_CONTENT_POS[k].len() == 1,
            "NON_CONTENT_POS entries are one byte"
        );
        k += 1;
    }
};

fn is_non_content_pos(pos: &str) -> bool {
    // `u`, `uj`, `ul`, … are all particles; `mq` numeral+measure. Other tags match exactly.
    // Every entry of NON_CONTENT_POS is one ASCII letter, so one byte decides (per token).
    match pos.as_bytes() {
        [b] => NON_CONTENT_POS.iter().any(|p| p.as_bytes()[0] == *b),
        [b'u', ..] => true,
        b"mq" | b"zg" => true,
        _ => false,
    }
}

fn is_punct_or_symbol(word: &str) -> bool {
    // Fast path: a CJK ideograph is never punctuation (avoids the slow Unicode tables).
    word.chars()
        .all(|c| !('\u{4e00}'..='\u{9fff}').contains(&c) && !c.is_alphanumeric())
}

fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
            | '两'
    )
}

/// Arabic or Chinese numerals with number punctuation: `82`, `83.3`, `2.6%`, `1,200`, `二十`.
pub fn is_number(word: &str) -> bool {
    let mut has_digit = false;
    for c in word.chars() {
        if c.is_ascii_digit() || is_cn_digit(c) {
            has_digit = true;
        } else if !matches!(c, '.' | ',' | '%' | '‰' | '+' | '-' | '—' | '~' | '～') {
            return false;
        }
    }
    has_digit
}

/// Number and unit leftovers of segmentation: an ASCII token with digits and letters
/// (`0.06mg`, `m3`, `NO2CO`, a run-together chemical formula). Listed user-dictionary words
/// such as `PM2.5` are kept by the caller.
pub fn is_unit_leftover(word: &str) -> bool {
    let (mut digit, mut letter) = (false, false);
    for b in word.bytes() {
        match b {
            b'0'..=b'9' => digit = true,
            b'a'..=b'z' | b'A'..=b'Z' => letter = true,
            b'.' | b'/' | b'%' | b'-' | b'+' => {}
            _ => return false,
        }
    }
    digit && letter
}

/// Date units and the marks between dates (`年`, `月底`, `至`, `-`).
fn is_date_part(c: char) -> bool {
    matches!(
        c,
        '年' | '月'
            | '日'
            | '号'
            | '度'
            | '底'
            | '初'
            | '末'
            | '旬'
            | '时'
            | '至'
            | '-'
            | '—'
            | '.'
            | '/'
    )
}

/// A number followed only by date units: `2021年`, `4月`, `7日`, `2022年12月底`, `2021年度`.
pub fn is_date(word: &str) -> bool {
    let mut has_digit = false;
    let mut has_unit = false;
    for c in word.chars() {
        if c.is_ascii_digit() || is_cn_digit(c) {
            has_digit = true;
        } else if is_date_part(c) {
            has_unit |= matches!(c, '年' | '月' | '日' | '号');
        } else {
            return false;
        }
    }
    has_digit && has_unit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop() -> FxHashSet<String> {
        ["深入", "推进", "的"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn non_content_pos_is_the_listed_tags_particles_mq_and_zg() {
        let tags = [
            "a", "ad", "ag", "an", "b", "c", "d", "dg", "e", "eng", "f", "g", "h", "i", "j", "k",
            "l", "m", "mq", "n", "ng", "nr", "nrt", "ns", "nt", "nz", "o", "p", "q", "r", "rr",
            "s", "t", "tg", "u", "ud", "uj", "ul", "uv", "uz", "v", "vn", "w", "x", "y", "z", "zg",
            "",
        ];
        for pos in tags {
            let listed = NON_CONTENT_POS.contains(&pos)
                || pos.starts_with('u')
                || pos == "mq"
                || pos == "zg";
            assert_eq!(is_non_content_pos(pos), listed, "{pos}");
        }
    }

    #[test]
    fn keeps_policy_terms_and_drops_noise() {
        let sw = stop();
        let user: FxHashSet<String> = ["PM2.5".to_string()].into_iter().collect();
        let f = ContentFilter {
            stopwords: &sw,
            user_words: &user,
            keep_single_chars: false,
        };
        for w in ["督察整改", "国考断面", "PM2.5", "入河排污口", "造林"] {
            assert!(f.is_content(w, "nz"), "{w} should be content");
        }
        for w in [
            "深入",
            "推进",
            "的",
            "。",
            ",",
            "“",
            "82",
            "83.3%",
            "2021年",
            "4月",
            "7日",
            "2022年12月底",
            "2021年度",
            "二十",
            "省",
            "水",
            "0.06mg",
            "m3",
            "NO2CO",
        ] {
            assert!(!f.is_content(w, "n"), "{w} should be filtered");
        }
        for (w, pos) in [
            ("公顷", "q"),
            ("亲自", "d"),
            ("我们", "r"),
            ("目前", "t"),
            ("一大批", "m"),
        ] {
            assert!(!f.is_content(w, pos), "{w}/{pos} should be filtered");
        }
    }

    #[test]
    fn single_chars_can_be_kept() {
        let sw = stop();
        let user = FxHashSet::default();
        let f = ContentFilter {
            stopwords: &sw,
            user_words: &user,
            keep_single_chars: true,
        };
        assert!(f.is_content("水", "n"));
        assert!(!f.is_content("的", "uj"));
        assert!(!f.is_content("、", "x"));
        assert!(!f.is_content("5", "m"));
    }

    #[test]
    fn numbers_with_words_are_not_numbers() {
        assert!(!is_number("二十大"));
        assert!(!is_number("PM10"));
        assert!(!is_date("年度目标"));
        assert!(is_number("一二三"));
    }

    #[test]
    fn ideograph_fast_path_agrees_with_every_check() {
        let sw = stop();
        let user: FxHashSet<String> = ["PM2.5".to_string()].into_iter().collect();
        let text = format!(
            "{}年度二十年月二十日至2025年PM2.5为38微克/立方米深入推进的",
            include_str!("../../corpus/raw/000_d25812755243d715.txt")
        );
        let chars: Vec<char> = text.chars().collect();
        for keep_single_chars in [false, true] {
            let f = ContentFilter {
                stopwords: &sw,
                user_words: &user,
                keep_single_chars,
            };
            for start in 0..chars.len() {
                for len in 1..=4.min(chars.len() - start) {
                    let word: String = chars[start..start + len].iter().collect();
                    let single = len == 1;
                    let slow = !(single && (!keep_single_chars || !chars[start].is_alphanumeric())
                        || is_punct_or_symbol(&word)
                        || is_number(&word)
                        || is_date(&word)
                        || sw.contains(&word)
                        || (is_unit_leftover(&word) && !user.contains(&word)));
                    assert_eq!(f.is_content(&word, "n"), slow, "{word}");
                }
            }
        }
    }
}
