//! Terms of the suggestion field: what a search box may complete to.
//!
//! A suggestion must be shown the way it was printed (`Yongchuan`, not the
//! normalized `yongchuan`, nor the stem `yongchuan`/`festiv`) but looked up by
//! its normalized prefix (`yong`, `冼`, a traditional or full-width prefix).
//! So each term is `normalized word` + [`SEPARATOR`] + `printed word`: a
//! prefix range over the term dictionary finds every printed form of the
//! words starting with the normalized prefix, with document frequencies.
//! Most words are printed as they normalize (simplified Chinese, lower-case
//! English); their printed form is left empty, which keeps the term
//! dictionary small (shared prefixes compress, repeated suffixes do not).

/// Between the normalized and the printed form of a word in a term. It is a
/// control character, so it never occurs inside a word.
pub const SEPARATOR: char = '\u{1}';

/// Whether a word is worth suggesting: Chinese words of two characters or
/// more, and alphabetic words of two letters or more (not bare numbers).
pub fn is_suggestible(word: &str, han: bool) -> bool {
    let chars = word.chars().count();
    if han {
        chars >= 2
    } else {
        chars >= 2 && word.chars().any(char::is_alphabetic)
    }
}

/// Write the term for `normalized` printed as `printed` into `out`.
pub fn term_into(normalized: &str, printed: &str, out: &mut String) {
    out.clear();
    out.push_str(normalized);
    out.push(SEPARATOR);
    if printed != normalized {
        out.push_str(printed);
    }
}

/// Split a term back into (normalized, printed); `None` for a term not made by [`term_into`].
pub fn split_term(term: &str) -> Option<(&str, &str)> {
    term.split_once(SEPARATOR)
        .map(|(normalized, printed)| match printed {
            "" => (normalized, normalized),
            _ => (normalized, printed),
        })
}

/// Split a term as a term dictionary hands it over (bytes); `None` for
/// bytes that are not a term made by [`term_into`].
pub fn split_key(key: &[u8]) -> Option<(&str, &str)> {
    std::str::from_utf8(key).ok().and_then(split_term)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_round_trip() {
        let mut t = String::new();
        term_into("yongchuan", "Yongchuan", &mut t);
        assert!(t.starts_with("yong"));
        assert_eq!(split_term(&t), Some(("yongchuan", "Yongchuan")));
        term_into("电影节", "电影节", &mut t);
        assert_eq!(t, "电影节\u{1}");
        assert_eq!(split_term(&t), Some(("电影节", "电影节")));
    }

    #[test]
    fn single_characters_and_numbers_are_not_suggested() {
        assert!(!is_suggestible("的", true));
        assert!(is_suggestible("冼星海", true));
        assert!(!is_suggestible("2025", false));
        assert!(!is_suggestible("a", false));
        assert!(is_suggestible("ai", false));
    }
}
