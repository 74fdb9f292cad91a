//! PDF: the text layer (decoded by pdf-extract on a lopdf document) in reading order, then
//! put back into paragraphs. Glyphs are grouped into lines by position (top to bottom, left
//! to right: one text column); a line that reaches the right margin (justified text), or
//! stops short of it only because the next line's first word would not fit (left-aligned
//! text), continues into the next unless that one is indented (a new paragraph, as Chinese
//! typesetting indents them) or a heading; lines
//! at the top or bottom of pages that repeat or are set smaller than the text (running
//! headers, footers) and page numbers are dropped. A PDF whose pages have no text is reported by the caller as a scan.

use std::path::Path;

use anyhow::Result;
use lopdf::dictionary;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::Extracted;

pub fn extract(path: &Path, bytes: &[u8]) -> Result<Extracted> {
    let shown = path.display();
    let mut doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| anyhow::anyhow!("{shown}: not a readable PDF: {e}"))?;
    if doc.is_encrypted() {
        // Many published PDFs are "encrypted" with an empty user password.
        doc.decrypt("")
            .map_err(|e| anyhow::anyhow!("{shown}: encrypted PDF that needs a password: {e}"))?;
    }
    blank_images(&mut doc);
    let mut collector = Collector::default();
    // pdf-extract panics on some malformed content streams; report those as errors.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pdf_extract::output_doc(&doc, &mut collector)
    }));
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => anyhow::bail!("{shown}: cannot read the PDF's text: {e:?}"),
        Err(_) => anyhow::bail!("{shown}: cannot read the PDF's text (malformed content stream)"),
    }
    Ok(Extracted {
        text: paragraphs(collector.pages),
        title: None,
        encoding: "UTF-8",
    })
}

/// Replace every image XObject by an empty form: pdf-extract would otherwise parse image
/// data as a content stream (and a scan is all images). Text is never inside an image.
fn blank_images(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        let image = stream
            .dict
            .get(b"Subtype")
            .and_then(|s| s.as_name())
            .is_ok_and(|s| s == b"Image");
        if image {
            let dict = dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 0.into(), 0.into()],
            };
            *stream = lopdf::Stream::new(dict, Vec::new());
        }
    }
}

/// One glyph: position (top-left origin), where it ends, its size, and its text in `chars`.
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    range: (usize, usize),
}

/// One line of a page.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    left: f64,
    right: f64,
    size: f64,
}

#[derive(Default)]
struct Collector {
    height: f64,
    chars: String,
    glyphs: Vec<Glyph>,
    pages: Vec<Vec<Line>>,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.chars.clear();
        self.glyphs.clear();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        let lines = group_lines(&self.chars, &mut self.glyphs);
        self.pages.push(lines);
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        // The same geometry as pdf-extract's plain-text output, with y flipped downwards.
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        let (x, y) = (trm.m31, self.height - trm.m32);
        let start = self.chars.len();
        push_unradical(&mut self.chars, text);
        self.glyphs.push(Glyph {
            x,
            y,
            end: x + width * size,
            size,
            range: (start, self.chars.len()),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Radicals of the CJK Radicals Supplement that stand for a character of running text, with
/// that character (Unicode's EquivalentUnifiedIdeograph.txt; the simplified forms and a few
/// others). Sorted by radical.
const RADICAL_SUPPLEMENT: [(char, char); 33] = [
    ('⺝', '月'),
    ('⺟', '母'),
    ('⺠', '民'),
    ('⺮', '竹'),
    ('⻄', '西'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻑', '長'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻘', '青'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻝', '食'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻬', '齐'),
    ('⻭', '歯'),
    ('⻮', '齿'),
    ('⻯', '竜'),
    ('⻰', '龙'),
    ('⻲', '亀'),
    ('⻳', '龟'),
];

/// Append `text`, with radicals mapped to the ideographs they stand for: fonts share one glyph
/// between `⼀` and `一`, and many PDF writers (Chromium with Noto CJK among them) map that
/// glyph back to the radical in the ToUnicode table. Kangxi radicals (U+2F00..U+2FD5) go
/// through NFKC; the supplement through [`RADICAL_SUPPLEMENT`].
fn push_unradical(out: &mut String, text: &str) {
    use unicode_normalization::UnicodeNormalization;
    for c in text.chars() {
        if ('\u{2F00}'..='\u{2FD5}').contains(&c) {
            out.extend(std::iter::once(c).nfkc());
        } else if ('\u{2E80}'..='\u{2EFF}').contains(&c) {
            let found = RADICAL_SUPPLEMENT.binary_search_by_key(&c, |&(r, _)| r);
            out.push(found.map_or(c, |i| RADICAL_SUPPLEMENT[i].1));
        } else {
            out.push(c);
        }
    }
}

fn is_cjk(c: char) -> bool {
    c >= '\u{2E80}'
}

/// Group a page's glyphs into lines: sorted by baseline (glyphs within half their size of a
/// line's baseline belong to it), then left to right. A gap wider than a fifth of the size
/// between two non-CJK glyphs is a space.
fn group_lines(chars: &str, glyphs: &mut [Glyph]) -> Vec<Line> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<(f64, Vec<usize>)> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        match rows.last_mut() {
            Some((y, members)) if (g.y - *y).abs() < g.size.max(1.0) * 0.5 => members.push(i),
            _ => rows.push((g.y, vec![i])),
        }
    }
    rows.into_iter()
        .map(|(_, mut members)| {
            members.sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x));
            let mut line = Line {
                text: String::new(),
                left: glyphs[members[0]].x,
                right: f64::MIN,
                size: 0.0,
            };
            let mut prev_end = f64::MAX;
            for &i in &members {
                let g = &glyphs[i];
                let text = &chars[g.range.0..g.range.1];
                let gap = g.x - prev_end;
                let ascii = |c: Option<char>| c.is_some_and(|c| !is_cjk(c));
                if gap > g.size * 0.2
                    && ascii(line.text.chars().last())
                    && ascii(text.chars().next())
                {
                    line.text.push(' ');
                }
                line.text.push_str(text);
                prev_end = g.end;
                line.right = line.right.max(g.end);
                line.size = line.size.max(g.size);
            }
            line
        })
        .collect()
}

