//! Quote verification: where was this printed, and in which words?
//!
//! A journalist pastes a quote as remembered or as reprinted elsewhere. The
//! index proposes candidate articles (searches on the quote's runs of three
//! ideographs and on its words), and each candidate's
//! text is aligned with the quote character by character: a semi-global edit
//! distance, the whole quote against the best-matching stretch of the
//! article, on normalized letters and ideographs only (traditional forms,
//! full-width characters, case, punctuation and spacing do not count).
//! The score is `1 − edits ÷ quote length`; the printed sentence (or
//! quotation) around the aligned stretch is returned as printed.

use newsreel_analysis::script::is_han;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{ArticleQuote, ArticleView, Engine, SearchError, SearchRequest};

/// At or above this score, the quote is taken as found (a few characters,
/// a word or punctuation differing from a sentence of 20 or more characters
/// stay above it; unrelated text scores below 0.5).
pub const FOUND_SCORE: f32 = 0.7;
/// Longest quote accepted, in characters counted for alignment.
pub const MAX_QUOTE_CHARS: usize = 600;
/// Candidate articles aligned with the quote.
const CANDIDATES: usize = 40;
/// Query words used to find candidates (the longest ones).
const CANDIDATE_WORDS: usize = 24;
/// Runs of this many adjacent ideographs are searched as phrases to find
/// candidates: an edit breaks at most three of them, and three characters
/// in a row are rare enough to point at the source.
const CANDIDATE_GRAM: usize = 3;
/// At most this many of them (each phrase counts three units towards the
/// query-size limit of 200).
const CANDIDATE_GRAMS: usize = 60;

/// Whether anything printed is close to the quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Found,
    None,
}

/// A printed passage close to the quote.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VerifiedMatch {
    /// The whole printed sentence (or sentences) holding the aligned text.
    pub text: String,
    /// 0 to 1: 1 is the same letters and ideographs.
    pub score: f32,
    /// Who said it, when known (from quote attribution; null otherwise).
    pub speaker: Option<String>,
    pub article_id: String,
    pub article_title: String,
    pub date: Option<String>,
}

/// The answer of `newsreel verify --json` and `GET /api/verify`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Verification {
    pub query: String,
    pub verdict: Verdict,
    /// Best first.
    pub matches: Vec<VerifiedMatch>,
}

/// A character of normalized text kept for alignment, and where it was printed.
#[derive(Debug, Clone, Copy)]
struct Letter {
    c: char,
    start: usize,
    end: usize,
}

