//! CI's regression guard: a few seconds of measurements that fail only on an
//! order-of-magnitude regression. Every figure is a ratio against a baseline
//! measured in the same process (jieba alone, a bare tantivy term query, the
//! same input ten times smaller), so a slow or busy machine does not fail it.
//!
//!     cargo run --profile test -p newsreel-benches --bin guard
//!
//! Exit 1 when a ratio is beyond its bound; each line prints the ratio, the
//! bound and the value measured when the bound was set.

use std::time::Instant;

use anyhow::Result;
use newsreel_analysis::tokenizers::WordTokenizer;
use newsreel_analysis::{Analyzer, SegmentMode};
use newsreel_indexer::{IndexBuilder, IndexOptions};
use newsreel_query::{Engine, SearchRequest};
use newsreel_testdata::{bodies, news_lines_within, ZH_NEWS};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn secs(f: impl FnOnce()) -> f64 {
    let started = Instant::now();
    f();
    started.elapsed().as_secs_f64()
}

/// Best of `n` runs: the least disturbed by other work on the machine.
fn best(n: usize, mut f: impl FnMut()) -> f64 {
    (0..n).map(|_| secs(&mut f)).fold(f64::INFINITY, f64::min)
}

struct Check {
    failed: bool,
}

impl Check {
    /// `ratio` must stay at most `bound`: about ten times what was measured
    /// (test profile, this 2-core machine), or for the linear-time checks
    /// well below the ~100 a quadratic algorithm would give.
    fn at_most(&mut self, name: &str, ratio: f64, bound: f64, measured: f64) {
        let ok = ratio <= bound;
        self.failed |= !ok;
        println!(
            "{} {name}: {ratio:.2} (bound {bound}, was {measured} when set)",
            if ok { "ok  " } else { "FAIL" }
        );
    }
}

fn tokens(tokenizer: &mut WordTokenizer, text: &str) -> usize {
    let mut stream = tokenizer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += 1;
    }
    n
}

fn main() -> Result<()> {
    let mut check = Check { failed: false };
    let analyzer = Analyzer::builder().build()?;
    let mut jieba = None;
    let jieba_build_s = secs(|| jieba = Some(jieba_rs::Jieba::new()));
    let jieba = jieba.expect("built");

    // Cold start: a fresh analyzer's first Chinese query, against building
    // jieba's dictionary. A query is cut with a dictionary excerpt while
    // the whole dictionary is built in the background, so it does not wait.
    let first_query_s = secs(|| {
        let fresh = Analyzer::builder().build().expect("no user dictionary");
        std::hint::black_box(fresh.query_words("上海合作组织国家电影节在重庆开幕"));
    });
    check.at_most(
        "a fresh analyzer's first Chinese query ÷ building jieba's dictionary",
        first_query_s / jieba_build_s,
        0.3,
        0.01,
    );

    // Indexing: 2 MB of Chinese news, against jieba alone on its bodies.
    let lines = news_lines_within(ZH_NEWS, 2 << 20);
    let bodies = bodies(&lines);
    let folder = tempfile::tempdir()?;
    std::fs::write(folder.path().join("news.jsonl"), lines.join("\n"))?;
    let jieba_s = best(3, || {
        for b in &bodies {
            std::hint::black_box(jieba.cut_for_search(b, true));
        }
    });
    let index_dir = tempfile::tempdir()?;
    let index_s = best(2, || {
        let _ = std::fs::remove_dir_all(index_dir.path());
        IndexBuilder::open_or_create(index_dir.path(), IndexOptions::default())
            .and_then(|b| {
                b.with_analyzer(analyzer.clone())
                    .index_paths(&[folder.path().into()], |_| {})
            })
            .expect("indexing");
    });
    check.at_most(
        "indexing time ÷ jieba cut_for_search time",
        index_s / jieba_s,
        100.0,
        9.6,
    );

    // Queries: a mix of classes against a bare tantivy term query.
    let engine = Engine::open_with_analyzer(index_dir.path(), analyzer.clone())?;
    let queries = [
        "经济",
        "中国 发展",
        "market",
        "中国 oil",
        "\"国家统计局\"",
        "发展 -经济",
    ];
    let run_all = |snippets: bool| {
        for q in queries {
            let request = SearchRequest {
                snippets,
                ..SearchRequest::new(q)
            };
            std::hint::black_box(engine.search(&request).map(|r| r.total).unwrap_or(0));
        }
    };
    let searcher = engine.index().reader()?.searcher();
    let body = engine.index().schema().get_field("body")?;
    let term = TermQuery::new(
        tantivy::Term::from_field_text(body, "经济"),
        IndexRecordOption::WithFreqs,
    );
    let top10 = TopDocs::with_limit(10).order_by_score();
    let bare = || {
        for _ in queries {
            std::hint::black_box(searcher.search(&term, &top10).map(|t| t.len()).unwrap_or(0));
        }
    };
    bare();
    run_all(true);
    let bare_s = best(20, bare);
    check.at_most(
        "search ÷ bare term query, ids only",
        best(20, || run_all(false)) / bare_s,
        200.0,
        20.8,
    );
    check.at_most(
        "search ÷ bare term query, with snippets",
        best(20, || run_all(true)) / bare_s,
        1700.0,
        170.0,
    );

    // Linear time on pathological text: ten times the input, about ten times the time.
    let mut words = WordTokenizer::new(analyzer.clone(), SegmentMode::Index);
    let no_punctuation: String = bodies
        .concat()
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    for (name, small, large) in [
        (
            "Chinese without punctuation, 1 MB ÷ 100 KB",
            cut(&no_punctuation, 33_000),
            cut(&no_punctuation, 330_000),
        ),
        (
            "one repeated character, 100 KB ÷ 10 KB",
            "的".repeat(3_300),
            "的".repeat(33_000),
        ),
    ] {
        let small_s = best(3, || {
            tokens(&mut words, &small);
        });
        let large_s = best(3, || {
            tokens(&mut words, &large);
        });
        check.at_most(name, large_s / small_s, 30.0, 11.5);
    }
    // Quotation extraction on one endless paragraph of quotations and
    // unpunctuated text: each quotation reads a bounded context.
    let quoted = |n: usize| {
        let mut s = String::new();
        for i in 0..n {
            s.push_str(&cut(&no_punctuation, 40 + i % 7));
            s.push_str("市民张伟表示“");
            s.push_str(&cut(&no_punctuation, 20));
            s.push('”');
        }
        s
    };
    let (small, large) = (quoted(1_000), quoted(10_000));
    let small_s = best(5, || {
        std::hint::black_box(newsreel_indexer::quotes::extract(&small, &analyzer).len());
    });
    let large_s = best(5, || {
        std::hint::black_box(newsreel_indexer::quotes::extract(&large, &analyzer).len());
    });
    check.at_most(
        "quotations in one paragraph, 10,000 ÷ 1,000",
        large_s / small_s,
        30.0,
        10.0,
    );
    if check.failed {
        anyhow::bail!("an order-of-magnitude regression (see FAIL above)");
    }
    Ok(())
}
