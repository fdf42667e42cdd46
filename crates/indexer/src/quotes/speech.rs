//! Is a quoted stretch something someone said, or a name in quotation marks?
//!
//! Reports put quotation marks around names as often as around speech:
//! section names (`"聚焦单元"`), systems (`"中影电影 AI 配音译制系统"`),
//! honours (`"Shuimu Scholar"`), terms (`"再现"`). What tells speech apart is
//! sentence punctuation: people speak in clauses, names have none. A short
//! quotation without punctuation still counts when a colon introduces it
//! (`他说:"我们会回来"`), as names are not introduced that way.

/// Punctuation that ends or divides a sentence.
fn is_sentence_punct(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '!' | '?' | '；' | ';' | '，' | ',' | '…' | '.'
    )
}

/// Does `quoted` (the text inside the marks) read as speech, given the text
/// of its sentence before the opening mark and the text after the closing one?
///
/// A Chinese quotation that the sentence runs on from, with no verb of
/// saying or colon before it, is a phrase used as a name even with commas
/// in it: `以"立足内需，畅通循环"为工作原则`, `秉承"…"的办报宗旨`.
pub fn is_speech(quoted: &str, before: &str, after: &str) -> bool {
    let text = quoted.trim();
    let introduced = before.trim_end().ends_with([':', '：']);
    let ends_sentence = text.ends_with(['。', '！', '？', '!', '?', '…']);
    let embedded = after
        .chars()
        .next()
        .is_some_and(newsreel_analysis::script::is_han);
    if embedded && !ends_sentence && !introduced && !super::chinese::ends_with_speech_verb(before) {
        return false;
    }
    let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
    if letters < 2 {
        return false;
    }
    let han = text.chars().any(newsreel_analysis::script::is_han);
    let punctuated = text
        .char_indices()
        .any(|(i, c)| is_sentence_punct(c) && !is_inner_dot(text, i, c));
    if punctuated && (han || !is_title_case(text)) {
        return true;
    }
    // Four characters or three words: a clause, not a word or a name.
    let long_enough = if han {
        text.chars()
            .filter(|&c| newsreel_analysis::script::is_han(c))
            .count()
            >= 4
    } else {
        text.split_whitespace().count() >= 3
    };
    introduced && long_enough && !is_title_case(text)
}

/// A dot inside a word or number (`3.5`, `Co.Ltd`, `www.example`) divides nothing.
fn is_inner_dot(text: &str, i: usize, c: char) -> bool {
    if c != '.' {
        return false;
    }
    let next = text[i + 1..].chars().next();
    next.is_some_and(char::is_alphanumeric)
}

/// English names and titles capitalize their words: `China Film AI Dubbing
/// and Translation System`. Short function words may stay lower case.
fn is_title_case(text: &str) -> bool {
    const SMALL: [&str; 14] = [
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
    ];
    let mut words = 0;
    let mut capitalized = 0;
    for w in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        let Some(first) = w.chars().next() else {
            continue;
        };
        if !first.is_alphabetic() {
            continue;
        }
        words += 1;
        if first.is_uppercase() || SMALL.contains(&w) {
            capitalized += 1;
        }
    }
    words > 0 && capitalized == words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_speech_t(quoted: &str, before: &str) -> bool {
        is_speech(quoted, before, "")
    }

    #[test]
    fn phrases_the_sentence_runs_on_from_are_names() {
        assert!(!is_speech(
            "立足内需，畅通循环",
            "《意见》以",
            "为工作原则。"
        ));
        assert!(!is_speech("忘己之为大，无私之谓公", "秉承", "的办报宗旨"));
        // Introduced by a verb of saying: speech, wherever the sentence goes.
        assert!(is_speech(
            "要坚定信心，迎难而上",
            "他强调",
            "的重要性不言而喻"
        ));
    }

    #[test]
    fn clauses_are_speech() {
        assert!(is_speech_t(
            "这部电影是我们了解新疆的一扇窗口,相信观众会通过它爱上这片土地。",
            ""
        ));
        assert!(is_speech_t("The film shows the real life of Xinjiang,", ""));
        assert!(is_speech_t("我们会回来", "他说:"));
    }

    #[test]
    fn names_and_terms_are_not() {
        for name in [
            "聚焦单元",
            "中影电影 AI 配音译制系统",
            "水木学者",
            "再现",
            "Focus Section",
        ] {
            assert!(!is_speech_t(name, "2025上合组织国家电影节"), "{name}");
        }
        assert!(!is_speech_t(
            "China Film AI Dubbing and Translation System",
            "developed the "
        ));
        // A title with a comma is still a title.
        assert!(!is_speech_t("Crouching Tiger, Hidden Dragon", "the film "));
        assert!(!is_speech_t("representation", "from "));
        // Introduced by a colon but a name all the same.
        assert!(!is_speech_t("Shuimu Scholar", "the title:"));
    }
}
