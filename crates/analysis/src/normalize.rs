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
use crate::script::{runs, CharClass};
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
    /// Where the map is not "the same bytes, shifted by the changes before
    /// them", in text order. Most characters normalize to themselves or to a
    /// character of the same length (`A` → `a`, `國` → `国`), so only
    /// width changes (`，` → `,`, `ＡＩ` → `ai`) and multi-character
    /// conversions are listed. A map entry per byte cost 8 bytes per byte of
    /// text, and building it was most of a snippet's normalization.
    changes: Vec<Change>,
}

/// Normalized bytes `norm` came from original bytes `orig`, as a whole.
#[derive(Debug, Clone, Copy)]
struct Change {
    norm: (u32, u32),
    orig: (u32, u32),
}

impl Normalized {
    /// The original byte range that the normalized byte range `start..end` came from.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        if self.changes.is_empty() {
            return (start, end);
        }
        if start >= end || start >= self.text.len() {
            let at = self.original_span(start.min(self.text.len())).0;
            return (at, at);
        }
        (self.original_span(start).0, self.original_span(end - 1).1)
    }

    /// The original span of normalized byte `at`: the whole of a change, or
    /// one byte shifted by the last change before it.
    fn original_span(&self, at: usize) -> (usize, usize) {
        let k = self.changes.partition_point(|c| c.norm.1 as usize <= at);
        self.original_span_at(at, k)
    }

    /// [`Self::original_span`] of `at`, given `k`: the first change that
    /// ends after `at`.
    fn original_span_at(&self, at: usize, k: usize) -> (usize, usize) {
        if let Some(c) = self.changes.get(k).filter(|c| c.norm.0 as usize <= at) {
            return (c.orig.0 as usize, c.orig.1 as usize);
        }
        let shift = k.checked_sub(1).map_or(0, |p| {
            let c = self.changes[p];
            i64::from(c.orig.1) - i64::from(c.norm.1)
        });
        let byte = (at as i64 + shift) as usize;
        (byte, byte + 1)
    }

    /// Original ranges for normalized ranges asked in about text order, as a
    /// tokenizer asks for each token: a step along the changes from the last
    /// range instead of a search through them. A Chinese text changes at
    /// every full-width punctuation mark, and the search per token was 2%
    /// of indexing.
    pub fn ranges(&self) -> OriginalRanges<'_> {
        OriginalRanges {
            normalized: self,
            next: 0,
        }
    }
}

/// See [`Normalized::ranges`].
pub struct OriginalRanges<'a> {
    normalized: &'a Normalized,
    /// The first change that ends after the last byte asked about.
    next: usize,
}

impl OriginalRanges<'_> {
    /// What [`Normalized::original_range`] gives for `start..end`.
    pub fn original_range(&mut self, start: usize, end: usize) -> (usize, usize) {
        let n = self.normalized;
        if n.changes.is_empty() {
            return (start, end);
        }
        if start >= end || start >= n.text.len() {
            return n.original_range(start, end);
        }
        (self.span(start).0, self.span(end - 1).1)
    }

    fn span(&mut self, at: usize) -> (usize, usize) {
        let changes = &self.normalized.changes;
        while self.next < changes.len() && changes[self.next].norm.1 as usize <= at {
            self.next += 1;
        }
        while self.next > 0 && changes[self.next - 1].norm.1 as usize > at {
            self.next -= 1;
        }
        self.normalized.original_span_at(at, self.next)
    }
}

/// Whether `c`, with no combining mark after it, normalizes to itself.
fn is_stable(c: char) -> bool {
    is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
        && !c.is_uppercase()
        && !c.is_whitespace()
        && c != 'ё'
}

/// The ASCII character a full-width form (U+FF01..=U+FF5E) stands for.
fn full_width_ascii(c: char) -> Option<char> {
    matches!(c, '\u{FF01}'..='\u{FF5E}')
        .then(|| char::from_u32(c as u32 - 0xFEE0))
        .flatten()
}

/// Builds [`Normalized::changes`] as normalized pieces are written in order.
#[derive(Default)]
struct ChangeLog {
    changes: Vec<Change>,
    /// Original offset minus normalized offset after the last change.
    shift: i64,
}

