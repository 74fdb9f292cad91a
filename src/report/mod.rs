//! `report.html`: one self-contained page (inline SVG and CSS, no script) that shows the
//! run's main tables as charts: measure-type mix (over time when a grouping column is
//! years), top terms, keyness heat-map, a cross-group table of headline metrics linked to
//! their sentences, and the manifest summary. With many groups the charts show the
//! [`CHART_GROUPS`] largest and say what they left out; every lookup is by index or hash.

mod charts;

use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use crate::nlp::tag::MeasureDict;
use crate::provenance::manifest::{DictEntry, InputEntry, ToolInfo};
use crate::stats::aggregate::GroupAcc;
use crate::stats::headlines::Headline;
use crate::stats::keyness::KeynessRow;
use crate::tables::rows::TermRow;

use charts::{keyness_heatmap, measure_mix_bars, measure_mix_lines, top_terms_chart};

pub const REPORT: &str = "report.html";

/// Groups (or time panels) drawn in charts and tables; the rest are named as left out.
pub const CHART_GROUPS: usize = 30;
/// Top-term charts per row; each row shares one count scale.
const TERMS_PER_ROW: usize = 3;
/// Rows of the cross-group headline table.
const HEADLINE_ROWS: usize = 40;

pub struct ReportInput<'a> {
    pub group_columns: &'a [String],
    pub groups: &'a [Vec<String>],
    pub accs: &'a [GroupAcc],
    pub dict: &'a MeasureDict,
    pub terms: &'a [TermRow<'a>],
    pub keyness: &'a [KeynessRow<'a>],
    pub headlines: &'a [Vec<Headline>],
    pub tool: &'a ToolInfo,
    pub inputs: &'a [InputEntry],
    pub dictionaries: &'a [DictEntry],
    /// Set by `merge --allow-partial`: the shards the tables cover (`1/3`, …).
    pub merged_shards: Option<&'a [String]>,
}

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

/// A group's name in the report: its key values joined by ` · `.
fn label(key: &[String]) -> String {
    key.join(" · ")
}

/// The id of a sentence's list item: one per (doc_id, sentence), never shared. ASCII
/// letters, digits, `_` and `-` stand as they are; any other char is written `.hex.`
/// (`gwr2026_山东省` → `gwr2026_.5c71..4e1c..7701.`), so distinct doc_ids stay distinct.
fn anchor(doc_id: &str, sentence_id: u32) -> String {
    let mut out = String::from("s-");
    for c in doc_id.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '-' => out.push(c),
            _ => {
                let _ = write!(out, ".{:x}.", u32::from(c));
            }
        }
    }
    format!("{out}-{sentence_id}")
}

/// Up to `limit` of `sizes` (index → size), the largest first chosen, then back in index
/// order; and how many were left out.
fn largest(sizes: &[u64], limit: usize) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    if order.len() > limit {
        order.sort_by(|a, b| sizes[*b].cmp(&sizes[*a]).then(a.cmp(b)));
        order.truncate(limit);
        order.sort_unstable();
    }
    let left = sizes.len() - order.len();
    (order, left)
}

/// A sentence saying what a chart left out, or nothing.
fn left_out_note(left: usize, what: &str) -> String {
    if left == 0 {
        return String::new();
    }
    format!(
        "<p class=\"note\">Showing the {CHART_GROUPS} largest {what} by content tokens; {left} smaller ones are left out here (every group is in the tables).</p>\n"
    )
}

/// The grouping column whose values are all four-digit years, if any.
fn year_column(inp: &ReportInput) -> Option<usize> {
    (0..inp.group_columns.len()).find(|&c| {
        !inp.groups.is_empty()
            && inp.groups.iter().all(|k| {
                let v = &k[c];
                v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit())
            })
    })
}

