//! Who is speaking, in Chinese news sentences.
//!
//! A speaker is written as an optional role and a name: `市民覃祖凤`,
//! `天山电影制片厂党委书记荆鲁洲`, `白俄罗斯电影制片人娜塔莉娅`. Names the
//! dictionaries know are taken as they are. Other names are read after a
//! role noun, by their shape: a surname and one or two characters, or a
//! transliteration, ending where a preposition, adverb or speech verb begins
//! (`杨文琦|对此次…`). A role with no name after it is an unnamed speaker
//! (`一位重庆观众`), and `他`/`她` stands for the last named one.

use newsreel_analysis::script::is_han;
use newsreel_analysis::ChineseSegmenter;

use super::lexicon::*;
use super::{Speaker, SpeakerReader};

/// A speaker written in a stretch of text (byte offsets into it).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Mention {
    pub start: usize,
    pub end: usize,
    pub speaker: Speaker,
}

/// Reads speakers in Chinese text, with the dictionaries for known names.
pub(super) struct Reader<'a> {
    pub chinese: &'a ChineseSegmenter,
}

fn starts_with_any<'w>(text: &str, words: &[&'w str]) -> Option<&'w str> {
    words
        .iter()
        .filter(|w| text.starts_with(**w))
        .max_by_key(|w| w.len())
        .copied()
}

fn ends_with_any<'w>(text: &str, words: &[&'w str]) -> Option<&'w str> {
    words
        .iter()
        .filter(|w| text.ends_with(**w))
        .max_by_key(|w| w.len())
        .copied()
}

fn is_name_dot(c: char) -> bool {
    matches!(c, '·' | '•' | '・' | '‧' | '∙')
}

/// Characters that end a clause (the speaker and the verb share one).
fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '；' | ';' | '：' | ':' | '。' | '！' | '？' | '!' | '?' | '\n'
    )
}

/// Characters a role phrase cannot run back across.
fn ends_role_phrase(c: char) -> bool {
    is_clause_break(c)
        || !(is_han(c) || c.is_alphanumeric() || c == '、' || is_name_dot(c))
        || "的了在是由和与对向将被把据及同跟请让给为以从于有称说".contains(c)
}

/// Skip speech-verb companions (`动情`, `也`) at the start of `text`.
fn skip_manner(mut text: &str) -> &str {
    while let Some(w) = starts_with_any(text, ZH_MANNER) {
        text = &text[w.len()..];
    }
    text.trim_start_matches('地')
}

/// Does `text` begin with a verb of saying (after manner words)?
pub(super) fn starts_with_speech_verb(text: &str) -> bool {
    starts_with_any(skip_manner(text), ZH_SPEECH_VERBS).is_some()
}

/// Does `text` end with a verb of saying (`…强调`, `…表示,`)?
pub(super) fn ends_with_speech_verb(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '，');
    ends_with_any(t, ZH_SPEECH_VERBS).is_some()
}

/// Does `text` contain a verb of saying?
fn has_speech_verb(text: &str) -> bool {
    text.char_indices()
        .any(|(i, _)| starts_with_any(&text[i..], ZH_SPEECH_VERBS).is_some())
}

/// How a name read by its shape is built.
enum NameShape {
    /// `欧阳` and one or two characters.
    CompoundSurname,
    /// A surname and one or two characters, not doubled (`常常` is no name).
    Surname,
    /// Only characters used to transliterate foreign names, up to five.
    Transliterated,
}

impl NameShape {
    /// The lengths a name of this shape may have, in characters.
    fn lengths(&self) -> std::ops::RangeInclusive<usize> {
        match self {
            NameShape::CompoundSurname => 3..=4,
            NameShape::Surname => 2..=3,
            NameShape::Transliterated => 2..=5,
        }
    }

    /// Are these characters a name of this shape?
    fn fits(&self, name: &[char]) -> bool {
        match self {
            NameShape::CompoundSurname => true,
            NameShape::Surname => !(name.len() == 2 && name[0] == name[1]),
            NameShape::Transliterated => name.iter().all(|&c| ZH_TRANSLITERATION.contains(c)),
        }
    }
}

