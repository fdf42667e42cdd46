//! Quotations and who said them, found at index time.
//!
//! Journalists come to find who said what. Each quotation of a cleaned body
//! (so one broken by a photo caption or a column break is already whole) is
//! found by its marks ([`marks`]), kept when it reads as speech rather than
//! a name in quotation marks ([`speech`]), and attributed from its sentence:
//! the subject before a colon or verb of saying, or the speaker written
//! after it ([`chinese`], [`english`]). A pronoun (`他表示`, `He said`) stands
//! for the last named speaker. When no shape fits, the speaker stays unknown:
//! a wrong speaker is worse than none.

mod chinese;
mod english;
mod lexicon;
pub mod marks;
pub mod speech;

use newsreel_analysis::script::is_han;
use newsreel_analysis::Analyzer;
use serde::{Deserialize, Serialize};

use crate::article::detect_lang;

/// A quotation printed in an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The words inside the quotation marks, as printed.
    pub text: String,
    /// Character (not byte) offsets of `text` in the cleaned body.
    pub start: usize,
    pub end: usize,
    /// Who said it, when the report says so.
    pub speaker: Option<String>,
    /// The speaker's role as the report gives it (`市民`, `Party secretary of …`);
    /// for an unnamed speaker, who they are (`重庆观众`).
    pub speaker_role: Option<String>,
    /// `zh` or `en`: the quotation's own language.
    pub lang: String,
}

/// A speaker as read from a sentence.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Speaker {
    pub name: Option<String>,
    pub role: Option<String>,
    /// `他`, `She`: the last named speaker.
    pub pronoun: bool,
}

impl Speaker {
    fn named(name: &str, role: Option<String>) -> Self {
        Speaker {
            name: Some(name.to_string()),
            role,
            pronoun: false,
        }
    }

    fn unnamed(role: String) -> Self {
        Speaker {
            name: None,
            role: Some(role),
            pronoun: false,
        }
    }

    fn pronoun() -> Self {
        Speaker {
            pronoun: true,
            ..Speaker::default()
        }
    }
}

/// Reading a speaker in one language's sentence shapes.
pub(crate) trait SpeakerReader {
    /// Does `text` end with a verb of saying (`…强调`, `…said,`)?
    fn ends_with_speech_verb(&self, text: &str) -> bool;
    /// The speaker of a quotation introduced by `before`.
    fn speaker_before(&self, before: &str) -> Option<Speaker>;
    /// The speaker written in `after`, the rest of the quotation's sentence
    /// (`ends_paragraph`: nothing else follows it in the paragraph).
    fn speaker_after(&self, after: &str, ends_paragraph: bool) -> Option<Speaker>;
    /// The last named person of `text` followed by a verb of saying: who a
    /// pronoun further on refers to.
    fn last_named_speaker(&self, text: &str) -> Option<Speaker>;
    /// The role given with another mention of `name` in `text`, nearest byte `near`.
    fn role_of(&self, name: &str, text: &str, near: usize) -> Option<String>;
}

/// Characters of a quotation's sentence read on each side for its speaker:
/// attribution sits next to the quotation, and a bound keeps a sentence
/// without punctuation from costing its length once per quotation.
const CONTEXT_CHARS: usize = 200;
/// Characters read back for the last named speaker, and on each side for
/// the role of a speaker named without one.
const READ_BACK_CHARS: usize = 2000;

/// The last `n` characters of `text`.
fn tail(text: &str, n: usize) -> &str {
    let cut = text
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &text[cut..]
}

/// The first `n` characters of `text`.
fn head(text: &str, n: usize) -> &str {
    let cut = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    &text[..cut]
}

/// Up to `n` characters on each side of byte `at`, and where they start.
fn around(text: &str, at: usize, n: usize) -> (usize, &str) {
    let before = tail(&text[..at], n);
    let start = at - before.len();
    (start, &text[start..at + head(&text[at..], n).len()])
}

/// The role written with the mention of `name` nearest byte `near` of
/// `text`, an earlier mention preferred (a report introduces people before
/// quoting them); `role_at(at)` reads the role before a mention at `at`.
fn nearest_role(
    name: &str,
    text: &str,
    near: usize,
    role_at: impl Fn(usize) -> Option<String>,
) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for (at, _) in text.match_indices(name) {
        if let Some(role) = role_at(at) {
            let distance = if at <= near {
                near - at
            } else {
                (at - near) * 4
            };
            if best.as_ref().is_none_or(|(d, _)| distance < *d) {
                best = Some((distance, role));
            }
        }
    }
    best.map(|(_, role)| role)
}