impl Engine {
    /// The printed passages closest to `quote`, best first (at most `limit`).
    pub fn verify(&self, quote: &str, limit: usize) -> Result<Verification, SearchError> {
        let wanted = self.letters(quote);
        if wanted.len() < 2 {
            return Err(SearchError::EmptyQuery {
                query: quote.to_string(),
                reason: "a quote needs at least two letters or characters".into(),
            });
        }
        if wanted.len() > MAX_QUOTE_CHARS {
            return Err(SearchError::BadParameter {
                name: "q",
                message: format!(
                    "the quote has {} characters; at most {MAX_QUOTE_CHARS} are compared",
                    wanted.len()
                ),
            });
        }
        let wanted: Vec<char> = wanted.iter().map(|l| l.c).collect();
        // (match, rank of its article among the candidates)
        let mut matches: Vec<(VerifiedMatch, usize)> = Vec::new();
        for (rank, article) in self.candidates(quote)?.into_iter().enumerate() {
            let mut best: Option<(f32, String, Option<String>)> = None;
            for text in article.texts() {
                let letters = self.letters(text);
                if letters.is_empty() {
                    continue;
                }
                let haystack: Vec<char> = letters.iter().map(|l| l.c).collect();
                let (edits, first, last) = align(&wanted, &haystack);
                let score = (1.0 - edits as f32 / wanted.len() as f32).max(0.0);
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    let span = (letters[first].start, letters[last].end);
                    let speaker = if std::ptr::eq(text, &article.body) {
                        speaker_of(&article.quotes, text, span)
                    } else {
                        None
                    };
                    best = Some((score, sentence_around(text, span), speaker));
                }
            }
            if let Some((score, text, speaker)) = best {
                let found = VerifiedMatch {
                    text,
                    score: (score * 1000.0).round() / 1000.0,
                    speaker,
                    article_id: article.article.id.clone(),
                    article_title: article.article.title.clone(),
                    date: article.article.date.clone(),
                };
                matches.push((found, rank));
            }
        }
        // Equal alignments: the article the searches ranked higher first.
        matches.sort_by(|(a, ra), (b, rb)| b.score.total_cmp(&a.score).then(ra.cmp(rb)));
        let mut matches: Vec<VerifiedMatch> = matches.into_iter().map(|(m, _)| m).collect();
        matches.dedup_by(|a, b| a.text == b.text);
        matches.truncate(limit.max(1));
        let verdict = if matches.first().is_some_and(|m| m.score >= FOUND_SCORE) {
            Verdict::Found
        } else {
            Verdict::None
        };
        Ok(Verification {
            query: quote.to_string(),
            verdict,
            matches,
        })
    }

    /// Letters and ideographs of the normalized text, with their printed spans.
    fn letters(&self, text: &str) -> Vec<Letter> {
        let normalized = self.analyzer().normalize(text);
        normalized
            .text
            .char_indices()
            .filter(|(_, c)| c.is_alphanumeric())
            .map(|(i, c)| {
                let (start, end) = normalized.original_range(i, i + c.len_utf8());
                Letter { c, start, end }
            })
            .collect()
    }

    /// The articles most likely to hold the quote, most likely first.
    ///
    /// Two searches, merged: any of the quote's runs of three adjacent
    /// ideographs as exact phrases (an edit breaks at most three, so the
    /// source still shares most of them; articles sharing the most rank
    /// first), and
    /// the quote's longest words (which also reach text in other scripts of
    /// the same words, and English).
    fn candidates(&self, quote: &str) -> Result<Vec<ArticleView>, SearchError> {
        let letters: Vec<char> = self.letters(quote).iter().map(|l| l.c).collect();
        let mut pairs: Vec<String> = letters
            .windows(CANDIDATE_GRAM)
            .filter(|w| w.iter().all(|c| is_han(*c)))
            .map(|w| format!("\"{}\"", w.iter().collect::<String>()))
            .collect();
        pairs.dedup();
        pairs.truncate(CANDIDATE_GRAMS);
        let mut words: Vec<String> = self
            .analyzer()
            .query_words(quote)
            .into_iter()
            .map(|w| w.text)
            .filter(|w| w.chars().count() >= 2)
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        words.dedup();
        words.truncate(CANDIDATE_WORDS);
        let mut found: Vec<ArticleView> = Vec::new();
        for query in [pairs.join(" OR "), words.join(" ")] {
            if query.is_empty() {
                continue;
            }
            let request = SearchRequest {
                snippets: false,
                // The printed wording is sought: no translation or correction.
                expand: false,
                ..SearchRequest::new(query)
            };
            let added = self.search_articles(&request, Some(CANDIDATES), |article| {
                if !found.iter().any(|f| f.article.id == article.article.id) {
                    found.push(article);
                }
                true
            });
            match added {
                Ok(()) | Err(SearchError::EmptyQuery { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(found)
    }
}

/// Semi-global edit distance: all of `wanted` against the best stretch of
/// `text`. Returns the edits and the first and last positions in `text` of
/// that stretch. O(|wanted| × |text|) time, O(|text|) memory.
fn align(wanted: &[char], text: &[char]) -> (usize, usize, usize) {
    let n = text.len();
    // cost[j]: edits aligning the quote so far ending just before text[j];
    // from[j]: where in the text that alignment began.
    let mut cost: Vec<usize> = vec![0; n + 1];
    let mut from: Vec<usize> = (0..=n).collect();
    let mut next_cost = vec![0; n + 1];
    let mut next_from = vec![0; n + 1];
    for (i, &w) in wanted.iter().enumerate() {
        next_cost[0] = i + 1;
        next_from[0] = 0;
        for j in 1..=n {
            let substitute = cost[j - 1] + usize::from(text[j - 1] != w);
            let skip_quote = cost[j] + 1;
            let skip_text = next_cost[j - 1] + 1;
            let (c, f) = if substitute <= skip_quote && substitute <= skip_text {
                (substitute, from[j - 1])
            } else if skip_quote <= skip_text {
                (skip_quote, from[j])
            } else {
                (skip_text, next_from[j - 1])
            };
            next_cost[j] = c;
            next_from[j] = f;
        }
        std::mem::swap(&mut cost, &mut next_cost);
        std::mem::swap(&mut from, &mut next_from);
    }
    let (end, edits) = cost
        .iter()
        .enumerate()
        .skip(1)
        .min_by_key(|(_, c)| **c)
        .map_or((0, wanted.len()), |(j, c)| (j, *c));
    let start = from[end].min(end.saturating_sub(1));
    (edits, start, end.saturating_sub(1).max(start))
}

/// The speaker of the quotation that holds most of the byte span `span` of
/// `body`, if the passage is (mostly) inside one.
fn speaker_of(quotes: &[ArticleQuote], body: &str, span: (usize, usize)) -> Option<String> {
    let start = body[..span.0].chars().count();
    let end = start + body[span.0..span.1].chars().count();
    quotes
        .iter()
        .filter(|q| {
            let overlap = end.min(q.end).saturating_sub(start.max(q.start));
            overlap * 2 > end - start
        })
        .find_map(|q| q.speaker.clone())
}

/// Ends of a sentence.
const SENTENCE_ENDS: [char; 7] = ['。', '！', '？', '!', '?', '\n', '…'];
/// Closing quotation marks that belong to the sentence they end.
const CLOSING: [char; 4] = ['”', '」', '』', '’'];

/// Whether the ASCII `"` at byte `at` of `text` closes a quotation: the
/// quotes before it on its line are odd in number (ASCII quotes are the same
/// character at both ends, so only their count tells).
fn closes_quotation(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at].matches('"').count() % 2 == 1
}

/// The whole printed sentence(s) around the byte span `span` of `text`.
fn sentence_around(text: &str, span: (usize, usize)) -> String {
    let previous_end = text[..span.0]
        .char_indices()
        .rev()
        .find(|(_, c)| SENTENCE_ENDS.contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    // A closing quote right after the previous sentence's end is its own.
    let mut start = previous_end;
    for (i, c) in text[previous_end..span.0].char_indices() {
        let at = previous_end + i;
        let closes = CLOSING.contains(&c) || (c == '"' && closes_quotation(text, at));
        if !(closes || c.is_whitespace()) {
            break;
        }
        start = at + c.len_utf8();
    }
    let after = &text[span.1..];
    let mut end = after
        .char_indices()
        .find(|(_, c)| SENTENCE_ENDS.contains(c) && *c != '\n')
        .map_or(text.len(), |(i, c)| span.1 + i + c.len_utf8());
    if let Some(nl) = after.find('\n') {
        end = end.min(span.1 + nl);
    }
    while let Some(c) = text[end..].chars().next() {
        let closes = CLOSING.contains(&c) || (c == '"' && closes_quotation(text, end));
        if !closes {
            break;
        }
        end += c.len_utf8();
    }
    text[start..end].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn alignment_finds_the_quote_inside_a_longer_text() {
        let text = chars("他说这部电影是我们了解新疆的一扇窗口然后离开");
        let (edits, first, last) = align(&chars("这部电影是我们了解新疆的一扇窗口"), &text);
        assert_eq!(edits, 0);
        assert_eq!(
            text[first..=last].iter().collect::<String>(),
            "这部电影是我们了解新疆的一扇窗口"
        );
        // Two characters changed, one missing: three edits.
        let (edits, _, _) = align(&chars("这部影片是我们了解新疆一扇窗口"), &text);
        assert_eq!(edits, 3);
    }

    #[test]
    fn the_sentence_around_a_match_is_returned_whole() {
        let text = "开头一句。“这部电影是我们了解新疆的一扇窗口，相信观众会爱上它。”荆鲁洲说。";
        let at = text.find("了解新疆").unwrap();
        assert_eq!(
            sentence_around(text, (at, at + "了解新疆".len())),
            "“这部电影是我们了解新疆的一扇窗口，相信观众会爱上它。”"
        );
        // ASCII quotes: the one opening the quotation is kept, and so is
        // the one closing it.
        let text = "他说。\"这部电影是窗口,相信观众会爱上它。\"荆鲁洲说。";
        let at = text.find("窗口").unwrap();
        assert_eq!(
            sentence_around(text, (at, at + "窗口".len())),
            "\"这部电影是窗口,相信观众会爱上它。\""
        );
    }
}
