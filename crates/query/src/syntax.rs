//! Query syntax, parsed leniently.
//!
//! - words: `冼星海 音乐家`, `music festival` — all required;
//! - `"exact phrase"` (also `“…”`, `「…」`) — matched as a substring, never expanded;
//! - `-word`, `-"phrase"`, `NOT word` — excluded;
//! - `a OR b`, `a || b` — either;
//! - `a AND b`, `a && b` — both, as without the operator;
//! - `title:…`, `reporter:…` — only in that field; `lang:zh` — a filter.
//!
//! The operators are the words of boolean search that users of library
//! catalogues and Lucene type, in capitals only: `not guilty` and `Or` are
//! words.
//!
//! Nothing here is an error: an unclosed quote runs to the end, a stray
//! `OR`, `NOT` or `-` is ignored, an unknown `field:` is searched as text.

/// Where a term is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Title,
    Reporter,
}

/// One searchable piece of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub scope: Scope,
    pub text: String,
    /// Quoted: an exact phrase.
    pub phrase: bool,
}

/// Terms joined by `OR`; the clause matches when any of them does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub alternatives: Vec<Term>,
    pub excluded: bool,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub clauses: Vec<Clause>,
    /// From `lang:xx`.
    pub lang: Option<String>,
}

impl ParsedQuery {
    /// Clauses that must match (not exclusions).
    pub fn required(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| !c.excluded)
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Or,
    /// Every word is required already: changes nothing.
    And,
    /// Excludes the item after it.
    Not,
    Item {
        text: String,
        phrase: bool,
        excluded: bool,
        field: Option<String>,
    },
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '“' | '”' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        '＂' => Some('＂'),
        _ => None,
    }
}

fn lex(input: &str) -> Vec<Token> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let mut excluded = false;
        if chars[i] == '-'
            && i + 1 < chars.len()
            && !chars[i + 1].is_whitespace()
            && chars[i + 1] != '-'
        {
            excluded = true;
            i += 1;
        }
        // field:
        let mut field = None;
        let word_end = chars[i..]
            .iter()
            .position(|c| c.is_whitespace())
            .map_or(chars.len(), |p| i + p);
        if let Some(colon) = chars[i..word_end]
            .iter()
            .position(|c| *c == ':' || *c == '：')
        {
            let name: String = chars[i..i + colon]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase();
            if matches!(name.as_str(), "title" | "reporter" | "lang") && i + colon + 1 < chars.len()
            {
                field = Some(name);
                i += colon + 1;
            }
        }
        if let Some(close) = closing_quote(chars[i]) {
            let start = i + 1;
            let end = chars[start..]
                .iter()
                .position(|c| *c == close || (close == '”' && *c == '"'))
                .map_or(chars.len(), |p| start + p);
            let text: String = chars[start..end].iter().collect();
            i = (end + 1).min(chars.len());
            if !text.trim().is_empty() {
                tokens.push(Token::Item {
                    text,
                    phrase: true,
                    excluded,
                    field,
                });
            }
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(|c| c.is_whitespace() || closing_quote(*c).is_some())
            .map_or(chars.len(), |p| i + p);
        let text: String = chars[i..end].iter().collect();
        i = end;
        let operator = match text.as_str() {
            _ if excluded || field.is_some() => None,
            "OR" | "||" => Some(Token::Or),
            "AND" | "&&" => Some(Token::And),
            "NOT" => Some(Token::Not),
            _ => None,
        };
        if let Some(operator) = operator {
            tokens.push(operator);
        } else if text.chars().any(|c| c.is_alphanumeric())
            || text.chars().count() > 0 && field.is_some()
        {
            tokens.push(Token::Item {
                text,
                phrase: false,
                excluded,
                field,
            });
        } else if text.chars().all(|c| "-+|&()!~*^:".contains(c)) {
            // Operator characters alone (a stray `-`, `(`, `||`): nothing to search.
        } else if !text.is_empty() {
            // Punctuation alone: searchable as an exact phrase (e.g. `《`), harmless otherwise.
            tokens.push(Token::Item {
                text,
                phrase: true,
                excluded,
                field,
            });
        }
    }
    tokens
}

