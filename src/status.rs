//! What editors must check next: for every open prison and every group of facts families act
//! on, where the facts came from, how old that source is, and what is missing. The same
//! report is printed by `familyties status` and built into the site at `/editors/status/`.

use serde::Serialize;

use crate::content::{Page, Site};
use crate::model::Prison;
use crate::model::facts::SourceRef;
use crate::model::fields::Date;
use crate::views::{Group as ListGroup, Link, PageView};

/// Where the report is published in the site (never linked from families' pages).
pub const PAGE_URL: &str = "/editors/status/";

/// The groups of facts editors keep up to date, in the order families need them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Times,
    Booking,
    Rules,
    Travel,
    VisitorsCentre,
    Contact,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::Times,
        Group::Booking,
        Group::Rules,
        Group::Travel,
        Group::VisitorsCentre,
        Group::Contact,
    ];

    /// The plain name used in the report.
    pub fn label(self) -> &'static str {
        match self {
            Group::Times => "visiting times",
            Group::Booking => "booking",
            Group::Rules => "rules (who can come, on the day)",
            Group::Travel => "address and travel",
            Group::VisitorsCentre => "visitors' centre",
            Group::Contact => "contact",
        }
    }

    /// The front matter fields that hold this group, for the editor who goes to fix it.
    pub fn fields(self) -> &'static str {
        match self {
            Group::Times => "visiting_times",
            Group::Booking => "booking",
            Group::Rules => "visitors, on_the_day",
            Group::Travel => "address, getting_there",
            Group::VisitorsCentre => "visitors_centre",
            Group::Contact => "contact",
        }
    }

    /// The source references of the parts of this group the prison has; empty when it has
    /// none of them.
    fn sources(self, p: &Prison) -> Vec<Option<&SourceRef>> {
        match self {
            Group::Times => p
                .visiting_times
                .iter()
                .filter(|t| !t.sessions.is_empty())
                .map(|t| t.source.as_ref())
                .collect(),
            Group::Booking => p.booking.iter().map(|b| b.source.as_ref()).collect(),
            Group::Rules => p
                .visitors
                .iter()
                .map(|g| g.source.as_ref())
                .chain(p.on_the_day.iter().map(|g| g.source.as_ref()))
                .collect(),
            Group::Travel => p
                .address
                .iter()
                .filter(|a| !a.lines.is_empty())
                .map(|a| a.source.as_ref())
                .chain(p.getting_there.iter().map(|g| g.source.as_ref()))
                .collect(),
            Group::VisitorsCentre => p
                .visitors_centre
                .iter()
                .map(|g| g.source.as_ref())
                .collect(),
            Group::Contact => p.contact.iter().map(|g| g.source.as_ref()).collect(),
        }
    }
}

/// What an editor has to do about one group, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// The page has none of these facts: find them.
    Missing,
    /// The facts name no source, or a source with no date: nobody can tell how fresh they are.
    Undated,
    /// The source is older than the site's limit (`facts_stale_after_months`).
    Stale,
    Current,
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            State::Missing => "missing",
            State::Undated => "no dated source",
            State::Stale => "old",
            State::Current => "current",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub prison: String,
    pub url: String,
    /// The prison's file, where the editor makes the change.
    pub file: String,
    pub group: Group,
    pub group_label: &'static str,
    pub fields: &'static str,
    pub state: State,
    /// The oldest dated source of the group's facts (the one to check first).
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub source_date: Option<String>,
    pub age_days: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupTotal {
    pub group: Group,
    pub label: &'static str,
    /// Open prisons that have this group's facts.
    pub have: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub today: String,
    pub stale_after_months: u32,
    pub open_prisons: usize,
    pub totals: Vec<GroupTotal>,
    /// Groups whose oldest source is older than the limit.
    pub stale_sources: usize,
    pub rows: Vec<Row>,
}

/// Which rows a [`report`] keeps; every group of every open prison is counted in the
/// totals either way.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every open prison × every group (`familyties status`).
    All,
    /// Only what the editors' page lists: facts missing, undated or stale. At 100,000
    /// prisons the rows of current facts, made only to be left out, were the lists'
    /// largest use of memory.
    NeedsCheck,
}