/// Measure mix: shares over time (one panel per value of the other grouping columns) when a
/// grouping column is years, else one stacked bar per group.
fn mix_section(inp: &ReportInput, shown: &[(usize, String)], left: usize) -> String {
    let Some(yc) = year_column(inp) else {
        return left_out_note(left, "groups") + &measure_mix_bars(shown, inp.accs, inp.dict);
    };
    let mut panels: Vec<(String, Vec<(i64, usize)>)> = Vec::new();
    let mut by_rest: FxHashMap<Vec<&str>, usize> = FxHashMap::default();
    for (g, key) in inp.groups.iter().enumerate() {
        let rest: Vec<&str> = key
            .iter()
            .enumerate()
            .filter(|(c, _)| *c != yc)
            .map(|(_, v)| v.as_str())
            .collect();
        let p = *by_rest.entry(rest.clone()).or_insert_with(|| {
            let name = if rest.is_empty() {
                "all documents".to_owned()
            } else {
                rest.join(" · ")
            };
            panels.push((name, Vec::new()));
            panels.len() - 1
        });
        panels[p].1.push((key[yc].parse().unwrap_or(0), g));
    }
    let sizes: Vec<u64> = panels
        .iter()
        .map(|(_, pts)| {
            pts.iter()
                .map(|(_, g)| inp.accs[*g].counts.content_tokens)
                .sum()
        })
        .collect();
    let (keep, left) = largest(&sizes, CHART_GROUPS);
    let mut html = left_out_note(left, "panels");
    for (id, p) in keep.into_iter().enumerate() {
        let (name, points) = &mut panels[p];
        points.sort_unstable();
        html.push_str(&measure_mix_lines(name, points, inp.accs, inp.dict, id));
    }
    html
}

/// Top 15 terms of each shown group, in rows of [`TERMS_PER_ROW`] charts sharing a scale.
fn terms_section(inp: &ReportInput, shown: &[(usize, String)]) -> String {
    // Term rows are sorted by group: the first row of each group marks its range.
    let mut start = vec![inp.terms.len(); inp.groups.len() + 1];
    for (i, t) in inp.terms.iter().enumerate().rev() {
        start[t.group] = i;
    }
    let top = |g: usize| -> &[TermRow] {
        let s = start[g].min(inp.terms.len());
        let mut e = s;
        while e < inp.terms.len() && e - s < 15 && inp.terms[e].group == g {
            e += 1;
        }
        &inp.terms[s..e]
    };
    let mut html = String::from("<div class=\"grid\">\n");
    for (r, row) in shown.chunks(TERMS_PER_ROW).enumerate() {
        let max = row
            .iter()
            .flat_map(|(g, _)| top(*g).first().map(|t| t.count))
            .max()
            .unwrap_or(1);
        for (i, (g, name)) in row.iter().enumerate() {
            html.push_str(&top_terms_chart(name, top(*g), r * TERMS_PER_ROW + i, max));
        }
    }
    html.push_str("</div>\n");
    html
}

fn change_text(m: &Headline) -> &str {
    match (m.kind.as_str(), m.direction.as_str()) {
        ("change", "up") => "▲",
        ("change", "down") => "▼",
        ("change", _) => "change",
        (_, "down") => "down to",
        (_, "up") => "up to",
        _ => "",
    }
}

