use crate::article::{detect_lang, Article};
use crate::formats::FileMeta;
use crate::page::{split_page, year_in_text};

/// Articles of a newspaper page; ids are `STEM-N` (N from 1, in page order).
///
/// Returns the articles and whether the page had no recognisable structure.
pub fn parse_newspaper(
    text: &str,
    stem: &str,
    path: &str,
    meta: &FileMeta,
) -> (Vec<Article>, bool) {
    let pieces = split_page(text);
    let unstructured = pieces.iter().all(|p| p.dateline.is_none());
    let year = meta.year.or_else(|| year_in_text(text));
    let articles = pieces
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let lang = meta
                .lang
                .clone()
                .unwrap_or_else(|| detect_lang(&p.body).to_string());
            let dl = p.dateline.unwrap_or_default();
            Article {
                id: format!("{stem}-{}", i + 1),
                lang,
                title: p.title,
                subtitle: p.subtitle,
                date: dl.date(year).or_else(|| meta.date.clone()),
                source: dl.source.clone().or_else(|| meta.source.clone()),
                reporter: dl.reporter(),
                body: p.body,
                captions: p.captions,
                translation_of: None,
                path: path.to_string(),
                raw: Some(p.raw),
            }
        })
        // A piece with neither title nor text (a lone dateline, a blank page)
        // has nothing to find; ids stay those of the pieces' page order.
        .filter(|a| !(a.title.trim().is_empty() && a.body.trim().is_empty()))
        .collect();
    (articles, unstructured)
}
