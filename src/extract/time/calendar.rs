//! Just enough calendar arithmetic to resolve relative dates: civil dates as day numbers (Howard
//! Hinnant's algorithms), weekdays and ISO weeks. Hand-written because nothing else in the crate
//! needs a date library.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// Year.
    pub year: i64,
    /// Month, 1-12.
    pub month: u32,
    /// Day of the month, 1-31.
    pub day: u32,
}

impl Day {
    /// Reads `YYYY-MM-DD` (a longer timestamp is cut to its date); None if it is not a real date.
    pub fn parse(s: &str) -> Option<Day> {
        let s = s.get(..10)?;
        let mut parts = s.split('-');
        let year: i64 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        Day::new(year, month, day)
    }

    /// A date, if it exists.
    pub fn new(year: i64, month: u32, day: u32) -> Option<Day> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    /// Days since 1970-01-01.
    pub fn number(self) -> i64 {
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date of a day number.
    pub fn from_number(z: i64) -> Day {
        let z = z + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Day { year, month, day }
    }

    /// This date moved by `n` days.
    pub fn plus_days(self, n: i64) -> Day {
        Day::from_number(self.number() + n)
    }

    /// ISO weekday: Monday 1 .. Sunday 7.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        ((self.number() + 3).rem_euclid(7) + 1) as u32
    }

    /// ISO 8601 week, as `YYYY-Www`.
    pub fn iso_week(self) -> String {
        let thursday = self.plus_days(4 - self.weekday() as i64);
        let jan1 = Day {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = (thursday.number() - jan1.number()) / 7 + 1;
        format!("{:04}-W{:02}", thursday.year, week)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The first of the month `n` months from this one, as (year, month).
    pub fn plus_months(self, n: i64) -> (i64, u32) {
        let idx = self.year * 12 + self.month as i64 - 1 + n;
        (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32)
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_weekdays_are_right() {
        let d = Day::parse("2017-08-12").unwrap();
        assert_eq!(Day::from_number(d.number()), d);
        assert_eq!(d.weekday(), 6, "12 August 2017 was a Saturday");
        assert_eq!(Day::parse("1970-01-01").unwrap().number(), 0);
        assert_eq!(
            Day::parse("2024-03-01").unwrap().plus_days(-1).iso(),
            "2024-02-29"
        );
        assert!(Day::parse("2023-02-29").is_none());
    }

    #[test]
    fn iso_weeks_cross_years() {
        assert_eq!(Day::parse("2024-07-25").unwrap().iso_week(), "2024-W30");
        assert_eq!(Day::parse("2021-01-03").unwrap().iso_week(), "2020-W53");
        assert_eq!(Day::parse("2024-12-30").unwrap().iso_week(), "2025-W01");
    }

    #[test]
    fn months_roll_over_years() {
        let d = Day::parse("2024-01-15").unwrap();
        assert_eq!(d.plus_months(-1), (2023, 12));
        assert_eq!(d.plus_months(12), (2025, 1));
    }
}
