//! Known-item ranking quality on the `../shared/data` news corpus.
//!
//! For sampled articles, two queries are made: the article's title, and three
//! distinctive words of its body: by default three drawn at random among the
//! body's words found in at least 2 and at most 0.5% of the articles;
//! `NEWSREEL_EVAL_WORDS=top` takes the three with the highest tf·idf instead
//! (topical words, which identify a story far less well). Articles with a
//! near-identical twin in the corpus (MinHash estimate of 5-character-shingle
//! Jaccard ≥ 0.7) are not sampled as targets: no query can tell them apart. Titles shared by several articles (daily bulletins such
//! as `国内联播快讯`) identify none of them and are left out. The target is that article; MRR@10 is reported for a
//! tuning set and for a held-out set drawn with another seed, together with
//! the index build time and size and the query latency.
//!
//! ```sh
//! cargo run --release -p newsreel-benches --bin known-item -- [DATA_DIR] [INDEX_DIR]
//! ```

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::time::Instant;

use newsreel_benches::Rng;
use newsreel_indexer::{IndexBuilder, IndexOptions};
use newsreel_query::{Engine, SearchRequest};
use tantivy::Term;

const PER_SET: usize = 300;

struct Doc {
    id: String,
    title: String,
    body: String,
}

fn read_docs(path: &Path) -> Vec<Doc> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    BufReader::new(flate2::read::MultiGzDecoder::new(file))
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l.unwrap()).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            Doc {
                id: s("id"),
                title: s("title"),
                body: s("body"),
            }
        })
        .collect()
}

const MINHASHES: usize = 32;

