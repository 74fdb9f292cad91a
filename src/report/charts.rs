//! The report's SVG charts: measure-type mix (bars per group, or shares over time when a
//! grouping column is years), top terms, and the keyness heat-map.

use std::fmt::Write as _;

use rustc_hash::FxHashMap;

use crate::nlp::tag::MeasureDict;
use crate::report::esc;
use crate::stats::aggregate::GroupAcc;
use crate::stats::keyness::KeynessRow;
use crate::tables::rows::TermRow;

pub const PALETTE: [&str; 8] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f",
];

/// Coded type assignments of a group, per type (dictionary order).
fn type_counts(acc: &GroupAcc, n: usize) -> Vec<u64> {
    (0..n)
        .map(|i| acc.measures.type_sentences.get(i).copied().unwrap_or(0))
        .collect()
}

/// The legend of measure types below a chart.
fn type_legend(svg: &mut String, dict: &MeasureDict, legend_y: f64) {
    for (i, t) in dict.types.iter().enumerate() {
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
}

/// A horizontal percentage axis under bars, with its label.
fn share_axis(svg: &mut String, x0: f64, width: f64, axis_y: f64, label_text: &str) {
    let _ = write!(
        svg,
        r#"<line x1="{x0}" y1="{axis_y}" x2="{}" y2="{axis_y}" class="axis"/>"#,
        x0 + width
    );
    for t in 0..=4 {
        let x = x0 + width * t as f64 / 4.0;
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
        r#"<text x="{}" y="{}" text-anchor="middle" class="axis-label">{label_text}</text>"#,
        x0 + width / 2.0,
        axis_y + 36.0
    );
}

/// One stacked bar: a group's coded type assignments as shares of 100%, and its n.
fn mix_bar(svg: &mut String, name: &str, counts: &[u64], dict: &MeasureDict, y: f64) {
    let (label_w, plot_w, bar_h) = (150.0, 560.0, 22.0);
    let total: u64 = counts.iter().sum();
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="end" class="label">{}</text>"#,
        label_w - 8.0,
        y + bar_h * 0.7,
        esc(name)
    );
    let mut x = label_w;
    for (i, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
        let w = plot_w * *n as f64 / total as f64;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{bar_h}" fill="{}"><title>{} {}: {} sentences ({:.1}%)</title></rect>"#,
            PALETTE[i % PALETTE.len()],
            esc(name),
            esc(&dict.types[i].name),
            n,
            100.0 * *n as f64 / total as f64
        );
        x += w;
    }
    let note = if total == 0 {
        "no coded sentences".to_owned()
    } else {
        format!("n={total}")
    };
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" class="note">{note}</text>"#,
        if total == 0 {
            label_w + 4.0
        } else {
            label_w + plot_w + 4.0
        },
        y + bar_h * 0.7
    );
}

/// Stacked bars: each shown group's coded type assignments as shares of 100%.
pub fn measure_mix_bars(
    groups: &[(usize, String)],
    accs: &[GroupAcc],
    dict: &MeasureDict,
) -> String {
    let (label_w, plot_w, bar_h, gap, top) = (150.0, 560.0, 22.0, 8.0, 40.0);
    let height =
        top + groups.len() as f64 * (bar_h + gap) + 90.0 + 18.0 * (dict.types.len() / 4) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-labelledby="mix-title" viewBox="0 0 760 {height}" width="760" height="{height}" xmlns="http://www.w3.org/2000/svg">
<title id="mix-title">Measure-type mix per group</title>
<text x="380" y="20" text-anchor="middle" class="chart-title">Measure-type mix per group (share of coded type assignments; n = assignments)</text>
"#
    );
    for (p, (g, name)) in groups.iter().enumerate() {
        let y = top + p as f64 * (bar_h + gap);
        mix_bar(
            &mut svg,
            name,
            &type_counts(&accs[*g], dict.types.len()),
            dict,
            y,
        );
    }
    let axis_y = top + groups.len() as f64 * (bar_h + gap);
    share_axis(
        &mut svg,
        label_w,
        plot_w,
        axis_y,
        "share of coded type assignments (%)",
    );
    let _ = write!(
        svg,
        r#"<text x="12" y="{0}" transform="rotate(-90 12 {0})" text-anchor="middle" class="axis-label">group</text>"#,
        top + (axis_y - top) / 2.0
    );
    type_legend(&mut svg, dict, axis_y + 52.0);
    svg.push_str("</svg>\n");
    svg
}

