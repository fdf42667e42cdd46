use serde::Serialize;

/// The answer to a search: the JSON of `newsreel search --json`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    /// Matching articles in all (not just this page).
    pub total: usize,
    pub took_ms: f64,
    /// True when no article matched every word and these hits match only some.
    pub partial: bool,
    pub hits: Vec<Hit>,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub lang: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub reporter: Option<String>,
    pub path: String,
    pub score: f32,
    /// HTML: matched text in `<mark>…</mark>`, everything else escaped.
    pub snippet: String,
    /// Ids of this article's translations (or of its original).
    pub translations: Vec<String>,
}

/// A whole article: the JSON of `newsreel show --json`.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub lang: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub reporter: Option<String>,
    pub path: String,
    pub body: String,
    pub captions: Vec<String>,
    pub translation_of: Option<String>,
    pub translations: Vec<String>,
}
