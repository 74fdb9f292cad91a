//! Subcommand implementations behind `main`: each returns `anyhow::Result` and leaves
//! error printing to `main`.

use std::io::{self, Read, Write};

use anyhow::{Context, Result};

use crate::cli::{
    Command, CuesOpts, ExplainOpts, ExtractOpts, KwicOpts, Opts, SegmentOpts, SplitOpts,
    ValidateOpts, VerifyOpts,
};
use crate::input::corpus::InputEncoding;
use crate::input::document::read_document;
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
        Command::Extract(e) => extract_command(e),
        Command::Kwic(kwic) => kwic_command(kwic),
        Command::Completions(c) => {
            use clap::CommandFactory;
            let mut cmd = Opts::command();
            let mut out = io::stdout().lock();
            clap_complete::generate(c.shell, &mut cmd, "policy-mine", &mut out);
            out.flush()?;
            Ok(())
        }
        Command::Man(m) => man_command(m),
        Command::Validate(v) => validate_command(v),
        Command::Cues(c) => cues_command(c),
        Command::Dict(cmd) => dict_command(cmd),
        Command::Terms(crate::cli::TermsCommand::Suggest(opts)) => suggest_command(opts),
        Command::Merge(m) => {
            install_interrupt_handler();
            let report = crate::run::merge::merge(&crate::run::merge::MergeConfig {
                partials: m.partials,
                out: m.out,
                force: m.force,
                report: !m.no_report,
                allow_partial: m.allow_partial,
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

/// Exit code for an error: 130 when interrupted, 2 for a bad option value (a
/// [`UsageError`](crate::util::usage::UsageError), as clap's own usage errors), else 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err
        .downcast_ref::<crate::util::interrupt::Interrupted>()
        .is_some()
    {
        130
    } else if crate::util::usage::is_usage(err) {
        2
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
    writeln!(w, "groups      {}", r.groups)?;
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

fn load_resources(paths: crate::dict::DictPaths) -> Result<Resources> {
    let res = Resources::load(&paths)?;
    for w in &res.warnings {
        eprintln!("warning: {w}");
    }
    Ok(res)
}

fn read_input(input: Option<&std::path::Path>, encoding: InputEncoding) -> Result<String> {
    match input {
        Some(p) if p.as_os_str() != "-" => Ok(read_document(p, encoding)?.text),
        _ => {
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read stdin")?;
            let stdin = std::path::Path::new("<stdin>");
            Ok(crate::input::document::document_from_bytes(stdin, bytes, encoding)?.text)
        }
    }
}

fn extract_command(opts: ExtractOpts) -> Result<()> {
    let doc = read_document(&opts.input, opts.encoding)?;
    if opts.verbose {
        eprintln!(
            "{}: format {}, encoding {}, title {}",
            opts.input.display(),
            doc.format.name(),
            doc.encoding,
            doc.title.as_deref().unwrap_or("(none)")
        );
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    out.write_all(normalize(&doc.text).as_bytes())?;
    out.flush()?;
    Ok(())
}

fn segment_command(opts: SegmentOpts) -> Result<()> {
    let res = load_resources(opts.dicts.to_paths()?)?;
    let text = normalize(&read_input(opts.input.as_deref(), opts.encoding)?);
    let filter = ContentFilter {
        stopwords: &res.stopwords,
        user_words: &res.user_words,
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

fn explain_command(opts: ExplainOpts) -> Result<()> {
    let res = load_resources(opts.dicts.to_coding_paths(&opts.model)?)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    crate::tools::explain::explain(&res, &opts.sentence, &mut out)?;
    out.flush()?;
    Ok(())
}

fn man_command(opts: crate::cli::ManOpts) -> Result<()> {
    use clap::CommandFactory;
    let cmd = Opts::command();
    match opts.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, &dir)
                .with_context(|| format!("cannot write man pages into {}", dir.display()))?;
            eprintln!("wrote man pages into {}", dir.display());
        }
        None => {
            let mut out = io::stdout().lock();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            out.flush()?;
        }
    }
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
            Check::Note => writeln!(out, "note     {:<10} {}", f.what, f.name)?,
        }
    }
    let notes = findings
        .iter()
        .filter(|f| matches!(f.check, Check::Note))
        .count();
    let checked = findings.len() - notes;
    writeln!(out, "{checked} checked, {bad} changed or missing")?;
    if bad > 0 {
        anyhow::bail!(
            "{bad} of {checked} items differ from {}",
            opts.out.display()
        );
    }
    Ok(())
}

fn kwic_command(opts: KwicOpts) -> Result<()> {
    use rayon::prelude::*;
    let pattern = crate::tools::kwic::Pattern::parse(&opts.pattern)?;
    let filters = crate::input::filter::parse_all(&opts.filter)?;
    let corpus = crate::input::corpus::Corpus::open(
        &opts.corpus,
        opts.allow_outside_corpus,
        &crate::input::group::GroupBy::default(),
        &filters,
    )?;
    let paths = crate::dict::DictPaths {
        user_dicts: opts.user_dict.clone(),
        no_bundled_user_dict: opts.no_bundled_user_dict,
        ..Default::default()
    };
    crate::config::check_dict_files(&paths)?;
    let res = load_resources(paths)?;
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
    if rows.is_empty() {
        // Like grep: no match is exit 1, with the reason on stderr and nothing on stdout.
        anyhow::bail!(
            "no match for `{}` in {} ({} documents)",
            opts.pattern,
            opts.corpus.display(),
            corpus.entries.len()
        );
    }
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
    }
    out.flush()?;
    // The count goes to stderr in both forms, so the CSV on stdout stays a clean table.
    eprintln!("{} matches", rows.len());
    Ok(())
}

fn validate_command(opts: ValidateOpts) -> Result<()> {
    use crate::tools::validate;
    let res = load_resources(opts.dicts.to_coding_paths(&opts.model)?)?;
    let rows = validate::read_coded(
        &opts.coded,
        opts.split.as_deref(),
        opts.corpus.as_deref(),
        opts.encoding,
        &res.measures_type_names(),
    )?;
    anyhow::ensure!(
        !rows.is_empty(),
        "{}: no coded rows{}",
        opts.coded.display(),
        opts.split
            .as_deref()
            .map_or(String::new(), |s| format!(" with split `{s}`"))
    );
    let (scores, disagreements) = validate::validate(&res, &rows);
    let mut out = io::BufWriter::new(io::stdout().lock());
    match (opts.csv, opts.disagreements) {
        (true, true) => validate::write_disagreements_csv(&mut out, &disagreements)?,
        (true, false) => validate::write_scores_csv(&mut out, &scores)?,
        _ => validate::write_report(&mut out, &scores, &disagreements)?,
    }
    out.flush()?;
    Ok(())
}

fn cues_command(opts: CuesOpts) -> Result<()> {
    use crate::tools::{cues, validate};
    let res = load_resources(opts.dicts.to_paths()?)?;
    let gold = match &opts.gold {
        Some(path) => validate::read_coded(
            path,
            opts.split.as_deref(),
            Some(&opts.corpus),
            opts.encoding,
            &res.measures_type_names(),
        )?,
        None => Vec::new(),
    };
    let rows = cues::audit(&res, &opts.corpus, opts.encoding, &gold, opts.examples)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if opts.csv {
        cues::write_csv(&mut out, &rows)?;
    } else {
        cues::write_table(&mut out, &rows)?;
    }
    out.flush()?;
    Ok(())
}

fn dict_command(cmd: crate::cli::DictCommand) -> Result<()> {
    use crate::cli::DictCommand;
    match cmd {
        DictCommand::Export { name, out } => {
            let text = crate::tools::dict::export(&name)?;
            match out {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => io::stdout().lock().write_all(text.as_bytes())?,
            }
            Ok(())
        }
        DictCommand::Check { file, kind } => {
            let report = crate::tools::dict::check(&file, kind)?;
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            println!(
                "ok {}: {} entries as {:?}, {} warnings",
                file.display(),
                report.entries,
                report.kind,
                report.warnings.len()
            );
            Ok(())
        }
    }
}

fn suggest_command(opts: crate::cli::SuggestOpts) -> Result<()> {
    let res = load_resources(opts.dicts.to_paths()?)?;
    install_interrupt_handler();
    let config = crate::tools::suggest::SuggestConfig {
        corpus: opts.corpus,
        encoding: opts.encoding,
        allow_outside_corpus: opts.allow_outside_corpus,
        filters: crate::input::filter::parse_all(&opts.filter)?,
        min_count: opts.min_count,
        top: opts.top,
        max_ngrams: opts.max_ngrams,
        threads: opts
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
    };
    let found = crate::tools::suggest::suggest(&config, &res)?;
    for w in &found.notes {
        eprintln!("note: {w}");
    }
    match &opts.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            crate::tools::suggest::write_csv(io::BufWriter::new(file), &found.rows)
        }
        None => crate::tools::suggest::write_csv(io::stdout().lock(), &found.rows),
    }
}
