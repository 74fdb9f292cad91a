//! `policy-mine merge`: partial folders back into the final tables, byte-identical to one
//! run over the whole corpus.

use std::collections::{BTreeMap, BinaryHeap};
use std::io::{BufReader, Write};

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rustc_hash::FxHashMap;

use crate::config::RunFile;
use crate::nlp::resources::Resources;
use crate::provenance::manifest::{FORMAT, InputEntry, Manifest, read_manifest};
use crate::run::finalize::{Finish, Totals, finalize};
use crate::run::partial::PARTIAL_JSON;
use crate::run::partial::PartialData;
use crate::run::partial::from_record;
use crate::run::partial::{DTM_ROWS, ROW_TABLES, partial_rows_file};
use crate::run::partial::{Frame, read_frame};
use crate::stats::aggregate::GroupAcc;
use crate::stats::headlines::{HEADLINES_PER_GROUP, Headline};
use crate::tables::schema::{SchemaContext, schema};
use crate::tables::staging::{Staging, TableWriter};
use crate::util::hash::sha256_hex;
use crate::util::interrupt::check_interrupted;

/// One group's counts gathered from every partial.
struct MergedGroup {
    pub first_index: u64,
    pub meta: Vec<String>,
    pub acc: GroupAcc,
    pub headlines: Vec<Headline>,
}

/// (term, count, [(pos, count)]) as stored in `partial.json`.
pub type TermRecord = (String, u64, Vec<(String, u64)>);

/// Options of `policy-mine merge`.
pub struct MergeConfig {
    pub partials: Vec<PathBuf>,
    pub out: PathBuf,
    pub force: bool,
    pub report: bool,
    /// Merge a shard set that does not cover all N shards (with a warning) instead of
    /// refusing it.
    pub allow_partial: bool,
    pub arguments: Vec<String>,
}

struct Loaded {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub data: PartialData,
}

fn load(dir: &Path) -> Result<Loaded> {
    let manifest = read_manifest(dir)?;
    let Some(info) = &manifest.partial else {
        bail!(
            "{} holds finished tables, not a partial (make partials with run --shard or --stdin-jsonl)",
            dir.display()
        );
    };
    if info.format != FORMAT {
        bail!(
            "{}: partial format `{}`; this policy-mine reads `{FORMAT}`",
            dir.display(),
            info.format
        );
    }
    for record in manifest.files.iter().filter(|f| f.file != PARTIAL_JSON) {
        let path = dir.join(&record.file);
        let found = hash_stream(&path)?;
        if found != record.sha256 {
            bail!(
                "{}: does not match the hash in its manifest.json (sha256 {found}, manifest says {}); the partial was changed",
                path.display(),
                record.sha256
            );
        }
    }
    for table in ROW_TABLES {
        let name = partial_rows_file(table);
        if !manifest.files.iter().any(|f| f.file == name) {
            bail!(
                "{}: its manifest.json does not list it",
                dir.join(name).display()
            );
        }
    }
    let file = dir.join(PARTIAL_JSON);
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let recorded = manifest
        .files
        .iter()
        .find(|f| f.file == PARTIAL_JSON)
        .map(|f| f.sha256.as_str());
    if recorded != Some(sha256_hex(&bytes).as_str()) {
        bail!(
            "{}: does not match the hash in its manifest.json; the partial was changed",
            file.display()
        );
    }
    let data = serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not a policy-mine partial", file.display()))?;
    Ok(Loaded {
        dir: dir.to_owned(),
        manifest,
        data,
    })
}

/// SHA-256 of a file, read in blocks (row files can be large); honours interrupts.
fn hash_stream(path: &Path) -> Result<String> {
    use sha2::Digest;
    use std::io::Read;
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        check_interrupted()?;
        let n = file
            .read(&mut buf)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(crate::util::hash::hex(&hasher.finalize()))
}

/// One `.rows` file being read: its frames must have strictly rising indices.
struct RowsReader {
    path: PathBuf,
    reader: BufReader<std::fs::File>,
    offset: u64,
    last: Option<u64>,
}

impl RowsReader {
    fn next(&mut self) -> Result<Option<Frame>> {
        let at = self.offset;
        let frame = read_frame(&mut self.reader, &self.path, &mut self.offset)?;
        if let (Some(f), Some(last)) = (&frame, self.last)
            && f.index <= last
        {
            bail!(
                "{}: frame at byte {at} is for document {} after document {last}; frames must rise strictly",
                self.path.display(),
                f.index
            );
        }
        self.last = frame.as_ref().map(|f| f.index).or(self.last);
        Ok(frame)
    }
}

