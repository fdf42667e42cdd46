//! Facet counts: how the matching articles spread over languages, sources,
//! reporters and days.
//!
//! Counted from fast fields while the search runs, over every matching
//! article (not only the page of hits), in the same pass as the top hits.

use std::collections::HashMap;
use std::sync::Arc;

use newsreel_indexer::schema::day_string;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};
use utoipa::ToSchema;

/// Facet values beyond this many (by count) are left out of a string facet.
const MAX_VALUES: usize = 100;

/// One value of a facet and how many matching articles have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts of the matching articles per facet. String facets are sorted by
/// count (then value) and keep the top values; `date` is a per-day histogram
/// in date order, of the articles that carry a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Facets {
    pub lang: Vec<FacetCount>,
    pub source: Vec<FacetCount>,
    pub reporter: Vec<FacetCount>,
    pub date: Vec<FacetCount>,
}

/// The string fast fields counted, in the order of [`Facets`]' string facets.
const STRING_FACETS: [&str; 3] = ["lang", "source", "reporters"];

/// The columns facets are counted from, by segment ordinal: opened once per
/// index generation (opening them per search was a twentieth of a search
/// on a small index).
pub(crate) struct FacetColumns(Vec<SegmentFacetColumns>);

struct SegmentFacetColumns {
    strings: Vec<Option<StrColumn>>,
    days: Option<Column<u64>>,
}

impl FacetColumns {
    pub(crate) fn open(searcher: &Searcher) -> tantivy::Result<Self> {
        searcher
            .segment_readers()
            .iter()
            .map(|reader| {
                let fast = reader.fast_fields();
                Ok(SegmentFacetColumns {
                    strings: STRING_FACETS
                        .iter()
                        .map(|name| fast.str(name))
                        .collect::<tantivy::Result<_>>()?,
                    days: fast.column_opt::<u64>("day")?,
                })
            })
            .collect::<tantivy::Result<_>>()
            .map(FacetColumns)
    }
}

/// Counts facets of every document it sees.
pub(crate) struct FacetCollector {
    /// Opened for the searcher this collector is used with.
    pub(crate) columns: Arc<FacetColumns>,
}

pub(crate) struct FacetSegmentCollector {
    columns: Vec<Option<(StrColumn, Vec<u64>)>>,
    days: Option<Column<u64>>,
    day_counts: HashMap<u64, u64>,
}

/// Per-segment fruit: counts by value for each string facet, and by day.
pub(crate) struct FacetFruit {
    strings: [HashMap<String, u64>; 3],
    days: HashMap<u64, u64>,
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let opened = self.columns.0.get(segment as usize).ok_or_else(|| {
            tantivy::TantivyError::InternalError(format!("no facet columns for segment {segment}"))
        })?;
        Ok(FacetSegmentCollector {
            columns: opened
                .strings
                .iter()
                .map(|c| {
                    c.clone().map(|c| {
                        let counts = vec![0; c.num_terms()];
                        (c, counts)
                    })
                })
                .collect(),
            days: opened.days.clone(),
            day_counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetFruit>) -> tantivy::Result<Facets> {
        let mut strings: [HashMap<String, u64>; 3] = Default::default();
        let mut days: HashMap<u64, u64> = HashMap::new();
        for fruit in fruits {
            for (total, part) in strings.iter_mut().zip(fruit.strings) {
                for (value, n) in part {
                    *total.entry(value).or_default() += n;
                }
            }
            for (day, n) in fruit.days {
                *days.entry(day).or_default() += n;
            }
        }
        let [lang, source, reporter] = strings.map(top_values);
        let mut date: Vec<(u64, u64)> = days.into_iter().collect();
        date.sort_unstable();
        Ok(Facets {
            lang,
            source,
            reporter,
            date: date
                .into_iter()
                .map(|(day, count)| FacetCount {
                    value: day_string(day),
                    count,
                })
                .collect(),
        })
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = FacetFruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in self.columns.iter_mut().flatten() {
            for ord in column.term_ords(doc) {
                counts[ord as usize] += 1;
            }
        }
        if let Some(days) = &self.days {
            for day in days.values_for_doc(doc) {
                *self.day_counts.entry(day).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> FacetFruit {
        let mut strings: [HashMap<String, u64>; 3] = Default::default();
        for (slot, column) in strings.iter_mut().zip(self.columns) {
            let Some((column, counts)) = column else {
                continue;
            };
            let mut value = String::new();
            for (ord, n) in counts.into_iter().enumerate().filter(|(_, n)| *n > 0) {
                // A dictionary read error leaves the value out of the counts.
                if column.ord_to_str(ord as u64, &mut value).unwrap_or(false) {
                    slot.insert(value.clone(), n);
                }
            }
        }
        FacetFruit {
            strings,
            days: self.day_counts,
        }
    }
}

fn top_values(counts: HashMap<String, u64>) -> Vec<FacetCount> {
    let mut values: Vec<FacetCount> = counts
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    values.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values.truncate(MAX_VALUES);
    values
}
