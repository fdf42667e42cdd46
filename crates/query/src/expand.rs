//! Expansion: what else a query's words may stand for.
//!
//! A user types a name in the language they know (`Xian Xinghai` for a
//! report printed in Chinese), in pinyin (`yongchuan`), or with a typo
//! (`musican`). Each unquoted clause may get *expansions*: other texts that
//! are searched as alternatives to it. Three sources, in this order:
//!
//! 1. the bilingual [`Glossary`] (translation), both ways;
//! 2. pinyin → the indexed Chinese words with that pinyin ([`Vocabulary`]);
//! 3. spelling: indexed English words one edit away (words of five letters
//!    or more; never Chinese).
//!
//! Names run over several typed words (`Xian Xinghai`, `bazha xishi`), so
//! consecutive clauses are joined when together they make a glossary term
//! or a pinyin key; the longest join wins. Quoted phrases, exclusions,
//! `reporter:` and `OR` alternatives are never expanded: a phrase is exact
//! by promise, and an expanded exclusion would take out articles the user
//! did not name.
//!
//! The engine ranks expanded matches below direct ones (see
//! `Engine::clause`); this module only decides what to try.

use std::sync::Arc;

use newsreel_analysis::{pinyin, script, Analyzer};
use serde::Serialize;
use utoipa::ToSchema;

use crate::glossary::Glossary;
use crate::syntax::{Clause, ParsedQuery, Scope, Term};
use crate::vocabulary::Vocabulary;

/// Chinese words tried for one pinyin key (a key shared by many words —
/// homophones — tries the most frequent).
const MAX_PINYIN_WORDS: usize = 3;
/// Spelling corrections tried for one word.
const MAX_CORRECTIONS: usize = 2;
/// Most typed words joined into one name when the glossary has no longer one.
const MIN_JOIN: usize = 4;

/// Where an expansion came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// The bilingual glossary.
    Translation,
    /// Typed pinyin, read as the Chinese words of the index that sound so.
    Pinyin,
    /// A typo: an indexed word one edit away.
    Spelling,
}

/// One text searched in place of what was typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Expansion {
    /// As typed.
    pub from: String,
    /// What was also searched.
    pub to: String,
    pub via: Via,
}

/// A query with its clauses joined where a name ran over several, and the
/// expansions of each clause (same order).
pub(crate) struct Expanded {
    pub(crate) parsed: ParsedQuery,
    pub(crate) expansions: Vec<Vec<Expansion>>,
}

