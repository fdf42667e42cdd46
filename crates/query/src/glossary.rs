//! The bilingual glossary: names and titles in Chinese and English.
//!
//! Reports about one festival name the same people, films and places in
//! both languages, and a reader often knows a name in only one of them.
//! Segmentation cannot bridge 冼星海 and `Xian Xinghai`; a list written by
//! people can. One line per term: `Chinese<TAB>English[|English…]<TAB>kind`,
//! `#` starts a comment. Lookups compare normalized text (traditional ≡
//! simplified, case and width folded), so `冼星海`, `Xian Xinghai` and
//! `XIAN  xinghai` find the same entry.

use std::collections::HashMap;
use std::path::Path;

use newsreel_analysis::Analyzer;
use serde::Serialize;
use utoipa::ToSchema;

/// What a glossary term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Film,
    Place,
    Organisation,
    Event,
}

impl Kind {
    fn parse(text: &str) -> Option<Kind> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "person" => Kind::Person,
            "film" => Kind::Film,
            "place" => Kind::Place,
            "organisation" | "organization" => Kind::Organisation,
            "event" => Kind::Event,
            _ => return None,
        })
    }
}

/// One term in its two languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub chinese: String,
    /// The English forms, the preferred one first.
    pub english: Vec<String>,
    pub kind: Kind,
}

/// A line that could not be read (the other lines still are).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct GlossaryWarning {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// The glossary, indexed both ways by normalized text.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    entries: Vec<Entry>,
    by_chinese: HashMap<String, Vec<usize>>,
    /// Keyed by the English words, normalized and joined by one space.
    by_english: HashMap<String, Vec<usize>>,
    /// Most words in an English term (how far a query run is worth joining).
    longest_english: usize,
}

impl Glossary {
    /// Read `text` (the contents of a glossary file named `path`). Lines that
    /// are not terms are left out and reported; the rest are kept.
    pub fn parse(path: &str, text: &str, analyzer: &Analyzer) -> (Glossary, Vec<GlossaryWarning>) {
        let mut glossary = Glossary::default();
        let mut warnings = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let warn = |message: &str| GlossaryWarning {
                path: path.to_string(),
                line: n + 1,
                message: message.to_string(),
            };
            let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [chinese, english, kind] = cells[..] else {
                warnings.push(warn(
                    "expected three columns separated by tabs: Chinese, English, kind",
                ));
                continue;
            };
            let Some(kind) = Kind::parse(kind) else {
                warnings.push(warn(&format!(
                    "unknown kind {kind:?} (person, film, place, organisation, event)"
                )));
                continue;
            };
            let english: Vec<String> = english
                .split('|')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_string)
                .collect();
            if chinese.is_empty() || english.is_empty() {
                warnings.push(warn("a term needs both its Chinese and its English form"));
                continue;
            }
            glossary.add(
                Entry {
                    chinese: chinese.to_string(),
                    english,
                    kind,
                },
                analyzer,
            );
        }
        (glossary, warnings)
    }

    /// Read the glossary file at `path`; a missing file is an empty glossary.
    pub fn load(
        path: &Path,
        analyzer: &Analyzer,
    ) -> std::io::Result<(Glossary, Vec<GlossaryWarning>)> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Self::parse(&path.to_string_lossy(), &text, analyzer)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Default::default()),
            Err(e) => Err(e),
        }
    }

    fn add(&mut self, entry: Entry, analyzer: &Analyzer) {
        let i = self.entries.len();
        let chinese = chinese_key(&entry.chinese, analyzer);
        self.by_chinese.entry(chinese).or_default().push(i);
        for english in &entry.english {
            let key = english_key(english, analyzer);
            self.longest_english = self.longest_english.max(key.split(' ').count());
            self.by_english.entry(key).or_default().push(i);
        }
        self.entries.push(entry);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries whose Chinese term is `text`.
    pub fn chinese<'a>(&'a self, text: &str, analyzer: &Analyzer) -> Vec<&'a Entry> {
        self.lookup(&self.by_chinese, &chinese_key(text, analyzer))
    }

    /// Entries with an English form made of exactly these words.
    pub fn english<'a>(&'a self, text: &str, analyzer: &Analyzer) -> Vec<&'a Entry> {
        self.lookup(&self.by_english, &english_key(text, analyzer))
    }

    /// Most words in any English form.
    pub fn longest_english(&self) -> usize {
        self.longest_english
    }

    fn lookup<'a>(&'a self, map: &HashMap<String, Vec<usize>>, key: &str) -> Vec<&'a Entry> {
        map.get(key)
            .map(|ids| ids.iter().map(|&i| &self.entries[i]).collect())
            .unwrap_or_default()
    }
}

fn chinese_key(text: &str, analyzer: &Analyzer) -> String {
    analyzer
        .normalizer()
        .normalize_str(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Words only: `Lü Wei`, `lü  wei` and `Lü-Wei` are one key.
fn english_key(text: &str, analyzer: &Analyzer) -> String {
    analyzer
        .normalizer()
        .normalize_str(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_both_ways_and_bad_lines_reported() {
        let analyzer = Analyzer::builder().build().unwrap();
        let text =
            "# comment\n冼星海\tXian Xinghai\tperson\n\n音乐家\tThe Musician|Musician\tfilm\n\
                    bad line\n永川\tYongchuan\tcity\n";
        let (g, warnings) = Glossary::parse("g.tsv", text, &analyzer);
        assert_eq!(g.len(), 2);
        assert_eq!(warnings.len(), 2);
        assert_eq!(warnings[0].line, 5);
        assert!(warnings[1].to_string().contains("unknown kind \"city\""));
        assert_eq!(g.english("xian  XINGHAI", &analyzer)[0].chinese, "冼星海");
        assert_eq!(g.chinese("冼星海", &analyzer)[0].english[0], "Xian Xinghai");
        // Traditional script finds the simplified entry.
        assert_eq!(g.chinese("音樂家", &analyzer)[0].kind, Kind::Film);
        assert_eq!(g.english("musician", &analyzer)[0].chinese, "音乐家");
        assert_eq!(g.longest_english(), 2);
        assert!(g.english("Xian", &analyzer).is_empty());
    }
}
