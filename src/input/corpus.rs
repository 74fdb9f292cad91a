//! The input contract: which documents a run reads, in which order, under which province.
//!
//! `DIR/metadata.csv` wins when present (`path` relative to `DIR`, `province` groups);
//! otherwise every `*.txt`, `*.html`/`*.htm`, `*.docx` and `*.pdf` under `DIR` is one document
//! whose province is its file stem.
//! Listing is cheap; texts are read lazily, one batch at a time.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::input::filter::DocFilter;
use crate::input::formats::EXTENSIONS;
use crate::input::group::{GroupBy, GroupIndex};
use crate::input::metadata_csv::{csv_error, one_line, unclosed_quote_line};

/// Columns of `metadata.csv` that the pipeline interprets; all others are carried through.
pub const RESERVED_COLUMNS: [&str; 4] = ["doc_id", "province", "path", "title"];

#[derive(Debug, Clone)]
pub struct DocEntry {
    pub doc_id: String,
    pub province: String,
    /// The file to read (`DIR` joined with `rel_path`).
    pub path: PathBuf,
    /// The path as listed, relative to the corpus folder (`/`-separated).
    pub rel_path: String,
    pub title: String,
    /// Values of [`Corpus::meta_columns`], in the same order.
    pub meta: Vec<String>,
    pub bytes: u64,
    /// Position in the whole corpus (0-based); rows are written in this order.
    pub index: u64,
    /// Values of the grouping columns (`--group-by`), in their order.
    pub group: Vec<String>,
    /// Index of `group` in the run's groups.
    pub group_idx: usize,
    /// The text itself, for documents that arrive as records rather than files.
    pub inline_text: Option<String>,
    /// Set when this entry is one chunk of a large document (see `pipeline`).
    pub part: Option<Part>,
}

/// One chunk of a large document, cut at a sentence boundary: `text[range]` of the
/// document's normalized text, which all its chunks share. Offsets and sentence ids continue
/// from the chunks before it.
#[derive(Debug, Clone)]
pub struct Part {
    pub text: std::sync::Arc<String>,
    pub range: (usize, usize),
    /// Char offset of the chunk in the normalized document.
    pub base_char: usize,
    /// Sentences in the chunks before this one.
    pub base_sentence: u32,
    /// The first chunk counts the document and carries its file record.
    pub first: bool,
    /// The chunk starts inside a plan section of the document (see
    /// `nlp::metrics::plan_sections`), which its metrics continue.
    pub plan_section: bool,
    /// ... and that section was opened by an unnumbered part heading (numbered sections inside
    /// it do not close it).
    pub plan_part: bool,
    /// What the manifest records of the whole file (first chunk only).
    pub file: Option<FileFacts>,
}

/// What the manifest records of one input file besides its place in the corpus.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    /// Bytes on disk.
    pub bytes: u64,
    /// SHA-256 of the file.
    pub sha256: String,
    /// The encoding its text was read as.
    pub encoding: &'static str,
    /// `txt`, `html`, `docx` or `pdf`.
    pub format: &'static str,
    /// SHA-256 of the text extracted from it (before normalization).
    pub text_sha256: String,
    /// The title the file gives itself (HTML), used when metadata.csv gives none.
    pub title: Option<String>,
}

#[derive(Debug)]
pub struct Corpus {
    pub entries: Vec<DocEntry>,
    /// Extra metadata columns of `metadata.csv` (all but doc_id, province, path, title).
    pub meta_columns: Vec<String>,
    /// The metadata columns carried to `summary.csv`: `meta_columns` minus grouping columns.
    pub carried_columns: Vec<String>,
    /// Groups in corpus order (first appearance), with their first document.
    pub groups: GroupIndex,
    /// Carried metadata per group: each carried column's distinct values, in corpus order,
    /// joined by `|`. Computed on the whole corpus, so every shard agrees.
    pub meta_values: Vec<Vec<String>>,
    /// Said on stderr by the run (symbolic links to folders that were not followed, output
    /// folders of earlier runs left out, files folder mode does not read).
    pub warnings: Vec<String>,
}