/// One panel of the mix over time: a line per type through (year, share), each point with
/// its n in its tooltip.
pub fn measure_mix_lines(
    title: &str,
    points: &[(i64, usize)],
    accs: &[GroupAcc],
    dict: &MeasureDict,
    id: usize,
) -> String {
    let (left, plot_w, plot_h, top) = (60.0, 640.0, 220.0, 40.0);
    let (lo, hi) = (
        points.first().map_or(0, |p| p.0),
        points
            .last()
            .map_or(1, |p| p.0)
            .max(points.first().map_or(0, |p| p.0) + 1),
    );
    let x_of = |year: i64| left + plot_w * (year - lo) as f64 / (hi - lo) as f64;
    let height = top + plot_h + 70.0 + 18.0 * (dict.types.len().div_ceil(4)) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-labelledby="mix-{id}" viewBox="0 0 760 {height}" width="760" height="{height}" xmlns="http://www.w3.org/2000/svg">
<title id="mix-{id}">Measure-type mix over time: {t}</title>
<text x="380" y="20" text-anchor="middle" class="chart-title">{t}: share of coded type assignments by year (n per year in the tooltips)</text>
"#,
        t = esc(title)
    );
    let n_types = dict.types.len();
    let shares: Vec<(i64, u64, Vec<u64>)> = points
        .iter()
        .map(|&(year, g)| {
            let counts = type_counts(&accs[g], n_types);
            (year, counts.iter().sum(), counts)
        })
        .collect();
    for (i, t) in dict.types.iter().enumerate() {
        let mut path = String::new();
        for (year, total, counts) in shares.iter().filter(|s| s.1 > 0) {
            let share = counts[i] as f64 / *total as f64;
            let (x, y) = (x_of(*year), top + plot_h * (1.0 - share));
            let _ = write!(
                path,
                "{}{x:.1},{y:.1}",
                if path.is_empty() { "M" } else { " L" }
            );
            let _ = write!(
                svg,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="2.5" fill="{c}"><title>{year} {}: {} of n={total} ({:.1}%)</title></circle>"#,
                esc(&t.name),
                counts[i],
                100.0 * share,
                c = PALETTE[i % PALETTE.len()]
            );
        }
        let _ = write!(
            svg,
            r#"<path d="{path}" fill="none" stroke="{}" stroke-width="1.5"/>"#,
            PALETTE[i % PALETTE.len()]
        );
    }
    time_axes(&mut svg, (left, plot_w, plot_h, top), lo, hi);
    type_legend(&mut svg, dict, top + plot_h + 58.0);
    svg.push_str("</svg>\n");
    svg
}

/// Year axis (about 8 ticks) and share axis of a time panel.
fn time_axes(svg: &mut String, frame: (f64, f64, f64, f64), lo: i64, hi: i64) {
    let (left, plot_w, plot_h, top) = frame;
    let base = top + plot_h;
    let _ = write!(
        svg,
        r#"<line x1="{left}" y1="{base}" x2="{}" y2="{base}" class="axis"/><line x1="{left}" y1="{top}" x2="{left}" y2="{base}" class="axis"/>"#,
        left + plot_w
    );
    let step = ((hi - lo) / 8).max(1);
    let mut year = lo;
    while year <= hi {
        let x = left + plot_w * (year - lo) as f64 / (hi - lo) as f64;
        let _ = write!(
            svg,
            r#"<text x="{x:.1}" y="{}" text-anchor="middle" class="tick">{year}</text>"#,
            base + 14.0
        );
        year += step;
    }
    for t in 0..=4 {
        let y = base - plot_h * t as f64 / 4.0;
        let _ = write!(
            svg,
            r#"<text x="{}" y="{y:.1}" text-anchor="end" class="tick">{}%</text>"#,
            left - 4.0,
            t * 25
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle" class="axis-label">year</text><text x="14" y="{2}" transform="rotate(-90 14 {2})" text-anchor="middle" class="axis-label">share (%)</text>"#,
        left + plot_w / 2.0,
        base + 32.0,
        top + plot_h / 2.0
    );
}

/// One small horizontal bar chart of a group's top terms, on a scale up to `max`.
pub fn top_terms_chart(name: &str, terms: &[TermRow], id: usize, max: u64) -> String {
    let (label_w, plot_w, bar_h, top) = (150.0, 190.0, 14.0, 30.0);
    let height = top + terms.len().max(1) as f64 * (bar_h + 3.0) + 58.0;
    let max = max.max(1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart small" role="img" aria-labelledby="terms-{id}" viewBox="0 0 380 {height}" width="380" height="{height}" xmlns="http://www.w3.org/2000/svg">
<title id="terms-{id}">Top terms: {p}</title>
<text x="190" y="18" text-anchor="middle" class="chart-title">{p}: top {n} terms</text>
"#,
        p = esc(name),
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
        r#"<line x1="{label_w}" y1="{axis_y}" x2="{x2}" y2="{axis_y}" class="axis"/><text x="{label_w}" y="{t}" text-anchor="middle" class="tick">0</text><text x="{x2}" y="{t}" text-anchor="middle" class="tick">{}</text>"#,
        max as u64,
        x2 = label_w + plot_w,
        t = axis_y + 12.0
    );
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle" class="axis-label">count (same scale across this row)</text><g class="legend"><rect x="{label_w}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" class="legend-text">occurrences of the content term</text></g>"#,
        label_w + plot_w / 2.0,
        axis_y + 28.0,
        axis_y + 36.0,
        PALETTE[0],
        label_w + 14.0,
        axis_y + 45.0
    );
    svg.push_str("</svg>\n");
    svg
}

