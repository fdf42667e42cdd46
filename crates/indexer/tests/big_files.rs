//! Files too big to read whole are read as a stream, in parts, and give the
//! index that reading them whole gives; text that cannot be a report (a
//! line without end) is refused without losing the rest.
//!
//! The parts are made small here (`stream_above`) so that files of a few
//! hundred KiB are cut many times; `benches/big-file.sh` runs a 200 MB file
//! with the default sizes and reports memory.

use std::io::Write;
use std::path::{Path, PathBuf};

use newsreel_indexer::schema;
use newsreel_indexer::{check_index, IndexBuilder, IndexOptions, IndexReport};
use tantivy::schema::Value;
use tantivy::TantivyDocument;

fn seed_page() -> String {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/zh/000_fcb534285d604426.txt");
    std::fs::read_to_string(path).unwrap()
}

/// The first `count` lines of the Chinese news in `../shared/data`.
fn news_lines(count: usize) -> Vec<String> {
    newsreel_testdata::news_lines(newsreel_testdata::ZH_NEWS, count)
}

/// Options that stream anything above `stream_above` bytes.
fn streaming(stream_above: u64) -> IndexOptions {
    IndexOptions {
        stream_above,
        ..IndexOptions::default()
    }
}

/// (id, title, body, date, reporter) of every article, sorted by id.
type Stored = Vec<[String; 5]>;

fn index(folder: &Path, options: IndexOptions) -> (IndexReport, Stored) {
    let dir = tempfile::tempdir().unwrap();
    let report = IndexBuilder::open_or_create(dir.path(), options)
        .unwrap()
        .index_paths(&[folder.to_path_buf()], |_| {})
        .unwrap();
    let check = check_index(dir.path()).unwrap();
    assert!(check.is_sound(), "{:?}", check.problems);
    let index = tantivy::Index::open_in_dir(dir.path()).unwrap();
    let (_, f) = schema::build();
    let searcher = index.reader().unwrap().searcher();
    let mut stored = Vec::new();
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(1).unwrap();
        for doc in segment.doc_ids_alive() {
            let d: TantivyDocument = store.get(doc).unwrap();
            let get = |field| {
                d.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            stored.push([
                get(f.id),
                get(f.title),
                get(f.body),
                get(f.date),
                get(f.reporter),
            ]);
        }
    }
    stored.sort();
    (report, stored)
}

fn folder_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    dir
}

/// Many pages in one file: the seed page, and the same page with its
/// articles in another order, over and over (about 600 KiB).
fn many_pages() -> String {
    let page = seed_page();
    let mut text = String::new();
    for k in 0..40 {
        text.push_str(&page);
        text.push_str(if k % 2 == 0 { "\n\n\n" } else { "\n\u{c}\n" });
    }
    text
}

#[test]
fn a_page_file_read_in_parts_gives_the_articles_read_whole_gives() {
    let text = many_pages();
    let dir = folder_with("pages.txt", text.as_bytes());
    let (whole_report, whole) = index(dir.path(), IndexOptions::default());
    let (parts_report, parts) = index(dir.path(), streaming(16 << 10));
    assert!(whole.len() >= 120, "{}", whole.len());
    assert_eq!(parts.len(), whole.len());
    for (p, w) in parts.iter().zip(&whole) {
        assert_eq!(p, w);
    }
    assert!(whole_report.failures.is_empty() && parts_report.failures.is_empty());
    assert_eq!(whole_report.warnings, parts_report.warnings);
}

#[test]
fn encodings_and_line_ends_survive_block_boundaries() {
    let text = many_pages();
    let utf8 = folder_with("pages.txt", text.as_bytes());
    let (_, expected) = index(utf8.path(), streaming(16 << 10));
    // GBK with CRLF: multi-byte characters and `\r\n` fall across the
    // 64 KiB blocks the stream decodes.
    let crlf = text.replace('\n', "\r\n");
    let gbk = encoding_rs::GBK.encode(&crlf).0;
    let gbk_dir = folder_with("pages.txt", &gbk);
    let (_, from_gbk) = index(gbk_dir.path(), streaming(16 << 10));
    assert_eq!(from_gbk, expected);
    // UTF-16 with its BOM, gzip-compressed.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&utf16).unwrap();
    let gz_dir = folder_with("pages.txt.gz", &gz.finish().unwrap());
    let (report, from_gz) = index(gz_dir.path(), streaming(16 << 10));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    // Same articles; ids carry the file's stem, the same here.
    assert_eq!(from_gz, expected);
}