/// Expand `parsed`. `vocabulary` is called (at most once) only when a
/// clause could be pinyin or a typo: reading the vocabulary is the only
/// costly step, and Chinese-only queries never need it.
pub(crate) fn expand(
    parsed: ParsedQuery,
    analyzer: &Analyzer,
    glossary: &Glossary,
    vocabulary: &mut dyn FnMut() -> Option<Arc<Vocabulary>>,
) -> Expanded {
    let mut cache: Option<Option<Arc<Vocabulary>>> = None;
    let mut vocab = || cache.get_or_insert_with(&mut *vocabulary).clone();
    let clauses = &parsed.clauses;
    let expandable = |c: &Clause| {
        !c.excluded
            && c.alternatives.len() == 1
            && !c.alternatives[0].phrase
            && c.alternatives[0].scope != Scope::Reporter
    };
    let excluded_term = |c: &Clause| {
        c.excluded
            && c.alternatives.len() == 1
            && !c.alternatives[0].phrase
            && c.alternatives[0].scope != Scope::Reporter
    };
    let longest = glossary.longest_english().max(MIN_JOIN);
    let mut out = Expanded {
        parsed: ParsedQuery {
            clauses: Vec::with_capacity(clauses.len()),
            lang: parsed.lang.clone(),
        },
        expansions: Vec::with_capacity(clauses.len()),
    };
    let mut i = 0;
    while i < clauses.len() {
        if excluded_term(&clauses[i]) {
            // What is left out in one language is left out in the other;
            // guesses (pinyin, spelling) never take anything out.
            let text = &clauses[i].alternatives[0].text;
            let translations = names(text, true, analyzer, glossary, &mut || None);
            out.parsed.clauses.push(clauses[i].clone());
            out.expansions.push(translations);
            i += 1;
            continue;
        }
        if !expandable(&clauses[i]) {
            out.parsed.clauses.push(clauses[i].clone());
            out.expansions.push(Vec::new());
            i += 1;
            continue;
        }
        let scope = clauses[i].alternatives[0].scope;
        let mut end = i + 1;
        while end < clauses.len()
            && end - i < longest
            && expandable(&clauses[end])
            && clauses[end].alternatives[0].scope == scope
        {
            end += 1;
        }
        // The longest run of typed words that names something.
        let mut found = None;
        for j in (i + 1..=end).rev() {
            let text = clauses[i..j]
                .iter()
                .map(|c| c.alternatives[0].text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let expansions = names(&text, j - i == 1, analyzer, glossary, &mut vocab);
            if !expansions.is_empty() {
                found = Some((j, text, expansions));
                break;
            }
        }
        match found {
            Some((j, text, expansions)) => {
                out.parsed.clauses.push(Clause {
                    alternatives: vec![Term {
                        scope,
                        text,
                        phrase: false,
                    }],
                    excluded: false,
                });
                out.expansions.push(expansions);
                i = j;
            }
            None => {
                let text = &clauses[i].alternatives[0].text;
                out.parsed.clauses.push(clauses[i].clone());
                out.expansions.push(spellings(text, analyzer, &mut vocab));
                i += 1;
            }
        }
    }
    out
}

/// Translations and pinyin readings of `text` (typed words joined by spaces).
fn names(
    text: &str,
    single: bool,
    analyzer: &Analyzer,
    glossary: &Glossary,
    vocab: &mut dyn FnMut() -> Option<Arc<Vocabulary>>,
) -> Vec<Expansion> {
    let normalize = |t: &str| analyzer.normalizer().normalize_str(t);
    let mut out: Vec<Expansion> = Vec::new();
    // Normalized: what was typed, and what is already searched.
    let mut seen = vec![normalize(text)];
    let mut add = |to: &str, via: Via, out: &mut Vec<Expansion>| {
        let key = normalize(to);
        if !seen.contains(&key) {
            seen.push(key);
            out.push(Expansion {
                from: text.to_string(),
                to: to.to_string(),
                via,
            });
        }
    };
    for entry in glossary.english(text, analyzer) {
        add(&entry.chinese, Via::Translation, &mut out);
    }
    if single {
        for entry in glossary.chinese(text, analyzer) {
            for english in &entry.english {
                add(english, Via::Translation, &mut out);
            }
        }
    }
    if let Some(key) = pinyin::typed_key(text) {
        // English words are searched as English (`change` is not 嫦娥, nor
        // `women` 我们); a name printed only capitalized may be pinyin.
        let english = |v: &Vocabulary| {
            text.split_whitespace()
                .all(|w| v.is_common_word(&normalize(w)))
        };
        if let Some(v) = vocab().filter(|v| !english(v)) {
            for word in v.by_pinyin(&key).into_iter().take(MAX_PINYIN_WORDS) {
                add(&word, Via::Pinyin, &mut out);
            }
        }
        // Pinyin typed with tone marks is also the name as printed in
        // English, without them (`Yǒngchuān` → `Yongchuan`): for one typed
        // word, or for words that together named something (so `Yǒngchuān
        // film` is not joined into one name for its tones alone).
        if !text.is_ascii() && (single || !out.is_empty()) {
            add(&pinyin::without_tones(text), Via::Pinyin, &mut out);
        }
    }
    out
}

/// Indexed words one typo away from a single typed English word, when they
/// are not the same word by stem (`festivals` is already found by `festival`).
fn spellings(
    text: &str,
    analyzer: &Analyzer,
    vocab: &mut dyn FnMut() -> Option<Arc<Vocabulary>>,
) -> Vec<Expansion> {
    let word = analyzer.normalizer().normalize_str(text);
    if word.len() < crate::vocabulary::MIN_CORRECTED_LETTERS
        || !word.bytes().all(|b| b.is_ascii_lowercase())
        || word.chars().any(script::is_han)
    {
        return Vec::new();
    }
    let Some(v) = vocab() else {
        return Vec::new();
    };
    let mut stem = String::new();
    analyzer.stem_into(&word, &mut stem);
    let mut other = String::new();
    // A word the index has often is spelled right (`experts` is not
    // corrected to `exports`); a rare one is corrected, and only towards
    // words the index has more often (`festivel` to `festival`, never
    // `festival` to a misprint `festivel`).
    if !v.is_rare_latin(&word) {
        return Vec::new();
    }
    let typed_freq = v.latin_freq(&word);
    v.corrections(&word)
        .into_iter()
        .filter(|&(_, freq)| freq > typed_freq)
        .filter(|(candidate, _)| {
            analyzer.stem_into(candidate, &mut other);
            other != stem
        })
        .take(MAX_CORRECTIONS)
        .map(|(candidate, _)| Expansion {
            from: text.to_string(),
            to: candidate,
            via: Via::Spelling,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    fn setup() -> (Analyzer, Glossary, Arc<Vocabulary>) {
        let analyzer = Analyzer::builder().build().unwrap();
        let (glossary, _) = Glossary::parse(
            "g",
            "冼星海\tXian Xinghai\tperson\n音乐家\tThe Musician\tfilm\n",
            &analyzer,
        );
        let vocabulary = Arc::new(Vocabulary::from_words([
            ("永川", 5),
            ("巴扎喜事", 2),
            ("musician", 4),
            ("festival", 9),
            ("change", 3),
            ("嫦娥", 3),
            ("Yongchuan", 2),
            ("experts", 50),
            ("exports", 90),
        ]));
        (analyzer, glossary, vocabulary)
    }

    fn run(query: &str) -> Expanded {
        let (analyzer, glossary, vocabulary) = setup();
        expand(syntax::parse(query), &analyzer, &glossary, &mut || {
            Some(vocabulary.clone())
        })
    }

    fn tos(e: &Expanded) -> Vec<Vec<(String, Via)>> {
        e.expansions
            .iter()
            .map(|x| x.iter().map(|e| (e.to.clone(), e.via)).collect())
            .collect()
    }

    #[test]
    fn typed_words_are_joined_into_the_names_they_make() {
        let e = run("Xian Xinghai 永川");
        assert_eq!(e.parsed.clauses.len(), 2);
        assert_eq!(e.parsed.clauses[0].alternatives[0].text, "Xian Xinghai");
        assert_eq!(e.expansions[0][0].to, "冼星海");
        assert_eq!(e.expansions[0][0].via, Via::Translation);
        assert!(e.expansions[1].is_empty());
        let e = run("bazha xishi");
        assert_eq!(tos(&e), [[("巴扎喜事".to_string(), Via::Pinyin)]]);
        let e = run("音乐家");
        assert_eq!(tos(&e), [[("The Musician".to_string(), Via::Translation)]]);
        let e = run("Yǒngchuān");
        assert_eq!(
            tos(&e),
            [[
                ("永川".to_string(), Via::Pinyin),
                ("Yongchuan".to_string(), Via::Pinyin)
            ]]
        );
        // Tones alone do not join words into a name.
        let e = run("Yǒngchuān film");
        assert_eq!(e.parsed.clauses.len(), 2);
        assert_eq!(e.expansions[0][0].to, "永川");
        let e = run("yong3chuan1");
        assert_eq!(tos(&e), [[("永川".to_string(), Via::Pinyin)]]);
        // A name printed in English is still read as pinyin…
        let e = run("Yongchuan");
        assert_eq!(tos(&e), [[("永川".to_string(), Via::Pinyin)]]);
        // …an English word is not.
        assert!(run("change").expansions[0].is_empty());
    }

    #[test]
    fn typos_of_long_english_words_only() {
        let e = run("musican festivel");
        assert_eq!(e.expansions[0][0].to, "musician");
        assert_eq!(e.expansions[1][0].to, "festival");
        assert_eq!(e.expansions[1][0].via, Via::Spelling);
        // A word the index has often is spelled right, even next to a more frequent one.
        assert!(run("experts").expansions[0].is_empty());
        assert_eq!(run("expetrs").expansions[0][0].to, "experts");
        // Four letters, an exact word, and Chinese: nothing.
        assert!(run("musi").expansions[0].is_empty());
        assert!(run("festival").expansions[0].is_empty());
        assert!(run("永州").expansions[0].is_empty());
    }

    #[test]
    fn phrases_and_alternatives_never_expand_and_exclusions_only_by_translation() {
        for query in [
            "\"Xian Xinghai\"",
            "-musican",
            "-yongchuan",
            "musican OR festivel",
            "reporter:冼星海",
        ] {
            let e = run(query);
            assert!(e.expansions.iter().all(Vec::is_empty), "{query}");
        }
        // An exclusion is translated, and only translated.
        let e = run("永川 -冼星海");
        assert_eq!(tos(&e)[1], [("Xian Xinghai".to_string(), Via::Translation)]);
    }
}
