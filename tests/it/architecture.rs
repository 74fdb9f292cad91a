//! The layering rule: a top-level module of `src/` imports only modules below it in the
//! pipeline order. This keeps the one-way architecture after it was put in place.

use std::collections::BTreeMap;

use crate::util::repo;

/// Top-level modules from the bottom of the pipeline to the top. A module may import only
/// modules that come before it here.
const LAYERS: &[&str] = &[
    "util",
    "dict",
    "input",
    "text",
    "nlp",
    "stats",
    "tables",
    "config",
    "provenance",
    "report",
    "run",
    "tools",
    "cli",
    "app",
];

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn imports_only_go_downward() {
    let src = repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let rank: BTreeMap<&str, usize> = LAYERS.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut violations = Vec::new();
    let mut seen_modules = std::collections::BTreeSet::new();
    for path in files {
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if top == "lib" || top == "main" {
            continue;
        }
        seen_modules.insert(top.clone());
        let Some(&own) = rank.get(top.as_str()) else {
            violations.push(format!(
                "{}: module `{top}` is not in LAYERS",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            for (i, _) in line.match_indices("crate::") {
                let used: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if let Some(&theirs) = rank.get(used.as_str())
                    && theirs > own
                {
                    violations.push(format!(
                        "{}:{}: `{top}` imports `{used}`, which is above it",
                        rel.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
    assert!(seen_modules.len() >= 10, "found only {seen_modules:?}");
}

/// A deliberately wrong import is caught: the check is not vacuous.
#[test]
fn the_check_sees_an_upward_import() {
    let line = "use crate::run::pipeline::run;";
    let used: String = line[line.find("crate::").unwrap() + 7..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    assert_eq!(used, "run");
    let pos = |m: &str| LAYERS.iter().position(|l| *l == m).unwrap();
    assert!(pos("run") > pos("nlp"));
}
