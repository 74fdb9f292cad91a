//! `report.html`: one self-contained page (inline SVG and CSS, no script) that shows the
//! run's main tables as charts: measure-type mix, top terms, keyness heat-map, headline
//! metrics linked to their sentences, and the manifest summary.

use std::fmt::Write as _;

use crate::nlp::tag::MeasureDict;
use crate::provenance::manifest::{DictEntry, InputEntry, ToolInfo};
use crate::stats::aggregate::GroupAcc;
use crate::stats::headlines::Headline;
use crate::stats::keyness::KeynessRow;
use crate::tables::rows::TermRow;

pub const REPORT: &str = "report.html";

pub struct ReportInput<'a> {
    pub provinces: &'a [String],
    pub accs: &'a [GroupAcc],
    pub dict: &'a MeasureDict,
    pub terms: &'a [TermRow<'a>],
    pub keyness: &'a [KeynessRow<'a>],
    pub headlines: &'a [Vec<Headline>],
    pub tool: &'a ToolInfo,
    pub inputs: &'a [InputEntry],
    pub dictionaries: &'a [DictEntry],
}

const PALETTE: [&str; 8] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f",
];
const FONT: &str = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", \"Hiragino Sans GB\", sans-serif";

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn anchor(doc_id: &str, sentence_id: u32) -> String {
    let safe: String = doc_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("s-{safe}-{sentence_id}")
}

