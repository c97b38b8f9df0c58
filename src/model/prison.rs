//! Front matter of a prison's visiting guide (`content/prisons/<slug>/index.md`).
//! Everything except name, region and sources is optional: an unknown fact is left out and
//! the page sends the family to the prison's official page instead.

use serde::{Deserialize, Serialize};

use super::fields::{Date, Phone, Postcode, Url};
use super::{FrontMatter, Source};

pub use super::facts::*;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Prison {
    pub name: String,
    pub name_cy: Option<String>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub other_names: Vec<String>,
    pub nomis_id: Option<String>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub types: Vec<EstablishmentType>,
    pub holds: Option<String>,
    pub category: Option<String>,
    pub operator: Option<String>,
    pub sector: Option<Sector>,
    pub region: Region,
    pub address: Option<Address>,
    pub official_page: Option<Url>,
    // The groups of facts a family acts on, each naming the source it came from (see
    // `facts.rs`). A group that is absent means "not known": the page says where to check.
    pub booking: Option<Booking>,
    pub visitors: Option<Visitors>,
    pub visiting_times: Option<VisitingTimes>,
    pub days_without_visits: Option<DaysWithoutVisits>,
    pub on_the_day: Option<OnTheDay>,
    pub getting_there: Option<GettingThere>,
    pub visitors_centre: Option<VisitorsCentre>,
    pub video_calls: Option<VideoCalls>,
    pub contact: Option<Contact>,
    pub family_days: Option<String>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub support: Vec<SupportOrg>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub notices: Vec<Notice>,
    #[serde(default)]
    pub status: Status,
    pub status_note: Option<String>,
    pub closed_on: Option<Date>,
    pub replaced_by: Option<String>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub aliases: Vec<String>,
    pub last_reviewed: Option<Date>,
    #[serde(deserialize_with = "crate::model::exact")]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum EstablishmentType {
    #[serde(rename = "HMP")]
    Hmp,
    #[serde(rename = "YOI")]
    Yoi,
    #[serde(rename = "YCS")]
    Ycs,
    #[serde(rename = "STC")]
    Stc,
    #[serde(rename = "IRC")]
    Irc,
}

impl EstablishmentType {
    pub const ALL: [EstablishmentType; 5] = [
        EstablishmentType::Hmp,
        EstablishmentType::Yoi,
        EstablishmentType::Ycs,
        EstablishmentType::Stc,
        EstablishmentType::Irc,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            EstablishmentType::Hmp => "hmp",
            EstablishmentType::Yoi => "yoi",
            EstablishmentType::Ycs => "ycs",
            EstablishmentType::Stc => "stc",
            EstablishmentType::Irc => "irc",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            EstablishmentType::Hmp => "HMP",
            EstablishmentType::Yoi => "YOI",
            EstablishmentType::Ycs => "YCS",
            EstablishmentType::Stc => "STC",
            EstablishmentType::Irc => "IRC",
        }
    }

    /// The plain name used as the list's heading.
    pub fn label(self) -> &'static str {
        match self {
            EstablishmentType::Hmp => "Prisons (HMP)",
            EstablishmentType::Yoi => "Young offender institutions (YOI)",
            EstablishmentType::Ycs => "Youth custody for children and young people (YCS)",
            EstablishmentType::Stc => "Secure training centres (STC)",
            EstablishmentType::Irc => "Immigration removal centres (IRC)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sector {
    Public,
    Private,
}

/// England's nine regions and Wales: how families think about distance, not an HMPPS group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Region {
    #[serde(rename = "North East")]
    NorthEast,
    #[serde(rename = "North West")]
    NorthWest,
    #[serde(rename = "Yorkshire and the Humber")]
    Yorkshire,
    #[serde(rename = "East Midlands")]
    EastMidlands,
    #[serde(rename = "West Midlands")]
    WestMidlands,
    #[serde(rename = "East of England")]
    East,
    #[serde(rename = "London")]
    London,
    #[serde(rename = "South East")]
    SouthEast,
    #[serde(rename = "South West")]
    SouthWest,
    #[serde(rename = "Wales")]
    Wales,
}