/// The value of a metadata column for a document (`doc_id`, `province`, `path`, `title` or
/// one of `meta_columns`).
pub fn column_value<'a>(e: &'a DocEntry, meta_columns: &[String], name: &str) -> Option<&'a str> {
    match name {
        "doc_id" => Some(&e.doc_id),
        "province" => Some(&e.province),
        "path" => Some(&e.rel_path),
        "title" => Some(&e.title),
        _ => meta_columns
            .iter()
            .position(|c| c == name)
            .and_then(|i| e.meta.get(i))
            .map(String::as_str),
    }
}

/// Number the documents, give each its group (first appearance order) and gather each
/// group's carried metadata: every carried column's distinct values, joined by `|`. A value
/// that itself holds `|` makes that join ambiguous: said once per column in `warnings`.
fn assign_groups(
    entries: &mut [DocEntry],
    meta_columns: &[String],
    group_by: &GroupBy,
    carried_idx: &[usize],
    warnings: &mut Vec<String>,
) -> (GroupIndex, Vec<Vec<String>>) {
    let mut groups = GroupIndex::default();
    let mut meta_values: Vec<Vec<Vec<String>>> = Vec::new();
    // (group, column, value) already gathered: one lookup per value, not a scan of the group's
    let mut gathered: rustc_hash::FxHashSet<(usize, usize, String)> = Default::default();
    let mut piped = vec![false; carried_idx.len()];
    for (i, e) in entries.iter_mut().enumerate() {
        e.index = i as u64;
        e.group = group_by
            .columns()
            .iter()
            .map(|c| column_value(e, meta_columns, c).unwrap_or("").to_owned())
            .collect();
        e.group_idx = groups.intern(&e.group, e.index);
        if meta_values.len() < groups.len() {
            meta_values.push(vec![Vec::new(); carried_idx.len()]);
        }
        for (col, &m) in carried_idx.iter().enumerate() {
            let v = &e.meta[m];
            if !v.is_empty() && gathered.insert((e.group_idx, col, v.clone())) {
                meta_values[e.group_idx][col].push(v.clone());
            }
            if v.contains('|') && !std::mem::replace(&mut piped[col], true) {
                warnings.push(format!(
                    "metadata column `{}` has values with `|` (first: doc_id `{}`), which summary.csv also uses to join a group's distinct values; its summary cells are ambiguous",
                    meta_columns[m], e.doc_id
                ));
            }
        }
    }
    let joined = meta_values
        .into_iter()
        .map(|cols| cols.into_iter().map(|vals| vals.join("|")).collect())
        .collect();
    (groups, joined)
}

/// Every column a document can be selected or grouped by: the interpreted ones, then the
/// carried metadata columns.
fn known_columns(meta_columns: &[String]) -> Vec<&str> {
    RESERVED_COLUMNS
        .iter()
        .copied()
        .chain(meta_columns.iter().map(String::as_str))
        .collect()
}

/// Check that every grouping column exists: a clear error naming the columns that do.
fn check_group_columns(
    root: &Path,
    has_metadata: bool,
    meta_columns: &[String],
    group_by: &GroupBy,
) -> Result<()> {
    let known = known_columns(meta_columns);
    for c in group_by.columns() {
        if known.contains(&c.as_str()) {
            continue;
        }
        if !has_metadata {
            bail!(
                "--group-by {c}: {} has no metadata.csv, so only province (the file stem) and doc can group",
                root.display()
            );
        }
        bail!(
            "--group-by {c}: {}/metadata.csv has no column `{c}`; its columns are {}",
            root.display(),
            known.join(", ")
        );
    }
    Ok(())
}

impl Corpus {
    /// The corpus with only the documents every filter keeps (`--filter`), grouped by
    /// `group_by`. Groups and metadata are those of the kept documents, so a left-out
    /// group appears nowhere.
    pub fn open(
        root: &Path,
        allow_outside: bool,
        group_by: &GroupBy,
        filters: &[DocFilter],
    ) -> Result<Self> {
        Self::open_writing_to(root, allow_outside, group_by, filters, None)
    }