/// Diverging colour for a log ratio, clamped to ±4.
pub fn heat_colour(lr: f64) -> String {
    let t = (lr / 4.0).clamp(-1.0, 1.0);
    let (r, g, b) = if t >= 0.0 {
        (255.0, 255.0 * (1.0 - t * 0.75), 255.0 * (1.0 - t * 0.85))
    } else {
        (255.0 * (1.0 + t * 0.85), 255.0 * (1.0 + t * 0.6), 255.0)
    };
    format!("rgb({:.0},{:.0},{:.0})", r, g, b)
}

/// Rows: the three most distinctive over-used terms of each shown group; columns: groups.
/// Cells are looked up by (group, term) in a hash map, never by scanning.
pub fn keyness_heatmap(groups: &[(usize, String)], keyness: &[KeynessRow]) -> String {
    let shown: FxHashMap<usize, usize> = groups
        .iter()
        .enumerate()
        .map(|(j, (g, _))| (*g, j))
        .collect();
    let mut cells: FxHashMap<(usize, &str), &KeynessRow> = FxHashMap::default();
    let mut top: Vec<Vec<&str>> = vec![Vec::new(); groups.len()];
    for r in keyness.iter().filter(|r| shown.contains_key(&r.group)) {
        cells.insert((r.group, r.term), r);
        let mine = &mut top[shown[&r.group]];
        if r.direction == "over" && mine.len() < 3 {
            mine.push(r.term);
        }
    }
    let mut terms: Vec<&str> = Vec::new();
    for t in top.into_iter().flatten() {
        if !terms.contains(&t) {
            terms.push(t);
        }
    }
    let (label_w, cell_w, cell_h, top_y) = (130.0, 68.0, 20.0, 110.0);
    let width = label_w + cell_w * groups.len() as f64 + 20.0;
    let height = top_y + terms.len() as f64 * cell_h + 70.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-labelledby="heat-title" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">
<title id="heat-title">Keyness heat-map</title>
<text x="{}" y="20" text-anchor="middle" class="chart-title">Keyness: log ratio of each group against the rest (top 3 terms per group)</text>
"#,
        width / 2.0
    );
    for (j, (_, name)) in groups.iter().enumerate() {
        let x = label_w + j as f64 * cell_w + cell_w / 2.0;
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{0}" text-anchor="start" transform="rotate(-40 {x} {0})" class="label">{1}</text>"#,
            top_y - 8.0,
            esc(name)
        );
    }
    for (i, term) in terms.iter().enumerate() {
        let y = top_y + i as f64 * cell_h;
        heat_row(&mut svg, (label_w, cell_w, cell_h, y), term, groups, &cells);
    }
    heat_legend(
        &mut svg,
        label_w,
        cell_w * groups.len() as f64,
        top_y + terms.len() as f64 * cell_h,
    );
    svg.push_str("</svg>\n");
    svg
}

fn heat_row(
    svg: &mut String,
    frame: (f64, f64, f64, f64),
    term: &str,
    groups: &[(usize, String)],
    cells: &FxHashMap<(usize, &str), &KeynessRow>,
) {
    let (label_w, cell_w, cell_h, y) = frame;
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="end" class="label">{}</text>"#,
        label_w - 6.0,
        y + cell_h * 0.7,
        esc(term)
    );
    for (j, (g, name)) in groups.iter().enumerate() {
        let row = cells.get(&(*g, term));
        let (lr, g2, a) = row.map_or((0.0, 0.0, 0), |r| (r.log_ratio, r.g2, r.count_target));
        let x = label_w + j as f64 * cell_w;
        let _ = write!(
            svg,
            r#"<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{}" stroke="white"><title>{} · {}: log ratio {lr:.2}, G² {g2:.1}, count {a}</title></rect><text x="{}" y="{}" text-anchor="middle" class="cell">{lr:.1}</text>"#,
            heat_colour(lr),
            esc(name),
            esc(term),
            x + cell_w / 2.0,
            y + cell_h * 0.7
        );
    }
}

fn heat_legend(svg: &mut String, label_w: f64, width: f64, axis_y: f64) {
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle" class="axis-label">group (columns) × term (rows)</text>"#,
        label_w + width / 2.0,
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
}