impl Region {
    pub const ALL: [Region; 10] = [
        Region::NorthEast,
        Region::NorthWest,
        Region::Yorkshire,
        Region::EastMidlands,
        Region::WestMidlands,
        Region::East,
        Region::London,
        Region::SouthEast,
        Region::SouthWest,
        Region::Wales,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Region::NorthEast => "North East",
            Region::NorthWest => "North West",
            Region::Yorkshire => "Yorkshire and the Humber",
            Region::EastMidlands => "East Midlands",
            Region::WestMidlands => "West Midlands",
            Region::East => "East of England",
            Region::London => "London",
            Region::SouthEast => "South East",
            Region::SouthWest => "South West",
            Region::Wales => "Wales",
        }
    }

    pub fn slug(self) -> String {
        crate::slug::slugify(self.name())
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub lines: Vec<String>,
    pub town: Option<String>,
    pub county: Option<String>,
    pub postcode: Option<Postcode>,
    /// The street lines and town in Welsh, for prisons in Wales.
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub lines_cy: Vec<String>,
    pub town_cy: Option<String>,
    pub source: Option<SourceRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    // The whole names too: editors write them as often as the short ones.
    #[serde(alias = "monday")]
    Mon,
    #[serde(alias = "tuesday")]
    Tue,
    #[serde(alias = "wednesday")]
    Wed,
    #[serde(alias = "thursday")]
    Thu,
    #[serde(alias = "friday")]
    Fri,
    #[serde(alias = "saturday")]
    Sat,
    #[serde(alias = "sunday")]
    Sun,
}

impl Day {
    pub const ALL: [Day; 7] = [
        Day::Mon,
        Day::Tue,
        Day::Wed,
        Day::Thu,
        Day::Fri,
        Day::Sat,
        Day::Sun,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Day::Mon => "Monday",
            Day::Tue => "Tuesday",
            Day::Wed => "Wednesday",
            Day::Thu => "Thursday",
            Day::Fri => "Friday",
            Day::Sat => "Saturday",
            Day::Sun => "Sunday",
        }
    }

    /// The RFC 5545 two-letter code.
    pub fn ical(self) -> &'static str {
        match self {
            Day::Mon => "MO",
            Day::Tue => "TU",
            Day::Wed => "WE",
            Day::Thu => "TH",
            Day::Fri => "FR",
            Day::Sat => "SA",
            Day::Sun => "SU",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SupportOrg {
    pub name: String,
    pub phone: Option<Phone>,
    pub url: Option<Url>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    pub title: String,
    pub starts: Option<Date>,
    pub ends: Option<Date>,
    #[serde(default)]
    pub kind: NoticeKind,
    pub body: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeKind {
    Warning,
    #[default]
    Info,
}

/// Whether a notice or dated page shows on a given build date.
pub fn is_active(starts: Option<Date>, ends: Option<Date>, today: Date) -> bool {
    starts.is_none_or(|s| s <= today) && ends.is_none_or(|e| today <= e)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Open,
    Closed,
    TemporarilyClosed,
    ReRoled,
}

impl Status {
    /// Closed prisons drop out of the open lists but keep their page.
    pub fn is_listed(self) -> bool {
        self != Status::Closed
    }
}

impl Prison {
    /// The name to show on pages in `lang`: the Welsh name where the prison has one.
    pub fn name_in(&self, lang: crate::model::Lang) -> &str {
        match (lang, &self.name_cy) {
            (crate::model::Lang::Cy, Some(cy)) => cy,
            _ => &self.name,
        }
    }
    pub fn town(&self) -> Option<&str> {
        self.address.as_ref()?.town.as_deref()
    }

    pub fn postcode(&self) -> Option<&Postcode> {
        self.address.as_ref()?.postcode.as_ref()
    }

    /// The sessions families can come to (not legal or official visits).
    pub fn family_sessions(&self) -> impl Iterator<Item = &Session> {
        self.visiting_times
            .iter()
            .flat_map(|t| &t.sessions)
            .filter(|s| s.kind.for_families() && !s.days.is_empty())
    }

    /// The page's source with this `id`.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id.as_deref() == Some(id))
    }

    /// Sort key for the A–Z: the name without "HMP", "HMYOI" and similar prefixes, so
    /// "HMP Leeds" files under L.
    pub fn sort_name(&self) -> String {
        let mut words: Vec<&str> = self.name.split_whitespace().collect();
        while words.len() > 1
            && matches!(
                words[0].trim_end_matches(','),
                "HMP" | "HMYOI" | "YOI" | "HMP/YOI" | "&" | "and" | "STC" | "IRC" | "HMIRC"
            )
        {
            words.remove(0);
        }
        words.join(" ").to_lowercase()
    }
}

impl FrontMatter for Prison {
    fn title(&self) -> &str {
        &self.name
    }
    fn sources(&self) -> &[Source] {
        &self.sources
    }
    fn last_reviewed(&self) -> Option<Date> {
        self.last_reviewed
    }
    // A prison's own text is mostly its name ("HMP ..."); links there would be noise.
    fn glossary(&self) -> Option<bool> {
        Some(false)
    }
}
