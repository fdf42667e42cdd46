//! An article's description read from the fast fields of its segment.
//!
//! A list of hits needs each article's id, title, date, source, reporter
//! and path, not its text. Reading them from the document store means
//! decompressing the block the article sits in (16 KiB, a dozen articles),
//! which was the largest single cost of a search with snippets off; the
//! same values in fast fields are a dictionary lookup each.
//!
//! A lookup still walks an sstable block of the dictionary up to the value
//! (a few dozen titles or ids, each delta-decoded): about a fifth of a search
//! with snippets off. A column read often enough is therefore decoded once,
//! whole, and read as an array from then on (see [`TextColumn`]).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use newsreel_indexer::schema::Fields;
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Searcher, SegmentReader};

use crate::results::ArticleMeta;
use crate::SearchError;

/// The description columns of one segment.
pub(crate) struct ArticleColumns {
    id: Option<TextColumn>,
    title: Option<TextColumn>,
    subtitle: Option<TextColumn>,
    lang: Option<TextColumn>,
    date: Option<TextColumn>,
    source: Option<TextColumn>,
    reporter: Option<TextColumn>,
    path: Option<TextColumn>,
    translation_of: Option<TextColumn>,
}

/// The description columns of every segment of a searcher, by segment ordinal.
pub(crate) struct SegmentColumns(Vec<ArticleColumns>);

impl SegmentColumns {
    pub(crate) fn open(searcher: &Searcher, fields: &Fields) -> Result<Self, SearchError> {
        searcher
            .segment_readers()
            .iter()
            .map(|segment| ArticleColumns::open(segment, searcher, fields))
            .collect::<Result<_, _>>()
            .map(SegmentColumns)
    }

    /// The columns of segment `ord`.
    pub(crate) fn segment(&self, ord: u32) -> &ArticleColumns {
        &self.0[ord as usize]
    }
}

impl ArticleColumns {
    fn open(
        segment: &SegmentReader,
        searcher: &Searcher,
        fields: &Fields,
    ) -> Result<Self, SearchError> {
        let schema = searcher.schema();
        let fast = segment.fast_fields();
        let column = |field| {
            fast.str(schema.get_field_name(field))
                .map(|c| c.map(TextColumn::new))
        };
        Ok(ArticleColumns {
            id: column(fields.id)?,
            title: column(fields.title)?,
            subtitle: column(fields.subtitle)?,
            lang: column(fields.lang)?,
            date: column(fields.date)?,
            source: column(fields.source)?,
            reporter: column(fields.reporter)?,
            path: column(fields.path)?,
            translation_of: column(fields.translation_of)?,
        })
    }

    /// The description of document `doc`, without its translations; and the
    /// id of the original it translates, if it is a translation.
    pub(crate) fn meta(&self, doc: DocId) -> Result<(ArticleMeta, Option<String>), SearchError> {
        let id = value(&self.id, doc)?.unwrap_or_default();
        let translation_of = value(&self.translation_of, doc)?;
        let meta = ArticleMeta {
            title: value(&self.title, doc)?.unwrap_or_default(),
            subtitle: value(&self.subtitle, doc)?,
            lang: value(&self.lang, doc)?.unwrap_or_default(),
            date: value(&self.date, doc)?,
            source: value(&self.source, doc)?,
            reporter: value(&self.reporter, doc)?,
            path: value(&self.path, doc)?.unwrap_or_default(),
            translations: Vec::new(),
            id,
        };
        Ok((meta, translation_of))
    }
}

/// The value of a single-valued text column; `None` when absent or empty
/// (as a stored field reads).
fn value(column: &Option<TextColumn>, doc: DocId) -> Result<Option<String>, SearchError> {
    match column {
        Some(column) => column.value(doc),
        None => Ok(None),
    }
}

/// A text fast field whose dictionary is decoded into memory once it has
/// been read [`TextColumn::DECODE_AFTER`] times.
///
/// A one-shot `newsreel search` reads ten values and never pays for
/// decoding; a server decodes each segment's ids and titles once (45,407
/// articles: 1.3 MB of ids and 2.2 MB of titles) and reads them as arrays
/// afterwards.
struct TextColumn {
    column: StrColumn,
    reads: AtomicU32,
    decoded: OnceLock<Option<Decoded>>,
}

