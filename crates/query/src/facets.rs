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
    day_counts: DayCounts,
}

/// Per-day counts of one segment. Counting by hashing each matching
/// article's day was a third of facet counting; a segment's days span a
/// few years, so they are counted in an array from its first day (any day
/// outside it, in a map).
struct DayCounts {
    first: u64,
    counts: Vec<u64>,
    others: HashMap<u64, u64>,
}

/// Widest span of days counted in an array (about 180 years).
const MAX_DAY_SPAN: u64 = 1 << 16;

impl DayCounts {
    fn for_column(days: Option<&Column<u64>>) -> Self {
        let (first, span) = match days {
            Some(c) if c.max_value().saturating_sub(c.min_value()) < MAX_DAY_SPAN => {
                (c.min_value(), c.max_value() - c.min_value() + 1)
            }
            _ => (0, 0),
        };
        DayCounts {
            first,
            counts: vec![0; span as usize],
            others: HashMap::new(),
        }
    }

    fn add(&mut self, day: u64) {
        let slot = day
            .checked_sub(self.first)
            .and_then(|i| self.counts.get_mut(usize::try_from(i).ok()?));
        match slot {
            Some(n) => *n += 1,
            None => *self.others.entry(day).or_default() += 1,
        }
    }

    fn into_map(self) -> HashMap<u64, u64> {
        let first = self.first;
        let mut map = self.others;
        for (i, n) in self.counts.into_iter().enumerate().filter(|&(_, n)| n > 0) {
            *map.entry(first + i as u64).or_default() += n;
        }
        map
    }
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
            day_counts: DayCounts::for_column(opened.days.as_ref()),
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
                self.day_counts.add(day);
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
            days: self.day_counts.into_map(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Days in the array and days outside it (before, after, far after)
    /// all count, and only days that occurred come out.
    #[test]
    fn days_outside_the_counted_span_still_count() {
        let mut days = DayCounts {
            first: 20_000,
            counts: vec![0; 3],
            others: HashMap::new(),
        };
        for day in [20_000, 20_002, 20_002, 19_999, 20_003, 90_000] {
            days.add(day);
        }
        let expected: HashMap<u64, u64> = [
            (20_000, 1),
            (20_002, 2),
            (19_999, 1),
            (20_003, 1),
            (90_000, 1),
        ]
        .into();
        assert_eq!(days.into_map(), expected);
    }
}
