//! Newspaper pages: several articles per file, damaged by PDF extraction.
//!
//! [`split_page`] finds each article by its dateline, takes the short lines
//! just above it as headline and subheadline, and hands the paragraphs in
//! between to [`reflow`], which joins sentences broken across columns and
//! lifts out photo captions that interrupt them.

pub mod dateline;
mod reflow;

pub use reflow::{reflow, Reflowed};

use std::sync::OnceLock;

use regex::Regex;

use crate::text::{ends_sentence, join_lines, remove_layout_spaces};

/// One paragraph of the page as extracted: its text and how many blank lines preceded it.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// The lines of the paragraph joined, layout spaces removed.
    pub text: String,
    /// The paragraph as extracted, before any cleaning.
    pub raw: String,
    /// Blank lines before the paragraph (captions often stand apart).
    pub blank_before: usize,
    /// Byte offset of the paragraph's first line in the page text.
    pub start: usize,
}

/// An article found on a page, before ids and file metadata are attached.
#[derive(Debug, Clone, PartialEq)]
pub struct PageArticle {
    pub title: String,
    pub subtitle: Option<String>,
    pub body: String,
    pub captions: Vec<String>,
    pub dateline: Option<dateline::Dateline>,
    pub raw: String,
}

/// Split page text into paragraphs (blank lines separate them).
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut blank = 0;
    let mut current: Vec<&str> = Vec::new();
    let offset = |line: &str| line.as_ptr() as usize - text.as_ptr() as usize;
    let flush = |current: &mut Vec<&str>, blank: &mut usize, out: &mut Vec<Paragraph>| {
        if let Some(first) = current.first() {
            let raw = current.join("\n");
            out.push(Paragraph {
                text: join_lines(&raw),
                start: offset(first),
                raw,
                blank_before: *blank,
            });
            current.clear();
            *blank = 0;
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut current, &mut blank, &mut out);
            blank += 1;
        } else {
            current.push(line);
        }
    }
    flush(&mut current, &mut blank, &mut out);
    out
}

/// Longest headline line, in characters.
const MAX_HEADLINE_CHARS: usize = 48;
/// At most this many headline lines (kicker, headline, subheadline).
const MAX_HEADLINE_LINES: usize = 3;

fn is_headline_like(p: &Paragraph) -> bool {
    let n = p.text.chars().count();
    n > 0
        && n <= MAX_HEADLINE_CHARS
        && !ends_sentence(&p.text)
        && !p.text.ends_with([',', '，', ':', '：', ';', '；', '、'])
        && !is_page_furniture(&p.text)
}

/// Masthead and folio lines (`永川日报 2025年7月8日 星期二 第2版`, `责任编辑 …`):
/// printed on every page, part of no article.
pub fn is_page_furniture(line: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"第\s*[0-9０-９一二三四五六七八九十]+\s*版|星期[一二三四五六日天]|责任编辑|责编|美编|校对").expect("furniture regex"))
        .is_match(line)
}

/// The first year printed on the page (`2025年`), for datelines that give only month and day.
pub fn year_in_text(text: &str) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"((?:19|20)\d\d)\s*年").expect("year regex"));
    re.captures(text).and_then(|c| c[1].parse().ok())
}

/// Split a newspaper page into articles.
///
/// A page without any recognisable dateline becomes one article titled by its
/// first line (the caller warns about it). Text above the first article's
/// headline (masthead, folio) belongs to no article and is dropped.
pub fn split_page(text: &str) -> Vec<PageArticle> {
    split_page_part(text, false)
}

/// Split a part of a long page read in pieces.
///
/// With `continued`, the part follows an earlier one that ended inside an
/// article, so text above its first headline is that article's continuation
/// and becomes an article of its own instead of being dropped as masthead.
pub fn split_page_part(text: &str, continued: bool) -> Vec<PageArticle> {
    let paras = paragraphs(text);
    let (datelines, starts) = article_starts(&paras);
    if datelines.is_empty() {
        return if paras.is_empty() {
            Vec::new()
        } else {
            vec![whole_page(&paras)]
        };
    }
    let mut articles = Vec::new();
    if continued && starts[0] > 0 {
        articles.push(whole_page(&paras[..starts[0]]));
    }
    for (k, (d, dl)) in datelines.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(paras.len());
        let heads: Vec<String> = paras[starts[k]..*d]
            .iter()
            .map(|p| p.text.clone())
            .collect();
        let body_paras = &paras[*d..end];
        let reflowed = reflow(body_paras);
        let (title, subtitle) = match heads.len() {
            0 => (first_sentence(&reflowed.body), None),
            1 => (heads[0].clone(), None),
            _ => (heads[0].clone(), Some(heads[1..].join(" "))),
        };
        let raw = paras[starts[k]..end]
            .iter()
            .map(|p| p.raw.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        articles.push(PageArticle {
            title,
            subtitle,
            body: reflowed.body,
            captions: reflowed.captions,
            dateline: Some(dl.clone()),
            raw,
        });
    }
    articles
}

/// Paragraph index of each dateline, and of the first headline line above it.
fn article_starts(paras: &[Paragraph]) -> (Vec<(usize, dateline::Dateline)>, Vec<usize>) {
    let datelines: Vec<(usize, dateline::Dateline)> = paras
        .iter()
        .enumerate()
        .filter_map(|(i, p)| dateline::parse(&p.raw).map(|d| (i, d)))
        .collect();
    // Headline lines above each dateline, never reaching into the previous article's dateline.
    let mut starts = Vec::with_capacity(datelines.len());
    let mut floor = 0;
    for (d, _) in &datelines {
        let mut start = *d;
        while start > floor
            && *d - start < MAX_HEADLINE_LINES
            && is_headline_like(&paras[start - 1])
        {
            start -= 1;
        }
        starts.push(start);
        floor = d + 1;
    }
    (datelines, starts)
}

/// Byte offset where the last article of `text` begins (its headline), when
/// at least one complete article comes before it.
///
/// A page read in pieces is cut there: everything before is complete, and the
/// last article, which may go on in the next piece, is read again with it.
pub fn last_article_start(text: &str) -> Option<usize> {
    let paras = paragraphs(text);
    let (_, starts) = article_starts(&paras);
    match starts.as_slice() {
        [.., _, last] => Some(paras[*last].start),
        _ => None,
    }
}

fn whole_page(paras: &[Paragraph]) -> PageArticle {
    let (title, rest) = match paras.split_first() {
        Some((first, rest)) if first.text.chars().count() <= 80 => (first.text.clone(), rest),
        _ => (String::new(), paras),
    };
    let reflowed = reflow(rest);
    let title = if title.is_empty() {
        first_sentence(&reflowed.body)
    } else {
        title
    };
    PageArticle {
        title,
        subtitle: None,
        body: reflowed.body,
        captions: reflowed.captions,
        dateline: None,
        raw: paras
            .iter()
            .map(|p| p.raw.as_str())
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
}

/// The first sentence of a text, at most 40 characters, as a stand-in title.
fn first_sentence(body: &str) -> String {
    let end = body
        .find(['。', '!', '?', '！', '？', '\n'])
        .unwrap_or(body.len());
    let sentence: String = body[..end].chars().take(40).collect();
    remove_layout_spaces(&sentence)
}
