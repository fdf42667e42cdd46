//! The `newsreel` binary, run for real in a temporary directory.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::fresh_checkout;

/// Run `newsreel ARGS` in `dir` with a clean environment for the index setting.
fn newsreel(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsreel"))
        .args(args)
        .current_dir(dir)
        .env_remove("NEWSREEL_INDEX")
        .output()
        .expect("run newsreel")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn first_search_on_a_fresh_clone_builds_the_index() {
    let dir = fresh_checkout();
    let out = newsreel(dir.path(), &["search", "冼星海"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("building it from corpus/"),
        "{}",
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(text.starts_with("1 result for 冼星海"), "{text}");
    assert!(text.contains("国际佳作共筑文化桥梁"));
    assert!(text.contains("**冼星海**"), "{text}");
    // The second search uses the index built by the first.
    let again = newsreel(dir.path(), &["search", "冼星海"]);
    assert!(!stderr(&again).contains("building"));
}

#[test]
fn json_output_has_the_documented_fields() {
    let dir = fresh_checkout();
    let out = newsreel(
        dir.path(),
        &["search", "巴扎喜事", "--json", "--limit", "5"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["query"], "巴扎喜事");
    assert!(v["total"].as_u64().unwrap() >= 1);
    assert!(v["took_ms"].is_f64());
    let hit = &v["hits"][0];
    for key in [
        "id",
        "title",
        "subtitle",
        "lang",
        "date",
        "source",
        "reporter",
        "path",
        "score",
        "snippet",
        "translations",
    ] {
        assert!(hit.get(key).is_some(), "missing {key} in {hit}");
    }
    assert_eq!(hit["id"], "000_fcb534285d604426-2");
    assert_eq!(hit["path"], "corpus/zh/000_fcb534285d604426.txt");
    assert!(hit["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>巴扎喜事</mark>"));

    let show = newsreel(dir.path(), &["show", "000_fcb534285d604426-2", "--json"]);
    let a: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    for key in [
        "id", "title", "subtitle", "lang", "date", "source", "reporter", "path", "body", "captions",
    ] {
        assert!(a.get(key).is_some(), "missing {key} in show --json");
    }
    assert_eq!(a["captions"][0], "《巴扎喜事》主创团队与观众见面互动。");
    assert!(a["body"]
        .as_str()
        .unwrap()
        .contains("娜塔莉娅在观看完《巴扎喜事》后称赞道"));
}

#[test]
fn exit_codes_say_what_went_wrong() {
    let dir = fresh_checkout();
    let ok = newsreel(dir.path(), &["index"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        stderr(&ok).contains("6 articles in the index"),
        "{}",
        stderr(&ok)
    );
    // usage errors: 2
    assert_eq!(newsreel(dir.path(), &["search"]).status.code(), Some(2));
    assert_eq!(
        newsreel(dir.path(), &["search", "永川", "--from", "2025-7-5"])
            .status
            .code(),
        Some(2)
    );
    let empty = newsreel(dir.path(), &["search", "-永川"]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        stderr(&empty).starts_with("newsreel: nothing to search"),
        "{}",
        stderr(&empty)
    );
    // runtime errors: 1, one line
    let missing = newsreel(dir.path(), &["show", "no-such-id"]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(stderr(&missing).lines().count(), 1);
    let no_index = newsreel(dir.path(), &["search", "永川", "--index", "elsewhere/none"]);
    assert!(
        no_index.status.success(),
        "index is built from corpus/ when missing"
    );
}

#[test]
fn a_broken_file_is_reported_and_the_rest_indexed() {
    let dir = fresh_checkout();
    std::fs::write(
        dir.path().join("corpus/zh/broken.jsonl"),
        "{\"id\":\"ok\",\"title\":\"好文章\",\"body\":\"永川电影节\"}\n{oops\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("corpus/zh/image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    let out = newsreel(dir.path(), &["index"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("image.txt: looks like a binary file"), "{err}");
    assert!(err.contains("broken.jsonl: line 2:"), "{err}");
    assert!(err.contains("7 articles in the index"), "{err}");
}

#[test]
fn index_env_variable_chooses_the_index() {
    let dir = fresh_checkout();
    let out = Command::new(env!("CARGO_BIN_EXE_newsreel"))
        .args(["index"])
        .current_dir(dir.path())
        .env("NEWSREEL_INDEX", "custom-index")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("custom-index/meta.json").is_file());
}

/// `newsreel index --check`: article count of a sound index, or exit 1.
fn check(dir: &Path) -> (bool, usize, String) {
    let out = newsreel(dir, &["index", "--check"]);
    let text = stdout(&out);
    // "index at DIR: 1 segments, 6 articles; manifest: 4 files, 6 articles; sound"
    let articles = text
        .split([',', ';'])
        .find_map(|part| part.trim().strip_suffix(" articles"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    (
        out.status.success(),
        articles,
        format!("{text}{}", stderr(&out)),
    )
}

#[test]
fn index_check_tells_a_sound_index_from_a_damaged_one() {
    let dir = fresh_checkout();
    assert!(newsreel(dir.path(), &["index"]).status.success());
    let (ok, articles, text) = check(dir.path());
    assert!(ok && text.contains("sound"), "{text}");
    assert!(articles >= 4, "{text}");
    let conflict = newsreel(dir.path(), &["index", "--check", "corpus"]);
    assert_eq!(conflict.status.code(), Some(2));
    let store = std::fs::read_dir(dir.path().join("index"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .unwrap();
    std::fs::remove_file(store).unwrap();
    let (ok, _, text) = check(dir.path());
    assert!(!ok, "{text}");
}

#[test]
fn a_second_indexer_is_told_the_index_is_busy() {
    let dir = fresh_checkout();
    assert!(newsreel(dir.path(), &["index"]).status.success());
    // Another writer holds tantivy's lock (as a running `newsreel index` would).
    let index = tantivy::Index::open_in_dir(dir.path().join("index")).unwrap();
    newsreel_analysis::tokenizers::register(
        &index,
        &newsreel_analysis::Analyzer::builder().build().unwrap(),
    );
    let writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 20 << 20).unwrap();
    let started = std::time::Instant::now();
    let out = newsreel(dir.path(), &["index"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("another process is writing"),
        "{}",
        stderr(&out)
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "did not fail fast"
    );
    drop(writer);
    assert!(newsreel(dir.path(), &["index"]).status.success());
}

/// The first `count` articles of the Chinese news in `../shared/data`, as JSON Lines.
fn news_slice(count: usize) -> String {
    newsreel_testdata::news_lines(newsreel_testdata::ZH_NEWS, count).join("\n") + "\n"
}

/// `newsreel index` in `dir`, killed with SIGKILL after `wait`.
fn index_killed_after(dir: &Path, args: &[&str], wait: std::time::Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsreel"))
        .arg("index")
        .args(args)
        .current_dir(dir)
        .env_remove("NEWSREEL_INDEX")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(wait);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
}

#[test]
fn a_killed_indexer_loses_nothing_committed_and_a_rerun_completes() {
    let dir = fresh_checkout();
    assert!(newsreel(dir.path(), &["index"]).status.success());
    let (_, committed, text) = check(dir.path());
    assert!(committed >= 4, "{text}");
    // Six files of 500 articles, committed after each file.
    const FILES: usize = 6;
    const PER_FILE: usize = 500;
    let news = news_slice(FILES * PER_FILE);
    let lines: Vec<&str> = news.lines().collect();
    for (k, chunk) in lines.chunks(PER_FILE).enumerate() {
        let path = dir.path().join(format!("corpus/news-{k}.jsonl"));
        std::fs::write(path, chunk.join("\n") + "\n").unwrap();
    }
    let expected = committed + FILES * PER_FILE;
    let args = ["--commit-every", "1"];
    // Killed before anything, then again and again, each run a little
    // longer: each kill falls before, during or after one of the commits.
    let mut seen = vec![committed];
    let mut wait_ms = 0;
    while *seen.last().unwrap() < expected {
        index_killed_after(dir.path(), &args, std::time::Duration::from_millis(wait_ms));
        // The index opens, is sound, and holds whole files only: what the
        // last commit before the kill had.
        let (ok, articles, text) = check(dir.path());
        assert!(ok, "after a kill at {wait_ms} ms: {text}");
        assert!(
            articles >= committed && (articles - committed) % PER_FILE == 0,
            "after a kill at {wait_ms} ms: {articles} articles\n{text}"
        );
        assert!(
            articles >= *seen.last().unwrap(),
            "work was lost: {seen:?} then {articles}"
        );
        let search = newsreel(dir.path(), &["search", "冼星海"]);
        assert!(search.status.success(), "{}", stderr(&search));
        seen.push(articles);
        wait_ms += 400;
        assert!(wait_ms < 60_000, "never completed: {seen:?}");
    }
    eprintln!("articles after each kill: {seen:?}");
    // A re-run reads nothing again, duplicates nothing.
    let rerun = newsreel(dir.path(), &["index", "--commit-every", "1"]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert!(stderr(&rerun).contains("0 added"), "{}", stderr(&rerun));
    let (ok, articles, text) = check(dir.path());
    assert!(ok, "{text}");
    assert_eq!(articles, expected, "{text}");
    // From a kill in the middle, a re-run completes the rest exactly.
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    index_killed_after(
        dir.path(),
        &args,
        std::time::Duration::from_millis(wait_ms / 2),
    );
    let (_, before, _) = check(dir.path());
    let rerun = newsreel(dir.path(), &["index"]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert_eq!(check(dir.path()).1, expected);
    eprintln!("{before} articles survived a kill at {} ms", wait_ms / 2);
}

/// Records of a CSV text (RFC 4180: quoted fields may hold commas, quotes, line breaks).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}

#[test]
fn export_writes_every_matching_article_not_a_page() {
    let dir = fresh_checkout();
    std::fs::write(dir.path().join("corpus/news.jsonl"), news_slice(1500)).unwrap();
    assert!(newsreel(dir.path(), &["index"]).status.success());
    let page = newsreel(dir.path(), &["search", "的", "--json", "--limit", "5"]);
    let page: serde_json::Value = serde_json::from_slice(&page.stdout).unwrap();
    let total = page["total"].as_u64().unwrap() as usize;
    assert!(total > 1000, "{total}: more than the largest page");

    let jsonl = newsreel(dir.path(), &["search", "的", "--format", "jsonl"]);
    assert!(jsonl.status.success(), "{}", stderr(&jsonl));
    let hits: Vec<serde_json::Value> = stdout(&jsonl)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(hits.len(), total);
    assert_eq!(
        hits[0]["id"], page["hits"][0]["id"],
        "best first, as the search ranks"
    );
    assert!(hits
        .iter()
        .all(|h| h["snippet"].as_str().unwrap().contains("<mark>")));
    let mut ids: Vec<&str> = hits.iter().map(|h| h["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "each article once");

    let csv = newsreel(dir.path(), &["search", "的", "--format", "csv"]);
    assert!(csv.status.success(), "{}", stderr(&csv));
    let records = csv_records(&stdout(&csv));
    assert_eq!(records[0][0], "id");
    assert_eq!(records[0].len(), 11);
    assert_eq!(records.len(), total + 1);
    assert!(records[1..].iter().all(|r| r.len() == 11));
    let mut csv_ids: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    csv_ids.sort();
    assert_eq!(csv_ids, ids);
    // The snippet column is plain text with the match in it.
    let snippet = &records[1][10];
    assert!(
        snippet.contains('的') && !snippet.contains("<mark>"),
        "{snippet}"
    );
}

#[test]
fn export_keeps_filters_and_reports_bad_queries() {
    let dir = fresh_checkout();
    let en = newsreel(
        dir.path(),
        &["search", "Yongchuan", "--lang", "en", "--format", "jsonl"],
    );
    assert!(en.status.success(), "{}", stderr(&en));
    let langs: Vec<String> = stdout(&en)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["lang"].to_string())
        .collect();
    assert!(
        !langs.is_empty() && langs.iter().all(|l| l == "\"en\""),
        "{langs:?}"
    );
    let bad = newsreel(dir.path(), &["search", "-", "--format", "csv"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    let both = newsreel(dir.path(), &["search", "x", "--json", "--format", "csv"]);
    assert_eq!(both.status.code(), Some(2));
}

/// Occurrences of `needle` in the cleaned texts of every article (title,
/// subtitle, body, captions), read back with `show --json`.
fn cleaned_count(dir: &Path, ids: &[&str], needle: &str) -> usize {
    ids.iter()
        .map(|id| {
            let out = newsreel(dir, &["show", id, "--json"]);
            let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let mut texts = vec![a["title"].as_str().unwrap_or("").to_string()];
            texts.push(a["subtitle"].as_str().unwrap_or("").to_string());
            texts.push(a["body"].as_str().unwrap_or("").to_string());
            for c in a["captions"].as_array().unwrap() {
                texts.push(c.as_str().unwrap().to_string());
            }
            texts
                .iter()
                .map(|t| t.matches(needle).count())
                .sum::<usize>()
        })
        .sum()
}

#[test]
fn kwic_counts_every_occurrence_in_the_cleaned_text() {
    let dir = fresh_checkout();
    let kwic = |term: &str| -> serde_json::Value {
        let out = newsreel(dir.path(), &["kwic", term, "--json", "--width", "10"]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let zh = [
        "000_fcb534285d604426-1",
        "000_fcb534285d604426-2",
        "000_fcb534285d604426-3",
    ];
    // 华表奖 was printed across a line break (华 / 表奖): the page text
    // holds it fewer times than the cleaned articles do.
    let page =
        std::fs::read_to_string(dir.path().join("corpus/zh/000_fcb534285d604426.txt")).unwrap();
    for term in ["华表奖", "电影节", "冼星海", "巴扎喜事"] {
        let v = kwic(term);
        let expected = cleaned_count(dir.path(), &zh, term);
        assert!(expected > 0, "{term}");
        assert_eq!(v["total"].as_u64().unwrap() as usize, expected, "{term}");
        assert_eq!(v["lines"].as_array().unwrap().len(), expected);
        for line in v["lines"].as_array().unwrap() {
            assert_eq!(line["match"], term);
            assert_eq!(line["date"].as_str().map(|d| d.len()), Some(10));
            assert!(line["left"].as_str().unwrap().chars().count() <= 10);
        }
    }
    assert!(page.matches("华表奖").count() < cleaned_count(dir.path(), &zh, "华表奖"));
    // Traditional characters find the same occurrences, shown as printed.
    assert_eq!(kwic("電影節")["total"], kwic("电影节")["total"]);
    // English: whole words, as an exact phrase.
    let en = kwic("Xian Xinghai");
    let expected = cleaned_count(
        dir.path(),
        &["sco-film-festival-the-musician-en"],
        "Xian Xinghai",
    );
    assert_eq!(en["total"].as_u64().unwrap() as usize, expected);
    assert_eq!(
        kwic("Xian Xinghai")["lines"][0]["article_id"],
        "sco-film-festival-the-musician-en"
    );
    // Text output: the count first, then one line per occurrence.
    let text = newsreel(dir.path(), &["kwic", "冼星海"]);
    let text = stdout(&text);
    let mut lines = text.lines();
    let first = lines.next().unwrap();
    let n: usize = first.split(' ').next().unwrap().parse().unwrap();
    assert_eq!(first, format!("{n} occurrences of 冼星海"));
    assert_eq!(lines.filter(|l| l.contains("[冼星海]")).count(), n);
}

#[test]
fn quotes_lists_who_said_what_and_show_json_has_them() {
    let dir = fresh_checkout();
    let out = newsreel(dir.path(), &["quotes", "--speaker", "覃祖凤"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("1 quotation\n"), "{text}");
    assert!(text.contains("“战争的残酷与冼星海坚守的艰辛"), "{text}");
    assert!(text.contains("— 覃祖凤 (市民)"), "{text}");
    assert!(text.contains("国际佳作共筑文化桥梁 · 2025-07-06 · 000_fcb534285d604426-3"));

    let out = newsreel(
        dir.path(),
        &["quotes", "Xinjiang", "--lang", "en", "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["query"], "Xinjiang");
    assert_eq!(json["total"], 3, "{json}");
    let speakers: Vec<&str> = json["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["speaker"].as_str())
        .collect();
    assert!(
        speakers.contains(&"Jing Luzhou") && speakers.contains(&"Natalia"),
        "{speakers:?}"
    );

    let out = newsreel(
        dir.path(),
        &["show", "sco-film-festival-focus-section-en", "--json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let quotes = json["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 4);
    assert!(quotes[3]["speaker"].is_null());
    assert_eq!(quotes[3]["speaker_role"], "Chongqing viewer");
}

#[test]
fn across_languages_from_the_command_line() {
    let dir = fresh_checkout();
    // One story, two languages: one result naming its translation.
    let out = newsreel(dir.path(), &["search", "Xian Xinghai"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("1 result for Xian Xinghai"), "{text}");
    assert!(
        text.contains("translations: 000_fcb534285d604426-3"),
        "{text}"
    );
    // Apart, the Chinese report says how it was found.
    let text = stdout(&newsreel(
        dir.path(),
        &["search", "Xian Xinghai", "--no-group"],
    ));
    assert!(text.starts_with("2 results for Xian Xinghai"), "{text}");
    assert!(
        text.contains("matched through: Xian Xinghai → 冼星海 (translation)"),
        "{text}"
    );
    assert!(text.contains("**冼星海**"), "{text}");
    // Pinyin, and nothing found: a nearer query is offered.
    let text = stdout(&newsreel(
        dir.path(),
        &["search", "bazha xishi", "--lang", "zh"],
    ));
    assert!(
        text.contains("matched through: bazha xishi → 巴扎喜事 (pinyin)"),
        "{text}"
    );
    let text = stdout(&newsreel(dir.path(), &["search", "冼星孩"]));
    assert!(text.starts_with("0 results"), "{text}");
    assert!(text.contains("did you mean: 冼星海"), "{text}");
}

#[test]
fn a_glossary_line_added_by_the_user_works_after_reindexing() {
    let dir = fresh_checkout();
    let zh_yellow_river = |dir: &Path| {
        stdout(&newsreel(
            dir,
            &["search", "Yellow River", "--lang", "zh", "--json"],
        ))
    };
    let before: serde_json::Value = serde_json::from_str(&zh_yellow_river(dir.path())).unwrap();
    assert_eq!(before["total"], 0, "{before}");
    let glossary = dir.path().join("corpus/glossary.tsv");
    let mut text = std::fs::read_to_string(&glossary).unwrap();
    text.push_str("黄河\tYellow River\tplace\nthis line has no tabs\n");
    std::fs::write(&glossary, text).unwrap();
    // Re-indexing copies the glossary; no article is re-read for it.
    let out = newsreel(dir.path(), &["index"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("(0 added"), "{}", stderr(&out));
    let out = newsreel(
        dir.path(),
        &["search", "Yellow River", "--lang", "zh", "--json"],
    );
    let after: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(after["total"], 1, "{after}");
    assert_eq!(after["hits"][0]["expanded"][0]["to"], "黄河");
    // The bad line is named; the good ones still work.
    assert!(
        stderr(&out).contains("glossary.tsv:") && stderr(&out).contains("expected three columns"),
        "{}",
        stderr(&out)
    );
}
