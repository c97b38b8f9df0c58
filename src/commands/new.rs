//! `familyties new prison|guide|evidence|support "<Name>"`: starts a page with every field of its
//! kind listed. Required fields get values that pass `familyties check`; the others are
//! there as notes (`# field: example  # what it means`) to fill in once checked. An
//! existing page is never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Error;
use crate::kinds::{self, KindDef};
use crate::model::fields::Date;
use crate::model::prison::Region;
use crate::slug::slugify;

use super::import::yaml::scalar;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Prison,
    /// A kind kept as a folder of pages that says how to start one (see `kinds`).
    Entry(&'static KindDef),
}

impl Kind {
    /// The kind `new` was asked for by name (`prison`, `guide`...).
    pub fn named(name: &str) -> Option<Kind> {
        if name == "prison" {
            return Some(Kind::Prison);
        }
        kinds::by_name(name)
            .filter(|k| k.new_page.is_some())
            .map(Kind::Entry)
    }
}

/// The names `new` takes, for `--help` and the check of its argument.
pub fn kind_names() -> Vec<&'static str> {
    std::iter::once("prison")
        .chain(
            kinds::ALL
                .iter()
                .filter(|k| k.new_page.is_some())
                .map(|k| k.name),
        )
        .collect()
}

/// The safe default source of a new prison page: the official list every prison is on.
pub(crate) const PRISON_SOURCE_TITLE: &str = "Prisons in England and Wales (GOV.UK)";
pub(crate) const PRISON_SOURCE_URL: &str =
    "https://www.gov.uk/government/collections/prisons-in-england-and-wales";

