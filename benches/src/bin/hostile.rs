//! Hostile queries against a real index: how long each takes and what it
//! answers, next to an ordinary query measured in the same run.
//!
//!     cargo run --release -p newsreel-benches --bin hostile -- INDEX_DIR
//!
//! Each query runs 3 times; the slowest run is reported. Errors are the
//! answers a client gets as a 400.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use newsreel_query::{Engine, SearchRequest};

fn main() -> Result<()> {
    let dir: PathBuf = std::env::args()
        .nth(1)
        .context("usage: hostile INDEX_DIR")?
        .into();
    let engine = Engine::open(&dir)?;
    let chinese_100k = "上海合作组织国家电影节在重庆永川举行来自十个国家的影片参展".repeat(3500);
    let queries: Vec<(&str, String)> = vec![
        ("ordinary: 电影", "电影".into()),
        ("ordinary: festival film", "festival film".into()),
        ("1 KiB of operators", "OR -\"( )\" AND ".repeat(80)),
        ("10,000 terms", "电影 ".repeat(10_000)),
        (
            "200 common words",
            "的 是 在 了 和 festival the of 电影 中国 ".repeat(20),
        ),
        ("200 ORs", "电影 OR ".repeat(200) + "节"),
        (
            "nested parentheses",
            "(".repeat(5000) + "电影" + &")".repeat(5000),
        ),
        (
            "phrase of one character",
            format!("\"{}\"", "的".repeat(60)),
        ),
        (
            "phrase of 200 units",
            format!("\"{}\"", "中国电影".repeat(50)),
        ),
        (
            "control characters",
            "\u{0}\u{1}\u{7}\u{1b}电影\u{7f}".into(),
        ),
        ("right-to-left marks", "\u{202e}电影\u{202c}\u{200f}".into()),
        ("emoji", "🎬🎬🎬 电影 🎥".into()),
        ("100 KiB of Chinese", chinese_100k),
        ("prefix-like", "电* 影? fest*".into()),
    ];
    println!(
        "{} articles in {}\n{:<26} {:>10} {:>8}  answer",
        engine.article_count(),
        dir.display(),
        "query",
        "worst ms",
        "× ordinary"
    );
    // Warm the caches (term dictionaries, the first mmap reads).
    for (_, q) in &queries[..2] {
        let _ = engine.search(&SearchRequest::new(q.clone()));
    }
    let mut ordinary_ms = None;
    for (name, q) in &queries {
        let mut worst = 0f64;
        let mut answer = String::new();
        for _ in 0..3 {
            let started = Instant::now();
            let result = engine.search(&SearchRequest::new(q.clone()));
            worst = worst.max(started.elapsed().as_secs_f64() * 1000.0);
            answer = match result {
                Ok(r) => format!(
                    "{} results{}",
                    r.total,
                    if r.timed_out { ", timed out" } else { "" }
                ),
                Err(e) => {
                    let text = e.to_string();
                    format!("error: {}", text.chars().take(70).collect::<String>())
                }
            };
        }
        let base = *ordinary_ms.get_or_insert(worst);
        println!("{name:<26} {worst:>10.1} {:>8.1}  {answer}", worst / base);
    }
    Ok(())
}
