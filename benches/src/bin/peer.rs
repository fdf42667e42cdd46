//! Newsreel driven the way the peer harness (`../shared/peers`) drives its
//! tantivy peer, so the harness's own measuring code (`run_peer.py`: GNU
//! time, index size, latency percentiles, phrase recall against grep) can
//! measure Newsreel too. `benches/compare.sh` runs it.
//!
//!     peer index --corpus FILE[.gz] --index-dir DIR --out STATS.json [--threads N]
//!                [--writer-mb MB]
//!     peer query --index-dir DIR --queries FILE --tsv OUT.tsv --phrase-hits OUT.tsv
//!                --out STATS.json [--reps 5] [--warmup 2]
//!
//! One query = the raw query line to the top-10 ids, snippets off (the
//! peers do not make snippets); the same with snippets on is timed too and
//! reported in STATS.json. A `phrase:TEXT` line is searched as `"TEXT"`.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsreel_benches::{median, percentile};
use newsreel_indexer::{IndexBuilder, IndexOptions};
use newsreel_query::{Engine, SearchRequest};

/// The allocator of the `newsreel` binary, so that this driver measures what
/// a user runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = argv.split_first().context("usage: peer index|query …")?;
    let args = Args::parse(rest)?;
    match command.as_str() {
        "index" => index(&args),
        "query" => query(&args),
        other => bail!("unknown command {other}"),
    }
}

struct Args(HashMap<String, String>);

impl Args {
    fn parse(rest: &[String]) -> Result<Args> {
        let mut map = HashMap::new();
        let mut it = rest.iter();
        while let Some(key) = it.next() {
            let key = key.strip_prefix("--").context("options are --key value")?;
            let value = it
                .next()
                .with_context(|| format!("--{key} needs a value"))?;
            map.insert(key.to_string(), value.clone());
        }
        Ok(Args(map))
    }

    fn req(&self, key: &str) -> Result<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .with_context(|| format!("--{key} is required"))
    }

    fn num(&self, key: &str, default: usize) -> Result<usize> {
        self.0
            .get(key)
            .map_or(Ok(default), |v| v.parse().context("a number"))
    }
}

fn open_text(path: &str) -> Result<Box<dyn BufRead>> {
    let file = File::open(path).with_context(|| path.to_string())?;
    let reader: Box<dyn Read> = if path.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::new(reader)))
}

/// Documents and title+body bytes of the corpus, counted as the harness does.
fn corpus_size(path: &str) -> Result<(u64, u64)> {
    let (mut docs, mut bytes) = (0, 0);
    for line in open_text(path)?.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let len = |k: &str| v[k].as_str().map_or(0, str::len) as u64;
        docs += 1;
        bytes += len("title") + len("body");
    }
    Ok((docs, bytes))
}

fn index(args: &Args) -> Result<()> {
    let corpus = args.req("corpus")?;
    let dir = PathBuf::from(args.req("index-dir")?);
    let threads = args.num("threads", 0)?;
    let _ = std::fs::remove_dir_all(&dir);
    let started = Instant::now();
    let defaults = IndexOptions::default();
    let writer_mb = args.num("writer-mb", defaults.writer_memory >> 20)?;
    let options = IndexOptions {
        threads: (threads > 0).then_some(threads),
        writer_memory: writer_mb << 20,
        ..defaults
    };
    let report =
        IndexBuilder::open_or_create(&dir, options)?.index_paths(&[corpus.into()], |_| {})?;
    let index_s = started.elapsed().as_secs_f64();
    let (docs, text_bytes) = corpus_size(corpus)?;
    let threads_used = if threads > 0 {
        threads
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    };
    let stats = serde_json::json!({
        "engine": "newsreel",
        "docs": docs, "text_bytes": text_bytes, "index_s": index_s,
        "index_threads": threads_used,
        "articles_indexed": report.articles_total,
        "skipped": report.failures.len(),
    });
    std::fs::write(args.req("out")?, serde_json::to_string_pretty(&stats)?)?;
    eprintln!("{stats}");
    Ok(())
}

struct Query {
    line: String,
    text: String,
}

/// Queries that only expansion can answer, made from the harness's own:
/// each English word of five letters or more with two letters swapped (a
/// typo), each one-word Chinese query typed as its pinyin.
fn expansion_queries(engine: &Engine, queries: &[Query]) -> Vec<String> {
    let mut out = Vec::new();
    for q in queries.iter().filter(|q| !q.line.starts_with("phrase:")) {
        let text = q.text.trim();
        if text.contains(' ') {
            continue;
        }
        if text.len() >= 5 && text.bytes().all(|b| b.is_ascii_lowercase()) {
            let mut typo = text.as_bytes().to_vec();
            typo.swap(1, 2);
            out.push(String::from_utf8(typo).unwrap_or_default());
        } else if text.chars().all(newsreel_analysis::script::is_han) {
            let simplified = engine.analyzer().normalizer().normalize_str(text);
            if let Some(key) = newsreel_analysis::pinyin::keys_of(&simplified)
                .into_iter()
                .next()
            {
                out.push(key);
            }
        }
    }
    out
}

fn read_queries(path: &str) -> Result<Vec<Query>> {
    let mut out = Vec::new();
    for line in open_text(path)?.lines() {
        let line = line?.trim_end_matches(['\r', '\n']).to_string();
        if line.trim().is_empty() {
            continue;
        }
        let text = match line.strip_prefix("phrase:") {
            Some(p) => format!("\"{}\"", p.trim().replace('"', " ")),
            None => line.trim().to_string(),
        };
        out.push(Query { line, text });
    }
    Ok(out)
}

