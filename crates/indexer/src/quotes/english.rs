//! Who is speaking, in English news sentences.
//!
//! English attribution has a handful of shapes: `"…," said Shen Jian,
//! chairman of …`, `"…," Belarusian film producer Natalia said`, `Citizen
//! Qin Zufeng said with emotion: "…"`, `"…" Jing Luzhou, Party secretary of
//! the Tianshan Film Studio` and `He revealed …` for the last named speaker.
//! Names are runs of capitalized words; a role is the lower-case noun phrase
//! before a name (`film producer`), capitalized role words at its head
//! (`Citizen`, `Producer`), or the apposition after it (`, chairman of …`).

use super::lexicon::*;
use super::{Speaker, SpeakerReader};

/// A word of the text: its byte range, and whether punctuation follows it.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    end: usize,
    /// Punctuation (other than an apostrophe or hyphen) right after the word.
    punct_after: Option<char>,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out: Vec<Word<'_>> = Vec::new();
    let mut start = None;
    let is_word_char = |c: char| c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if is_word_char(c) && i < text.len() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(Word {
                text: &text[s..i],
                end: i,
                punct_after: None,
            });
        }
        if !c.is_whitespace() && i < text.len() {
            if let Some(last) = out.last_mut() {
                if last.end == i || text[last.end..i].trim().is_empty() {
                    last.punct_after.get_or_insert(c);
                }
            }
        }
    }
    out
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn lower(w: &str) -> String {
    w.to_lowercase()
}

/// Is `w` one of `list` (lower-case words), whatever its case? No allocation:
/// it runs for every word read back from a quotation.
fn one_of(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

fn is_speech_verb(w: &str) -> bool {
    one_of(EN_SPEECH_VERBS, w)
}

fn is_role(w: &str) -> bool {
    one_of(EN_ROLES, w)
}

fn is_pronoun(w: &str) -> bool {
    one_of(&["he", "she"], w)
}

/// Words that may stand between a speaker and the verb (`also said`).
fn is_adverb(w: &str) -> bool {
    w.ends_with("ly")
        || one_of(
            &[
                "also", "then", "later", "once", "again", "has", "had", "have",
            ],
            w,
        )
}

/// A name and role read from the words just before index `verb`, with the
/// index of the subject's first word.
fn subject_before(ws: &[Word<'_>], verb: usize) -> Option<(usize, Speaker)> {
    let mut end = verb;
    while end > 0 && is_adverb(ws[end - 1].text) && ws[end - 1].punct_after.is_none() {
        end -= 1;
    }
    if end == 0 || ws[end - 1].punct_after.is_some() {
        return None;
    }
    if is_pronoun(ws[end - 1].text) {
        return Some((end - 1, Speaker::pronoun()));
    }
    // The capitalized run just before the verb (`Citizen Qin Zufeng`).
    let mut start = end;
    while start > 0 {
        let w = ws[start - 1];
        if w.punct_after.is_some() {
            break;
        }
        if is_capitalized(w.text)
            || (EN_NAME_PARTICLES.contains(&w.text) && start < end && start > 1)
        {
            start -= 1;
        } else {
            break;
        }
    }
    if start == end {
        return unnamed_before(ws, end);
    }
    let (run_roles, name_words) = split_run(&ws[start..end]);
    if name_words.is_empty() || EN_NOT_NAMES.contains(&name_words[0].text) {
        return None;
    }
    let mut role_words: Vec<&str> = lower_role_before(ws, start);
    let first = start - role_words.len();
    role_words.extend(run_roles);
    Some((first, Speaker::named(&join(&name_words), role(&role_words))))
}

/// `A Chongqing viewer said`: a role with no name, after a determiner.
fn unnamed_before(ws: &[Word<'_>], end: usize) -> Option<(usize, Speaker)> {
    if !is_role(ws[end - 1].text) {
        return None;
    }
    let mut start = end - 1;
    while start > 0 && end - start < 5 && ws[start - 1].punct_after.is_none() {
        let w = lower(ws[start - 1].text);
        if matches!(w.as_str(), "a" | "an" | "one" | "another" | "the") {
            let words: Vec<&str> = ws[start..end].iter().map(|w| w.text).collect();
            return Some((start - 1, Speaker::unnamed(words.join(" "))));
        }
        start -= 1;
    }
    None
}

/// Lower-case role words before a name (`Belarusian film producer`): back
/// from the name while they could be a noun phrase, kept if they end in a role.
fn lower_role_before<'a>(ws: &[Word<'a>], name_start: usize) -> Vec<&'a str> {
    const STOP: [&str; 24] = [
        "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "for", "with", "to", "from",
        "by", "as", "that", "which", "who", "his", "her", "their", "its", "our",
    ];
    if name_start == 0
        || !is_role(ws[name_start - 1].text)
        || ws[name_start - 1].punct_after.is_some()
    {
        return Vec::new();
    }
    let mut start = name_start - 1;
    while start > 0
        && name_start - start < 5
        && ws[start - 1].punct_after.is_none()
        && !one_of(&STOP, ws[start - 1].text)
        && !is_speech_verb(ws[start - 1].text)
    {
        start -= 1;
    }
    ws[start..name_start].iter().map(|w| w.text).collect()
}

