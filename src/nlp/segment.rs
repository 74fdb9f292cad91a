//! Word segmentation and POS tagging with one shared jieba-rs instance plus the domain dictionary.
//!
//! jieba-rs 0.11 cannot re-tag a word already in its own dictionary (`add_word` only changes
//! the frequency), so domain tags live in our own map and override jieba's tag.

use jieba_rs::Jieba;
use rustc_hash::FxHashMap;

use crate::dict::UserWord;
use crate::text::sentences::Sentence;
use crate::util::charbits::CharBits;

/// A `'static` copy of a POS tag. Tags are a small closed set, so each distinct tag is
/// leaked once per thread at most.
pub fn intern_tag(tag: &str) -> &'static str {
    thread_local! {
        static TAGS: std::cell::RefCell<rustc_hash::FxHashSet<&'static str>> = Default::default();
    }
    TAGS.with_borrow_mut(|tags| match tags.get(tag) {
        Some(t) => *t,
        None => {
            let leaked: &'static str = Box::leak(tag.to_owned().into_boxed_str());
            tags.insert(leaked);
            leaked
        }
    })
}

/// A token of a sentence. `start..end` are char offsets into the normalized **document**
/// (not the sentence) and never change after segmentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub word: &'a str,
    pub pos: &'a str,
    pub start: usize,
    pub end: usize,
}

/// jieba-rs plus the domain POS map. Built once and shared by reference across threads
/// (`Jieba` is `Sync`).
pub struct Segmenter {
    jieba: Jieba,
    domain_tags: FxHashMap<String, String>,
    /// Last chars of the `domain_tags` words: most tokens skip the hash lookup.
    domain_last: CharBits,
}

impl Segmenter {
    pub fn new(user_words: &[UserWord]) -> Self {
        let mut jieba = Jieba::new();
        let mut domain_tags = FxHashMap::default();
        let mut domain_last = CharBits::default();
        for w in user_words {
            // A word jieba already knows keeps jieba's tag after add_word; only those need
            // an override (this includes a word listed twice: the later tag wins).
            let known = jieba.has_word(&w.word);
            jieba.add_word(&w.word, w.freq, w.tag.as_deref());
            if let (true, Some(tag)) = (known, &w.tag) {
                domain_tags.insert(w.word.clone(), tag.clone());
                domain_last.extend(w.word.chars().next_back());
            }
        }
        Self {
            jieba,
            domain_tags,
            domain_last,
        }
    }

    /// Segment one sentence of `doc`, appending its non-whitespace tokens to `out`.
    pub fn segment_sentence<'a>(
        &'a self,
        doc: &'a str,
        sentence: &Sentence,
        out: &mut Vec<Token<'a>>,
    ) {
        let text = sentence.text(doc);
        let tags = self.jieba.tag(text, true);
        out.reserve(tags.len());
        for tag in tags {
            // whitespace runs are tokens of their own; a word is one iff its first char is
            if tag.word.chars().next().is_none_or(char::is_whitespace) {
                continue;
            }
            let last = tag
                .word
                .chars()
                .next_back()
                .expect("not whitespace, so not empty");
            let pos = match self.domain_last.may_contain(last) {
                true => self
                    .domain_tags
                    .get(tag.word)
                    .map_or(tag.tag, String::as_str),
                false => tag.tag,
            };
            out.push(Token {
                word: tag.word,
                pos,
                start: sentence.start + tag.start,
                end: sentence.start + tag.end,
            });
        }
    }

    /// Segment free text (for `segment` and `explain`): sentences, then tokens.
    pub fn segment_text<'a>(&'a self, doc: &'a str) -> Vec<(Sentence, Vec<Token<'a>>)> {
        let split = crate::text::sentences::split_sentences(
            doc,
            crate::text::sentences::MAX_SENTENCE_CHARS,
        );
        split
            .sentences
            .into_iter()
            .map(|s| {
                let mut tokens = Vec::new();
                self.segment_sentence(doc, &s, &mut tokens);
                (s, tokens)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::{BUNDLED_USER_DICT, DictSource, parse_user_dict};
    use std::sync::OnceLock;

    fn bundled() -> &'static Segmenter {
        static SEG: OnceLock<Segmenter> = OnceLock::new();
        SEG.get_or_init(|| {
            let src = DictSource::bundled("user_dict.txt", BUNDLED_USER_DICT);
            Segmenter::new(&parse_user_dict(&src).unwrap().0)
        })
    }

    fn words(text: &str) -> Vec<String> {
        bundled()
            .segment_text(text)
            .into_iter()
            .flat_map(|(_, t)| t.into_iter().map(|t| t.word.to_owned()))
            .collect()
    }

    #[test]
    fn domain_terms_stay_whole() {
        let w = words(
            "辽宁省完成20个重点河段、1959个入河入海排污口整治,2021年全省地表水国考断面优良水质比例达到83.3%。",
        );
        assert!(w.contains(&"国考断面".to_string()), "{w:?}");
        let w = words("将督察整改作为重大政治任务,细颗粒物PM2.5浓度为38微克/立方米。");
        assert!(w.contains(&"督察整改".to_string()), "{w:?}");
        assert!(w.contains(&"PM2.5".to_string()), "{w:?}");
        let w = words("完成1959个入河排污口排查整治,强化河湖长制。");
        assert!(w.contains(&"入河排污口".to_string()), "{w:?}");
        assert!(w.contains(&"河湖长制".to_string()), "{w:?}");
    }

    #[test]
    fn domain_tag_overrides_jieba_tag() {
        let seg = bundled();
        let doc = "深入打好污染防治攻坚战。";
        let out = seg.segment_text(doc);
        let tok = out[0]
            .1
            .iter()
            .find(|t| t.word == "污染防治攻坚战")
            .expect("term kept whole");
        assert_eq!(tok.pos, "nz");
    }

    #[test]
    fn token_offsets_are_document_char_offsets() {
        let doc = "一、总体情况\n完成造林12万公顷、森林抚育40万公顷。";
        let chars: Vec<char> = doc.chars().collect();
        for (_, tokens) in bundled().segment_text(doc) {
            for t in tokens {
                let s: String = chars[t.start..t.end].iter().collect();
                assert_eq!(s, t.word);
            }
        }
    }
}