/// Digits folded, spaces dropped: how a running header or footer is recognised across pages.
fn repeat_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// `3`, `- 3 -`, `第3页`, `第 3 页 共 12 页`, `3/12`, `Page 3 of 12`.
fn is_page_number(text: &str) -> bool {
    let mut digits = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits = true;
        } else if !(c.is_whitespace() || "-—–_()()[]/.第页共ofPage".contains(c)) {
            return false;
        }
    }
    digits && text.chars().count() <= 24
}

/// Drop, at the top and bottom of each page: page numbers, lines repeated there on at least
/// half the pages (and two or more), and lines set smaller than the body text.
fn drop_running_lines(pages: &mut [Vec<Line>]) {
    let n = pages.len();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for page in pages.iter() {
        let ends = [page.first(), page.last()];
        let mut keys: Vec<String> = ends.iter().flatten().map(|l| repeat_key(&l.text)).collect();
        keys.dedup();
        for key in keys {
            match counts.iter_mut().find(|(k, _)| *k == key) {
                Some((_, c)) => *c += 1,
                None => counts.push((key, 1)),
            }
        }
    }
    // Running heads and feet are usually set smaller than the text: that tells them apart
    // even on a single page (a title, set larger, is kept).
    let mut sizes: Vec<f64> = pages.iter().flatten().map(|l| l.size).collect();
    sizes.sort_by(f64::total_cmp);
    let body_size = sizes.get(sizes.len() / 2).copied().unwrap_or(0.0);
    let small = |line: &Line| line.size < body_size * 0.85;
    let repeated = |text: &str| {
        let key = repeat_key(text);
        n >= 2
            && counts
                .iter()
                .any(|(k, c)| *k == key && *c >= 2 && *c * 2 >= n)
    };
    for page in pages.iter_mut() {
        for end in [0, 1] {
            let idx = if end == 0 {
                0
            } else {
                page.len().saturating_sub(1)
            };
            if let Some(line) = page.get(idx)
                && (is_page_number(&line.text) || repeated(&line.text) || small(line))
            {
                page.remove(idx);
            }
        }
    }
}

/// The right edge of a full line: the median right edge of the lines longer than three
/// quarters of the widest one. Robust against a single line that sticks out (a long number, hanging
/// punctuation) and against short lines (headings, paragraph ends).
fn typical_right(lines: &[Line], left: f64) -> f64 {
    let widest = lines.iter().map(|l| l.right).fold(f64::MIN, f64::max);
    let long_enough = left + (widest - left) * 0.75;
    let mut long: Vec<f64> = lines
        .iter()
        .map(|l| l.right)
        .filter(|&r| r >= long_enough)
        .collect();
    long.sort_by(f64::total_cmp);
    long.get(long.len() / 2).copied().unwrap_or(widest)
}