fn join(ws: &[Word<'_>]) -> String {
    ws.iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
}

/// A role from its words, honorifics dropped (`Mr`), `None` when nothing is left.
fn role(words: &[&str]) -> Option<String> {
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !one_of(EN_HONORIFICS, w))
        .collect();
    (!kept.is_empty()).then(|| kept.join(" "))
}

/// The apposition after a name (`, Party secretary of the Tianshan Film
/// Studio`), up to a clause that is not part of it (`, in a statement`,
/// `told Reuters`); a leading article is dropped.
fn apposition(text: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix(',')?.trim_start();
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        let lower_next = rest[i + 1..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if matches!(c, ';' | '(') || (c == ',' && lower_next) {
            end = i;
            break;
        }
    }
    let mut phrase = rest[..end].trim_end_matches(['.', ',', ' ']);
    if let Some(verb) = words(phrase).iter().find(|w| is_speech_verb(w.text)) {
        phrase = phrase[..verb.end - verb.text.len()].trim_end();
    }
    for article in ["the ", "a ", "an "] {
        if let Some(p) = phrase.strip_prefix(article) {
            phrase = p;
        }
    }
    let first = phrase.split_whitespace().next()?;
    (is_role(first) || phrase.split_whitespace().any(is_role)).then(|| phrase.to_string())
}

/// Split a capitalized run into role and name: role words up to the last
/// one inside the run (`Democratic Senator | Kent Conrad`), and an owner in
/// the possessive (`ABN Amro's | Eddie Wong`).
fn split_run<'a>(run: &[Word<'a>]) -> (Vec<&'a str>, Vec<Word<'a>>) {
    let cut = run
        .iter()
        .rposition(|w| is_role(w.text) || w.text.ends_with("'s") || w.text.ends_with("’s"))
        .map_or(0, |i| i + 1);
    let roles = run[..cut]
        .iter()
        .filter(|w| is_role(w.text))
        .map(|w| w.text)
        .collect();
    (roles, run[cut..].to_vec())
}

/// The capitalized words opening `ws`, up to the first punctuation (`Jing Luzhou,`).
fn name_run<'a>(ws: &[Word<'a>]) -> Vec<Word<'a>> {
    let mut out = Vec::new();
    for w in ws {
        if !is_capitalized(w.text) {
            break;
        }
        out.push(*w);
        if w.punct_after.is_some() {
            break;
        }
    }
    out
}

/// Reads speakers in English sentences.
pub(super) struct Reader;

impl SpeakerReader for Reader {
    /// Does `text` end with a verb of saying (`…said,`)?
    fn ends_with_speech_verb(&self, text: &str) -> bool {
        words(text).last().is_some_and(|w| is_speech_verb(w.text))
    }

