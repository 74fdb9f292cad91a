//! Word documents (`.docx`): the body of `word/document.xml` only, read with zip + quick-xml.
//! Paragraphs become lines; a table becomes one line per row with its cells joined by a tab.
//! Footnotes, endnotes, headers and footers live in other parts of the package and are left
//! out; so are deleted text of tracked changes and field codes (only `w:t` is read).

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use quick_xml::events::Event;

use super::Extracted;

pub fn extract(path: &Path, bytes: &[u8]) -> Result<Extracted> {
    let shown = path.display();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| anyhow::anyhow!("{shown}: not a readable DOCX (zip archive): {e}"))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| anyhow::anyhow!("{shown}: not a DOCX (no word/document.xml): {e}"))?
        .read_to_string(&mut xml)
        .map_err(|e| anyhow::anyhow!("{shown}: cannot read word/document.xml: {e}"))?;
    let text = body_text(&xml).with_context(|| format!("{shown}: word/document.xml"))?;
    Ok(Extracted {
        title: None,
        text,
        encoding: "UTF-8",
    })
}

/// Where the text of the current paragraph goes.
#[derive(Default)]
struct Body {
    out: String,
    para: String,
    /// Cells of the open table rows, innermost last.
    rows: Vec<Vec<String>>,
    /// Inside `w:t` (the only element whose text is document text).
    in_text: bool,
}

impl Body {
    fn end_paragraph(&mut self) {
        let para = std::mem::take(&mut self.para);
        let para = para.trim();
        match self.rows.last_mut().and_then(|r| r.last_mut()) {
            // Paragraphs inside one cell are joined by a space.
            Some(cell) => {
                if !cell.is_empty() && !para.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(para);
            }
            None if !para.is_empty() => {
                self.out.push_str(para);
                self.out.push('\n');
            }
            None => {}
        }
    }

    fn end_row(&mut self) {
        let cells = self.rows.pop().unwrap_or_default();
        let line = cells.join("\t");
        match self.rows.last_mut().and_then(|r| r.last_mut()) {
            // A row of a nested table continues the outer cell.
            Some(cell) => {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(line.trim());
            }
            None if !line.trim().is_empty() => {
                self.out.push_str(line.trim_end());
                self.out.push('\n');
            }
            None => {}
        }
    }
}

fn body_text(xml: &str) -> Result<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut body = Body::default();
    loop {
        let pos = reader.buffer_position();
        match reader
            .read_event()
            .with_context(|| format!("malformed XML at byte offset {pos}"))?
        {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => body.in_text = true,
                "tr" => body.rows.push(Vec::new()),
                "tc" => body.rows.last_mut().map_or((), |r| r.push(String::new())),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => body.para.push('\t'),
                "br" | "cr" => body.para.push('\n'),
                "p" => body.end_paragraph(),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => body.in_text = false,
                "p" => body.end_paragraph(),
                "tr" => body.end_row(),
                _ => {}
            },
            Event::Text(t) if body.in_text => body.para.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if body.in_text => push_ref(&mut body.para, &r)?,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(body.out)
}

fn push_ref(out: &mut String, r: &quick_xml::events::BytesRef<'_>) -> Result<()> {
    if let Some(c) = r.resolve_char_ref()? {
        out.push(c);
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r.xml10_content()) {
        out.push_str(s);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_table_rows() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">到2025年，</w:t></w:r><w:r><w:t>森林覆盖率达到25%&amp;以上。</w:t></w:r>
<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:delText>删掉的</w:delText></w:r></w:p>
<w:p/>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2025年</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>PM2.5浓度</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>35</w:t></w:r></w:p><w:p><w:r><w:t>微克/立方米</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>二、主要任务</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(
            body_text(xml).unwrap(),
            "一、总体要求\n到2025年，森林覆盖率达到25%&以上。\n指标\t2025年\nPM2.5浓度\t35 微克/立方米\n二、主要任务\n"
        );
    }
}
