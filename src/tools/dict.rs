//! `policy-mine dict export` and `dict check`: the bundled dictionaries are compiled into the
//! binary, so a user who wants to extend one needs a copy on disk and a way to check an edited
//! or new file against the bundled lists before a run.

use std::path::Path;

use anyhow::{Result, bail};

use crate::dict::{BUNDLED, DictPaths, DictSource, merge_stopwords, merge_user_dicts};
use crate::nlp::metrics::Units;
use crate::nlp::segment::Segmenter;
use crate::nlp::tag::MeasureDict;

/// The bundled text of dictionary `name` (`user_dict`, `stopwords`, `measures`, `units`, or
/// the file name, e.g. `measures.csv`), byte for byte.
pub fn export(name: &str) -> Result<&'static str> {
    BUNDLED
        .iter()
        .find(|(n, file, _)| *n == name || *file == name)
        .map(|(_, _, text)| *text)
        .ok_or_else(|| {
            let names: Vec<&str> = BUNDLED.iter().map(|(n, _, _)| *n).collect();
            anyhow::anyhow!(
                "no bundled dictionary `{name}`; choose one of {}",
                names.join(", ")
            )
        })
}

/// Which parser a file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DictKind {
    UserDict,
    Stopwords,
    /// A whole taxonomy (as for `--measures`), checked alone.
    Measures,
    /// Cues or types to add (as for `--add-measures`), checked against the bundled taxonomy.
    AddMeasures,
    Units,
}

impl DictKind {
    /// From the CSV header (a measures CSV counts as additions), else from the file name
    /// (`stop` in it: a stop-word list).
    pub fn detect(path: &Path, text: &str) -> DictKind {
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or("");
        let name = path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().to_lowercase());
        if first.starts_with("measure_type,") {
            DictKind::AddMeasures
        } else if first.starts_with("unit,") {
            DictKind::Units
        } else if name.contains("stop") {
            DictKind::Stopwords
        } else {
            DictKind::UserDict
        }
    }
}

/// What `dict check` found: entries read and warnings (duplicates, changes to bundled lines).
pub struct CheckReport {
    pub kind: DictKind,
    pub entries: usize,
    pub warnings: Vec<String>,
}

/// Parse `path` as a dictionary of `kind` (detected when `None`) on top of the bundled lists,
/// as `run` would load it. Errors (a malformed line) are returned as `Err`.
pub fn check(path: &Path, kind: Option<DictKind>) -> Result<CheckReport> {
    let src = DictSource::resolve(Some(path), "", "")?;
    let kind = kind.unwrap_or_else(|| DictKind::detect(path, &src.text));
    let bundled = DictPaths::default();
    let (entries, warnings) = match kind {
        DictKind::UserDict => {
            let mut sources = bundled.user_dict_sources()?;
            sources.push(src);
            let merged = merge_user_dicts(&sources)?;
            (merged.counts[1], merged.warnings)
        }
        DictKind::Stopwords => {
            let mut sources = bundled.stopword_sources()?;
            sources.push(src);
            let merged = merge_stopwords(&sources)?;
            (merged.counts[1], merged.warnings)
        }
        DictKind::Measures | DictKind::AddMeasures => {
            let users = merge_user_dicts(&bundled.user_dict_sources()?)?;
            let seg = Segmenter::new(&users.value);
            let mut sources = bundled.measure_sources()?;
            if kind == DictKind::Measures {
                sources.clear();
            }
            sources.push(src);
            let dict = MeasureDict::parse_all(&sources, &seg)?;
            let n = dict
                .cues
                .iter()
                .filter(|c| c.source == sources.len() - 1)
                .count();
            (n, dict.warnings)
        }
        DictKind::Units => {
            let units = Units::parse(&src)?;
            (units.entries, units.warnings)
        }
    };
    if entries == 0 {
        bail!("{}: no entries", path.display());
    }
    Ok(CheckReport {
        kind,
        entries,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_and_files() {
        assert_eq!(export("measures").unwrap(), crate::dict::BUNDLED_MEASURES);
        assert_eq!(export("units.csv").unwrap(), crate::dict::BUNDLED_UNITS);
        assert!(
            export("nope")
                .unwrap_err()
                .to_string()
                .contains("user_dict")
        );
    }

    #[test]
    fn check_reports_changed_bundled_tag() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mine.txt");
        std::fs::write(&p, "督察整改 v\n新名词甲乙 nz\n").unwrap();
        let r = check(&p, None).unwrap();
        assert_eq!(r.kind, DictKind::UserDict);
        assert_eq!(r.entries, 2);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(
            r.warnings[0].contains("bundled:user_dict.txt:"),
            "{}",
            r.warnings[0]
        );
        assert!(r.warnings[0].contains("mine.txt:1"), "{}", r.warnings[0]);
    }
}