/// MinHash signature of a text's 5-character shingles (spaces ignored).
fn minhash(text: &str) -> [u64; MINHASHES] {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut sig = [u64::MAX; MINHASHES];
    for w in chars.windows(5) {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for c in w {
            h = (h ^ *c as u64).wrapping_mul(0x0100_0000_01b3);
        }
        for (k, slot) in sig.iter_mut().enumerate() {
            let v = (h ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
                .wrapping_mul(0xBF58_476D_1CE4_E5B9);
            let v = v ^ (v >> 31);
            if v < *slot {
                *slot = v;
            }
        }
    }
    sig
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let data = PathBuf::from(
        args.get(1)
            .cloned()
            .unwrap_or_else(|| "../shared/data".into()),
    );
    let index_dir = PathBuf::from(args.get(2).cloned().unwrap_or_else(|| {
        std::env::temp_dir()
            .join("newsreel-known-item")
            .to_string_lossy()
            .into()
    }));
    let inputs = vec![data.join("zh-news.jsonl.gz"), data.join("en-news.jsonl.gz")];
    let mut docs = read_docs(&inputs[0]);
    docs.extend(read_docs(&inputs[1]));
    let text_bytes: usize = docs.iter().map(|d| d.title.len() + d.body.len()).sum();

    // NEWSREEL_EVAL_REUSE=1 keeps an index built by an earlier run (for tuning).
    if std::env::var_os("NEWSREEL_EVAL_REUSE").is_none() {
        let _ = std::fs::remove_dir_all(&index_dir);
    }
    let started = Instant::now();
    let report = IndexBuilder::open_or_create(&index_dir, IndexOptions::default())
        .unwrap()
        .index_paths(&inputs, |_| {})
        .unwrap();
    let secs = started.elapsed().as_secs_f64();
    let size = dir_size(&index_dir);
    println!(
        "index: {} articles, {:.1} MB text, {:.1} s, {:.1} MB/s, size {:.1} MB = {:.2} x text",
        report.articles_total,
        text_bytes as f64 / 1e6,
        secs,
        text_bytes as f64 / 1e6 / secs,
        size as f64 / 1e6,
        size as f64 / text_bytes as f64
    );

    // Articles with a near-identical twin (wire stories filed twice, daily
    // bulletins) cannot be told apart by any query: they are not known items.
    let signatures: Vec<[u64; MINHASHES]> = docs.iter().map(|d| minhash(&d.body)).collect();
    let has_twin = |i: usize| {
        signatures.iter().enumerate().any(|(j, s)| {
            j != i
                && s.iter().zip(&signatures[i]).filter(|(a, b)| a == b).count() * 10
                    >= MINHASHES * 7
        })
    };

    let engine = Engine::open(&index_dir).unwrap();
    let searcher = engine.index().reader().unwrap().searcher();
    let body = engine.index().schema().get_field("body").unwrap();
    let max_df = (docs.len() / 200).max(2) as u64;
    // A title shared by several articles (a daily bulletin's name) does not
    // identify one of them: such titles are not known-item queries.
    let mut title_count = std::collections::HashMap::new();
    for d in &docs {
        *title_count.entry(d.title.as_str()).or_insert(0usize) += 1;
    }

    let mode = std::env::var("NEWSREEL_EVAL_WORDS").unwrap_or_else(|_| "rare".into());
    println!("three-word queries: {mode} (NEWSREEL_EVAL_WORDS=rare|top)");
    for (name, seed) in [("tuning", 7u64), ("held-out", 2026u64)] {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut rr = [0.0f64; 2];
        let mut n = [0usize; 2];
        let mut latencies = Vec::new();
        let mut twins = 0;
        for _ in 0..PER_SET {
            let pick = rng.below(docs.len());
            let doc = &docs[pick];
            if has_twin(pick) {
                twins += 1;
                continue;
            }
            // Three distinctive words of the body: the highest tf·idf among
            // words found in 2 or more articles ("top"), or three drawn at
            // random from the words found in at most 0.5% of the articles
            // ("rare", a harder set: the target may mention them only once).
            let words = engine.analyzer().query_words(&doc.body);
            let mut candidates: Vec<(String, String, u64, usize)> = Vec::new();
            for w in &words {
                let good = if w.han {
                    w.text.chars().count() >= 2
                } else {
                    w.text.len() >= 4 && w.text.chars().all(|c| c.is_ascii_alphabetic())
                };
                if !good {
                    continue;
                }
                if let Some(c) = candidates.iter_mut().find(|c| c.1 == w.text) {
                    c.3 += 1;
                    continue;
                }
                let df = searcher
                    .doc_freq(&Term::from_field_text(body, &w.text))
                    .unwrap_or(0);
                if df >= 2 {
                    candidates.push((doc.body[w.start..w.end].to_string(), w.text.clone(), df, 1));
                }
            }
            let mut picked = Vec::new();
            if mode == "rare" {
                candidates.retain(|c| c.2 <= max_df);
                while picked.len() < 3 && !candidates.is_empty() {
                    picked.push(candidates.swap_remove(rng.below(candidates.len())).0);
                }
            } else {
                let n_docs = docs.len() as f64;
                let weight =
                    |c: &(String, String, u64, usize)| c.3 as f64 * (n_docs / c.2 as f64).ln();
                candidates.sort_by(|a, b| weight(b).total_cmp(&weight(a)));
                picked = candidates.into_iter().take(3).map(|c| c.0).collect();
            }
            let queries = [doc.title.clone(), picked.join(" ")];
            for (k, q) in queries.iter().enumerate() {
                if q.trim().is_empty()
                    || (k == 1 && picked.len() < 3)
                    || (k == 0 && title_count[doc.title.as_str()] > 1)
                {
                    continue;
                }
                let mut req = SearchRequest::new(q.clone());
                req.snippets = false;
                let t = Instant::now();
                let Ok(results) = engine.search(&req) else {
                    n[k] += 1;
                    continue;
                };
                latencies.push(t.elapsed().as_secs_f64() * 1e6);
                n[k] += 1;
                if let Some(rank) = results.hits.iter().position(|h| h.article.id == doc.id) {
                    rr[k] += 1.0 / (rank + 1) as f64;
                    if rank > 0 && std::env::var_os("NEWSREEL_EVAL_VERBOSE").is_some() {
                        println!(
                            "  rank {} [{}] {q:?} target {} ({} total)",
                            rank + 1,
                            ["title", "words"][k],
                            doc.id,
                            results.total
                        );
                    }
                } else if std::env::var_os("NEWSREEL_EVAL_VERBOSE").is_some() {
                    let top: Vec<&str> = results
                        .hits
                        .iter()
                        .take(3)
                        .map(|h| h.article.id.as_str())
                        .collect();
                    println!(
                        "  miss [{}] {q:?} target {} top {top:?}",
                        ["title", "words"][k],
                        doc.id
                    );
                }
            }
        }
        latencies.sort_by(f64::total_cmp);
        let pct =
            |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
        let total_rr = rr[0] + rr[1];
        let total_n = n[0] + n[1];
        println!("{name}: {twins} sampled articles skipped for having a near-identical twin (estimated Jaccard >= 0.7)");
        println!(
            "{name}: MRR@10 {:.3} over {total_n} queries (titles {:.3} / {}, three words {:.3} / {}); latency p50 {:.0} µs p99 {:.0} µs",
            total_rr / total_n as f64,
            rr[0] / n[0] as f64,
            n[0],
            rr[1] / n[1] as f64,
            n[1],
            pct(0.5),
            pct(0.99)
        );
    }
}
