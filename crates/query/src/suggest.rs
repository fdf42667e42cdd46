//! Completions for a search box, from the words of the indexed text.
//!
//! The suggestion field holds every word as `normalized␁printed` (see
//! [`newsreel_analysis::suggest`]); a prefix range over its term dictionary
//! yields the candidate words with their document frequencies, summed over
//! segments and over the printed forms of one word.

use std::collections::HashMap;

use newsreel_analysis::{suggest, Analyzer};
use serde::Serialize;
use tantivy::schema::Field;
use tantivy::Searcher;
use utoipa::ToSchema;

use crate::SearchError;

/// Dictionary terms read per segment at most: a one-letter prefix over a big
/// corpus stops here rather than walking the whole vocabulary.
const MAX_SCANNED_TERMS: usize = 50_000;

/// The answer of `/api/suggest`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Suggestions {
    pub query: String,
    /// Completions, most frequent first.
    pub suggestions: Vec<String>,
}

/// How often a word occurs, and how it is printed most often.
#[derive(Default)]
struct Candidate {
    doc_freq: u64,
    printed: HashMap<String, u64>,
}

/// Complete the last word of `typed`; earlier words are kept as typed.
pub(crate) fn suggest(
    searcher: &Searcher,
    field: Field,
    analyzer: &Analyzer,
    typed: &str,
    limit: usize,
) -> Result<Suggestions, SearchError> {
    let answer = |suggestions| Suggestions {
        query: typed.to_string(),
        suggestions,
    };
    let trimmed = typed.trim_start();
    // After a space the user starts a new word: nothing to complete yet.
    if trimmed.is_empty() || trimmed.ends_with(char::is_whitespace) {
        return Ok(answer(Vec::new()));
    }
    let (head, last) = split_last_word(trimmed);
    let prefix = analyzer.normalizer().normalize_str(last);
    if prefix.is_empty() {
        return Ok(answer(Vec::new()));
    }
    let mut candidates: HashMap<String, Candidate> = HashMap::new();
    let mut upper = prefix.as_bytes().to_vec();
    upper.push(0xFF); // no UTF-8 byte sorts after this: the end of the prefix range
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .lt(&upper)
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        let mut scanned = 0;
        while stream.advance() && scanned < MAX_SCANNED_TERMS {
            scanned += 1;
            let Some((word, printed)) = suggest::split_key(stream.key()) else {
                continue;
            };
            let df = u64::from(stream.value().doc_freq);
            let c = candidates.entry(word.to_string()).or_default();
            c.doc_freq += df;
            *c.printed.entry(printed.to_string()).or_default() += df;
        }
    }
    let mut ranked: Vec<(String, Candidate)> = candidates.into_iter().collect();
    ranked.sort_unstable_by(|(wa, a), (wb, b)| {
        b.doc_freq
            .cmp(&a.doc_freq)
            .then_with(|| wa.chars().count().cmp(&wb.chars().count()))
            .then_with(|| wa.cmp(wb))
    });
    let suggestions = ranked
        .into_iter()
        .take(limit)
        .filter_map(|(_, c)| Some(with_head(head, &shown_form(c.printed)?)))
        .collect();
    Ok(answer(suggestions))
}

/// The words typed before the last one, and the last one.
pub(crate) fn split_last_word(typed: &str) -> (&str, &str) {
    let trimmed = typed.trim();
    match trimmed.rfind(char::is_whitespace) {
        Some(i) => (trimmed[..i].trim_end(), trimmed[i..].trim_start()),
        None => ("", trimmed),
    }
}

/// A completion shown after the words typed before it.
pub(crate) fn with_head(head: &str, word: &str) -> String {
    if head.is_empty() {
        word.to_string()
    } else {
        format!("{head} {word}")
    }
}

/// How to show a word printed in several ways. A word printed in lower case
/// anywhere is a common word, capitalized only at a sentence start or in a
/// title (`Musician` → `musician`); a name is never printed in lower case
/// (`Yongchuan`). Otherwise the most frequent form wins.
fn shown_form(printed: HashMap<String, u64>) -> Option<String> {
    let most_frequent = |forms: Vec<(String, u64)>| {
        forms
            .into_iter()
            .max_by(|(pa, a), (pb, b)| a.cmp(b).then_with(|| pb.cmp(pa)))
            .map(|(p, _)| p)
    };
    let (lower, other): (Vec<_>, Vec<_>) = printed.into_iter().partition(|(p, _)| {
        p.chars().any(char::is_lowercase) && !p.chars().any(char::is_uppercase)
    });
    most_frequent(lower).or_else(|| most_frequent(other))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_shown_in_lower_case_and_names_as_printed() {
        let forms = |list: &[(&str, u64)]| {
            list.iter()
                .map(|(p, n)| (p.to_string(), *n))
                .collect::<HashMap<_, _>>()
        };
        let shown = shown_form(forms(&[("Musician", 5), ("musician", 1)]));
        assert_eq!(shown.as_deref(), Some("musician"));
        let shown = shown_form(forms(&[("Yongchuan", 3), ("YONGCHUAN", 1)]));
        assert_eq!(shown.as_deref(), Some("Yongchuan"));
        assert_eq!(
            shown_form(forms(&[("冼星海", 2)])).as_deref(),
            Some("冼星海")
        );
    }
}