/// Every term of a dictionary, in ordinal order, end to end.
struct Decoded {
    text: String,
    ends: Vec<u32>,
}

impl TextColumn {
    const DECODE_AFTER: u32 = 256;
    /// Dictionaries larger than this stay on disk (a merged segment of
    /// millions of articles would hold its titles in memory otherwise).
    const MAX_DECODED_TERMS: usize = 1 << 19;

    fn new(column: StrColumn) -> Self {
        TextColumn {
            column,
            reads: AtomicU32::new(0),
            decoded: OnceLock::new(),
        }
    }

    fn value(&self, doc: DocId) -> Result<Option<String>, SearchError> {
        let Some(ord) = self.column.term_ords(doc).next() else {
            return Ok(None);
        };
        let value = match self.decoded() {
            Some(decoded) => decoded.term(ord).map(str::to_string),
            None => {
                let mut out = String::new();
                self.column
                    .ord_to_str(ord, &mut out)
                    .map_err(|e| SearchError::Tantivy(e.into()))?;
                Some(out)
            }
        };
        Ok(value.filter(|s| !s.is_empty()))
    }

    fn decoded(&self) -> Option<&Decoded> {
        if let Some(decoded) = self.decoded.get() {
            return decoded.as_ref();
        }
        if self.reads.fetch_add(1, Ordering::Relaxed) < Self::DECODE_AFTER {
            return None;
        }
        // Other readers wait for the one decoding, then read the result.
        let decoded = self.decoded.get_or_init(|| {
            let dictionary = self.column.dictionary();
            if dictionary.num_terms() > Self::MAX_DECODED_TERMS {
                return None;
            }
            let mut decoded = Decoded {
                text: String::new(),
                ends: Vec::with_capacity(dictionary.num_terms()),
            };
            // An unreadable dictionary stays undecoded: each lookup then
            // reports the error itself.
            let mut terms = dictionary.stream().ok()?;
            while terms.advance() {
                decoded
                    .text
                    .push_str(std::str::from_utf8(terms.key()).ok()?);
                decoded.ends.push(u32::try_from(decoded.text.len()).ok()?);
            }
            Some(decoded)
        });
        decoded.as_ref()
    }
}

impl Decoded {
    fn term(&self, ord: u64) -> Option<&str> {
        let ord = usize::try_from(ord).ok()?;
        let end = *self.ends.get(ord)? as usize;
        let start = ord.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        Some(&self.text[start..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Engine;

    /// Once decoded, a column gives every article the value a dictionary
    /// lookup gives, on 600 news articles (Chinese and English).
    #[test]
    fn decoded_columns_read_as_lookups_do() {
        let dir = crate::news_index::news_index(300);
        let engine = Engine::open(dir.path()).unwrap();
        let searcher = engine.reader.searcher();
        let lookups = SegmentColumns::open(&searcher, &engine.fields).unwrap();
        let decoded = SegmentColumns::open(&searcher, &engine.fields).unwrap();
        let mut titles = 0;
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let lookups = lookups.segment(ord as u32);
            for column in [&lookups.id, &lookups.title, &lookups.lang, &lookups.date] {
                column.as_ref().unwrap().decoded.set(None).ok().unwrap();
            }
            let decoded = decoded.segment(ord as u32);
            for column in [&decoded.id, &decoded.title, &decoded.lang, &decoded.date] {
                let column = column.as_ref().unwrap();
                column
                    .reads
                    .store(TextColumn::DECODE_AFTER, Ordering::Relaxed);
                assert!(column.decoded().is_some());
            }
            for doc in 0..segment.max_doc() {
                let (a, group_a) = lookups.meta(doc).unwrap();
                let (b, group_b) = decoded.meta(doc).unwrap();
                assert_eq!(
                    serde_json::to_value(&a).unwrap(),
                    serde_json::to_value(&b).unwrap()
                );
                assert_eq!(group_a, group_b);
                titles += usize::from(!b.title.is_empty());
            }
        }
        assert!(titles >= 590, "{titles}");
    }
}
