//! Which script a character belongs to, and runs of one script.
//!
//! The pipeline dispatches on these classes: Han text goes to jieba, alphabetic
//! text (Latin, Cyrillic, kana, hangul…) to a word splitter, and everything else
//! (punctuation, symbols, spaces) separates words.

/// The class of a character, as far as segmentation cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// A CJK ideograph: segmented by jieba, one unit per character.
    Han,
    /// A letter or digit of any other script: part of a word.
    Alnum,
    /// A space or tab.
    Space,
    /// A line or paragraph break.
    Break,
    /// Punctuation, symbols, emoji: neither word nor space.
    Other,
}

/// True for CJK ideographs (unified, extensions, compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

/// Classify one character.
pub fn classify(c: char) -> CharClass {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => CharClass::Alnum,
            '\n' | '\r' | '\x0B' | '\x0C' => CharClass::Break,
            ' ' | '\t' => CharClass::Space,
            _ => CharClass::Other,
        };
    }
    if is_han(c) {
        CharClass::Han
    } else if c.is_alphanumeric() {
        CharClass::Alnum
    } else if matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
        CharClass::Break
    } else if c.is_whitespace() {
        CharClass::Space
    } else {
        CharClass::Other
    }
}

/// A maximal run of characters of one class, as byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub class: CharClass,
    pub start: usize,
    pub end: usize,
}

/// Split `text` into maximal runs of one [`CharClass`].
pub fn runs(text: &str) -> impl Iterator<Item = Run> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, c) = chars.next()?;
        let class = classify(c);
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            if classify(next) != class {
                break;
            }
            end = i + next.len_utf8();
            chars.next();
        }
        Some(Run { class, start, end })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_text_keeps_numbers_and_latin_whole() {
        let text = "我从2025年开始学习Rust语言";
        let got: Vec<(&str, CharClass)> = runs(text)
            .map(|r| (&text[r.start..r.end], r.class))
            .collect();
        assert_eq!(
            got,
            vec![
                ("我从", CharClass::Han),
                ("2025", CharClass::Alnum),
                ("年开始学习", CharClass::Han),
                ("Rust", CharClass::Alnum),
                ("语言", CharClass::Han),
            ]
        );
    }

    #[test]
    fn cyrillic_is_alnum_and_punctuation_is_other() {
        assert_eq!(classify('ф'), CharClass::Alnum);
        assert_eq!(classify('，'), CharClass::Other);
        assert_eq!(classify('\u{3000}'), CharClass::Space);
        assert_eq!(classify('《'), CharClass::Other);
    }
}