/// Punctuation that can end a paragraph: a line ending in it is not carried on unless it
/// is full.
fn ends_sentence(text: &str) -> bool {
    let text = text.trim_end_matches(['”', '’', '」', '』', '）', ')']);
    text.ends_with(['。', '！', '？', '；', '：', '!', '?', ';', ':'])
}

/// `一、` … `十二、`, `（一）`, `(1)`, `1.`/`1、`, `第一章`/`第二条`: how a heading or list item
/// starts, so the line before it ends even when it is nearly full.
fn starts_heading(text: &str) -> bool {
    let numeral = |c: char| "一二三四五六七八九十〇零百".contains(c) || c.is_ascii_digit();
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix(['（', '(']) {
        let after = rest.trim_start_matches(numeral);
        return after.len() < rest.len() && after.starts_with(['）', ')']);
    }
    if let Some(rest) = text.strip_prefix('第') {
        let after = rest.trim_start_matches(numeral);
        return after.len() < rest.len() && after.starts_with(['章', '节', '条', '部', '篇']);
    }
    let after = text.trim_start_matches(numeral);
    after.len() < text.len()
        && (after.starts_with(['、', '．'])
            || (after.starts_with('.') && !after[1..].starts_with(|c: char| c.is_ascii_digit())))
}

/// How wide (in units of the font size) the first unbreakable run of `text` is, under the
/// line-breaking rules typesetters apply to Chinese (a simplified UAX #14): a break may fall
/// between two ideographs, but not inside a run of ASCII letters and digits, not before
/// closing punctuation (`，。、）` …), not after opening punctuation (`（《` …) and on neither
/// side of a quotation mark. Full-width characters count 1, ASCII ½.
fn first_unit_width(text: &str) -> f64 {
    let quote = |c: char| "“”‘’\"'".contains(c);
    let opening = |c: char| "（《〈【「『〔([{".contains(c);
    let closing = |c: char| "，。、；：？！）》〉】」』〕…—,.;:?!)]}%".contains(c);
    let ascii = |c: char| c.is_ascii_graphic() && !quote(c);
    let mut width = 0.0;
    let mut prev: Option<char> = None;
    for c in text.trim_start().chars() {
        if let Some(p) = prev {
            let glued = quote(p)
                || quote(c)
                || opening(p)
                || closing(c)
                || (ascii(p) && ascii(c))
                || c.is_whitespace();
            if !glued {
                break;
            }
        }
        width += if c.is_ascii() { 0.5 } else { 1.0 };
        prev = Some(c);
    }
    width
}

/// Whether `line` runs on into `next` (same paragraph). Never when the next line is indented
/// (a first-line indent opens a paragraph) or set in another size (a heading). Otherwise when
/// the line reaches the right margin within one character (justified text), or, as
/// left-aligned (ragged-right) text wraps short of the margin, when the next line's first
/// unbreakable run would not have fitted in the room left, the line does not end on a
/// sentence-final mark and the next line does not start a heading.
fn runs_on(line: &Line, next: &Line, left: f64, right: f64) -> bool {
    let indented = next.left > left + next.size * 0.5;
    let same_size = (line.size - next.size).abs() <= line.size * 0.1;
    if indented || !same_size {
        return false;
    }
    let room = right - line.right;
    if room <= line.size * 1.01 {
        return true;
    }
    room < (first_unit_width(&next.text) + 0.5) * next.size
        && !ends_sentence(&line.text)
        && !starts_heading(&next.text)
}

