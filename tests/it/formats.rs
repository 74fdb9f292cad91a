//! HTML, DOCX and PDF inputs. Every fixture is made here: a provincial-government web page
//! in GBK, a DOCX with a table (zip + hand-written WordprocessingML), PDFs with a Chinese text
//! layer (lopdf, a Type0 font with a ToUnicode map, wrapped lines, running header and page
//! numbers) and an image-only "scan". The bundled corpus converted to each format must give
//! the same tables as its .txt files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use lopdf::content::{Content, Operation};
use lopdf::{Object, Stream, StringFormat, dictionary};

#[allow(unused_imports)]
use crate::util::*;

// ---------------------------------------------------------------- fixture writers

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A page in the layout of a provincial government site: navigation, a title block, an
/// info bar, the article in `div#zoom` (paragraphs indented with U+3000), a footer.
fn gov_page(title: &str, paras: &[&str], charset: &str) -> String {
    let mut body = String::new();
    for p in paras {
        body.push_str(&format!("<p style=\"text-indent:2em\">{}</p>\n", esc(p)));
    }
    format!(
        r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{t}_山西省人民政府门户网站</title>
<script type="text/javascript">var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav li {{ float: left; }}</style></head>
<body><div class="top"><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li>
<li><a href="/hd">互动交流</a></li></ul></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; 政务公开 &gt; 政策文件</div>
<div class="article"><div class="article-title"><h1>{t}</h1></div>
<div class="info">发布时间：2024-04-04 来源：山西省生态环境厅 【字体：大 中 小】</div>
<div id="zoom" class="TRS_Editor">
{body}</div>
<div class="share">分享到：微信 微博</div></div>
<div class="footer"><p>主办：山西省人民政府办公厅</p><p>晋ICP备05006009号 网站标识码1400000050</p></div>
</body></html>"#,
        t = esc(title)
    )
}

fn zip_file(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn w_para(text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr><w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(text)
    )
}

/// A DOCX (as Word saves one, trimmed): the body, a header, a footer and a footnote whose
/// text must not appear in the extraction.
fn docx(body_xml: &str) -> Vec<u8> {
    let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let ct = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    zip_file(&[
        ("[Content_Types].xml", ct.to_owned()),
        ("_rels/.rels", rels.to_owned()),
        (
            "word/document.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {w}><w:body>{body_xml}<w:sectPr/></w:body></w:document>"
            ),
        ),
        (
            "word/header1.xml",
            format!("<w:hdr {w}>{}</w:hdr>", w_para("页眉：山西省人民政府文件")),
        ),
        (
            "word/footer1.xml",
            format!("<w:ftr {w}>{}</w:ftr>", w_para("第1页")),
        ),
        (
            "word/footnotes.xml",
            format!(
                "<w:footnotes {w}><w:footnote w:id=\"1\">{}</w:footnote></w:footnotes>",
                w_para("脚注：数据来源于统计公报")
            ),
        ),
    ])
}

