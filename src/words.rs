//! Typed facts in a family's language: days, months, dates, times, regions, prison types,
//! visit kinds. The words come from the theme's `i18n/<lang>.yaml`, so a prison's page reads
//! in Welsh without anyone translating it by hand; only the order of the words is here.
//!
//! Times follow the usual short forms of each language: English "2pm", "2:30pm", "midday";
//! Welsh "2yp" (y prynhawn), "10:30yb" (y bore), "hanner dydd", the forms Welsh public
//! bodies print on opening hours. The suffixes are theme words (`time_am`, `time_pm`,
//! `time_midday`), so a theme can choose the 24-hour clock instead by leaving them empty.

use std::collections::BTreeMap;

use crate::model::Lang;
use crate::model::facts::VisitKind;
use crate::model::fields::{Date, Time};
use crate::model::prison::{Day, EstablishmentType, Region};

/// The theme's words for one language (English already filled in where Welsh is missing).
#[derive(Clone, Copy)]
pub struct Words<'a> {
    pub lang: Lang,
    map: &'a BTreeMap<String, String>,
}

impl<'a> Words<'a> {
    pub fn new(lang: Lang, map: &'a BTreeMap<String, String>) -> Self {
        Words { lang, map }
    }

    /// A theme word; a key the theme lacks shows as the key itself, which `check` reports
    /// as a missing word, rather than as an empty gap on the page.
    pub fn get<'k>(&self, key: &'k str) -> &'k str
    where
        'a: 'k,
    {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// A theme word, or `None` where the theme has none: for optional words such as the
    /// Welsh of an editor's phrase (`holds:adult men`), where showing the key would be wrong.
    pub fn lookup(&self, key: &str) -> Option<&'a str> {
        self.map.get(key).map(String::as_str)
    }

    /// A theme phrase with `{name}` places filled in.
    /// One pass over the phrase (every visiting time on every page is made with this): a
    /// value put in is not looked at again, and a `{...}` naming no value stays as written.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let phrase = self.get(key);
        let mut out = String::with_capacity(
            phrase.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>(),
        );
        let mut rest = phrase;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let found = after.find('}').and_then(|close| {
                let name = &after[..close];
                let (_, value) = values.iter().find(|(n, _)| *n == name)?;
                Some((value, close))
            });
            match found {
                Some((value, close)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    pub fn day(&self, d: Day) -> &str {
        self.get(day_key(d))
    }

    /// The day as it reads after "to" ("Monday to Friday"; Welsh mutates: "i ddydd Gwener").
    fn day_after_to(&self, d: Day) -> &str {
        let key = format!("{}_after_to", day_key(d));
        match self.map.get(&key) {
            Some(w) => w,
            None => self.day(d),
        }
    }

    pub fn month(&self, month: u32) -> &str {
        const KEYS: [&str; 12] = [
            "month_01", "month_02", "month_03", "month_04", "month_05", "month_06", "month_07",
            "month_08", "month_09", "month_10", "month_11", "month_12",
        ];
        KEYS.get(month.wrapping_sub(1) as usize)
            .map_or("", |k| self.get(k))
    }

    /// "23 November 2026", "23 Tachwedd 2026".
    pub fn date(&self, d: Date) -> String {
        format!("{} {} {}", d.day, self.month(d.month), d.year)
    }

    /// A source's date: "28 July 2026", or "August 2026" when only the month is known.
    pub fn source_date(&self, d: crate::model::fields::SourceDate) -> String {
        if d.month_only {
            format!("{} {}", self.month(d.first_day.month), d.first_day.year)
        } else {
            self.date(d.first_day)
        }
    }

    /// "Friday 25 December 2026", "Dydd Gwener 25 Rhagfyr 2026".
    pub fn day_and_date(&self, d: Date) -> String {
        let day = Day::ALL.get(d.weekday()).copied().unwrap_or(Day::Mon);
        format!("{} {}", self.day(day), self.date(d))
    }

    /// "2pm", "2:30pm", "midday"; "2yp", "2:30yp", "hanner dydd".
    pub fn time(&self, t: Time) -> String {
        if t.hour == 12 && t.minute == 0 {
            return self.get("time_midday").to_string();
        }
        let suffix = self.get(if t.hour < 12 { "time_am" } else { "time_pm" });
        if suffix.is_empty() {
            return t.to_string();
        }
        let h = match t.hour % 12 {
            0 => 12,
            h => h,
        };
        // Written digit by digit: `format!` cost more than the rest of a prison's times.
        let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
        let mut s = String::with_capacity(5 + suffix.len());
        if h >= 10 {
            s.push(digit(h / 10));
        }
        s.push(digit(h));
        if t.minute != 0 {
            s.push(':');
            s.push(digit(t.minute / 10));
            s.push(digit(t.minute));
        }
        s.push_str(suffix);
        s
    }

    /// "2pm to 3pm", "2yp i 3yp".
    pub fn time_range(&self, from: Time, to: Time) -> String {
        self.fill(
            "time_range",
            &[("from", &self.time(from)), ("to", &self.time(to))],
        )
    }

    /// "Monday to Friday" for a run of three days or more, else "Monday, Wednesday and
    /// Friday".
    pub fn days(&self, days: &[Day]) -> String {
        let mut sorted: Vec<Day> = days.to_vec();
        sorted.sort();
        sorted.dedup();
        let run = sorted.len() >= 3
            && sorted
                .windows(2)
                .all(|w| w[1] as usize == w[0] as usize + 1);
        match sorted.as_slice() {
            [] => String::new(),
            [first, .., last] if run => self.fill(
                "days_run",
                &[
                    ("first", self.day(*first)),
                    ("last", self.day_after_to(*last)),
                ],
            ),
            [one] => self.day(*one).to_string(),
            [init @ .., last] => {
                let init: Vec<&str> = init.iter().map(|d| self.day(*d)).collect();
                self.fill(
                    "list_and",
                    &[("items", &init.join(", ")), ("last", self.day(*last))],
                )
            }
        }
    }

    /// "Monday to Friday, 9am to 5pm; Saturday, 10am to midday".
    pub fn hours(&self, hours: &[crate::model::facts::Hours]) -> String {
        hours
            .iter()
            .map(|h| {
                self.fill(
                    "days_hours",
                    &[
                        ("days", &self.days(&h.days)),
                        ("times", &self.time_range(h.from, h.to)),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn region(&self, r: Region) -> &str {
        const KEYS: [&str; 10] = [
            "region_north_east",
            "region_north_west",
            "region_yorkshire_and_the_humber",
            "region_east_midlands",
            "region_west_midlands",
            "region_east_of_england",
            "region_london",
            "region_south_east",
            "region_south_west",
            "region_wales",
        ];
        let i = Region::ALL.iter().position(|x| *x == r).unwrap_or(0);
        self.get(KEYS[i])
    }

    /// The plain name of a type of establishment, used as its list's heading.
    pub fn establishment_type(&self, t: EstablishmentType) -> &str {
        self.get(match t {
            EstablishmentType::Hmp => "type_hmp",
            EstablishmentType::Yoi => "type_yoi",
            EstablishmentType::Ycs => "type_ycs",
            EstablishmentType::Stc => "type_stc",
            EstablishmentType::Irc => "type_irc",
        })
    }

    pub fn visit_kind(&self, k: VisitKind) -> &str {
        self.get(match k {
            VisitKind::Social => "kind_social",
            VisitKind::Family => "kind_family",
            VisitKind::VideoCall => "kind_video_call",
            VisitKind::Legal => "kind_legal",
            VisitKind::Official => "kind_official",
        })
    }
}

fn day_key(d: Day) -> &'static str {
    match d {
        Day::Mon => "day_mon",
        Day::Tue => "day_tue",
        Day::Wed => "day_wed",
        Day::Thu => "day_thu",
        Day::Fri => "day_fri",
        Day::Sat => "day_sat",
        Day::Sun => "day_sun",
    }
}

/// The default theme's words, for tests and the fuzz harness of code that formats facts.
pub fn shipped(lang: Lang) -> BTreeMap<String, String> {
    let text = match lang {
        Lang::En => include_str!("../themes/default/i18n/en.yaml"),
        Lang::Cy => include_str!("../themes/default/i18n/cy.yaml"),
    };
    serde_yaml::from_str(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Day::*;

    fn t(s: &str) -> Time {
        Time::parse(s).expect("a test time")
    }

    #[test]
    fn english_reads_as_before() {
        let map = shipped(Lang::En);
        let w = Words::new(Lang::En, &map);
        assert_eq!(w.days(&[Mon, Tue, Wed, Thu, Fri]), "Monday to Friday");
        assert_eq!(w.days(&[Fri, Mon, Wed]), "Monday, Wednesday and Friday");
        assert_eq!(w.days(&[Sat, Sun]), "Saturday and Sunday");
        assert_eq!(w.time(t("14:05")), "2:05pm");
        assert_eq!(w.time(t("09:00")), "9am");
        assert_eq!(w.time(t("12:00")), "midday");
        assert_eq!(w.time_range(t("14:00"), t("15:30")), "2pm to 3:30pm");
        let d = Date::parse("2026-12-25").expect("a date");
        assert_eq!(w.date(d), "25 December 2026");
        assert_eq!(w.day_and_date(d), "Friday 25 December 2026");
        assert_eq!(w.region(Region::Wales), "Wales");
    }

    #[test]
    fn welsh_days_dates_times_and_regions() {
        let map = shipped(Lang::Cy);
        let w = Words::new(Lang::Cy, &map);
        assert_eq!(
            w.days(&[Mon, Tue, Wed, Thu, Fri]),
            "Dydd Llun i ddydd Gwener"
        );
        assert_eq!(
            w.days(&[Fri, Mon, Wed]),
            "Dydd Llun, Dydd Mercher a Dydd Gwener"
        );
        assert_eq!(w.days(&[Sun]), "Dydd Sul");
        assert_eq!(w.time(t("14:00")), "2yp");
        assert_eq!(w.time(t("14:30")), "2:30yp");
        assert_eq!(w.time(t("09:15")), "9:15yb");
        assert_eq!(w.time(t("00:00")), "12yb");
        assert_eq!(w.time(t("12:00")), "hanner dydd");
        assert_eq!(w.time_range(t("14:00"), t("15:00")), "2yp i 3yp");
        let d = Date::parse("2026-12-02").expect("a date");
        assert_eq!(w.date(d), "2 Rhagfyr 2026");
        assert_eq!(w.day_and_date(d), "Dydd Mercher 2 Rhagfyr 2026");
        assert_eq!(w.region(Region::Wales), "Cymru");
        assert_eq!(w.region(Region::London), "Llundain");
        assert_eq!(w.visit_kind(VisitKind::Legal), "Ymweliad cyfreithiol");
    }

    #[test]
    fn times_of_two_digits_and_phrases_filled_in_one_pass() {
        let map = shipped(Lang::En);
        let w = Words::new(Lang::En, &map);
        assert_eq!(w.time(t("10:00")), "10am");
        assert_eq!(w.time(t("23:59")), "11:59pm");
        assert_eq!(w.time(t("12:30")), "12:30pm");
        assert_eq!(w.time(t("00:05")), "12:05am");
        let phrases: BTreeMap<String, String> =
            [("p".to_string(), "{a} {{b} {c} {a}".to_string())].into();
        let w = Words::new(Lang::En, &phrases);
        assert_eq!(w.fill("p", &[("a", "{b}"), ("b", "x")]), "{b} {x {c} {b}");
    }

    #[test]
    fn every_word_the_formatter_uses_is_in_both_languages() {
        for lang in [Lang::En, Lang::Cy] {
            let map = shipped(lang);
            let w = Words::new(lang, &map);
            let mut keys: Vec<String> = (1..=12).map(|m| format!("month_{m:02}")).collect();
            keys.extend(Day::ALL.iter().map(|d| day_key(*d).to_string()));
            keys.extend(
                [
                    "time_am",
                    "time_pm",
                    "time_midday",
                    "time_range",
                    "days_run",
                    "list_and",
                    "days_hours",
                ]
                .map(String::from),
            );
            for k in keys {
                assert!(map.contains_key(&k), "{} lacks {k}", lang.code());
            }
            for r in Region::ALL {
                assert!(!w.region(r).starts_with("region_"), "{r:?}");
            }
            for ty in EstablishmentType::ALL {
                assert!(!w.establishment_type(ty).starts_with("type_"), "{ty:?}");
            }
        }
    }

    #[test]
    fn a_theme_with_no_am_pm_words_shows_the_24_hour_clock() {
        let mut map = shipped(Lang::Cy);
        map.insert("time_am".into(), String::new());
        map.insert("time_pm".into(), String::new());
        let w = Words::new(Lang::Cy, &map);
        assert_eq!(w.time(t("14:30")), "14:30");
    }
}
