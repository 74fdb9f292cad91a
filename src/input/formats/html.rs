//! HTML pages (as government sites publish them): the charset from `<meta>`, the main
//! content element, block elements as line breaks, `<title>` as the document title.

use std::path::Path;

use anyhow::Result;
use scraper::{ElementRef, Html, Node, Selector};

use super::Extracted;

/// Containers that hold the article on common (Chinese government) site templates, most
/// specific first. The first one with text wins over the text-density guess.
const CONTENT_SELECTORS: [&str; 10] = [
    "#zoom",
    ".TRS_Editor",
    "#UCAP-CONTENT",
    ".pages_content",
    ".article-content",
    ".xxgk_content",
    "article",
    "main",
    "#content",
    "[role=main]",
];

/// Elements whose text is never article text.
const SKIPPED: [&str; 14] = [
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "iframe", "svg", "head",
];

/// Elements that start and end a line.
const BLOCKS: [&str; 30] = [
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "tbody",
    "thead",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "hr",
    "center",
    "figure",
    "figcaption",
    "address",
    "caption",
];

pub fn extract(_path: &Path, bytes: &[u8]) -> Result<Extracted> {
    let (source, encoding) = decode(bytes);
    let doc = Html::parse_document(&source);
    let content = main_content(&doc);
    let mut text = String::new();
    if let Some(el) = content {
        render(el, &mut text);
    }
    Ok(Extracted {
        text: tidy_lines(&text),
        title: title(&doc),
        encoding,
    })
}

/// The page's encoding: a BOM, else the `<meta charset>` / `http-equiv` label within the
/// first 4 KiB, else UTF-8 when valid, else GB18030 (GBK/GB2312 pages without a label).
fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_with_bom_removal(bytes);
        return (text.into_owned(), enc.name());
    }
    let label = meta_charset(&bytes[..bytes.len().min(4096)]);
    let enc = match label.and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) {
        // GB2312 and GBK pages often hold GB18030-only characters; its decoder reads all three.
        Some(e) if e == encoding_rs::GBK => encoding_rs::GB18030,
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::GB18030,
    };
    let (text, _, _) = enc.decode(bytes);
    (text.into_owned(), enc.name())
}

fn meta_charset(head: &[u8]) -> Option<String> {
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let label: String = lower[at..]
        .trim_start_matches(['"', '\'', ' '])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!label.is_empty()).then_some(label)
}

/// `<title>`, else the first `<h1>`/`<h2>`; whitespace collapsed.
fn title(doc: &Html) -> Option<String> {
    ["title", "h1", "h2"].iter().find_map(|sel| {
        let sel = Selector::parse(sel).expect("static selector");
        let el = doc.select(&sel).next()?;
        let t = el.text().collect::<String>();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        (!t.is_empty()).then_some(t)
    })
}

/// The element holding the article: a known content container with text, else the element
/// whose direct paragraph children carry the most text, else `<body>`.
fn main_content(doc: &Html) -> Option<ElementRef<'_>> {
    for sel in CONTENT_SELECTORS {
        let sel = Selector::parse(sel).expect("static selector");
        if let Some(el) = doc.select(&sel).find(|el| visible_len(*el) > 0) {
            return Some(el);
        }
    }
    let para = Selector::parse("p, br").expect("static selector");
    // Score each parent by the text of its direct paragraph children (a `<br>` counts one).
    let mut scores: Vec<(ElementRef<'_>, usize)> = Vec::new();
    for p in doc.select(&para) {
        let Some(parent) = p.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        let len = if p.value().name() == "br" {
            1
        } else {
            visible_len(p)
        };
        match scores.iter_mut().find(|(el, _)| el.id() == parent.id()) {
            Some((_, s)) => *s += len,
            None => scores.push((parent, len)),
        }
    }
    // The first of the highest scores, so ties resolve in document order.
    let best = scores.into_iter().fold(
        None::<(ElementRef<'_>, usize)>,
        |best, (el, s)| match best {
            Some((_, b)) if b >= s => best,
            _ => Some((el, s)),
        },
    );
    let body = Selector::parse("body").expect("static selector");
    best.map(|(el, _)| el).or_else(|| doc.select(&body).next())
}

/// Characters of visible text under `el` (skipping scripts, navigation, ...).
fn visible_len(el: ElementRef<'_>) -> usize {
    let mut text = String::new();
    render(el, &mut text);
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Append the visible text of `el`: block elements on lines of their own, table cells
/// joined by a tab, runs of whitespace in text as one space.
fn render(el: ElementRef<'_>, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => push_collapsed(out, t),
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                let Some(child_el) = ElementRef::wrap(child) else {
                    continue;
                };
                let block = BLOCKS.contains(&name);
                if block {
                    out.push('\n');
                } else if matches!(name, "td" | "th") && !out.ends_with('\n') {
                    out.push('\t');
                }
                render(child_el, out);
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

fn push_collapsed(out: &mut String, text: &str) {
    let mut space = text.starts_with(char::is_whitespace);
    for word in text.split_whitespace() {
        if space && !out.ends_with(['\n', ' ', '\t']) && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        space = true;
    }
    if text.ends_with(char::is_whitespace) && !text.trim().is_empty() {
        out.push(' ');
    }
}

/// Trim each line, drop blank ones.
fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(|l| l.trim_matches([' ', '\t'])) {
        if !line.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>山西省人民政府关于加强生态环境保护的通知</title><script>var x = "不要";</script></head>
<body><div class="nav"><ul><li><a href="/">首页</a></li><li>政务公开</li></ul></div>
<div class="main"><h1>山西省人民政府关于加强生态环境保护的通知</h1>
<div id="zoom"><p>一、提高站位</p><p>　　全省PM2.5平均浓度下降<b>4.6%</b>。</p>
<table><tr><td>指标</td><td>目标</td></tr><tr><td>优良天数比例</td><td>75%</td></tr></table></div></div>
<div class="footer">主办：山西省人民政府办公厅 晋ICP备05006009号</div></body></html>"#;

    #[test]
    fn gbk_page_keeps_the_article_and_drops_the_rest() {
        let bytes = encoding_rs::GBK.encode(PAGE).0.into_owned();
        let got = extract(Path::new("p.html"), &bytes).unwrap();
        assert_eq!(got.encoding, "gb18030");
        assert_eq!(
            got.text,
            "一、提高站位\n全省PM2.5平均浓度下降4.6%。\n指标\t目标\n优良天数比例\t75%\n"
        );
        assert_eq!(
            got.title.as_deref(),
            Some("山西省人民政府关于加强生态环境保护的通知")
        );
    }

    #[test]
    fn without_a_known_container_the_densest_element_wins() {
        let page = "<html><body><div><a>首页</a> <a>新闻</a></div>\
            <div class=x><p>第一段落文字较长。</p><p>第二段落。</p></div>\
            <div><p>版权所有</p></div></body></html>";
        let got = extract(Path::new("p.htm"), page.as_bytes()).unwrap();
        assert_eq!(got.text, "第一段落文字较长。\n第二段落。\n");
        assert_eq!(got.encoding, "UTF-8");
    }
}