fn w_table(rows: &[&[&str]]) -> String {
    let mut xml = String::from("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
    for row in rows {
        xml.push_str("<w:tr>");
        for cell in *row {
            xml.push_str(&format!("<w:tc><w:tcPr/>{}</w:tc>", w_para(cell)));
        }
        xml.push_str("</w:tr>");
    }
    xml + "</w:tbl>"
}

/// Page geometry of the generated PDFs (A4, points).
const SIZE: f64 = 12.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 523.0;
const TOP: f64 = 770.0;
const BOTTOM: f64 = 80.0;
const LEADING: f64 = 20.0;

fn advance(c: char) -> f64 {
    if (c as u32) < 0x80 { SIZE / 2.0 } else { SIZE }
}

/// Lay paragraphs out as a typesetter would: each paragraph's first line indented by two
/// characters, lines wrapped where the next character would pass the right margin.
fn layout(paras: &[&str]) -> Vec<(f64, String)> {
    layout_units(paras, |p| p.chars().map(String::from).collect())
}

/// Lay paragraphs out left-aligned (ragged right), as a browser or Word does by default:
/// a run of ASCII letters and digits moves to the next line whole, and so does the
/// character before closing punctuation (，。、）…), which may not start a line.
fn layout_ragged(paras: &[&str]) -> Vec<(f64, String)> {
    layout_units(paras, |p| {
        let mut units: Vec<String> = Vec::new();
        for c in p.chars() {
            let glue = units.last().is_some_and(|u| {
                let last = u.chars().last().unwrap();
                "，。、；：？！）%".contains(c)
                    || (c.is_ascii_alphanumeric() || c == '.')
                        && (last.is_ascii_alphanumeric() || last == '.')
                    || last == '（'
            });
            match units.last_mut() {
                Some(u) if glue => u.push(c),
                _ => units.push(c.to_string()),
            }
        }
        units
    })
}

fn layout_units(paras: &[&str], units: impl Fn(&str) -> Vec<String>) -> Vec<(f64, String)> {
    let mut lines = Vec::new();
    for p in paras {
        let mut x = LEFT + 2.0 * SIZE;
        let mut line = (x, String::new());
        for unit in units(p) {
            let width: f64 = unit.chars().map(advance).sum();
            if x + width > RIGHT + 0.01 && !line.1.is_empty() {
                lines.push(std::mem::replace(&mut line, (LEFT, String::new())));
                x = LEFT;
            }
            line.1.push_str(&unit);
            x += width;
        }
        lines.push(line);
    }
    lines
}

/// Running heads and page numbers are set smaller than the text, as typesetters do.
const SMALL: f64 = 9.0;

fn show(x: f64, y: f64, text: &str) -> Vec<Operation> {
    show_sized(x, y, SIZE, text)
}

fn show_sized(x: f64, y: f64, size: f64, text: &str) -> Vec<Operation> {
    let hex: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), size.into()]),
        Operation::new("Td", vec![x.into(), y.into()]),
        Operation::new("Tj", vec![Object::String(hex, StringFormat::Hexadecimal)]),
        Operation::new("ET", vec![]),
    ]
}

/// A Type0 font (Identity-H, CID = UTF-16 code unit) with a ToUnicode map for `chars`.
/// The glyphs are not embedded: the text layer is what matters here.
fn cjk_font(doc: &mut lopdf::Document, chars: &std::collections::BTreeSet<char>) -> Object {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let list: Vec<char> = chars.iter().copied().collect();
    for chunk in list.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for c in chunk {
            cmap.push_str(&format!("<{:04X}> <{:04X}>\n", *c as u32, *c as u32));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
    let mut widths: Vec<Object> = Vec::new();
    for c in list.iter().filter(|c| (**c as u32) < 0x80) {
        widths.push((*c as i64).into());
        widths.push(vec![Object::from(500)].into());
    }
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "NotoSansCJKsc-Regular", "Flags" => 4,
        "FontBBox" => vec![0.into(), (-120).into(), 1000.into(), 880.into()],
        "ItalicAngle" => 0, "Ascent" => 880, "Descent" => -120, "CapHeight" => 733, "StemV" => 80,
    });
    let cid = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "NotoSansCJKsc-Regular",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "FontDescriptor" => descriptor, "DW" => 1000, "W" => widths,
    });
    doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "NotoSansCJKsc-Regular",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()], "ToUnicode" => to_unicode,
    })
    .into()
}

/// A PDF of `paras` with a text layer: wrapped lines, a running header and `- N -` footers.
fn text_pdf(header: &str, paras: &[&str]) -> Vec<u8> {
    lines_pdf(header, paras, layout(paras))
}

fn lines_pdf(header: &str, paras: &[&str], lines: Vec<(f64, String)>) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let per_page = ((TOP - BOTTOM) / LEADING) as usize + 1;
    let mut chars: std::collections::BTreeSet<char> = header.chars().collect();
    chars.extend(paras.iter().flat_map(|p| p.chars()));
    chars.extend("- 0123456789".chars());
    let font = cjk_font(&mut doc, &chars);
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let pages: Vec<Vec<Operation>> = lines
        .chunks(per_page)
        .enumerate()
        .map(|(n, chunk)| {
            let mut ops = show_sized(LEFT + 8.0 * SIZE, 800.0, SMALL, header);
            for (i, (x, text)) in chunk.iter().enumerate() {
                ops.extend(show(*x, TOP - i as f64 * LEADING, text));
            }
            ops.extend(show_sized(280.0, 40.0, SMALL, &format!("- {} -", n + 1)));
            ops
        })
        .collect();
    save_pdf(doc, pages, resources.into())
}