impl Reader<'_> {
    /// Does a name end at byte `j` of `text`?
    fn name_ends_at(&self, text: &str, j: usize) -> bool {
        let rest = &text[j..];
        let Some(c) = rest.chars().next() else {
            return true;
        };
        if !is_han(c) || ZH_AFTER_NAME.contains(c) {
            return true;
        }
        if starts_with_speech_verb(rest) || starts_with_any(rest, ZH_MANNER).is_some() {
            return true;
        }
        // A dictionary word begins here (`孙承健|围绕`).
        let mut ends = rest.char_indices().skip(2).map(|(i, _)| i);
        let two = ends.next().unwrap_or(rest.len());
        let three = ends.next().unwrap_or(rest.len());
        rest.chars().count() >= 2
            && (self.chinese.is_word(&rest[..two]) || self.chinese.is_word(&rest[..three]))
    }

    /// The byte length of a name starting at `i` (read by its shape), if one does.
    fn name_at(&self, text: &str, i: usize, known: &[(usize, usize)]) -> Option<usize> {
        if let Some(&(_, e)) = known.iter().find(|(s, _)| *s == i) {
            return Some(self.extend_dotted(text, i, e) - i);
        }
        let rest = &text[i..];
        let first = rest.chars().next()?;
        if !is_han(first) || ZH_NOT_NAME_START.contains(first) {
            return None;
        }
        // Byte offset after the first n characters of `rest`.
        let after = |n: usize| rest.char_indices().nth(n).map_or(rest.len(), |(b, _)| b);
        let chars: Vec<char> = rest.chars().take(7).collect();
        // A transliterated name joined by dots: take the whole chain.
        if let Some(dot) = chars.iter().position(|&c| is_name_dot(c)) {
            if dot >= 1 && chars[..dot].iter().all(|&c| is_han(c)) {
                let e = self.extend_dotted(text, i, i + after(dot));
                return Some(e - i);
            }
        }
        let shape = if starts_with_any(rest, ZH_COMPOUND_SURNAMES).is_some() {
            NameShape::CompoundSurname
        } else if ZH_SURNAMES.contains(first) {
            NameShape::Surname
        } else {
            NameShape::Transliterated
        };
        for n in shape.lengths() {
            if chars.len() < n || !chars[..n].iter().all(|&c| is_han(c)) {
                return None;
            }
            if shape.fits(&chars[..n]) && self.name_ends_at(text, i + after(n)) {
                return Some(after(n));
            }
        }
        None
    }

    /// Extend a name ending at `end` over `·Name` parts (`依克桑·塔依尔`).
    fn extend_dotted(&self, text: &str, start: usize, mut end: usize) -> usize {
        loop {
            let rest = &text[end..];
            let Some(dot) = rest.chars().next().filter(|&c| is_name_dot(c)) else {
                return end;
            };
            let part_start = end + dot.len_utf8();
            let part: Vec<(usize, char)> = text[part_start..]
                .char_indices()
                .take_while(|&(_, c)| is_han(c))
                .take(6)
                .collect();
            // The last part ends where the name does: after the longest run
            // of transliteration characters if a name may end there
            // (`萨莫诺夫|表示`), else at the first place one may (`塔依尔|则`).
            let end_of = |n: usize| {
                part_start
                    + part.get(n).map_or_else(
                        || part.last().map_or(0, |&(b, c)| b + c.len_utf8()),
                        |&(b, _)| b,
                    )
            };
            let foreign = part
                .iter()
                .take_while(|&&(_, c)| ZH_TRANSLITERATION.contains(c))
                .count();
            let mut found =
                (foreign > 0 && self.name_ends_at(text, end_of(foreign))).then(|| end_of(foreign));
            if found.is_none() {
                found = (1..=part.len())
                    .map(end_of)
                    .find(|&e| self.name_ends_at(text, e));
            }
            match found {
                Some(e) if e > part_start => end = e,
                _ => return end.max(start),
            }
        }
    }

    /// The role written just before byte `i` (`北京闪亮影业有限责任公司董事长`
    /// before `沈健`): back to the start of the phrase, ending in a role noun.
    fn role_before(&self, text: &str, i: usize) -> Option<(usize, String)> {
        let head = &text[..i];
        ends_with_any(head, ZH_ROLES)?;
        let mut start = i;
        for (b, c) in head.char_indices().rev() {
            if c == '、' {
                // `副所长、研究员` lists roles; `沈健、导演` lists people.
                if ends_with_any(&head[..b], ZH_ROLES).is_none() {
                    break;
                }
            } else if ends_role_phrase(c) {
                break;
            }
            start = b;
        }
        // The mention starts with its quantifier (`一位重庆观众` is a subject
        // at the start of its clause); the role is what follows it.
        let mut phrase = &head[start..];
        while let Some(q) = starts_with_any(phrase, ZH_QUANTIFIERS) {
            phrase = &phrase[q.len()..];
        }
        let phrase = phrase.trim_start_matches(|c: char| !is_han(c));
        (!phrase.is_empty()).then(|| (start, phrase.to_string()))
    }

    /// Every speaker written in `text`, in order.
    pub(super) fn mentions(&self, text: &str) -> Vec<Mention> {
        let mut known = Vec::new();
        self.chinese.known_names(text, |s, e| known.push((s, e)));
        let mut out: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let c = text[i..].chars().next().unwrap_or(' ');
            let role = self.role_before(text, i);
            let name = if role.is_some() || known.iter().any(|(s, _)| *s == i) {
                self.name_at(text, i, &known)
            } else {
                None
            };
            if let Some(len) = name {
                let (start, mut role) = match role {
                    Some((s, r)) => (s, Some(r)),
                    None => (i, None),
                };
                // A title after the name: `习近平总书记说`, `王毅部长表示`.
                let mut end = i + len;
                if role.is_none() {
                    if let Some(title) = starts_with_any(&text[end..], ZH_ROLES) {
                        role = Some(title.to_string());
                        end += title.len();
                    }
                }
                out.push(Mention {
                    start,
                    end,
                    speaker: Speaker::named(&text[i..i + len], role),
                });
                i = end;
                continue;
            }
            if let Some((start, role)) = role {
                // An unnamed speaker: the role is followed by what follows a name.
                if self.name_ends_at(text, i) && !text[i..].starts_with('们') {
                    out.push(Mention {
                        start,
                        end: i,
                        speaker: Speaker::unnamed(role),
                    });
                }
            }
            if (c == '他' || c == '她') && !text[i + c.len_utf8()..].starts_with('们') {
                out.push(Mention {
                    start: i,
                    end: i + c.len_utf8(),
                    speaker: Speaker::pronoun(),
                });
            }
            i += c.len_utf8();
        }
        out
    }
}

