//! Field types that check what an editor wrote while the front matter is read, so a bad
//! time or postcode is reported at its own line with an example of the right form.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Implements `Deserialize` for a string newtype through a checking function whose error
/// text is shown to the editor as it is.
macro_rules! checked_string {
    ($ty:ident, $expecting:literal, $check:path) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        $check(v.trim()).map_err(E::custom)
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                        self.visit_str(&v.to_string())
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                        self.visit_str(&v.to_string())
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Month names, for dates written the GOV.UK way.
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

impl Date {
    pub fn parse(s: &str) -> Result<Date, String> {
        let bad = || format!("`{s}` is not a date: write it as YYYY-MM-DD, for example 2026-03-31");
        let parts: Vec<&str> = s.split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u32 = parts[1].parse().map_err(|_| bad())?;
        let day: u32 = parts[2].parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(format!(
                "`{s}` is not a real date: check the month (01-12) and the day of the month"
            ));
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01, for comparing and ageing dates.
    // The calendar arithmetic stays hand-written rather than jiff's civil dates: these are
    // total functions on any year, so counting a fact's age has no error to handle, and
    // they are a few lines tested below. jiff is used where the rules are data (time zones).
    pub fn days(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today in Europe/London, from the system clock: notices start and end at midnight
    /// UK time, which in summer is 23:00 UTC the day before.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::london(secs as i64)
    }

    /// The date in Europe/London at a moment given in seconds since 1970 (UTC).
    ///
    /// The zone's rules come from the time zone database built into the program (jiff's
    /// `tzdb-bundle-always`), so a build never depends on the machine's zone files.
    pub fn london(utc_secs: i64) -> Date {
        static LONDON: std::sync::OnceLock<jiff::tz::TimeZone> = std::sync::OnceLock::new();
        let zone = LONDON.get_or_init(|| {
            jiff::tz::TimeZone::get("Europe/London")
                .expect("the time zone database built into familyties has Europe/London")
        });
        let moment = jiff::Timestamp::from_second(utc_secs).unwrap_or(if utc_secs < 0 {
            jiff::Timestamp::MIN
        } else {
            jiff::Timestamp::MAX
        });
        let day = zone.to_datetime(moment).date();
        Date {
            year: i32::from(day.year()),
            month: u32::try_from(day.month()).unwrap_or(1),
            day: u32::try_from(day.day()).unwrap_or(1),
        }
    }

    /// 0 for Monday to 6 for Sunday.
    pub fn weekday(&self) -> usize {
        (self.days() + 3).rem_euclid(7) as usize
    }

    /// This date plus `months` calendar months (the day is kept where the month has it,
    /// else the month's last day).
    pub fn add_months(&self, months: i32) -> Date {
        let total = self.year * 12 + self.month as i32 - 1 + months;
        let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// "23 November 2026", the GOV.UK date style.
    pub fn long(&self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[(self.month - 1) as usize],
            self.year
        )
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

checked_string!(Date, "a date written as YYYY-MM-DD", Date::parse);

/// When a source was published or captured: a day (`2026-07-28`) or, when the source gives
/// only a month, the month (`2026-08`, shown "August 2026"). Ages and staleness count a
/// month-only date from the month's first day, so a fact is never taken as fresher than its
/// source says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceDate {
    /// The day, or the first day of the month.
    pub first_day: Date,
    pub month_only: bool,
}

impl SourceDate {
    pub fn parse(s: &str) -> Result<SourceDate, String> {
        if s.len() == 7 && s.as_bytes().get(4) == Some(&b'-') {
            let first = Date::parse(&format!("{s}-01")).map_err(|_| {
                format!("`{s}` is not a month: write it as YYYY-MM, for example 2026-08")
            })?;
            return Ok(SourceDate {
                first_day: first,
                month_only: true,
            });
        }
        Date::parse(s)
            .map(|d| SourceDate {
                first_day: d,
                month_only: false,
            })
            .map_err(|e| format!("{e} (or YYYY-MM when the source gives only a month)"))
    }

    /// "28 July 2026", or "August 2026".
    pub fn long(&self) -> String {
        if self.month_only {
            format!(
                "{} {}",
                MONTHS[(self.first_day.month - 1) as usize],
                self.first_day.year
            )
        } else {
            self.first_day.long()
        }
    }
}

impl fmt::Display for SourceDate {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.month_only {
            write!(f, "{:04}-{:02}", self.first_day.year, self.first_day.month)
        } else {
            self.first_day.fmt(f)
        }
    }
}

impl Serialize for SourceDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

checked_string!(
    SourceDate,
    "a date written as YYYY-MM-DD (or YYYY-MM when the source gives only a month)",
    SourceDate::parse
);

/// A 24-hour clock time, written `"HH:MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time {
    pub hour: u32,
    pub minute: u32,
}

impl Time {
    pub fn parse(s: &str) -> Result<Time, String> {
        let bad = || {
            format!(
                "`{s}` is not a time: write it as \"HH:MM\" on the 24-hour clock, in quotes, for example \"14:30\""
            )
        };
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        if h.len() != 2 || m.len() != 2 {
            return Err(bad());
        }
        let hour: u32 = h.parse().map_err(|_| bad())?;
        let minute: u32 = m.parse().map_err(|_| bad())?;
        if hour > 23 || minute > 59 {
            return Err(bad());
        }
        Ok(Time { hour, minute })
    }

    /// "2:30pm", the GOV.UK time style.
    pub fn friendly(&self) -> String {
        let suffix = if self.hour < 12 { "am" } else { "pm" };
        let h = match self.hour % 12 {
            0 => 12,
            h => h,
        };
        if self.hour == 12 && self.minute == 0 {
            return "midday".to_string();
        }
        if self.minute == 0 {
            format!("{h}{suffix}")
        } else {
            format!("{h}:{:02}{suffix}", self.minute)
        }
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

checked_string!(Time, "a time written as \"HH:MM\"", Time::parse);

/// A UK postcode, normalised to upper case with one space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Postcode(pub String);

impl Postcode {
    pub fn parse(s: &str) -> Result<Postcode, String> {
        let compact: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        let bad = || {
            format!(
                "`{s}` is not a UK postcode: write it like LS12 2TJ (an area, a space, then a digit and two letters)"
            )
        };
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(bad());
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = {
            let b = inward.as_bytes();
            b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
        };
        let outward_ok = outward.as_bytes()[0].is_ascii_alphabetic()
            && outward.chars().all(|c| c.is_ascii_alphanumeric())
            && outward.chars().any(|c| c.is_ascii_digit());
        if !(inward_ok && outward_ok) {
            return Err(bad());
        }
        Ok(Postcode(format!("{outward} {inward}")))
    }

    /// The area part families often search by ("LS12").
    pub fn outward(&self) -> &str {
        self.0.split(' ').next().unwrap_or(&self.0)
    }
}

checked_string!(Postcode, "a UK postcode such as LS12 2TJ", Postcode::parse);

/// A UK phone number as written by the editor: the digit count must fit the number's
/// range (Ofcom's national numbering plan), and only spaces, single hyphens between digit
/// groups, brackets round the area code and a `+44` (or `+44 (0)`) start are allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Phone(pub String);

/// Ofcom's ranges kept for TV, radio and drama: a number in them has a real shape but
/// reaches no one. Each prefix is followed by three more digits (e.g. 0113 496 0000–0999).
pub const DRAMA_PREFIXES: [&str; 20] = [
    "01134960", "01144960", "01154960", "01164960", "01174960", "01184960", "01214960", "01314960",
    "01414960", "01514960", "01614960", "01914980", "02079460", "02896496", "02920180", "01632960",
    "07700900", "08081570", "09098790", "03069990",
];

impl Phone {
    pub fn parse(s: &str) -> Result<Phone, String> {
        let national = national_digits(s.trim())
            .and_then(|n| check_length(&n).map(|()| n))
            .map_err(|why| {
                format!(
                    "`{s}` is not a UK phone number: {why}. Write the whole number with its area code, for example \"0113 496 0000\" or \"+44 113 496 0000\""
                )
            })?;
        debug_assert!(national.starts_with('0'));
        Ok(Phone(s.split_whitespace().collect::<Vec<_>>().join(" ")))
    }

    /// The number's digits as dialled inside the UK, starting with 0 ("01134960000").
    pub fn national(&self) -> String {
        national_digits(self.0.trim()).unwrap_or_default()
    }

    /// Whether the number is in one of Ofcom's ranges kept for drama, which reach no one:
    /// fine in tests and examples, wrong on a page families use.
    pub fn is_drama(&self) -> bool {
        let n = self.national();
        n.len() == 11 && DRAMA_PREFIXES.iter().any(|p| n.starts_with(p))
    }

    /// The number for a `tel:` link.
    pub fn tel(&self) -> String {
        let n = self.national();
        format!("+44{}", n.strip_prefix('0').unwrap_or(&n))
    }
}

/// The digits of a number written the ways UK numbers are written, with a leading 0;
/// otherwise what is wrong with how it is written.
fn national_digits(s: &str) -> Result<String, String> {
    if s.is_empty() {
        return Err("it is empty".to_string());
    }
    let mut digits = String::new();
    let mut rest = s;
    if let Some(after) = s.strip_prefix("+44") {
        rest = after.trim_start();
        if let Some(after) = rest.strip_prefix("(0)") {
            rest = after.trim_start();
        } else if rest.starts_with('0') {
            return Err("after +44 leave out the 0 at the start of the area code".to_string());
        }
        digits.push('0');
    } else if s.starts_with('+') {
        return Err("only UK numbers (starting 0 or +44) can be shown".to_string());
    } else if let Some(after) = s.strip_prefix('(') {
        let close = after
            .find(')')
            .ok_or_else(|| "a bracket is opened but not closed".to_string())?;
        let area = &after[..close];
        if area.is_empty() || !area.chars().all(|c| c.is_ascii_digit()) {
            return Err("only the area code can go in brackets".to_string());
        }
        digits.push_str(area);
        rest = &after[close + 1..];
        if !rest.starts_with(' ') {
            return Err("put a space after the area code in brackets".to_string());
        }
        rest = rest.trim_start();
    }
    let mut after_separator = true;
    let mut last = ' ';
    for c in rest.chars() {
        match c {
            '0'..='9' => {
                digits.push(c);
                after_separator = false;
            }
            ' ' | '-' if !after_separator => after_separator = true,
            ' ' if last == ' ' && !digits.is_empty() => {}
            ' ' | '-' => {
                return Err(format!(
                    "it has `{c}` in the wrong place: use one space between groups of digits"
                ));
            }
            '(' | ')' => {
                return Err("only the area code at the start can go in brackets".to_string());
            }
            other => {
                return Err(format!(
                    "it has `{other}`, which is not part of a phone number"
                ));
            }
        }
        last = c;
    }
    if after_separator {
        return Err(
            "it ends with a space or `-`, or has no digits after the area code".to_string(),
        );
    }
    if !digits.starts_with('0') {
        return Err("a UK number starts with 0 (or +44)".to_string());
    }
    Ok(digits)
}

/// The digit counts of Ofcom's national numbering plan, by the number's first digits.
fn check_length(n: &str) -> Result<(), String> {
    let allowed: &[usize] = match n.as_bytes().get(1) {
        // 011x and 01x1 areas (Leeds, Sheffield, ...) have 11 digits; a few areas with
        // longer codes also have 10.
        Some(b'1') if n.as_bytes().get(2) == Some(&b'1') || n.as_bytes().get(3) == Some(&b'1') => {
            &[11]
        }
        Some(b'1') => &[10, 11],
        Some(b'2' | b'3' | b'5' | b'7' | b'9') => &[11],
        Some(b'8') if n.starts_with("0800") => &[10, 11],
        Some(b'8') => &[11],
        Some(b'4' | b'6') => return Err("no UK numbers start with 04 or 06".to_string()),
        Some(b'0') => {
            return Err(
                "00 starts an international number; only UK numbers can be shown".to_string(),
            );
        }
        _ => return Err("it is too short".to_string()),
    };
    if allowed.contains(&n.len()) {
        return Ok(());
    }
    let want = allowed
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" or ");
    let start = &n[..n.len().min(3)];
    Err(format!(
        "it has {} digits, but a number starting {start} has {want}",
        n.len()
    ))
}

checked_string!(
    Phone,
    "a UK phone number such as \"0113 496 0000\"",
    Phone::parse
);

/// A web address a family can follow: only http(s), so `javascript:` and the like never
/// reach a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Url(pub String);

impl Url {
    pub fn parse(s: &str) -> Result<Url, String> {
        let lower = s.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        match rest {
            Some(host) if !host.is_empty() && !s.chars().any(char::is_whitespace) => {
                Ok(Url(s.to_string()))
            }
            _ if s.is_empty() => Err(
                "this web address is empty: write one starting with https://, or delete the line (to say a prison cannot be booked online, write `online: none` under `booking:`)".to_string(),
            ),
            _ => Err(format!(
                "`{s}` is not a web address: it must start with https:// (for example https://www.gov.uk/prison-visits)"
            )),
        }
    }
}

checked_string!(Url, "a web address starting with https://", Url::parse);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_check_the_calendar() {
        assert!(Date::parse("2026-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("23/11/2026").is_err());
        let d = Date::parse("2026-11-23").unwrap();
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(d.long(), "23 November 2026");
        assert_eq!(Date::parse("1970-01-02").unwrap().days(), 1);
        assert_eq!(d.weekday(), 0, "23 November 2026 is a Monday");
        assert_eq!(
            Date::parse("2026-08-31")
                .unwrap()
                .add_months(-6)
                .to_string(),
            "2026-02-28"
        );
    }

    #[test]
    fn today_is_the_date_in_london() {
        let at = |date: &str, secs: i64| Date::parse(date).unwrap().days() * 86_400 + secs;
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
        assert_eq!(
            Date::london(at("2026-06-30", 23 * 3600 + 1800)).to_string(),
            "2026-07-01"
        );
        // 23:30 UTC in December is still the same day in London.
        assert_eq!(
            Date::london(at("2026-12-01", 23 * 3600 + 1800)).to_string(),
            "2026-12-01"
        );
        // Summer time starts at 01:00 UTC on 29 March 2026 and ends at 01:00 UTC on 25 October.
        assert_eq!(
            Date::london(at("2026-03-28", 23 * 3600 + 1800)).to_string(),
            "2026-03-28"
        );
        assert_eq!(
            Date::london(at("2026-03-29", 23 * 3600 + 1800)).to_string(),
            "2026-03-30"
        );
        assert_eq!(
            Date::london(at("2026-10-24", 23 * 3600 + 1800)).to_string(),
            "2026-10-25"
        );
        assert_eq!(
            Date::london(at("2026-10-25", 23 * 3600 + 1800)).to_string(),
            "2026-10-25"
        );
        // The moments of the changes themselves: 00:59:59 UTC is still winter (or summer)
        // time, 01:00:00 UTC is the new time.
        assert_eq!(
            Date::london(at("2026-03-29", 3599)).to_string(),
            "2026-03-29"
        );
        assert_eq!(
            Date::london(at("2026-03-28", 23 * 3600)).to_string(),
            "2026-03-28",
            "23:00 UTC the night before is still winter time"
        );
        assert_eq!(
            Date::london(at("2026-10-24", 23 * 3600 - 1)).to_string(),
            "2026-10-24",
            "22:59:59 UTC is 23:59:59 summer time"
        );
        // Far-off moments give a date rather than a panic.
        assert!(Date::london(i64::MAX).year > 9000);
        assert!(Date::london(i64::MIN).year < -9000);
    }

    #[test]
    fn source_dates_may_be_a_month() {
        let m = SourceDate::parse("2026-08").unwrap();
        assert!(m.month_only);
        assert_eq!(m.to_string(), "2026-08");
        assert_eq!(m.long(), "August 2026");
        assert_eq!(m.first_day, Date::parse("2026-08-01").unwrap());
        let d = SourceDate::parse("2026-07-28").unwrap();
        assert_eq!(
            (d.to_string().as_str(), d.long().as_str()),
            ("2026-07-28", "28 July 2026")
        );
        assert!(SourceDate::parse("2026-13").is_err());
        assert!(SourceDate::parse("August 2026").is_err());
    }

    #[test]
    fn times_need_hh_mm() {
        assert_eq!(Time::parse("14:05").unwrap().friendly(), "2:05pm");
        assert_eq!(Time::parse("09:00").unwrap().friendly(), "9am");
        assert_eq!(Time::parse("12:00").unwrap().friendly(), "midday");
        assert!(Time::parse("2pm").is_err());
        assert!(Time::parse("24:00").is_err());
        assert!(Time::parse("9:00").is_err());
    }

    #[test]
    fn postcodes_are_normalised() {
        assert_eq!(Postcode::parse("ls12 2tj").unwrap().0, "LS12 2TJ");
        assert_eq!(Postcode::parse("L9 7LH").unwrap().outward(), "L9");
        assert!(Postcode::parse("LS12").is_err());
        assert!(Postcode::parse("12345").is_err());
    }

    #[test]
    fn phones_and_urls() {
        assert_eq!(
            Phone::parse("0808 808 2003").unwrap().tel(),
            "+448088082003"
        );
        assert_eq!(
            Phone::parse("+44 (0)113 496 0000").unwrap().tel(),
            "+441134960000"
        );
        assert!(Phone::parse("+44 113 496 0000").is_ok());
        assert!(Phone::parse("call us").is_err());
        assert!(Phone::parse("123").is_err());
        assert!(Url::parse("javascript:alert(1)").is_err());
        assert!(Url::parse("https://www.gov.uk/prison-visits").is_ok());
    }

    #[test]
    fn phones_follow_the_uk_numbering_plan() {
        for ok in [
            "0113 496 0000",
            "(0113) 496 0000",
            "0113-496-0000",
            "020 7946 0000",
            "01632 960 123",
            "016977 4567",
            "0800 123 456",
            "0800 123 4567",
            "0808 808 2003",
            "03069 990 000",
            "07700 900 123",
            "0909 879 0000",
            "+44 20 7946 0000",
        ] {
            assert!(Phone::parse(ok).is_ok(), "{ok} should be accepted");
        }
        for (bad, why) in [
            ("-(0113)-(2032600)", "`-` in the wrong place"),
            ("(0113)-(2032600)", "space after the area code"),
            ("0113 (496) 0000", "only the area code at the start"),
            ("0113  496 0000x", "`x`"),
            ("0113 496 000", "10 digits, but a number starting 011 has"),
            ("020 7946 00000", "12 digits"),
            ("07700 90012", "10 digits"),
            ("0400 123 4567", "04 or 06"),
            ("00 44 113 496 0000", "international"),
            ("+33 1 23 45 67 89", "only UK numbers"),
            ("+44 0113 496 0000", "leave out the 0"),
            ("113 496 0000", "starts with 0"),
            ("0113 496 0000-", "ends with"),
            ("(0113 496 0000", "not closed"),
            ("", "empty"),
        ] {
            let err = Phone::parse(bad).expect_err(bad);
            assert!(err.contains(why), "{bad}: {err}");
            assert!(err.contains("for example"), "{bad}: {err}");
        }
    }

    #[test]
    fn drama_numbers_are_recognised() {
        for drama in [
            "0113 496 0999",
            "020 7946 0000",
            "07700 900 999",
            "01632 960 000",
            "+44 191 498 0123",
        ] {
            assert!(Phone::parse(drama).unwrap().is_drama(), "{drama}");
        }
        for real in [
            "0808 808 2003",
            "0113 497 0000",
            "020 7946 1000",
            "07700 901 000",
        ] {
            assert!(!Phone::parse(real).unwrap().is_drama(), "{real}");
        }
    }
}
