//! Criterion benches: analysis throughput per script, ingest (parse and
//! clean) throughput, index build on a fixed slice, and query latency per
//! query class, all on the real news of `../shared/data`.
//!
//!     cargo bench -p newsreel-benches --bench newsreel [-- FILTER]
//!
//! Figures are machine-dependent; compare runs of the same machine, or use
//! the ratios printed by `compare.sh` and `--bin analysis-speed`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsreel_analysis::tokenizers::{BigramTokenizer, WordTokenizer};
use newsreel_analysis::{Analyzer, SegmentMode};
use newsreel_indexer::formats::{parse_jsonl, parse_newspaper, FileMeta};
use newsreel_indexer::{IndexBuilder, IndexOptions};
use newsreel_query::{Engine, SearchRequest};
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn news_lines(file: &str, limit: usize) -> Vec<String> {
    newsreel_testdata::news_lines_within(file, limit)
}

fn bodies(file: &str, limit: usize) -> Vec<String> {
    newsreel_testdata::bodies(&news_lines(file, limit))
}

fn count<T: Tokenizer>(tokenizer: &mut T, text: &str) -> usize {
    let mut stream = tokenizer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += 1;
    }
    n
}

fn analysis(c: &mut Criterion) {
    let analyzer = Analyzer::builder().build().unwrap();
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    for (script, file) in [("zh", "zh-news.jsonl.gz"), ("en", "en-news.jsonl.gz")] {
        let texts = bodies(file, 1 << 20);
        let bytes: usize = texts.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(BenchmarkId::new("normalize", script), |b| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| analyzer.normalize(t).text.len())
                    .sum::<usize>()
            })
        });
        let mut words = WordTokenizer::new(analyzer.clone(), SegmentMode::Index);
        group.bench_function(BenchmarkId::new("words", script), |b| {
            b.iter(|| texts.iter().map(|t| count(&mut words, t)).sum::<usize>())
        });
        let mut bigrams = BigramTokenizer::new(analyzer.clone(), false);
        group.bench_function(BenchmarkId::new("bigrams", script), |b| {
            b.iter(|| texts.iter().map(|t| count(&mut bigrams, t)).sum::<usize>())
        });
    }
    group.finish();
}

fn ingest(c: &mut Criterion) {
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    let jsonl = news_lines("zh-news.jsonl.gz", 2 << 20).join("\n");
    group.throughput(Throughput::Bytes(jsonl.len() as u64));
    group.bench_function("jsonl", |b| {
        b.iter(|| {
            parse_jsonl(&jsonl, "news", "news.jsonl", &FileMeta::default())
                .0
                .len()
        })
    });
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/zh/000_fcb534285d604426.txt"),
    )
    .unwrap();
    let pages = format!("{page}\n\n").repeat(50);
    group.throughput(Throughput::Bytes(pages.len() as u64));
    group.bench_function("newspaper pages", |b| {
        b.iter(|| {
            parse_newspaper(&pages, "page", "page.txt", &FileMeta::default())
                .0
                .len()
        })
    });
    group.finish();
}

/// A folder holding the first `limit` bytes of Chinese and English news.
fn news_folder(limit: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in ["zh-news.jsonl.gz", "en-news.jsonl.gz"] {
        let lines = news_lines(file, limit / 2).join("\n");
        std::fs::write(dir.path().join(file.trim_end_matches(".gz")), lines).unwrap();
    }
    dir
}

fn index_build(c: &mut Criterion) {
    let folder = news_folder(4 << 20);
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(4 << 20));
    group.bench_function("build 4 MB of news", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().unwrap();
            IndexBuilder::open_or_create(dir.path(), IndexOptions::default())
                .unwrap()
                .index_paths(&[folder.path().to_path_buf()], |_| {})
                .unwrap()
                .articles_total
        })
    });
    group.finish();
}

fn queries(c: &mut Criterion) {
    let folder = news_folder(16 << 20);
    let dir = tempfile::tempdir().unwrap();
    IndexBuilder::open_or_create(dir.path(), IndexOptions::default())
        .unwrap()
        .index_paths(&[folder.path().to_path_buf()], |_| {})
        .unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let mut group = c.benchmark_group("query");
    for (class, q) in [
        ("zh-1word", "经济"),
        ("zh-multi", "中国 发展"),
        ("en", "market"),
        ("mixed", "中国 oil"),
        ("phrase", "\"国家统计局\""),
    ] {
        for snippets in [false, true] {
            let name = if snippets { "snippets" } else { "ids" };
            group.bench_function(BenchmarkId::new(class, name), |b| {
                b.iter(|| {
                    let request = SearchRequest {
                        snippets,
                        ..SearchRequest::new(q)
                    };
                    engine.search(&request).unwrap().hits.len()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, analysis, ingest, index_build, queries);
criterion_main!(benches);
