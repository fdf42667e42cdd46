//! The date facet as a histogram at the scale of what matched.
//!
//! Counted per day, a query over five years of news named some 1,200 days:
//! 45 KB of an answer whose ten hits were 11 KB, and a timeline of bars a
//! fraction of a pixel wide. So the days are summed into months when they
//! span more than a few months, and into years beyond ten years; a caller
//! may ask for one unit instead. Each bar names its first and last calendar
//! day, the `from` and `to` that filter a search down to it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What one bar of the date histogram covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DateUnit {
    Day,
    Month,
    Year,
}

impl DateUnit {
    /// `day`, `month` or `year`.
    pub fn parse(name: &str) -> Option<DateUnit> {
        match name.trim().to_ascii_lowercase().as_str() {
            "day" => Some(DateUnit::Day),
            "month" => Some(DateUnit::Month),
            "year" => Some(DateUnit::Year),
            _ => None,
        }
    }

    /// The unit for matches from `first` to `last` (days as `YYYYMMDD`):
    /// days while they touch at most [`DAY_BARS_MONTHS`] calendar months,
    /// months while they touch at most [`MONTH_BARS_YEARS`] years' worth of
    /// months, else years. Both bounds keep a timeline under ~120 bars.
    pub fn fitting(first: u64, last: u64) -> DateUnit {
        let months = month_index(last).saturating_sub(month_index(first)) + 1;
        if months <= DAY_BARS_MONTHS {
            DateUnit::Day
        } else if months <= MONTH_BARS_YEARS * 12 {
            DateUnit::Month
        } else {
            DateUnit::Year
        }
    }

    /// The first day of the bar holding `day`.
    fn start(self, day: u64) -> u64 {
        match self {
            DateUnit::Day => day,
            DateUnit::Month => day / 100 * 100 + 1,
            DateUnit::Year => day / 10_000 * 10_000 + 101,
        }
    }

    /// The last day of the bar that starts on `start`.
    fn end(self, start: u64) -> u64 {
        match self {
            DateUnit::Day => start,
            DateUnit::Month => {
                let (year, month) = (start / 10_000, start / 100 % 100);
                start / 100 * 100 + days_in_month(year, month)
            }
            DateUnit::Year => start / 10_000 * 10_000 + 1231,
        }
    }

    /// How the bar starting on `start` is named: `2025-07-05`, `2025-07`, `2025`.
    fn label(self, start: u64) -> String {
        let (year, month, day) = (start / 10_000, start / 100 % 100, start % 100);
        match self {
            DateUnit::Day => format!("{year:04}-{month:02}-{day:02}"),
            DateUnit::Month => format!("{year:04}-{month:02}"),
            DateUnit::Year => format!("{year:04}"),
        }
    }
}

/// Matches within this many calendar months are counted per day (at most 92 bars).
pub const DAY_BARS_MONTHS: u64 = 3;

/// Matches within this many years are counted per month (at most 120 bars).
pub const MONTH_BARS_YEARS: u64 = 10;

/// One bar of the date histogram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DateCount {
    /// The bar's name: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` by the unit.
    #[schema(value_type = String)]
    pub value: Arc<str>,
    /// The bar's first calendar day (`YYYY-MM-DD`), for a `from` filter.
    #[schema(value_type = String)]
    pub from: Arc<str>,
    /// The bar's last calendar day (`YYYY-MM-DD`), for a `to` filter.
    #[schema(value_type = String)]
    pub to: Arc<str>,
    /// Matching articles dated within the bar.
    pub count: u64,
}

/// The days of an index and the bars each falls in, named once per index
/// version: a month or year bar's three names, formatted anew for each
/// answer, were 3% of an uncached search over five years of news.
pub(crate) struct Calendar {
    days: Vec<CalendarDay>,
}

struct CalendarDay {
    /// `YYYYMMDD`.
    number: u64,
    /// Per unit (day, month, year): the first day of the bar holding this
    /// day, and the bar's names, shared by all its days.
    bars: [(u64, BarNames); 3],
}

