//! `policy-mine split`: cut a compiled article into one document per numbered section.
//!
//! The lead before section `01` becomes its own document (province `全国`); page furniture
//! (`查看原文`, subscription lines, `近期要闻` links, …) is dropped and reported, line by line.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::tables::format::write_rows;
use crate::tables::staging::Staging;
use crate::util::interrupt::check_interrupted;

/// Province of the lead summary that covers every section.
pub const NATIONAL: &str = "全国";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitDoc {
    /// 0 for the lead, else the section number of the heading.
    pub section: u32,
    pub province: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub line: usize,
    pub text: String,
    pub reason: &'static str,
}

#[derive(Debug, Default)]
pub struct Article {
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub source: String,
    pub docs: Vec<SplitDoc>,
    pub dropped: Vec<Dropped>,
}

/// One row of `metadata.csv` as written by `split`.
#[derive(Debug, Serialize)]
pub struct MetadataRow<'a> {
    pub doc_id: String,
    pub province: &'a str,
    pub path: String,
    pub title: &'a str,
    pub section: String,
    pub publisher: &'a str,
    pub published: &'a str,
    pub source: &'a str,
}

const HEADER_FURNITURE: [&str; 2] = ["查看原文", "其他"];
/// A line starting the trailer: everything from it to the end is page furniture.
const TRAILER_PREFIXES: [&str; 2] = ["源:", "来源:"];
const TRAILER_PHRASES: [&str; 4] = ["编辑整理", "转载请注明", "一键订阅", "近期要闻"];

/// `01山西省公开…` → (1, "山西省公开…"). Two ASCII digits, then a short title with no `。`.
fn section_heading(line: &str) -> Option<(u32, &str)> {
    let digits = line.get(..2)?;
    let rest = &line[2..];
    let first = rest.chars().next()?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) || first.is_ascii() || rest.contains('。') {
        return None;
    }
    (rest.chars().count() <= 60).then(|| (digits.parse().ok()).map(|n| (n, rest)))?
}

/// Province of a section title: the text before `公开`, else up to the first 省/自治区/市.
fn province_of(title: &str) -> String {
    if let Some(i) = title.find("公开") {
        return title[..i].to_owned();
    }
    for suffix in ["自治区", "省", "市"] {
        if let Some(i) = title.find(suffix) {
            return title[..i + suffix.len()].to_owned();
        }
    }
    title.to_owned()
}

/// `环境保护 2024-04-04` → ("环境保护", "2024-04-04").
fn byline(line: &str) -> Option<(&str, &str)> {
    let (publisher, date) = line.rsplit_once(' ')?;
    let ok = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    ok.then(|| (publisher.trim(), date))
}

pub fn split_article(raw: &str) -> Result<Article> {
    let mut article = Article::default();
    let mut current: Option<SplitDoc> = None;
    let mut in_trailer = false;
    let mut next_section = 1;
    // Normalize line by line so reported line numbers are those of the raw file.
    for (i, raw_line) in raw.split('\n').enumerate() {
        let n = i + 1;
        let normalized = crate::text::normalize::normalize(raw_line);
        let line = normalized.trim_end_matches('\n');
        if line.is_empty() || furniture(&mut article, &mut in_trailer, current.is_none(), n, line) {
            continue;
        }
        if let Some((number, title)) = section_heading(line).filter(|(num, _)| *num == next_section)
        {
            if let Some(doc) = current.take() {
                article.docs.push(doc);
            }
            next_section += 1;
            current = Some(SplitDoc {
                section: number,
                province: province_of(title),
                title: title.to_owned(),
                text: String::new(),
            });
            article.drop_line(n, line, "section heading -> metadata");
            continue;
        }
        let doc = current.get_or_insert_with(|| SplitDoc {
            section: 0,
            province: NATIONAL.to_owned(),
            title: article.title.clone(),
            text: String::new(),
        });
        doc.text.push_str(line);
        doc.text.push('\n');
    }
    if let Some(doc) = current {
        article.docs.push(doc);
    }
    if next_section == 1 {
        bail!("no numbered section headings (`01…`) found; is this a compiled article?");
    }
    Ok(article)
}

impl Article {
    fn drop_line(&mut self, line: usize, text: &str, reason: &'static str) {
        self.dropped.push(Dropped {
            line,
            text: text.to_owned(),
            reason,
        });
    }
}