impl ChangeLog {
    /// Normalized bytes `at..at + len` came from original bytes
    /// `orig_start..orig_end`. `one_char` says both sides are one character,
    /// so the byte-for-byte shifted map is right when the lengths agree.
    fn piece(&mut self, at: usize, len: usize, orig_start: usize, orig_end: usize, one_char: bool) {
        let shifted = at as i64 + self.shift == orig_start as i64;
        if one_char && shifted && len == orig_end - orig_start {
            return;
        }
        self.changes.push(Change {
            norm: (at as u32, (at + len) as u32),
            orig: (orig_start as u32, orig_end as u32),
        });
        self.shift = orig_end as i64 - (at + len) as i64;
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
        let mut log = ChangeLog::default();
        // Whether the text holds a character conversion can change: most
        // simplified Chinese articles hold none (92% of the news corpus),
        // and need no second pass.
        let convertible = Convertible::get();
        let mut may_convert = false;
        // Whether a character is kept as it is, for the last few seen: the
        // checks behind it are table searches, and the punctuation of a
        // Chinese text (`。`, `、`, `“`) is a handful of characters.
        let mut stable_seen = [('\0', false); 32];
        // A cluster NFKC-normalized and lower-cased, reused across clusters.
        let mut lowered = String::new();
        // Where the stretch of text that normalizes to itself, not yet
        // copied to `out`, begins: such stretches (most of any text) are
        // copied whole when a character that changes ends them, rather than
        // character by character.
        let mut kept_from = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            // ASCII keeps its length, so it needs no map entry; a letter
            // with a combining accent after it (`e` + U+0301) is a cluster
            // NFKC composes, and goes the general way.
            if c.is_ascii()
                && chars.peek().is_none_or(|&(_, next)| {
                    next.is_ascii() || canonical_combining_class(next) == 0
                })
            {
                if c.is_ascii_uppercase() {
                    out.push_str(&text[kept_from..start]);
                    out.push(c.to_ascii_lowercase());
                    kept_from = start + 1;
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
                may_convert |= convertible.contains(c);
                continue;
            }
            // Full-width ASCII (`，`, `：`, `（`, `Ａ`), frequent in Chinese
            // text: NFKC maps U+FF01..=U+FF5E to U+0021..=U+007E, which
            // lower-cases as ASCII; the general way below builds an NFKC
            // iterator per character for the same result.
            if let Some(ascii) = full_width_ascii(c) {
                if chars.peek().is_none_or(|&(_, next)| {
                    next.is_ascii() || canonical_combining_class(next) == 0
                }) {
                    out.push_str(&text[kept_from..start]);
                    let from = out.len();
                    out.push(ascii.to_ascii_lowercase());
                    log.piece(from, 1, start, start + c.len_utf8(), true);
                    kept_from = start + c.len_utf8();
                    continue;
                }
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = chars.peek() {
                if next.is_ascii() || canonical_combining_class(next) == 0 {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            let cluster = &text[start..end];
            let stable = cluster.len() == c.len_utf8() && {
                let slot = &mut stable_seen[c as usize % stable_seen.len()];
                if slot.0 != c {
                    *slot = (c, is_stable(c));
                }
                slot.1
            };
            if stable {
                may_convert |= convertible.contains(c);
                continue;
            }
            out.push_str(&text[kept_from..start]);
            kept_from = end;
            let from = out.len();
            let mut written = 0;
            lowered.clear();
            lowered.extend(cluster.nfkc().flat_map(char::to_lowercase));
            // Lower-casing can make a cluster NFKC composes that it could
            // not compose before: `T` + U+0308 has no precomposed capital,
            // `t` + U+0308 is `ẗ`. Composed again, normalizing twice gives
            // what normalizing once does.
            if is_nfkc_quick(lowered.chars()) != IsNormalized::Yes {
                let composed: String = lowered.nfkc().collect();
                lowered = composed;
            }
            for l in lowered.chars() {
                if l.is_whitespace()
                    && !matches!(l, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
                {
                    out.push(' ');
                    written += 1;
                    continue;
                }
                may_convert |= convertible.contains(l);
                // Russian print writes ё and е for the same letter.
                out.push(if l == 'ё' { 'е' } else { l });
                written += 1;
            }
            let one_char = written == 1 && cluster.len() == c.len_utf8();
            log.piece(from, out.len() - from, start, end, one_char);
        }
        out.push_str(&text[kept_from..]);
        let mut normalized = Normalized {
            text: out,
            changes: log.changes,
        };
        if may_convert {
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
        let mut rebuilt: Option<(String, ChangeLog)> = None;
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
            let (out, log) = rebuilt
                .get_or_insert_with(|| (String::with_capacity(n.text.len()), ChangeLog::default()));
            copy_unchanged(n, done, run.start, out, log);
            if converted.chars().count() == piece.chars().count() {
                for ((i, old), new) in piece.char_indices().zip(converted.chars()) {
                    let at = run.start + i;
                    let (s, e) = n.original_range(at, at + old.len_utf8());
                    log.piece(out.len(), new.len_utf8(), s, e, true);
                    out.push(new);
                }
            } else {
                // The number of characters changed: the converted run maps
                // onto the whole original run.
                let (s, e) = n.original_range(run.start, run.end);
                log.piece(out.len(), converted.len(), s, e, false);
                out.push_str(&converted);
            }
            done = run.end;
        }
        if let Some((mut out, mut log)) = rebuilt {
            copy_unchanged(n, done, n.text.len(), &mut out, &mut log);
            n.text = out;
            n.changes = log.changes;
        }
    }
}

/// Copy `n.text[from..to]` unchanged into `out`, with its map.
fn copy_unchanged(n: &Normalized, from: usize, to: usize, out: &mut String, log: &mut ChangeLog) {
    for (i, c) in n.text[from..to].char_indices() {
        let at = from + i;
        let (s, e) = n.original_range(at, at + c.len_utf8());
        log.piece(out.len(), c.len_utf8(), s, e, true);
        out.push(c);
    }
}

/// CJK Unified Ideographs, the block nearly all Chinese text is written in.
fn is_unified_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::is_han;

    fn norm(s: &str) -> String {
        Normalizer::new().unwrap().normalize_str(s)
    }

    /// A capital with a combining mark that has no precomposed capital
    /// form composes once lower-cased, so a second pass changes nothing
    /// (found by the idempotence property test with another seed).
    #[test]
    fn lower_cased_clusters_are_composed() {
        for (text, expected) in [
            ("T\u{308}", "\u{1E97}"),
            ("J\u{30C}", "\u{1F0}"),
            ("W\u{30A}", "\u{1E98}"),
            ("Straße T\u{308}E", "straße \u{1E97}e"),
        ] {
            let once = norm(text);
            assert_eq!(once, expected, "{text:?}");
            assert_eq!(norm(&once), once, "{text:?}");
        }
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

    /// The shortcut for full-width forms gives what NFKC and lower case
    /// give, alone, between ideographs and before a combining mark (which
    /// takes the general way), and maps each form back to itself.
    #[test]
    fn full_width_forms_are_nfkc_lower_cased() {
        let normalizer = Normalizer::new().unwrap();
        for c in '\u{FF01}'..='\u{FF5E}' {
            for text in [format!("{c}"), format!("电{c}影"), format!("{c}\u{301}x")] {
                let n = normalizer.normalize(&text);
                let expected: String = text.nfkc().flat_map(char::to_lowercase).collect();
                assert_eq!(n.text, expected, "{c:?} in {text:?}");
                let at = text.find(c).unwrap();
                let (s, e) = n.original_range(at.min(n.text.len()), (at + 1).min(n.text.len()));
                if !text.ends_with('x') {
                    assert_eq!(&text[s..e], c.to_string(), "{c:?} in {text:?}");
                }
            }
        }
    }

    /// Conversion is skipped for a text with no convertible character, so
    /// one that only NFKC produces (a compatibility ideograph) must count.
    #[test]
    fn a_convertible_character_made_by_nfkc_still_converts() {
        // U+F900 is the compatibility form of 豈, which t2s writes 岂.
        assert_eq!(norm("\u{F900}"), "岂");
        assert_eq!(norm("ok \u{F900}"), "ok 岂");
        assert_eq!(norm("豈"), "岂");
        assert_eq!(norm("岂有此理"), "岂有此理");
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

    /// Each normalized character maps back to the characters it was printed
    /// as, before, between and after changes of width and script.
    #[test]
    fn every_character_maps_back_to_its_printed_form() {
        let text = "ＡＩ，電影節：ǅe\u{301}x 上合。";
        let n = Normalizer::new().unwrap().normalize(text);
        assert_eq!(n.text, "ai,电影节:džéx 上合。");
        let printed: Vec<&str> = n
            .text
            .char_indices()
            .map(|(i, c)| {
                let (s, e) = n.original_range(i, i + c.len_utf8());
                &text[s..e]
            })
            .collect();
        assert_eq!(
            printed,
            [
                "Ａ", "Ｉ", "，", "電", "影", "節", "：", "ǅ", "ǅ", "e\u{301}", "x", " ", "上",
                "合", "。"
            ]
        );
        assert_eq!(
            n.original_range(n.text.len(), n.text.len()),
            (text.len(), text.len())
        );
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
                changes: Vec::new(),
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