    /// The speaker of a quotation introduced by `before` (`Citizen Qin Zufeng
    /// said with emotion:`): the subject of the first verb of saying that has one.
    fn speaker_before(&self, before: &str) -> Option<Speaker> {
        let ws = words(before);
        (0..ws.len())
            .filter(|&i| is_speech_verb(ws[i].text))
            .find_map(|i| subject_before(&ws, i))
            .map(|(_, s)| s)
    }

    /// The speaker written after a quotation: `said Shen Jian, chairman of …`,
    /// `Natalia said …`, `He revealed …`, or a name alone ending the paragraph.
    fn speaker_after(&self, after: &str, ends_paragraph: bool) -> Option<Speaker> {
        let ws = words(after);
        let first = ws.first()?;
        if is_speech_verb(first.text) {
            // `said Shen Jian, chairman of …`
            let mut run = name_run(&ws[1..]);
            // `said Global Insight analyst Howard Archer`: an employer, a role, then the name.
            let next = 1 + run.len();
            if run.last().is_some_and(|w| w.punct_after.is_none())
                && ws.get(next).is_some_and(|w| is_role(w.text))
            {
                let roles_end = next
                    + ws[next..]
                        .iter()
                        .take_while(|w| is_role(w.text) && w.punct_after.is_none())
                        .count();
                let person = name_run(&ws[roles_end..]);
                if !person.is_empty() {
                    let role_text: Vec<&str> = ws[1..roles_end].iter().map(|w| w.text).collect();
                    let last = person.last()?;
                    let role = Some(role_text.join(" ")).or_else(|| apposition(&after[last.end..]));
                    return Some(Speaker::named(&join(&person), role));
                }
            }
            let last = *run.last()?;
            let (run_roles, name) = split_run(&run);
            run = name;
            if run.is_empty() || EN_NOT_NAMES.contains(&run[0].text) {
                return None;
            }
            let role = role(&run_roles).or_else(|| apposition(&after[last.end..]));
            return Some(Speaker::named(&join(&run), role));
        }
        // `Natalia said`, `Belarusian film producer Natalia said`, `He revealed`:
        // the verb within the first few words, its subject starting the sentence.
        if let Some(verb) = ws.iter().take(8).position(|w| is_speech_verb(w.text)) {
            let (first, speaker) = subject_before(&ws, verb)?;
            let opens = first == 0
                || (first == 1 && matches!(lower(ws[0].text).as_str(), "the" | "a" | "an"));
            return opens.then_some(speaker);
        }
        // `"…" Jing Luzhou, Party secretary of the Tianshan Film Studio`
        if !ends_paragraph {
            return None;
        }
        let name = name_run(&ws);
        let last = name.last()?;
        if EN_NOT_NAMES.contains(&name[0].text) || name.len() > 4 {
            return None;
        }
        let rest = &after[last.end..];
        let role = apposition(rest);
        (rest.trim().is_empty() || role.is_some()).then(|| Speaker::named(&join(&name), role))
    }

    /// The last named person of `text` followed by a verb of saying
    /// (`Producer Shen Jian stressed`): who `He said` further on refers to.
    fn last_named_speaker(&self, text: &str) -> Option<Speaker> {
        let ws = words(text);
        (0..ws.len())
            .rev()
            .filter(|&i| is_speech_verb(ws[i].text))
            .find_map(|i| subject_before(&ws, i).filter(|(_, s)| s.name.is_some()))
            .map(|(_, s)| s)
    }

    /// The role given with another mention of `name` in `text` (`Producer Shen Jian`).
    fn role_of(&self, name: &str, text: &str, near: usize) -> Option<String> {
        super::nearest_role(name, text, near, |at| {
            // A role is a few words just before the name.
            let ws = words(super::tail(&text[..at], 80));
            let mut roles: Vec<&str> = ws
                .iter()
                .rev()
                .take_while(|w| {
                    is_capitalized(w.text) && is_role(w.text) && w.punct_after.is_none()
                })
                .map(|w| w.text)
                .collect();
            roles.reverse();
            if roles.is_empty() {
                roles = lower_role_before(&ws, ws.len());
            }
            role(&roles)
        })
    }
}
