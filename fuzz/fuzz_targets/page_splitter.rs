//! Any bytes, decoded as a report file would be, through the page splitter
//! and the other readers: none may panic, and every article keeps an id.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsreel_indexer::decode::decode;
use newsreel_indexer::formats::{parse_front_matter, parse_jsonl, parse_newspaper, FileMeta};

fuzz_target!(|bytes: &[u8]| {
    let Ok((text, _)) = decode(bytes) else {
        return;
    };
    let meta = FileMeta::default();
    let (articles, _) = parse_newspaper(&text, "page", "page.txt", &meta);
    for a in &articles {
        assert!(!a.id.is_empty());
    }
    let _ = parse_front_matter(&text, "article", "article.md", &meta);
    let _ = parse_jsonl(&text, "lines", "lines.jsonl", &meta);
});