/// A "scan": one page holding only an image.
fn image_pdf() -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pixels: Vec<u8> = (0..64u32 * 64).map(|i| (i * 37 % 251) as u8).collect();
    let image = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 64, "Height" => 64,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        pixels,
    ));
    let resources = doc.add_object(dictionary! { "XObject" => dictionary! { "Im1" => image } });
    let ops = vec![
        Operation::new("q", vec![]),
        Operation::new(
            "cm",
            vec![
                451.into(),
                0.into(),
                0.into(),
                690.into(),
                72.into(),
                80.into(),
            ],
        ),
        Operation::new("Do", vec!["Im1".into()]),
        Operation::new("Q", vec![]),
    ];
    save_pdf(doc, vec![ops], resources.into())
}

fn save_pdf(mut doc: lopdf::Document, pages: Vec<Vec<Operation>>, resources: Object) -> Vec<u8> {
    let pages_id = doc.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for operations in pages {
        let content = Content { operations }.encode().unwrap();
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => resources.clone(),
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(page.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.compress();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

// ---------------------------------------------------------------- running the binary

fn extract(path: &Path) -> Output {
    bin().arg("extract").arg(path).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const PARAS: [&str; 5] = [
    "一、总体要求",
    "到2025年，全省森林覆盖率达到25%以上，PM2.5平均浓度比2020年下降10%，地表水国考断面水质优良比例达到80.3%，城市黑臭水体基本消除，土壤安全利用水平巩固提升。",
    "二、主要任务",
    "（一）深入打好蓝天保卫战。实施重点行业超低排放改造，完成钢铁企业超低排放改造1200万吨；推进散煤治理，新增清洁取暖改造30万户。",
    "（二）深入打好碧水保卫战。",
];

#[test]
fn gbk_government_page_gives_the_article_only() {
    let dir = tempfile::tempdir().unwrap();
    let page = gov_page(
        "山西省人民政府关于印发生态环境保护规划的通知",
        &PARAS,
        "gb2312",
    );
    let path = dir.path().join("notice.htm");
    std::fs::write(&path, encoding_rs::GBK.encode(&page).0).unwrap();
    let o = bin()
        .args(["extract", "--verbose"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let want: String = PARAS.iter().map(|p| format!("{p}\n")).collect();
    // normalize folds full-width ASCII ("，" stays, "（" stays: only U+FF01..FF5E ASCII forms fold).
    let got = stdout(&o);
    assert_eq!(got.lines().count(), PARAS.len(), "{got}");
    for (line, want) in got.lines().zip(want.lines()) {
        assert_eq!(line, fold(want));
    }
    let err = stderr(&o);
    assert!(err.contains("format html, encoding gb18030"), "{err}");
    assert!(
        err.contains("title 山西省人民政府关于印发生态环境保护规划的通知_山西省人民政府门户网站"),
        "{err}"
    );
    for noise in ["首页", "发布时间", "主办", "统计代码", "分享到"] {
        assert!(!got.contains(noise), "{noise} leaked into {got}");
    }
}

/// What `normalize` does to full-width ASCII, so expectations can be written as published.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap(),
            _ => c,
        })
        .collect()
}

#[test]
fn docx_paragraphs_and_table_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut body: String = PARAS[..2].iter().map(|p| w_para(p)).collect();
    body.push_str(&w_table(&[
        &["指标", "2020年", "2025年目标"],
        &["森林覆盖率", "23.18%", "25%"],
        &["PM2.5浓度", "44微克/立方米", "39微克/立方米"],
    ]));
    body.push_str(&w_para(PARAS[2]));
    let path = dir.path().join("规划.docx");
    std::fs::write(&path, docx(&body)).unwrap();
    let o = extract(&path);
    assert!(o.status.success(), "{}", stderr(&o));
    let want = format!(
        "{}\n{}\n指标 2020年 2025年目标\n森林覆盖率 23.18% 25%\nPM2.5浓度 44微克/立方米 39微克/立方米\n{}\n",
        PARAS[0],
        fold(PARAS[1]),
        PARAS[2]
    );
    // Cells are joined by a tab; normalize turns the tab into one space.
    assert_eq!(stdout(&o), want);
    for hidden in ["页眉", "脚注", "第1页"] {
        assert!(!stdout(&o).contains(hidden), "{hidden}");
    }
}

#[test]
fn pdf_text_layer_is_rejoined_without_headers_and_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    // Enough text for three pages, so the header and page numbers repeat.
    let long: Vec<String> = (0..24)
        .map(|i| format!("（{}）{}", i + 1, PARAS[1].repeat(2)))
        .collect();
    let mut paras: Vec<&str> = PARAS.to_vec();
    paras.extend(long.iter().map(String::as_str));
    let bytes = text_pdf("山西省人民政府公报", &paras);
    let path = dir.path().join("公报.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let o = extract(&path);
    assert!(o.status.success(), "{}", stderr(&o));
    let got = stdout(&o);
    let want: String = paras.iter().map(|p| format!("{}\n", fold(p))).collect();
    assert_eq!(got, want);
    assert!(layout(&paras).len() > 2 * (((TOP - BOTTOM) / LEADING) as usize + 1));
}

/// Left-aligned text wraps short of the right margin (a number moved down whole, a
/// character kept with the comma after it); its lines are rejoined all the same, and a
/// short paragraph end or a heading is not run on.
#[test]
fn ragged_right_pdf_is_rejoined() {
    let dir = tempfile::tempdir().unwrap();
    let long: Vec<String> = (0..12)
        .map(|i| {
            format!(
                "（{}）推进第{}批项目建设，完成投资{}.{}亿元、增长{}.{}%，PM2.5浓度下降{}%。{}",
                i + 1,
                i + 2,
                1234 + i * 7919 % 5000,
                i,
                i % 9 + 1,
                i * 3 % 10,
                i + 3,
                PARAS[3].repeat(i % 3 + 1)
            )
        })
        .collect();
    let mut paras: Vec<&str> = PARAS.to_vec();
    paras.extend(long.iter().map(String::as_str));
    let lines = layout_ragged(&paras);
    // The fixture is really ragged: some wrapped lines end more than one character short.
    let short = lines
        .windows(2)
        .filter(|w| w[1].0 == LEFT)
        .filter(|w| {
            let width: f64 = w[0].1.chars().map(advance).sum();
            w[0].0 + width < RIGHT - 1.01 * SIZE
        })
        .count();
    assert!(short >= 3, "{short} short wrapped lines");
    let path = dir.path().join("ragged.pdf");
    std::fs::write(&path, lines_pdf("山西省人民政府公报", &paras, lines)).unwrap();
    let o = extract(&path);
    assert!(o.status.success(), "{}", stderr(&o));
    let want: String = paras.iter().map(|p| format!("{}\n", fold(p))).collect();
    assert_eq!(stdout(&o), want);
}

fn assert_one_line_error(o: &Output, file: &str, what: &str, out: &Path) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(file) && err.contains(what), "{err}");
    // The output folder may be made (and locked) up front; no file may land in it.
    let written: Vec<_> = std::fs::read_dir(out)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(written.is_empty(), "{} holds {written:?}", out.display());
}

