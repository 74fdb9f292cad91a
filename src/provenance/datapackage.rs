//! `datapackage.json`: a Frictionless Data Package built from the table schemas.

use crate::tables::format::TableStyle;
use crate::tables::schema::{CARRIED_DESCRIPTION, TABLES};
use crate::tables::staging::TableRecord;

/// A Frictionless Data Package descriptor for the tables of one run.
pub fn datapackage(
    style: TableStyle,
    meta_columns: &[String],
    tables: &[TableRecord],
) -> serde_json::Value {
    let resources: Vec<serde_json::Value> = TABLES
        .iter()
        .map(|table| {
            let (name, title, key) = (table.name, table.title, table.key);
            let mut fields: Vec<serde_json::Value> = table
                .columns
                .iter()
                .map(|c| serde_json::to_value(c).expect("a column serializes"))
                .collect();
            if table.carries_metadata {
                fields.extend(meta_columns.iter().map(|col| {
                    serde_json::json!({"name": col, "type": "string", "description": CARRIED_DESCRIPTION})
                }));
            }
            let file = style.file_name(name);
            let record = tables.iter().find(|t| t.file == file);
            let mut resource = serde_json::json!({
                "name": name.replace('_', "-"),
                "title": title,
                "path": file,
                "profile": "tabular-data-resource",
                "format": style.extension(),
                "mediatype": if style.format == crate::tables::format::TableFormat::Csv { "text/csv" } else { "text/tab-separated-values" },
                "encoding": if style.bom { "utf-8-sig" } else { "utf-8" },
                "dialect": { "delimiter": (style.delimiter() as char).to_string(), "header": true, "doubleQuote": true, "lineTerminator": "\n" },
                "schema": { "fields": fields, "primaryKey": key, "missingValues": [] },
            });
            if let Some(r) = record {
                resource["bytes"] = r.bytes.into();
                resource["hash"] = format!("sha256:{}", r.sha256).into();
            }
            resource
        })
        .collect();
    serde_json::json!({
        "profile": "tabular-data-package",
        "name": "policy-mine-output",
        "title": "policy-mine tables",
        "description": "Tables written by policy-mine; see manifest.json for inputs, dictionaries and hashes.",
        "resources": resources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datapackage_lists_every_table_with_schema_and_key() {
        let style = TableStyle::default();
        let pkg = datapackage(style, &["published".into()], &[]);
        let resources = pkg["resources"].as_array().unwrap();
        assert_eq!(resources.len(), 8);
        let summary = resources.iter().find(|r| r["name"] == "summary").unwrap();
        let fields = summary["schema"]["fields"].as_array().unwrap();
        assert_eq!(fields.last().unwrap()["name"], "published");
        assert_eq!(summary["schema"]["primaryKey"][0], "province");
        for r in resources {
            for f in r["schema"]["fields"].as_array().unwrap() {
                assert!(
                    ["string", "integer", "number", "boolean"]
                        .contains(&f["type"].as_str().unwrap())
                );
                assert!(!f["description"].as_str().unwrap().is_empty());
            }
        }
    }
}