#[test]
fn json_lines_read_in_parts_keep_ids_and_line_numbers() {
    let mut lines = news_lines(400);
    lines.insert(150, "{\"id\": \"broken".to_string());
    let text = lines.join("\n") + "\n";
    let dir = folder_with("news.jsonl", text.as_bytes());
    let (whole_report, whole) = index(dir.path(), IndexOptions::default());
    let (parts_report, parts) = index(dir.path(), streaming(16 << 10));
    assert_eq!(whole.len(), 400);
    assert_eq!(parts, whole);
    assert_eq!(parts_report.failures, whole_report.failures);
    assert_eq!(parts_report.failures.len(), 1);
    assert!(
        parts_report.failures[0].1.starts_with("line 151:"),
        "{:?}",
        parts_report.failures
    );
}

/// 17 MiB of Chinese text without a single line break.
fn endless_line() -> String {
    "电影节的观众在永川看电影".repeat(17 * 1024 * 1024 / 36 + 1)
}

#[test]
fn an_endless_paragraph_is_refused_and_the_rest_indexed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.txt"), seed_page()).unwrap();
    std::fs::write(
        dir.path().join("dump.txt"),
        format!("A title\n\n{}\n", endless_line()),
    )
    .unwrap();
    // Whole (17 MiB is under the 32 MiB streaming threshold) and streamed.
    for options in [IndexOptions::default(), streaming(1 << 20)] {
        let (report, stored) = index(dir.path(), options);
        assert_eq!(stored.len(), 3, "{report:#?}");
        assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
        let (path, reason) = &report.failures[0];
        assert!(path.ends_with("dump.txt"), "{path}");
        assert!(
            reason.contains("line 3 runs on for more than 16 MiB"),
            "{reason}"
        );
    }
}

#[test]
fn a_streamed_page_that_fails_half_way_leaves_nothing_of_itself() {
    // Good pages first (parts of them are added), then an endless line.
    let text = format!("{}\n\n{}\n", many_pages(), endless_line());
    let dir = folder_with("pages.txt", text.as_bytes());
    let (report, stored) = index(dir.path(), streaming(64 << 10));
    assert!(stored.is_empty(), "{} articles left", stored.len());
    assert_eq!(report.articles_total, 0);
    assert_eq!(report.articles_added, 0, "{report:#?}");
    assert_eq!(report.failures.len(), 1);
}

#[test]
fn an_endless_json_line_is_skipped_and_the_lines_after_it_kept() {
    let mut lines = news_lines(30);
    lines.insert(
        10,
        format!(
            r#"{{"id": "huge", "title": "huge", "body": "{}"}}"#,
            endless_line()
        ),
    );
    let text = lines.join("\n") + "\n";
    let dir = folder_with("news.jsonl", text.as_bytes());
    for options in [IndexOptions::default(), streaming(1 << 20)] {
        let (report, stored) = index(dir.path(), options);
        assert_eq!(stored.len(), 30, "{report:#?}");
        assert_eq!(report.failures.len(), 1);
        assert_eq!(report.failures[0].1, "line 11: longer than 16 MiB; skipped");
    }
}

#[test]
fn a_long_page_without_datelines_is_indexed_in_parts_without_losing_text() {
    // Paragraphs of running text, no dateline anywhere: cut by force.
    let news = news_lines(120);
    let paragraphs: Vec<String> = news
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["body"].as_str().unwrap().replace('\n', "")
        })
        .filter(|p| !p.trim().is_empty())
        .collect();
    let dir = folder_with("notes.txt", paragraphs.join("\n\n").as_bytes());
    let (report, stored) = index(dir.path(), streaming(16 << 10));
    assert!(stored.len() > 3, "{} articles", stored.len());
    assert!(report
        .warnings
        .iter()
        .any(|(_, w)| w.contains("no dateline")));
    // Every paragraph is found whole in some article (titles are first lines).
    let all: String = stored
        .iter()
        .map(|a| format!("{}\n{}\n", a[1], a[2]))
        .collect();
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let all = squeeze(&all);
    for p in &paragraphs {
        let head: String = squeeze(p).chars().take(60).collect();
        assert!(all.contains(&head), "lost: {head}");
    }
}