/// Every open prison × every group (those `keep` lets through), sorted by what needs
/// checking first: missing, then no dated source, then oldest.
pub fn report(site: &Site, keep: Keep) -> Report {
    let months = site.config.facts_stale_after_months;
    let limit = site
        .today
        .add_months(-i32::try_from(months).unwrap_or(i32::MAX / 24));
    let prisons: Vec<_> = site
        .prisons()
        .into_iter()
        .filter(|(_, p)| p.status.is_listed())
        .collect();
    let mut rows = Vec::new();
    let mut have = [0; Group::ALL.len()];
    let mut stale_sources = 0;
    for (page, prison) in &prisons {
        for (g, group) in Group::ALL.into_iter().enumerate() {
            let (state, oldest) = assess(limit, prison, group);
            have[g] += usize::from(state != State::Missing);
            stale_sources += usize::from(state == State::Stale);
            if keep == Keep::All || state != State::Current {
                rows.push(row(site.today, page, prison, group, state, oldest));
            }
        }
    }
    rows.sort_by(|a, b| {
        (
            a.state,
            a.source_date.is_some(),
            &a.source_date,
            &a.prison,
            a.group,
        )
            .cmp(&(
                b.state,
                b.source_date.is_some(),
                &b.source_date,
                &b.prison,
                b.group,
            ))
    });
    let totals = Group::ALL
        .iter()
        .zip(have)
        .map(|(&group, have)| GroupTotal {
            group,
            label: group.label(),
            have,
        })
        .collect();
    Report {
        today: site.today.to_string(),
        stale_after_months: months,
        open_prisons: prisons.len(),
        totals,
        stale_sources,
        rows,
    }
}

/// What an editor has to do about one group of a prison's facts, and the oldest dated
/// source they rest on.
fn assess(limit: Date, prison: &Prison, group: Group) -> (State, Option<&crate::model::Source>) {
    let refs = group.sources(prison);
    let mut oldest: Option<&crate::model::Source> = None;
    let mut undated = false;
    for r in &refs {
        let sources: Vec<_> = r
            .iter()
            .flat_map(|r| &r.0)
            .filter_map(|id| prison.source(id))
            .collect();
        if sources.is_empty() {
            undated = true;
        }
        for s in sources {
            match s.date {
                None => undated = true,
                Some(d) => {
                    if oldest.and_then(|o| o.date).is_none_or(|o| d < o) {
                        oldest = Some(s);
                    }
                }
            }
        }
    }
    let date = oldest.and_then(|s| s.date);
    let state = if refs.is_empty() {
        State::Missing
    } else if undated || date.is_none() {
        State::Undated
    } else if date.is_some_and(|d| d.first_day < limit) {
        State::Stale
    } else {
        State::Current
    };
    (state, oldest)
}

fn row(
    today: Date,
    page: &Page,
    prison: &Prison,
    group: Group,
    state: State,
    oldest: Option<&crate::model::Source>,
) -> Row {
    let date = oldest.and_then(|s| s.date);
    Row {
        prison: prison.name.clone(),
        url: page.url.clone(),
        file: page.file.shown.to_string_lossy().replace('\\', "/"),
        group,
        group_label: group.label(),
        fields: group.fields(),
        state,
        source: oldest.map(|s| s.title.clone()),
        source_url: oldest.map(|s| s.url.0.clone()),
        source_date: date.map(|d| d.to_string()),
        age_days: date.map(|d| today.days() - d.first_day.days()),
    }
}

impl Report {
    /// Only the groups whose source is older than `days` (or has no date, so its age is
    /// unknown): `familyties status --due 90`.
    pub fn due(mut self, days: i64) -> Report {
        self.rows.retain(|r| match r.state {
            State::Missing => false,
            State::Undated => true,
            State::Stale | State::Current => r.age_days.is_some_and(|a| a > days),
        });
        self
    }

