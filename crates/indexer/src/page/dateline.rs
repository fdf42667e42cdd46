//! Datelines and bylines: who wrote an article, for which paper, on which day.
//!
//! Chinese reports open with a dateline in a handful of shapes:
//! `本报讯(渝西都市报记者 凌泽英) 7月5日上午,…`, `新华社重庆7月5日电(记者 …)`,
//! `XX报7月5日讯 记者 … 文/图`, `【XX报】7月6日电 (记者 …)`, with full- or
//! half-width brackets. [`parse`] recognises them by their parts (agency
//! marker, `讯`/`电`, a `记者` byline) rather than by any paper's name.

use std::sync::OnceLock;

use regex::Regex;

/// Words that introduce bylined names, simplified and traditional.
const REPORTER_MARKERS: [&str; 4] = ["记者", "記者", "通讯员", "通訊員"];

/// The last character of a publication's name: 社, 报/報, 网/網, 台/臺.
const PUBLICATION_ENDS: [char; 7] = ['社', '报', '報', '网', '網', '台', '臺'];

/// The first reporter marker in `text`: its byte position and length.
fn find_marker(text: &str) -> Option<(usize, usize)> {
    REPORTER_MARKERS
        .iter()
        .filter_map(|m| text.find(m).map(|p| (p, m.len())))
        .min()
}

/// What a dateline says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dateline {
    pub source: Option<String>,
    pub reporters: Vec<String>,
    pub month_day: Option<(u32, u32)>,
    pub year: Option<i32>,
}

impl Dateline {
    /// Reporters joined the way the paper would print them.
    pub fn reporter(&self) -> Option<String> {
        (!self.reporters.is_empty()).then(|| self.reporters.join("、"))
    }

    /// `YYYY-MM-DD`, given the year to use when the dateline has none.
    pub fn date(&self, fallback_year: Option<i32>) -> Option<String> {
        let (m, d) = self.month_day?;
        let y = self.year.or(fallback_year)?;
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
    }
}

fn head_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"^\s*(?:",
            r"(?P<bracket>【[^】]{1,20}】)",
            r"|(?P<benbao>本[报報][讯訊])",
            r"|(?P<agency>[^\s，。,:：(（]{1,16}?)(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:电|讯|電|訊)",
            r")"
        ))
        .expect("dateline regex")
    })
}

fn date_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日").expect("date regex"))
}

