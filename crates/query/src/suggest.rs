//! Completions for a search box, from the words of the indexed text.
//!
//! The suggestion field holds every word as `normalized␁printed` (see
//! [`newsreel_analysis::suggest`]); a prefix range over its term dictionary
//! yields the candidate words with their document frequencies, summed over
//! segments and over the printed forms of one word.

use newsreel_analysis::{suggest, Analyzer};
use serde::Serialize;
use tantivy::schema::Field;
use tantivy::termdict::TermMerger;
use tantivy::{Searcher, SegmentReader};
use utoipa::ToSchema;

use crate::SearchError;

/// Dictionary terms read at most (each counted once over all segments): a
/// one-letter prefix over a big corpus stops here rather than walking the
/// whole vocabulary.
const MAX_SCANNED_TERMS: usize = 50_000;

/// The answer of `/api/suggest`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Suggestions {
    pub query: String,
    /// Completions, most frequent first.
    pub suggestions: Vec<String>,
}

/// A word of the dictionary: how many articles print it, and in which forms.
#[derive(Default)]
struct Candidate {
    doc_freq: u64,
    /// Each printed form and its article count (a word has one or a few).
    printed: Vec<(String, u64)>,
}

impl Candidate {
    fn add(&mut self, printed: &str, df: u64) {
        self.doc_freq += df;
        match self.printed.iter_mut().find(|(p, _)| p == printed) {
            Some((_, n)) => *n += df,
            None => self.printed.push((printed.to_string(), df)),
        }
    }
}

/// The best words seen so far, at most `limit`: most articles first, then
/// shorter, then in text order.
struct TopWords {
    limit: usize,
    best: Vec<(String, Candidate)>,
}

impl TopWords {
    fn rank(a: (&str, &Candidate), b: (&str, &Candidate)) -> std::cmp::Ordering {
        b.1.doc_freq
            .cmp(&a.1.doc_freq)
            .then_with(|| a.0.chars().count().cmp(&b.0.chars().count()))
            .then_with(|| a.0.cmp(b.0))
    }

    /// Keep `word` if it ranks among the best; it is copied only then. A
    /// candidate without any printed form (nothing read yet) is no word.
    fn offer(&mut self, word: &str, candidate: Candidate) {
        if candidate.printed.is_empty() {
            return;
        }
        let ranks = self.best.len() < self.limit
            || self
                .best
                .last()
                .is_some_and(|(w, c)| Self::rank((word, &candidate), (w, c)).is_lt());
        if !ranks {
            return;
        }
        let at = self
            .best
            .partition_point(|(w, c)| Self::rank((w, c), (word, &candidate)).is_lt());
        self.best.insert(at, (word.to_string(), candidate));
        self.best.truncate(self.limit);
    }
}

/// Complete the last word of `typed`; earlier words are kept as typed.
///
/// The segments' prefix ranges are read as one sorted stream, each term
/// with its document frequencies summed over the segments
/// ([`for_each_term`]). A word's terms (`normalized␁printed`) are adjacent
/// in it, so each word is final once read, and only the best `limit` are
/// kept: a one-character prefix spans thousands of words, and copying each
/// into a map (to sum it across segments) was most of a completion's time.
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
    let mut top = TopWords {
        limit,
        best: Vec::with_capacity(limit + 1),
    };
    let mut word = String::new();
    let mut current = Candidate::default();
    let mut upper = prefix.as_bytes().to_vec();
    upper.push(0xFF); // no UTF-8 byte sorts after this: the end of the prefix range
    let segments = searcher.segment_readers();
    let (from, to) = (prefix.as_bytes(), Some(upper.as_slice()));
    for_each_term(
        segments,
        field,
        from,
        to,
        MAX_SCANNED_TERMS,
        |w, printed, df| {
            if w != word {
                top.offer(&word, std::mem::take(&mut current));
                word.clear();
                word.push_str(w);
            }
            current.add(printed, df);
        },
    )?;
    top.offer(&word, current);
    let suggestions = top
        .best
        .into_iter()
        .filter_map(|(_, c)| Some(with_head(head, &shown_form(c.printed)?)))
        .collect();
    Ok(answer(suggestions))
}

