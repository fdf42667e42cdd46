//! Input formats: how a file's text becomes articles.
//!
//! The format is chosen from the file name ([`Format::of`]): JSON Lines by
//! extension, a front-matter article when the text opens with `---`, and a
//! newspaper page otherwise.

mod front_matter;
mod jsonl;
mod newspaper;

pub use front_matter::parse_front_matter;
pub use jsonl::{parse_jsonl, parse_jsonl_lines};
pub use newspaper::{parse_newspaper, PageParts};

use serde::Deserialize;

/// Metadata about a file that its text does not carry (a sidecar `NAME.meta.toml`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileMeta {
    /// The publication, e.g. `渝西都市报`.
    pub source: Option<String>,
    /// Year for datelines that give only month and day.
    pub year: Option<i32>,
    /// `zh` or `en`; detected when absent.
    pub lang: Option<String>,
    /// Date of the whole file (`YYYY-MM-DD`), used when an article has none.
    pub date: Option<String>,
}

/// The kinds of input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    JsonLines,
    /// One article, Markdown or text, possibly with front matter.
    Article,
    /// A newspaper page: several articles.
    Page,
}

impl Format {
    /// Decide by file name; `text` breaks the tie between article and page.
    pub fn of(file_name: &str, text: &str) -> Format {
        let name = file_name.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json") {
            Format::JsonLines
        } else if text.trim_start_matches('\u{feff}').starts_with("---")
            || name.ends_with(".md")
            || name.ends_with(".markdown")
        {
            Format::Article
        } else {
            Format::Page
        }
    }
}

/// A file's id stem: its name without extensions, safe in a URL path.
pub fn id_stem(file_name: &str) -> String {
    let mut stem = file_name;
    for ext in [
        ".gz",
        ".jsonl",
        ".ndjson",
        ".json",
        ".md",
        ".markdown",
        ".txt",
        ".text",
    ] {
        if let Some(s) = stem.strip_suffix(ext) {
            stem = s;
        }
    }
    stem.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}