/// Write the rows of all partials in corpus order (a k-way merge on the document index);
/// `framed` keeps each frame's header (for `dtm.rows`, which finalize reads back).
fn merge_rows(parts: &[Loaded], file: &str, out: &mut TableWriter, framed: bool) -> Result<u64> {
    let mut readers: Vec<RowsReader> = parts
        .iter()
        .map(|p| {
            let path = p.dir.join(file);
            let f = std::fs::File::open(&path)
                .with_context(|| format!("cannot open {}", path.display()))?;
            Ok(RowsReader {
                path,
                reader: BufReader::new(f),
                offset: 0,
                last: None,
            })
        })
        .collect::<Result<_>>()?;
    let mut heap = BinaryHeap::new();
    let mut current: Vec<Option<Frame>> = Vec::new();
    for (k, r) in readers.iter_mut().enumerate() {
        let frame = r.next()?;
        if let Some(f) = &frame {
            heap.push(std::cmp::Reverse((f.index, k)));
        }
        current.push(frame);
    }
    let mut rows = 0;
    let mut last: Option<(u64, usize)> = None;
    while let Some(std::cmp::Reverse((index, k))) = heap.pop() {
        check_interrupted()?;
        if let Some((_, j)) = last.filter(|&(prev, _)| prev == index) {
            bail!(
                "document {index} has rows in both {} and {}",
                readers[j].path.display(),
                readers[k].path.display()
            );
        }
        last = Some((index, k));
        let frame = current[k].take().expect("queued frame");
        if framed {
            writeln!(out, "#doc {} {}", frame.index, frame.bytes.len())?;
        } else {
            rows += count_records(&frame.bytes);
        }
        out.write_all(&frame.bytes)?;
        if let Some(next) = readers[k].next()? {
            heap.push(std::cmp::Reverse((next.index, k)));
            current[k] = Some(next);
        }
    }
    Ok(rows)
}

/// CSV records in a run of rows: line ends outside quotes (a quoted field may hold one).
fn count_records(bytes: &[u8]) -> u64 {
    let mut quoted = false;
    let mut n = 0;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => n += 1,
            _ => {}
        }
    }
    n
}

/// Same options, same dictionaries, same grouping, no partial twice, no document twice.
fn check_parts(parts: &[Loaded]) -> Result<()> {
    let first = &parts[0];
    let mut ids = BTreeMap::new();
    let mut indexes = BTreeMap::new();
    for p in parts {
        let info = p.manifest.partial.as_ref().expect("checked in load");
        if let Some(prev) = ids.insert(info.id.clone(), p.dir.clone()) {
            bail!(
                "{} and {} are the same partial (id {}); merging it twice would double-count",
                prev.display(),
                p.dir.display(),
                &info.id[..12]
            );
        }
        let differs = |what: &str| {
            anyhow::anyhow!(
                "{} was made with other {what} than {}",
                p.dir.display(),
                first.dir.display()
            )
        };
        if p.manifest.config.comparable() != first.manifest.config.comparable() {
            return Err(
                differs("options").context("partials must share every option but the shard")
            );
        }
        if p.manifest.dictionaries != first.manifest.dictionaries {
            return Err(differs("dictionaries"));
        }
        if p.data.meta_columns != first.data.meta_columns
            || p.data.group_columns != first.data.group_columns
        {
            return Err(differs("metadata or grouping columns"));
        }
        for input in &p.manifest.inputs {
            if let Some(prev) = indexes.insert(input.index, (p.dir.clone(), input.doc_id.clone())) {
                bail!(
                    "document {} (`{}`) is in both {} and {}",
                    input.index,
                    input.doc_id,
                    prev.0.display(),
                    p.dir.display()
                );
            }
        }
    }
    Ok(())
}

