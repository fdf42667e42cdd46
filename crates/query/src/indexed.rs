//! Word lookups in fields no article of the index has.
//!
//! Each query word is looked up in four word fields (title, subtitle, body,
//! captions), and many corpora have no subtitles or captions at all: news
//! wires, for one. Asked for a field no document of a segment has, tantivy
//! builds an empty reader anew each time — for the term's statistics, then
//! again for each segment's scorer. On the news corpus that was a twentieth
//! of a server's time. [`InIndexedField`] answers nothing at once there.

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::query::{EmptyQuery, EnableScoring, Query, TermQuery, Weight};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::generation::PerGeneration;

/// The fields some segment of an index generation has postings for.
#[derive(Debug)]
pub(crate) struct IndexedFields(HashSet<Field>);

impl IndexedFields {
    fn read(searcher: &Searcher) -> tantivy::Result<Self> {
        let mut fields = HashSet::new();
        // Stored-only fields have no postings; asking tantivy for them
        // would only log that they are not indexed.
        let indexed = searcher.schema().fields().filter(|(_, e)| e.is_indexed());
        for (field, _) in indexed {
            for segment in searcher.segment_readers() {
                if segment.inverted_index(field)?.terms().num_terms() > 0 {
                    fields.insert(field);
                    break;
                }
            }
        }
        Ok(IndexedFields(fields))
    }
}

/// Which fields each generation has, shared by the queries of an engine.
pub(crate) type IndexedFieldsCache = Arc<PerGeneration<IndexedFields>>;

/// A term query that matches nothing, without asking any segment, when no
/// article of the searched generation has the term's field.
#[derive(Clone, Debug)]
pub(crate) struct InIndexedField {
    query: TermQuery,
    indexed: IndexedFieldsCache,
}

impl InIndexedField {
    pub(crate) fn new(query: TermQuery, indexed: IndexedFieldsCache) -> Self {
        InIndexedField { query, indexed }
    }
}

impl Query for InIndexedField {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        if let Some(searcher) = scoring.searcher() {
            let indexed = self
                .indexed
                .get(searcher, || IndexedFields::read(searcher))?;
            if !indexed.0.contains(&self.query.term().field()) {
                return EmptyQuery.weight(scoring);
            }
        }
        self.query.weight(scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    /// Same hits and scores as the plain term query, in fields some article
    /// has; nothing, and no error, in a field none has.
    #[test]
    fn matches_as_the_term_query_where_the_field_is_indexed() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let captions = schema.add_text_field("captions", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 20 << 20).unwrap();
        for text in [
            "film festival opens",
            "the festival jury",
            "a film about rivers",
        ] {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let cache: IndexedFieldsCache = Arc::default();
        let top = TopDocs::with_limit(10).order_by_score();
        for word in ["festival", "film", "absent"] {
            let term = TermQuery::new(
                Term::from_field_text(body, word),
                IndexRecordOption::WithFreqs,
            );
            let wrapped = InIndexedField::new(term.clone(), cache.clone());
            assert_eq!(
                searcher.search(&wrapped, &top).unwrap(),
                searcher.search(&term, &top).unwrap(),
                "{word}"
            );
        }
        let none = InIndexedField::new(
            TermQuery::new(
                Term::from_field_text(captions, "film"),
                IndexRecordOption::WithFreqs,
            ),
            cache.clone(),
        );
        assert_eq!(searcher.search(&none, &Count).unwrap(), 0);
        let fields = cache
            .get(&searcher, || IndexedFields::read(&searcher))
            .unwrap();
        assert!(fields.0.contains(&body) && !fields.0.contains(&captions));
        // Once an article has the field, the next generation searches it.
        writer.add_document(doc!(captions => "film still")).unwrap();
        writer.commit().unwrap();
        let reader = index.reader().unwrap();
        reader.reload().unwrap();
        assert_eq!(reader.searcher().search(&none, &Count).unwrap(), 1);
    }
}
