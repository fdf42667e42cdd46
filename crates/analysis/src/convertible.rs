//! The characters traditional → simplified conversion can change.
//!
//! Most Chinese news is printed in simplified characters: running OpenCC's
//! conversion over it changes nothing and costs about as much as segmenting
//! it. A text none of whose characters is in this set is left as it is
//! without calling the converter; a text with one is converted whole, as
//! before, so phrase forms (`瞭解` → `了解`) still convert in context.
//!
//! The set is OpenCC's own: every character its t2s tables convert by
//! itself (`convertible.txt`, written and checked against the converter by
//! `tests/convertible.rs`), plus the few it converts only inside a phrase.

use std::sync::OnceLock;

/// Every character OpenCC t2s converts on its own, in code point order.
const ALONE: &str = include_str!("convertible.txt");

/// Characters t2s converts only inside phrases: `瞭解` → `了解`,
/// `藉口` → `借口`, `答覆` → `答复`, `沈默` → `沉默`, `牴觸` → `抵触`,
/// `衹得` → `只得` (from OpenCC's TSPhrases: the phrases none of whose
/// characters converts alone).
pub const IN_PHRASES_ONLY: &str = "沈牴瞭藉衹覆";

/// Code points below this are looked up in the bitmap; OpenCC's tables stop
/// in the supplementary ideographic plane.
const LIMIT: u32 = 0x3_0000;

/// A bitmap over code points of the characters conversion can change.
pub struct Convertible {
    bits: Vec<u64>,
}

impl Convertible {
    /// The shared set (built once, from a 12 KB table).
    pub fn get() -> &'static Convertible {
        static SET: OnceLock<Convertible> = OnceLock::new();
        SET.get_or_init(|| {
            let mut bits = vec![0u64; (LIMIT / 64) as usize];
            for c in ALONE.chars().chain(IN_PHRASES_ONLY.chars()) {
                let n = c as u32;
                if n < LIMIT {
                    bits[(n / 64) as usize] |= 1 << (n % 64);
                }
            }
            Convertible { bits }
        })
    }

    pub fn contains(&self, c: char) -> bool {
        let n = c as u32;
        n < LIMIT && self.bits[(n / 64) as usize] & (1 << (n % 64)) != 0
    }

    /// Whether conversion could change anything in `text`.
    pub fn any_in(&self, text: &str) -> bool {
        // ASCII bytes are never convertible: skip them without decoding.
        text.chars().any(|c| !c.is_ascii() && self.contains(c))
    }

    /// The characters converted on their own, as listed in the table.
    pub fn alone() -> impl Iterator<Item = char> {
        ALONE.chars().filter(|c| !c.is_whitespace())
    }
}