/// Parse the dateline at the start of a paragraph (raw text, spaces intact:
/// line breaks and runs of spaces count as one space, and only the first
/// 80 characters are read).
pub fn parse(paragraph: &str) -> Option<Dateline> {
    let head: String = paragraph
        .split_whitespace()
        .flat_map(|w| [" ", w])
        .skip(1)
        .flat_map(str::chars)
        .take(80)
        .collect();
    let caps = head_regex().captures(&head)?;
    let mut dateline = Dateline::default();
    let matched_end = caps.get(0).map_or(0, |m| m.end());
    let mut rest = &head[matched_end..];
    // `【XX报】7月6日电 (记者 …)`: the date sits between the head and the byline.
    let mut leading_date = None;
    if caps.name("agency").is_none() {
        if let Some(d) = date_regex()
            .captures(rest)
            .filter(|d| rest[..d.get(0).map_or(0, |m| m.start())].trim().is_empty())
        {
            leading_date = Some((
                d.get(1).and_then(|y| y.as_str().parse().ok()),
                d[2].parse().ok(),
                d[3].parse().ok(),
            ));
            let end = d.get(0).map_or(0, |m| m.end());
            rest = rest[end..].trim_start_matches(['电', '讯', '電', '訊']);
        }
    }

    // The byline: inside the first bracket pair right after the head, or a
    // `记者 …` run directly after it.
    let byline = bracket_after(rest).or_else(|| {
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace());
        (trimmed.starts_with("记者") || trimmed.starts_with("記者")).then(|| {
            // An unbracketed byline runs to its credit (`文/图`) or the first comma.
            let comma = trimmed.find(['，', ',', '。']).unwrap_or(trimmed.len());
            let credit = ["文/图", "文／图", "摄"]
                .iter()
                .filter_map(|c| trimmed.find(c).map(|i| i + c.len()))
                .min()
                .unwrap_or(trimmed.len());
            trimmed[..comma.min(credit)].to_string()
        })
    });
    let has_reporter = byline
        .as_deref()
        .is_some_and(|b| REPORTER_MARKERS.iter().any(|m| b.contains(m)));
    if caps.name("benbao").is_some()
        && byline.is_none()
        && !rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    if caps.name("agency").is_some() && !has_reporter && !caps["agency"].ends_with(PUBLICATION_ENDS)
    {
        // `7月5日讯` needs a publication or a byline to be a dateline and not
        // a sentence that happens to start with a date.
        let agency = &caps["agency"];
        if !agency.contains(PUBLICATION_ENDS) {
            return None;
        }
    }

    if let Some(b) = caps.name("bracket") {
        let inner = b.as_str().trim_start_matches('【').trim_end_matches('】');
        dateline.source = Some(publication(inner));
    } else if let Some(a) = caps.name("agency") {
        dateline.source = Some(publication(a.as_str()));
    }
    if let Some(byline) = &byline {
        let (source, reporters) = split_byline(byline);
        if dateline.source.is_none() {
            dateline.source = source;
        }
        dateline.reporters = reporters;
    }
    if let Some(m) = caps.name("m") {
        dateline.month_day = Some((m.as_str().parse().ok()?, caps["d"].parse().ok()?));
        dateline.year = caps.name("y").and_then(|y| y.as_str().parse().ok());
    } else if let Some((y, Some(m), Some(d))) = leading_date {
        dateline.month_day = Some((m, d));
        dateline.year = y;
    } else if let Some(d) = date_regex().captures(rest) {
        dateline.month_day = Some((d[2].parse().ok()?, d[3].parse().ok()?));
        dateline.year = d.get(1).and_then(|y| y.as_str().parse().ok());
    }
    Some(dateline)
}

/// `新华社重庆` → `新华社`: a publication name ends at its 社/报/网/台 and any
/// place name glued after it is dropped.
fn publication(prefix: &str) -> String {
    let p = prefix.trim();
    match p.char_indices().find(|(_, c)| PUBLICATION_ENDS.contains(c)) {
        Some((i, c)) => p[..i + c.len_utf8()].to_string(),
        None => p.to_string(),
    }
}

/// The text inside the first bracket pair at the start of `rest`.
fn bracket_after(rest: &str) -> Option<String> {
    let trimmed = rest.trim_start();
    let open = trimmed.chars().next().filter(|c| matches!(c, '(' | '（'))?;
    let inner = &trimmed[open.len_utf8()..];
    let close = inner.find([')', '）'])?;
    Some(inner[..close].to_string())
}

/// Split `渝西都市报记者 吕 薇文/图` into the publication and the reporters.
fn split_byline(byline: &str) -> (Option<String>, Vec<String>) {
    let mut source = None;
    let mut names_text = String::new();
    let mut rest = byline;
    let mut first = true;
    while let Some((pos, marker_len)) = find_marker(rest) {
        let before = rest[..pos].trim();
        if first && !before.is_empty() {
            source = Some(publication(before));
        } else if !before.is_empty() {
            names_text.push(' ');
            names_text.push_str(before);
        }
        first = false;
        rest = &rest[pos + marker_len..];
        let next = find_marker(rest).map_or(rest.len(), |(p, _)| p);
        names_text.push(' ');
        names_text.push_str(&rest[..next]);
        rest = &rest[next..];
    }
    (source, reporter_names(&names_text))
}

