//! `--filter EXPR`: keep only the documents whose metadata satisfy simple comparisons
//! (`section!=00`, `year>=2000`, `province in 山西省,辽宁省`), so a run can leave out a lead
//! summary, early years or one genre without editing `metadata.csv`.
//!
//! Values compare as numbers when both sides parse as numbers, else as strings (by code
//! point). Several filters are ANDed.

use std::cmp::Ordering;

use anyhow::{Result, bail};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
}

/// One parsed `--filter` expression.
#[derive(Debug, Clone, PartialEq)]
pub struct DocFilter {
    /// The expression as given (for messages).
    pub text: String,
    pub column: String,
    op: Op,
    values: Vec<String>,
}

impl DocFilter {
    /// Parse `COLUMN OP VALUE` with OP one of `= == != < <= > >=`, or `COLUMN in A,B,C` /
    /// `COLUMN not in A,B,C`.
    pub fn parse(text: &str) -> Result<Self> {
        let usage = "expected COLUMN OP VALUE with OP one of = != < <= > >=, or COLUMN in A,B";
        let (column, op, rest) =
            split_expr(text.trim()).ok_or_else(|| anyhow::anyhow!("--filter `{text}`: {usage}"))?;
        let column = column.trim();
        if column.is_empty() || column.contains(char::is_whitespace) {
            bail!("--filter `{text}`: bad column name `{column}`; {usage}");
        }
        let values = if matches!(op, Op::In | Op::NotIn) {
            rest.split([',', '，'])
                .map(|v| v.trim().to_owned())
                .collect()
        } else {
            vec![rest.trim().to_owned()]
        };
        Ok(Self {
            text: text.trim().to_owned(),
            column: column.to_owned(),
            op,
            values,
        })
    }

    /// Whether a document whose `column` holds `value` is kept.
    pub fn keeps(&self, value: &str) -> bool {
        let value = value.trim();
        let any_equal = || self.values.iter().any(|v| compare(value, v).is_eq());
        let ord = || compare(value, &self.values[0]);
        match self.op {
            Op::Eq => ord().is_eq(),
            Op::Ne => !ord().is_eq(),
            Op::Lt => ord().is_lt(),
            Op::Le => ord().is_le(),
            Op::Gt => ord().is_gt(),
            Op::Ge => ord().is_ge(),
            Op::In => any_equal(),
            Op::NotIn => !any_equal(),
        }
    }
}

/// Numbers when both sides parse as numbers, else strings.
fn compare(a: &str, b: &str) -> Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) if x.is_finite() && y.is_finite() => x.total_cmp(&y),
        _ => a.cmp(b),
    }
}

fn split_expr(text: &str) -> Option<(&str, Op, &str)> {
    for (word, op) in [(" not in ", Op::NotIn), (" in ", Op::In)] {
        if let Some(at) = text.find(word) {
            return Some((&text[..at], op, &text[at + word.len()..]));
        }
    }
    let at = text.find(['=', '!', '<', '>'])?;
    let two = text.get(at..at + 2);
    let (op, len) = match (text.as_bytes()[at], two) {
        (_, Some("==")) => (Op::Eq, 2),
        (_, Some("!=")) => (Op::Ne, 2),
        (_, Some("<=")) => (Op::Le, 2),
        (_, Some(">=")) => (Op::Ge, 2),
        (b'=', _) => (Op::Eq, 1),
        (b'<', _) => (Op::Lt, 1),
        (b'>', _) => (Op::Gt, 1),
        _ => return None,
    };
    Some((&text[..at], op, &text[at + len..]))
}

/// Parse every `--filter` given.
pub fn parse_all(texts: &[String]) -> Result<Vec<DocFilter>> {
    texts.iter().map(|t| DocFilter::parse(t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keeps(expr: &str, value: &str) -> bool {
        DocFilter::parse(expr).unwrap().keeps(value)
    }

    #[test]
    fn comparisons_are_numeric_when_both_sides_are_numbers() {
        assert!(!keeps("section!=00", "00"));
        assert!(!keeps("section!=00", "0"), "00 and 0 are the same number");
        assert!(keeps("section!=00", "01"));
        assert!(keeps("year>=2000", "2000"));
        assert!(keeps("year>=2000", "2023"));
        assert!(!keeps("year>=2000", "1999"));
        assert!(!keeps("year > 2000", "2000"));
        assert!(
            keeps("year<1980", "978"),
            "978 < 1980 as numbers, not as strings"
        );
        assert!(keeps("year=1954", "1954.0"));
        assert!(keeps("speaker==周恩来", "周恩来"));
        assert!(
            keeps("published>=2024-01-01", "2024-04-04"),
            "ISO dates compare as strings"
        );
    }

    #[test]
    fn in_lists_and_errors() {
        assert!(keeps("province in 山西省,辽宁省", "辽宁省"));
        assert!(keeps("province in 山西省，辽宁省", "山西省"));
        assert!(!keeps("province in 山西省,辽宁省", "全国"));
        assert!(keeps("province not in 全国", "云南省"));
        assert!(!keeps("province not in 全国", "全国"));
        for bad in ["year", "=2000", "my year>3", "year!2000"] {
            let err = DocFilter::parse(bad).unwrap_err().to_string();
            assert!(err.contains("--filter") && err.contains(bad), "{err}");
        }
    }
}