/// Each term of the suggestion `field` from `from` (inclusive) to `to`
/// (exclusive; `None`: to the end), in order, as (normalized word, printed
/// form, document frequency summed over `segments`), up to `limit` terms.
/// Several segments are read as one stream by tantivy's [`TermMerger`]; one
/// (what an indexing run leaves) is read directly, which is 7% faster.
pub(crate) fn for_each_term(
    segments: &[SegmentReader],
    field: Field,
    from: &[u8],
    to: Option<&[u8]>,
    limit: usize,
    mut each: impl FnMut(&str, &str, u64),
) -> Result<(), SearchError> {
    let inverted = segments
        .iter()
        .map(|segment| segment.inverted_index(field))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut streams = inverted
        .iter()
        .map(|i| {
            let range = i.terms().range().ge(from);
            match to {
                Some(to) => range.lt(to),
                None => range,
            }
            .into_stream()
        })
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(tantivy::TantivyError::from)?;
    let mut emit = |key: &[u8], df: u64| {
        if let Some((word, printed)) = suggest::split_key(key) {
            each(word, printed, df);
        }
    };
    let mut scanned = 0;
    if streams.len() == 1 {
        let mut terms = streams.remove(0);
        while scanned < limit && terms.advance() {
            scanned += 1;
            emit(terms.key(), u64::from(terms.value().doc_freq));
        }
        return Ok(());
    }
    let mut terms = TermMerger::new(streams);
    while scanned < limit && terms.advance() {
        scanned += 1;
        let df = terms
            .current_segment_ords_and_term_infos()
            .map(|(_, info)| u64::from(info.doc_freq))
            .sum();
        emit(terms.key(), df);
    }
    Ok(())
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
fn shown_form(printed: Vec<(String, u64)>) -> Option<String> {
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
    use crate::Engine;
    use std::collections::HashMap;

    /// Every term of the suggestion field: (word, printed form, articles).
    fn every_term(engine: &Engine) -> Vec<(String, String, u64)> {
        let mut terms = Vec::new();
        let searcher = engine.reader.searcher();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(engine.fields.suggest).unwrap();
            let mut stream = inverted.terms().stream().unwrap();
            while stream.advance() {
                if let Some((word, printed)) = suggest::split_key(stream.key()) {
                    let df = u64::from(stream.value().doc_freq);
                    terms.push((word.to_string(), printed.to_string(), df));
                }
            }
        }
        terms
    }

    /// What a completion must be: every term of the prefix, summed per word
    /// in a map, the whole list sorted, the first `limit` shown.
    fn by_sorting_every_word(
        engine: &Engine,
        terms: &[(String, String, u64)],
        typed: &str,
        limit: usize,
    ) -> Vec<String> {
        let (head, last) = split_last_word(typed);
        let prefix = engine.analyzer().normalizer().normalize_str(last);
        let mut words: HashMap<&str, Candidate> = HashMap::new();
        for (word, printed, df) in terms.iter().filter(|t| t.0.starts_with(&prefix)) {
            words.entry(word).or_default().add(printed, *df);
        }
        let mut ranked: Vec<(&str, Candidate)> = words.into_iter().collect();
        ranked.sort_by(|(wa, a), (wb, b)| TopWords::rank((wa, a), (wb, b)));
        ranked
            .into_iter()
            .take(limit)
            .filter_map(|(_, c)| Some(with_head(head, &shown_form(c.printed)?)))
            .collect()
    }

    /// Over one segment (words final as read) and four (summed across
    /// segments first), for the first one and two characters of the words
    /// of real news titles, Chinese and English.
    #[test]
    fn completions_are_the_best_words_of_a_full_sort() {
        for runs in [1, 4] {
            let dir = crate::news_index::news_index_in_runs(150, runs);
            let engine = Engine::open(dir.path()).unwrap();
            let searcher = engine.reader.searcher();
            assert_eq!(searcher.segment_readers().len(), runs);
            let titles = newsreel_testdata::news_lines(newsreel_testdata::ZH_NEWS, 60)
                .into_iter()
                .chain(newsreel_testdata::news_lines(
                    newsreel_testdata::EN_NEWS,
                    60,
                ));
            let mut prefixes: Vec<String> = Vec::new();
            for line in titles {
                let title = serde_json::from_str::<serde_json::Value>(&line).unwrap()["title"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                for word in title.split_whitespace().take(3) {
                    for n in [1, 2] {
                        prefixes.push(word.chars().take(n).collect());
                    }
                }
            }
            prefixes.push("人民 日".to_string());
            let terms = every_term(&engine);
            let mut completed = 0;
            for prefix in &prefixes {
                for limit in [3, 8, 20] {
                    let fast = suggest(
                        &searcher,
                        engine.fields.suggest,
                        engine.analyzer(),
                        prefix,
                        limit,
                    )
                    .unwrap()
                    .suggestions;
                    assert_eq!(
                        fast,
                        by_sorting_every_word(&engine, &terms, prefix, limit),
                        "{prefix:?} {limit} in {runs} segments"
                    );
                    completed += usize::from(!fast.is_empty());
                }
            }
            assert!(
                completed > prefixes.len(),
                "{completed} of {}",
                prefixes.len() * 3
            );
        }
    }

    #[test]
    fn common_words_are_shown_in_lower_case_and_names_as_printed() {
        let forms = |list: &[(&str, u64)]| {
            list.iter()
                .map(|(p, n)| (p.to_string(), *n))
                .collect::<Vec<_>>()
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