/// Shards of one N must all be there: a missing shard (a failed job) would otherwise yield
/// smaller tables that look complete. With `allow_partial` an incomplete set is a warning.
fn check_shards(
    parts: &[Loaded],
    allow_partial: bool,
) -> Result<(Vec<String>, Option<Vec<String>>)> {
    let shards: Vec<&str> = parts
        .iter()
        .map(|p| p.manifest.partial.as_ref().expect("checked").shard.as_str())
        .collect();
    let mut warnings: Vec<String> = Vec::new();
    let mut present = None;
    if let Some(n) = shards
        .first()
        .and_then(|s| s.split_once('/'))
        .and_then(|(_, n)| n.parse::<usize>().ok())
    {
        let complete =
            shards.len() == n && (0..n).all(|i| shards.contains(&format!("{i}/{n}").as_str()));
        if !complete && !allow_partial {
            bail!(
                "shards {} do not cover all {n} shards of the corpus; merge the missing ones \
                 too, or give --allow-partial to merge these alone",
                shards.join(", ")
            );
        }
        if !complete {
            warnings.push(format!(
                "merging shards {} does not cover all {n} shards of the corpus",
                shards.join(", ")
            ));
            let mut sorted: Vec<String> = shards.iter().map(|s| s.to_string()).collect();
            sorted.sort_by_key(|s| s.split('/').next().and_then(|i| i.parse::<u64>().ok()));
            present = Some(sorted);
        }
    }
    Ok((warnings, present))
}

/// Groups: union, ordered by the corpus position of their first document. The records are
/// moved out of the partials, not copied.
fn merge_groups(parts: &mut [Loaded]) -> Result<Totals> {
    let first = &parts[0].data;
    let mut totals = Totals {
        group_columns: first.group_columns.clone(),
        groups: Vec::new(),
        first_index: Vec::new(),
        meta_columns: first.meta_columns.clone(),
        carried_columns: first.carried_columns.clone(),
        meta_values: Vec::new(),
        accs: Vec::new(),
        headlines: Vec::new(),
        inputs: Vec::new(),
    };
    let mut by_key: FxHashMap<Vec<String>, MergedGroup> = FxHashMap::default();
    for p in parts.iter_mut() {
        let headlines = std::mem::take(&mut p.data.headlines);
        let records = std::mem::take(&mut p.data.groups);
        let more = headlines
            .into_iter()
            .chain(std::iter::repeat_with(Vec::new));
        for (rec, headlines) in records.into_iter().zip(more) {
            let key = rec.key.clone();
            let (first_index, meta) = (rec.first_index, rec.meta.clone());
            let acc = from_record(rec);
            match by_key.get_mut(&key) {
                Some(merged) => {
                    if merged.meta != meta {
                        bail!(
                            "{}: carried metadata of group `{}` differs between partials",
                            p.dir.display(),
                            key.join("|")
                        );
                    }
                    merged.first_index = merged.first_index.min(first_index);
                    merged.acc.merge(acc);
                    merged.headlines.extend(headlines);
                }
                None => {
                    let merged = MergedGroup {
                        first_index,
                        meta,
                        acc,
                        headlines,
                    };
                    by_key.insert(key, merged);
                }
            }
        }
    }
    let mut groups: Vec<(Vec<String>, MergedGroup)> = by_key.into_iter().collect();
    groups.sort_by(|a, b| {
        a.1.first_index
            .cmp(&b.1.first_index)
            .then_with(|| a.0.cmp(&b.0))
    });
    for (key, mut merged) in groups {
        merged.headlines.sort_by_key(|h| h.index);
        merged.headlines.truncate(HEADLINES_PER_GROUP);
        totals.groups.push(key);
        totals.first_index.push(merged.first_index);
        totals.meta_values.push(merged.meta);
        totals.accs.push(merged.acc);
        totals.headlines.push(merged.headlines);
    }
    let mut inputs: Vec<InputEntry> = parts
        .iter()
        .flat_map(|p| p.manifest.inputs.iter().cloned())
        .collect();
    inputs.sort_by_key(|i| i.index);
    totals.inputs = inputs;
    Ok(totals)
}

/// Write the row tables (and `dtm.rows`) of all partials in corpus order.
fn write_row_tables(
    parts: &[Loaded],
    staging: &mut Staging,
    style: crate::tables::format::TableStyle,
    ctx: &SchemaContext,
    dtm: bool,
) -> Result<()> {
    for table in ROW_TABLES {
        let header = schema(table).header(ctx);
        let w = staging.open(&style.file_name(table))?;
        let mut w = style
            .stream_writer(w, &header)?
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{}", e.error()))?;
        let rows = merge_rows(parts, &partial_rows_file(table), &mut w, false)?;
        staging.close(w, rows)?;
    }
    if dtm {
        let mut w = staging.open(DTM_ROWS)?;
        merge_rows(parts, DTM_ROWS, &mut w, true)?;
        staging.close(w, 0)?;
    }
    Ok(())
}

