use serde::Deserialize;

use crate::article::{detect_lang, Article};
use crate::formats::front_matter::is_iso_date;
use crate::formats::FileMeta;
use crate::stream::{overlong_line, MAX_LINE_BYTES};
use crate::ReadError;

#[derive(Deserialize)]
struct Line {
    id: Option<String>,
    lang: Option<String>,
    title: Option<String>,
    subtitle: Option<String>,
    body: Option<String>,
    date: Option<String>,
    source: Option<String>,
    reporter: Option<String>,
    translation_of: Option<String>,
}

/// Articles of a JSON Lines file; a bad line is reported and skipped.
///
/// Each line: `{"id", "lang", "title", "body", "date", "source", "reporter"}`
/// (all optional but a title or body). An article keeps its `id`; a line
/// without one gets `STEM-LINE`.
pub fn parse_jsonl(
    text: &str,
    stem: &str,
    path: &str,
    meta: &FileMeta,
) -> (Vec<Article>, Vec<ReadError>) {
    parse_jsonl_lines(text, 1, stem, path, meta)
}

/// [`parse_jsonl`] of a part of a file whose first line is number `first_line`.
pub fn parse_jsonl_lines(
    text: &str,
    first_line: usize,
    stem: &str,
    path: &str,
    meta: &FileMeta,
) -> (Vec<Article>, Vec<ReadError>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = first_line + n;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.len() > MAX_LINE_BYTES {
            errors.push(overlong_line(line_no));
            continue;
        }
        let parsed: Line = match serde_json::from_str(line) {
            Ok(l) => l,
            Err(e) => {
                errors.push(ReadError::Line {
                    line: line_no,
                    message: format!("not a JSON article: {e}"),
                });
                continue;
            }
        };
        let body = parsed.body.unwrap_or_default();
        let title = parsed.title.unwrap_or_default();
        if body.trim().is_empty() && title.trim().is_empty() {
            errors.push(ReadError::Line {
                line: line_no,
                message: "neither title nor body".into(),
            });
            continue;
        }
        let date = parsed.date.filter(|d| !d.is_empty());
        if let Some(d) = &date {
            if !is_iso_date(d) {
                errors.push(ReadError::Line {
                    line: line_no,
                    message: format!("date `{d}` is not YYYY-MM-DD"),
                });
                continue;
            }
        }
        let lang = parsed
            .lang
            .filter(|l| !l.is_empty())
            .or_else(|| meta.lang.clone())
            .unwrap_or_else(|| detect_lang(&body).to_string());
        articles.push(Article {
            id: parsed
                .id
                .filter(|i| !i.is_empty())
                .unwrap_or_else(|| format!("{stem}-{line_no}")),
            lang,
            title,
            subtitle: parsed.subtitle.filter(|s| !s.is_empty()),
            body,
            captions: Vec::new(),
            date: date.or_else(|| meta.date.clone()),
            source: parsed
                .source
                .filter(|s| !s.is_empty())
                .or_else(|| meta.source.clone()),
            reporter: parsed.reporter.filter(|s| !s.is_empty()),
            translation_of: parsed.translation_of.filter(|s| !s.is_empty()),
            path: path.to_string(),
            raw: None,
        });
    }
    (articles, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_lines_survive_a_bad_one() {
        let text = "{\"id\":\"a\",\"lang\":\"zh\",\"title\":\"标题\",\"body\":\"正文\",\"date\":\"2025-07-05\",\"source\":\"s\"}\n{broken\n{\"id\":\"b\",\"title\":\"Title\",\"body\":\"Body text\",\"date\":null}\n";
        let (articles, errors) = parse_jsonl(text, "f", "f.jsonl", &FileMeta::default());
        assert_eq!(
            articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            vec!["a", "b"]
        );
        assert_eq!(articles[1].lang, "en");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().starts_with("line 2:"));
    }
}