    /// [`Corpus::open`] for a run that writes to `out`: in folder mode, `out` and the names
    /// policy-mine keeps beside it (`.OUT.lock`, `.OUT.stage-*`, `.OUT.old-*`) are not
    /// documents, wherever they are under the corpus folder.
    pub fn open_writing_to(
        root: &Path,
        allow_outside: bool,
        group_by: &GroupBy,
        filters: &[DocFilter],
        out: Option<&Path>,
    ) -> Result<Self> {
        if !root.is_dir() {
            bail!(
                "corpus folder {} does not exist or is not a folder",
                root.display()
            );
        }
        let canonical = root
            .canonicalize()
            .with_context(|| format!("cannot resolve corpus folder {}", root.display()))?;
        let metadata = root.join("metadata.csv");
        let mut warnings = Vec::new();
        let (entries, meta_columns) = if metadata.is_file() {
            read_metadata(root, &canonical, &metadata, allow_outside, group_by)?
        } else {
            (
                list_txt(
                    root,
                    &canonical,
                    allow_outside,
                    out.and_then(|o| OutSkip::of(o, &canonical)).as_ref(),
                    &mut warnings,
                )?,
                Vec::new(),
            )
        };
        check_unique_ids(&entries)?;
        if entries.is_empty() && metadata.is_file() {
            // With a metadata.csv only its rows are documents, whatever files lie beside it.
            bail!(
                "{}: no rows under the header, so the corpus has no documents (with a metadata.csv, only the files it lists are read)",
                metadata.display()
            );
        }
        if entries.is_empty() {
            bail!(
                "corpus folder {} has no documents (no *.txt, *.html, *.htm, *.docx or *.pdf files, and no metadata.csv)",
                root.display()
            );
        }
        check_group_columns(root, metadata.is_file(), &meta_columns, group_by)?;
        let carried_columns: Vec<String> = meta_columns
            .iter()
            .filter(|c| !group_by.columns().contains(c))
            .cloned()
            .collect();
        let carried_idx: Vec<usize> = carried_columns
            .iter()
            .filter_map(|c| meta_columns.iter().position(|m| m == c))
            .collect();
        let mut entries = entries;
        if !filters.is_empty() {
            apply_filters(&mut entries, &meta_columns, filters)?;
            if entries.is_empty() {
                let shown: Vec<&str> = filters.iter().map(|f| f.text.as_str()).collect();
                bail!(
                    "no document of {} passes --filter {}",
                    root.display(),
                    shown.join(" --filter ")
                );
            }
        }
        let (groups, meta_values) = assign_groups(
            &mut entries,
            &meta_columns,
            group_by,
            &carried_idx,
            &mut warnings,
        );
        Ok(Self {
            entries,
            meta_columns,
            carried_columns,
            groups,
            meta_values,
            warnings,
        })
    }

    pub fn total_bytes(&self) -> u64 {
        self.entries.iter().map(|e| e.bytes).sum()
    }

    /// Keep only the documents whose doc_id hashes (xxh3-64) to shard `i` of `n`. Provinces
    /// and metadata stay those of the whole corpus, so every shard agrees on them.
    pub fn keep_shard(&mut self, i: u64, n: u64) {
        self.entries.retain(|e| shard_of(&e.doc_id, n) == i);
    }
}

/// Keep the entries every filter keeps; a filter on a column the corpus lacks is an error
/// that lists the columns.
fn apply_filters(
    entries: &mut Vec<DocEntry>,
    meta_columns: &[String],
    filters: &[DocFilter],
) -> Result<()> {
    let known = known_columns(meta_columns);
    if let Some(f) = filters.iter().find(|f| !known.contains(&f.column.as_str())) {
        bail!(
            "--filter `{}`: no column `{}`; the corpus has {}",
            f.text,
            f.column,
            known.join(", ")
        );
    }
    entries.retain(|e| {
        filters
            .iter()
            .all(|f| f.keeps(column_value(e, meta_columns, &f.column).unwrap_or("")))
    });
    Ok(())
}

/// The shard (0-based, of `n`) a document belongs to: xxh3-64 of its doc_id, modulo `n`.
pub fn shard_of(doc_id: &str, n: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64(doc_id.as_bytes()) % n.max(1)
}

