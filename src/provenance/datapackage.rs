//! `datapackage.json`: a Frictionless Data Package built from the table schemas.

use crate::tables::format::TableStyle;
use crate::tables::schema::{SchemaContext, TABLES};
use crate::tables::staging::TableRecord;

/// A Frictionless Data Package descriptor for the tables of one run. `merged_shards`: the
/// shards of a partial merge (`merge --allow-partial`), which the description names.
pub fn datapackage(
    style: TableStyle,
    ctx: &SchemaContext,
    tables: &[TableRecord],
    merged_shards: Option<&[String]>,
) -> serde_json::Value {
    let resources: Vec<serde_json::Value> = TABLES
        .iter()
        .filter(|t| !t.optional || tables.iter().any(|r| r.file == style.file_name(t.name)))
        .map(|table| {
            let (name, title, key) = (table.name, table.title, table.primary_key(ctx));
            let fields: Vec<serde_json::Value> = table
                .fields(ctx)
                .iter()
                .map(|c| serde_json::to_value(c).expect("a column serializes"))
                .collect();
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
                "schema": { "fields": fields, "primaryKey": key, "missingValues": [""] },
            });
            if let Some(r) = record {
                resource["bytes"] = r.bytes.into();
                resource["hash"] = format!("sha256:{}", r.sha256).into();
            }
            resource
        })
        .collect();
    let mut description = String::from(
        "Tables written by policy-mine; see manifest.json for inputs, dictionaries and hashes.",
    );
    if let Some(shards) = merged_shards {
        description.push_str(&format!(
            " PARTIAL: merged from shards {} only (merge --allow-partial); documents of the other shards are missing.",
            shards.join(", ")
        ));
    }
    serde_json::json!({
        "profile": "tabular-data-package",
        "name": "policy-mine-output",
        "title": "policy-mine tables",
        "description": description,
        "resources": resources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datapackage_lists_every_table_with_schema_and_key() {
        let style = TableStyle::default();
        let ctx = SchemaContext {
            group_columns: vec!["province".into(), "year".into()],
            carried_columns: vec!["published".into()],
            meta_columns: vec!["year".into(), "published".into()],
            type_names: vec!["organization".into()],
        };
        let pkg = datapackage(style, &ctx, &[], None);
        let resources = pkg["resources"].as_array().unwrap();
        assert_eq!(resources.len(), 10, "the optional dtm tables are left out");
        let summary = resources.iter().find(|r| r["name"] == "summary").unwrap();
        let fields = summary["schema"]["fields"].as_array().unwrap();
        assert_eq!(fields.last().unwrap()["name"], "published");
        assert_eq!(
            summary["schema"]["primaryKey"],
            serde_json::json!(["province", "year"])
        );
        let sentences = resources.iter().find(|r| r["name"] == "sentences").unwrap();
        let names: Vec<&str> = sentences["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(names[..3], ["province", "year", "doc_id"]);
        assert_eq!(names.last(), Some(&"organization"));
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
