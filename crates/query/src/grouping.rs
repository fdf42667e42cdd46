//! Translation groups: an article and its translations are one result.
//!
//! A bilingual corpus prints most stories twice; listing both would fill a
//! page with pairs. A group is an original and the articles whose
//! `translation_of` names it; the originals that have a translation are the
//! terms of that field. From those, [`Groups`] maps
//! the documents of each segment that share a group to a group number,
//! once per index generation. Collecting then keeps the best-scoring
//! member of each group and counts groups, not articles; a document in no
//! group costs one hash lookup (none at all when the index has no
//! translations, the common case).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use newsreel_indexer::schema::column_value;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

/// Which documents belong to a translation group, per segment, and the
/// ids of each group's members.
#[derive(Debug, Default)]
pub(crate) struct Groups {
    /// Indexed by segment ordinal: document → group number.
    segments: Vec<HashMap<DocId, u32>>,
    /// Group name (the original's id) → group number.
    numbers: HashMap<String, u32>,
    /// Indexed by group number: the members' ids, sorted.
    members: Vec<Vec<String>>,
}

impl Groups {
    /// Read the groups of `searcher`'s segments. The terms of
    /// `translation_of` name the originals that have a translation; a
    /// group's members are the original (its `id`) and the articles whose
    /// `translation_of` names it, each member's id read from the `id` column.
    pub(crate) fn read(
        searcher: &Searcher,
        translation_of: Field,
        id: Field,
    ) -> tantivy::Result<Groups> {
        let mut names: HashMap<Vec<u8>, u32> = HashMap::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(translation_of)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                let next = names.len() as u32;
                names.entry(stream.key().to_vec()).or_insert(next);
            }
        }
        let schema = searcher.schema();
        let (id_name, translation_name) = (
            schema.get_field_name(id),
            schema.get_field_name(translation_of),
        );
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        let mut members: Vec<Vec<String>> = vec![Vec::new(); names.len()];
        let mut value = String::new();
        for segment in searcher.segment_readers() {
            let mut in_segment = HashMap::new();
            if names.is_empty() {
                segments.push(in_segment);
                continue;
            }
            let fast = segment.fast_fields();
            let (ids, translates) = (fast.str(id_name)?, fast.str(translation_name)?);
            let by_translation = segment.inverted_index(translation_of)?;
            let by_id = segment.inverted_index(id)?;
            for (name, &number) in &names {
                let Ok(text) = std::str::from_utf8(name) else {
                    continue;
                };
                // The translations, then the original: the article with the
                // group's id, unless it is a translation itself (then it is a
                // member of its own original's group).
                let lists = [
                    (
                        &by_translation,
                        Term::from_field_text(translation_of, text),
                        false,
                    ),
                    (&by_id, Term::from_field_text(id, text), true),
                ];
                for (inverted, term, original) in lists {
                    let Some(mut postings) =
                        inverted.read_postings(&term, IndexRecordOption::Basic)?
                    else {
                        continue;
                    };
                    let has = |column: &Option<StrColumn>, doc, value: &mut String| {
                        column
                            .as_ref()
                            .is_some_and(|c| column_value(c, doc, value).unwrap_or(false))
                    };
                    while postings.doc() != tantivy::TERMINATED {
                        let doc = postings.doc();
                        postings.advance();
                        if segment.is_deleted(doc)
                            || (original && has(&translates, doc, &mut value))
                        {
                            continue;
                        }
                        in_segment.insert(doc, number);
                        if has(&ids, doc, &mut value) {
                            members[number as usize].push(value.clone());
                        }
                    }
                }
            }
            segments.push(in_segment);
        }
        for ids in &mut members {
            ids.sort();
        }
        let numbers = names
            .into_iter()
            .filter_map(|(name, n)| Some((String::from_utf8(name).ok()?, n)))
            .collect();
        Ok(Groups {
            segments,
            numbers,
            members,
        })
    }

    /// The ids of the other members of the group named `group` (none when
    /// the article has no translation).
    pub(crate) fn others(&self, group: &str, id: &str) -> Vec<String> {
        self.numbers
            .get(group)
            .map(|&n| {
                self.members[n as usize]
                    .iter()
                    .filter(|m| **m != *id)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// True when no document shares a group: grouping changes nothing.
    pub(crate) fn is_empty(&self) -> bool {
        self.segments.iter().all(HashMap::is_empty)
    }
}

/// A hit in a heap: by score, then (like tantivy's `TopDocs`) earlier documents first.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: Score,
    address: DocAddress,
}

impl Ranked {
    fn better(&self, other: &Ranked) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.address.cmp(&self.address))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.better(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    /// Reversed, so a `BinaryHeap` keeps the worst kept hit on top.
    fn cmp(&self, other: &Self) -> Ordering {
        other.better(self)
    }
}

/// The best `offset + limit` results with one per translation group, and
/// the number of results (groups counted once).
pub(crate) struct GroupedTopDocs {
    pub(crate) groups: Arc<Groups>,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
}

/// What one segment found.
pub(crate) struct GroupedFruit {
    /// Best hits outside any group.
    single: Vec<Ranked>,
    single_count: usize,
    /// Best hit of each group seen.
    grouped: HashMap<u32, Ranked>,
}

pub(crate) struct GroupedSegmentCollector {
    segment: SegmentOrdinal,
    groups: Arc<Groups>,
    wanted: usize,
    heap: BinaryHeap<Ranked>,
    single_count: usize,
    grouped: HashMap<u32, Ranked>,
}

impl Collector for GroupedTopDocs {
    type Fruit = (Vec<(Score, DocAddress)>, usize);
    type Child = GroupedSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        Ok(GroupedSegmentCollector {
            segment,
            groups: self.groups.clone(),
            wanted: self.limit + self.offset,
            heap: BinaryHeap::new(),
            single_count: 0,
            grouped: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<GroupedFruit>) -> tantivy::Result<Self::Fruit> {
        let mut grouped: HashMap<u32, Ranked> = HashMap::new();
        let mut all = Vec::new();
        let mut count = 0;
        for fruit in fruits {
            count += fruit.single_count;
            all.extend(fruit.single);
            for (group, hit) in fruit.grouped {
                grouped
                    .entry(group)
                    .and_modify(|best| {
                        if hit.better(best) == Ordering::Greater {
                            *best = hit;
                        }
                    })
                    .or_insert(hit);
            }
        }
        count += grouped.len();
        all.extend(grouped.into_values());
        all.sort_unstable_by(|a, b| b.better(a));
        let page = all
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .map(|r| (r.score, r.address))
            .collect();
        Ok((page, count))
    }
}

impl SegmentCollector for GroupedSegmentCollector {
    type Fruit = GroupedFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        let hit = Ranked {
            score,
            address: DocAddress::new(self.segment, doc),
        };
        let group = self
            .groups
            .segments
            .get(self.segment as usize)
            .and_then(|m| m.get(&doc));
        if let Some(&group) = group {
            self.grouped
                .entry(group)
                .and_modify(|best| {
                    if hit.better(best) == Ordering::Greater {
                        *best = hit;
                    }
                })
                .or_insert(hit);
            return;
        }
        self.single_count += 1;
        if self.heap.len() < self.wanted {
            self.heap.push(hit);
        } else if let Some(worst) = self.heap.peek() {
            if hit.better(worst) == Ordering::Greater {
                self.heap.pop();
                self.heap.push(hit);
            }
        }
    }

    fn harvest(self) -> GroupedFruit {
        GroupedFruit {
            single: self.heap.into_vec(),
            single_count: self.single_count,
            grouped: self.grouped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsreel_indexer::schema;
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// Groups are read from `id` and `translation_of`, over segments, without
    /// deleted articles; an article that translates another belongs to its
    /// original's group even when something names it as an original.
    #[test]
    fn members_are_the_original_and_its_live_translations() {
        let (schema, f) = schema::build();
        let index = Index::create_in_ram(schema);
        let analyzer = newsreel_analysis::Analyzer::builder().build().unwrap();
        newsreel_analysis::tokenizers::register(&index, &analyzer);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 20 << 20).unwrap();
        let add = |writer: &mut IndexWriter, id: &str, translates: Option<&str>| {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.id, id);
            if let Some(t) = translates {
                doc.add_text(f.translation_of, t);
            }
            writer.add_document(doc).unwrap();
        };
        add(&mut writer, "zh-1", None);
        add(&mut writer, "alone", None);
        add(&mut writer, "en-1", Some("zh-1"));
        add(&mut writer, "fr-1", Some("zh-1"));
        add(&mut writer, "gone", Some("zh-1"));
        // A translation of a translation: `en-1` names its group, but `en-1`
        // itself stays in `zh-1`'s.
        add(&mut writer, "de-1", Some("en-1"));
        writer.commit().unwrap();
        writer.delete_term(Term::from_field_text(f.id, "gone"));
        add(&mut writer, "ru-1", Some("zh-1"));
        writer.commit().unwrap();

        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let groups = Groups::read(&searcher, f.translation_of, f.id).unwrap();
        assert_eq!(groups.others("zh-1", "zh-1"), ["en-1", "fr-1", "ru-1"]);
        assert_eq!(groups.others("zh-1", "en-1"), ["fr-1", "ru-1", "zh-1"]);
        assert!(groups.others("en-1", "de-1").is_empty());
        assert!(groups.others("alone", "alone").is_empty());
        let grouped: usize = groups.segments.iter().map(HashMap::len).sum();
        assert_eq!(grouped, 5, "zh-1, en-1, fr-1, ru-1 and de-1");
    }
}