/// Stacked bars: each province's coded type assignments as shares of 100%.
fn measure_mix_chart(inp: &ReportInput) -> String {
    let types = &inp.dict.types;
    let (label_w, plot_w, bar_h, gap, top) = (150.0, 560.0, 22.0, 8.0, 40.0);
    let height = top + inp.provinces.len() as f64 * (bar_h + gap) + 90.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-labelledby="mix-title" viewBox="0 0 760 {height}" width="760" height="{height}" xmlns="http://www.w3.org/2000/svg">
<title id="mix-title">Measure-type mix per province</title>
<text x="380" y="20" text-anchor="middle" class="chart-title">Measure-type mix per province (share of coded type assignments)</text>
"#
    );
    for (p, (province, acc)) in inp.provinces.iter().zip(inp.accs).enumerate() {
        let y = top + p as f64 * (bar_h + gap);
        let counts: Vec<u64> = (0..types.len())
            .map(|i| acc.measures.type_sentences.get(i).copied().unwrap_or(0))
            .collect();
        let total: u64 = counts.iter().sum();
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="label">{}</text>"#,
            label_w - 8.0,
            y + bar_h * 0.7,
            esc(province)
        );
        let mut x = label_w;
        for (i, n) in counts.iter().enumerate() {
            if total == 0 || *n == 0 {
                continue;
            }
            let w = plot_w * *n as f64 / total as f64;
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{bar_h}" fill="{}"><title>{} {}: {} sentences ({:.1}%)</title></rect>"#,
                PALETTE[i % PALETTE.len()],
                esc(province),
                esc(&types[i].name),
                n,
                100.0 * *n as f64 / total as f64
            );
            x += w;
        }
        if total == 0 {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" class="note">no coded sentences</text>"#,
                label_w + 4.0,
                y + bar_h * 0.7
            );
        }
    }
    let axis_y = top + inp.provinces.len() as f64 * (bar_h + gap);
    let _ = write!(
        svg,
        r#"<line x1="{label_w}" y1="{axis_y}" x2="{}" y2="{axis_y}" class="axis"/>"#,
        label_w + plot_w
    );
    for t in 0..=4 {
        let x = label_w + plot_w * t as f64 / 4.0;
        let _ = write!(
            svg,
            r#"<line x1="{x}" y1="{axis_y}" x2="{x}" y2="{}" class="axis"/><text x="{x}" y="{}" text-anchor="middle" class="tick">{}%</text>"#,
            axis_y + 5.0,
            axis_y + 18.0,
            t * 25
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle" class="axis-label">share of coded type assignments (%)</text>"#,
        label_w + plot_w / 2.0,
        axis_y + 36.0
    );
    let _ = write!(
        svg,
        r#"<text x="12" y="{}" transform="rotate(-90 12 {})" text-anchor="middle" class="axis-label">province</text>"#,
        top + (axis_y - top) / 2.0,
        top + (axis_y - top) / 2.0
    );
    let legend_y = axis_y + 52.0;
    for (i, t) in types.iter().enumerate() {
        let x = 20.0 + (i % 4) as f64 * 185.0;
        let y = legend_y + (i / 4) as f64 * 18.0;
        let _ = write!(
            svg,
            r#"<g class="legend"><rect x="{x}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{}" class="legend-text">{} {}</text></g>"#,
            y - 10.0,
            PALETTE[i % PALETTE.len()],
            x + 16.0,
            y,
            esc(&t.name),
            esc(&t.label)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// One small horizontal bar chart of a province's top terms.
fn top_terms_chart(province: &str, terms: &[&TermRow], id: usize) -> String {
    let (label_w, plot_w, bar_h, top) = (150.0, 190.0, 14.0, 30.0);
    let height = top + terms.len().max(1) as f64 * (bar_h + 3.0) + 58.0;
    let max = terms.iter().map(|t| t.count).max().unwrap_or(1).max(1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart small" role="img" aria-labelledby="terms-{id}" viewBox="0 0 380 {height}" width="380" height="{height}" xmlns="http://www.w3.org/2000/svg">
<title id="terms-{id}">Top terms: {p}</title>
<text x="190" y="18" text-anchor="middle" class="chart-title">{p}: top {n} terms</text>
"#,
        p = esc(province),
        n = terms.len()
    );
    for (i, t) in terms.iter().enumerate() {
        let y = top + i as f64 * (bar_h + 3.0);
        let w = plot_w * t.count as f64 / max;
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="label small-label">{}</text><rect x="{label_w}" y="{y}" width="{w:.1}" height="{bar_h}" fill="{}"><title>{}: {}</title></rect><text x="{}" y="{}" class="tick">{}</text>"#,
            label_w - 4.0,
            y + bar_h * 0.8,
            esc(t.term),
            PALETTE[0],
            esc(t.term),
            t.count,
            label_w + w + 3.0,
            y + bar_h * 0.8,
            t.count
        );
    }
    let axis_y = top + terms.len().max(1) as f64 * (bar_h + 3.0);
    let _ = write!(
        svg,
        r#"<line x1="{label_w}" y1="{axis_y}" x2="{}" y2="{axis_y}" class="axis"/><text x="{label_w}" y="{}" text-anchor="middle" class="tick">0</text><text x="{}" y="{}" text-anchor="middle" class="tick">{}</text>"#,
        label_w + plot_w,
        axis_y + 12.0,
        label_w + plot_w,
        axis_y + 12.0,
        max as u64
    );
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle" class="axis-label">count (y: term)</text>"#,
        label_w + plot_w / 2.0,
        axis_y + 28.0
    );
    let _ = write!(
        svg,
        r#"<g class="legend"><rect x="{label_w}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" class="legend-text">occurrences of the content term</text></g>"#,
        axis_y + 36.0,
        PALETTE[0],
        label_w + 14.0,
        axis_y + 45.0
    );
    svg.push_str("</svg>\n");
    svg
}

/// Diverging colour for a log ratio, clamped to ±4.
fn heat_colour(lr: f64) -> String {
    let t = (lr / 4.0).clamp(-1.0, 1.0);
    let (r, g, b) = if t >= 0.0 {
        (255.0, 255.0 * (1.0 - t * 0.75), 255.0 * (1.0 - t * 0.85))
    } else {
        (255.0 * (1.0 + t * 0.85), 255.0 * (1.0 + t * 0.6), 255.0)
    };
    format!("rgb({:.0},{:.0},{:.0})", r, g, b)
}

/// Rows: the three most distinctive over-used terms of each province; columns: provinces.
fn keyness_heatmap(inp: &ReportInput) -> String {
    let mut terms: Vec<&str> = Vec::new();
    for province in inp.provinces {
        for r in inp
            .keyness
            .iter()
            .filter(|r| r.province == province && r.direction == "over")
            .take(3)
        {
            if !terms.contains(&r.term) {
                terms.push(r.term);
            }
        }
    }
    let (label_w, cell_w, cell_h, top) = (130.0, 68.0, 20.0, 110.0);
    let width = label_w + cell_w * inp.provinces.len() as f64 + 20.0;
    let height = top + terms.len() as f64 * cell_h + 70.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-labelledby="heat-title" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">
<title id="heat-title">Keyness heat-map</title>
<text x="{}" y="20" text-anchor="middle" class="chart-title">Keyness: log ratio of each province against the rest (top 3 terms per province)</text>
"#,
        width / 2.0
    );
    for (j, province) in inp.provinces.iter().enumerate() {
        let x = label_w + j as f64 * cell_w + cell_w / 2.0;
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{}" text-anchor="start" transform="rotate(-40 {x} {})" class="label">{}</text>"#,
            top - 8.0,
            top - 8.0,
            esc(province)
        );
    }
    for (i, term) in terms.iter().enumerate() {
        let y = top + i as f64 * cell_h;
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="label">{}</text>"#,
            label_w - 6.0,
            y + cell_h * 0.7,
            esc(term)
        );
        for (j, province) in inp.provinces.iter().enumerate() {
            let row = inp
                .keyness
                .iter()
                .find(|r| r.province == province && r.term == *term);
            let (lr, g2, a) = row.map_or((0.0, 0.0, 0), |r| (r.log_ratio, r.g2, r.count_target));
            let x = label_w + j as f64 * cell_w;
            let _ = write!(
                svg,
                r#"<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{}" stroke="white"><title>{} · {}: log ratio {lr:.2}, G² {g2:.1}, count {a}</title></rect><text x="{}" y="{}" text-anchor="middle" class="cell">{lr:.1}</text>"#,
                heat_colour(lr),
                esc(province),
                esc(term),
                x + cell_w / 2.0,
                y + cell_h * 0.7
            );
        }
    }
    let axis_y = top + terms.len() as f64 * cell_h;
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle" class="axis-label">province (columns) × term (rows)</text>"#,
        label_w + cell_w * inp.provinces.len() as f64 / 2.0,
        axis_y + 20.0
    );
    let legend_y = axis_y + 34.0;
    let _ = write!(
        svg,
        r#"<text x="{label_w}" y="{}" class="legend-text">log ratio:</text>"#,
        legend_y + 12.0
    );
    for k in 0..9 {
        let lr = -4.0 + k as f64;
        let x = label_w + 70.0 + k as f64 * 34.0;
        let _ = write!(
            svg,
            r#"<g class="legend"><rect x="{x}" y="{legend_y}" width="34" height="14" fill="{}"/><text x="{}" y="{}" text-anchor="middle" class="tick">{lr:+.0}</text></g>"#,
            heat_colour(lr),
            x + 17.0,
            legend_y + 26.0
        );
    }
    svg.push_str("</svg>\n");
    svg
}

