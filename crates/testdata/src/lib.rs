//! Real news text for tests and benches, read from `../shared/data` beside
//! the repository (read-only; never copied into the project).
//!
//! One place that knows where the data lives and how it is stored, so each
//! test says only how much of which file it wants.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;

/// Chinese news, one JSON article per line.
pub const ZH_NEWS: &str = "zh-news.jsonl.gz";
/// English news, one JSON article per line.
pub const EN_NEWS: &str = "en-news.jsonl.gz";

/// The shared data folder.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// A file of the shared data; panics, saying what is missing, when absent.
pub fn data_file(name: &str) -> PathBuf {
    let path = data_dir().join(name);
    assert!(
        path.is_file(),
        "test data missing: {} (the repository expects ../shared beside it)",
        path.display()
    );
    path
}

fn reader(name: &str) -> BufReader<flate2::read::MultiGzDecoder<std::fs::File>> {
    let path = data_file(name);
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    BufReader::new(flate2::read::MultiGzDecoder::new(file))
}

/// The first `count` JSON lines of a news file.
pub fn news_lines(name: &str, count: usize) -> Vec<String> {
    reader(name)
        .lines()
        .take(count)
        .map(|l| l.expect("readable news"))
        .collect()
}

/// The first JSON lines of a news file, as many as fit in `bytes`.
pub fn news_lines_within(name: &str, bytes: usize) -> Vec<String> {
    let mut total = 0;
    reader(name)
        .lines()
        .map(|l| l.expect("readable news"))
        .take_while(|l| {
            total += l.len() + 1;
            total <= bytes
        })
        .collect()
}

/// The body of each JSON article line (empty when it has none).
pub fn bodies(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON article");
            v["body"].as_str().unwrap_or("").to_string()
        })
        .collect()
}

/// A whole news file as text (the JSON lines, decompressed).
pub fn news_text(name: &str) -> String {
    let mut text = String::new();
    reader(name)
        .read_to_string(&mut text)
        .expect("readable news");
    text
}
