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
use crate::script::{is_han, runs, CharClass};
use crate::AnalysisError;

/// Normalizes text: NFKC, lower case (and Russian `ё` as `е`), traditional →
/// simplified Chinese.
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
            // The common case of Chinese text, decided by a range test instead
            // of the tables below: a unified ideograph has no decomposition
            // (the compatibility ideographs are elsewhere), no case and is no
            // space, so it is kept unless a combining mark follows it.
            if is_unified_ideograph(c)
                && chars
                    .peek()
                    .is_none_or(|&(_, next)| next.is_ascii() || is_unified_ideograph(next))
            {
                has_han = true;
                out.push(c);
                if !identical {
                    push_spans(&mut spans, c.len_utf8(), start, start + c.len_utf8());
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
                && !c.is_whitespace()
                && c != 'ё';
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
                    // Russian print writes ё and е for the same letter.
                    let l = if l == 'ё' { 'е' } else { l };
                    out.push(l);
                    push_spans(&mut spans, l.len_utf8(), start, end);
                }
            }
        }
        let mut normalized = Normalized {
            text: out,
            spans: if identical { None } else { Some(spans) },
        };
        if has_han {
            self.to_simplified(&mut normalized);
        }
        normalized
    }

    /// Convert traditional characters and phrase forms (`瞭解` → `了解`).
    ///
    /// Only the runs of ideographs holding a character the conversion can
    /// change are handed to OpenCC (its phrases never span punctuation,
    /// spaces or Latin letters, so run by run gives the whole-text result);
    /// a simplified article with one traditional name converts one run.
    fn to_simplified(&self, n: &mut Normalized) {
        let convertible = Convertible::get();
        let mut rebuilt: Option<(String, Vec<(u32, u32)>)> = None;
        // Bytes of `n.text` already written to `rebuilt`.
        let mut done = 0;
        for run in runs(&n.text).filter(|r| r.class == CharClass::Han) {
            let piece = &n.text[run.start..run.end];
            if !convertible.any_in(piece) {
                continue;
            }
            let converted = self.t2s.convert(piece);
            if converted == piece {
                continue;
            }
            let (out, spans) =
                rebuilt.get_or_insert_with(|| (String::with_capacity(n.text.len()), Vec::new()));
            copy_unchanged(n, done, run.start, out, spans);
            if converted.chars().count() == piece.chars().count() {
                for ((i, old), new) in piece.char_indices().zip(converted.chars()) {
                    let at = run.start + i;
                    let (s, e) = n.original_range(at, at + old.len_utf8());
                    push_spans(spans, new.len_utf8(), s, e);
                }
            } else {
                // The number of characters changed: the converted run maps
                // onto the whole original run.
                let (s, e) = n.original_range(run.start, run.end);
                push_spans(spans, converted.len(), s, e);
            }
            out.push_str(&converted);
            done = run.end;
        }
        if let Some((mut out, mut spans)) = rebuilt {
            copy_unchanged(n, done, n.text.len(), &mut out, &mut spans);
            n.text = out;
            n.spans = Some(spans);
        }
    }
}

/// Copy `n.text[from..to]` unchanged into `out`, with its spans.
fn copy_unchanged(
    n: &Normalized,
    from: usize,
    to: usize,
    out: &mut String,
    spans: &mut Vec<(u32, u32)>,
) {
    for (i, c) in n.text[from..to].char_indices() {
        let at = from + i;
        let (s, e) = n.original_range(at, at + c.len_utf8());
        push_spans(spans, c.len_utf8(), s, e);
    }
    out.push_str(&n.text[from..to]);
}

/// CJK Unified Ideographs, the block nearly all Chinese text is written in.
fn is_unified_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
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

    /// What the shortcut for unified ideographs relies on, checked for
    /// every one of them against the general path's tests.
    #[test]
    fn unified_ideographs_are_stable_under_every_step_but_conversion() {
        for c in ('\u{4E00}'..='\u{9FFF}').filter(|&c| is_unified_ideograph(c)) {
            assert_eq!(canonical_combining_class(c), 0, "{c}");
            assert_eq!(is_nfkc_quick(std::iter::once(c)), IsNormalized::Yes, "{c}");
            assert!(std::iter::once(c).nfkc().eq(std::iter::once(c)), "{c}");
            assert!(
                !c.is_uppercase() && !c.is_whitespace() && c.to_lowercase().eq([c]),
                "{c}"
            );
            assert!(is_han(c), "{c}");
        }
        // A combining mark after an ideograph still takes the general path.
        assert_eq!(
            norm("电\u{0301}影"),
            "电\u{0301}影".nfkc().collect::<String>()
        );
        assert_eq!(norm("電影ＡＩ"), "电影ai");
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

    /// Converting run by run gives what converting the whole text gives,
    /// on real news turned into traditional characters.
    #[test]
    fn run_by_run_conversion_is_whole_text_conversion() {
        let normalizer = Normalizer::new().unwrap();
        let s2t = OpenCC::from_config(BuiltinConfig::S2t).unwrap();
        let lines = newsreel_testdata::news_lines(newsreel_testdata::ZH_NEWS, 300);
        let mut changed = 0;
        for body in newsreel_testdata::bodies(&lines) {
            let traditional = s2t.convert(&body);
            let whole = normalizer.t2s.convert(&traditional);
            let mut n = Normalized {
                text: traditional.clone(),
                spans: None,
            };
            normalizer.to_simplified(&mut n);
            assert_eq!(n.text, whole);
            changed += usize::from(n.text != traditional);
            // Every byte maps back inside the original text.
            let (s, e) = n.original_range(0, n.text.len());
            assert!(s <= e && e <= traditional.len());
        }
        assert!(changed > 250, "{changed}");
    }

    #[test]
    fn ideographic_space_becomes_space() {
        assert_eq!(norm("电影\u{3000}节"), "电影 节");
    }
}