/// Merge partial folders into the final tables.
pub fn merge(cfg: &MergeConfig) -> Result<crate::run::pipeline::RunReport> {
    let started = std::time::Instant::now();
    let started_at = std::time::SystemTime::now();
    anyhow::ensure!(
        !cfg.partials.is_empty(),
        "merge needs at least one partial folder"
    );
    crate::provenance::manifest::check_out_dir(&cfg.out, cfg.force)?;
    let mut staging = Staging::new(&cfg.out)?;
    let mut parts: Vec<Loaded> = cfg
        .partials
        .iter()
        .map(|d| load(d))
        .collect::<Result<_>>()?;
    check_parts(&parts)?;
    let (warnings, merged_shards) = check_shards(&parts, cfg.allow_partial)?;

    // Rebuild the run's resources from the recorded options, and check they are the ones
    // the partials used.
    let config_file = parts[0].manifest.config.clone();
    let res = Resources::load(&config_file.dict_paths())?;
    if crate::provenance::manifest::dictionary_entries(&res) != parts[0].manifest.dictionaries {
        bail!(
            "the dictionaries on disk differ from those the partials were made with (see their manifest.json)"
        );
    }
    let totals = merge_groups(&mut parts)?;
    let style = config_file.style();
    let ctx = totals.schema_context(&res.measures);
    let dtm = config_file.dtm_min_count();
    write_row_tables(&parts, &mut staging, style, &ctx, dtm.is_some())?;
    let timing = crate::provenance::manifest::Timing::since(
        started,
        started_at,
        1,
        &cfg.out,
        &cfg.arguments,
    );
    // A partial set says so in the manifest (and so in datapackage.json and `verify`).
    let resolved = RunFile {
        merged_shards,
        ..config_file.comparable()
    };
    let finish = Finish {
        style,
        report: cfg.report,
        dtm_min_count: dtm,
        resolved: &resolved,
        partial: None,
        timing,
    };
    let tables = finalize(staging, &totals, &res, finish)?;
    let warnings = warnings
        .into_iter()
        .chain(parts.iter().flat_map(|p| p.data.warnings.iter().cloned()))
        .chain(crate::stats::keyness::no_reference_warning(&totals.accs))
        .collect();
    Ok(crate::run::pipeline::RunReport::new(
        &totals, started, tables, warnings,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip() {
        let mut buf = Vec::new();
        for (i, rows) in [(3u64, "a,b\n"), (10, "c,\"d\ne\"\n")] {
            writeln!(buf, "#doc {i} {}", rows.len()).unwrap();
            buf.extend_from_slice(rows.as_bytes());
        }
        let mut r = std::io::Cursor::new(buf);
        let mut at = 0;
        let f1 = read_frame(&mut r, Path::new("x"), &mut at)
            .unwrap()
            .unwrap();
        let f2 = read_frame(&mut r, Path::new("x"), &mut at)
            .unwrap()
            .unwrap();
        assert_eq!((f1.index, f1.bytes.as_slice()), (3, &b"a,b\n"[..]));
        assert_eq!((f2.index, f2.bytes.as_slice()), (10, &b"c,\"d\ne\"\n"[..]));
        assert!(
            read_frame(&mut r, Path::new("x"), &mut at)
                .unwrap()
                .is_none()
        );
        let mut bad = std::io::Cursor::new(b"#row 1 2\nab".to_vec());
        assert!(read_frame(&mut bad, Path::new("x"), &mut 0).is_err());
        let mut bad = std::io::Cursor::new(b"#doc 1 \xff\xfe9\nab".to_vec());
        let err = read_frame(&mut bad, Path::new("x"), &mut 0)
            .unwrap_err()
            .to_string();
        assert!(err.contains("x: bad frame header at byte 0"), "{err}");
        let mut short = std::io::Cursor::new(b"#doc 1 9\nab".to_vec());
        let err = read_frame(&mut short, Path::new("x"), &mut 0)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("says 9 bytes but the file ends after 2"),
            "{err}"
        );
    }
}
