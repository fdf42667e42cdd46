use crate::article::{detect_lang, Article};
use crate::formats::FileMeta;
use crate::page::{split_page_part, year_in_text};

/// Articles of a newspaper page; ids are `STEM-N` (N from 1, in page order).
///
/// Returns the articles and whether the page had no recognisable structure.
pub fn parse_newspaper(
    text: &str,
    stem: &str,
    path: &str,
    meta: &FileMeta,
) -> (Vec<Article>, bool) {
    let mut pages = PageParts::new(stem, path, meta);
    let articles = pages.parse(text);
    (articles, pages.unstructured())
}

/// A long page file read in parts (see `crate::stream`), parsed so that the
/// result is that of the whole file: ids keep counting across parts, the
/// year found in an earlier part dates the later ones, and a part that
/// begins inside an article keeps that text.
pub struct PageParts<'a> {
    stem: &'a str,
    path: &'a str,
    meta: &'a FileMeta,
    /// Pieces seen so far (ids count them, kept or not).
    pieces: usize,
    /// Pieces with a dateline so far.
    structured: usize,
    year: Option<i32>,
    /// The next part continues an article cut in the middle.
    continued: bool,
}

impl<'a> PageParts<'a> {
    pub fn new(stem: &'a str, path: &'a str, meta: &'a FileMeta) -> Self {
        PageParts {
            stem,
            path,
            meta,
            pieces: 0,
            structured: 0,
            year: meta.year,
            continued: false,
        }
    }

    /// Whether no dateline was found in anything parsed so far.
    pub fn unstructured(&self) -> bool {
        self.structured == 0
    }

    /// Say that the next part begins in the middle of an article.
    pub fn cut_inside_article(&mut self) {
        self.continued = true;
    }

    /// Articles of the next part of the page.
    pub fn parse(&mut self, text: &str) -> Vec<Article> {
        if self.year.is_none() {
            self.year = year_in_text(text);
        }
        let pieces = split_page_part(text, std::mem::take(&mut self.continued));
        let first = self.pieces;
        self.pieces += pieces.len();
        pieces
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let lang = self
                    .meta
                    .lang
                    .clone()
                    .unwrap_or_else(|| detect_lang(&p.body).to_string());
                self.structured += usize::from(p.dateline.is_some());
                let dl = p.dateline.unwrap_or_default();
                Article {
                    id: format!("{}-{}", self.stem, first + i + 1),
                    lang,
                    title: p.title,
                    subtitle: p.subtitle,
                    date: dl.date(self.year).or_else(|| self.meta.date.clone()),
                    source: dl.source.clone().or_else(|| self.meta.source.clone()),
                    reporter: dl.reporter(),
                    body: p.body,
                    captions: p.captions,
                    translation_of: None,
                    path: self.path.to_string(),
                    raw: Some(p.raw),
                }
            })
            // A piece with neither title nor text (a lone dateline, a blank page)
            // has nothing to find; ids stay those of the pieces' page order.
            .filter(|a| !(a.title.trim().is_empty() && a.body.trim().is_empty()))
            .collect()
    }
}