/// Names from a byline fragment: credits (`文/图`, `摄`) dropped, layout spaces
/// inside a name closed up (`吕 薇` → `吕薇`), several names kept apart.
pub fn reporter_names(text: &str) -> Vec<String> {
    let mut cleaned = text.to_string();
    for credit in [
        "文/图",
        "文／图",
        "文/圖",
        "图/文",
        "摄影",
        "攝影",
        "报道",
        "報道",
        "摄",
        "攝",
        "实习生",
        "實習生",
        "见习",
        "見習",
    ] {
        cleaned = cleaned.replace(credit, " ");
    }
    let fragments: Vec<&str> = cleaned
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '、' | ',' | '，' | '/' | '／' | ':' | '：')
        })
        .filter(|f| !f.is_empty())
        .collect();
    // A Chinese given name or surname alone is one character; a full name is
    // two to four. Single-character fragments therefore belong to a
    // neighbour: they are halves of a name the layout pulled apart.
    let mut names: Vec<String> = Vec::new();
    let mut pending = String::new();
    for f in fragments {
        let han_len = f.chars().count();
        if han_len == 1 || (!pending.is_empty() && pending.chars().count() == 1) {
            pending.push_str(f);
            if pending.chars().count() >= 2 && han_len > 1 {
                names.push(std::mem::take(&mut pending));
            }
        } else {
            if !pending.is_empty() {
                names.push(std::mem::take(&mut pending));
            }
            pending.push_str(f);
            if han_len >= 2 {
                names.push(std::mem::take(&mut pending));
            }
        }
    }
    if !pending.is_empty() {
        match names.last_mut() {
            Some(last) if pending.chars().count() == 1 => last.push_str(&pending),
            _ => names.push(pending),
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, source: &str, reporters: &[&str], md: (u32, u32)) {
        let d = parse(text).unwrap_or_else(|| panic!("no dateline in {text}"));
        assert_eq!(d.source.as_deref(), Some(source), "{text}");
        assert_eq!(d.reporters, reporters, "{text}");
        assert_eq!(d.month_day, Some(md), "{text}");
    }

    #[test]
    fn common_dateline_forms() {
        check(
            "本报讯(渝西都市报记者 凌泽英) 7月5日上午,2025上合",
            "渝西都市报",
            &["凌泽英"],
            (7, 5),
        );
        check(
            "本报讯(渝西都市报记者 吕 薇文/图)7月5日,2025上海",
            "渝西都市报",
            &["吕薇"],
            (7, 5),
        );
        check(
            "本报讯(渝西都市报记者陈欣薇 文/图)7月6日,2025",
            "渝西都市报",
            &["陈欣薇"],
            (7, 6),
        );
        check(
            "新华社重庆7月5日电(记者 张三 李四)在",
            "新华社",
            &["张三", "李四"],
            (7, 5),
        );
        check(
            "重庆日报7月5日讯 记者 王 五 文/图 日前",
            "重庆日报",
            &["王五"],
            (7, 5),
        );
        check(
            "【永川日报】7月6日电 （记者 赵六）影片",
            "永川日报",
            &["赵六"],
            (7, 6),
        );
        let d = parse("本报讯（记者 刘一 通讯员 陈二）7月8日").unwrap();
        assert_eq!(
            (d.source, d.reporters),
            (None, vec!["刘一".to_string(), "陈二".to_string()])
        );
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        assert!(parse("7月5日上午,活动在永川举行。").is_none());
        assert!(parse("主题演讲环节,探讨 AI 赋能电影产业的机遇与挑战。").is_none());
    }

    #[test]
    fn full_date_uses_year_from_text_or_fallback() {
        let d = parse("新华社北京2024年3月2日电(记者 王一)").unwrap();
        assert_eq!(d.date(Some(2025)).as_deref(), Some("2024-03-02"));
        let d = parse("本报讯(记者 王一) 7月5日").unwrap();
        assert_eq!(d.date(Some(2025)).as_deref(), Some("2025-07-05"));
        assert_eq!(d.date(None), None);
    }
}
