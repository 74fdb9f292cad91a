//! Round 13c (issue 15): the industry a paragraph is about owns the bare generic heads of the
//! sentence after it (`石化产业持续“减油增化提质”，…。产值突破1300亿元。` → 石化产业产值). A
//! plan lists each industry's measures and then its figures in a sentence of their own, with
//! no subject: the subject is the industry that opens the sentence before.

use super::Metric;
use super::indicators::GENERIC_MEASURES;

/// Words of a plan that may open a sentence of bare figures (`力争新增开发装机突破…`).
const PLAN_OPENERS: [&str; 4] = ["力争", "争取", "确保", "预计"];

/// Chars after `产业` that make it part of a longer noun (`产业链`, `产业集群`, `产业园`).
const LONGER_NOUN: &str = "链集园体基的化";

/// The industry opening `sentence` (`石化产业持续…` → 石化产业): 2 to 8 chars of Chinese text
/// (no punctuation, no digit) before `产业`, with `产业` closing the noun.
fn opening_industry(sentence: &str) -> Option<&str> {
    let k = sentence.find("产业")?;
    let name = &sentence[..k];
    let n = name.chars().count();
    let plain = name.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let end = k + "产业".len();
    let next = sentence[end..].chars().next()?;
    ((2..=8).contains(&n) && plain && !LONGER_NOUN.contains(next)).then(|| &sentence[..end])
}

/// Document context for owners, fed the sentences of a document in order: the industry that
/// opened the last sentence so opened, in the same paragraph (no line break since).
#[derive(Debug, Default, Clone)]
pub struct OwnerChain {
    industry: Option<String>,
}

impl OwnerChain {
    /// The industry that owns `sentence`'s bare generic heads, if any; `first` is the
    /// indicator of its first figure. A sentence owns them only when it opens (after a plan word)
    /// with its first figure's indicator, so it has no subject of its own.
    pub fn next(
        &mut self,
        sentence: &str,
        after_break: bool,
        first: Option<&str>,
    ) -> Option<String> {
        if after_break {
            self.industry = None;
        }
        let before = self.industry.clone();
        if let Some(i) = opening_industry(sentence) {
            self.industry = Some(i.to_owned());
        }
        let rest = PLAN_OPENERS
            .iter()
            .find_map(|w| sentence.strip_prefix(w))
            .unwrap_or(sentence);
        let bare = first.is_some_and(|f| !f.is_empty() && rest.starts_with(f));
        before.filter(|_| bare)
    }
}

/// Give a figure whose indicator is a bare generic head (`产值`, `产业规模`, `产业投资`) the
/// industry that owns its sentence ([`OwnerChain`]): `产业` is said once.
pub fn inherit_owner(m: &mut Metric, industry: &str) {
    let head = m.indicator.strip_prefix("产业").unwrap_or(&m.indicator);
    if !GENERIC_MEASURES.contains(&head) {
        return;
    }
    m.indicator = format!("{industry}{head}");
}
