//! The table of convertible characters is OpenCC's: recomputed here from
//! the converter itself, character by character, and compared. Run with
//! `NEWSREEL_WRITE_T2S_TABLE=1` to rewrite it after an OpenCC upgrade.

use ferrous_opencc::{config::BuiltinConfig, OpenCC};
use newsreel_analysis::convertible::{Convertible, IN_PHRASES_ONLY};
use newsreel_testdata::{bodies, news_lines, ZH_NEWS};

/// Every character the converter changes when it stands alone.
fn converted_alone(t2s: &OpenCC) -> Vec<char> {
    let candidates: Vec<char> = (0x80u32..0x3_0000)
        .filter_map(char::from_u32)
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    // One call over all of them, one per line: no phrase spans a line.
    let text: String = candidates.iter().flat_map(|&c| [c, '\n']).collect();
    let converted = t2s.convert(&text);
    let lines: Vec<&str> = converted.split('\n').collect();
    assert_eq!(lines.len(), candidates.len() + 1, "one line per character");
    candidates
        .iter()
        .zip(&lines)
        .filter(|(c, line)| line.chars().ne(std::iter::once(**c)))
        .map(|(c, _)| *c)
        .collect()
}

#[test]
fn the_table_is_what_opencc_converts() {
    let t2s = OpenCC::from_config(BuiltinConfig::T2s).unwrap();
    let expected = converted_alone(&t2s);
    assert!(expected.len() > 3000, "{}", expected.len());
    if std::env::var_os("NEWSREEL_WRITE_T2S_TABLE").is_some() {
        let table: String = expected
            .chunks(64)
            .map(|row| row.iter().collect::<String>() + "\n")
            .collect();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/convertible.txt");
        std::fs::write(path, table).unwrap();
    }
    let listed: Vec<char> = Convertible::alone().collect();
    assert_eq!(
        listed, expected,
        "src/convertible.txt is out of date: run this test with NEWSREEL_WRITE_T2S_TABLE=1"
    );
    // The phrase-only characters do not convert alone, and do in their phrases.
    for c in IN_PHRASES_ONLY.chars() {
        assert!(
            !expected.contains(&c),
            "{c} converts alone: it belongs in the table"
        );
    }
    for (traditional, simplified) in [
        ("瞭解", "了解"),
        ("藉口", "借口"),
        ("答覆", "答复"),
        ("沈默", "沉默"),
        ("牴觸", "抵触"),
        ("衹得", "只得"),
    ] {
        assert_eq!(t2s.convert(traditional), simplified);
        assert!(Convertible::get().any_in(traditional), "{traditional}");
    }
}

/// Skipping the converter never leaves anything it would have converted:
/// any text the gate lets through unconverted is a fixed point of t2s —
/// real simplified news, the same news in traditional characters (after
/// conversion), and phrase forms. (t2s itself is not idempotent on every
/// traditional text, so converted texts are not compared a second time.)
#[test]
fn normalized_text_is_always_fully_simplified() {
    let t2s = OpenCC::from_config(BuiltinConfig::T2s).unwrap();
    let s2t = OpenCC::from_config(BuiltinConfig::S2t).unwrap();
    let normalizer = newsreel_analysis::Analyzer::builder().build().unwrap();
    let simplified = bodies(&news_lines(ZH_NEWS, 800));
    let traditional: Vec<String> = simplified.iter().map(|t| s2t.convert(t)).collect();
    let phrases = vec![
        "我們需要瞭解觀眾".to_string(),
        "他找藉口離開了".to_string(),
        "沈默是金，答覆稍後".to_string(),
        "衹得如此，牴觸情緒".to_string(),
    ];
    let mut skipped = 0;
    for text in simplified.iter().chain(&traditional).chain(&phrases) {
        let n = normalizer.normalize(text);
        if !Convertible::get().any_in(&n.text) {
            assert_eq!(t2s.convert(&n.text), n.text, "left unconverted: {text}");
            skipped += 1;
        }
    }
    // Most simplified news needs no conversion at all: the point of the gate.
    let simplified_skipped = simplified
        .iter()
        .filter(|t| !Convertible::get().any_in(t))
        .count();
    assert!(
        simplified_skipped > simplified.len() / 2,
        "{simplified_skipped} of {}",
        simplified.len()
    );
    assert!(skipped >= simplified_skipped);
    // The phrase forms were all converted.
    for p in &phrases {
        assert!(Convertible::get().any_in(p), "{p}");
    }
}
