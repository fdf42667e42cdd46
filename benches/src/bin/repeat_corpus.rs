//! Write a JSON Lines corpus of N articles by repeating the news of
//! `../shared/data` with new ids (`ID~2`, `ID~3`, …), for load tests at a
//! size the data does not reach on its own.
//!
//! `cargo run --release -p newsreel-benches --bin repeat-corpus -- ../shared/data 100000 > news100k.jsonl`

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use flate2::read::MultiGzDecoder;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(data), Some(count)) = (args.next(), args.next()) else {
        bail!("usage: repeat-corpus DATA_DIR COUNT > out.jsonl");
    };
    let count: usize = count.parse().context("COUNT must be a number")?;
    let data = PathBuf::from(data);
    let mut articles: Vec<serde_json::Value> = Vec::new();
    for name in ["zh-news.jsonl.gz", "en-news.jsonl.gz"] {
        let path = data.join(name);
        let file = std::fs::File::open(&path).with_context(|| path.display().to_string())?;
        for line in BufReader::new(MultiGzDecoder::new(file)).lines() {
            let line = line?;
            if !line.trim().is_empty() {
                articles.push(serde_json::from_str(&line).context("bad JSON line")?);
            }
        }
    }
    if articles.is_empty() {
        bail!("no articles in {}", data.display());
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    for i in 0..count {
        let mut article = articles[i % articles.len()].clone();
        let copy = i / articles.len();
        if copy > 0 {
            let id = article["id"].as_str().unwrap_or("article").to_string();
            article["id"] = serde_json::Value::String(format!("{id}~{}", copy + 1));
        }
        serde_json::to_writer(&mut out, &article)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    eprintln!(
        "{count} articles from {} distinct ({} copies at most)",
        articles.len(),
        count.div_ceil(articles.len())
    );
    Ok(())
}
