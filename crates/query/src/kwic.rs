//! Keyword in context: every occurrence of a word or exact phrase, with the
//! text on either side, for reading a term's uses one under the other.
//!
//! Occurrences are counted with exact-phrase semantics, the same as a quoted
//! search (normalized units, traditional and full-width forms included, a
//! line break never inside a match), in the cleaned text: title, subtitle,
//! body and captions. A phrase that the printed page broke across a column
//! is found where the cleaned text joined it again.

use std::time::{Duration, Instant};

use serde::Serialize;
use utoipa::ToSchema;

use crate::snippet::Highlighter;
use crate::{Engine, SearchError, SearchRequest};

/// Context on each side when none is asked for, in characters.
pub const DEFAULT_WIDTH: usize = 30;
/// The widest context accepted.
pub const MAX_WIDTH: usize = 500;

/// What to look up.
#[derive(Debug, Clone)]
pub struct KwicRequest {
    /// A word or phrase, searched as an exact phrase (quotes optional).
    pub term: String,
    pub lang: Option<String>,
    /// Characters of context on each side.
    pub width: usize,
    /// Stop after this long with the occurrences found so far, flagged
    /// `timed_out` (None: read every matching article).
    pub time_limit: Option<Duration>,
}

/// One occurrence.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KwicLine {
    /// Up to `width` characters before the match (line breaks as spaces).
    pub left: String,
    /// The occurrence as printed.
    #[serde(rename = "match")]
    pub matched: String,
    /// Up to `width` characters after it.
    pub right: String,
    pub article_id: String,
    pub date: Option<String>,
}

/// Every occurrence, by article date (undated last), then id, then position.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Concordance {
    pub query: String,
    /// Occurrences in all (`lines` may hold fewer, when a caller pages them).
    pub total: usize,
    /// True when the time limit stopped the reading: `total` and `lines`
    /// cover only the articles read by then.
    pub timed_out: bool,
    pub lines: Vec<KwicLine>,
}

impl Engine {
    /// All occurrences of `request.term` in the articles that contain it.
    pub fn kwic(&self, request: &KwicRequest) -> Result<Concordance, SearchError> {
        let term = request
            .term
            .trim()
            .trim_matches(['"', '“', '”', '「', '」']);
        let phrase = format!("\"{}\"", term.replace('"', " "));
        let started = Instant::now();
        let search = SearchRequest {
            lang: request.lang.clone(),
            snippets: false,
            time_limit: request.time_limit,
            ..SearchRequest::new(phrase)
        };
        let out_of_time = || {
            request
                .time_limit
                .is_some_and(|limit| started.elapsed() >= limit)
        };
        let mut highlighter = Highlighter::default();
        highlighter.add_sequence(self.analyzer(), term);
        let width = request.width.min(MAX_WIDTH);
        let mut lines = Vec::new();
        let mut timed_out = false;
        self.search_articles(&search, None, |article| {
            if out_of_time() {
                timed_out = true;
                return false;
            }
            for text in article.texts() {
                for (start, end) in highlighter.occurrences(self.analyzer(), text) {
                    lines.push(KwicLine {
                        left: context_before(&text[..start], width),
                        matched: text[start..end].replace('\n', " "),
                        right: context_after(&text[end..], width),
                        article_id: article.article.id.clone(),
                        date: article.article.date.clone(),
                    });
                }
            }
            true
        })?;
        // The search itself may have been cut short by the limit.
        timed_out |= out_of_time();
        // By date (undated last), then article; a stable sort keeps each
        // article's occurrences in reading order.
        lines.sort_by(|a, b| {
            (a.date.is_none(), &a.date, &a.article_id).cmp(&(
                b.date.is_none(),
                &b.date,
                &b.article_id,
            ))
        });
        Ok(Concordance {
            query: term.to_string(),
            total: lines.len(),
            timed_out,
            lines,
        })
    }
}

/// The last `width` characters of `text`, line breaks as spaces.
fn context_before(text: &str, width: usize) -> String {
    let mut chars: Vec<char> = text.chars().rev().take(width).collect();
    chars.reverse();
    chars
        .into_iter()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect()
}

/// The first `width` characters of `text`, line breaks as spaces.
fn context_after(text: &str, width: usize) -> String {
    text.chars()
        .take(width)
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_cut_by_characters_and_flattened() {
        assert_eq!(context_before("第一行\n上合电影节在", 4), "电影节在");
        assert_eq!(context_before("第一行\n上合", 3), " 上合");
        assert_eq!(context_after("在永川\n举行。", 5), "在永川 举");
        assert_eq!(context_after("", 5), "");
    }
}