fn region_choices() -> String {
    Region::ALL
        .iter()
        .map(|r| r.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The region an editor typed, matched without regard to capitals.
pub(crate) fn parse_region(raw: &str) -> Result<Region, String> {
    Region::ALL
        .into_iter()
        .find(|r| r.name().eq_ignore_ascii_case(raw.trim()))
        .ok_or_else(|| format!("`{raw}` is not a region; use one of: {}", region_choices()))
}

/// The file name a page gets: "HMP Example" → "example" for a prison.
pub(crate) fn slug_for(kind: Kind, name: &str) -> String {
    let slug = slugify(name);
    if kind != Kind::Prison {
        return slug;
    }
    for prefix in ["hmp-and-yoi-", "hmp-yoi-", "hmyoi-", "hmp-", "yoi-"] {
        if let Some(rest) = slug.strip_prefix(prefix) {
            return rest.to_string();
        }
    }
    slug
}

/// "the North West", "Wales".
fn region_phrase(region: Region) -> String {
    match region {
        Region::London | Region::Wales | Region::Yorkshire => region.name().to_string(),
        _ => format!("the {}", region.name()),
    }
}

fn prison_text(name: &str, region: Region, today: Date) -> String {
    let name_v = scalar(name);
    let region_v = region.name();
    let choices = region_choices();
    let body = format!("{name} is a prison in {}.", region_phrase(region));
    format!(
        r##"---
# A prison's visiting guide. Families act on what this page says, so write only facts you
# have checked, and say where they came from under `sources` at the end.
#
# Lines that start with # are notes: they are not published. To fill in a field, delete the
# "# " at the start of its line (and of the lines under it) and write the checked fact in
# place of the example. Leave out anything you have not checked: the page then sends
# families to the prison's official page instead.

# ---- About the prison ----
name: {name_v}    # required: the name families know
# name_cy: Carchar Enghraifft    # the Welsh name, for prisons in Wales
# other_names: [Old Name]    # former or local names, so families can find the prison by them
# nomis_id: XYZ    # the prison's code in the prison register
# types: [HMP]    # one or more of HMP, YOI, YCS, STC, IRC
# holds: men aged 18 and over    # who is held there, in plain words
# category: Category C prison    # only if you have checked it
# operator: HM Prison Service    # who runs the prison
# sector: public    # public or private
region: {region_v}    # required: one of {choices}
# official_page: https://www.gov.uk/guidance/example-prison    # the prison's own page on GOV.UK

# ---- Address ----
# address:
#   lines: [1 Example Road]    # the street, one line each
#   town: Exampletown
#   county: Exampleshire
#   postcode: AB1 2CD

# ---- Where the facts come from ---- Each group below says where its facts came from with
# `source:`, the `id` of an entry in `sources:` at the end. The page shows that source and
# its date beside the facts. Leave out anything you have not checked.

# ---- Booking a visit ---- Phone numbers in quotes, with the area code. Times on the
# 24-hour clock, in quotes. Days are mon, tue, wed, thu, fri, sat and sun.
# booking:
#   source: gov-uk
#   online: national    # national (GOV.UK's booking service), other (give online_url) or none
#   phone: "0300 000 0000"    # the booking line
#   phone_hours:    # when the booking line is open
#     - {{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}}
#   in_person_hours:    # when visits can be booked at the visitors' centre
#     - {{days: [sat], from: "13:00", to: "15:00"}}
#   email: socialvisits.example@justice.gov.uk
#   email_for: bookings    # bookings, or questions if the email does not take bookings
#   notice_hours: 24    # how many hours ahead a visit must be booked
#   notice_working_days: 3    # working days the prison needs to confirm a request
#   book_up_to_days: 28    # how many days ahead a visit can be booked
#   first_visit_by_phone: true    # the first visit must be booked by phone

# ---- Who can come ----
# visitors:
#   source: gov-uk
#   set_by: prison    # prison, or booking_service when the limits are the booking service's
#   most_visitors: 3    # most visitors at one visit
#   most_adults: 3    # most adults at one visit
#   adult_from_age: 18    # from this age a child counts as an adult
#   lead_visitor_min_age: 18    # the person who books must be at least this old

# ---- Visiting times ----
# visiting_times:
#   source: gov-uk
#   sessions:
#     - days: [sat, sun]
#       start: "14:00"
#       end: "16:00"
#       kind: social    # social, family, video_call, legal or official (legal and official are kept apart)
#       label: Convicted    # a name for a group of sessions, if the prison has several
#       wings: [A, B]    # the wings these sessions are for
#       held: convicted    # remand or convicted
#       enhanced_only: false    # true if only for people on the enhanced level
#       notes: Arrive 30 minutes early.    # anything else families need to know
#   extra:    # one-off extra sessions
#     - {{date: 2026-12-23, start: "18:00", end: "19:00"}}

# ---- Days with no visits ---- shown as notices before they happen
# days_without_visits:
#   source: gov-uk
#   dates: [2026-12-25, 2026-12-26]

# ---- On the day ----
# on_the_day:
#   source: gov-uk
#   id_rules: Everyone aged 16 or over must show photo ID.    # what ID visitors need
#   arrive_minutes_early: 30
#   late_cutoff_minutes: 30    # later than this after the start, visitors may be turned away
#   searches: Everyone is searched, including children.
#   dress_code: [no vests, no hoods]    # what visitors must not wear
#   do_not_bring: [mobile phones, food and drink]    # things visitors cannot take into the visits hall
#   money: You can take up to £20 in coins for the snack bar.
#   lockers: Lockers are in the visitors' centre.
#   locker_coin: a £1 coin

# ---- Getting there ----
# getting_there:
#   source: gov-uk
#   rail: The nearest station is Example, a 20 minute walk away.
#   bus: Bus 1 stops outside the prison.
#   car: Follow the signs from the A1.
#   parking: A free car park for visitors.
#   blue_badge: Two Blue Badge spaces by the gate.

# ---- At the prison ----
# visitors_centre:
#   source: gov-uk
#   run_by: Example Charity    # who runs the visitors' centre
#   phone: "0113 000 0002"
#   hours: From 1pm on visit days
#   facilities: [baby changing, play area]    # what there is for visitors
#   accessibility: Step-free entrance to the visits hall.    # help for disabled visitors
#   notes: There are lockers for your things.
# video_calls:
#   source: gov-uk
#   offered: true    # secure video calls at this prison
# family_days: Ask the visitors' centre about family days.    # special visits for children and families

# ---- Contact ----
# contact:
#   source: gov-uk
#   phone: "0113 000 0000"    # the prison's main number
#   phone_hours:
#     - {{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}}
#   email: enquiries.example@justice.gov.uk
#   safer_custody: "0113 000 0001"    # for worries about someone's safety

# ---- Help for families ----
# support:
#   - name: Example Families Charity
#     phone: "0800 000 0000"
#     url: https://www.example.org
#     notes: Free to call.

# ---- Notices ---- A notice shows at the top of the page between its two dates.
# notices:
#   - title: Visits cancelled on Monday 1 December
#     starts: 2026-11-24
#     ends: 2026-12-01
#     kind: warning    # warning (red) or info (blue)
#     body: The visits hall is closed for repairs.

# ---- If the prison closes or changes ----
# status: open    # open, closed, temporarily_closed or re_roled
# status_note: Visits have moved while the prison is repaired.    # one plain sentence for families
# closed_on: 2026-07-18    # the day it closed
# replaced_by: other-prison    # the folder name of the prison that visits moved to
# aliases: [/old/address/]    # old addresses of this page, so old links still work

# ---- Checking ----
last_reviewed: {today}    # the day someone last checked these facts: change it when you check again
sources:    # required: where the facts came from
  - title: {source_title}
    url: {source_url}
    date: {today}    # the day it was published, or the day you read the copy you checked
#   - id: gov-uk    # the short name the groups above use in `source:`
#     title: HMP Example on GOV.UK
#     url: https://www.gov.uk/guidance/example-prison
#     date: 2026-11-01    # the day the source was published or the day you read it
---

{body}
"##,
        source_title = scalar(PRISON_SOURCE_TITLE),
        source_url = PRISON_SOURCE_URL,
    )
}

/// The page's path, and the path shown to the editor.
fn target(root: &Path, kind: Kind, slug: &str) -> (PathBuf, PathBuf) {
    let rel = match kind {
        Kind::Prison => PathBuf::from(format!("content/prisons/{slug}/index.md")),
        Kind::Entry(def) => PathBuf::from(format!("content/{}/{slug}.md", def.folder)),
    };
    (root.join(&rel), rel)
}

/// An existing page with the same address under a slightly different file name
/// ("First Visit.md" for "first-visit").
fn same_address(root: &Path, kind: Kind, slug: &str) -> Option<String> {
    let dir = root.join("content").join(match kind {
        Kind::Prison => "prisons",
        Kind::Entry(def) => def.folder,
    });
    let entries = std::fs::read_dir(&dir).ok()?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names.into_iter().find(|n| {
        let stem = match kind {
            Kind::Prison => Some(n.as_str()).filter(|_| dir.join(n).join("index.md").is_file()),
            _ => n
                .strip_suffix(".md")
                .map(|s| s.strip_suffix(".en").unwrap_or(s))
                .filter(|s| !s.ends_with(".cy")),
        };
        stem.is_some_and(|s| slugify(s) == slug)
    })
}

/// The longest page name `new` accepts.
const MAX_NAME_CHARS: usize = 100;

/// Runs `new`: writes the page, or says why not.
pub fn new(root: &Path, kind: Kind, name: &str, region: Option<&str>) -> Result<(), Error> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let slug = slug_for(kind, &name);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "`{name}` has no letters or digits to make a file name from\n  = help: give the page's name, for example \"HMP Example\" or \"Your first visit\""
        )));
    }
    // File systems refuse names over 255 bytes ("File name too long"), and a page's name
    // is a heading families read: a long one is a sentence pasted into the wrong place.
    let length = name.chars().count();
    if length > MAX_NAME_CHARS || slug.len() > MAX_NAME_CHARS {
        return Err(Error::Usage(format!(
            "the name is {length} characters long; a page's name can have at most {MAX_NAME_CHARS}, because its web address and file name are made from it\n  = help: give the short name, for example \"HMP Example\", and put the rest in the page's text"
        )));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(Error::Usage(format!(
            "the name has an invisible control character (U+{:04X})\n  = help: type the name again rather than pasting it",
            u32::from(c)
        )));
    }
    let text = match (kind, region) {
        (Kind::Prison, None) => {
            return Err(Error::Usage(format!(
                "a new prison needs its region: add --region \"<region>\"\n  = help: the regions are: {}",
                region_choices()
            )));
        }
        (Kind::Prison, Some(raw)) => match parse_region(raw) {
            Ok(r) => prison_text(&name, r, Date::today()),
            Err(e) => {
                return Err(Error::Usage(format!("--region: {e}")));
            }
        },
        (_, Some(_)) => {
            return Err(Error::Usage(
                "--region is only for `new prison`".to_string(),
            ));
        }
        (Kind::Entry(def), None) => match def.new_page {
            // The kinds write the name as it is given; it is made safe YAML here.
            Some(text) => text(&scalar(&name), Date::today()),
            None => {
                return Err(Error::Usage(format!(
                    "`new` cannot start a {} page; use one of: {}",
                    def.name,
                    kind_names().join(", ")
                )));
            }
        },
    };
    let (path, shown) = target(root, kind, &slug);
    let clash = if path.exists() {
        Some(shown.display().to_string())
    } else {
        same_address(root, kind, &slug).map(|n| {
            shown
                .parent()
                .map_or_else(|| n.clone(), |p| p.join(&n).display().to_string())
        })
    };
    if let Some(existing) = clash {
        return Err(Error::Failed(format!(
            "{existing} already exists, and `new` never overwrites a page\n  = help: edit that page, or choose a different name"
        )));
    }
    if let Some(dir) = path.parent()
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return Err(Error::Failed(format!(
            "cannot make the folder {}: {e}",
            dir.display()
        )));
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match written {
        Ok(()) => {
            println!("wrote {}", shown.display());
            println!("next: fill in the facts you have checked, then run `familyties check`");
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::Failed(format!(
            "{} already exists, and `new` never overwrites a page",
            shown.display()
        ))),
        Err(e) => Err(Error::Failed(format!(
            "cannot write {}: {e}",
            shown.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug_for(Kind::Prison, "HMP Example"), "example");
        assert_eq!(slug_for(Kind::Prison, "HMP & YOI Altcourse"), "altcourse");
        assert_eq!(slug_for(Kind::Prison, "HMYOI Aylesbury"), "aylesbury");
        assert_eq!(
            slug_for(Kind::named("guide").unwrap(), "Your first visit"),
            "your-first-visit"
        );
    }

    fn uncomment_all(text: &str) -> String {
        text.lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with(' ')
                        || rest.split_once(':').is_some_and(|(k, _)| {
                            !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        }) =>
                {
                    rest.to_string()
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn front_matter(text: &str) -> &str {
        let rest = text.strip_prefix("---\n").unwrap_or(text);
        rest.split("\n---\n").next().unwrap_or("")
    }

    #[test]
    fn every_example_is_valid_when_uncommented() {
        let today = Date::parse("2026-11-23").unwrap();
        let prison = prison_text("HMP Example: North", Region::NorthWest, today);
        let p: crate::model::Prison = serde_yaml::from_str(front_matter(&prison)).unwrap();
        assert_eq!(p.name, "HMP Example: North");
        assert!(p.address.is_none());
        let full = uncomment_all(&prison);
        let p: crate::model::Prison = serde_yaml::from_str(front_matter(&full)).unwrap();
        assert_eq!(p.visiting_times.map(|t| t.sessions.len()), Some(1));
        assert_eq!(p.sources.len(), 2);
        assert_eq!(p.sources[1].id.as_deref(), Some("gov-uk"));
        assert!(p.address.is_some() && p.visitors_centre.is_some() && p.replaced_by.is_some());

        let start = |kind: &str, name: &str| {
            let text = crate::kinds::by_name(kind)
                .and_then(|k| k.new_page)
                .unwrap();
            text(&scalar(name), today)
        };
        let guide = start("guide", "Your first visit");
        let _: crate::model::Guide = serde_yaml::from_str(front_matter(&guide)).unwrap();
        let g: crate::model::Guide =
            serde_yaml::from_str(front_matter(&uncomment_all(&guide))).unwrap();
        assert_eq!(g.order, Some(1));

        let ev = start("evidence", "The Example Review (2020)");
        let _: crate::model::Evidence = serde_yaml::from_str(front_matter(&ev)).unwrap();
        let e: crate::model::Evidence =
            serde_yaml::from_str(front_matter(&uncomment_all(&ev))).unwrap();
        assert_eq!(e.key_figures.len(), 1);
        assert_eq!(e.sources.len(), 1);

        let support = start("support", "Example Families Trust");
        let s: crate::model::support::Support =
            serde_yaml::from_str(front_matter(&support)).unwrap();
        assert!(s.contact.is_none());
        let s: crate::model::support::Support =
            serde_yaml::from_str(front_matter(&uncomment_all(&support))).unwrap();
        assert!(s.contact.is_some() && s.visitors_centres.is_some());
        assert_eq!(s.sources.len(), 1);
    }

    #[test]
    fn kinds_by_name() {
        assert_eq!(kind_names(), ["prison", "guide", "evidence", "support"]);
        assert_eq!(Kind::named("policy"), None);
    }
}