/// Parse a query string. Never fails; may return no clauses.
pub fn parse(input: &str) -> ParsedQuery {
    let mut query = ParsedQuery::default();
    let mut pending_or = false;
    let mut pending_not = false;
    for token in lex(input) {
        match token {
            Token::Or => pending_or = !query.clauses.is_empty(),
            Token::And => {}
            Token::Not => pending_not = true,
            Token::Item {
                text,
                phrase,
                excluded,
                field,
            } => {
                let excluded = excluded || std::mem::take(&mut pending_not);
                let scope = match field.as_deref() {
                    Some("lang") => {
                        query.lang = Some(text.trim().to_ascii_lowercase());
                        pending_or = false;
                        continue;
                    }
                    Some("title") => Scope::Title,
                    Some("reporter") => Scope::Reporter,
                    _ => Scope::All,
                };
                let term = Term {
                    scope,
                    text,
                    phrase,
                };
                match query.clauses.last_mut() {
                    Some(last) if pending_or && !excluded && !last.excluded => {
                        last.alternatives.push(term)
                    }
                    _ => query.clauses.push(Clause {
                        alternatives: vec![term],
                        excluded,
                    }),
                }
                pending_or = false;
            }
        }
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str, phrase: bool) -> Term {
        Term {
            scope: Scope::All,
            text: text.into(),
            phrase,
        }
    }

    #[test]
    fn words_phrases_exclusions_or_fields() {
        let q = parse("冼星海 \"黄河大合唱\" -空战 film OR movie title:音乐家 lang:zh");
        assert_eq!(q.lang.as_deref(), Some("zh"));
        assert_eq!(
            q.clauses,
            vec![
                Clause {
                    alternatives: vec![t("冼星海", false)],
                    excluded: false
                },
                Clause {
                    alternatives: vec![t("黄河大合唱", true)],
                    excluded: false
                },
                Clause {
                    alternatives: vec![t("空战", false)],
                    excluded: true
                },
                Clause {
                    alternatives: vec![t("film", false), t("movie", false)],
                    excluded: false
                },
                Clause {
                    alternatives: vec![Term {
                        scope: Scope::Title,
                        text: "音乐家".into(),
                        phrase: false
                    }],
                    excluded: false
                },
            ]
        );
    }

    #[test]
    fn lenient_on_broken_syntax() {
        assert_eq!(
            parse("\"market share").clauses,
            vec![Clause {
                alternatives: vec![t("market share", true)],
                excluded: false
            }]
        );
        assert_eq!(parse("OR OR - film OR").clauses.len(), 1);
        assert_eq!(
            parse("“电影节”").clauses[0].alternatives[0],
            t("电影节", true)
        );
        assert!(parse("   ").clauses.is_empty());
        assert!(parse("NOT").clauses.is_empty());
        assert_eq!(parse("film NOT").clauses.len(), 1);
    }

    /// Boolean operators in capitals: `AND` changes nothing, `NOT` is `-`,
    /// `||` is `OR`. In lower case or title case they are words.
    #[test]
    fn boolean_operators_in_capitals() {
        assert_eq!(parse("电影 AND 节日"), parse("电影 节日"));
        assert_eq!(parse("film && festival"), parse("film festival"));
        assert_eq!(parse("电影 NOT 节日"), parse("电影 -节日"));
        assert_eq!(
            parse("音乐家 NOT \"黄河大合唱\""),
            parse("音乐家 -\"黄河大合唱\"")
        );
        assert_eq!(parse("film || movie"), parse("film OR movie"));
        assert_eq!(parse("NOT 电影").required().count(), 0);
        let words = parse("not guilty And Or");
        assert_eq!(words.clauses.len(), 4);
        assert!(words.clauses.iter().all(|c| !c.excluded));
        // `-NOT` excludes the word; `NOT -x` excludes x once.
        assert_eq!(parse("film -NOT").clauses[1].alternatives[0].text, "NOT");
        assert_eq!(parse("film NOT -x"), parse("film -x"));
    }
}