/// Ends a sentence: where the context of a quotation stops.
fn ends_sentence(text: &str, i: usize, c: char) -> bool {
    match c {
        '。' | '！' | '？' | '\n' => true,
        // `.` ends an English sentence when a space follows (not `Co.,` or `3.5`).
        '.' | '!' | '?' => text[i + 1..].starts_with(' ') || i + 1 == text.len(),
        _ => false,
    }
}

/// Does the quotation end its own sentence (or clause), so that what
/// follows it may name its speaker?
fn ends_with_pause(quoted: &str) -> bool {
    quoted
        .trim_end()
        .ends_with(['。', '！', '？', '!', '?', '.', ',', '，', '…'])
}

/// Every quotation of `body` (a cleaned article body), with its speaker when
/// the text says who it is.
pub fn extract(body: &str, analyzer: &Analyzer) -> Vec<Quote> {
    let zh = chinese::Reader {
        chinese: analyzer.chinese(),
    };
    let mut out = Vec::new();
    // The last named speaker and where the text was read up to for it.
    let mut last: Option<Speaker> = None;
    let mut read_to = 0;
    // Character offsets, counted as the quotations come.
    let mut chars_before = 0;
    let mut counted_to = 0;
    let mut previous_close = 0;
    for q in marks::quoted(body) {
        // The sentence around the quotation, read within a bounded window.
        let reach = tail(&body[previous_close.min(q.open)..q.open], CONTEXT_CHARS);
        let reach_start = q.open - reach.len();
        let sentence_start = reach
            .char_indices()
            .rfind(|&(i, c)| ends_sentence(reach, i, c))
            .map_or(reach_start, |(i, c)| reach_start + i + c.len_utf8());
        let before = &body[sentence_start..q.open];
        let ahead = head(&body[q.close..], CONTEXT_CHARS + 1);
        let paragraph_end = ahead.find('\n').unwrap_or(ahead.len());
        let rest = &ahead[..paragraph_end];
        let sentence_end = rest
            .char_indices()
            .find(|&(i, c)| ends_sentence(rest, i, c) || matches!(c, '“' | '「' | '"'))
            .map_or(rest.len(), |(i, _)| i);
        let after = head(&rest[..sentence_end], CONTEXT_CHARS);
        // The paragraph ends here (or the next quotation begins a new
        // utterance, as a new paragraph would).
        let ends_paragraph = (sentence_end == rest.len()
            && (paragraph_end < ahead.len() || q.close + ahead.len() == body.len()))
            || rest[sentence_end..].starts_with(['“', '「', '"']);
        previous_close = q.close;
        let inner = &body[q.start..q.end];
        if !speech::is_speech(inner, before, after) {
            continue;
        }

        let han_context = before.chars().chain(after.chars()).any(is_han)
            || (before.trim().is_empty() && after.trim().is_empty() && inner.chars().any(is_han));
        let reader: &dyn SpeakerReader = if han_context { &zh } else { &english::Reader };
        let trimmed = before.trim_end();
        let introduced = trimmed.ends_with([':', '：']) || reader.ends_with_speech_verb(trimmed);
        let from_after = || {
            ends_with_pause(inner)
                .then(|| reader.speaker_after(after, ends_paragraph))
                .flatten()
        };
        // A colon with no speaker before it (`央视网消息：`) leaves the
        // speaker to be written after the quotation.
        let mut speaker = if introduced {
            reader.speaker_before(trimmed).or_else(from_after)
        } else {
            from_after()
        };

        // The last named speaker, as of this quotation.
        let read = tail(&body[read_to..q.open], READ_BACK_CHARS);
        if let Some(named) = reader.last_named_speaker(read) {
            last = Some(named);
        }
        read_to = q.close;
        if speaker.as_ref().is_some_and(|s| s.pronoun) {
            speaker = last.clone();
        }
        if let Some(s) = speaker.as_mut() {
            if let (Some(name), None) = (&s.name, &s.role) {
                let (window_start, window) = around(body, q.open, READ_BACK_CHARS);
                s.role = reader.role_of(name, window, q.open - window_start);
            }
            if s.name.is_some() {
                last = Some(s.clone());
            }
        }

        let text = inner.trim();
        let text_start = q.start + (inner.len() - inner.trim_start().len());
        chars_before += body[counted_to..text_start].chars().count();
        counted_to = text_start;
        let start = chars_before;
        let end = start + text.chars().count();
        let (name, role) = speaker.map_or((None, None), |s| (s.name, s.role));
        out.push(Quote {
            text: text.to_string(),
            start,
            end,
            speaker: name,
            speaker_role: role,
            lang: detect_lang(inner).to_string(),
        });
    }
    out
}
