//! Searching quotations: by the words said, by who said them, or both.
//!
//! The words of a query have the meaning they have in an article search
//! (same analysis, same exact-phrase rules, `OR` and exclusions), applied to
//! each quotation alone: an article is a candidate when the search finds
//! it among the articles with quotations (and, with `speaker`, among those
//! quoting that person), and each of its quotations is then matched on its
//! own words. A quotation ranks as its article does; without words, the
//! newest come first.

use std::time::{Duration, Instant};

use newsreel_analysis::Analyzer;
use newsreel_indexer::schema::QUOTED;
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};
use utoipa::ToSchema;

use crate::engine::{quotes_of, Plan};
use crate::results::ArticleQuote;
use crate::snippet::Highlighter;
use crate::syntax::Scope;
use crate::{Engine, SearchError, SearchRequest};

/// Most quotations one page may ask for.
pub const MAX_QUOTES_LIMIT: usize = 1000;

/// A quotation search.
#[derive(Debug, Clone)]
pub struct QuoteRequest {
    /// Words of the quotation (the article search syntax); None: any.
    pub query: Option<String>,
    /// A name or part of one, in either script; None: anyone (or no one).
    pub speaker: Option<String>,
    pub lang: Option<String>,
    pub limit: usize,
    pub offset: usize,
    /// Stop reading candidates after this long (None: read them all).
    pub time_limit: Option<Duration>,
}

impl QuoteRequest {
    pub fn new(query: Option<String>, speaker: Option<String>) -> Self {
        QuoteRequest {
            query,
            speaker,
            lang: None,
            limit: 10,
            offset: 0,
            time_limit: Some(crate::DEFAULT_TIME_LIMIT),
        }
    }
}

/// One quotation found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuoteHit {
    pub text: String,
    pub speaker: Option<String>,
    pub speaker_role: Option<String>,
    pub article_id: String,
    pub article_title: String,
    pub date: Option<String>,
    pub lang: String,
    /// The article's relevance to the query (0 without one).
    pub score: f32,
}

/// The quotations a request found, best (or newest) first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuoteResults {
    pub query: Option<String>,
    pub speaker: Option<String>,
    /// Quotations found in all (`quotes` holds one page of them).
    pub total: usize,
    /// True when the time limit stopped the reading: `total` counts the
    /// articles read by then.
    pub timed_out: bool,
    pub quotes: Vec<QuoteHit>,
}

/// Does a quotation's text satisfy the query? Each word and phrase becomes
/// a highlighter whose occurrences are its matches, as in snippets.
struct QuoteMatcher {
    /// Per clause: excluded?, and its alternatives, each a list of
    /// sequences that must all occur (None: a title or reporter term,
    /// which the article search has already checked).
    clauses: Vec<(bool, Vec<Option<Vec<Highlighter>>>)>,
}

impl QuoteMatcher {
    fn new(plan: &Plan, analyzer: &Analyzer) -> Self {
        let clauses = plan
            .parsed
            .clauses
            .iter()
            .zip(&plan.words)
            .map(|(clause, words)| {
                let alternatives = clause
                    .alternatives
                    .iter()
                    .zip(words)
                    .map(|(term, words)| {
                        if term.scope != Scope::All {
                            return None;
                        }
                        let mut needed = Vec::new();
                        if term.phrase || words.is_empty() {
                            let mut h = Highlighter::default();
                            h.add_sequence(analyzer, &term.text);
                            needed.push(h);
                        }
                        for w in words.iter().filter(|_| !term.phrase) {
                            let mut h = Highlighter::default();
                            if w.han {
                                h.add_sequence(analyzer, &w.text);
                            } else {
                                h.add_stem(&w.text);
                            }
                            needed.push(h);
                        }
                        Some(needed)
                    })
                    .collect();
                (clause.excluded, alternatives)
            })
            .collect();
        QuoteMatcher { clauses }
    }

    fn matches(&self, analyzer: &Analyzer, text: &str) -> bool {
        self.clauses.iter().all(|(excluded, alternatives)| {
            let found = alternatives.iter().any(|needed| match needed {
                None => !excluded,
                Some(all) => all.iter().all(|h| !h.spans(analyzer, text).is_empty()),
            });
            found != *excluded
        })
    }
}

