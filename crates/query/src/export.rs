//! Every matching article, for a spreadsheet or a notebook.
//!
//! `newsreel search QUERY --format csv|jsonl` writes all the articles a
//! search matches (not a page of them), best first, one row or line at a
//! time as they are read from the index.

use std::io::Write;

use thiserror::Error;

use crate::snippet::html_to_text;
use crate::{Engine, Hit, SearchError, SearchRequest};

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// A header row, then one row per article; the snippet as plain text.
    Csv,
    /// One JSON object per line, each a hit of `newsreel search --json`.
    Jsonl,
}

#[derive(Debug, Error)]
pub enum ExportError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("writing the export: {0}")]
    Write(#[from] std::io::Error),
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 11] = [
    "id",
    "title",
    "subtitle",
    "lang",
    "date",
    "source",
    "reporter",
    "path",
    "score",
    "translations",
    "snippet",
];

/// Write every article `request` matches to `out`; returns how many.
pub fn export(
    engine: &Engine,
    request: &SearchRequest,
    format: ExportFormat,
    mut out: impl Write,
) -> Result<usize, ExportError> {
    if format == ExportFormat::Csv {
        write_row(&mut out, CSV_COLUMNS.iter().copied())?;
    }
    let mut failed = None;
    let written = engine.search_all(request, |hit| {
        let result = match format {
            ExportFormat::Csv => write_csv(&mut out, &hit),
            ExportFormat::Jsonl => write_jsonl(&mut out, &hit),
        };
        match result {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    out.flush()?;
    Ok(written)
}

fn write_jsonl(out: &mut impl Write, hit: &Hit) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, hit)?;
    out.write_all(b"\n")
}

fn write_csv(out: &mut impl Write, hit: &Hit) -> std::io::Result<()> {
    let a = &hit.article;
    let score = format!("{:.4}", hit.score);
    let translations = a.translations.join(" ");
    let snippet = html_to_text(&hit.snippet);
    write_row(
        out,
        [
            a.id.as_str(),
            &a.title,
            a.subtitle.as_deref().unwrap_or(""),
            &a.lang,
            a.date.as_deref().unwrap_or(""),
            a.source.as_deref().unwrap_or(""),
            a.reporter.as_deref().unwrap_or(""),
            &a.path,
            &score,
            &translations,
            &snippet,
        ],
    )
}

/// One CSV row (RFC 4180): a field with a comma, quote or line break is
/// quoted, its quotes doubled; rows end with CRLF.
fn write_row<'a>(
    out: &mut impl Write,
    fields: impl IntoIterator<Item = &'a str>,
) -> std::io::Result<()> {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.write_all(b"\"")?;
            out.write_all(field.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let mut out = Vec::new();
        write_row(
            &mut out,
            ["plain", "a, b", "say \"hi\"", "two\nlines", "电影节"],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",电影节\r\n"
        );
    }
}