fn run_on(corpus: &Path, out: &Path) -> Output {
    bin()
        .args(["run", "-q", "--corpus"])
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn scanned_pdf_truncated_docx_and_empty_html_are_one_line_errors() {
    let full_docx = docx(&w_para(PARAS[1]));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "scan.pdf",
            image_pdf(),
            "no text layer (scanned?); run OCR first",
        ),
        (
            "broken.docx",
            full_docx[..full_docx.len() / 2].to_vec(),
            "not a readable DOCX",
        ),
        (
            // A page whose article is filled in by script: nothing for a reader without it.
            "empty.html",
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>山西省人民政府</title>\
             <style>#app { min-height: 100% }</style></head><body><div id=\"app\"></div>\
             <script>fetch('/api/article/123').then(r => r.json()).then(render);</script>\
             <noscript>请启用JavaScript</noscript></body></html>"
                .as_bytes()
                .to_vec(),
            "HTML file has no text",
        ),
    ];
    for (name, bytes, what) in cases {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        std::fs::write(corpus.join("山西.txt"), PARAS[1]).unwrap();
        std::fs::write(corpus.join(name), &bytes).unwrap();
        let out = dir.path().join("out");
        assert_one_line_error(&run_on(&corpus, &out), name, what, &out);
        if let Ok(keep) = std::env::var("KEEP_FORMAT_FIXTURES") {
            std::fs::copy(corpus.join(name), Path::new(&keep).join(name)).unwrap();
        }
        let o = extract(&corpus.join(name));
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).contains(what), "{}", stderr(&o));
    }
}

// ---------------------------------------------------------------- the corpus in every format

