//! Where an index's bytes go: per field and per component (term dictionary,
//! postings, positions, fast fields, field norms) and the document store,
//! summed over segments, as shares of the whole. Used to decide what to
//! shrink when the size target of `benches/compare.sh` is missed.
//!
//!     index-space INDEX_DIR

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use tantivy::schema::{OwnedValue, Value};
use tantivy::space_usage::PerFieldSpaceUsage;
use tantivy::{DocAddress, Index, TantivyDocument};

fn main() -> Result<()> {
    let dir = std::env::args()
        .nth(1)
        .context("usage: index-space INDEX_DIR")?;
    let index = Index::open_in_dir(&dir).with_context(|| format!("opening {dir}"))?;
    let searcher = index.reader()?.searcher();
    let usage = searcher.space_usage()?;
    let mut per_field: BTreeMap<(String, &str), u64> = BTreeMap::new();
    let (mut store, mut deletes) = (0u64, 0u64);
    for segment in usage.segments() {
        let components: [(&str, &PerFieldSpaceUsage); 5] = [
            ("terms", segment.termdict()),
            ("postings", segment.postings()),
            ("positions", segment.positions()),
            ("fast", segment.fast_fields()),
            ("norms", segment.fieldnorms()),
        ];
        for (component, fields) in components {
            for field in fields.fields() {
                *per_field
                    .entry((field.field_name().to_string(), component))
                    .or_default() += field.total().get_bytes();
            }
        }
        store += segment.store().total().get_bytes();
        deletes += segment.deletes().get_bytes();
    }
    let total = usage.total().get_bytes() as f64;
    let mb = |b: u64| b as f64 / 1e6;
    println!(
        "{} segments, {} docs, {:.1} MB",
        usage.segments().len(),
        searcher.num_docs(),
        total / 1e6
    );
    let mut rows: Vec<_> = per_field.into_iter().filter(|(_, b)| *b > 0).collect();
    rows.push((("(document store)".to_string(), "store"), store));
    rows.push((("(deletes)".to_string(), "deletes"), deletes));
    rows.sort_by_key(|row| std::cmp::Reverse(row.1));
    for ((field, component), bytes) in rows {
        println!(
            "{:>8.2} MB {:>5.1}%  {field} {component}",
            mb(bytes),
            100.0 * bytes as f64 / total
        );
    }
    stored_text(&index, &searcher)
}

/// Uncompressed bytes of each stored field: what the document store holds
/// before compression.
fn stored_text(index: &Index, searcher: &tantivy::Searcher) -> Result<()> {
    let schema = index.schema();
    let mut bytes: BTreeMap<String, u64> = BTreeMap::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in 0..segment.max_doc() {
            if segment.is_deleted(doc) {
                continue;
            }
            let document: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc))?;
            for (field, value) in document.field_values() {
                let len = match value.as_value().as_str() {
                    Some(text) => text.len(),
                    None => std::mem::size_of::<OwnedValue>(),
                };
                *bytes
                    .entry(schema.get_field_name(field).to_string())
                    .or_default() += len as u64;
            }
        }
    }
    let mut rows: Vec<_> = bytes.into_iter().collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.1));
    println!("stored, before compression:");
    for (field, b) in rows {
        println!("{:>8.2} MB  {field}", b as f64 / 1e6);
    }
    Ok(())
}
