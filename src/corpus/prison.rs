//! Prison guides: full front matter and a long body.

use super::*;

// ---------------------------------------------------------------------------------------
// Prisons.

pub(super) const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
pub(super) const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
pub(super) const SLOTS: [(&str, &str); 6] = [
    ("09:30", "11:30"),
    ("10:00", "12:00"),
    ("13:45", "15:45"),
    ("14:00", "16:00"),
    ("14:30", "16:30"),
    ("18:00", "19:30"),
];

pub(super) struct Session {
    pub(super) days: Vec<usize>,
    pub(super) slot: (&'static str, &'static str),
    pub(super) kind: &'static str,
    pub(super) notes: Option<&'static str>,
}

pub(super) fn sessions(rng: &mut Rng) -> Vec<Session> {
    let n = rng.range(2, 5);
    (0..n)
        .map(|k| {
            let mut days: Vec<usize> = rng
                .some_between(&[0, 1, 2, 3, 4, 5, 6], 1, 3)
                .into_iter()
                .copied()
                .collect();
            days.sort_unstable();
            let kind = match (k, rng.below(10)) {
                (0, _) => "social",
                (_, 0) => "family",
                (_, 1) => "video_call",
                _ => "social",
            };
            let notes = rng.chance(25).then(|| {
                rng.pick(&[
                    "Children's play area open",
                    "Book at least 48 hours ahead",
                    "Quieter than weekend visits",
                ])
            });
            Session {
                days,
                slot: rng.pick(&SLOTS),
                kind,
                notes,
            }
        })
        .collect()
}