/// How document bytes are turned into text (`--encoding`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum InputEncoding {
    /// UTF-8 only (a BOM is fine); anything else is an error naming the byte offset.
    #[default]
    Utf8,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
    /// UTF-8 if the file is valid UTF-8, else GB18030.
    Auto,
}

/// Decode document bytes. UTF-16 with a BOM is always detected; binary files (a PDF header,
/// NUL bytes) are refused.
pub fn decode(
    path: &Path,
    bytes: Vec<u8>,
    encoding: InputEncoding,
) -> Result<(String, &'static str)> {
    let shown = path.display();
    for (bom, enc) in [
        (&[0xFF, 0xFE][..], encoding_rs::UTF_16LE),
        (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            let (text, malformed) = enc
                .decode_without_bom_handling_and_without_replacement(&bytes[2..])
                .map_or((None, true), |t| (Some(t), false));
            if malformed {
                bail!(
                    "{shown}: has a {} byte-order mark but is not valid {}",
                    enc.name(),
                    enc.name()
                );
            }
            return Ok((text.unwrap_or_default().into_owned(), enc.name()));
        }
    }
    if bytes.starts_with(b"%PDF") || bytes.iter().take(8192).any(|&b| b == 0) {
        bail!(
            "{shown}: looks like a binary file (PDF header or NUL bytes), not a text document; convert it to text first"
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) if encoding != InputEncoding::Gb18030 => Ok((text, "UTF-8")),
        Ok(text) => decode_gb18030(path, text.into_bytes()),
        Err(e) if encoding == InputEncoding::Utf8 => bail!(
            "{shown}: not valid UTF-8 at byte offset {}; if it is GB18030/GBK, pass --encoding gb18030 (or --encoding auto)",
            e.utf8_error().valid_up_to()
        ),
        Err(e) if encoding == InputEncoding::Auto && looks_like_big5(e.as_bytes()) => bail!(
            "{shown}: looks like Big5 (traditional Chinese), which --encoding auto does not read; convert it to UTF-8 first (e.g. iconv -f BIG5 -t UTF-8)"
        ),
        Err(e) => decode_gb18030(path, e.into_bytes()),
    }
}

/// Big5 bytes mostly decode as GB18030 too, into nonsense. Tell them apart by the second
/// byte of two-byte characters: GB2312 text (nearly all mainland text) keeps it in
/// 0xA1–0xFE, while about 40% of Big5 characters have it in 0x40–0x7E.
fn looks_like_big5(bytes: &[u8]) -> bool {
    let (mut pairs, mut low) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < bytes.len() {
        let (b, next) = (bytes[i], bytes[i + 1]);
        if b < 0x80 {
            i += 1;
        } else if next.is_ascii_digit() {
            i += 4; // a GB18030 four-byte sequence
        } else {
            pairs += 1;
            low += usize::from(next < 0xA1);
            i += 2;
        }
    }
    pairs >= 8
        && low * 5 > pairs
        && encoding_rs::BIG5
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_some()
}

fn decode_gb18030(path: &Path, bytes: Vec<u8>) -> Result<(String, &'static str)> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(&bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok((text, "GB18030")),
        encoding_rs::DecoderResult::Malformed(bad, after) => bail!(
            "{}: not valid GB18030 (nor UTF-8) at byte offset {}",
            path.display(),
            read - bad as usize - after as usize
        ),
        encoding_rs::DecoderResult::OutputFull => {
            unreachable!("decode_to_string reserves its own space")
        }
    }
}

/// The real location of a document (symbolic links resolved); refused when it is outside
/// the corpus folder, unless `--allow-outside-corpus`.
fn check_inside(
    path: &Path,
    canonical_root: &Path,
    allow_outside: bool,
    shown: &str,
) -> Result<PathBuf> {
    let real = path
        .canonicalize()
        .with_context(|| format!("{shown}: document not found at {}", path.display()))?;
    if !allow_outside && !real.starts_with(canonical_root) {
        bail!(
            "{shown}: {} resolves to {}, outside the corpus folder; pass --allow-outside-corpus to accept it",
            path.display(),
            real.display()
        );
    }
    Ok(real)
}

/// Where each interpreted column of `metadata.csv` is.
struct MetadataColumns {
    id: usize,
    province: usize,
    path: usize,
    title: Option<usize>,
    /// The carried columns (every one not in [`RESERVED_COLUMNS`]).
    meta: Vec<usize>,
}

