//! Normalization with a way back to the original text.
//!
//! Search compares normalized text, but snippets must highlight the characters
//! as printed. NFKC, lower-casing and traditional → simplified conversion can
//! change the length of the text (`ＡＩ` → `ai` halves the bytes, `①` → `1`),
//! so [`Normalized`] keeps, for every byte of the normalized text, the span of
//! the original text it came from.

use std::sync::Arc;

use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::convertible::Convertible;
use crate::script::is_han;
use crate::AnalysisError;

/// Normalizes text: NFKC, lower case, traditional → simplified Chinese.
///
/// Cheap to clone (the conversion tables are shared).
#[derive(Clone)]
pub struct Normalizer {
    t2s: Arc<OpenCC>,
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Normalizer")
    }
}

/// Normalized text and the map from its bytes back to the original's.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// For each byte of `text`, the original byte span it came from; `None`
    /// when the normalized text is byte-for-byte the original.
    spans: Option<Vec<(u32, u32)>>,
}

impl Normalized {
    /// The original byte range that the normalized byte range `start..end` came from.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.spans {
            None => (start, end),
            Some(spans) => {
                if start >= end || start >= spans.len() {
                    let at = spans.get(start).map_or_else(
                        || spans.last().map_or(0, |s| s.1 as usize),
                        |s| s.0 as usize,
                    );
                    return (at, at);
                }
                (spans[start].0 as usize, spans[end - 1].1 as usize)
            }
        }
    }
}

impl Normalizer {
    /// Build a normalizer; loads the traditional → simplified tables.
    pub fn new() -> Result<Self, AnalysisError> {
        let t2s = OpenCC::from_config(BuiltinConfig::T2s)
            .map_err(|e| AnalysisError::Converter(e.to_string()))?;
        Ok(Normalizer { t2s: Arc::new(t2s) })
    }

    /// Normalize `text` into a plain string (no map back).
    pub fn normalize_str(&self, text: &str) -> String {
        self.normalize(text).text
    }