pub(super) fn prison(w: &mut Writer, plan: &Plan, i: usize) -> io::Result<()> {
    let mut rng = Rng::new(STREAM_PRISON, i);
    let slug = prison_slug(i);
    let name = name_of(i);
    let town = town_of(i);
    let region = region_of(i);
    let estate = estate_of(i);
    let (types, holds) = match estate {
        Estate::Men => ("[HMP]", rng.pick(&HOLDS[..2])),
        Estate::Women => ("[HMP]", HOLDS[2]),
        Estate::YoungMen => ("[HMP, YOI]", HOLDS[3]),
        Estate::Children => ("[STC]", HOLDS[4]),
        Estate::Removal => ("[IRC]", HOLDS[5]),
    };
    let notice = rng.pick(&[24, 48, 72]);
    let official = format!("https://prisons.familyties.test/{slug}");
    let mut f = String::new();
    let _ = writeln!(f, "name: {}", q(&name));
    if rng.chance(10) {
        let _ = writeln!(f, "other_names: [{}]", q(&format!("{town} Gaol")));
    }
    let _ = writeln!(f, "nomis_id: {}", q(&format!("X{:02}", i % 100)));
    let _ = writeln!(f, "types: {types}\nholds: {}", q(holds));
    if matches!(estate, Estate::Men) {
        let _ = writeln!(
            f,
            "category: {}",
            q(rng.pick(&["Category B local", "Category C training", "Category D open"]))
        );
    }
    let private = rng.chance(15);
    let _ = writeln!(
        f,
        "operator: {}\nsector: {}\nregion: {}",
        q(if private {
            "Example Custodial Services Ltd"
        } else {
            "HM Prison Service"
        }),
        if private { "private" } else { "public" },
        region.name()
    );
    let _ = writeln!(
        f,
        "address:\n  lines: [{}]\n  town: {}\n  county: {}\n  postcode: {}",
        q(&format!("{} {}", rng.range(1, 200), rng.pick(&STREETS))),
        q(&town),
        q(rng.pick(counties(region))),
        postcode(&mut rng, region)
    );
    let _ = writeln!(f, "official_page: {official}");
    let _ = writeln!(
        f,
        "contact:\n  source: official\n  phone: {}\n  safer_custody: {}",
        q(&phone(&mut rng)),
        q(&phone(&mut rng))
    );
    let _ = writeln!(
        f,
        "booking:\n  source: official\n  online: national\n  phone: {}\n  phone_hours:\n    - {{days: [mon, tue, wed, thu, fri], from: \"09:00\", to: \"16:00\"}}\n  email: {}\n  notice_hours: {notice}",
        q(&phone(&mut rng)),
        q(&format!("visits.{slug}@familyties.test"))
    );
    let times = sessions(&mut rng);
    // Kept aside so a prison that turns out closed (decided further down) lists no times.
    let times_at = f.len();
    f.push_str("visiting_times:\n  source: official\n  sessions:\n");
    for s in &times {
        let days: Vec<&str> = s.days.iter().map(|&d| DAYS[d]).collect();
        let _ = writeln!(
            f,
            "    - days: [{}]\n      start: \"{}\"\n      end: \"{}\"\n      kind: {}",
            days.join(", "),
            s.slot.0,
            s.slot.1,
            s.kind
        );
        if let Some(n) = s.notes {
            let _ = writeln!(f, "      notes: {}", q(n));
        }
    }
    let times_end = f.len();
    f.push_str("on_the_day:\n  source: official\n");
    if rng.chance(40) {
        let _ = writeln!(
            f,
            "  dress_code: [{}, {}]",
            q("Cover your shoulders and knees."),
            q("No clothes with slogans.")
        );
    }
    let not_allowed: Vec<String> = rng
        .some_between(&NOT_ALLOWED, 3, 6)
        .into_iter()
        .map(|s| q(s))
        .collect();
    let _ = writeln!(f, "  do_not_bring: [{}]", not_allowed.join(", "));
    let _ = writeln!(
        f,
        "getting_there:\n  source: official\n  rail: {}\n  bus: {}\n  car: {}\n  parking: {}",
        q(&format!(
            "{town} station is {} miles away.",
            rng.range(2, 6)
        )),
        q(&format!(
            "Bus {} runs from {town} every {} minutes.",
            rng.range(1, 99),
            rng.pick(&[15, 20, 30, 60])
        )),
        q("Follow the brown signs from the main road."),
        q("Free parking next to the visitors' centre.")
    );
    let centre = rng.chance(70);
    f.push_str("visitors_centre:\n  source: official\n");
    if centre {
        let _ = writeln!(
            f,
            "  run_by: {}\n  phone: {}\n  hours: {}",
            q("Example Families Charity"),
            q(&phone(&mut rng)),
            q("an hour before each visit")
        );
    }
    let facilities: Vec<String> = rng
        .some_between(&FACILITIES, 2, 5)
        .into_iter()
        .map(|s| q(s))
        .collect();
    let _ = writeln!(f, "  facilities: [{}]", facilities.join(", "));
    if rng.chance(50) {
        let _ = writeln!(
            f,
            "  accessibility: {}",
            q("There is step-free access from the car park to the visits hall.")
        );
    }
    if rng.chance(30) {
        let _ = writeln!(
            f,
            "family_days: {}",
            q("Held in the school holidays. Ask the visits team.")
        );
    }
    let _ = writeln!(
        f,
        "support:\n  - name: {}\n    phone: {}\n    url: https://families.familyties.test/\n    notes: {}",
        q("Example Families Helpline"),
        q(&phone(&mut rng)),
        q("Free and confidential.")
    );
    if rng.chance(10) {
        let _ = writeln!(
            f,
            "notices:\n  - title: {}\n    starts: {}\n    ends: {}\n    kind: {}\n    body: {}",
            q("Changes to visits this month"),
            days_before(20),
            days_before(-20),
            rng.pick(&["warning", "info"]),
            q("Evening visits are not running. Day visits are as normal.")
        );
    }
    if i > 1 && rng.chance(2) {
        f.replace_range(times_at..times_end, "");
        f = f.replacen("  online: national\n", "  online: none\n", 1);
        let _ = writeln!(
            f,
            "status: closed\nstatus_note: {}\nclosed_on: {}\nreplaced_by: {}",
            q("Visits moved to another prison."),
            days_before(rng.range(400, 900) as i64),
            prison_slug(plan.other_prison(&mut rng, i))
        );
    }
    if rng.chance(5) {
        let _ = writeln!(f, "aliases: [/old/{slug}/]");
    }
    let _ = writeln!(
        f,
        "last_reviewed: {}",
        days_before(rng.range(0, 300) as i64)
    );
    sources_yaml(
        &mut f,
        &[
            (format!("{name} (official page)"), official.clone()),
            (
                "Visit someone in prison (GOV.UK)".into(),
                "https://www.gov.uk/prison-visits".into(),
            ),
        ],
    );
    // The prison's groups of facts name its official page as their source.
    f = f.replacen(
        "sources:\n  - title: ",
        "sources:\n  - id: official\n    title: ",
        1,
    );

    let notice_s = notice.to_string();
    let vars = [
        ("{name}", name.as_str()),
        ("{town}", town.as_str()),
        ("{notice}", notice_s.as_str()),
        ("{holds}", holds),
    ];
    let target = rng.range(600, 1200);
    let mut b = String::new();
    let _ = writeln!(b, "{}\n", paragraph_between(&mut rng, &INTRO, 3, 5, &vars));
    let _ = writeln!(
        b,
        "## {}\n",
        rng.pick(&[
            "About the visits hall",
            "Inside the visits hall",
            "The visits hall"
        ])
    );
    let _ = writeln!(b, "{}\n", paragraph_between(&mut rng, &HALL, 3, 5, &vars));
    let _ = writeln!(b, "{}\n", paragraph_between(&mut rng, &HALL, 3, 5, &vars));
    let _ = writeln!(b, "## Before you set off\n");
    for s in rng.some_between(&BEFORE, 4, 7) {
        let _ = writeln!(b, "- {}", fill(s, &vars));
    }
    let _ = writeln!(
        b,
        "\nIs this your first visit? Read {} in our guide. You can also read about {}.\n",
        guide_anchor_link(&mut rng, plan, 2),
        guide_anchor_link(&mut rng, plan, 2)
    );
    let _ = writeln!(b, "## Times at a glance\n");
    b.push_str("| Day | Starts | Ends | Kind of visit |\n| --- | --- | --- | --- |\n");
    for s in &times {
        for &d in &s.days {
            let _ = writeln!(
                b,
                "| {} | {} | {} | {} |",
                DAY_NAMES[d],
                s.slot.0,
                s.slot.1,
                s.kind.replace('_', " ")
            );
        }
    }
    let _ = writeln!(
        b,
        "\nThe times are also in the table [at the top of this page](#visiting-times).\n"
    );
    let _ = writeln!(b, "## When you arrive\n");
    for (k, s) in rng.some_between(&ARRIVE, 4, 7).into_iter().enumerate() {
        let _ = writeln!(b, "{}. {}", k + 1, fill(s, &vars));
    }
    let _ = writeln!(
        b,
        "\nYou need the right ID. See {}.\n",
        guide_anchor_link(&mut rng, plan, 2)
    );
    let _ = writeln!(
        b,
        "## Children and babies\n\n{}\n",
        paragraph_between(&mut rng, &CHILDREN, 3, 5, &vars)
    );
    let _ = writeln!(
        b,
        "## Food and drink\n\n{}\n",
        paragraph_between(&mut rng, &FOOD, 2, 4, &vars)
    );
    let _ = writeln!(
        b,
        "## Travel\n\n{}\n",
        paragraph_between(&mut rng, &TRAVEL, 3, 5, &vars)
    );
    if rng.chance(30) {
        let _ = writeln!(
            b,
            "> **Tip from a family:** {}\n",
            fill(rng.pick(&EXTRA), &vars)
        );
    }
    let _ = writeln!(b, "## Other prisons nearby\n");
    for _ in 0..rng.range(2, 4) {
        let _ = writeln!(b, "- {}", prison_link(&mut rng, plan, i, true));
    }
    b.push('\n');
    if i % 20 == 7 {
        let _ = writeln!(
            b,
            "## For editors\n\nThe times above come from this part of the page's front matter:\n"
        );
        b.push_str("```yaml\nvisiting_times:\n");
        for s in times.iter().take(2) {
            let days: Vec<&str> = s.days.iter().map(|&d| DAYS[d]).collect();
            let _ = writeln!(
                b,
                "  - days: [{}]\n    start: \"{}\"\n    end: \"{}\"",
                days.join(", "),
                s.slot.0,
                s.slot.1
            );
        }
        b.push_str("```\n\n");
    }
    let mut n = rng.below(EXTRA_HEADINGS.len());
    while words(&b) < target {
        let _ = writeln!(b, "### {}\n", EXTRA_HEADINGS[n % EXTRA_HEADINGS.len()]);
        let _ = writeln!(b, "{}\n", paragraph_between(&mut rng, &EXTRA, 3, 5, &vars));
        if rng.chance(30) {
            for s in rng.some(&EXTRA, 3) {
                let _ = writeln!(b, "- {}", fill(s, &vars));
            }
            b.push('\n');
        }
        n += 1;
    }
    w.stats.prisons += 1;
    w.page(&format!("prisons/{slug}/index.md"), &f, &b)
}