impl SpeakerReader for Reader<'_> {
    fn ends_with_speech_verb(&self, text: &str) -> bool {
        ends_with_speech_verb(text)
    }

    /// The speaker of a quotation introduced by `before` (`市民覃祖凤动情表示:`):
    /// the subject of the clause nearest the quotation that names one.
    fn speaker_before(&self, before: &str) -> Option<Speaker> {
        let mut end = before.len();
        let mut clauses = Vec::new();
        for (b, c) in before.char_indices().rev() {
            if is_clause_break(c) {
                clauses.push((b + c.len_utf8(), end));
                end = b;
            }
        }
        clauses.push((0, end));
        for (s, e) in clauses {
            let clause = &before[s..e];
            let Some(m) = self.mentions(clause).into_iter().next() else {
                continue;
            };
            // An unnamed speaker must be the clause's subject, not an object in it.
            if m.speaker.name.is_none() && !m.speaker.pronoun && m.start > 0 {
                return None;
            }
            return Some(m.speaker);
        }
        None
    }

    /// The speaker written after a quotation (`"…"天山电影制片厂党委书记荆鲁洲`,
    /// `"…"娜塔莉娅在观看完…后称赞道`, `"…"他透露`): it must come first, and be
    /// followed by a verb of saying or by nothing at all.
    fn speaker_after(&self, after: &str, _ends_paragraph: bool) -> Option<Speaker> {
        let mut after = after.trim_start_matches([',', '，', ' ']);
        // `"…"在今年的新年贺词中，习近平总书记指出`: an adverbial of place or
        // time before the speaker.
        if after.starts_with(['在', '据', '于']) {
            if let Some(comma) = after.find([',', '，']) {
                if self.mentions(&after[..comma]).is_empty() {
                    after = after[comma..].trim_start_matches([',', '，', ' ']);
                }
            }
        }
        let clause_end = after.find(is_clause_break).unwrap_or(after.len());
        let clause = &after[..clause_end];
        let m = self.mentions(clause).into_iter().next()?;
        if m.start != 0 {
            return None;
        }
        let rest = &clause[m.end..];
        let said = if m.speaker.pronoun {
            starts_with_speech_verb(rest)
        } else {
            has_speech_verb(rest) || (rest.is_empty() && clause_end == after.len())
        };
        said.then_some(m.speaker)
    }

    /// The last named person of `text` followed by a verb of saying
    /// (`出品人沈健强调`): who `他表示` further on refers to.
    fn last_named_speaker(&self, text: &str) -> Option<Speaker> {
        self.mentions(text)
            .into_iter()
            .rfind(|m| m.speaker.name.is_some() && starts_with_speech_verb(&text[m.end..]))
            .map(|m| m.speaker)
    }

    /// The role given with another mention of `name` in `text`.
    fn role_of(&self, name: &str, text: &str, near: usize) -> Option<String> {
        super::nearest_role(name, text, near, |at| {
            self.role_before(text, at).map(|(_, role)| role)
        })
    }
}