#[derive(Clone)]
struct BarNames {
    value: Arc<str>,
    from: Arc<str>,
    to: Arc<str>,
}

const UNITS: [DateUnit; 3] = [DateUnit::Day, DateUnit::Month, DateUnit::Year];

impl Calendar {
    /// The calendar of `days`: `(YYYYMMDD, its YYYY-MM-DD text)` in date
    /// order, the values of the index's date facet.
    pub(crate) fn new(days: impl IntoIterator<Item = (u64, Arc<str>)>) -> Calendar {
        let mut out: Vec<CalendarDay> = Vec::new();
        for (number, text) in days {
            let bars = std::array::from_fn(|u| {
                let unit = UNITS[u];
                let start = unit.start(number);
                match out.last().map(|d| &d.bars[u]) {
                    Some((s, names)) if *s == start => (start, names.clone()),
                    _ if unit == DateUnit::Day => (
                        start,
                        BarNames {
                            value: text.clone(),
                            from: text.clone(),
                            to: text.clone(),
                        },
                    ),
                    _ => (
                        start,
                        BarNames {
                            value: unit.label(start).into(),
                            from: DateUnit::Day.label(start).into(),
                            to: DateUnit::Day.label(unit.end(start)).into(),
                        },
                    ),
                }
            });
            out.push(CalendarDay { number, bars });
        }
        Calendar { days: out }
    }

    /// The histogram of `counts` (day numbers into this calendar, in date
    /// order, with their matches) at `unit`, or at the unit that fits their
    /// span when `unit` is `None`; returns the unit used.
    pub(crate) fn histogram(
        &self,
        counts: &[(u32, u64)],
        unit: Option<DateUnit>,
    ) -> (DateUnit, Vec<DateCount>) {
        let day = |&(d, _): &(u32, u64)| &self.days[d as usize];
        let unit = unit.unwrap_or_else(|| match (counts.first(), counts.last()) {
            (Some(first), Some(last)) => DateUnit::fitting(day(first).number, day(last).number),
            _ => DateUnit::Day,
        });
        let u = UNITS.iter().position(|&x| x == unit).unwrap_or_default();
        let mut bars: Vec<(u64, DateCount)> = Vec::new();
        for c in counts {
            let (start, names) = &day(c).bars[u];
            match bars.last_mut() {
                Some((s, bar)) if s == start => bar.count += c.1,
                _ => bars.push((
                    *start,
                    DateCount {
                        value: names.value.clone(),
                        from: names.from.clone(),
                        to: names.to.clone(),
                        count: c.1,
                    },
                )),
            }
        }
        (unit, bars.into_iter().map(|(_, bar)| bar).collect())
    }
}

/// Months since year 0, so that spans can be counted in months.
fn month_index(day: u64) -> u64 {
    day / 10_000 * 12 + (day / 100 % 100).saturating_sub(1)
}

