//! Throughput of each analysis stage on real Chinese and English news.
//!
//! ```sh
//! cargo run --release -p newsreel-benches --bin analysis-speed -- [DATA_DIR]
//! ```
//! Prints MB/s for normalization, word tokenization and unit bigrams, with
//! jieba alone on the same text as the baseline measured in the same run.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Instant;

use newsreel_analysis::tokenizers::{BigramTokenizer, WordTokenizer};
use newsreel_analysis::{Analyzer, SegmentMode};
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn texts(path: PathBuf, limit_bytes: usize) -> Vec<String> {
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut total = 0;
    for line in BufReader::new(flate2::read::MultiGzDecoder::new(file)).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let body = v["body"].as_str().unwrap_or("").to_string();
        total += body.len();
        out.push(body);
        if total > limit_bytes {
            break;
        }
    }
    out
}

fn measure(name: &str, bytes: usize, baseline: Option<f64>, mut f: impl FnMut() -> usize) -> f64 {
    let started = Instant::now();
    let count = f();
    let secs = started.elapsed().as_secs_f64();
    let mbs = bytes as f64 / 1e6 / secs;
    match baseline {
        Some(b) => println!(
            "{name:<28} {mbs:>7.1} MB/s  {:>5.2}x jieba  ({count} tokens)",
            mbs / b
        ),
        None => println!("{name:<28} {mbs:>7.1} MB/s  (baseline, {count} tokens)"),
    }
    mbs
}

fn main() {
    let data = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data".into()),
    );
    let started = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    let jieba_ms = started.elapsed().as_secs_f64() * 1e3;
    let started = Instant::now();
    let analyzer = Analyzer::builder().build().unwrap();
    let plain_ms = started.elapsed().as_secs_f64() * 1e3;
    let dict = std::fs::read_to_string("corpus/dict.txt").unwrap_or_default();
    let started = Instant::now();
    let _with_dict = Analyzer::builder()
        .user_dictionary("corpus/dict.txt", dict)
        .build()
        .unwrap();
    let dict_ms = started.elapsed().as_secs_f64() * 1e3;
    println!("start-up: Jieba::new {jieba_ms:.0} ms; Analyzer {plain_ms:.0} ms; Analyzer + corpus/dict.txt {dict_ms:.0} ms");
    for (lang, file) in [("zh", "zh-news.jsonl.gz"), ("en", "en-news.jsonl.gz")] {
        let texts = texts(data.join(file), 8_000_000);
        let bytes: usize = texts.iter().map(String::len).sum();
        println!("== {lang}: {:.1} MB", bytes as f64 / 1e6);
        let base = measure("jieba cut_for_search alone", bytes, None, || {
            texts
                .iter()
                .map(|t| jieba.cut_for_search(t, true).len())
                .sum()
        });
        let t2s = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
            .unwrap();
        measure("opencc t2s alone", bytes, Some(base), || {
            texts.iter().map(|t| t2s.convert(t).len()).sum()
        });
        measure("normalize", bytes, Some(base), || {
            texts.iter().map(|t| analyzer.normalize(t).text.len()).sum()
        });
        let mut words = WordTokenizer::new(analyzer.clone(), SegmentMode::Index);
        measure("word tokenizer (index)", bytes, Some(base), || {
            texts.iter().map(|t| count(&mut words, t)).sum()
        });
        let mut bigrams = BigramTokenizer::new(analyzer.clone(), false);
        measure("bigram tokenizer", bytes, Some(base), || {
            texts.iter().map(|t| count(&mut bigrams, t)).sum()
        });
        measure("quotation extraction", bytes, Some(base), || {
            texts
                .iter()
                .map(|t| newsreel_indexer::quotes::extract(t, &analyzer).len())
                .sum()
        });
    }
}

fn count<T: Tokenizer>(tokenizer: &mut T, text: &str) -> usize {
    let mut stream = tokenizer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += 1;
    }
    n
}
