//! Embeds jieba's default dictionary, sorted, for `src/excerpt.rs`: a query
//! can then be cut with the few dictionary words it contains, before the
//! whole dictionary is built (about 190 ms on a 2-core machine of ours, the
//! bulk of a cold `newsreel search`).
//!
//! The dictionary is the one jieba-rs embeds: `src/data/dict.txt` of the
//! jieba-rs package that `Cargo.lock` names, read from cargo's registry (or a
//! `vendor/` folder). When it cannot be found the build goes on with an empty
//! excerpt dictionary and a warning: queries are then cut with the whole
//! dictionary, as before, only later.
//!
//! Also writes every pinyin syllable the `pinyin` crate reads a character
//! as, for `src/pinyin.rs`: a typed word that is no run of them cannot be
//! the pinyin of any Chinese word, and needs no look into the index's
//! Chinese words.

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let workspace = manifest
        .ancestors()
        .nth(2)
        .unwrap_or(&manifest)
        .to_path_buf();
    let lock = workspace.join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let found = locked_version(&lock).and_then(|version| find_dictionary(&workspace, &version));
    let (sorted, total, longest) = match &found {
        Some(path) => {
            println!("cargo:rerun-if-changed={}", path.display());
            let text = fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            sort(&text)
        }
        None => {
            println!(
                "cargo:warning=jieba-rs's dict.txt was not found: queries will wait for the whole dictionary"
            );
            (String::new(), 0, 0)
        }
    };
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    fs::write(out.join("jieba-sorted.txt"), sorted).expect("OUT_DIR is writable");
    fs::write(
        out.join("jieba_dictionary.rs"),
        format!(
            "/// Sum of the frequencies of jieba's default dictionary.\n\
             pub(crate) const DEFAULT_TOTAL: usize = {total};\n\
             /// Its longest word, in bytes: no lookup goes past it.\n\
             pub(crate) const MAX_WORD_BYTES: usize = {longest};\n"
        ),
    )
    .expect("OUT_DIR is writable");
    fs::write(out.join("pinyin_syllables.rs"), syllables()).expect("OUT_DIR is writable");
}

/// The toneless readings of every character the `pinyin` crate knows, as
/// typed (`ü` as `v`), sorted: a Rust array expression.
fn syllables() -> String {
    use pinyin::ToPinyinMulti;
    let mut all = BTreeSet::new();
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        for reading in c.to_pinyin_multi().into_iter().flatten() {
            all.insert(reading.plain().replace('ü', "v"));
        }
    }
    let listed: Vec<String> = all.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", listed.join(", "))
}

/// The version of jieba-rs in the lock file.
fn locked_version(lock: &Path) -> Option<String> {
    let text = fs::read_to_string(lock).ok()?;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"jieba-rs\"" {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(version.trim_end_matches('"').to_string());
        }
    }
    None
}

/// jieba-rs's `src/data/dict.txt` in a `vendor/` folder or cargo's registry.
fn find_dictionary(workspace: &Path, version: &str) -> Option<PathBuf> {
    let in_package = |package: PathBuf| {
        let dict = package.join("src").join("data").join("dict.txt");
        dict.is_file().then_some(dict)
    };
    if let Some(dict) = in_package(workspace.join("vendor").join("jieba-rs")) {
        return Some(dict);
    }
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
    let mut registries: Vec<PathBuf> = fs::read_dir(cargo_home.join("registry").join("src"))
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    registries.sort();
    registries
        .into_iter()
        .find_map(|registry| in_package(registry.join(format!("jieba-rs-{version}"))))
}

/// The dictionary as `word freq` lines sorted by word (byte order), the
/// sum of its frequencies and the length of its longest word in bytes.
/// jieba-rs loads every line as a record, so a word listed twice counts
/// twice in the total and is found with its last line.
fn sort(text: &str) -> (String, usize, usize) {
    let mut words: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total = 0;
    for line in text.lines() {
        let mut fields = line.split_ascii_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq = fields.next().map_or(0, |f| {
            f.parse::<usize>()
                .unwrap_or_else(|e| panic!("bad frequency in jieba's dictionary: {line:?}: {e}"))
        });
        total += freq;
        words.insert(word, freq);
    }
    let mut sorted = String::with_capacity(text.len());
    for (word, freq) in &words {
        sorted.push_str(word);
        sorted.push(' ');
        sorted.push_str(&freq.to_string());
        sorted.push('\n');
    }
    let longest = words.keys().map(|w| w.len()).max().unwrap_or(0);
    (sorted, total, longest)
}
