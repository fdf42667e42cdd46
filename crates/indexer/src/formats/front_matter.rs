use crate::article::{detect_lang, Article};
use crate::formats::FileMeta;
use crate::page::{paragraphs, reflow};
use crate::schema::day_number;
use crate::ReadError;

/// One article with an optional front-matter header:
///
/// ```text
/// ---
/// title: Xian Xinghai's story on screen
/// date: 2025-07-06
/// lang: en
/// translation_of: 000_fcb534285d604426-3
/// ---
/// Body paragraphs…
/// ```
///
/// Keys: `id`, `title`, `subtitle`, `date`, `source`, `reporter`, `lang`,
/// `translation_of`. Without a `title`, a leading `# heading` or the first line is the title.
pub fn parse_front_matter(
    text: &str,
    stem: &str,
    path: &str,
    meta: &FileMeta,
) -> Result<Article, ReadError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut article = Article {
        id: stem.to_string(),
        path: path.to_string(),
        ..Default::default()
    };
    let mut body_text = text;
    if let Some(rest) = text.strip_prefix("---") {
        let rest = rest
            .trim_start_matches([' ', '\t'])
            .strip_prefix('\n')
            .unwrap_or(rest);
        let end = rest.find("\n---").ok_or_else(|| {
            ReadError::FrontMatter("opening `---` without a closing `---`".into())
        })?;
        for (n, line) in rest[..end].lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line.split_once(':').ok_or_else(|| {
                ReadError::FrontMatter(format!("line {}: expected `key: value`", n + 2))
            })?;
            let value = value.trim();
            let value = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                Some(inner) if !inner.contains('"') => inner.trim(),
                _ => value,
            }
            .to_string();
            let value = (!value.is_empty()).then_some(value);
            match key.trim() {
                "id" => article.id = value.unwrap_or(article.id),
                "title" => article.title = value.unwrap_or_default(),
                "subtitle" => article.subtitle = value,
                "date" => article.date = value,
                "source" => article.source = value,
                "reporter" | "author" => article.reporter = value,
                "lang" => article.lang = value.unwrap_or_default(),
                "translation_of" => article.translation_of = value,
                other => return Err(ReadError::FrontMatter(format!("unknown key `{other}`"))),
            }
        }
        body_text = rest[end + 4..]
            .trim_start_matches(|c| c != '\n')
            .trim_start_matches('\n');
    }
    let mut body_text = body_text.to_string();
    if article.title.is_empty() {
        let first = body_text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_string();
        article.title = first.trim().trim_start_matches('#').trim().to_string();
        if let Some(pos) = body_text.find(&first) {
            body_text.replace_range(pos..pos + first.len(), "");
        }
    }
    let paras: Vec<_> = paragraphs(&body_text)
        .into_iter()
        .filter(|p| !p.text.starts_with("# "))
        .collect();
    let reflowed = reflow(&paras);
    article.body = reflowed.body;
    article.captions = reflowed.captions;
    if let Some(date) = &article.date {
        if !is_iso_date(date) {
            return Err(ReadError::FrontMatter(format!(
                "date `{date}` is not YYYY-MM-DD"
            )));
        }
    }
    article.date = article.date.or_else(|| meta.date.clone());
    article.source = article.source.or_else(|| meta.source.clone());
    if article.lang.is_empty() {
        article.lang = meta
            .lang
            .clone()
            .unwrap_or_else(|| detect_lang(&article.body).to_string());
    }
    if article.body.trim().is_empty() && article.title.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(article)
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_iso_date(s: &str) -> bool {
    day_number(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_fields_and_body() {
        let text = "---\ntitle: A Film Festival\ndate: 2025-07-05\nlang: en\ntranslation_of: page-1\n---\n\nFirst para-\ngraph here.\n\nSecond one.\n";
        let a = parse_front_matter(text, "a", "a.md", &FileMeta::default()).unwrap();
        assert_eq!(a.title, "A Film Festival");
        assert_eq!(a.date.as_deref(), Some("2025-07-05"));
        assert_eq!(a.translation_of.as_deref(), Some("page-1"));
        assert_eq!(a.body, "First paragraph here.\nSecond one.");
    }

    #[test]
    fn bad_dates_and_keys_are_errors() {
        let meta = FileMeta::default();
        assert!(parse_front_matter("---\ndate: 5 July\n---\nx", "a", "a", &meta).is_err());
        assert!(parse_front_matter("---\ncolour: red\n---\nx", "a", "a", &meta).is_err());
    }
}
