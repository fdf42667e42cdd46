//! Pinyin keys: how a user without a Chinese input method types a word.
//!
//! A key is the toneless pinyin of a word's characters run together, in
//! lower case, with `ü` written `v` (as on a keyboard): 冼星海 → `xianxinghai`,
//! 吕薇 → `lvwei`. Typed pinyin is brought to the same form whatever its
//! spelling — spaces or apostrophes between syllables, capitals, tone marks
//! (`Yǒngchuān`) or tone numbers (`yong3chuan1`) — so looking a typed word up
//! is one exact match on the key, and completing it a prefix range.
//!
//! Characters with several readings (多音字) give one key per combination of
//! readings, the common reading first, so a word is found by its usual
//! pronunciation whatever reading the table lists first for a character
//! alone (重庆 is `chongqing`, though 重 alone is most often `zhong`).

use std::borrow::Cow;

use ::pinyin::ToPinyinMulti;
use unicode_normalization::UnicodeNormalization;

/// Most keys made for one word: each polyphonic character doubles them, and
/// a name of five such characters does not need 32 spellings.
pub const MAX_KEYS_PER_WORD: usize = 8;

/// The pinyin keys of a word of Chinese characters, each distinct, the one
/// made of every character's first listed reading first; empty when a character has no pinyin (not Chinese, or too rare
/// for the table).
///
/// ```
/// use newsreel_analysis::pinyin::keys_of;
/// assert_eq!(keys_of("永川")[0], "yongchuan");
/// assert!(keys_of("重庆").contains(&"chongqing".to_string()));
/// assert!(keys_of("festival").is_empty());
/// ```
pub fn keys_of(word: &str) -> Vec<String> {
    let mut keys = vec![String::new()];
    for c in word.chars() {
        let Some(readings) = c.to_pinyin_multi() else {
            return Vec::new();
        };
        let readings: Vec<Cow<str>> = readings.into_iter().map(|p| keyboard(p.plain())).collect();
        let mut next = Vec::with_capacity(keys.len() * readings.len());
        // The first reading of every character before any second reading:
        // the combinations kept under the cap are the likeliest ones.
        for (i, reading) in readings.iter().enumerate() {
            for key in &keys {
                if i > 0 && next.len() >= MAX_KEYS_PER_WORD {
                    break;
                }
                let mut joined = String::with_capacity(key.len() + reading.len());
                joined.push_str(key);
                joined.push_str(reading);
                // The table repeats a reading that differs only in tone.
                if !next.contains(&joined) {
                    next.push(joined);
                }
            }
        }
        next.truncate(MAX_KEYS_PER_WORD);
        keys = next;
    }
    if word.is_empty() {
        return Vec::new();
    }
    keys
}

/// Every syllable some character is read as, toneless and as typed (`ü`
/// as `v`), sorted; made by `build.rs` from the `pinyin` crate's table,
/// the one [`keys_of`] reads.
static SYLLABLES: &[&str] = &include!(concat!(env!("OUT_DIR"), "/pinyin_syllables.rs"));

/// Whether `key` is a run of syllables, so that some Chinese word may have
/// it as a key. Most English words are not (`film`, `bbc`, `bush`): the
/// Chinese words of an index need not be read to learn that none sounds so.
///
/// ```
/// use newsreel_analysis::pinyin::is_syllables;
/// assert!(is_syllables("xianxinghai"));
/// assert!(is_syllables("lvwei"));
/// assert!(!is_syllables("film"));
/// assert!(!is_syllables("bbc"));
/// assert!(!is_syllables(""));
/// ```
pub fn is_syllables(key: &str) -> bool {
    let longest = SYLLABLES.iter().map(|s| s.len()).max().unwrap_or(0);
    let is_syllable = |s: &str| SYLLABLES.binary_search(&s).is_ok();
    // ends[i]: the first i bytes are a run of syllables.
    let mut ends = vec![false; key.len() + 1];
    ends[0] = true;
    for end in 1..=key.len() {
        ends[end] = (end.saturating_sub(longest)..end)
            .any(|start| ends[start] && key.get(start..end).is_some_and(is_syllable));
    }
    !key.is_empty() && ends[key.len()]
}

/// Whether some reading of each character of `word`, run together, spells
/// `key`: a test that turns most words down at their first character,
/// without making their keys. A word that passes may still not have
/// `key` among its [`keys_of`], which keeps only the likeliest
/// combinations.
///
/// ```
/// use newsreel_analysis::pinyin::reads_as;
/// assert!(reads_as("重庆", "chongqing"));
/// assert!(reads_as("重庆", "zhongqing"));
/// assert!(!reads_as("重庆", "chongqin"));
/// assert!(!reads_as("festival", "festival"));
/// ```
pub fn reads_as(word: &str, key: &str) -> bool {
    fn rest_reads_as(mut chars: std::str::Chars, key: &str) -> bool {
        let Some(c) = chars.next() else {
            return key.is_empty();
        };
        c.to_pinyin_multi().is_some_and(|readings| {
            readings.into_iter().any(|reading| {
                key.strip_prefix(&*keyboard(reading.plain()))
                    .is_some_and(|rest| rest_reads_as(chars.clone(), rest))
            })
        })
    }
    !word.is_empty() && rest_reads_as(word.chars(), key)
}

