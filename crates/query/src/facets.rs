//! Facet counts: how the matching articles spread over languages, sources,
//! reporters and days.
//!
//! Counted over every matching article (not only the page of hits), in the
//! same pass as the top hits, from the fast fields' values decoded once per
//! index generation (see [`FacetColumns`]). Days are counted one by one and
//! then summed into the bars of a timeline (see [`crate::timeline`]).

#[cfg(test)]
use std::collections::BTreeMap;
use std::sync::Arc;

use newsreel_indexer::schema::{day_number, day_string};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};
use utoipa::ToSchema;

use crate::timeline::{Calendar, DateCount, DateUnit};

/// Facet values beyond this many (by count) are left out of a string facet.
const MAX_VALUES: usize = 100;

/// One value of a facet and how many matching articles have it.
///
/// The value is shared with the index generation's list of values rather
/// than copied into each answer: a search matching news of five years
/// names some 1,700 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FacetCount {
    #[schema(value_type = String)]
    pub value: Arc<str>,
    pub count: u64,
}

/// Counts of the matching articles per facet. String facets are sorted by
/// count (then value) and keep the top values; `date` is a histogram in
/// date order, of the articles that carry a date, per `date_unit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Facets {
    pub lang: Vec<FacetCount>,
    pub source: Vec<FacetCount>,
    pub reporter: Vec<FacetCount>,
    pub date: Vec<DateCount>,
    /// What each bar of `date` covers: the unit asked for, or else days
    /// within three calendar months, months within ten years, else years.
    pub date_unit: DateUnit,
}

/// The string fast fields counted, in the order of [`Facets`]' string facets.
const STRING_FACETS: [&str; 3] = ["lang", "source", "reporters"];

/// The facets in the order of [`Facets`]: the string facets, then days.
const FACETS: usize = 4;
const DAYS: usize = 3;

/// Every facet value of an index generation, and each document's values as
/// numbers into them, decoded once per generation. Reading each matching
/// article's values from the fast-field columns was a third of facet
/// counting, and merging the segments' counts by hashing each value (and
/// formatting each day anew) was as much again: a query matching news of
/// five years has some 1,700 days. With values numbered across the whole
/// index, counting a match is an array read and an increment, and merging
/// is adding numbers.
pub(crate) struct FacetColumns {
    segments: Vec<Arc<SegmentFacets>>,
    /// Per facet, its values in order (strings by text, days by date, as
    /// `YYYY-MM-DD`): what the value numbers stand for.
    keys: [Vec<Arc<str>>; FACETS],
    /// The days of `keys[DAYS]` and the timeline bars they fall in.
    calendar: Calendar,
}

/// The values of one segment's documents.
enum SegmentFacets {
    /// When no document of the segment has two values of one facet (news
    /// have one language, one source, one day and most have at most one
    /// reporter): each document's value numbers plus one (0 for none), in
    /// one row, so counting a match reads one place instead of two offsets
    /// and a value per facet.
    Rows(Vec<[u16; FACETS]>),
    /// Otherwise, per facet.
    Lists([DecodedFacet; FACETS]),
}

impl SegmentFacets {
    fn new(facets: [DecodedFacet; FACETS]) -> Self {
        let single = facets.iter().all(|f| {
            f.starts.windows(2).all(|w| w[1] - w[0] <= 1)
                && f.values.iter().all(|&v| v < u32::from(u16::MAX))
        });
        if !single {
            return SegmentFacets::Lists(facets);
        }
        let docs = facets[0].starts.len().saturating_sub(1);
        let rows = (0..docs as DocId)
            .map(|doc| {
                std::array::from_fn(|f| {
                    facets[f]
                        .values_of(doc)
                        .first()
                        .map_or(0, |&v| v as u16 + 1)
                })
            })
            .collect();
        SegmentFacets::Rows(rows)
    }
}