/// Check the header (no column twice; doc_id, province and path present) and find the
/// columns.
fn metadata_columns(headers: &csv::StringRecord, shown: &str) -> Result<MetadataColumns> {
    let name = |i: usize| headers[i].trim_start_matches('\u{feff}');
    for i in 0..headers.len() {
        if let Some(j) = (0..i).find(|&j| name(j) == name(i)) {
            bail!(
                "{shown}:1: column `{}` appears twice (columns {} and {}); every column needs its own name",
                name(i),
                j + 1,
                i + 1
            );
        }
    }
    let col = |wanted: &str| (0..headers.len()).find(|&i| name(i) == wanted);
    let (Some(id), Some(province), Some(path)) = (col("doc_id"), col("province"), col("path"))
    else {
        bail!(
            "{shown}:1: header must have columns doc_id, province and path; found `{}`",
            one_line(&headers.iter().collect::<Vec<_>>().join(","))
        );
    };
    Ok(MetadataColumns {
        id,
        province,
        path,
        title: col("title"),
        meta: (0..headers.len())
            .filter(|&i| !RESERVED_COLUMNS.contains(&name(i)))
            .collect(),
    })
}

fn read_metadata(
    root: &Path,
    canonical_root: &Path,
    metadata: &Path,
    allow_outside: bool,
    group_by: &GroupBy,
) -> Result<(Vec<DocEntry>, Vec<String>)> {
    let shown = metadata.display().to_string();
    let bytes = std::fs::read(metadata).with_context(|| format!("cannot read {shown}"))?;
    if let Some(line) = unclosed_quote_line(&bytes) {
        bail!(
            "{shown}:{line}: unterminated quoted field (a `\"` opens a value here and is never closed, so every row after it would be part of it)"
        );
    }
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().map_err(|e| csv_error(&shown, &e))?.clone();
    let cols = metadata_columns(&headers, &shown)?;
    let meta_columns: Vec<String> = cols.meta.iter().map(|&i| headers[i].to_owned()).collect();
    let mut ids: HashMap<String, u64> = HashMap::new();
    let mut files: HashMap<PathBuf, (u64, String)> = HashMap::new();
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&shown, &e))?;
        // The line the record starts on, right after quoted line breaks too.
        let line = record.position().map_or(0, |p| p.line());
        let at = format!("{shown}:{line}");
        let (entry, real) =
            metadata_entry(&record, &cols, &at, root, canonical_root, allow_outside)?;
        // A document in an unnamed group would be counted under `""`, beside the named ones;
        // an empty grouping value is refused as an empty province is.
        for c in group_by.columns() {
            if column_value(&entry, &meta_columns, c).is_some_and(str::is_empty) {
                bail!("{at}: empty value in group column \"{c}\"");
            }
        }
        if let Some(first) = ids.insert(entry.doc_id.clone(), line) {
            bail!(
                "{at}: duplicate doc_id `{}` (first at line {first})",
                entry.doc_id
            );
        }
        if let Some((first, rel)) = files.insert(real, (line, entry.rel_path.clone())) {
            bail!(
                "{at}: path `{}` is the same file as line {first} (`{rel}`); list each document once",
                entry.rel_path
            );
        }
        entries.push(entry);
    }
    Ok((entries, meta_columns))
}