/// `ü` as typed on a keyboard.
fn keyboard(plain: &str) -> Cow<'_, str> {
    if plain.contains('ü') {
        Cow::Owned(plain.replace('ü', "v"))
    } else {
        Cow::Borrowed(plain)
    }
}

/// The key of typed pinyin, or None when the text cannot be pinyin
/// (anything but Latin letters, tone marks and numbers, spaces and
/// apostrophes). Tone numbers count only after a letter (`yong3`), so
/// `2025` or `3d` is not pinyin.
///
/// ```
/// use newsreel_analysis::pinyin::typed_key;
/// assert_eq!(typed_key("Xian Xinghai").as_deref(), Some("xianxinghai"));
/// assert_eq!(typed_key("Yǒngchuān").as_deref(), Some("yongchuan"));
/// assert_eq!(typed_key("yong3chuan1").as_deref(), Some("yongchuan"));
/// assert_eq!(typed_key("Lü Wei").as_deref(), Some("lvwei"));
/// assert_eq!(typed_key("xi'an").as_deref(), Some("xian"));
/// assert_eq!(typed_key("AI论坛"), None);
/// assert_eq!(typed_key("2025"), None);
/// ```
pub fn typed_key(text: &str) -> Option<String> {
    let mut key = String::with_capacity(text.len());
    let mut after_letter = false;
    for c in text.nfd() {
        match c {
            'a'..='z' | 'A'..='Z' => {
                key.push(c.to_ascii_lowercase());
                after_letter = true;
            }
            // ü decomposes to u + diaeresis; `u:` is an older way to type it.
            '\u{308}' | ':' if key.ends_with('u') => {
                key.pop();
                key.push('v');
            }
            // Tone marks.
            '\u{300}' | '\u{301}' | '\u{304}' | '\u{30C}' => {}
            '1'..='5' if after_letter => after_letter = false,
            ' ' | '\'' | '’' | '-' | '\u{3000}' => after_letter = false,
            _ => return None,
        }
    }
    (!key.is_empty()).then_some(key)
}

/// Typed pinyin without its tone marks, spacing and case kept
/// (`Yǒngchuān` → `Yongchuan`; `ü` stays, as English prints it: `Lü`).
///
/// ```
/// use newsreel_analysis::pinyin::without_tones;
/// assert_eq!(without_tones("Xiǎn Xīnghǎi"), "Xian Xinghai");
/// assert_eq!(without_tones("Lǚ Wēi"), "Lü Wei");
/// ```
pub fn without_tones(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        match c {
            '\u{300}' | '\u{301}' | '\u{304}' | '\u{30C}' => {}
            c => out.push(c),
        }
    }
    out.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_places_of_the_seed_page() {
        assert_eq!(keys_of("冼星海")[0], "xianxinghai");
        assert_eq!(keys_of("巴扎喜事")[0], "bazhaxishi");
        assert!(keys_of("吕薇").contains(&"lvwei".to_string()));
    }

    #[test]
    fn polyphonic_characters_keep_their_common_reading() {
        // 长 is cháng (long) or zhǎng (grow); 行 is xíng or háng; 乐 lè or yuè.
        assert!(keys_of("银行").contains(&"yinhang".to_string()));
        assert!(keys_of("音乐").contains(&"yinyue".to_string()));
        assert!(keys_of("长城").contains(&"changcheng".to_string()));
        let keys = keys_of("银行");
        let mut distinct = keys.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(keys.len(), distinct.len(), "{keys:?}");
        for word in ["重庆", "银行", "音乐家", "长城", "长长长长长"] {
            assert!(keys_of(word).len() <= MAX_KEYS_PER_WORD, "{word}");
        }
    }

    #[test]
    fn typed_forms_agree() {
        for typed in [
            "xianxinghai",
            "xian xinghai",
            "Xian Xinghai",
            "XIAN XINGHAI",
            "Xiǎn Xīnghǎi",
            "xian3 xing1hai3",
        ] {
            assert_eq!(typed_key(typed).as_deref(), Some("xianxinghai"), "{typed}");
        }
        assert_eq!(typed_key("lu:wei").as_deref(), Some("lvwei"));
        assert_eq!(typed_key("3d"), None);
        assert_eq!(typed_key(""), None);
        assert_eq!(typed_key("   "), None);
    }

    /// Every key of every run of Chinese characters is a run of syllables:
    /// each run of 200 news articles under all its keys.
    #[test]
    fn every_key_of_chinese_text_is_a_run_of_syllables() {
        let mut keys = 0;
        let lines = newsreel_testdata::news_lines("zh-news.jsonl.gz", 200);
        for text in newsreel_testdata::bodies(&lines) {
            for word in text.split(|c: char| !crate::script::is_han(c)) {
                for key in keys_of(word) {
                    assert!(is_syllables(&key), "{word}: {key}");
                    keys += 1;
                }
            }
        }
        assert!(keys > 1_000, "{keys} keys");
        for english in ["film", "bbc", "bush", "festival", "tesla", "xyz"] {
            assert!(!is_syllables(english), "{english}");
        }
        for pinyin in ["yongchuan", "chongqing", "lve", "nv", "hng", "biang"] {
            assert!(is_syllables(pinyin), "{pinyin}");
        }
    }
}