/// One facet of one segment: each document's value numbers.
struct DecodedFacet {
    /// The values of document `d` are `values[starts[d]..starts[d + 1]]`.
    starts: Vec<u32>,
    values: Vec<u32>,
}

impl DecodedFacet {
    /// Decode `max_doc` documents; `values_of` lists a document's value numbers.
    fn decode<I: Iterator<Item = u32>>(
        max_doc: u32,
        mut values_of: impl FnMut(DocId) -> I,
    ) -> Self {
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut values = Vec::with_capacity(max_doc as usize);
        starts.push(0);
        for doc in 0..max_doc {
            values.extend(values_of(doc));
            starts.push(values.len() as u32);
        }
        DecodedFacet { starts, values }
    }

    fn values_of(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        match (self.starts.get(d), self.starts.get(d + 1)) {
            (Some(&from), Some(&to)) => &self.values[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// A segment's column of one facet.
enum SegmentColumn {
    Strings(StrColumn),
    /// The column, and the days it holds in order.
    Days(Column<u64>, Vec<u64>),
    Absent,
}

impl SegmentColumn {
    fn days(column: Column<u64>, max_doc: u32) -> Self {
        let mut days: Vec<u64> = (0..max_doc)
            .flat_map(|doc| column.values_for_doc(doc))
            .collect();
        days.sort_unstable();
        days.dedup();
        SegmentColumn::Days(column, days)
    }

    /// The column's values in its own order (string ordinals, or sorted days).
    fn values(&self) -> tantivy::Result<Vec<String>> {
        Ok(match self {
            SegmentColumn::Strings(column) => {
                let mut keys = Vec::with_capacity(column.dictionary().num_terms());
                let mut terms = column.dictionary().stream()?;
                while terms.advance() {
                    keys.push(String::from_utf8_lossy(terms.key()).into_owned());
                }
                keys
            }
            SegmentColumn::Days(_, days) => days.iter().copied().map(day_string).collect(),
            SegmentColumn::Absent => Vec::new(),
        })
    }

    /// Each document's values, numbered by `global`: the number of each of
    /// this column's values in [`Self::values`] order.
    fn decode(&self, max_doc: u32, global: &[u32]) -> DecodedFacet {
        match self {
            SegmentColumn::Strings(column) => DecodedFacet::decode(max_doc, |doc| {
                column.term_ords(doc).map(|ord| global[ord as usize])
            }),
            SegmentColumn::Days(column, days) => DecodedFacet::decode(max_doc, |doc| {
                column
                    .values_for_doc(doc)
                    .map(|day| global[days.binary_search(&day).unwrap_or_default()])
            }),
            SegmentColumn::Absent => DecodedFacet::decode(max_doc, |_| std::iter::empty()),
        }
    }
}

impl FacetColumns {
    pub(crate) fn open(searcher: &Searcher) -> tantivy::Result<Self> {
        let readers = searcher.segment_readers();
        let mut columns: Vec<[SegmentColumn; FACETS]> = Vec::with_capacity(readers.len());
        for reader in readers {
            let fast = reader.fast_fields();
            let string = |name| -> tantivy::Result<SegmentColumn> {
                Ok(fast
                    .str(name)?
                    .map_or(SegmentColumn::Absent, SegmentColumn::Strings))
            };
            columns.push([
                string(STRING_FACETS[0])?,
                string(STRING_FACETS[1])?,
                string(STRING_FACETS[2])?,
                fast.column_opt::<u64>("day")?
                    .map_or(SegmentColumn::Absent, |c| {
                        SegmentColumn::days(c, reader.max_doc())
                    }),
            ]);
        }
        let mut keys: [Vec<Arc<str>>; FACETS] = Default::default();
        let mut decoded: Vec<Vec<DecodedFacet>> = (0..readers.len()).map(|_| Vec::new()).collect();
        for (facet, all) in keys.iter_mut().enumerate() {
            let local: Vec<Vec<String>> = columns
                .iter()
                .map(|c| c[facet].values())
                .collect::<tantivy::Result<_>>()?;
            let mut values: Vec<&str> = local.iter().flatten().map(String::as_str).collect();
            values.sort_unstable();
            values.dedup();
            for (segment, reader) in readers.iter().enumerate() {
                let global: Vec<u32> = local[segment]
                    .iter()
                    .map(|v| values.binary_search(&v.as_str()).unwrap_or_default() as u32)
                    .collect();
                decoded[segment].push(columns[segment][facet].decode(reader.max_doc(), &global));
            }
            *all = values.into_iter().map(Arc::from).collect();
        }
        let calendar = Calendar::new(
            keys[DAYS]
                .iter()
                .map(|d| (day_number(d).unwrap_or_default(), d.clone())),
        );
        let segments = decoded
            .into_iter()
            .map(|facets| {
                let facets: [DecodedFacet; FACETS] = facets
                    .try_into()
                    .unwrap_or_else(|_| unreachable!("one decoded column per facet"));
                Arc::new(SegmentFacets::new(facets))
            })
            .collect();
        Ok(FacetColumns {
            segments,
            keys,
            calendar,
        })
    }
}

/// Counts facets of every document it sees.
pub(crate) struct FacetCollector {
    /// Decoded for the searcher this collector is used with.
    pub(crate) columns: Arc<FacetColumns>,
    /// The unit of the date histogram; `None` picks the one that fits.
    pub(crate) date_unit: Option<DateUnit>,
}

pub(crate) struct FacetSegmentCollector {
    facets: Arc<SegmentFacets>,
    counts: [Counts; FACETS],
}

/// Counts by value number, and the numbers counted at least once (so that
/// reading the counts out costs what the matches touched).
struct Counts {
    by_value: Vec<u32>,
    seen: Vec<u32>,
}

impl Counts {
    fn new(values: usize) -> Self {
        Counts {
            by_value: vec![0; values],
            seen: Vec::new(),
        }
    }

    #[inline]
    fn add(&mut self, values: &[u32]) {
        for &v in values {
            self.add_one(v);
        }
    }

    #[inline]
    fn add_one(&mut self, v: u32) {
        if let Some(n) = self.by_value.get_mut(v as usize) {
            if *n == 0 {
                self.seen.push(v);
            }
            *n += 1;
        }
    }

    /// (value number, count) of each value counted.
    fn into_counted(self) -> Vec<(u32, u32)> {
        let by_value = self.by_value;
        self.seen
            .into_iter()
            .map(|v| (v, by_value[v as usize]))
            .collect()
    }
}

impl Collector for FacetCollector {
    type Fruit = Facets;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let facets = self.columns.segments.get(segment as usize).ok_or_else(|| {
            tantivy::TantivyError::InternalError(format!("no facet columns for segment {segment}"))
        })?;
        Ok(FacetSegmentCollector {
            facets: Arc::clone(facets),
            counts: std::array::from_fn(|facet| Counts::new(self.columns.keys[facet].len())),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<[Vec<(u32, u32)>; FACETS]>) -> tantivy::Result<Facets> {
        let keys = &self.columns.keys;
        let mut totals: [Vec<(u32, u64)>; FACETS] = std::array::from_fn(|facet| {
            let mut total: Vec<u64> = Vec::new();
            // The values counted, in the order first seen; days are read in
            // date order, which is value order, by a pass over the index's
            // days instead of sorting the matched ones.
            let mut seen: Option<Vec<u32>> = (facet != DAYS).then(Vec::new);
            for counted in fruits.iter().map(|f| &f[facet]) {
                if total.is_empty() && !counted.is_empty() {
                    total = vec![0; keys[facet].len()];
                }
                for &(v, n) in counted {
                    if let Some(seen) = seen.as_mut().filter(|_| total[v as usize] == 0) {
                        seen.push(v);
                    }
                    total[v as usize] += u64::from(n);
                }
            }
            match seen {
                Some(seen) => seen.into_iter().map(|v| (v, total[v as usize])).collect(),
                None => (0..).zip(total).filter(|&(_, n)| n > 0).collect(),
            }
        });
        let named = |facet: usize, counted: &[(u32, u64)]| -> Vec<FacetCount> {
            counted
                .iter()
                .map(|&(v, count)| FacetCount {
                    value: keys[facet][v as usize].clone(),
                    count,
                })
                .collect()
        };
        // Strings: most frequent first (then by text, which is value order).
        for counted in &mut totals[..DAYS] {
            counted.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            counted.truncate(MAX_VALUES);
        }
        let (date_unit, date) = self
            .columns
            .calendar
            .histogram(&totals[DAYS], self.date_unit);
        Ok(Facets {
            lang: named(0, &totals[0]),
            source: named(1, &totals[1]),
            reporter: named(2, &totals[2]),
            date,
            date_unit,
        })
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = [Vec<(u32, u32)>; FACETS];

    fn collect(&mut self, doc: DocId, _score: Score) {
        match &*self.facets {
            SegmentFacets::Rows(rows) => {
                let Some(row) = rows.get(doc as usize) else {
                    return;
                };
                for (counts, &v) in self.counts.iter_mut().zip(row) {
                    if v != 0 {
                        counts.add_one(u32::from(v - 1));
                    }
                }
            }
            SegmentFacets::Lists(facets) => {
                for (counts, facet) in self.counts.iter_mut().zip(facets) {
                    counts.add(facet.values_of(doc));
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.counts.map(Counts::into_counted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsreel_indexer::schema;
    use tantivy::indexer::NoMergePolicy;
    use tantivy::query::{AllQuery, Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{Index, IndexWriter, TantivyDocument, Term};

    /// One article's facet values: language, source, reporters, day.
    type Values = (
        &'static str,
        Option<&'static str>,
        Vec<&'static str>,
        Option<u64>,
    );

    /// Articles over four segments, with days decades apart, missing values
    /// on some, and `reporters(i)` reporters on article `i` (up to 2).
    fn articles(reporters_of: fn(usize) -> usize) -> Vec<Values> {
        let sources = [Some("新华社"), Some("Reuters"), None];
        let reporters = ["李明", "王芳", "J. Smith"];
        let days = [
            Some(19870302),
            Some(19871231),
            Some(20220101),
            Some(20250705),
            Some(20261130),
            None,
        ];
        (0..240usize)
            .map(|i| {
                let lang = if i % 3 == 0 { "en" } else { "zh" };
                let names = reporters
                    .iter()
                    .copied()
                    .skip(i % 4)
                    .take(reporters_of(i))
                    .collect();
                (lang, sources[i % 3], names, days[i % 7 % 6])
            })
            .collect()
    }

    /// Which articles a query matches.
    type Matches = fn(&Values) -> bool;

    fn count<'a>(values: impl Iterator<Item = &'a str>) -> BTreeMap<String, u64> {
        let mut counts = BTreeMap::new();
        for v in values {
            *counts.entry(v.to_string()).or_default() += 1;
        }
        counts
    }

    fn as_map(facet: &[FacetCount]) -> BTreeMap<String, u64> {
        facet
            .iter()
            .map(|f| (f.value.to_string(), f.count))
            .collect()
    }

    /// Every facet equals a plain count over the articles the query matches,
    /// over four segments and over one (whose counts need no merging), with
    /// each query run twice (the second time on count arrays kept from the
    /// first); whether segments count from rows (no article with two
    /// reporters), from per-facet lists (some), or some from each.
    #[test]
    fn counts_equal_a_plain_count_over_the_matching_articles() {
        let several: fn(usize) -> usize = |i| i % 3;
        let at_most_one: fn(usize) -> usize = |i| (i % 3).min(1);
        let several_in_the_last_quarter: fn(usize) -> usize =
            |i| if i >= 180 { i % 3 } else { (i % 3).min(1) };
        for (segments, reporters_of, rows) in [
            (4, several, [false; 4].as_slice()),
            (1, several, &[false]),
            (4, at_most_one, &[true; 4]),
            (1, at_most_one, &[true]),
            (4, several_in_the_last_quarter, &[true, true, true, false]),
        ] {
            counts_equal_a_plain_count(segments, reporters_of, rows);
        }
    }

    fn counts_equal_a_plain_count(
        segments: usize,
        reporters_of: fn(usize) -> usize,
        rows: &[bool],
    ) {
        let (schema, f) = schema::build();
        let index = Index::create_in_ram(schema);
        let analyzer = newsreel_analysis::Analyzer::builder().build().unwrap();
        newsreel_analysis::tokenizers::register(&index, &analyzer);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 20 << 20).unwrap();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let all = articles(reporters_of);
        for (i, (lang, source, names, day)) in all.iter().enumerate() {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.lang, lang);
            if let Some(s) = source {
                doc.add_text(f.source, s);
            }
            for name in names {
                doc.add_text(f.reporters, name);
            }
            if let Some(d) = day {
                doc.add_u64(f.day, *d);
            }
            writer.add_document(doc).unwrap();
            if (i + 1) % (all.len() / segments) == 0 {
                writer.commit().unwrap();
            }
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), segments);
        let columns = Arc::new(FacetColumns::open(&searcher).unwrap());
        // (Segments are listed in no particular order.)
        let mut by_rows: Vec<bool> = columns
            .segments
            .iter()
            .map(|s| matches!(**s, SegmentFacets::Rows(_)))
            .collect();
        by_rows.sort_unstable();
        let mut rows = rows.to_vec();
        rows.sort_unstable();
        assert_eq!(by_rows, rows);
        let collector = |date_unit| FacetCollector {
            columns: Arc::clone(&columns),
            date_unit,
        };
        let queries: [(Box<dyn Query>, Matches); 2] = [
            (Box::new(AllQuery), |_| true),
            (
                Box::new(TermQuery::new(
                    Term::from_field_text(f.lang, "zh"),
                    IndexRecordOption::Basic,
                )),
                |a| a.0 == "zh",
            ),
        ];
        for (query, matches) in queries.iter().chain(&queries) {
            let facets = searcher.search(&**query, &collector(None)).unwrap();
            let matching: Vec<&Values> = all.iter().filter(|a| matches(a)).collect();
            assert_eq!(as_map(&facets.lang), count(matching.iter().map(|a| a.0)));
            assert_eq!(
                as_map(&facets.source),
                count(matching.iter().filter_map(|a| a.1))
            );
            assert_eq!(
                as_map(&facets.reporter),
                count(matching.iter().flat_map(|a| a.2.iter().copied()))
            );
            let days: Vec<String> = matching
                .iter()
                .filter_map(|a| a.3)
                .map(day_string)
                .collect();
            // Days decades apart are counted by year unless asked otherwise;
            // a bar's name is the start of its days' text.
            assert_eq!(facets.date_unit, DateUnit::Year);
            for (unit, name) in [
                (None, 4),
                (Some(DateUnit::Year), 4),
                (Some(DateUnit::Month), 7),
                (Some(DateUnit::Day), 10),
            ] {
                let facets = searcher.search(&**query, &collector(unit)).unwrap();
                let bars: BTreeMap<String, u64> = facets
                    .date
                    .iter()
                    .map(|b| (b.value.to_string(), b.count))
                    .collect();
                assert_eq!(bars, count(days.iter().map(|d| &d[..name])), "{unit:?}");
                let order: Vec<&str> = facets.date.iter().map(|d| &*d.value).collect();
                assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
            }
        }
    }
}