/// The bundled corpus written as `ext` files, with a metadata.csv that points at them.
fn convert_corpus(dir: &Path, ext: &str) -> PathBuf {
    let corpus = dir.join(ext);
    std::fs::create_dir_all(corpus.join("docs")).unwrap();
    let meta = std::fs::read_to_string(repo().join("corpus/metadata.csv")).unwrap();
    std::fs::write(
        corpus.join("metadata.csv"),
        meta.replace(".txt,", &format!(".{ext},")),
    )
    .unwrap();
    for entry in std::fs::read_dir(repo().join("corpus/docs")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let paras: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let bytes = match ext {
            "html" => gov_page(&stem, &paras, "utf-8").into_bytes(),
            "docx" => docx(&paras.iter().map(|p| w_para(p)).collect::<String>()),
            "pdf" => text_pdf("山西省人民政府公报", &paras),
            _ => unreachable!(),
        };
        std::fs::write(corpus.join("docs").join(format!("{stem}.{ext}")), bytes).unwrap();
    }
    corpus
}

/// Rows of `table` in `a` that are not in `b` and the other way round, and the row count.
fn row_diff(a: &Path, b: &Path, table: &str) -> (Vec<String>, usize) {
    let read = |dir: &Path| -> Vec<String> {
        std::fs::read_to_string(dir.join(table))
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    };
    let (x, y) = (read(a), read(b));
    let mut diff: Vec<String> = x
        .iter()
        .filter(|r| !y.contains(r))
        .map(|r| format!("- {r}"))
        .collect();
    diff.extend(
        y.iter()
            .filter(|r| !x.contains(r))
            .map(|r| format!("+ {r}")),
    );
    (diff, x.len().max(y.len()))
}

#[test]
fn bundled_corpus_as_html_docx_and_pdf_gives_the_txt_tables() {
    let dir = tempfile::tempdir().unwrap();
    let dir = match std::env::var("KEEP_FORMAT_FIXTURES") {
        Ok(keep) => PathBuf::from(keep),
        Err(_) => dir.path().to_owned(),
    };
    let dir = dir.as_path();
    let txt_out = dir.join("out-txt");
    let o = run_on(&repo().join("corpus"), &txt_out);
    assert!(o.status.success(), "{}", stderr(&o));
    for ext in ["html", "docx", "pdf"] {
        let corpus = convert_corpus(dir, ext);
        let out = dir.join(format!("out-{ext}"));
        let o = run_on(&corpus, &out);
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
        for table in ["term_frequency.csv", "measures.csv", "metrics.csv"] {
            let (diff, rows) = row_diff(&txt_out, &out, table);
            eprintln!("{ext} {table}: {} of {rows} rows differ", diff.len());
            for d in diff.iter().take(10) {
                eprintln!("  {d}");
            }
            assert!(diff.is_empty(), "{ext} {table} differs from the .txt run");
        }
        // The manifest records the file's format and both hashes, and verify checks both.
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap())
                .unwrap();
        let input = &manifest["inputs"][0];
        assert_eq!(input["format"], ext);
        assert_eq!(input["text_sha256"].as_str().unwrap().len(), 64);
        assert_ne!(input["text_sha256"], input["sha256"]);
        let v = bin().arg("verify").arg(&out).output().unwrap();
        assert!(v.status.success(), "{}", stdout(&v));
        assert!(
            stdout(&v).contains(&format!("ok       text       docs/")),
            "{}",
            stdout(&v)
        );
    }
}

