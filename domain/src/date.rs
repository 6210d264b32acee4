//! Calendar dates as the documents store them (`YYYY-MM-DD`), with the little arithmetic
//! plans need: add months (clamping the day, so 31 Jan + 1 month = 28/29 Feb), add days,
//! days between. No time zones: plan dates are whole days.

use std::fmt;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

impl Date {
    /// Parses `YYYY-MM-DD`; `None` for anything else or a day that does not exist.
    pub fn parse(text: &str) -> Option<Date> {
        crate::validate::calendar_date("date", text).ok()?;
        let mut parts = text.split('-').map(|p| p.parse::<u32>().ok());
        let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
        Some(Date {
            year: y as i32,
            month: m,
            day: d,
        })
    }

    /// A date as a user types it, into the stored `YYYY-MM-DD`: day first as both
    /// languages write it (31.03.2027, 31/03/2027, 1.3.27; the separator `.`, `/` or `-`),
    /// or ISO (2027-03-31) as pasted or picked. A two-digit year is 20yy: plans lie
    /// ahead, and a customer's history before 2000 is typed in full. `None` for anything
    /// else or a day that does not exist (31.02.).
    pub fn read(text: &str) -> Option<Date> {
        let text = text.trim();
        if let Some(d) = Date::parse(text) {
            return Some(d);
        }
        let parts: Vec<&str> = text.split(['.', '/', '-']).collect();
        let [day, month, year] = parts.as_slice() else {
            return None;
        };
        let digits = |s: &str, lens: &[usize]| {
            (lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let (day, month) = (digits(day, &[1, 2])?, digits(month, &[1, 2])?);
        let year = match year.len() {
            2 => 2000 + digits(year, &[2])?,
            _ => digits(year, &[4])?,
        };
        Date::parse(&format!("{year:04}-{month:02}-{day:02}"))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// Adds whole months; the day is clamped to the target month's length.
    pub fn add_months(self, months: i32) -> Date {
        let index = self.year * 12 + self.month as i32 - 1 + months;
        let year = index.div_euclid(12);
        let month = index.rem_euclid(12) as u32 + 1;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        other.to_days() - self.to_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("valid date")
    }

    #[test]
    fn round_trips_through_days() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2027-12-31",
            "2028-03-01",
            "1969-12-31",
        ] {
            assert_eq!(Date::from_days(d(s).to_days()).to_string(), s);
        }
        assert_eq!(d("1970-01-02").to_days(), 1);
    }

    #[test]
    fn months_clamp_the_day() {
        assert_eq!(d("2027-01-31").add_months(1).to_string(), "2027-02-28");
        assert_eq!(d("2028-01-31").add_months(1).to_string(), "2028-02-29");
        assert_eq!(d("2027-03-15").add_months(24).to_string(), "2029-03-15");
        assert_eq!(d("2027-03-15").add_months(-3).to_string(), "2026-12-15");
    }

    #[test]
    fn reads_dates_as_users_write_them() {
        let read = |s: &str| Date::read(s).map(|d| d.to_string());
        for (typed, stored) in [
            ("31.03.2027", "2027-03-31"),
            ("1.3.2027", "2027-03-01"),
            ("01/03/2027", "2027-03-01"),
            ("1-3-27", "2027-03-01"),
            (" 29.02.2028 ", "2028-02-29"),
            ("2027-03-31", "2027-03-31"),
        ] {
            assert_eq!(read(typed).as_deref(), Some(stored), "{typed}");
        }
        for typed in [
            "",
            "31.02.2027",
            "29.02.2027",
            "13.13.2027",
            "3.2027",
            "1.3.027",
            "1.3.20271",
            "a.3.2027",
            "+1.3.2027",
            "03/15/2027",
            "2027-3-1",
            "1..2027",
            "1.3.2027.",
        ] {
            assert_eq!(read(typed), None, "{typed}");
        }
    }

    #[test]
    fn days_between() {
        assert_eq!(d("2027-01-01").days_until(d("2027-03-01")), 59);
        assert_eq!(d("2028-01-01").days_until(d("2028-03-01")), 60);
        assert_eq!(d("2027-01-10").add_days(-10).to_string(), "2026-12-31");
    }
}
