//! The index layout, shared by the indexer and the query side.
//!
//! Each text is indexed twice: as *words* (jieba / stemmed, frequencies only,
//! for BM25) and as *unit bigrams* with positions (for exact phrases that do
//! not depend on segmentation), plus single units without positions for
//! one-character phrases.

use newsreel_analysis::tokenizers::{BIGRAMS, BIGRAMS_AND_UNITS, UNITS, WORDS};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

/// Every field, by role.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub lang: Field,
    pub title: Field,
    pub subtitle: Field,
    pub body: Field,
    pub captions: Field,
    pub title_bigrams: Field,
    pub body_bigrams: Field,
    pub units: Field,
    pub reporter: Field,
    pub source: Field,
    pub date: Field,
    /// The date as a number `YYYYMMDD`, for range filters.
    pub day: Field,
    pub path: Field,
    pub file: Field,
    pub translation_of: Field,
    /// The id of the original of a translation group (its own id for an original).
    pub group: Field,
    pub raw: Field,
}

fn text(tokenizer: &str, record: IndexRecordOption, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// Build the schema and its fields.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = |stored| text(WORDS, IndexRecordOption::WithFreqs, stored);
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        lang: b.add_text_field("lang", STRING | STORED | FAST),
        title: b.add_text_field("title", words(true)),
        subtitle: b.add_text_field("subtitle", words(true)),
        body: b.add_text_field("body", words(true)),
        captions: b.add_text_field("captions", words(true)),
        title_bigrams: b.add_text_field(
            "title_bigrams",
            text(BIGRAMS, IndexRecordOption::WithFreqsAndPositions, false),
        ),
        body_bigrams: b.add_text_field(
            "body_bigrams",
            text(BIGRAMS, IndexRecordOption::WithFreqsAndPositions, false),
        ),
        units: b.add_text_field("units", text(UNITS, IndexRecordOption::WithFreqs, false)),
        reporter: b.add_text_field(
            "reporter",
            text(
                BIGRAMS_AND_UNITS,
                IndexRecordOption::WithFreqsAndPositions,
                true,
            ),
        ),
        source: b.add_text_field("source", STRING | STORED | FAST),
        date: b.add_text_field("date", STRING | STORED),
        day: b.add_u64_field("day", INDEXED | FAST),
        path: b.add_text_field("path", STORED),
        file: b.add_text_field("file", STRING | STORED),
        translation_of: b.add_text_field("translation_of", STRING | STORED),
        group: b.add_text_field("group", STRING | STORED),
        raw: b.add_text_field("raw", STORED),
    };
    (b.build(), fields)
}

/// `2025-07-05` → `20250705`.
pub fn day_number(date: &str) -> Option<u64> {
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 8).then(|| digits.parse().ok()).flatten()
}