/// One row of `metadata.csv` as a document and its file's real path (symbolic links
/// resolved); `at` is `FILE:LINE` for errors.
fn metadata_entry(
    record: &csv::StringRecord,
    cols: &MetadataColumns,
    at: &str,
    root: &Path,
    canonical_root: &Path,
    allow_outside: bool,
) -> Result<(DocEntry, PathBuf)> {
    let doc_id = record[cols.id].trim().to_owned();
    let province = record[cols.province].trim().to_owned();
    let rel = record[cols.path].trim();
    if doc_id.is_empty() || province.is_empty() || rel.is_empty() {
        bail!("{at}: doc_id, province and path must not be empty");
    }
    for (name, value) in [
        ("doc_id", &*doc_id),
        ("province", &*province),
        ("path", rel),
    ] {
        if value.contains(['\n', '\r']) {
            bail!(
                "{at}: {name} `{}` holds a line break; is a closing `\"` missing?",
                one_line(value)
            );
        }
    }
    let rel_path = Path::new(rel);
    let outside = rel_path.is_absolute()
        || rel_path
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)));
    if outside && !allow_outside {
        bail!(
            "{at}: path `{rel}` points outside the corpus folder; pass --allow-outside-corpus to accept it"
        );
    }
    let path = root.join(rel_path);
    let bytes = std::fs::metadata(&path)
        .with_context(|| format!("{at}: document `{rel}` not found at {}", path.display()))?
        .len();
    let real = check_inside(&path, canonical_root, allow_outside, at)?;
    let entry = DocEntry {
        doc_id,
        province,
        rel_path: rel.to_owned(),
        path,
        title: cols
            .title
            .map(|c| record[c].trim().to_owned())
            .unwrap_or_default(),
        meta: cols
            .meta
            .iter()
            .map(|&c| record[c].trim().to_owned())
            .collect(),
        bytes,
        index: 0,
        group: Vec::new(),
        group_idx: 0,
        inline_text: None,
        part: None,
    };
    Ok((entry, real))
}

