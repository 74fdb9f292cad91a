//! Subcommand implementations behind `main`: each returns `anyhow::Result` and leaves
//! error printing to `main`.

use std::io::{self, Read, Write};

use anyhow::{Context, Result};

use crate::cli::{
    Command, DictOpts, ExplainOpts, KwicOpts, Opts, SegmentOpts, SplitOpts, VerifyOpts,
};
use crate::input::corpus::InputEncoding;
use crate::nlp::filter::ContentFilter;
use crate::nlp::resources::Resources;
use crate::run::pipeline::{RunReport, run};
use crate::text::normalize::normalize;

pub fn dispatch(opts: Opts) -> Result<()> {
    match opts.command {
        Command::Run(run_opts) => {
            let config = run_opts.into_config()?;
            install_interrupt_handler();
            let report = run(&config)?;
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            if !config.quiet {
                print_report(&mut io::stdout().lock(), &report)?;
            }
            Ok(())
        }
        Command::Split(split) => {
            install_interrupt_handler();
            split_command(split)
        }
        Command::Segment(seg) => segment_command(seg),
        Command::Explain(explain) => explain_command(explain),
        Command::Verify(verify) => verify_command(verify),
        Command::Kwic(kwic) => kwic_command(kwic),
        Command::Merge(m) => {
            install_interrupt_handler();
            let report = crate::run::merge::merge(&crate::run::merge::MergeConfig {
                partials: m.partials,
                out: m.out,
                force: m.force,
                report: !m.no_report,
                arguments: std::env::args().collect(),
            })?;
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            if !m.quiet {
                print_report(&mut io::stdout().lock(), &report)?;
            }
            Ok(())
        }
    }
}

/// First Ctrl-C / SIGTERM: stop at the next batch boundary and leave the output folder as
/// it was. A second one exits at once (temporary files may remain; old tables are intact).
fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        if crate::util::interrupt::INTERRUPTED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
}

/// Exit code for an error: 130 when interrupted, else 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err
        .downcast_ref::<crate::util::interrupt::Interrupted>()
        .is_some()
    {
        130
    } else {
        1
    }
}

/// A closed stdout (`policy-mine segment | head`) is not an error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

pub fn print_report(w: &mut impl Write, r: &RunReport) -> Result<()> {
    let secs = r.elapsed.as_secs_f64();
    writeln!(w, "provinces   {}", r.provinces)?;
    writeln!(w, "documents   {}", r.documents)?;
    writeln!(w, "sentences   {}", r.sentences)?;
    writeln!(w, "tokens      {}", r.tokens)?;
    writeln!(
        w,
        "cache hits  {} of {} sentences ({:.1}%)",
        r.cache_hits,
        r.sentences,
        100.0 * r.cache_hits as f64 / r.sentences.max(1) as f64
    )?;
    writeln!(w, "input       {:.2} MB", r.bytes as f64 / 1e6)?;
    writeln!(w, "elapsed     {secs:.3} s")?;
    writeln!(
        w,
        "throughput  {:.2} MB/s",
        r.bytes as f64 / 1e6 / secs.max(1e-9)
    )?;
    for t in &r.tables {
        writeln!(w, "wrote       {}", t.display())?;
    }
    Ok(())
}

fn split_command(opts: SplitOpts) -> Result<()> {
    let article = crate::tools::split::write_split(&opts.input, &opts.out, opts.force)?;
    let mut err = io::stderr().lock();
    if !opts.quiet {
        for d in &article.dropped {
            writeln!(
                err,
                "dropped {}:{} [{}] {}",
                opts.input.display(),
                d.line,
                d.reason,
                d.text
            )?;
        }
    }
    for doc in &article.docs {
        writeln!(
            err,
            "section {:02} {} ({} chars)",
            doc.section,
            doc.province,
            doc.text.chars().count()
        )?;
    }
    writeln!(
        err,
        "wrote {} documents and {}; dropped {} non-empty lines",
        article.docs.len(),
        opts.out.join("metadata.csv").display(),
        article.dropped.len()
    )?;
    Ok(())
}

fn load_resources(dicts: &DictOpts) -> Result<Resources> {
    let res = Resources::load(&dicts.to_paths()?)?;
    for w in &res.warnings {
        eprintln!("warning: {w}");
    }
    Ok(res)
}

fn read_input(input: Option<&std::path::Path>, encoding: InputEncoding) -> Result<String> {
    match input {
        Some(p) if p.as_os_str() != "-" => Ok(crate::input::corpus::read_text(p, encoding)?.0),
        _ => {
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read stdin")?;
            Ok(crate::input::corpus::decode(std::path::Path::new("<stdin>"), bytes, encoding)?.0)
        }
    }
}

