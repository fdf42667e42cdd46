//! Two indexes (or two builds of one) compared on one query set, paired per
//! query: each query runs on A, then on B, alternating which goes first, so
//! a slow spell of a shared machine falls on both; each repetition is a pass
//! over the whole set. Prints per-way p50 / p99
//! of the per-query medians and the median of the per-query ratios B ÷ A,
//! with snippets off and on.
//!
//!     paired A_INDEX B_INDEX QUERIES [REPS]
//!
//! QUERIES is one query per line; `phrase:TEXT` lines (the peer harness's
//! format) are searched as `"TEXT"`.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use newsreel_benches::{median, percentile};
use newsreel_query::{Engine, SearchRequest};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [a, b, queries, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: paired A_INDEX B_INDEX QUERIES [REPS]");
    };
    let reps: usize = rest.first().map_or(Ok(7), |r| r.parse())?;
    let engines = [Engine::open(Path::new(a))?, Engine::open(Path::new(b))?];
    let queries: Vec<String> = std::fs::read_to_string(queries)
        .with_context(|| format!("reading {queries}"))?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.strip_prefix("phrase:") {
            Some(p) => format!("\"{}\"", p.trim().replace('"', " ")),
            None => l.trim().to_string(),
        })
        .collect();
    for snippets in [false, true] {
        let time = |engine: &Engine, text: &str| {
            let request = SearchRequest {
                snippets,
                time_limit: None,
                ..SearchRequest::new(text)
            };
            let t = Instant::now();
            let _ = std::hint::black_box(engine.search(&request));
            t.elapsed().as_secs_f64() * 1e6
        };
        for q in &queries {
            for e in &engines {
                time(e, q);
            }
        }
        // Repetitions are passes over the whole set (as the peer harness
        // runs them), so a query's second run does not find its hits'
        // blocks still in the document store's cache.
        let mut runs = vec![[Vec::new(), Vec::new()]; queries.len()];
        for rep in 0..reps {
            for (q, text) in queries.iter().enumerate() {
                let order = if (rep + q) % 2 == 0 { [0, 1] } else { [1, 0] };
                for i in order {
                    runs[q][i].push(time(&engines[i], text));
                }
            }
        }
        let mut medians = [Vec::new(), Vec::new()];
        let mut ratios = Vec::new();
        for [ra, rb] in runs {
            let (ma, mb) = (median(ra), median(rb));
            medians[0].push(ma);
            medians[1].push(mb);
            ratios.push(mb / ma);
        }
        let [sa, sb] = medians.map(|mut m| {
            m.sort_by(f64::total_cmp);
            m
        });
        println!(
            "snippets {}: A p50 {:.0} p99 {:.0} µs | B p50 {:.0} p99 {:.0} µs | median B÷A per query {:.2}",
            if snippets { "on " } else { "off" },
            percentile(&sa, 50.0),
            percentile(&sa, 99.0),
            percentile(&sb, 50.0),
            percentile(&sb, 99.0),
            median(ratios)
        );
    }
    Ok(())
}