/// Page furniture around the sections: the header and title, the byline (publisher and
/// date go to the metadata) and the trailer from `来源:` on. Returns whether `line` was one.
fn furniture(
    article: &mut Article,
    in_trailer: &mut bool,
    before_sections: bool,
    n: usize,
    line: &str,
) -> bool {
    if *in_trailer {
        article.drop_line(n, line, "trailer");
        return true;
    }
    if article.title.is_empty() {
        if HEADER_FURNITURE.contains(&line) {
            article.drop_line(n, line, "header");
        } else {
            article.title = line.to_owned();
            article.drop_line(n, line, "article title -> metadata");
        }
        return true;
    }
    if before_sections
        && article.published.is_empty()
        && let Some((publisher, date)) = byline(line)
    {
        article.publisher = publisher.to_owned();
        article.published = date.to_owned();
        article.drop_line(n, line, "byline -> metadata");
        return true;
    }
    if TRAILER_PREFIXES.iter().any(|m| line.starts_with(m))
        || TRAILER_PHRASES.iter().any(|m| line.contains(m))
    {
        if let Some(source) = line
            .strip_prefix("来源:")
            .or_else(|| line.strip_prefix("源:"))
        {
            article.source = source.trim().to_owned();
        }
        *in_trailer = true;
        article.drop_line(n, line, "trailer");
        return true;
    }
    false
}

/// Split `input` and write `OUT/docs/*.txt` plus `OUT/metadata.csv`, staged next to `OUT`
/// and swapped in as one set. A non-empty `OUT` is refused unless `force` (then its other
/// files are kept).
pub fn write_split(input: &Path, out: &Path, force: bool) -> Result<Article> {
    if !force && std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        bail!(
            "output folder {} is not empty; choose another --out, or pass --force to replace its metadata.csv and docs/",
            out.display()
        );
    }
    let raw =
        crate::input::document::read_document(input, crate::input::corpus::InputEncoding::Auto)?
            .text;
    let article = split_article(&raw).with_context(|| format!("splitting {}", input.display()))?;
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut staging = Staging::new(out)?;
    let mut rows = Vec::new();
    for doc in &article.docs {
        check_interrupted()?;
        let doc_id = format!("{stem}_{:02}", doc.section);
        let path = format!("docs/{doc_id}.txt");
        staging.write(&path, |w| {
            std::io::Write::write_all(w, doc.text.as_bytes())?;
            Ok(doc.text.lines().count() as u64)
        })?;
        rows.push(MetadataRow {
            doc_id,
            province: &doc.province,
            path,
            title: &doc.title,
            section: format!("{:02}", doc.section),
            publisher: &article.publisher,
            published: &article.published,
            source: &article.source,
        });
    }
    staging.write("metadata.csv", |w| {
        let header = [
            "doc_id",
            "province",
            "path",
            "title",
            "section",
            "publisher",
            "published",
            "source",
        ];
        write_rows(
            w,
            crate::tables::format::TableStyle::default(),
            &header,
            &rows,
        )
    })?;
    staging.commit()?;
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../corpus/raw/000_d25812755243d715.txt");

    #[test]
    fn splits_seed_into_lead_and_eight_provinces() {
        let a = split_article(SEED).unwrap();
        let provinces: Vec<&str> = a.docs.iter().map(|d| d.province.as_str()).collect();
        assert_eq!(
            provinces,
            [
                "全国",
                "山西省",
                "辽宁省",
                "安徽省",
                "江西省",
                "河南省",
                "湖南省",
                "广西壮族自治区",
                "云南省"
            ]
        );
        assert_eq!(a.published, "2024-04-04");
        assert_eq!(a.publisher, "环境保护");
        assert_eq!(a.source, "生态环境部");
        assert!(a.docs[0].text.starts_with("中央生态环境保护督察是"));
        assert!(!a.docs[0].text.contains("01山西"));
        assert!(a.docs[8].text.trim_end().ends_with('。'));
    }

    #[test]
    fn furniture_is_dropped_and_reported() {
        let a = split_article(SEED).unwrap();
        let all: String = a.docs.iter().map(|d| d.text.as_str()).collect();
        for furniture in [
            "查看原文",
            "一键订阅",
            "近期要闻",
            "继续滑动看下一个",
            "点此查看未经处理的缓存",
            "转载请注明",
        ] {
            assert!(
                !all.contains(furniture),
                "{furniture} leaked into a document"
            );
            assert!(
                a.dropped.iter().any(|d| d.text.contains(furniture)),
                "{furniture} not reported"
            );
        }
    }

    #[test]
    fn heading_parsing() {
        assert_eq!(
            section_heading("07广西壮族自治区公开第二轮中央生态环境保护督察整改落实情况")
                .map(|h| h.0),
            Some(7)
        );
        assert_eq!(
            section_heading("2021年4月6日至5月6日,中央第二生态环境保护督察组"),
            None
        );
        assert_eq!(province_of("广西壮族自治区公开第二轮"), "广西壮族自治区");
        assert_eq!(province_of("北京市生态环境局报告"), "北京市");
    }
}