fn days_in_month(year: u64, month: u64) -> u64 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsreel_indexer::schema::{day_number, day_string};

    fn histogram_of(days: &[(u64, u64)], unit: Option<DateUnit>) -> (DateUnit, Vec<DateCount>) {
        let calendar = Calendar::new(days.iter().map(|&(d, _)| (d, day_string(d).into())));
        let counts: Vec<(u32, u64)> = (0..).zip(days.iter().map(|&(_, n)| n)).collect();
        calendar.histogram(&counts, unit)
    }

    #[test]
    fn the_unit_fits_the_span() {
        let cases = [
            (20250705, 20250705, DateUnit::Day),
            (20250501, 20250731, DateUnit::Day),
            (20250131, 20250401, DateUnit::Month),
            (20151231, 20250105, DateUnit::Month),
            (20160101, 20251231, DateUnit::Month),
            (20151231, 20260101, DateUnit::Year),
            (19870302, 20261130, DateUnit::Year),
        ];
        for (first, last, unit) in cases {
            assert_eq!(DateUnit::fitting(first, last), unit, "{first}..{last}");
        }
    }

    #[test]
    fn bars_sum_their_days_and_name_their_calendar_bounds() {
        let days = [
            (20230227, 2),
            (20240202, 1),
            (20240229, 4),
            (20240301, 1),
            (20241231, 3),
            (20250101, 5),
        ];
        let bars = |unit| {
            let (used, bars) = histogram_of(&days, Some(unit));
            assert_eq!(used, unit);
            bars.iter()
                .map(|b| {
                    (
                        b.value.to_string(),
                        b.from.to_string(),
                        b.to.to_string(),
                        b.count,
                    )
                })
                .collect::<Vec<_>>()
        };
        let as_strs = |bars: &[(&str, &str, &str, u64)]| {
            bars.iter()
                .map(|&(v, f, t, n)| (v.to_string(), f.to_string(), t.to_string(), n))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            bars(DateUnit::Month),
            as_strs(&[
                ("2023-02", "2023-02-01", "2023-02-28", 2),
                ("2024-02", "2024-02-01", "2024-02-29", 5),
                ("2024-03", "2024-03-01", "2024-03-31", 1),
                ("2024-12", "2024-12-01", "2024-12-31", 3),
                ("2025-01", "2025-01-01", "2025-01-31", 5),
            ])
        );
        assert_eq!(
            bars(DateUnit::Year),
            as_strs(&[
                ("2023", "2023-01-01", "2023-12-31", 2),
                ("2024", "2024-01-01", "2024-12-31", 9),
                ("2025", "2025-01-01", "2025-12-31", 5),
            ])
        );
        // Span 2023-02..2025-01 is 24 months: months fit.
        assert_eq!(histogram_of(&days, None).0, DateUnit::Month);
    }

    /// Over every day of four years, each day lies in exactly one bar of
    /// each unit, within the bar's bounds, and the bounds are real dates.
    #[test]
    fn every_day_is_in_one_bar_within_its_bounds() {
        let mut days = Vec::new();
        for year in [1900, 2000, 2023, 2024] {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    days.push((year * 10_000 + month * 100 + day, 1));
                }
            }
        }
        for unit in [DateUnit::Day, DateUnit::Month, DateUnit::Year] {
            let (_, bars) = histogram_of(&days, Some(unit));
            assert_eq!(bars.iter().map(|b| b.count).sum::<u64>(), days.len() as u64);
            for bar in &bars {
                let (from, to) = (day_number(&bar.from).unwrap(), day_number(&bar.to).unwrap());
                let inside = days.iter().filter(|&&(d, _)| from <= d && d <= to).count();
                assert_eq!(inside as u64, bar.count, "{unit:?} {}", bar.value);
                assert!(bar.from.starts_with(&*bar.value), "{}", bar.value);
            }
        }
        // The index's calendar holds every day; a search matches some of
        // them: its bars are those of a calendar of just the matched days.
        let calendar = Calendar::new(days.iter().map(|&(d, _)| (d, day_string(d).into())));
        let matched: Vec<(u32, u64)> = (0..days.len() as u32)
            .filter(|i| i % 7 == 3 || i % 11 == 0)
            .map(|i| (i, u64::from(i % 5 + 1)))
            .collect();
        let alone: Vec<(u64, u64)> = matched
            .iter()
            .map(|&(i, n)| (days[i as usize].0, n))
            .collect();
        for unit in [
            None,
            Some(DateUnit::Day),
            Some(DateUnit::Month),
            Some(DateUnit::Year),
        ] {
            assert_eq!(
                calendar.histogram(&matched, unit),
                histogram_of(&alone, unit),
                "{unit:?}"
            );
        }
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
    }

    #[test]
    fn nothing_matched_is_no_bar() {
        assert_eq!(histogram_of(&[], None), (DateUnit::Day, Vec::new()));
        assert_eq!(DateUnit::parse(" Month"), Some(DateUnit::Month));
        assert_eq!(DateUnit::parse("week"), None);
    }
}
