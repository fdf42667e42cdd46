//! Reflow: undo what the page layout did to sentences.

use crate::page::Paragraph;
use crate::text::{ends_sentence, has_open_bracket, is_opening, join_broken_into, Brackets};

/// The cleaned body and the captions taken out of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reflowed {
    /// Paragraphs separated by `\n`.
    pub body: String,
    pub captions: Vec<String>,
}

/// Longest caption, in characters.
const MAX_CAPTION_CHARS: usize = 60;
/// Longest speaker attribution after a quotation (`"…"天山电影制片厂党委书记荆鲁洲`).
const MAX_ATTRIBUTION_CHARS: usize = 24;
/// The same in letters (`"…" Jing Luzhou, Party secretary of the Tianshan Film Studio`).
const MAX_LATIN_ATTRIBUTION_CHARS: usize = 80;

/// Join paragraphs broken mid-sentence and take out captions that interrupt them.
///
/// A paragraph is *open* when it does not end a sentence or leaves a quote or
/// title bracket open: the text goes on in the next paragraph, which PDF
/// extraction separated from it at a column or page break. The one exception
/// is a quotation followed by its speaker's name, a common way to print a
/// quote that ends its paragraph without punctuation.
///
/// A short, complete sentence standing between an open paragraph and its
/// continuation, set apart by extra blank lines or carrying a photo credit,
/// is a caption: it moves to `captions` and the sentence is rejoined.
pub fn reflow(paras: &[Paragraph]) -> Reflowed {
    // Each body paragraph with the state of its brackets, kept up to date as
    // pieces are joined, so a long run of broken lines costs linear time.
    let mut body: Vec<(String, Brackets)> = Vec::new();
    let mut captions = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let p = &paras[i];
        let text = p.text.as_str();
        i += 1;
        if text.is_empty() {
            continue;
        }
        if let Some((last, brackets)) = body.last_mut() {
            if is_open(last, *brackets, text) {
                if is_caption(p)
                    && paras
                        .get(i)
                        .is_some_and(|next| !starts_new_paragraph(&next.text))
                {
                    captions.push(text.to_string());
                } else {
                    join_broken_into(last, text);
                    brackets.feed(text);
                }
                continue;
            }
        }
        if has_photo_credit(text) && text.chars().count() <= MAX_CAPTION_CHARS {
            captions.push(text.to_string());
        } else {
            body.push((text.to_string(), Brackets::of(text)));
        }
    }
    let body: Vec<String> = body.into_iter().map(|(t, _)| t).collect();
    Reflowed {
        body: body.join("\n"),
        captions,
    }
}

/// Does `last` continue into `next`?
fn is_open(last: &str, brackets: Brackets, next: &str) -> bool {
    if brackets.open() {
        return true;
    }
    if ends_sentence(last) {
        return false;
    }
    !(is_attribution_tail(last) && starts_new_paragraph(next))
}

/// A balanced quotation followed by a short name (and role) and nothing else.
fn is_attribution_tail(text: &str) -> bool {
    // Only the end of the paragraph matters: look no further back than the
    // longest attribution (so a long paragraph is not rescanned on every join).
    let from = text
        .char_indices()
        .rev()
        .nth(MAX_LATIN_ATTRIBUTION_CHARS + 1)
        .map_or(0, |(i, _)| i);
    let text = &text[from..];
    let Some(close) = text.rfind(['"', '”', '」', '』']) else {
        return false;
    };
    let tail = &text[close + text[close..].chars().next().map_or(1, char::len_utf8)..];
    let n = tail.chars().count();
    let han = tail.chars().any(newsreel_analysis::script::is_han);
    let longest = if han {
        MAX_ATTRIBUTION_CHARS
    } else {
        MAX_LATIN_ATTRIBUTION_CHARS
    };
    n > 0
        && n <= longest
        && tail.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(c, '·' | ' ')
                || (!han && matches!(c, ',' | '.' | '-' | '\'' | '’'))
        })
}

fn starts_new_paragraph(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| is_opening(c) && c != '《' && c != '(' && c != '（')
}

fn is_caption(p: &Paragraph) -> bool {
    let n = p.text.chars().count();
    n <= MAX_CAPTION_CHARS
        && ends_sentence(&p.text)
        && !has_open_bracket(&p.text)
        && (p.blank_before >= 2 || has_photo_credit(&p.text) || p.text.starts_with("图为"))
}

/// Ends with a photographer's credit: `(记者 X 摄)`, `X摄`, `图/X`.
fn has_photo_credit(text: &str) -> bool {
    let t = text.trim_end_matches(['。', ')', '）', ' ']);
    t.ends_with('摄') || t.ends_with("供图") || t.contains("图/") && t.chars().count() < 40
}
