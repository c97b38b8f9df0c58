//! The groups of visiting facts on a prison's guide. Each group says where its facts came
//! from with `source:`, the `id` of an entry in the page's `sources:` list, so the page can
//! show the source and its date beside the facts: families must be able to tell an official
//! fact from last year's hearsay. Every field is optional: an unknown fact is left out and
//! the page sends the family to the prison instead of guessing.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::fields::{Date, Phone, Time, Url};
use super::prison::Day;

/// `source: moj-leeds`, or a list when facts were gathered from several sources
/// (`source: [moj-bullingdon-convicted, moj-bullingdon-remand]`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceRef(pub Vec<String>);

impl Serialize for SourceRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => s.serialize_str(one),
            many => many.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for SourceRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SourceRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the `id` of one of the page's sources, or a list of ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SourceRef, E> {
                let v = v.trim();
                if v.is_empty() {
                    return Err(E::custom(
                        "`source` is empty: write the `id` of one of the page's `sources:`",
                    ));
                }
                Ok(SourceRef(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SourceRef, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id.trim().to_string());
                }
                Ok(SourceRef(ids))
            }
        }
        d.deserialize_any(V)
    }
}

/// Opening hours written like visiting sessions: `{days: [mon, tue], from: "09:00", to: "17:00"}`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    pub days: Vec<Day>,
    pub from: Time,
    pub to: Time,
}

/// How visits are booked here.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Booking {
    pub source: Option<SourceRef>,
    /// `national` (GOV.UK's booking start page), `other` (with `online_url`) or `none`.
    pub online: Option<Online>,
    pub online_url: Option<Url>,
    pub phone: Option<Phone>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub phone_hours: Vec<Hours>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub in_person_hours: Vec<Hours>,
    pub email: Option<String>,
    /// Whether the email takes bookings or only answers questions.
    pub email_for: Option<EmailUse>,
    pub notice_hours: Option<u32>,
    /// Working days the prison needs to confirm a request.
    pub notice_working_days: Option<u32>,
    /// How many days ahead a visit can be booked.
    pub book_up_to_days: Option<u32>,
    pub first_visit_by_phone: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Online {
    National,
    Other,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EmailUse {
    Bookings,
    Questions,
}

/// Who can come to one visit.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Visitors {
    pub source: Option<SourceRef>,
    /// Whose rule the limits are: the booking service's code, or the prison's own.
    pub set_by: Option<RuleMaker>,
    pub most_visitors: Option<u32>,
    pub most_adults: Option<u32>,
    /// From this age a visitor counts as an adult towards `most_adults`.
    pub adult_from_age: Option<u32>,
    pub lead_visitor_min_age: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleMaker {
    BookingService,
    Prison,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VisitingTimes {
    pub source: Option<SourceRef>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub sessions: Vec<Session>,
    /// One-off extra sessions on given dates.
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub extra: Vec<ExtraSession>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub days: Vec<Day>,
    pub start: Time,
    pub end: Time,
    #[serde(default)]
    pub kind: VisitKind,
    /// The name of the group of sessions this belongs to ("Convicted", "North site"):
    /// sessions with the same label are shown together.
    pub label: Option<String>,
    /// The wings or houseblocks whose prisoners these sessions are for.
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub wings: Vec<String>,
    pub held: Option<Held>,
    #[serde(default)]
    pub enhanced_only: bool,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Held {
    Remand,
    Convicted,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitKind {
    #[default]
    Social,
    Family,
    VideoCall,
    Legal,
    Official,
}

impl VisitKind {
    pub fn label(self) -> &'static str {
        match self {
            VisitKind::Social => "Social visit",
            VisitKind::Family => "Family visit",
            VisitKind::VideoCall => "Video call",
            VisitKind::Legal => "Legal visit",
            VisitKind::Official => "Official visit",
        }
    }

    /// Legal and official visits are not for families: they stay out of the families'
    /// table and calendar.
    pub fn for_families(self) -> bool {
        !matches!(self, VisitKind::Legal | VisitKind::Official)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraSession {
    pub date: Date,
    pub start: Time,
    pub end: Time,
    pub label: Option<String>,
}

/// Dates with no visits (bank holidays, closures); the page warns about them beforehand.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DaysWithoutVisits {
    pub source: Option<SourceRef>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub dates: Vec<Date>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OnTheDay {
    pub source: Option<SourceRef>,
    pub id_rules: Option<String>,
    pub arrive_minutes_early: Option<u32>,
    /// Visitors arriving later than this many minutes after the start are turned away.
    pub late_cutoff_minutes: Option<u32>,
    pub searches: Option<String>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub dress_code: Vec<String>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub do_not_bring: Vec<String>,
    pub money: Option<String>,
    pub lockers: Option<String>,
    pub locker_coin: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GettingThere {
    pub source: Option<SourceRef>,
    pub rail: Option<String>,
    pub bus: Option<String>,
    pub car: Option<String>,
    pub parking: Option<String>,
    pub blue_badge: Option<String>,
}

impl GettingThere {
    pub fn is_empty(&self) -> bool {
        self.rail.is_none()
            && self.bus.is_none()
            && self.car.is_none()
            && self.parking.is_none()
            && self.blue_badge.is_none()
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VisitorsCentre {
    pub source: Option<SourceRef>,
    pub run_by: Option<String>,
    pub phone: Option<Phone>,
    pub hours: Option<String>,
    /// What there is: lockers, toilets, baby changing, a play area, refreshments.
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub facilities: Vec<String>,
    pub accessibility: Option<String>,
    pub notes: Option<String>,
}

/// Secure video calls at this prison.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VideoCalls {
    pub source: Option<SourceRef>,
    pub offered: Option<bool>,
    pub notes: Option<String>,
}

/// The prison's own contact details (not the booking line: that is under `booking`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub source: Option<SourceRef>,
    pub phone: Option<Phone>,
    #[serde(default, deserialize_with = "crate::model::exact")]
    pub phone_hours: Vec<Hours>,
    pub email: Option<String>,
    pub safer_custody: Option<Phone>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_one_id_or_several() {
        let one: SourceRef = serde_yaml::from_str("moj").unwrap();
        assert_eq!(one.0, ["moj"]);
        let two: SourceRef = serde_yaml::from_str("[a, b]").unwrap();
        assert_eq!(two.0, ["a", "b"]);
        assert!(serde_yaml::from_str::<SourceRef>("\"\"").is_err());
    }
}