/// A file folder mode reads: one of the formats' extensions, in any case.
fn is_document(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// In folder mode the doc_id is the path without extension, so `a.txt` beside `a.pdf` clash.
fn check_unique_ids(entries: &[DocEntry]) -> Result<()> {
    let mut seen = std::collections::HashMap::new();
    for e in entries {
        if let Some(first) = seen.insert(e.doc_id.as_str(), e.rel_path.as_str()) {
            bail!(
                "{} and {} would both be document `{}`; keep one of them",
                first,
                e.rel_path,
                e.doc_id
            );
        }
    }
    Ok(())
}

/// An output folder inside the corpus folder: its parent (relative to the corpus folder)
/// and its name.
struct OutSkip {
    parent: PathBuf,
    name: String,
}

impl OutSkip {
    /// Where `out` is, when it is under `canonical_root` (its parent exists: the run made it).
    fn of(out: &Path, canonical_root: &Path) -> Option<Self> {
        let absolute = std::path::absolute(out).ok()?;
        let name = absolute.file_name()?.to_str()?.to_owned();
        let parent = absolute.parent()?.canonicalize().ok()?;
        let parent = parent.strip_prefix(canonical_root).ok()?.to_owned();
        Some(Self { parent, name })
    }

    /// `rel` (relative to the corpus folder) is the output folder or one of its siblings.
    fn covers(&self, rel: &Path) -> bool {
        let Some(name) = rel.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        rel.parent() == Some(self.parent.as_path())
            && (name == self.name
                || name
                    .strip_prefix('.')
                    .and_then(|n| n.strip_prefix(self.name.as_str()))
                    .is_some_and(|rest| rest.starts_with('.')))
    }
}

/// A folder a policy-mine run or merge wrote: its `manifest.json` names the tool.
fn is_output_folder(dir: &Path) -> bool {
    let manifest = dir.join("manifest.json");
    manifest.is_file()
        && std::fs::read(&manifest)
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .is_some_and(|m| m["tool"]["name"] == env!("CARGO_PKG_NAME"))
}

/// A path under the corpus folder that is hidden or inside a hidden folder.
fn is_hidden(rel: &Path) -> bool {
    rel.components()
        .any(|c| c.as_os_str().to_str().is_some_and(|n| n.starts_with('.')))
}

/// Files folder mode passes over: their count and the first few paths.
#[derive(Default)]
struct Skipped {
    count: usize,
    shown: Vec<String>,
}

impl Skipped {
    const SHOWN: usize = 5;

    fn add(&mut self, rel: &Path) {
        self.count += 1;
        if self.shown.len() < Self::SHOWN {
            self.shown.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }

    fn warning(&self) -> Option<String> {
        if self.count == 0 {
            return None;
        }
        let more = if self.count > self.shown.len() {
            ", …"
        } else {
            ""
        };
        let exts: Vec<String> = EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
        Some(format!(
            "skipped {} file{} that {} not documents ({}): {}{more}",
            self.count,
            if self.count == 1 { "" } else { "s" },
            if self.count == 1 { "is" } else { "are" },
            exts.join(" "),
            self.shown.join(", ")
        ))
    }
}

/// Every document (`*.txt`, `*.html`, `*.htm`, `*.docx`, `*.pdf`) under `root`, walked with
/// `walkdir`, except the run's output folder (`skip`). Symbolic links to folders are never
/// followed (no loops, no walking out of the corpus); a link to a file is read only when it
/// resolves inside the corpus folder (or with `--allow-outside-corpus`). File names must be
/// UTF-8, so that no two files share a doc_id. Other files (not hidden) are counted in one
/// warning.
fn list_txt(
    root: &Path,
    canonical_root: &Path,
    allow_outside: bool,
    skip: Option<&OutSkip>,
    warnings: &mut Vec<String>,
) -> Result<Vec<DocEntry>> {
    let mut paths = Vec::new();
    let mut skipped = Skipped::default();
    let mut walk = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.with_context(|| format!("cannot list {}", root.display()))?;
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap_or(path);
        let is_dir = entry.file_type().is_dir();
        if entry.depth() > 0 && skip.is_some_and(|s| s.covers(rel)) {
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink() && path.is_dir() {
            warnings.push(format!(
                "{}: symbolic link to a folder, not followed",
                path.display()
            ));
            continue;
        }
        if is_dir {
            if entry.depth() > 0 && is_output_folder(path) {
                warnings.push(format!(
                    "{}: output folder of an earlier policy-mine run (it holds its manifest.json), not read",
                    path.display()
                ));
                walk.skip_current_dir();
            }
            continue;
        }
        if !is_document(path) {
            if !is_hidden(rel) {
                skipped.add(rel);
            }
            continue;
        }
        if path.to_str().is_none() {
            bail!(
                "{}: file name is not valid UTF-8; rename it (doc_ids are made from file names)",
                path.display()
            );
        }
        if entry.path_is_symlink() {
            check_inside(
                path,
                canonical_root,
                allow_outside,
                &path.display().to_string(),
            )?;
        }
        paths.push(path.to_owned());
    }
    warnings.extend(skipped.warning());
    paths.sort();
    paths
        .into_iter()
        .map(|path| file_entry(root, path))
        .collect()
}

/// A file found in folder mode as a document: doc_id is its path without extension,
/// province its file stem.
fn file_entry(root: &Path, path: PathBuf) -> Result<DocEntry> {
    let rel_file = path
        .strip_prefix(root)
        .unwrap_or(&path)
        .to_string_lossy()
        .replace('\\', "/");
    let rel = path.strip_prefix(root).unwrap_or(&path).with_extension("");
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc_id = rel.to_string_lossy().replace('\\', "/");
    Ok(DocEntry {
        doc_id,
        province: stem,
        bytes: std::fs::metadata(&path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .len(),
        path,
        rel_path: rel_file,
        title: String::new(),
        meta: Vec::new(),
        index: 0,
        group: Vec::new(),
        group_idx: 0,
        inline_text: None,
        part: None,
    })
}

/// What the manifest records of each input document.
#[derive(Debug, Clone)]
pub struct InputRecord {
    pub index: u64,
    pub doc_id: String,
    pub province: String,
    pub rel_path: String,
    pub title: String,
    pub path: PathBuf,
    pub bytes: u64,
    pub sha256: String,
    pub encoding: &'static str,
    pub format: &'static str,
    pub text_sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_corpus_lists_nine_documents_in_order() {
        let corpus = Corpus::open(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("corpus")
                .as_path(),
            false,
            &GroupBy::default(),
            &[],
        )
        .unwrap();
        assert_eq!(corpus.entries.len(), 9);
        assert_eq!(corpus.groups.keys[0], ["全国"]);
        assert_eq!(corpus.groups.keys[1], ["山西省"]);
        assert_eq!(corpus.groups.keys[8], ["云南省"]);
        assert!(corpus.meta_columns.contains(&"published".to_string()));
    }

    #[test]
    fn filters_leave_documents_out_and_unknown_columns_list_the_columns() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let f = |e: &str| DocFilter::parse(e).unwrap();
        let corpus = Corpus::open(&root, false, &GroupBy::default(), &[f("section!=00")]).unwrap();
        assert_eq!(corpus.entries.len(), 8);
        assert!(!corpus.groups.keys.iter().any(|k| k[0] == "全国"));
        assert_eq!(corpus.entries[0].index, 0, "positions are renumbered");
        let two = Corpus::open(
            &root,
            false,
            &GroupBy::default(),
            &[f("section!=00"), f("province in 山西省,云南省")],
        )
        .unwrap();
        assert_eq!(two.groups.keys, [["山西省"], ["云南省"]]);
        let err = Corpus::open(&root, false, &GroupBy::default(), &[f("yaer>=2000")])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("yaer") && err.contains("section, publisher"),
            "{err}"
        );
        let none = Corpus::open(&root, false, &GroupBy::default(), &[f("section>99")])
            .unwrap_err()
            .to_string();
        assert!(none.contains("no document"), "{none}");
    }

    #[test]
    fn group_by_columns_and_missing_column() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let by = GroupBy::parse("publisher,province").unwrap();
        let corpus = Corpus::open(&root, false, &by, &[]).unwrap();
        assert_eq!(corpus.groups.len(), 9);
        assert_eq!(corpus.groups.keys[1][1], "山西省");
        assert!(!corpus.carried_columns.contains(&"publisher".to_string()));
        let err = Corpus::open(&root, false, &GroupBy::parse("year").unwrap(), &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("no column `year`") && err.contains("published"),
            "{err}"
        );
    }

    #[test]
    fn folder_mode_uses_file_stems() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("湖南.txt"), "一是提高政治站位。").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/云南.txt"), "云南省委高度重视。").unwrap();
        std::fs::write(dir.path().join("notes.md"), "ignored").unwrap();
        let corpus = Corpus::open(dir.path(), false, &GroupBy::default(), &[]).unwrap();
        let ids: Vec<_> = corpus
            .entries
            .iter()
            .map(|e| (e.doc_id.as_str(), e.province.as_str()))
            .collect();
        assert_eq!(ids, vec![("sub/云南", "云南"), ("湖南", "湖南")]);
    }

    fn gb(text: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(text).0.into_owned()
    }

    #[test]
    fn invalid_utf8_names_byte_offset_and_suggests_gb18030() {
        let mut bytes = b"ok ".to_vec();
        bytes.extend_from_slice(&gb("督察整改"));
        let err = decode(Path::new("x.txt"), bytes, InputEncoding::Utf8)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("x.txt: not valid UTF-8 at byte offset 3"),
            "{err}"
        );
        assert!(err.contains("--encoding gb18030"), "{err}");
    }

    #[test]
    fn gb18030_and_auto_transcode() {
        let text = "山西省国考断面水质优良比例为87.5%。";
        let (t, enc) = decode(Path::new("x"), gb(text), InputEncoding::Gb18030).unwrap();
        assert_eq!((t.as_str(), enc), (text, "GB18030"));
        let (t, enc) = decode(Path::new("x"), gb(text), InputEncoding::Auto).unwrap();
        assert_eq!((t.as_str(), enc), (text, "GB18030"));
        let (t, enc) = decode(
            Path::new("x"),
            text.as_bytes().to_vec(),
            InputEncoding::Auto,
        )
        .unwrap();
        assert_eq!((t.as_str(), enc), (text, "UTF-8"));
    }

    #[test]
    fn utf16_with_bom_is_detected() {
        let text = "督察整改";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode(Path::new("x"), le, InputEncoding::Utf8).unwrap(),
            (text.to_owned(), "UTF-16LE")
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(
            decode(Path::new("x"), be, InputEncoding::Utf8).unwrap(),
            (text.to_owned(), "UTF-16BE")
        );
    }

    #[test]
    fn truncated_gb18030_names_offset() {
        let mut bytes = gb("督察");
        bytes.push(0x81); // first byte of a two-byte sequence, then nothing
        let err = decode(Path::new("x"), bytes, InputEncoding::Gb18030)
            .unwrap_err()
            .to_string();
        assert!(err.contains("byte offset 4"), "{err}");
    }
}
