//! `newsreel serve` as a real process on a loopback port: the index is built
//! on first start, re-indexing by another process is picked up while searches
//! keep answering, SIGTERM shuts it down cleanly, and the search page works
//! in a real headless Chromium.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::{corpus, fresh_checkout};

/// A running `newsreel serve`, killed if the test ends early.
struct Server {
    child: Child,
    addr: String,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Server {
    fn start(cwd: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsreel"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .current_dir(cwd)
            .env_remove("NEWSREEL_INDEX")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start newsreel serve");
        let mut stderr = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server {
            child,
            addr,
            stderr: Some(stderr),
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stop with SIGTERM; the exit status and everything logged.
    fn terminate(mut self) -> (std::process::ExitStatus, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(15);
        let exit = loop {
            if let Some(exit) = self.child.try_wait().unwrap() {
                break exit;
            }
            assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        };
        let log = self.stderr.take().unwrap().join().unwrap();
        (exit, log)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 GET: status and body.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "unexpected chunked body"
    );
    (status, body.to_string())
}

fn json(addr: &str, path: &str) -> serde_json::Value {
    let (status, body) = get(addr, path);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn serve_builds_the_index_follows_reindexing_and_stops_cleanly() {
    let checkout = fresh_checkout();
    let server = Server::start(checkout.path(), &[]);
    let addr = server.addr.clone();
    assert!(checkout.path().join("index/meta.json").is_file());
    let before = json(&addr, "/healthz")["articles"].as_u64().unwrap();
    assert!(before >= 4);
    // Asked twice, so that the server keeps this answer for repeated
    // requests: it must not outlive the re-indexing below.
    for _ in 0..2 {
        assert_eq!(
            json(&addr, "/api/search?q=Ondaatje")["total"],
            0,
            "the new word is not in the corpus yet"
        );
    }

    // Searches keep coming while another process re-indexes.
    let stop = Arc::new(AtomicBool::new(false));
    let hammer = {
        let (stop, addr) = (stop.clone(), addr.clone());
        std::thread::spawn(move || {
            let mut statuses = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                statuses.push(get(&addr, "/api/search?q=festival").0);
            }
            statuses
        })
    };
    std::fs::write(
        checkout.path().join("corpus/en/harbin-premiere.md"),
        "---\ntitle: Harbin premiere\nlang: en\ndate: 2025-07-08\n---\n\
         The novelist Ondaatje attended the premiere of the festival's closing film in Harbin.\n",
    )
    .unwrap();
    let index = Command::new(env!("CARGO_BIN_EXE_newsreel"))
        .args(["index", "corpus"])
        .current_dir(checkout.path())
        .env_remove("NEWSREEL_INDEX")
        .output()
        .unwrap();
    assert!(
        index.status.success(),
        "{}",
        String::from_utf8_lossy(&index.stderr)
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while json(&addr, "/healthz")["articles"].as_u64().unwrap() != before + 1 {
        assert!(
            Instant::now() < deadline,
            "the server did not pick up the new index"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let found = json(&addr, "/api/search?q=Ondaatje");
    assert_eq!(found["total"], 1);
    assert_eq!(found["hits"][0]["title"], "Harbin premiere");
    stop.store(true, Ordering::Relaxed);
    let statuses = hammer.join().unwrap();
    assert!(!statuses.is_empty());
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");

    let (exit, log) = server.terminate();
    assert!(exit.success(), "exit {exit:?}\n{log}");
    assert!(
        log.contains("GET /healthz 200"),
        "one line per request: {log}"
    );
    assert!(log.contains("shutting down"), "{log}");
}

#[test]
fn start_up_mistakes_are_clear_errors() {
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_newsreel"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .current_dir(empty.path())
        .env_remove("NEWSREEL_INDEX")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newsreel index"));
    let bad_origin = Command::new(env!("CARGO_BIN_EXE_newsreel"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--cors-origin",
            "example.org",
        ])
        .current_dir(fresh_checkout().path())
        .env_remove("NEWSREEL_INDEX")
        .output()
        .unwrap();
    assert_eq!(bad_origin.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_origin.stderr).contains("--cors-origin"));
    // A cache far beyond any memory is refused, not attempted.
    for flag in ["--store-cache", "--result-cache"] {
        let huge = Command::new(env!("CARGO_BIN_EXE_newsreel"))
            .args(["serve", "--addr", "127.0.0.1:0", flag, "99999999999999999"])
            .current_dir(empty.path())
            .env_remove("NEWSREEL_INDEX")
            .output()
            .unwrap();
        assert_eq!(huge.status.code(), Some(2), "{flag}");
        assert!(String::from_utf8_lossy(&huge.stderr).contains(flag));
    }
}

fn browser_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// The browser test needs Node, Debian's chromium and playwright-core
/// (`npm ci --prefix crates/query/tests/browser`); `.ci/run` installs them.
/// Without them it fails, saying so, unless NEWSREEL_SKIP_BROWSER=1 asks to
/// skip it (and it says it skipped).
#[test]
fn the_search_page_works_in_a_real_browser() {
    if std::env::var_os("NEWSREEL_SKIP_BROWSER").is_some_and(|v| v == "1") {
        eprintln!("SKIPPED: browser test (NEWSREEL_SKIP_BROWSER=1)");
        return;
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).is_file(),
        "the browser test needs Chromium at {chromium} (apt-get install chromium, or set CHROMIUM); \
         NEWSREEL_SKIP_BROWSER=1 skips it"
    );
    assert!(
        browser_dir().join("node_modules/playwright-core").is_dir(),
        "the browser test needs playwright-core: npm ci --prefix crates/query/tests/browser; \
         NEWSREEL_SKIP_BROWSER=1 skips it"
    );
    let index = tempfile::tempdir().unwrap();
    let cwd = corpus().join("..");
    let index_path = index.path().join("idx");
    let server = Server::start(&cwd, &["--index", index_path.to_str().unwrap()]);
    let mut node = Command::new("node");
    node.arg(browser_dir().join("search.mjs"))
        .arg(server.url())
        .env("CHROMIUM", &chromium);
    if let Ok(shot) = std::env::var("NEWSREEL_SCREENSHOT") {
        node.arg(shot);
    }
    let out = node.output().expect("run node (is Node.js installed?)");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.starts_with("ok:"), "{stdout}");
}
