//! Calendar dates without a date library: a [`Date`] as ADRs and history carry it, and today's
//! date in UTC as `YYYY-MM-DD`.
//!
//! sadoc only ever needs the current date for new files (`init`, `adr new`); pulling in a
//! time-zone-aware crate for that is not worth it.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Serialize, Serializer};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl Date {
    /// A date, if it exists on the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days && (1900..=2999).contains(&year)).then_some(Date {
            year,
            month,
            day,
        })
    }
}

impl Date {
    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Reads `YYYY-MM-DD` (a time after it, `T…` or ` …`, is ignored).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let text = text.trim();
        let date = text.split(['T', ' ']).next()?;
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The date `n` days later (earlier when negative); `None` outside the calendar.
    pub fn plus_days(self, n: i64) -> Option<Date> {
        let (y, m, d) = civil_from_days(self.days() + n);
        Date::new(u16::try_from(y).ok()?, m as u8, d as u8)
    }

    /// Today (or `SOURCE_DATE_EPOCH`'s day), as a date.
    pub fn today() -> Date {
        let text = today();
        let part = |r: std::ops::Range<usize>| text.get(r).and_then(|p| p.parse().ok());
        part(0..4)
            .zip(part(5..7))
            .zip(part(8..10))
            .and_then(|((y, m), d)| Date::new(y, m as u8, d as u8))
            .unwrap_or(Date {
                year: 1970,
                month: 1,
                day: 1,
            })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The months' English names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The civil date (year, month, day) of a count of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Today's date in UTC, `YYYY-MM-DD`. `SOURCE_DATE_EPOCH` (seconds) overrides the clock, for
/// reproducible output.
pub fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let (y, m, d) = civil_from_days(seconds.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::{Date, civil_from_days};

    #[test]
    fn days_count_from_the_epoch_both_ways() {
        for days in [0i64, 59, 60, 365, 11_016, 20_429, 20_794] {
            let (y, m, d) = civil_from_days(days);
            let date = Date::new(y as u16, m as u8, d as u8).unwrap();
            assert_eq!(date.days(), days, "{date}");
        }
    }

    #[test]
    fn known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(20_417), (2025, 11, 25));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
