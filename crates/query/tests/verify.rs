//! Quote verification on the shipped corpus: remembered, reprinted or
//! re-scripted quotes lead back to the printed sentence; text that was never
//! printed is said to be absent.

use newsreel_query::verify::{Verdict, Verification, FOUND_SCORE};

mod common;
use common::shipped_engine;

const FOCUS: &str = "000_fcb534285d604426-2";
const MUSICIAN_EN: &str = "sco-film-festival-the-musician-en";

fn verify(text: &str) -> Verification {
    shipped_engine().verify(text, 5).unwrap()
}

/// The printed quotation of the Tianshan studio's party secretary.
const PRINTED: &str = "\"这部电影是我们了解新疆的一扇窗口,相信观众会通过它爱上这片土地。\"";

#[test]
fn a_quote_as_printed_is_found_whole_with_a_perfect_score() {
    let v = verify("这部电影是我们了解新疆的一扇窗口，相信观众会通过它爱上这片土地。");
    assert_eq!(v.verdict, Verdict::Found);
    let best = &v.matches[0];
    assert_eq!(best.score, 1.0);
    assert_eq!(best.article_id, FOCUS);
    assert_eq!(
        best.text, PRINTED,
        "the whole printed quotation, as printed"
    );
    assert_eq!(best.date.as_deref(), Some("2025-07-05"));
}

#[test]
fn remembered_and_reprinted_forms_lead_back_to_the_same_sentence() {
    for (what, remembered) in [
        (
            "a few characters off",
            "这部电影是我们了解新疆的窗口，相信观众会爱上这片土地",
        ),
        (
            "a synonym",
            "这部影片是我们了解新疆的一扇窗口，相信观众会通过它爱上这片土地",
        ),
        (
            "other punctuation",
            "这部电影，是我们了解新疆的一扇窗口！相信观众会通过它爱上这片土地……",
        ),
        (
            "traditional script",
            "這部電影是我們了解新疆的一扇窗口，相信觀眾會通過它愛上這片土地。",
        ),
        ("a part of it only", "相信观众会通过它爱上这片土地"),
    ] {
        let v = verify(remembered);
        assert_eq!(v.verdict, Verdict::Found, "{what}: {v:?}");
        let best = &v.matches[0];
        assert!(best.score >= FOUND_SCORE, "{what}: {}", best.score);
        assert_eq!(best.article_id, FOCUS, "{what}");
        assert_eq!(best.text, PRINTED, "{what}");
    }
}

#[test]
fn any_passage_of_an_article_is_found_not_only_quotations() {
    // Narrative text from the middle of a body, one character changed.
    let v = verify("这部讲述喀什古城两个家庭因一把古琴结缘的温馨喜剧");
    assert_eq!(v.verdict, Verdict::Found);
    assert_eq!(v.matches[0].article_id, FOCUS);
    assert!(
        v.matches[0].text.starts_with("这部讲述喀什古城"),
        "{}",
        v.matches[0].text
    );
    assert!(v.matches[0].text.ends_with('。'));
    // English, one word changed.
    let v = verify("many viewers wiped away tears more than twice");
    assert_eq!(v.verdict, Verdict::Found, "{v:?}");
    assert_eq!(v.matches[0].article_id, MUSICIAN_EN);
    assert!(v.matches[0]
        .text
        .contains("wiped away tears more than once"));
}

#[test]
fn text_never_printed_is_said_to_be_absent() {
    for never in [
        "今天股市大幅上涨，投资者信心明显增强",
        "The central bank raised interest rates by half a point on Tuesday",
    ] {
        let v = verify(never);
        assert_eq!(v.verdict, Verdict::None, "{never}: {v:?}");
        assert!(v.matches.iter().all(|m| m.score < FOUND_SCORE));
    }
}

#[test]
fn a_quote_without_letters_or_too_long_is_refused() {
    assert!(shipped_engine().verify("。！", 5).is_err());
    assert!(shipped_engine().verify(&"电影".repeat(400), 5).is_err());
}