    /// "93 of 127 prisons have visiting times; …; 14 sources older than 6 months".
    pub fn summary(&self) -> String {
        let have: Vec<String> = self
            .totals
            .iter()
            .map(|t| format!("{} of {} have {}", t.have, self.open_prisons, t.label))
            .collect();
        format!(
            "{}; {} group(s) rest on a source older than {} months",
            have.join("; "),
            self.stale_sources,
            self.stale_after_months
        )
    }

    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{:<32} {:<34} {:<16} {:>10} {:>5}  source\n",
            "prison", "facts", "state", "date", "days"
        );
        for r in &self.rows {
            out.push_str(&format!(
                "{:<32} {:<34} {:<16} {:>10} {:>5}  {}\n",
                r.prison,
                r.group_label,
                r.state.label(),
                r.source_date.as_deref().unwrap_or("-"),
                r.age_days.map_or("-".to_string(), |a| a.to_string()),
                r.source.as_deref().unwrap_or("-"),
            ));
        }
        out.push_str(&format!("\n{}\n", self.summary()));
        out
    }

    pub fn to_csv(&self) -> Result<String, String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "prison",
            "file",
            "facts",
            "fields",
            "state",
            "source",
            "source_url",
            "source_date",
            "age_days",
        ])
        .map_err(|e| e.to_string())?;
        for r in &self.rows {
            w.write_record([
                r.prison.as_str(),
                &r.file,
                r.group_label,
                r.fields,
                r.state.label(),
                r.source.as_deref().unwrap_or(""),
                r.source_url.as_deref().unwrap_or(""),
                r.source_date.as_deref().unwrap_or(""),
                &r.age_days.map(|a| a.to_string()).unwrap_or_default(),
            ])
            .map_err(|e| e.to_string())?;
        }
        let bytes = w.into_inner().map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|e| e.to_string())
    }

    pub fn to_json(&self) -> Result<String, String> {
        serde_json::to_string_pretty(self).map_err(|e| e.to_string())
    }
}

/// The report as the editors' page shows it: totals, then each group's missing prisons,
/// then the facts that rest on no dated source or an old one, oldest first.
pub fn page_view<'a>(report: &Report, mut view: PageView<'a>) -> PageView<'a> {
    view.summary = Some(format!(
        "Built on {}. Facts older than {} months need checking against their source.",
        report.today, report.stale_after_months
    ));
    view.items = report
        .totals
        .iter()
        .map(|t| {
            Link::new(t.label, "").with_note(Some(format!(
                "{} of {} open prisons",
                t.have, report.open_prisons
            )))
        })
        .collect();
    view.groups = Group::ALL
        .iter()
        .filter_map(|&group| {
            let items: Vec<Link> = report
                .rows
                .iter()
                .filter(|r| r.group == group && r.state == State::Missing)
                .map(|r| Link::new(&r.prison, &r.url).with_note(Some(r.file.clone())))
                .collect();
            (!items.is_empty()).then(|| ListGroup {
                title: format!(
                    "No {} ({} prisons; fields: {})",
                    group.label(),
                    items.len(),
                    group.fields()
                ),
                id: format!("missing-{}", crate::slug::slugify(group.label())),
                items,
            })
        })
        .collect();
    view.second_groups = [State::Undated, State::Stale]
        .iter()
        .map(|&state| ListGroup {
            title: match state {
                State::Undated => "Facts with no dated source".to_string(),
                _ => format!("Sources older than {} months", report.stale_after_months),
            },
            id: crate::slug::slugify(state.label()),
            items: report
                .rows
                .iter()
                .filter(|r| r.state == state)
                .map(|r| {
                    let when = match (&r.source_date, r.age_days) {
                        (Some(d), Some(a)) => format!("{d}, {a} days ago"),
                        _ => "no date".to_string(),
                    };
                    Link::new(format!("{}: {}", r.prison, r.group_label), &r.url).with_note(Some(
                        format!("{} ({when})", r.source.as_deref().unwrap_or("no source")),
                    ))
                })
                .collect(),
        })
        .collect();
    view
}