pub fn render(inp: &ReportInput) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>policy-mine report</title>
<style>
body {{ font-family: {FONT}; margin: 2em auto; max-width: 1100px; color: #222; line-height: 1.5; }}
svg text {{ font-family: {FONT}; }}
h1, h2, h3 {{ font-weight: 600; }}
.chart-title {{ font-size: 15px; font-weight: 600; }}
.label {{ font-size: 12px; }} .small-label {{ font-size: 11px; }}
.tick, .cell {{ font-size: 10px; fill: #333; }} .axis {{ stroke: #555; }}
.axis-label {{ font-size: 12px; fill: #333; }} .legend-text {{ font-size: 11px; }} .note {{ font-size: 11px; fill: #777; }}
.grid {{ display: flex; flex-wrap: wrap; gap: 8px; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 13px; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }}
.sentences li:target {{ background: #fff3c4; }}
code {{ font-size: 12px; }}
</style>
</head>
<body>
<h1>policy-mine report</h1>
<p>{} provinces, {} documents; policy-mine {} (jieba-rs {}).</p>
<h2 id="mix">Measure-type mix</h2>
"#,
        inp.provinces.len(),
        inp.inputs.len(),
        esc(&inp.tool.version),
        esc(&inp.tool.jieba_rs)
    );
    html.push_str(&measure_mix_chart(inp));
    html.push_str("<h2 id=\"terms\">Top 15 terms per province</h2>\n<div class=\"grid\">\n");
    for (i, province) in inp.provinces.iter().enumerate() {
        let top: Vec<&TermRow> = inp
            .terms
            .iter()
            .filter(|t| t.province == province)
            .take(15)
            .collect();
        html.push_str(&top_terms_chart(province, &top, i));
    }
    html.push_str("</div>\n<h2 id=\"keyness\">Keyness</h2>\n");
    html.push_str(&keyness_heatmap(inp));
    html.push_str("<h2 id=\"metrics\">Headline metrics</h2>\n");
    let mut sentences = Vec::new();
    for (province, rows) in inp.provinces.iter().zip(inp.headlines) {
        let _ = writeln!(html, "<h3>{}</h3>", esc(province));
        if rows.is_empty() {
            html.push_str("<p>No metrics.</p>\n");
            continue;
        }
        html.push_str("<table><tr><th>indicator</th><th>value</th><th>unit</th><th>change</th><th>sentence</th></tr>\n");
        for m in rows {
            let change = match (m.kind.as_str(), m.direction.as_str()) {
                ("change", "up") => "▲ up",
                ("change", "down") => "▼ down",
                ("change", _) => "change",
                (_, "down") => "level (down to)",
                (_, "up") => "level (up to)",
                (kind, _) => kind,
            };
            let id = anchor(&m.doc_id, m.sentence_id);
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href=\"#{id}\">{} #{}</a></td></tr>",
                esc(&m.indicator),
                esc(&m.value),
                esc(&m.unit),
                change,
                esc(&m.doc_id),
                m.sentence_id
            );
            if !sentences.iter().any(|(a, _): &(String, String)| *a == id) {
                sentences.push((
                    id,
                    format!("{} #{}: {}", m.doc_id, m.sentence_id, m.sentence),
                ));
            }
        }
        html.push_str("</table>\n");
    }
    html.push_str("<h3 id=\"sentences\">Sentences</h3>\n<ol class=\"sentences\">\n");
    for (id, text) in &sentences {
        let _ = writeln!(html, "<li id=\"{id}\">{}</li>", esc(text));
    }
    html.push_str("</ol>\n<h2 id=\"manifest\">Run</h2>\n");
    let total: u64 = inp.inputs.iter().map(|i| i.bytes).sum();
    let _ = writeln!(
        html,
        "<p>{} input documents, {} bytes. See <code>manifest.json</code> for every hash.</p>",
        inp.inputs.len(),
        total
    );
    html.push_str("<table><tr><th>doc_id</th><th>province</th><th>path</th><th>bytes</th><th>encoding</th><th>sha256</th></tr>\n");
    for i in inp.inputs.iter().take(50) {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}…</code></td></tr>",
            esc(&i.doc_id),
            esc(&i.province),
            esc(&i.path),
            i.bytes,
            esc(&i.encoding),
            &i.sha256[..12.min(i.sha256.len())]
        );
    }
    if inp.inputs.len() > 50 {
        let _ = writeln!(
            html,
            "<tr><td colspan=\"6\">… and {} more</td></tr>",
            inp.inputs.len() - 50
        );
    }
    html.push_str("</table>\n<table><tr><th>dictionary</th><th>source</th><th>entries</th><th>sha256</th></tr>\n");
    for d in inp.dictionaries {
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}…</code></td></tr>",
            esc(&d.name),
            esc(&d.source),
            d.entries,
            &d.sha256[..12.min(d.sha256.len())]
        );
    }
    html.push_str("</table>\n</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(anchor("000_d2_01", 7), "s-000-d2-01-7");
    }

    #[test]
    fn heat_colours_diverge_around_white() {
        assert_eq!(heat_colour(0.0), "rgb(255,255,255)");
        assert!(heat_colour(4.0).starts_with("rgb(255,"));
        assert!(heat_colour(-9.0).ends_with(",255)"));
    }
}