    /// Normalize `text`, keeping the map back to the original bytes.
    pub fn normalize(&self, text: &str) -> Normalized {
        let mut out = String::with_capacity(text.len());
        let mut spans: Vec<(u32, u32)> = Vec::new();
        let mut identical = true;
        let mut has_han = false;
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if c.is_ascii() {
                let lower = c.to_ascii_lowercase();
                if lower != c && identical {
                    identical = false;
                    spans = identity_spans(out.len());
                }
                out.push(lower);
                if !identical {
                    spans.push((start as u32, start as u32 + 1));
                }
                continue;
            }
            has_han |= is_han(c);
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                if next.is_ascii() || canonical_combining_class(next) == 0 {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            let cluster = &text[start..end];
            let stable = cluster.len() == c.len_utf8()
                && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
                && !c.is_uppercase()
                && !c.is_whitespace();
            if stable {
                out.push(c);
                if !identical {
                    push_spans(&mut spans, c.len_utf8(), start, end);
                }
                continue;
            }
            if identical {
                identical = false;
                spans = identity_spans(out.len());
            }
            for n in cluster.nfkc() {
                if n.is_whitespace()
                    && !matches!(n, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
                {
                    out.push(' ');
                    push_spans(&mut spans, 1, start, end);
                    continue;
                }
                for l in n.to_lowercase() {
                    out.push(l);
                    push_spans(&mut spans, l.len_utf8(), start, end);
                }
            }
        }
        let mut normalized = Normalized {
            text: out,
            spans: if identical { None } else { Some(spans) },
        };
        if has_han && Convertible::get().any_in(&normalized.text) {
            self.to_simplified(&mut normalized);
        }
        normalized
    }

    /// Convert traditional characters and phrase forms (`瞭解` → `了解`).
    fn to_simplified(&self, n: &mut Normalized) {
        let converted = self.t2s.convert(&n.text);
        if converted == n.text {
            return;
        }
        let old_spans = |n: &Normalized, s: usize, e: usize| n.original_range(s, e);
        let mut spans = Vec::with_capacity(converted.len());
        if converted.chars().count() == n.text.chars().count() {
            for ((old_start, old_char), new_char) in n.text.char_indices().zip(converted.chars()) {
                let (s, e) = old_spans(n, old_start, old_start + old_char.len_utf8());
                push_spans(&mut spans, new_char.len_utf8(), s, e);
            }
        } else {
            // A conversion that changed the number of characters: map each
            // converted Han run onto the whole original run it came from.
            let mut rebuilt = String::with_capacity(n.text.len());
            for run in crate::script::runs(&n.text) {
                let piece = &n.text[run.start..run.end];
                let (s, e) = old_spans(n, run.start, run.end);
                if run.class == crate::script::CharClass::Han {
                    let conv = self.t2s.convert(piece);
                    if conv.chars().count() == piece.chars().count() {
                        for ((i, oc), nc) in piece.char_indices().zip(conv.chars()) {
                            let (cs, ce) =
                                old_spans(n, run.start + i, run.start + i + oc.len_utf8());
                            push_spans(&mut spans, nc.len_utf8(), cs, ce);
                        }
                    } else {
                        push_spans(&mut spans, conv.len(), s, e);
                    }
                    rebuilt.push_str(&conv);
                } else {
                    for (i, oc) in piece.char_indices() {
                        let (cs, ce) = old_spans(n, run.start + i, run.start + i + oc.len_utf8());
                        push_spans(&mut spans, oc.len_utf8(), cs, ce);
                    }
                    rebuilt.push_str(piece);
                }
            }
            n.text = rebuilt;
            n.spans = Some(spans);
            return;
        }
        n.text = converted;
        n.spans = Some(spans);
    }
}

fn identity_spans(len: usize) -> Vec<(u32, u32)> {
    // Bytes copied unchanged so far: each maps to itself. For a multi-byte
    // character every byte maps to the whole character, which is what
    // `original_range` needs for its start and end lookups; since callers only
    // ask for ranges on character boundaries, mapping byte to byte is enough.
    (0..len as u32).map(|i| (i, i + 1)).collect()
}

fn push_spans(spans: &mut Vec<(u32, u32)>, bytes: usize, start: usize, end: usize) {
    for _ in 0..bytes {
        spans.push((start as u32, end as u32));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Normalizer::new().unwrap().normalize_str(s)
    }

    #[test]
    fn full_width_and_case_fold() {
        assert_eq!(norm("ＡＩ配音，２０２５"), "ai配音,2025");
        assert_eq!(norm("Shanghai Cooperation"), "shanghai cooperation");
    }

    #[test]
    fn traditional_to_simplified_with_phrases() {
        assert_eq!(norm("電影節"), "电影节");
        assert_eq!(norm("瞭解"), "了解");
        assert_eq!(norm("上海合作組織國家電影節"), "上海合作组织国家电影节");
    }

    #[test]
    fn simplified_text_is_left_alone() {
        let text = "2025上合组织国家电影节人工智能主题活动举行";
        let n = Normalizer::new().unwrap().normalize(text);
        assert_eq!(n.text, text);
        assert_eq!(n.original_range(4, 10), (4, 10));
    }

    #[test]
    fn offsets_map_back_through_width_and_script_changes() {
        let text = "看ＡＩ與電影";
        let n = Normalizer::new().unwrap().normalize(text);
        assert_eq!(n.text, "看ai与电影");
        let ai = n.text.find("ai").unwrap();
        let (s, e) = n.original_range(ai, ai + 2);
        assert_eq!(&text[s..e], "ＡＩ");
        let film = n.text.find("电影").unwrap();
        let (s, e) = n.original_range(film, film + "电影".len());
        assert_eq!(&text[s..e], "電影");
    }

    #[test]
    fn ideographic_space_becomes_space() {
        assert_eq!(norm("电影\u{3000}节"), "电影 节");
    }
}