/// The text: body lines in order, a line joined to the next when [`runs_on`] says so.
fn paragraphs(mut pages: Vec<Vec<Line>>) -> String {
    drop_running_lines(&mut pages);
    let lines: Vec<Line> = pages.into_iter().flatten().collect();
    let left = lines.iter().map(|l| l.left).fold(f64::MAX, f64::min);
    let right = typical_right(&lines, left);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line.text.trim());
        let Some(next) = lines.get(i + 1) else {
            out.push('\n');
            break;
        };
        if !runs_on(line, next, left, right) {
            out.push('\n');
        } else if out.ends_with(|c: char| c.is_ascii_alphanumeric())
            && next
                .text
                .trim_start()
                .starts_with(|c: char| c.is_ascii_alphanumeric())
            && !line.text.chars().any(is_cjk)
        {
            // Western text wraps at a space; Chinese text wraps anywhere, even inside a number.
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, left: f64, right: f64) -> Line {
        Line {
            text: text.to_owned(),
            left,
            right,
            size: 10.0,
        }
    }

    #[test]
    fn rejoins_wrapped_lines_and_drops_running_lines() {
        let pages = vec![
            vec![
                line("山西省人民政府公报", 80.0, 170.0),
                line("一、总体要求", 70.0, 130.0),
                line("到2025年,全省森林覆盖率", 70.0, 200.0),
                line("达到25%。", 50.0, 95.0),
                line("- 1 -", 120.0, 145.0),
            ],
            vec![
                line("山西省人民政府公报", 80.0, 170.0),
                line("二、主要任务", 70.0, 130.0),
                line("- 2 -", 120.0, 145.0),
            ],
        ];
        assert_eq!(
            paragraphs(pages),
            "一、总体要求\n到2025年,全省森林覆盖率达到25%。\n二、主要任务\n"
        );
    }

    #[test]
    fn one_page_keeps_a_large_title_and_drops_a_small_running_head() {
        let mut head = line("山西省人民政府公报", 80.0, 150.0);
        head.size = 8.0;
        let mut title = line("关于印发规划的通知", 90.0, 190.0);
        title.size = 16.0;
        let pages = vec![vec![
            head,
            title,
            line("一、总体要求", 70.0, 130.0),
            line("全面推进整改。", 70.0, 140.0),
        ]];
        assert_eq!(
            paragraphs(pages),
            "关于印发规划的通知\n一、总体要求\n全面推进整改。\n"
        );
    }

    /// Left-aligned text (browser print, Word's default) wraps short of the margin: a number
    /// or quoted run moves down whole, punctuation may not start a line.
    #[test]
    fn rejoins_ragged_right_lines() {
        let pages = vec![vec![
            line("一、总体要求", 90.0, 150.0),
            line(
                "全市生产总值达到5.67万亿元、增长5.4%。PM2.5年均浓度为",
                90.0,
                395.0,
            ),
            line(
                "26.3微克/立方米、下降7.4%。深化国资国企改革,构建省属企",
                70.0,
                340.0,
            ),
            line("业“1+N+X”规划体系。", 70.0, 180.0),
            line("二、主要任务", 90.0, 150.0),
            line(
                "推进项目建设,完成投资近1万亿元,全年开工项目超过1万",
                90.0,
                389.0,
            ),
            line("个。", 70.0, 90.0),
            line("推进改革", 70.0, 110.0),
            line("(一)深化改革。", 70.0, 145.0),
        ]];
        let mut justified = pages.clone();
        for page in &mut justified {
            page[2].right = 360.0;
        }
        assert_eq!(
            paragraphs(pages),
            "一、总体要求\n全市生产总值达到5.67万亿元、增长5.4%。PM2.5年均浓度为26.3微克/立方米、下降7.4%。深化国资国企改革,构建省属企业“1+N+X”规划体系。\n二、主要任务\n推进项目建设,完成投资近1万亿元,全年开工项目超过1万个。\n推进改革\n(一)深化改革。\n"
        );
        assert!(paragraphs(justified).contains("构建省属企业“1+N+X”规划体系。\n"));
    }

    #[test]
    fn line_break_units_and_heading_starts() {
        assert_eq!(first_unit_width("业，推进"), 2.0);
        assert_eq!(first_unit_width("26.3微克"), 2.0);
        assert_eq!(first_unit_width("业“1+N+X”规划"), 6.5);
        assert_eq!(first_unit_width("推进"), 1.0);
        for t in [
            "一、总体要求",
            "（三）持续优化",
            "(1)目标",
            "第二章 任务",
            "3.保障",
            "12、措施",
        ] {
            assert!(starts_heading(t), "{t}");
        }
        for t in ["一是经济", "3.2万套", "第一批项目", "2025年", "个。"] {
            assert!(!starts_heading(t), "{t}");
        }
        assert!(ends_sentence("下降7.4%。”"));
        assert!(!ends_sentence("构建省属企"));
    }

    #[test]
    fn kangxi_radicals_become_ideographs() {
        let mut out = String::new();
        push_unradical(&mut out, "⼀⽣⼭西⾼①⻩河⻓江⻅效⻔");
        assert_eq!(out, "一生山西高①黄河长江见效门");
        assert!(RADICAL_SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn page_numbers() {
        for t in [
            "3",
            "- 3 -",
            "第3页",
            "第 3 页 共 12 页",
            "3/12",
            "Page 3 of 12",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2025年", "一、总体要求", "-"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
