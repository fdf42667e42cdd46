//! Quote verification measured: quotations printed in the Chinese news of
//! `../shared/data`, each altered one way, must lead back to their article.
//!
//!     cargo run --release -p newsreel-benches --bin verify-eval -- [INDEX_DIR]
//!
//! Two sets of 150 quotations are drawn with different seeds: "tuning" (for
//! adjusting the method) and "held-out" (reported, not tuned on). A
//! quotation is text between “ and ” of 12 to 80 characters that holds
//! sentence punctuation or is at least 16 characters long (titles and names
//! in quotes are shorter), and that is printed in exactly one article,
//! letters and ideographs compared (a quote repeated in several articles,
//! whatever its punctuation, has no single source; those drawn are counted
//! and left out). Each is altered
//! one way, in turn: a character deleted, substituted, two swapped,
//! punctuation dropped, traditional script, cut to two thirds. A success is
//! the source article first among `verify`'s matches.

use std::path::PathBuf;
use std::time::Instant;

use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use newsreel_benches::Rng;
use newsreel_indexer::{IndexBuilder, IndexOptions};
use newsreel_query::verify::{Verdict, FOUND_SCORE};
use newsreel_query::Engine;
use newsreel_testdata::{data_file, news_lines, ZH_NEWS};

const PER_SET: usize = 150;
const ALTERATIONS: [&str; 6] = [
    "delete a character",
    "substitute a character",
    "swap two characters",
    "drop punctuation",
    "traditional script",
    "cut to two thirds",
];

struct Quote {
    article: String,
    text: String,
}

fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// Every quotation of the news that could be a quote, with its article.
fn quotations(articles: &[(String, String)]) -> Vec<Quote> {
    let mut out = Vec::new();
    for (id, body) in articles {
        let mut rest = body.as_str();
        while let Some(open) = rest.find('“') {
            let after = &rest[open + '“'.len_utf8()..];
            let Some(close) = after.find('”') else {
                break;
            };
            let text = &after[..close];
            let chars = text.chars().count();
            let sentence = text.contains(['，', '。', '！', '？', '；', '、']);
            if (12..=80).contains(&chars) && (sentence || chars >= 16) && !text.contains('\n') {
                out.push(Quote {
                    article: id.clone(),
                    text: text.to_string(),
                });
            }
            rest = &after[close..];
        }
    }
    out
}

fn alter(quote: &str, kind: usize, rng: &mut Rng, s2t: &OpenCC) -> String {
    let mut chars: Vec<char> = quote.chars().collect();
    let han: Vec<usize> = (0..chars.len())
        .filter(|&i| ('\u{4e00}'..='\u{9fff}').contains(&chars[i]))
        .collect();
    let pick = |rng: &mut Rng| han[rng.below(han.len())];
    match kind {
        0 => {
            chars.remove(pick(rng));
        }
        1 => {
            const COMMON: &[char] = &['的', '是', '在', '有', '人', '大', '中', '上', '和', '一'];
            let at = pick(rng);
            let old = chars[at];
            chars[at] = *COMMON.iter().find(|c| **c != old).unwrap_or(&'的');
        }
        2 => {
            let at = pick(rng).min(chars.len() - 2);
            chars.swap(at, at + 1);
        }
        3 => chars.retain(|c| !is_punctuation(*c)),
        4 => return s2t.convert(quote),
        _ => chars.truncate(chars.len() * 2 / 3),
    }
    chars.into_iter().collect()
}

fn main() {
    let index_dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| {
        std::env::temp_dir()
            .join("newsreel-verify-eval")
            .to_string_lossy()
            .into()
    }));
    let lines = news_lines(ZH_NEWS, usize::MAX);
    let articles: Vec<(String, String)> = lines
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap_or("").to_string(),
                v["body"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    if std::env::var_os("NEWSREEL_EVAL_REUSE").is_none() {
        let _ = std::fs::remove_dir_all(&index_dir);
        IndexBuilder::open_or_create(&index_dir, IndexOptions::default())
            .unwrap()
            .index_paths(&[data_file(ZH_NEWS)], |_| {})
            .unwrap();
    }
    let engine = Engine::open(&index_dir).unwrap();
    let s2t = OpenCC::from_config(BuiltinConfig::S2t).unwrap();
    let all = quotations(&articles);
    // Printed in exactly one article, letters and ideographs compared (the
    // same words with other punctuation elsewhere are the same quote).
    let letters = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let bodies: Vec<String> = articles.iter().map(|(_, b)| letters(b)).collect();
    let printed_once = |q: &Quote| {
        let l = letters(&q.text);
        bodies.iter().filter(|b| b.contains(&l)).take(2).count() == 1
    };
    let unique: Vec<&Quote> = all.iter().collect();
    println!("{} articles; {} quotations", articles.len(), all.len(),);
    for (set, seed) in [("tuning", 7u64), ("held-out", 20_251_128)] {
        let mut rng = Rng(seed);
        let mut ambiguous = 0;
        let mut first = [0usize; 6];
        let mut found = [0usize; 6];
        let mut tried = [0usize; 6];
        let mut times = Vec::new();
        let mut picked = std::collections::HashSet::new();
        let mut tried_indices = std::collections::HashSet::new();
        while picked.len() < PER_SET.min(unique.len()) {
            let i = rng.below(unique.len());
            if !tried_indices.insert(i) || !picked.insert(i) {
                continue;
            }
            let quote = unique[i];
            if !printed_once(quote) {
                ambiguous += 1;
                picked.remove(&i);
                continue;
            }
            let kind = (picked.len() - 1) % ALTERATIONS.len();
            let altered = alter(&quote.text, kind, &mut rng, &s2t);
            let started = Instant::now();
            let v = engine.verify(&altered, 5).unwrap();
            times.push(started.elapsed().as_secs_f64() * 1e3);
            tried[kind] += 1;
            let top = v.matches.first();
            if top.is_some_and(|m| m.article_id == quote.article) {
                first[kind] += 1;
                found[kind] += usize::from(v.verdict == Verdict::Found);
            } else if std::env::var_os("NEWSREEL_EVAL_VERBOSE").is_some() {
                eprintln!(
                    "miss ({}): {altered} | printed: {} | top: {:?}",
                    ALTERATIONS[kind],
                    quote.text,
                    top.map(|m| (&m.article_id, m.score, &m.text))
                );
            }
        }
        times.sort_by(f64::total_cmp);
        let total: usize = tried.iter().sum();
        let firsts: usize = first.iter().sum();
        println!("{set}: {ambiguous} quotations drawn and left out as printed in several articles");
        println!(
            "{set}: source first for {firsts} of {total} = {:.1}%; verdict found (score ≥ {FOUND_SCORE}) for {} ; latency p50 {:.1} ms p99 {:.1} ms",
            100.0 * firsts as f64 / total as f64,
            found.iter().sum::<usize>(),
            times[times.len() / 2],
            times[(times.len() * 99 / 100).min(times.len() - 1)]
        );
        for k in 0..ALTERATIONS.len() {
            println!("  {:<24} {:>3} / {:<3}", ALTERATIONS[k], first[k], tried[k]);
        }
    }
}
