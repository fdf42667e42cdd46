//! A corpus folder full of the files people really point an indexer at:
//! every good article is indexed, each bad file or line is reported once
//! with its path (and line) and reason, and the index stays sound.

use std::path::{Path, PathBuf};

use newsreel_indexer::{check_index, IndexBuilder, IndexOptions, IndexReport};

fn seed_page() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/zh/000_fcb534285d604426.txt")
}

/// Write the folder; returns how many articles its good files hold.
fn write_messy_folder(dir: &Path) -> usize {
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    // A real page (three articles), its sidecar.
    std::fs::copy(seed_page(), dir.join("page.txt")).unwrap();
    std::fs::copy(
        seed_page().with_extension("txt.meta.toml"),
        dir.join("page.txt.meta.toml"),
    )
    .unwrap();
    // UTF-8 with a few broken bytes: read, the bad bytes replaced.
    w("broken-utf8.txt", b"Festival notes\nThe festival opened \xff\xfe in Yongchuan with films from ten countries.\n");
    // Legacy Chinese encodings without a BOM, and UTF-16 with one.
    let gbk = encoding_rs::GBK
        .encode("电影节札记\n上合组织国家电影节在永川开幕，十国影片参展。\n")
        .0;
    w("gbk.txt", &gbk);
    let big5 = encoding_rs::BIG5
        .encode("電影節札記\n上合組織國家電影節在永川開幕，十國影片參展。\n")
        .0;
    w("big5.txt", &big5);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Festival diary\nA day of screenings in Yongchuan.\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    w("utf16.txt", &utf16);
    // Bad files.
    w("empty.txt", b"");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    w("photo.png", &png);
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", dir.join("dangling.txt")).unwrap();
    // JSON Lines: a malformed line in the middle, a 10 MB line.
    let long_body = "The festival went on. ".repeat(10 * 1024 * 1024 / 22);
    let lines = [
        r#"{"id": "j1", "lang": "en", "title": "Opening night", "body": "The festival opened."}"#
            .to_string(),
        "{not json at all".to_string(),
        format!(
            r#"{{"id": "j2", "lang": "en", "title": "A very long report", "body": "{long_body}"}}"#
        ),
        r#"{"id": "j3", "lang": "en", "title": "Closing night", "body": "The festival closed."}"#
            .to_string(),
    ];
    w("lines.jsonl", (lines.join("\n") + "\n").as_bytes());
    // No recognizable article structure: one article titled by its first line, with a warning.
    w(
        "notes.txt",
        "Loose notes from the press room\nno dateline, no byline, just text.\n".as_bytes(),
    );
    3 + 1 + 1 + 1 + 1 + 3 + 1
}

fn reasons<'a>(report: &'a IndexReport, file: &str) -> Vec<&'a str> {
    report
        .failures
        .iter()
        .filter(|(path, _)| path.ends_with(file))
        .map(|(_, reason)| reason.as_str())
        .collect()
}

#[test]
fn good_articles_are_indexed_and_each_bad_input_reported_once() {
    let input = tempfile::tempdir().unwrap();
    let good = write_messy_folder(input.path());
    let index = tempfile::tempdir().unwrap();
    let report = IndexBuilder::open_or_create(index.path(), IndexOptions::default())
        .unwrap()
        .index_paths(&[input.path().to_path_buf()], |_| {})
        .unwrap();
    assert_eq!(report.articles_total, good, "{report:#?}");
    for (file, reason) in [
        ("empty.txt", "empty"),
        ("photo.png", "binary"),
        ("loop", "loop"),
        ("dangling.txt", "No such file"),
        ("lines.jsonl", "line 2"),
    ] {
        let found = reasons(&report, file);
        assert_eq!(found.len(), 1, "{file}: {found:?}\n{report:#?}");
        assert!(found[0].contains(reason), "{file}: {found:?}");
    }
    assert_eq!(report.failures.len(), 5, "{:#?}", report.failures);
    assert!(
        report
            .warnings
            .iter()
            .any(|(p, w)| p.ends_with("notes.txt") && w.contains("first line")),
        "{:#?}",
        report.warnings
    );
    let check = check_index(index.path()).unwrap();
    assert!(check.is_sound(), "{:?}", check.problems);
    assert_eq!(check.articles, good);
    // Nothing changed: nothing is read again, the same things are reported.
    let again = IndexBuilder::open_or_create(index.path(), IndexOptions::default())
        .unwrap()
        .index_paths(&[input.path().to_path_buf()], |_| {})
        .unwrap();
    assert_eq!(again.articles_total, good);
    assert_eq!(again.articles_added, 0);
}

#[test]
fn an_unreadable_file_is_reported_not_fatal() {
    use std::os::unix::fs::PermissionsExt;
    let input = tempfile::tempdir().unwrap();
    std::fs::copy(seed_page(), input.path().join("page.txt")).unwrap();
    let locked = input.path().join("locked.txt");
    std::fs::write(&locked, "Locked notes\nA report nobody may read.\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::File::open(&locked).is_ok(); // root reads anything
    let index = tempfile::tempdir().unwrap();
    let report = IndexBuilder::open_or_create(index.path(), IndexOptions::default())
        .unwrap()
        .index_paths(&[input.path().to_path_buf()], |_| {})
        .unwrap();
    if readable {
        assert_eq!(report.articles_total, 4, "{report:#?}");
        assert!(report.failures.is_empty());
    } else {
        assert_eq!(report.articles_total, 3, "{report:#?}");
        let found = reasons(&report, "locked.txt");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("ermission"), "{found:?}");
    }
}