fn segment_command(opts: SegmentOpts) -> Result<()> {
    let res = load_resources(&opts.dicts)?;
    let text = normalize(&read_input(opts.input.as_deref(), opts.encoding)?);
    let filter = ContentFilter {
        stopwords: &res.stopwords,
        keep_single_chars: res.keep_single_chars,
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    for (_, tokens) in res.segmenter.segment_text(&text) {
        let mut first = true;
        for t in tokens
            .iter()
            .filter(|t| !opts.content_only || filter.is_content(t.word, t.pos))
        {
            if !first {
                out.write_all(b" ")?;
            }
            write!(out, "{}/{}", t.word, t.pos)?;
            first = false;
        }
        if !first {
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Print, per sentence: the tokens, each cue that fired with its type, and the coding.
pub fn explain(res: &Resources, text: &str, w: &mut impl Write) -> Result<()> {
    let text = normalize(text);
    let dict = &res.measures;
    for (sentence, tokens) in res.segmenter.segment_text(&text) {
        writeln!(
            w,
            "sentence {}{}: {}",
            sentence.id,
            if sentence.is_heading {
                " (heading)"
            } else {
                ""
            },
            sentence.text(&text)
        )?;
        let shown: Vec<String> = tokens
            .iter()
            .map(|t| format!("{}/{}", t.word, t.pos))
            .collect();
        writeln!(w, "  tokens: {}", shown.join(" "))?;
        let hits = dict.tag(&tokens);
        if hits.is_empty() {
            writeln!(w, "  cues:   (none)")?;
            writeln!(w, "  types:  (none)")?;
            continue;
        }
        for hit in &hits {
            for &cue in &hit.cues {
                let c = &dict.cues[cue];
                let kind = match c.kind {
                    crate::nlp::tag::CueKind::Term => "term",
                    crate::nlp::tag::CueKind::Phrase => "phrase",
                    crate::nlp::tag::CueKind::Exclude => "exclude",
                };
                writeln!(
                    w,
                    "  cue:    {} ({kind}, {}:{}) -> {}",
                    c.pattern, res.measures_source.name, c.line, dict.types[hit.type_idx].name
                )?;
            }
        }
        let types: Vec<String> = hits
            .iter()
            .map(|h| {
                let t = &dict.types[h.type_idx];
                format!("{} ({}, {})", t.name, t.label, t.family)
            })
            .collect();
        writeln!(w, "  types:  {}", types.join(", "))?;
    }
    Ok(())
}

fn explain_command(opts: ExplainOpts) -> Result<()> {
    let res = load_resources(&opts.dicts)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    explain(&res, &opts.sentence, &mut out)?;
    out.flush()?;
    Ok(())
}

fn verify_command(opts: VerifyOpts) -> Result<()> {
    use crate::provenance::verify::Check;
    let findings = crate::provenance::verify::verify(&opts.out, opts.corpus.as_deref())?;
    let mut out = io::stdout().lock();
    let mut bad = 0;
    for f in &findings {
        match &f.check {
            Check::Ok => writeln!(out, "ok       {:<10} {}", f.what, f.name)?,
            Check::Changed { expected, found } => {
                bad += 1;
                writeln!(
                    out,
                    "CHANGED  {:<10} {} (sha256 {found}, manifest says {expected})",
                    f.what, f.name
                )?;
            }
            Check::Missing(why) => {
                bad += 1;
                writeln!(out, "MISSING  {:<10} {} ({why})", f.what, f.name)?;
            }
            Check::Refused(why) => {
                bad += 1;
                writeln!(out, "REFUSED  {:<10} {} ({why})", f.what, f.name)?;
            }
        }
    }
    writeln!(out, "{} checked, {bad} changed or missing", findings.len())?;
    if bad > 0 {
        anyhow::bail!(
            "{bad} of {} items differ from {}",
            findings.len(),
            opts.out.display()
        );
    }
    Ok(())
}

fn kwic_command(opts: KwicOpts) -> Result<()> {
    use rayon::prelude::*;
    let pattern = crate::tools::kwic::Pattern::parse(&opts.pattern)?;
    let corpus = crate::input::corpus::Corpus::open(&opts.corpus, opts.allow_outside_corpus)?;
    let res = load_resources(&opts.dicts)?;
    let rows: Vec<Vec<crate::tools::kwic::KwicRow>> = corpus
        .entries
        .par_iter()
        .map(|e| -> Result<_> {
            let doc = crate::run::load::LoadedDoc::read(e, opts.encoding)?;
            Ok(crate::tools::kwic::kwic_doc(
                &res,
                &e.province,
                &e.doc_id,
                &doc.text,
                &pattern,
                opts.window,
            ))
        })
        .collect::<Result<_>>()?;
    let rows: Vec<_> = rows.into_iter().flatten().collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    if opts.csv {
        let style = crate::tables::format::TableStyle::default();
        let mut csv = style.stream_writer(&mut out, &crate::tools::kwic::KWIC_COLUMNS)?;
        for r in &rows {
            csv.serialize(r)?;
        }
        csv.flush()?;
    } else {
        let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
        let places: Vec<String> = rows
            .iter()
            .map(|r| format!("{} {}:{}", r.province, r.doc_id, r.sentence_id))
            .collect();
        let place_w = places.iter().map(|p| width(p)).max().unwrap_or(0);
        let left_w = rows.iter().map(|r| width(&r.left)).max().unwrap_or(0);
        for (r, place) in rows.iter().zip(&places) {
            let pad_place = " ".repeat(place_w - width(place));
            let pad_left = " ".repeat(left_w - width(&r.left));
            writeln!(
                out,
                "{place}{pad_place}  {pad_left}{} 【{}】 {}",
                r.left, r.keyword, r.right
            )?;
        }
        writeln!(out, "{} matches", rows.len())?;
    }
    out.flush()?;
    Ok(())
}