fn query(args: &Args) -> Result<()> {
    let dir = PathBuf::from(args.req("index-dir")?);
    let reps = args.num("reps", 5)?.max(1);
    let warmup = args.num("warmup", 2)?;
    let engine = Engine::open(&dir)?;
    let queries = read_queries(args.req("queries")?)?;
    let run_with = |text: &str, snippets: bool, expand: bool| -> Vec<String> {
        let request = SearchRequest {
            snippets,
            expand,
            time_limit: None,
            ..SearchRequest::new(text)
        };
        match engine.search(&request) {
            Ok(r) => r.hits.into_iter().map(|h| h.article.id).collect(),
            Err(_) => Vec::new(),
        }
    };
    let run = |q: &Query, snippets: bool| run_with(&q.text, snippets, true);
    // The vocabulary behind pinyin and spelling is read by the first query
    // that needs it, once per index generation: timed on its own.
    let t = Instant::now();
    std::hint::black_box(run_with("festivel", false, true));
    let vocabulary_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut errors = 0;
    for q in &queries {
        let request = SearchRequest::new(q.text.clone());
        errors += usize::from(engine.search(&request).is_err());
    }
    for _ in 0..warmup {
        for q in &queries {
            std::hint::black_box(run(q, false));
            std::hint::black_box(run(q, true));
        }
    }
    let n = queries.len();
    let mut plain = vec![Vec::new(); n];
    let mut with_snippets = vec![Vec::new(); n];
    let mut as_typed = vec![Vec::new(); n];
    let mut top10 = vec![Vec::new(); n];
    // One pass over all queries per way of searching, so no way finds the
    // document store warmed by another way's run of the same query.
    // The order of the expanded and as-typed passes alternates between
    // repetitions, so a slow spell of a shared machine falls on both.
    for rep in 0..reps {
        let as_typed_pass = |as_typed: &mut Vec<Vec<f64>>| {
            for (i, q) in queries.iter().enumerate() {
                let t = Instant::now();
                std::hint::black_box(run_with(&q.text, false, false));
                as_typed[i].push(t.elapsed().as_secs_f64() * 1e6);
            }
        };
        if rep % 2 == 1 {
            as_typed_pass(&mut as_typed);
        }
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let ids = run(q, false);
            plain[i].push(t.elapsed().as_secs_f64() * 1e6);
            if rep == 0 {
                top10[i] = ids;
            }
        }
        if rep % 2 == 0 {
            as_typed_pass(&mut as_typed);
        }
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(run(q, true));
            with_snippets[i].push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    let mut tsv = BufWriter::new(File::create(args.req("tsv")?)?);
    let mut snippet_medians = Vec::with_capacity(n);
    for (i, q) in queries.iter().enumerate() {
        let med = median(plain[i].clone());
        snippet_medians.push(median(with_snippets[i].clone()));
        writeln!(
            tsv,
            "{}\t{}\t{med:.1}\t{}\t",
            i + 1,
            q.line,
            top10[i].join(",")
        )?;
    }
    tsv.flush()?;
    // Untimed: every article each phrase query matches.
    let mut hits = BufWriter::new(File::create(args.req("phrase-hits")?)?);
    for (i, q) in queries.iter().enumerate() {
        if !q.line.starts_with("phrase:") {
            continue;
        }
        let request = SearchRequest {
            limit: 100_000,
            snippets: false,
            time_limit: None,
            // Every matching article, as grep counts them.
            group: false,
            ..SearchRequest::new(q.text.clone())
        };
        let mut ids: Vec<String> = match engine.search(&request) {
            Ok(r) => r.hits.into_iter().map(|h| h.article.id).collect(),
            Err(_) => Vec::new(),
        };
        ids.sort();
        writeln!(hits, "{}\t{}\t{}", i + 1, q.line, ids.join(","))?;
    }
    hits.flush()?;
    snippet_medians.sort_by(f64::total_cmp);
    let summary = |times: &[Vec<f64>]| {
        let mut medians: Vec<f64> = times.iter().map(|t| median(t.clone())).collect();
        medians.sort_by(f64::total_cmp);
        serde_json::json!({
            "p50_us": percentile(&medians, 50.0),
            "p99_us": percentile(&medians, 99.0),
        })
    };
    let expanded = expansion_queries(&engine, &queries);
    let mut expanded_times = vec![Vec::new(); expanded.len()];
    for _ in 0..reps {
        for (i, text) in expanded.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(run_with(text, false, true));
            expanded_times[i].push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    let stats = serde_json::json!({
        "expansion": {
            "vocabulary_read_ms": vocabulary_ms,
            "harness_queries_expanded": summary(&plain),
            "harness_queries_as_typed": summary(&as_typed),
            "typo_and_pinyin_queries": expanded.len(),
            "typo_and_pinyin_expanded": if expanded.is_empty() {
                serde_json::Value::Null
            } else {
                summary(&expanded_times)
            },
        },
        "queries": n, "reps": reps, "warmup": warmup, "query_threads": 1,
        "errors": errors, "num_docs": engine.article_count(),
        "snippets": {
            "p50_us": percentile(&snippet_medians, 50.0),
            "p95_us": percentile(&snippet_medians, 95.0),
            "p99_us": percentile(&snippet_medians, 99.0),
        },
    });
    std::fs::write(args.req("out")?, serde_json::to_string_pretty(&stats)?)?;
    Ok(())
}
