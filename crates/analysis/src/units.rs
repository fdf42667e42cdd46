//! Units: the segmentation-independent reading of text behind exact phrases.
//!
//! A unit is one Han character, one whole alphanumeric word, or one punctuation
//! mark or symbol. Between two units there is nothing, a space, or a line break.
//! A quoted phrase matches a text when its units (and the separators between
//! them) occur in the text's units consecutively: for Chinese that is a plain
//! substring match, for Latin script a whole-word match, and no word segmenter
//! is involved, so the phrase cannot be lost to a different cut of the context.

use crate::script::{classify, CharClass};

/// What kind of unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Han,
    Word,
    Symbol,
}

/// What separates a unit from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// The units touch (`电影`, `AI配音`).
    None,
    /// One or more spaces (`AI 配音`, `market share`).
    Space,
    /// A line break: phrases never continue across it. Also used before the first unit.
    Break,
}

/// One unit, as byte offsets into the text it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    pub kind: UnitKind,
    pub start: usize,
    pub end: usize,
    /// What stands between this unit and the previous one.
    pub sep: Separator,
}

/// Read `text` (already normalized) as units.
pub fn units(text: &str) -> Units<'_> {
    Units {
        text,
        pos: 0,
        pending: Separator::Break,
    }
}

/// Iterator over the [`Unit`]s of a text.
pub struct Units<'a> {
    text: &'a str,
    pos: usize,
    pending: Separator,
}

impl Iterator for Units<'_> {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let rest = &self.text[self.pos..];
            let c = rest.chars().next()?;
            let start = self.pos;
            let class = classify(c);
            match class {
                CharClass::Space => {
                    if self.pending == Separator::None {
                        self.pending = Separator::Space;
                    }
                    self.pos += c.len_utf8();
                }
                CharClass::Break => {
                    self.pending = Separator::Break;
                    self.pos += c.len_utf8();
                }
                CharClass::Han | CharClass::Other => {
                    self.pos += c.len_utf8();
                    let sep = std::mem::replace(&mut self.pending, Separator::None);
                    let kind = if class == CharClass::Han {
                        UnitKind::Han
                    } else {
                        UnitKind::Symbol
                    };
                    return Some(Unit {
                        kind,
                        start,
                        end: self.pos,
                        sep,
                    });
                }
                CharClass::Alnum => {
                    let mut end = start;
                    for ch in rest.chars() {
                        if classify(ch) != CharClass::Alnum {
                            break;
                        }
                        end += ch.len_utf8();
                    }
                    self.pos = end;
                    let sep = std::mem::replace(&mut self.pending, Separator::None);
                    return Some(Unit {
                        kind: UnitKind::Word,
                        start,
                        end,
                        sep,
                    });
                }
            }
        }
        None
    }
}

/// Whether two adjacent units are two words with a space between them.
///
/// The exact-phrase field indexes such a pair as each word alone at its own
/// position, not as one pair term: Latin-script text would otherwise give a
/// term per word pair (1.2 million of the 1.9 million terms of the news
/// corpus, a fifth of the index), and a space is the only thing that can
/// stand between two adjacent words (anything else is a unit itself, and a
/// line break leaves a gap of one position), so the words at consecutive
/// positions pin the pair exactly. Every other pair (Han characters, a
/// word touching a character, symbols) is one bigram term, which keeps
/// Chinese phrases independent of segmentation and cheap to look up.
pub fn is_word_pair(first: &Unit, second: &Unit) -> bool {
    first.kind == UnitKind::Word && second.kind == UnitKind::Word && second.sep == Separator::Space
}

/// Write the bigram term for two adjacent units into `out` (cleared first).
///
/// A space between the units is kept in the term, so `AI 配音` and `AI配音`
/// stay distinct, exactly as a substring search would see them.
pub fn bigram_term(text: &str, first: &Unit, second: &Unit, out: &mut String) {
    out.clear();
    out.push_str(&text[first.start..first.end]);
    if second.sep == Separator::Space {
        out.push(' ');
    }
    out.push_str(&text[second.start..second.end]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(&str, Separator)> {
        units(text)
            .map(|u| (&text[u.start..u.end], u.sep))
            .collect()
    }

    #[test]
    fn han_characters_words_and_symbols() {
        assert_eq!(
            read("ai 配音,2025年"),
            vec![
                ("ai", Separator::Break),
                ("配", Separator::Space),
                ("音", Separator::None),
                (",", Separator::None),
                ("2025", Separator::None),
                ("年", Separator::None),
            ]
        );
    }

    #[test]
    fn breaks_win_over_spaces() {
        assert_eq!(
            read("a \n b"),
            vec![("a", Separator::Break), ("b", Separator::Break)]
        );
    }

    #[test]
    fn only_two_spaced_words_are_a_word_pair() {
        let pair = |text: &str| {
            let u: Vec<Unit> = units(text).collect();
            is_word_pair(&u[0], &u[1])
        };
        assert!(pair("market share"));
        assert!(pair("2025 film"));
        assert!(!pair("ai 配"));
        assert!(!pair("电影"));
        assert!(!pair("u.s"));
        assert!(!pair("market\nshare"));
    }

    #[test]
    fn bigram_terms_keep_spaces() {
        let text = "market share";
        let u: Vec<Unit> = units(text).collect();
        let mut out = String::new();
        bigram_term(text, &u[0], &u[1], &mut out);
        assert_eq!(out, "market share");
    }
}
