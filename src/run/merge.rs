//! `policy-mine merge`: partial folders back into the final tables, byte-identical to one
//! run over the whole corpus.

use std::collections::{BTreeMap, BinaryHeap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::nlp::resources::Resources;
use crate::provenance::manifest::{FORMAT, InputEntry, Manifest, read_manifest};
use crate::run::finalize::{Finish, Totals, finalize};
use crate::run::partial::MEASURE_ROWS;
use crate::run::partial::METRIC_ROWS;
use crate::run::partial::PARTIAL_JSON;
use crate::run::partial::PartialData;
use crate::run::partial::from_record;
use crate::stats::aggregate::ProvinceAcc;
use crate::stats::headlines::{HEADLINES_PER_PROVINCE, Headline};
use crate::tables::schema::schema;
use crate::tables::staging::{Staging, TableWriter};
use crate::util::hash::sha256_hex;
use crate::util::interrupt::check_interrupted;

/// One province's counts gathered from every partial.
struct MergedProvince {
    pub first_index: u64,
    pub meta: Vec<String>,
    pub acc: ProvinceAcc,
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
    for name in [MEASURE_ROWS, METRIC_ROWS] {
        let path = dir.join(name);
        let Some(record) = manifest.files.iter().find(|f| f.file == name) else {
            bail!("{}: its manifest.json does not list it", path.display());
        };
        let found = hash_stream(&path)?;
        if found != record.sha256 {
            bail!(
                "{}: does not match the hash in its manifest.json (sha256 {found}, manifest says {}); the partial was changed",
                path.display(),
                record.sha256
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

/// One framed document of a `.rows` file.
#[derive(Debug)]
struct Frame {
    pub index: u64,
    pub bytes: Vec<u8>,
}

/// Read one frame; `offset` is the byte position in the file, for errors.
fn read_frame(r: &mut impl BufRead, file: &Path, offset: &mut u64) -> Result<Option<Frame>> {
    let mut raw = Vec::new();
    let at = *offset;
    let n = r
        .read_until(b'\n', &mut raw)
        .with_context(|| format!("{}: cannot read at byte {at}", file.display()))?;
    if n == 0 {
        return Ok(None);
    }
    let header = String::from_utf8_lossy(&raw);
    let bad = || {
        anyhow::anyhow!(
            "{}: bad frame header at byte {at}: `{}`",
            file.display(),
            header.trim_end().chars().take(60).collect::<String>()
        )
    };
    let mut parts = header.trim_end().split(' ');
    if parts.next() != Some("#doc") {
        return Err(bad());
    }
    let index: u64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let len: usize = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    if parts.next().is_some() {
        return Err(bad());
    }
    let mut bytes = Vec::new();
    let got = r
        .take(len as u64)
        .read_to_end(&mut bytes)
        .with_context(|| format!("{}: cannot read at byte {at}", file.display()))?;
    if got != len {
        bail!(
            "{}: frame at byte {at} says {len} bytes but the file ends after {got}",
            file.display()
        );
    }
    *offset += (n + len) as u64;
    Ok(Some(Frame { index, bytes }))
}

/// Fuzzing entry: read frames from bytes until the end or the first error.
pub fn fuzz_rows(bytes: &[u8]) -> Result<usize> {
    let mut r = std::io::Cursor::new(bytes);
    let mut at = 0;
    let mut n = 0;
    while read_frame(&mut r, Path::new("fuzz"), &mut at)?.is_some() {
        n += 1;
    }
    Ok(n)
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

/// Write the rows of all partials in corpus order (a k-way merge on the document index).
fn merge_rows(parts: &[Loaded], file: &str, out: &mut TableWriter) -> Result<u64> {
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
        let _ = last.replace((index, k));
        let frame = current[k].take().expect("queued frame");
        rows += frame.bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        out.write_all(&frame.bytes)?;
        if let Some(next) = readers[k].next()? {
            heap.push(std::cmp::Reverse((next.index, k)));
            current[k] = Some(next);
        }
    }
    Ok(rows)
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
    check_compatible(&parts)?;
    let warnings = shard_warnings(&parts);
    let config_file = parts[0].manifest.config.clone();
    let res = resources(&config_file, &parts[0].manifest)?;
    let totals = merge_totals(&mut parts)?;
    let style = config_file.style();
    for (file, table) in [(MEASURE_ROWS, "measures"), (METRIC_ROWS, "metrics")] {
        let header = schema(table).column_names();
        let w = staging.open(&style.file_name(table))?;
        let mut w = style
            .stream_writer(w, &header)?
            .into_inner()
            .map_err(|e| anyhow::anyhow!("{}", e.error()))?;
        let rows = merge_rows(&parts, file, &mut w)?;
        staging.close(w, rows)?;
    }
    let timing = crate::provenance::manifest::Timing::since(
        started,
        started_at,
        1,
        &cfg.out,
        &cfg.arguments,
    );
    let resolved = config_file.comparable();
    let finish = Finish {
        style,
        report: cfg.report,
        resolved: &resolved,
        partial: None,
        timing,
    };
    let tables = finalize(staging, &totals, &res, finish)?;
    let warnings = warnings
        .into_iter()
        .chain(parts.iter().flat_map(|p| p.data.warnings.iter().cloned()))
        .collect();
    Ok(crate::run::pipeline::RunReport::new(
        &totals, started, tables, warnings,
    ))
}

/// Same options, same dictionaries, no partial twice, no document twice.
fn check_compatible(parts: &[Loaded]) -> Result<()> {
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
        if p.manifest.config.comparable() != first.manifest.config.comparable() {
            bail!(
                "{} was made with other options than {}; partials must share every option but the shard",
                p.dir.display(),
                first.dir.display()
            );
        }
        if p.manifest.dictionaries != first.manifest.dictionaries {
            bail!(
                "{} was made with other dictionaries than {}",
                p.dir.display(),
                first.dir.display()
            );
        }
        if p.data.meta_columns != first.data.meta_columns {
            bail!(
                "{} carries other metadata columns than {}",
                p.dir.display(),
                first.dir.display()
            );
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

/// Shards of one N should all be there; anything else is allowed but said.
fn shard_warnings(parts: &[Loaded]) -> Vec<String> {
    let shards: Vec<&str> = parts
        .iter()
        .map(|p| p.manifest.partial.as_ref().expect("checked").shard.as_str())
        .collect();
    let mut warnings: Vec<String> = Vec::new();
    if let Some(n) = shards
        .first()
        .and_then(|s| s.split_once('/'))
        .and_then(|(_, n)| n.parse::<usize>().ok())
    {
        let complete =
            shards.len() == n && (0..n).all(|i| shards.contains(&format!("{i}/{n}").as_str()));
        if !complete {
            warnings.push(format!(
                "merging shards {} does not cover all {n} shards of the corpus",
                shards.join(", ")
            ));
        }
    }

    warnings
}

/// Rebuild the run's resources from the recorded options, and check they are the ones the
/// partials used.
fn resources(config_file: &crate::config::RunFile, first: &Manifest) -> Result<Resources> {
    let res = Resources::load(&config_file.dict_paths())?;
    if crate::provenance::manifest::dictionary_entries(&res) != first.dictionaries {
        bail!(
            "the dictionaries on disk differ from those the partials were made with (see their manifest.json)"
        );
    }
    Ok(res)
}

/// Provinces: union, ordered by the corpus position of their first document. The records
/// are moved out of the partials, not copied.
fn merge_totals(parts: &mut [Loaded]) -> Result<Totals> {
    let meta_columns = parts[0].data.meta_columns.clone();
    let mut by_name: BTreeMap<String, MergedProvince> = BTreeMap::new();
    for p in parts.iter_mut() {
        let headlines = std::mem::take(&mut p.data.headlines);
        let records = std::mem::take(&mut p.data.provinces);
        for (rec, headlines) in records.into_iter().zip(
            headlines
                .into_iter()
                .chain(std::iter::repeat_with(Vec::new)),
        ) {
            let name = rec.name.clone();
            let (first_index, meta) = (rec.first_index, rec.meta.clone());
            let acc = from_record(rec);
            match by_name.get_mut(&name) {
                Some(merged) => {
                    if merged.meta != meta {
                        bail!(
                            "{}: carried metadata of `{name}` differs between partials",
                            p.dir.display()
                        );
                    }
                    merged.first_index = merged.first_index.min(first_index);
                    merged.acc.merge(acc);
                    merged.headlines.extend(headlines);
                }
                None => {
                    by_name.insert(
                        name,
                        MergedProvince {
                            first_index,
                            meta,
                            acc,
                            headlines,
                        },
                    );
                }
            }
        }
    }
    let mut provinces: Vec<(String, MergedProvince)> = by_name.into_iter().collect();
    provinces.sort_by(|a, b| {
        a.1.first_index
            .cmp(&b.1.first_index)
            .then_with(|| a.0.cmp(&b.0))
    });
    let mut inputs: Vec<InputEntry> = parts
        .iter()
        .flat_map(|p| p.manifest.inputs.iter().cloned())
        .collect();
    inputs.sort_by_key(|i| i.index);
    let mut totals = Totals {
        provinces: Vec::new(),
        first_index: Vec::new(),
        meta_columns,
        meta_values: Vec::new(),
        accs: Vec::new(),
        headlines: Vec::new(),
        inputs,
    };
    for (name, mut merged) in provinces {
        merged.headlines.sort_by_key(|h| h.index);
        merged.headlines.truncate(HEADLINES_PER_PROVINCE);
        totals.provinces.push(name);
        totals.first_index.push(merged.first_index);
        totals.meta_values.push(merged.meta);
        totals.accs.push(merged.acc);
        totals.headlines.push(merged.headlines);
    }

    Ok(totals)
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
