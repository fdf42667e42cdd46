//! An article's description read from the fast fields of its segment.
//!
//! A list of hits needs each article's id, title, date, source, reporter
//! and path, not its text. Reading them from the document store means
//! decompressing the block the article sits in (16 KiB, a dozen articles),
//! which was the largest single cost of a search with snippets off; the
//! same values in fast fields are a dictionary lookup each.

use newsreel_indexer::schema::Fields;
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Searcher, SegmentReader};

use crate::results::ArticleMeta;
use crate::SearchError;

/// The description columns of one segment.
pub(crate) struct ArticleColumns {
    id: Option<StrColumn>,
    title: Option<StrColumn>,
    subtitle: Option<StrColumn>,
    lang: Option<StrColumn>,
    date: Option<StrColumn>,
    source: Option<StrColumn>,
    reporter: Option<StrColumn>,
    path: Option<StrColumn>,
    translation_of: Option<StrColumn>,
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
        let column = |field| fast.str(schema.get_field_name(field));
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
    /// id of its translation group (the original's id).
    pub(crate) fn meta(&self, doc: DocId) -> Result<(ArticleMeta, String), SearchError> {
        let id = value(&self.id, doc)?.unwrap_or_default();
        let group = value(&self.translation_of, doc)?.unwrap_or_else(|| id.clone());
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
        Ok((meta, group))
    }
}

/// The value of a single-valued text column; `None` when absent or empty
/// (as a stored field reads).
fn value(column: &Option<StrColumn>, doc: DocId) -> Result<Option<String>, SearchError> {
    let Some(column) = column else {
        return Ok(None);
    };
    let Some(ord) = column.term_ords(doc).next() else {
        return Ok(None);
    };
    let mut out = String::new();
    column
        .ord_to_str(ord, &mut out)
        .map_err(|e| SearchError::Tantivy(e.into()))?;
    Ok(Some(out).filter(|s| !s.is_empty()))
}