impl Engine {
    /// Quotations whose words match `request.query`, said by `request.speaker`.
    pub fn quotes(&self, request: &QuoteRequest) -> Result<QuoteResults, SearchError> {
        let started = Instant::now();
        let query = request
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());
        let speaker = request
            .speaker
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let search = SearchRequest {
            lang: request.lang.clone(),
            snippets: false,
            time_limit: request.time_limit,
            speaker: speaker.map(str::to_string),
            quoted_only: true,
            ..SearchRequest::new(query.unwrap_or_default())
        };
        let wanted_speaker = speaker.map(|s| compact(self.analyzer(), s));
        let speaker_ok = |q: &ArticleQuote| match (&wanted_speaker, &q.speaker) {
            (None, _) => true,
            (Some(w), Some(name)) => compact(self.analyzer(), name).contains(w.as_str()),
            (Some(_), None) => false,
        };
        let out_of_time = || request.time_limit.is_some_and(|l| started.elapsed() >= l);

        let mut found: Vec<QuoteHit> = Vec::new();
        let mut timed_out = false;
        // The quotations of one candidate article that match.
        let mut take = |searcher: &Searcher,
                        address: DocAddress,
                        score: f32,
                        matcher: Option<&QuoteMatcher>|
         -> Result<(), SearchError> {
            let doc: TantivyDocument = searcher.doc(address)?;
            let quotes = quotes_of(&doc, self.fields.quotes);
            if quotes.is_empty() {
                return Ok(());
            }
            let (article, _) = self.description(searcher, address)?;
            for q in quotes {
                if !speaker_ok(&q) || matcher.is_some_and(|m| !m.matches(self.analyzer(), &q.text))
                {
                    continue;
                }
                found.push(QuoteHit {
                    text: q.text,
                    speaker: q.speaker,
                    speaker_role: q.speaker_role,
                    article_id: article.id.clone(),
                    article_title: article.title.clone(),
                    date: article.date.clone(),
                    lang: q.lang,
                    score,
                });
            }
            Ok(())
        };

        if query.is_some() {
            let ranked = self.ranked_strict(&search)?;
            let matcher = QuoteMatcher::new(&ranked.plan, self.analyzer());
            for &(score, address) in &ranked.addresses {
                if out_of_time() {
                    timed_out = true;
                    break;
                }
                take(&ranked.searcher, address, score, Some(&matcher))?;
            }
            timed_out |= ranked.plan.timed_out();
        } else {
            // No words: every article with quotations (of the speaker, in
            // the language), newest first.
            let searcher = self.reader.searcher();
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.quoted, QUOTED),
                    IndexRecordOption::Basic,
                )),
            )];
            for f in self.filters(&search, &Default::default())? {
                clauses.push((Occur::Must, f));
            }
            let mut addresses: Vec<DocAddress> = searcher
                .search(&BooleanQuery::new(clauses), &DocSetCollector)?
                .into_iter()
                .collect();
            addresses.sort();
            for address in addresses {
                if out_of_time() {
                    timed_out = true;
                    break;
                }
                take(&searcher, address, 0.0, None)?;
            }
            // Newest first; undated last; a stable sort keeps reading order.
            found.sort_by(|a, b| (b.date.is_some(), &b.date).cmp(&(a.date.is_some(), &a.date)));
        }
        let total = found.len();
        let limit = request.limit.clamp(1, MAX_QUOTES_LIMIT);
        let quotes = found.into_iter().skip(request.offset).take(limit).collect();
        Ok(QuoteResults {
            query: query.map(str::to_string),
            speaker: speaker.map(str::to_string),
            total,
            timed_out,
            quotes,
        })
    }
}

/// A name as compared: normalized (simplified script, lower case, half
/// width) without spaces, so `Shen`, `shen jian` and `沈` find their speaker.
fn compact(analyzer: &Analyzer, name: &str) -> String {
    analyzer
        .normalize(name)
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}
