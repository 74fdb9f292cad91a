//! The unit table (`dictionaries/units.csv`): parsing, and the longest unit after a number.

use anyhow::{Result, bail};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::dict::DictSource;

/// The dimensions a unit may have.
pub const DIMENSIONS: [&str; 13] = [
    "concentration",
    "area",
    "length",
    "mass",
    "money",
    "rate",
    "price",
    "ratio",
    "count",
    "energy",
    "power",
    "time",
    "other",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub unit: String,
    pub dimension: String,
    pub factor: f64,
    pub unit_std: String,
    /// Line of the units file that defined it (for a folded 万/亿, the base unit's line).
    pub line: u64,
}

/// The unit table, matched longest-first at the position after a number.
#[derive(Debug, Default)]
pub struct Units {
    by_text: FxHashMap<String, Unit>,
    max_chars: usize,
    /// the first char of every unit (a cheap test before [`Units::match_at`])
    first: FxHashSet<char>,
    pub entries: usize,
    pub warnings: Vec<String>,
}

fn parse_factor(s: &str) -> Option<f64> {
    let f = match s.split_once('/') {
        Some((a, b)) => a.trim().parse::<f64>().ok()? / b.trim().parse::<f64>().ok()?,
        None => s.trim().parse::<f64>().ok()?,
    };
    (f.is_finite() && f > 0.0).then_some(f)
}

impl Units {
    pub fn parse(src: &DictSource) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(src.text.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
        if header != ["unit", "dimension", "factor", "unit_std"] {
            bail!(
                "{}:1: header is `{}`; expected `unit,dimension,factor,unit_std`",
                src.name,
                header.join(",")
            );
        }
        let mut units = Units::default();
        let mut lines: FxHashMap<String, u64> = FxHashMap::default();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                anyhow::anyhow!("{}:{line}: malformed CSV row: {e}", src.name)
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let row = record.iter().collect::<Vec<_>>().join(",");
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let (unit, dimension, factor, unit_std) = (field(0), field(1), field(2), field(3));
            if unit.is_empty() || unit_std.is_empty() {
                bail!(
                    "{}:{line}: `{row}`: unit and unit_std must not be empty",
                    src.name
                );
            }
            if !DIMENSIONS.contains(&dimension) {
                bail!(
                    "{}:{line}: `{row}`: dimension `{dimension}` must be one of {}",
                    src.name,
                    DIMENSIONS.join(", ")
                );
            }
            let Some(factor) = parse_factor(factor) else {
                bail!(
                    "{}:{line}: `{row}`: factor `{factor}` must be a positive number or a fraction like 1/15",
                    src.name
                );
            };
            if let Some(prev) = lines.insert(unit.to_owned(), line) {
                units.warnings.push(format!(
                    "{}:{line}: duplicate unit `{unit}` (first on line {prev}); the later one wins",
                    src.name
                ));
            }
            units.max_chars = units.max_chars.max(unit.chars().count());
            units.first.extend(unit.chars().next());
            units.by_text.insert(
                unit.to_owned(),
                Unit {
                    unit: unit.to_owned(),
                    dimension: dimension.to_owned(),
                    factor,
                    unit_std: unit_std.to_owned(),
                    line,
                },
            );
        }
        units.entries = units.by_text.len();
        if units.entries == 0 {
            bail!("{}: no units", src.name);
        }
        Ok(units)
    }

    /// Whether some unit starts with `c`.
    pub(super) fn may_start(&self, c: char) -> bool {
        self.first.contains(&c)
    }

    /// Longest unit at the start of `chars`, folding a leading 万/亿 (and 余/多 after it)
    /// into the factor. Returns the unit, how many chars it spans, and whether 余/多 stood in it.
    pub(super) fn match_at(&self, chars: &[char]) -> Option<(Unit, usize, bool)> {
        let listed = self.longest(chars);
        let folded = self.fold_multiplier(chars);
        match (listed, folded) {
            // 42万元/人: 万 + 元/人 spans more than the listed 万元
            (Some((_, n)), Some(f)) if f.1 > n => Some(f),
            (Some((u, n)), _) => Some((u.clone(), n, false)),
            (None, f) => f,
        }
    }

    /// A leading 万/亿 (and 余/多 after it) folded into the factor of the unit after it.
    fn fold_multiplier(&self, chars: &[char]) -> Option<(Unit, usize, bool)> {
        let mult = match chars.first()? {
            '万' => 1e4,
            '亿' => 1e8,
            _ => return None,
        };
        let mut skip = 1;
        let fuzzy = matches!(chars.get(1), Some('余' | '多'));
        if fuzzy {
            skip = 2;
        }
        let (base, n) = self.longest(&chars[skip..])?;
        let prefix = chars[0].to_string();
        let text = format!("{prefix}{}", base.unit);
        let unit = match self.by_text.get(&text) {
            Some(u) => u.clone(),
            None => Unit {
                unit: text,
                dimension: base.dimension.clone(),
                factor: base.factor * mult,
                unit_std: base.unit_std.clone(),
                line: base.line,
            },
        };
        Some((unit, skip + n, fuzzy))
    }

    fn longest(&self, chars: &[char]) -> Option<(&Unit, usize)> {
        if !chars.first().is_some_and(|c| self.may_start(*c)) {
            return None;
        }
        // the prefixes, UTF-8 encoded on the stack (up to 16 chars): no allocation per figure
        let mut buf: smallvec::SmallVec<[u8; 64]> = smallvec::SmallVec::new();
        let mut best = None;
        for (i, c) in chars.iter().take(self.max_chars).enumerate() {
            buf.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            let prefix = std::str::from_utf8(&buf).expect("encoded chars");
            if let Some(u) = self.by_text.get(prefix) {
                best = Some((u, i + 1));
            }
        }
        best
    }
}
