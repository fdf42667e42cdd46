//! The index layout, shared by the indexer and the query side.
//!
//! Each text is indexed twice: as *words* (jieba / stemmed, frequencies only,
//! for BM25) and as *exact terms* with positions — unit bigrams, and every
//! word alone (for exact phrases that do not depend on segmentation) — plus
//! single characters and symbols, documents only, for one-character phrases.
//! Only the texts are stored; an article's description lives in fast fields.

use newsreel_analysis::tokenizers::{BIGRAMS, BIGRAMS_AND_UNITS, SUGGEST, UNITS, WORDS};
use tantivy::columnar::StrColumn;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{DocId, IndexSettings};

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
    /// Each reporter's name alone, for facet counts.
    pub reporters: Field,
    /// Whole words as printed, for search-box suggestions.
    pub suggest: Field,
    pub source: Field,
    pub date: Field,
    /// The date as a number `YYYYMMDD`, for range filters and date facets (a fast field only).
    pub day: Field,
    pub path: Field,
    pub file: Field,
    pub translation_of: Field,
    pub raw: Field,
    /// The article's quotations ([`crate::quotes::Quote`]s as JSON).
    pub quotes: Field,
    /// The names of the people quoted, for `--speaker` (exact units, so a
    /// part of a name matches, in either script).
    pub speakers: Field,
    /// `yes` on articles that have quotations, so a quote search reads only those.
    pub quoted: Field,
}

/// The fast-field tokenizer that keeps a value whole. An article's
/// description (id, title, date, source, reporter, path, translation, file)
/// is kept in fast fields only, not stored, so listing hits reads no stored
/// document (reading one means decompressing its whole block of the
/// document store, which was most of a search with snippets off) and the
/// store holds each value once.
const WHOLE: &str = "raw";

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

/// A value matched whole (an id, a language, a date, a file key). Only
/// filters and lookups read these fields, never a ranking, so they keep no
/// field norms (a byte per article and field).
fn keyword() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(WHOLE)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    )
}

/// Build the schema and its fields.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = |stored| text(WORDS, IndexRecordOption::WithFreqs, stored);
    let fields = Fields {
        id: b.add_text_field("id", keyword().set_fast(WHOLE)),
        lang: b.add_text_field("lang", keyword().set_fast(WHOLE)),
        title: b.add_text_field("title", words(false).set_fast(WHOLE)),
        subtitle: b.add_text_field("subtitle", words(false).set_fast(WHOLE)),
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
        units: b.add_text_field("units", text(UNITS, IndexRecordOption::Basic, false)),
        reporter: b.add_text_field(
            "reporter",
            text(
                BIGRAMS_AND_UNITS,
                IndexRecordOption::WithFreqsAndPositions,
                false,
            )
            .set_fast(WHOLE),
        ),
        reporters: b.add_text_field("reporters", keyword().set_fast(WHOLE)),
        suggest: b.add_text_field(
            "suggest",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(SUGGEST)
                    .set_index_option(IndexRecordOption::Basic)
                    .set_fieldnorms(false),
            ),
        ),
        source: b.add_text_field("source", keyword().set_fast(WHOLE)),
        date: b.add_text_field("date", keyword().set_fast(WHOLE)),
        // A range over the column is all a date filter needs (tantivy's
        // `RangeQuery` reads the fast field), so the day is not indexed.
        day: b.add_u64_field("day", NumericOptions::default().set_fast()),
        path: b.add_text_field("path", TextOptions::default().set_fast(WHOLE)),
        file: b.add_text_field("file", keyword().set_fast(WHOLE)),
        translation_of: b.add_text_field("translation_of", keyword().set_fast(WHOLE)),
        raw: b.add_text_field("raw", STORED),
        quotes: b.add_text_field("quotes", STORED),
        speakers: b.add_text_field(
            "speakers",
            text(
                BIGRAMS_AND_UNITS,
                IndexRecordOption::WithFreqsAndPositions,
                false,
            ),
        ),
        quoted: b.add_text_field("quoted", keyword()),
    };
    (b.build(), fields)
}

/// zstd level of the document store. Level 9 compresses the news corpus's
/// store 5% better than 3 at no indexing cost that shows (the store is
/// compressed on its own thread); 12 gains nothing more, 15 gains 4% for
/// 17% longer builds.
const STORE_ZSTD_LEVEL: i32 = 9;

/// Bytes of documents per store block. A hit's snippet decompresses its whole
/// block, so bigger blocks compress better but make every snippet slower.
const STORE_BLOCK_BYTES: usize = 16 * 1024;

/// How the index stores articles. zstd instead of tantivy's default LZ4
/// makes the document store, the biggest part of the index, 29% smaller;
/// only snippets, quotations and article views read it, since hits are
/// described from fast fields (benches/README, "Index size").
///
/// Articles are kept in date order. The indexing threads take the articles
/// in turns as each comes free, so in the order they were read an
/// article's neighbours were from anywhere in the corpus; by date, the
/// reports of one day sit together and share their words, which makes the
/// gaps between an article and the next in each term's list smaller: the
/// news corpus's index is 115.6 MB instead of 116.7–117.6 (it varied with
/// how the threads shared the articles), at the same indexing speed.
pub fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(STORE_ZSTD_LEVEL),
        }),
        docstore_blocksize: STORE_BLOCK_BYTES,
        sort_by_field: Some(tantivy::IndexSortByField {
            field: "day".to_string(),
            order: tantivy::Order::Asc,
        }),
        ..IndexSettings::default()
    }
}

/// The value of document `doc` in a single-valued text column (`id`,
/// `file`, …), written into `out` (cleared first); false when it has none.
pub fn column_value(column: &StrColumn, doc: DocId, out: &mut String) -> std::io::Result<bool> {
    out.clear();
    match column.term_ords(doc).next() {
        Some(ord) => Ok(column.ord_to_str(ord, out)? && !out.is_empty()),
        None => Ok(false),
    }
}

/// The term of [`Fields::quoted`] on articles with quotations.
pub const QUOTED: &str = "yes";

/// `2025-07-05` → `20250705`; `None` unless the text is a `YYYY-MM-DD` date
/// with a plausible month and day. The one date check of the project: input
/// files and query filters both go through it.
pub fn day_number(date: &str) -> Option<u64> {
    let b = date.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit());
    if !shaped {
        return None;
    }
    let (month, day): (u32, u32) = (date[5..7].parse().ok()?, date[8..10].parse().ok()?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let year: u64 = date[..4].parse().ok()?;
    Some(year * 10_000 + u64::from(month) * 100 + u64::from(day))
}

/// `20250705` → `2025-07-05`: the inverse of [`day_number`].
pub fn day_string(day: u64) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day / 10_000,
        day / 100 % 100,
        day % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        for d in ["2025-07-05", "1999-12-31", "2024-02-29"] {
            assert_eq!(day_string(day_number(d).unwrap()), d);
        }
        assert_eq!(day_number("2025-13-01"), None);
        assert_eq!(day_number("2025-7-5"), None);
    }
}
