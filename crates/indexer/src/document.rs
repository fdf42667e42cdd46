//! An article as the index writer receives it: each text held once, listed
//! under every field that indexes it.
//!
//! A body is indexed by four fields (words, exact bigrams, single units,
//! suggestions), each with its own tokenizer. A [`tantivy::TantivyDocument`]
//! would hold four copies of it, and the writer's queue holds up to 10,000
//! documents waiting for an indexing thread: on a news corpus that was
//! about 60 MB of copies, a sixth of the peak memory of an indexing run. The
//! writer turns each document into its own form only when a thread takes it.

use tantivy::schema::{Document, Field, OwnedValue};

/// One article's field values; a text added to several fields is stored once.
#[derive(Debug, Default)]
pub struct ArticleDocument {
    values: Vec<OwnedValue>,
    /// Each field with the index of its value in `values`.
    fields: Vec<(Field, usize)>,
}

impl ArticleDocument {
    /// Add `text` to each of `fields`.
    pub fn add_text(&mut self, fields: &[Field], text: &str) {
        self.add(fields, OwnedValue::Str(text.to_string()));
    }

    /// Add a number to `field`.
    pub fn add_u64(&mut self, field: Field, value: u64) {
        self.add(&[field], OwnedValue::U64(value));
    }

    fn add(&mut self, fields: &[Field], value: OwnedValue) {
        let at = self.values.len();
        self.values.push(value);
        self.fields.extend(fields.iter().map(|&field| (field, at)));
    }
}

impl Document for ArticleDocument {
    type Value<'a> = &'a OwnedValue;
    type FieldsValuesIter<'a> = FieldValues<'a>;

    fn iter_fields_and_values(&self) -> FieldValues<'_> {
        FieldValues {
            document: self,
            next: 0,
        }
    }
}

/// The (field, value) pairs of an [`ArticleDocument`], in the order added.
pub struct FieldValues<'a> {
    document: &'a ArticleDocument,
    next: usize,
}

impl<'a> Iterator for FieldValues<'a> {
    type Item = (Field, &'a OwnedValue);

    fn next(&mut self) -> Option<Self::Item> {
        let &(field, at) = self.document.fields.get(self.next)?;
        self.next += 1;
        Some((field, &self.document.values[at]))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.document.fields.len() - self.next;
        (left, Some(left))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, Value, STORED, TEXT};
    use tantivy::TantivyDocument;

    #[test]
    fn a_shared_text_reaches_every_field_in_order() {
        let mut schema = Schema::builder();
        let (a, b) = (
            schema.add_text_field("a", TEXT | STORED),
            schema.add_text_field("b", TEXT),
        );
        let c = schema.add_u64_field("c", STORED);
        let mut doc = ArticleDocument::default();
        doc.add_text(&[a, b], "电影节 opens");
        doc.add_u64(c, 20250705);
        doc.add_text(&[b], "second");
        let seen: Vec<(Field, String)> = doc
            .iter_fields_and_values()
            .map(|(f, v)| {
                let shown = v
                    .as_str()
                    .map_or_else(|| format!("{:?}", v.as_u64()), str::to_string);
                (f, shown)
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                (a, "电影节 opens".to_string()),
                (b, "电影节 opens".to_string()),
                (c, "Some(20250705)".to_string()),
                (b, "second".to_string()),
            ]
        );
        let plain: TantivyDocument = doc.into_tantivy_document();
        assert_eq!(plain.get_all(b).count(), 2);
        assert_eq!(
            plain.get_first(a).and_then(|v| v.as_str()),
            Some("电影节 opens")
        );
    }
}