#[test]
fn folder_mode_kwic_segment_and_split_read_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let page = gov_page("山西省整改通知", &PARAS, "gbk");
    std::fs::write(corpus.join("山西.HTM"), encoding_rs::GBK.encode(&page).0).unwrap();
    std::fs::write(corpus.join("辽宁.docx"), docx(&w_para(PARAS[3]))).unwrap();
    std::fs::write(corpus.join("云南.pdf"), text_pdf("云南日报", &PARAS[1..4])).unwrap();
    std::fs::write(corpus.join("notes.md"), "不是文档").unwrap();
    let o = bin()
        .args(["kwic", "--csv", "改造", "--corpus"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let provinces: Vec<String> = stdout(&o)
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    assert_eq!(provinces, ["云南", "山西", "辽宁"], "{}", stdout(&o));
    let o = bin()
        .arg("segment")
        .arg(corpus.join("辽宁.docx"))
        .output()
        .unwrap();
    assert!(stdout(&o).contains("超低排放改造/"), "{}", stdout(&o));
    let out = dir.path().join("out");
    assert!(run_on(&corpus, &out).status.success());
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let formats: Vec<(&str, &str)> = manifest["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["format"].as_str().unwrap(),
                i["title"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        formats,
        [
            ("pdf", ""),
            ("html", "山西省整改通知_山西省人民政府门户网站"),
            ("docx", ""),
        ]
    );
    // verify re-extracts: a PDF with the same text but another header still verifies its
    // text, while its file hash changes.
    std::fs::write(
        corpus.join("云南.pdf"),
        text_pdf("云南省政府公报", &PARAS[1..4]),
    )
    .unwrap();
    let v = bin().arg("verify").arg(&out).output().unwrap();
    let report = stdout(&v);
    assert_eq!(v.status.code(), Some(1));
    assert!(report.contains("CHANGED  input      云南.pdf"), "{report}");
    assert!(
        report.contains("ok       text       云南.pdf (pdf)"),
        "{report}"
    );
    // split reads a compiled article from a DOCX as well.
    let article =
        std::fs::read_to_string(repo().join("corpus/raw/000_d25812755243d715.txt")).unwrap();
    let paras: Vec<&str> = article.lines().filter(|l| !l.trim().is_empty()).collect();
    let art = dir.path().join("article.docx");
    std::fs::write(
        &art,
        docx(&paras.iter().map(|p| w_para(p)).collect::<String>()),
    )
    .unwrap();
    let o = bin()
        .arg("split")
        .arg(&art)
        .arg("--out")
        .arg(dir.path().join("split"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_dir(dir.path().join("split/docs"))
            .unwrap()
            .count(),
        9
    );
}

/// A real PDF writer: headless Chromium prints each bundled document (as HTML with justified
/// and with left-aligned indented paragraphs in Noto CJK) and the extracted text must equal the .txt. Skipped, with a
/// message, where Chromium is not installed (`.ci/run` installs it with fonts-noto-cjk).
#[test]
fn chromium_printed_pdfs_extract_to_the_txt() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        eprintln!("SKIPPED: no chromium to print PDFs with");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut changed, mut total) = (0, 0);
    let docs = std::fs::read_dir(repo().join("corpus/docs")).unwrap();
    let docs: Vec<PathBuf> = docs.map(|e| e.unwrap().path()).collect();
    // Justified, and left-aligned (ragged right: the browser's and Word's default).
    for (txt, align) in docs.iter().flat_map(|d| [(d, "justify"), (d, "left")]) {
        let text = std::fs::read_to_string(&txt).unwrap();
        let body: String = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("<p>{}</p>\n", esc(l)))
            .collect();
        let html = dir.path().join("doc.html");
        std::fs::write(&html, format!(
            "<html><head><meta charset=\"utf-8\"><style>body {{ font-family: 'Noto Serif CJK SC', serif; font-size: 16pt; text-align: {align} }} p {{ text-indent: 2em; margin: 0 }}</style></head><body>{body}</body></html>"
        )).unwrap();
        let pdf = dir.path().join("doc.pdf");
        let status = std::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display()))
            .output()
            .unwrap();
        assert!(pdf.exists(), "{}", String::from_utf8_lossy(&status.stderr));
        let got = extract(&pdf);
        let want = extract(&txt);
        assert!(got.status.success(), "{}", stderr(&got));
        let (got, want) = (stdout(&got), stdout(&want));
        // Same paragraphs, same lengths; a character may differ where the font shares one
        // glyph between two code points and the PDF's ToUnicode names the other (户/戶).
        assert_eq!(
            got.lines().count(),
            want.lines().count(),
            "{} ({align})",
            txt.display()
        );
        for (g, w) in got.lines().zip(want.lines()) {
            assert_eq!(
                g.chars().count(),
                w.chars().count(),
                "{} ({align}): {g}",
                txt.display()
            );
            for (a, b) in g.chars().zip(w.chars()).filter(|(a, b)| a != b) {
                eprintln!("{}: PDF text has {a} where the .txt has {b}", txt.display());
                changed += 1;
            }
        }
        total += want.chars().count();
        std::fs::remove_file(&pdf).unwrap();
    }
    eprintln!("{changed} of {total} characters differ");
    assert!(
        changed * 1000 <= total,
        "{changed} of {total} characters differ"
    );
}
