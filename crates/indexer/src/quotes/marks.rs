//! Where quotation marks open and close.
//!
//! Chinese reports use `“…”`, `「…」` and `『…』`; PDF extraction and
//! half-width normalization often leave straight `"…"`, which can only be
//! paired by counting. Marks inside a book title (`《从"工具赋能"到…》`) belong
//! to the title, and marks nested inside a quotation belong to it.

/// A quoted stretch of a paragraph, as byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quoted {
    /// The opening mark.
    pub open: usize,
    /// The quoted text, without its marks.
    pub start: usize,
    pub end: usize,
    /// Just after the closing mark.
    pub close: usize,
}

/// The mark that closes a quotation opened by `c`, if `c` opens one.
fn closer(c: char) -> Option<char> {
    match c {
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        '"' | '＂' => Some(c),
        _ => None,
    }
}

/// The outermost quotations of `text`, paragraph by paragraph (a mark left
/// open at the end of a paragraph pairs with nothing).
pub fn quoted(text: &str) -> Vec<Quoted> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    for line in text.split('\n') {
        quoted_in_paragraph(line, paragraph, &mut out);
        paragraph += line.len() + 1;
    }
    out
}

fn quoted_in_paragraph(line: &str, base: usize, out: &mut Vec<Quoted>) {
    let mut title_depth = 0usize;
    // The open quotation: its opening offset and the mark that closes it.
    let mut open: Option<(usize, char)> = None;
    for (i, c) in line.char_indices() {
        match open {
            Some((at, close)) if c == close => {
                out.push(Quoted {
                    open: base + at,
                    start: base + at + line[at..].chars().next().map_or(0, char::len_utf8),
                    end: base + i,
                    close: base + i + c.len_utf8(),
                });
                open = None;
            }
            Some(_) => {}
            None => match c {
                '《' => title_depth += 1,
                '》' => title_depth = title_depth.saturating_sub(1),
                _ if title_depth == 0 => {
                    if let Some(close) = closer(c) {
                        open = Some((i, close));
                    }
                }
                _ => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        quoted(text).iter().map(|q| &text[q.start..q.end]).collect()
    }

    #[test]
    fn pairs_each_kind_of_mark() {
        assert_eq!(
            texts("他说:“好。”她说:「行。」又说:\"走吧。\""),
            vec!["好。", "行。", "走吧。"]
        );
    }

    #[test]
    fn nested_marks_belong_to_the_outer_quotation() {
        assert_eq!(
            texts("他说:“这就是‘家’的意思。”"),
            vec!["这就是‘家’的意思。"]
        );
        assert_eq!(texts("「他说『好』。」"), vec!["他说『好』。"]);
    }

    #[test]
    fn marks_inside_book_titles_are_part_of_the_title() {
        assert_eq!(
            texts("围绕《从\"工具赋能\"到\"生态重构\"》作演讲,\"水木学者\""),
            vec!["水木学者"]
        );
    }

    #[test]
    fn a_mark_left_open_pairs_with_nothing_in_the_next_paragraph() {
        assert_eq!(texts("他说:\"没有结尾\n下一段\"引号\""), vec!["引号"]);
    }
}
