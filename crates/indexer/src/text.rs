//! Character-level rules for text that came out of a PDF.
//!
//! These rules are general: they look at character classes, never at words of
//! a particular report.

use newsreel_analysis::script::is_han;

/// Is `c` punctuation (ASCII or CJK/full-width)?
pub fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace() && !is_han(c)
}

/// How far [`remove_layout_spaces`] looks past punctuation for a letter.
const LOOK_PAST: usize = 6;

/// Remove layout spaces inside Chinese text, keep them around Latin words.
///
/// PDF extraction turns column line ends into spaces (`电影 节`) and leaves
/// spaces around punctuation (`评价: "永川`). A run of spaces is removed when
/// the nearest letter on each side (looking past punctuation) is a Han
/// character, so `AI 配音` and English text keep theirs. Other whitespace runs
/// collapse to one space.
pub fn remove_layout_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_whitespace() {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if start == 0 || i == chars.len() {
            continue; // leading or trailing space
        }
        // Look past a few punctuation marks only: enough for `: "` or `。" `,
        // and a long run of punctuation cannot make the scan quadratic.
        let letter = |c: &&char| !is_punct(**c) && !c.is_whitespace();
        let left = chars[..start].iter().rev().take(LOOK_PAST).find(letter);
        let right = chars[i..].iter().take(LOOK_PAST).find(letter);
        let han_or_edge = |c: Option<&char>| c.is_none_or(|c| is_han(*c));
        let touches_han =
            is_han(chars[start - 1]) || is_han(chars[i]) || left.is_some_and(|c| is_han(*c));
        if han_or_edge(left) && han_or_edge(right) && touches_han {
            continue;
        }
        out.push(' ');
    }
    out
}

/// Join the lines of one paragraph (a single newline is a line wrap).
///
/// A hyphen that splits a Latin word at the line end is removed (`festi-` +
/// `val`); otherwise the lines meet with a space and [`remove_layout_spaces`]
/// decides whether it stays.
pub fn join_lines(paragraph: &str) -> String {
    let mut joined = String::with_capacity(paragraph.len());
    for line in paragraph.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if joined.is_empty() {
            joined.push_str(line);
            continue;
        }
        let ends_with_split_word = joined.ends_with('-')
            && joined[..joined.len() - 1]
                .chars()
                .last()
                .is_some_and(|c| c.is_lowercase())
            && line.chars().next().is_some_and(|c| c.is_lowercase());
        if ends_with_split_word {
            joined.pop();
        } else {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    remove_layout_spaces(&joined)
}

/// Characters that end a sentence.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…' | '.' | '．')
}

/// Closing quotes and brackets that may follow a sentence end.
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '”' | '’' | '\'' | '」' | '』' | ')' | '）' | '】' | '》' | '〉'
    )
}

/// Opening quotes and brackets.
pub fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '‘' | '「' | '『' | '(' | '（' | '【' | '《' | '〈'
    )
}

/// Does the text end a sentence (terminal punctuation, maybe inside closing quotes)?
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end();
    let last = trimmed.chars().rev().find(|c| !is_closing(*c));
    last.is_some_and(is_terminal)
}

/// Which quotes and brackets are open, read incrementally so that a
/// paragraph growing by many joins is never rescanned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Brackets {
    /// `《》`, `“”`, `「」『』`, `()（）`.
    depth: [i32; 4],
    ascii_quotes: u32,
}

impl Brackets {
    pub fn of(text: &str) -> Self {
        let mut b = Brackets::default();
        b.feed(text);
        b
    }

    /// Account for `text` appended after what was read so far.
    pub fn feed(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '《' => self.depth[0] += 1,
                '》' => self.depth[0] -= 1,
                '“' => self.depth[1] += 1,
                '”' => self.depth[1] -= 1,
                '「' | '『' => self.depth[2] += 1,
                '」' | '』' => self.depth[2] -= 1,
                '(' | '（' => self.depth[3] += 1,
                ')' | '）' => self.depth[3] -= 1,
                '"' => self.ascii_quotes += 1,
                _ => {}
            }
        }
    }

    /// Is something left open?
    pub fn open(&self) -> bool {
        self.depth.iter().any(|d| *d > 0) || self.ascii_quotes % 2 == 1
    }
}

/// Are quotes and title brackets left open at the end of `text`?
pub fn has_open_bracket(text: &str) -> bool {
    Brackets::of(text).open()
}

/// Append `right` to `left`, two pieces of one sentence split across a
/// column or page break: Chinese pieces meet directly, Latin ones with a space
/// (or without the hyphen that split a word).
pub fn join_broken_into(left: &mut String, right: &str) {
    let (l, r) = (left.chars().last(), right.chars().next());
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(l) || latin(r) || matches!(l, Some(',' | ';' | ':')) && latin(r) {
        if left.ends_with('-') && r.is_some_and(|c| c.is_lowercase()) {
            left.pop();
        } else {
            left.push(' ');
        }
    }
    left.push_str(right);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_spaces_between_han_go_latin_spaces_stay() {
        assert_eq!(
            remove_layout_spaces("国家电影 节人工智能"),
            "国家电影节人工智能"
        );
        assert_eq!(
            remove_layout_spaces("探讨 AI 赋能电影 产业"),
            "探讨 AI 赋能电影产业"
        );
        assert_eq!(
            remove_layout_spaces("给予高度评价: \"永川"),
            "给予高度评价:\"永川"
        );
        assert_eq!(
            remove_layout_spaces("佳作。\" 白俄罗斯"),
            "佳作。\"白俄罗斯"
        );
        assert_eq!(
            remove_layout_spaces("He said: \"Hello there\""),
            "He said: \"Hello there\""
        );
        assert_eq!(remove_layout_spaces("凌泽英) 7月5日"), "凌泽英) 7月5日");
    }

    #[test]
    fn lines_join_and_hyphenated_words_heal() {
        assert_eq!(join_lines("the festi-\nval opened"), "the festival opened");
        assert_eq!(join_lines("赞誉有加:\n\"与导演"), "赞誉有加:\"与导演");
    }

    #[test]
    fn sentence_ends_and_open_brackets() {
        assert!(ends_sentence("让我对冼星海有了更深刻的理解和感动。\""));
        assert!(!ends_sentence("作品屡获华"));
        assert!(!ends_sentence("每部影片放映前,"));
        assert!(has_open_bracket("俄罗斯影片《空战》《名"));
        assert!(!has_open_bracket("\"这部电影\"荆鲁洲"));
    }
}
