//! `newsreel`: index festival reports and search them from the terminal.
//!
//! This file only parses arguments, calls the libraries and maps errors to
//! exit codes: 0 success, 1 runtime error (or files skipped while indexing),
//! 2 usage error.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use newsreel_analysis::Analyzer;
use newsreel_indexer::{index_exists, IndexBuilder, IndexOptions, IndexReport};
use newsreel_query::export::{export, ExportError, ExportFormat};
use newsreel_query::http::{self, ServerConfig};
use newsreel_query::kwic::{Concordance, KwicLine, KwicRequest, DEFAULT_WIDTH, MAX_WIDTH};
use newsreel_query::quotes::{QuoteRequest, QuoteResults};
use newsreel_query::verify::{Verdict, Verification, FOUND_SCORE};
use newsreel_query::{Engine, SearchError, SearchRequest, SearchResults, DEFAULT_TIME_LIMIT};

/// A search allocates many short-lived buffers (terms, scorers, snippets,
/// the JSON answer) from several threads at once; mimalloc's per-thread free
/// lists serve those faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The corpus folder a fresh clone ships, indexed when no index exists yet.
const DEFAULT_CORPUS: &str = "corpus";

#[derive(Parser)]
#[command(
    name = "newsreel",
    version,
    about = "Bilingual (Chinese + English) full-text search over festival reports"
)]
struct Cli {
    /// Index directory.
    #[arg(long, global = true, env = "NEWSREEL_INDEX", default_value = "index")]
    index: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Index report files (default: corpus/). Re-indexing reads only changed files.
    Index {
        /// Files or folders to index.
        paths: Vec<PathBuf>,
        /// jieba user dictionary (default: dict.txt at the top of the first folder).
        #[arg(long)]
        dict: Option<PathBuf>,
        /// Bilingual glossary, copied into the index for search (default:
        /// glossary.tsv at the top of the first folder).
        #[arg(long)]
        glossary: Option<PathBuf>,
        /// Verify the index instead (every segment and stored article readable,
        /// each article once, manifest consistent); exit 1 if anything is wrong.
        #[arg(long, conflicts_with_all = ["paths", "dict", "glossary", "commit_every"])]
        check: bool,
        /// Commit after every N articles (between files), so an interrupted
        /// run keeps its work and a re-run skips the files already committed.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        commit_every: Option<u64>,
    },
    /// Search the index.
    Search(SearchArgs),
    /// Serve the JSON API and the search page over HTTP.
    Serve(ServeArgs),
    /// Every occurrence of a word or exact phrase, in context (a concordance).
    Kwic {
        /// The word or phrase (searched as an exact phrase).
        #[arg(allow_hyphen_values = true)]
        term: String,
        /// Characters of context on each side (at most 500).
        #[arg(long, default_value_t = DEFAULT_WIDTH)]
        width: usize,
        /// Only articles in this language (zh, en, ru).
        #[arg(long)]
        lang: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Quotations: who said what (words of the quote, a speaker, or both).
    Quotes {
        /// Words of the quotation, in the search syntax (optional).
        #[arg(allow_hyphen_values = true)]
        query: Option<String>,
        /// Only quotations by a speaker whose name contains this (either script).
        #[arg(long)]
        speaker: Option<String>,
        /// Only articles in this language (zh, en, ru).
        #[arg(long)]
        lang: Option<String>,
        /// Quotations shown, best (or, without words, newest) first.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=1000))]
        limit: u16,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Find where a quote was printed, and its exact wording.
    Verify {
        /// The quote as remembered or reprinted.
        #[arg(allow_hyphen_values = true)]
        text: String,
        /// Passages shown, best first.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=50))]
        limit: u16,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one whole article.
    Show {
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct SearchArgs {
    /// The query: words, "exact phrase", -excluded (or NOT), a OR b, title:, reporter:, lang:.
    #[arg(allow_hyphen_values = true)]
    query: String,
    /// Only articles in this language (zh, en, ru).
    #[arg(long)]
    lang: Option<String>,
    /// Only articles dated on or after this day (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Only articles dated on or before this day (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Results per page.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=1000))]
    limit: u16,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Show an article and its translations as separate results
    /// (by default they are one result, the best of them).
    #[arg(long)]
    no_group: bool,
    /// Search the words only as typed: no glossary translations, pinyin
    /// readings or spelling corrections.
    #[arg(long)]
    no_expand: bool,
    /// Print JSON (the same as --format json).
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Output: text, json (one page), or csv / jsonl: every matching
    /// article, not a page (--limit and --offset do not apply).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
    Jsonl,
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on (loopback by default; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:7700")]
    addr: SocketAddr,
    /// Let web pages from this origin call the API (CORS), e.g. https://example.org. Repeatable.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// Searches run at once (default: the number of cores).
    #[arg(long)]
    workers: Option<usize>,
    /// Searches that may wait for a worker before the server answers 503.
    #[arg(long, default_value_t = 512)]
    queue: usize,
    /// Memory for decompressed articles, in MiB: snippets of articles read
    /// recently are cut without decompressing them again (0 turns it off).
    #[arg(long, value_name = "MIB", default_value_t = 64,
          value_parser = clap::value_parser!(u64).range(..=MAX_CACHE_MIB))]
    store_cache: u64,
    /// Memory for search answers, in MiB: a request repeated before the
    /// index changes is answered without searching again (0 turns it off).
    #[arg(long, value_name = "MIB", default_value_t = 32,
          value_parser = clap::value_parser!(u64).range(..=MAX_CACHE_MIB))]
    result_cache: u64,
}

/// Largest `--store-cache` / `--result-cache`, 64 GiB: both size their
/// tables from it up front, and a mistyped figure far beyond the machine's
/// memory failed the allocation and aborted the server.
const MAX_CACHE_MIB: u64 = 64 << 10;

/// An error that is the user's to fix: exit status 2.
#[derive(Debug)]
struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            let chain: Vec<String> = err.chain().map(|e| e.to_string()).collect();
            eprintln!("newsreel: {}", chain.join(": "));
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Index { check: true, .. } => check(&cli.index),
        Command::Index {
            paths,
            dict,
            glossary,
            commit_every,
            ..
        } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from(DEFAULT_CORPUS)]
            } else {
                paths
            };
            let defaults = IndexOptions::default();
            let options = IndexOptions {
                dict,
                glossary,
                commit_every: commit_every.map_or(defaults.commit_every, |n| n as usize),
                ..defaults
            };
            let report = index(&cli.index, &paths, options, None)?;
            print_report(&report);
            Ok(if report.failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Search(args) => {
            let engine = open_or_build(&cli.index)?;
            let request = SearchRequest {
                query: args.query,
                lang: args.lang,
                from: args.from,
                to: args.to,
                limit: args.limit as usize,
                offset: args.offset,
                snippets: true,
                facets: false,
                time_limit: Some(DEFAULT_TIME_LIMIT),
                group: !args.no_group,
                expand: !args.no_expand,
                ..SearchRequest::new("")
            };
            for warning in engine.glossary_warnings() {
                eprintln!("newsreel: glossary: {warning}");
            }
            let format = if args.json { Format::Json } else { args.format };
            let export_as = match format {
                Format::Csv => Some(ExportFormat::Csv),
                Format::Jsonl => Some(ExportFormat::Jsonl),
                Format::Text | Format::Json => None,
            };
            if let Some(export_as) = export_as {
                // An export is all or nothing: no time limit cuts it short.
                let request = SearchRequest {
                    time_limit: None,
                    ..request
                };
                let out = std::io::BufWriter::new(std::io::stdout().lock());
                return match export(&engine, &request, export_as, out) {
                    Ok(count) => {
                        let noun = if count == 1 { "article" } else { "articles" };
                        eprintln!("newsreel: exported {count} {noun}");
                        Ok(ExitCode::SUCCESS)
                    }
                    // The reader went away (`| head`): not an error of ours.
                    Err(ExportError::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                        Ok(ExitCode::SUCCESS)
                    }
                    Err(ExportError::Search(e)) => Err(usage_or_runtime(e)),
                    Err(e) => Err(e.into()),
                };
            }
            let results = engine.search(&request).map_err(usage_or_runtime)?;
            let mut out = std::io::stdout().lock();
            if format == Format::Json {
                serde_json::to_writer(&mut out, &results)?;
                writeln!(out)?;
            } else {
                print_results(&mut out, &results, request.offset)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(args) => serve(&cli.index, args),
        Command::Kwic {
            term,
            width,
            lang,
            json,
        } => {
            let engine = open_or_build(&cli.index)?;
            let request = KwicRequest {
                term,
                lang,
                width,
                time_limit: None,
            };
            let concordance = engine.kwic(&request).map_err(usage_or_runtime)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            if json {
                serde_json::to_writer(&mut out, &concordance)?;
                writeln!(out)?;
            } else {
                print_concordance(&mut out, &concordance, request.width.min(MAX_WIDTH))?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Quotes {
            query,
            speaker,
            lang,
            limit,
            json,
        } => {
            let engine = open_or_build(&cli.index)?;
            let request = QuoteRequest {
                lang,
                limit: limit as usize,
                time_limit: None,
                ..QuoteRequest::new(query, speaker)
            };
            let results = engine.quotes(&request).map_err(usage_or_runtime)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            if json {
                serde_json::to_writer(&mut out, &results)?;
                writeln!(out)?;
            } else {
                print_quotes(&mut out, &results)?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { text, limit, json } => {
            let engine = open_or_build(&cli.index)?;
            let verification = engine
                .verify(&text, limit as usize)
                .map_err(usage_or_runtime)?;
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer(&mut out, &verification)?;
                writeln!(out)?;
            } else {
                print_verification(&mut out, &verification)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id, json } => {
            let engine = open_or_build(&cli.index)?;
            let Some(article) = engine.article(&id)? else {
                anyhow::bail!("no article with id {id:?}");
            };
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer(&mut out, &article)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}", article.article.title)?;
                if let Some(sub) = &article.article.subtitle {
                    writeln!(out, "{sub}")?;
                }
                writeln!(out, "{}\n", article.article.byline())?;
                writeln!(out, "{}", article.body.replace('\n', "\n\n"))?;
                for c in &article.captions {
                    writeln!(out, "\n[caption] {c}")?;
                }
                if !article.article.translations.is_empty() {
                    writeln!(
                        out,
                        "\ntranslations: {}",
                        article.article.translations.join(", ")
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn check(dir: &Path) -> Result<ExitCode> {
    let report = newsreel_indexer::check_index(dir)?;
    for problem in &report.problems {
        eprintln!("problem: {problem}");
    }
    let verdict = if report.is_sound() {
        "sound".to_string()
    } else {
        format!("{} problems", report.problems.len())
    };
    println!(
        "index at {}: {} segments, {} articles; manifest: {} files, {} articles; {verdict}",
        dir.display(),
        report.segments,
        report.articles,
        report.manifest_files,
        report.manifest_articles,
    );
    Ok(if report.is_sound() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn serve(index: &Path, args: ServeArgs) -> Result<ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("NEWSREEL_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let engine =
        Arc::new(open_or_build(index)?.with_store_cache((args.store_cache << 20) as usize)?);
    // What the first searches need from the whole index is read while the
    // server starts listening; a search that comes first waits for it.
    let warming = engine.clone();
    std::thread::Builder::new()
        .name("warm-up".into())
        .spawn(move || {
            let started = std::time::Instant::now();
            warming.warm();
            tracing::info!(
                "vocabulary, translation groups and columns read in {:.0?}",
                started.elapsed()
            );
        })
        .context("starting the warm-up thread")?;
    let mut config = ServerConfig {
        cors_origins: args.cors_origins,
        result_cache_bytes: args.result_cache << 20,
        ..ServerConfig::default()
    };
    if let Some(w) = args.workers {
        config.gate.workers = w.max(1);
    }
    config.gate.queue = args.queue;
    let app = http::router(engine.clone(), &config).map_err(|e| UsageError(e.to_string()))?;
    if !args.addr.ip().is_loopback() {
        tracing::warn!(
            "listening on a non-loopback address {}: anyone who can reach it can search this index{}",
            args.addr,
            if config.cors_origins.is_empty() {
                "" 
            } else {
                "; check that every --cors-origin is a site you trust"
            }
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener.local_addr()?;
        // Printed on stdout so scripts (and tests) can read the chosen port.
        println!(
            "newsreel: serving {} articles on http://{local}/",
            engine.article_count()
        );
        std::io::stdout().flush()?;
        http::serve(listener, app, http::shutdown_signal()).await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn usage_or_runtime(err: SearchError) -> anyhow::Error {
    match err {
        SearchError::EmptyQuery { .. }
        | SearchError::BadParameter { .. }
        | SearchError::TooComplex { .. } => UsageError(err.to_string()).into(),
        other => other.into(),
    }
}

/// Open the index; on a fresh clone, build it from `corpus/` first.
fn open_or_build(dir: &Path) -> Result<Engine> {
    if !index_exists(dir) && Path::new(DEFAULT_CORPUS).is_dir() {
        eprintln!(
            "newsreel: no index at {}; building it from {DEFAULT_CORPUS}/ first",
            dir.display()
        );
        let dict = Path::new(DEFAULT_CORPUS).join(newsreel_indexer::corpus::DICT_FILE);
        let mut builder = Analyzer::builder();
        if dict.is_file() {
            let text = std::fs::read_to_string(&dict)
                .with_context(|| format!("reading {}", dict.display()))?;
            builder = builder.user_dictionary(dict.to_string_lossy(), text);
        }
        let analyzer = builder.build()?;
        let report = index(
            dir,
            &[PathBuf::from(DEFAULT_CORPUS)],
            IndexOptions::default(),
            Some(analyzer.clone()),
        )?;
        print_report(&report);
        return Ok(Engine::open_with_analyzer(dir, analyzer)?);
    }
    Ok(Engine::open(dir)?)
}

fn index(
    dir: &Path,
    paths: &[PathBuf],
    options: IndexOptions,
    analyzer: Option<Analyzer>,
) -> Result<IndexReport> {
    let mut builder = IndexBuilder::open_or_create(dir, options)?;
    if let Some(a) = analyzer {
        builder = builder.with_analyzer(a);
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} files {wide_msg}").expect("template"),
    );
    let report = builder.index_paths(paths, |p| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
        bar.set_message(p.path.display().to_string());
    })?;
    bar.finish_and_clear();
    Ok(report)
}

fn print_report(r: &IndexReport) {
    for (path, warning) in &r.warnings {
        eprintln!("warning: {path}: {warning}");
    }
    for (path, reason) in &r.failures {
        eprintln!("skipped: {path}: {reason}");
    }
    eprintln!(
        "indexed: {} articles in the index ({} added, {} removed; {} files read, {} unchanged, {} removed; {} commits{}){}",
        r.articles_total,
        r.articles_added,
        r.articles_removed,
        r.files_read,
        r.files_unchanged,
        r.files_removed,
        r.commits,
        if r.rebuilt { "; dictionary changed, everything re-read" } else { "" },
        if r.failures.is_empty() { String::new() } else { format!("; {} files or lines skipped", r.failures.len()) },
    );
}

fn print_verification(out: &mut impl Write, v: &Verification) -> std::io::Result<()> {
    let best = v.matches.first().map_or(0.0, |m| m.score);
    match v.verdict {
        Verdict::Found => writeln!(out, "found (score {best:.2}):")?,
        Verdict::None => writeln!(
            out,
            "nothing printed is close enough (best score {best:.2}, found from {FOUND_SCORE:.2}); closest passages:"
        )?,
    }
    for m in &v.matches {
        writeln!(out, "\n{:.2}  {}", m.score, m.text)?;
        if let Some(speaker) = &m.speaker {
            writeln!(out, "      — {speaker}")?;
        }
        let date = m.date.as_deref().unwrap_or("undated");
        writeln!(out, "      {} · {date} · {}", m.article_title, m.article_id)?;
    }
    Ok(())
}

/// One occurrence per line: left context right-aligned, the match, the
/// right context, then where it was printed.
fn print_concordance(
    out: &mut impl Write,
    concordance: &Concordance,
    width: usize,
) -> std::io::Result<()> {
    let noun = if concordance.total == 1 {
        "occurrence"
    } else {
        "occurrences"
    };
    writeln!(
        out,
        "{} {noun} of {}",
        concordance.total,
        shown_query(&concordance.query)
    )?;
    let tty = std::io::stdout().is_terminal();
    // Chinese characters take two columns of a terminal: align on columns.
    let columns = |side: fn(&KwicLine) -> &str| {
        concordance
            .lines
            .iter()
            .map(|l| display_width(side(l)))
            .max()
            .unwrap_or(0)
            .min(2 * width)
    };
    let left_columns = columns(|l| &l.left);
    let right_columns = columns(|l| &l.right);
    for line in &concordance.lines {
        let pad = left_columns.saturating_sub(display_width(&line.left));
        let matched = if tty {
            format!("\x1b[1;31m{}\x1b[0m", line.matched)
        } else {
            format!("[{}]", line.matched)
        };
        let right_pad = right_columns.saturating_sub(display_width(&line.right));
        writeln!(
            out,
            "{:pad$}{} {matched} {}{:right_pad$}  {} {}",
            "",
            line.left,
            line.right,
            "",
            line.article_id,
            line.date.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

/// Terminal columns of `text`: two for East Asian wide characters.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let wide = matches!(c as u32,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

fn print_results(
    out: &mut impl Write,
    results: &SearchResults,
    offset: usize,
) -> std::io::Result<()> {
    let tty = std::io::stdout().is_terminal();
    let word = if results.total == 1 {
        "result"
    } else {
        "results"
    };
    writeln!(
        out,
        "{} {word} for {} ({:.1} ms){}",
        results.total,
        shown_query(&results.query),
        results.took_ms,
        if results.partial {
            " — no article has every word; showing partial matches"
        } else {
            ""
        }
    )?;
    if results.timed_out {
        writeln!(
            out,
            "(the search stopped after {} s: the count and the hits cover only the articles matched by then)",
            DEFAULT_TIME_LIMIT.as_secs()
        )?;
    }
    for (i, hit) in results.hits.iter().enumerate() {
        writeln!(out)?;
        let title = match &hit.article.subtitle {
            Some(s) => format!("{} — {s}", hit.article.title),
            None => hit.article.title.clone(),
        };
        if tty {
            writeln!(out, "{}. \x1b[1m{title}\x1b[0m", offset + i + 1)?;
        } else {
            writeln!(out, "{}. {title}", offset + i + 1)?;
        }
        writeln!(out, "   {}", hit.article.byline())?;
        if !hit.article.translations.is_empty() {
            writeln!(
                out,
                "   translations: {}",
                hit.article.translations.join(", ")
            )?;
        }
        if !hit.expanded.is_empty() {
            writeln!(out, "   matched through: {}", expansions(&hit.expanded))?;
        }
        writeln!(out, "   {}", snippet_for_terminal(&hit.snippet, tty))?;
    }
    if results.total == 0 {
        if !results.expanded.is_empty() {
            writeln!(out, "also searched: {}", expansions(&results.expanded))?;
        }
        if let Some(better) = &results.did_you_mean {
            writeln!(out, "did you mean: {better}")?;
        }
    }
    Ok(())
}

/// `Xian Xinghai → 冼星海 (translation), …`
fn expansions(list: &[newsreel_query::Expansion]) -> String {
    list.iter()
        .map(|e| {
            let via = match e.via {
                newsreel_query::Via::Translation => "translation",
                newsreel_query::Via::Pinyin => "pinyin",
                newsreel_query::Via::Spelling => "spelling",
            };
            format!("{} → {} ({via})", e.from, e.to)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The query as echoed in the header line: a pasted page is cut short.
fn shown_query(query: &str) -> String {
    const MAX_CHARS: usize = 80;
    if query.chars().count() <= MAX_CHARS {
        query.to_string()
    } else {
        format!("{}…", query.chars().take(MAX_CHARS).collect::<String>())
    }
}

/// The HTML snippet for a terminal: marks in bold yellow, or `**…**` when not a terminal.
fn snippet_for_terminal(html: &str, tty: bool) -> String {
    let (open, close) = if tty {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    html.replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Quotations as a journalist reads them: the words, who said them, where.
fn print_quotes(out: &mut impl Write, results: &QuoteResults) -> std::io::Result<()> {
    let noun = if results.total == 1 {
        "quotation"
    } else {
        "quotations"
    };
    if results.quotes.len() < results.total {
        writeln!(
            out,
            "{} {noun} (the first {} shown)",
            results.total,
            results.quotes.len()
        )?;
    } else {
        writeln!(out, "{} {noun}", results.total)?;
    }
    for q in &results.quotes {
        writeln!(out)?;
        writeln!(out, "“{}”", q.text)?;
        let who = match (&q.speaker, &q.speaker_role) {
            (Some(name), Some(role)) => format!("{name} ({role})"),
            (Some(name), None) => name.clone(),
            (None, Some(role)) => format!("unnamed: {role}"),
            (None, None) => "speaker not given".to_string(),
        };
        let date = q.date.as_deref().unwrap_or("undated");
        writeln!(out, "  — {who}")?;
        writeln!(out, "  {} · {date} · {}", q.article_title, q.article_id)?;
    }
    if results.timed_out {
        writeln!(
            out,
            "
(stopped at the time limit: more may match)"
        )?;
    }
    Ok(())
}