/// Rows: indicators with a headline in at least two shown groups (most groups first);
/// columns: the shown groups; each cell links to its sentence, listed below the table.
fn headline_section(inp: &ReportInput, shown: &[(usize, String)]) -> String {
    let mut rows: Vec<(&str, FxHashMap<usize, &Headline>)> = Vec::new();
    let mut row_of: FxHashMap<&str, usize> = FxHashMap::default();
    for (j, (g, _)) in shown.iter().enumerate() {
        for h in &inp.headlines[*g] {
            let r = *row_of.entry(h.indicator.as_str()).or_insert_with(|| {
                rows.push((h.indicator.as_str(), FxHashMap::default()));
                rows.len() - 1
            });
            rows[r].1.entry(j).or_insert(h);
        }
    }
    rows.retain(|(_, cells)| cells.len() >= 2);
    rows.sort_by(|a, b| b.1.len().cmp(&a.1.len()));
    let more = rows.len().saturating_sub(HEADLINE_ROWS);
    rows.truncate(HEADLINE_ROWS);
    if rows.is_empty() {
        return "<p>No indicator has a headline figure in two or more groups.</p>\n".to_owned();
    }
    let mut html = String::from("<div class=\"wide\"><table><tr><th>indicator</th>");
    for (_, name) in shown {
        let _ = write!(html, "<th>{}</th>", esc(name));
    }
    html.push_str("</tr>\n");
    let mut sentences: Vec<(String, String)> = Vec::new();
    for (indicator, cells) in &rows {
        let _ = write!(html, "<tr><td>{}</td>", esc(indicator));
        for j in 0..shown.len() {
            let Some(m) = cells.get(&j) else {
                html.push_str("<td></td>");
                continue;
            };
            let id = anchor(&m.doc_id, m.sentence_id);
            let _ = write!(
                html,
                "<td><a href=\"#{id}\">{}{} {}</a></td>",
                esc(change_text(m)),
                esc(&m.value),
                esc(&m.unit)
            );
            if !sentences.iter().any(|(a, _)| *a == id) {
                let text = format!("{} #{}: {}", m.doc_id, m.sentence_id, m.sentence);
                sentences.push((id, text));
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table></div>\n");
    if more > 0 {
        let _ = writeln!(
            html,
            "<p class=\"note\">{more} more indicators are left out.</p>"
        );
    }
    html.push_str("<h3 id=\"sentences\">Sentences</h3>\n<ol class=\"sentences\">\n");
    for (id, text) in &sentences {
        let _ = writeln!(html, "<li id=\"{id}\">{}</li>", esc(text));
    }
    html.push_str("</ol>\n");
    html
}

fn head(inp: &ReportInput) -> String {
    format!(
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
.axis-label {{ font-size: 12px; fill: #333; }} .legend-text {{ font-size: 11px; }} .note {{ font-size: 11px; fill: #777; color: #777; }}
.grid {{ display: flex; flex-wrap: wrap; gap: 8px; }}
.wide {{ overflow-x: auto; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 13px; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }}
.sentences li:target {{ background: #fff3c4; }}
code {{ font-size: 12px; }}
</style>
</head>
<body>
<h1>policy-mine report</h1>
<p>{} groups (by {}), {} documents; policy-mine {} (jieba-rs {}).</p>
{}"#,
        inp.groups.len(),
        esc(&inp.group_columns.join(", ")),
        inp.inputs.len(),
        esc(&inp.tool.version),
        esc(&inp.tool.jieba_rs),
        partial_note(inp.merged_shards)
    )
}

/// A partial merge says so at the top: its tables cover only some shards of the corpus.
fn partial_note(shards: Option<&[String]>) -> String {
    shards.map_or_else(String::new, |s| {
        format!(
            "<p><strong>PARTIAL:</strong> merged from shards {} only (<code>merge --allow-partial</code>); documents of the other shards are missing from every figure.</p>\n",
            esc(&s.join(", "))
        )
    })
}

/// The inputs (first 50) and the dictionaries.
fn run_section(inp: &ReportInput) -> String {
    let mut html = String::from("<h2 id=\"manifest\">Run</h2>\n");
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
    html.push_str("</table>\n");
    html
}

pub fn render(inp: &ReportInput) -> String {
    let sizes: Vec<u64> = inp.accs.iter().map(|a| a.counts.content_tokens).collect();
    let (keep, left) = largest(&sizes, CHART_GROUPS);
    let shown: Vec<(usize, String)> = keep
        .into_iter()
        .map(|g| (g, label(&inp.groups[g])))
        .collect();
    let mut html = head(inp);
    html.push_str("<h2 id=\"mix\">Measure-type mix</h2>\n");
    html.push_str(&mix_section(inp, &shown, left));
    html.push_str("<h2 id=\"terms\">Top 15 terms per group</h2>\n");
    html.push_str(&left_out_note(left, "groups"));
    html.push_str(&terms_section(inp, &shown));
    html.push_str("<h2 id=\"keyness\">Keyness</h2>\n");
    html.push_str(&left_out_note(left, "groups"));
    html.push_str(&keyness_heatmap(&shown, inp.keyness));
    html.push_str("<h2 id=\"metrics\">Headline metrics across groups</h2>\n");
    html.push_str(&left_out_note(left, "groups"));
    html.push_str(&headline_section(inp, &shown));
    html.push_str(&run_section(inp));
    html.push_str("</body>\n</html>\n");
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
        assert_eq!(anchor("000_d2_01", 7), "s-000_d2_01-7");
    }

    #[test]
    fn anchors_of_distinct_documents_differ() {
        assert_ne!(anchor("gwr2026_山东省", 22), anchor("gwr2026_云南省", 22));
        assert_ne!(anchor("a b", 1), anchor("a.20.b", 1));
        assert_ne!(anchor("a-1", 7), anchor("a", 17));
        assert_eq!(anchor("gwr2026_山东", 3), "s-gwr2026_.5c71..4e1c.-3");
    }

    #[test]
    fn heat_colours_diverge_around_white() {
        assert_eq!(charts::heat_colour(0.0), "rgb(255,255,255)");
        assert!(charts::heat_colour(4.0).starts_with("rgb(255,"));
        assert!(charts::heat_colour(-9.0).ends_with(",255)"));
    }

    #[test]
    fn largest_keeps_index_order_and_counts_the_rest() {
        let (keep, left) = largest(&[5, 1, 9, 3, 9], 3);
        assert_eq!((keep, left), (vec![0, 2, 4], 2));
        let (keep, left) = largest(&[1, 2], 3);
        assert_eq!((keep, left), (vec![0, 1], 0));
    }
}
