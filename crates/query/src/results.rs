use serde::Serialize;
use utoipa::ToSchema;

use crate::expand::Expansion;
use crate::facets::Facets;

/// The answer to a search: the JSON of `newsreel search --json`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResults {
    pub query: String,
    /// Matching articles in all (not just this page).
    pub total: usize,
    pub took_ms: f64,
    /// True when no article matched every word and these hits match only some.
    pub partial: bool,
    /// True when the search ran out of time: `total`, the hits and the facets
    /// count only the articles matched until then.
    pub timed_out: bool,
    /// Everything searched besides the words as typed: translations from
    /// the glossary, Chinese words read from pinyin, spelling corrections.
    pub expanded: Vec<Expansion>,
    /// When nothing matched every word: a query made of indexed words near
    /// the typed ones (spelling, pinyin, homophones), if there is one.
    pub did_you_mean: Option<String>,
    pub hits: Vec<Hit>,
    /// Counts of all matching articles by facet (HTTP API only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

/// What identifies and describes an article, shared by hits and whole articles.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleMeta {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub lang: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub reporter: Option<String>,
    pub path: String,
    /// Ids of this article's translations (or of its original).
    pub translations: Vec<String>,
}

impl ArticleMeta {
    /// `date · source · reporter · lang · id`, for one line of terminal output.
    pub fn byline(&self) -> String {
        [
            self.date.as_deref(),
            self.source.as_deref(),
            self.reporter.as_deref(),
            Some(&self.lang),
            Some(&self.id),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
    }
}

/// One matching article.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Hit {
    #[serde(flatten)]
    pub article: ArticleMeta,
    pub score: f32,
    /// HTML: matched text in `<mark>…</mark>`, everything else escaped.
    pub snippet: String,
    /// The expansions through which this article matched (empty when it
    /// matched every word as typed).
    pub expanded: Vec<Expansion>,
}

impl ArticleView {
    /// The cleaned texts of the article, in reading order: title, subtitle,
    /// body, captions (what exact-phrase search, kwic and verify read).
    pub fn texts(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.article.title)
            .chain(&self.article.subtitle)
            .chain(std::iter::once(&self.body))
            .chain(&self.captions)
    }
}

/// A whole article: the JSON of `newsreel show --json`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleView {
    #[serde(flatten)]
    pub article: ArticleMeta,
    pub body: String,
    pub captions: Vec<String>,
    pub translation_of: Option<String>,
    /// The source text the article was cut from, before cleaning (absent when identical to `body`).
    pub raw: Option<String>,
    /// The quotations printed in the article, in reading order.
    pub quotes: Vec<ArticleQuote>,
}

/// A quotation of an article, where it is in the cleaned body and who said it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct ArticleQuote {
    /// The words inside the quotation marks.
    pub text: String,
    /// Character offsets of `text` in `body`.
    pub start: usize,
    pub end: usize,
    /// Who said it, when the report says (`null` otherwise: never guessed).
    pub speaker: Option<String>,
    /// The speaker's role as printed; for an unnamed speaker, who they are.
    pub speaker_role: Option<String>,
    /// The quotation's own language.
    pub lang: String,
}
