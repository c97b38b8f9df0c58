//! Guides, policy parts, evidence items, the glossary, the home and about pages.

use super::*;

pub(super) fn guide(w: &mut Writer, plan: &Plan, i: usize) -> io::Result<()> {
    let mut rng = Rng::new(STREAM_GUIDE, i);
    let slug = guide_slug(i);
    let title = guide_title(i);
    let (summary, headings): (String, &[&str]) = match i {
        0 => (
            HOW_VISITS_WORK.summary.to_string(),
            HOW_VISITS_WORK.headings,
        ),
        1 => (WHAT_ID.summary.to_string(), WHAT_ID.headings),
        _ => (
            format!("Plain help with {}.", title.to_lowercase()),
            &GENERIC_HEADINGS,
        ),
    };
    let mut front = String::new();
    let _ = writeln!(
        front,
        "title: {}\nsummary: {}\norder: {}",
        q(&title),
        q(&summary),
        i + 1
    );
    let _ = writeln!(
        front,
        "last_reviewed: {}",
        days_before(rng.range(0, 300) as i64)
    );
    sources_yaml(
        &mut front,
        &[
            (
                "Visit someone in prison (GOV.UK)".into(),
                "https://www.gov.uk/prison-visits".into(),
            ),
            (
                format!("Notes for {title}"),
                format!("https://guides.familyties.test/{slug}"),
            ),
        ],
    );
    let vars = [
        ("{name}", "the prison"),
        ("{town}", "the town"),
        ("{notice}", "24"),
        ("{holds}", "adults"),
    ];
    let mut body = String::new();
    let _ = writeln!(body, "{}\n", paragraph(&mut rng, &INTRO[1..10], 3, &vars));
    let target = rng.range(400, 900);
    for (k, h) in headings.iter().enumerate() {
        let _ = writeln!(body, "## {h}\n");
        let _ = writeln!(body, "{}\n", paragraph(&mut rng, &HALL, 4, &vars));
        if k % 2 == 0 {
            for s in rng.some(&BEFORE, 4) {
                let _ = writeln!(body, "- {}", fill(s, &vars));
            }
            body.push('\n');
        }
        let _ = writeln!(
            body,
            "{} Some families at {} have told us about it.\n",
            paragraph(&mut rng, &EXTRA, 3, &vars),
            prison_link(&mut rng, plan, 0, false)
        );
    }
    let mut n = 0;
    while words(&body) < target {
        let _ = writeln!(body, "### {}\n", EXTRA_HEADINGS[n % EXTRA_HEADINGS.len()]);
        let _ = writeln!(body, "{}\n", paragraph(&mut rng, &EXTRA, 4, &vars));
        n += 1;
    }
    let _ = writeln!(body, "See also {}.", guide_anchor_link(&mut rng, plan, 1));
    w.stats.guides += 1;
    w.page(&format!("guides/{slug}.md"), &front, &body)
}

// ---------------------------------------------------------------------------------------
// Policy parts and evidence.

pub(super) const POLICY_TOPICS: [&str; 8] = [
    "Why family ties matter",
    "What every prison must do",
    "What families can expect",
    "How it is measured",
    "Support for children",
    "Visits and the visits hall",
    "Keeping in touch",
    "Working with charities",
];

pub(super) fn policy_slug(i: usize) -> String {
    format!("part-{i:02}")
}

pub(super) fn evidence_slug(i: usize) -> String {
    format!("evidence-{i:04}")
}

pub(super) const POLICY_SENTENCES: [&str; 10] = [
    "Prisons should help people keep in touch with their families.",
    "Families are often the best support when someone leaves prison.",
    "Each prison should have a plan for how it supports families.",
    "The plan should say who is in charge of it.",
    "Staff should treat visitors with respect.",
    "Prisons should make it easy to book a visit.",
    "Children should be able to visit in a space that feels safe.",
    "Prisons should ask families what they think of visits.",
    "The prison should check each year how well the plan works.",
    "Charities often run the visitors' centre for the prison.",
];

pub(super) fn policy(w: &mut Writer, plan: &Plan, i: usize) -> io::Result<()> {
    let mut rng = Rng::new(STREAM_POLICY, i);
    let topic = POLICY_TOPICS[(i - 1) % POLICY_TOPICS.len()];
    let title = format!("Part {i}: {topic}");
    let mut front = String::new();
    let _ = writeln!(
        front,
        "title: {}\nsummary: {}\norder: {i}\nlast_reviewed: {}",
        q(&title),
        q(&format!(
            "What the framework says about {}.",
            topic.to_lowercase()
        )),
        days_before(rng.range(0, 300) as i64)
    );
    sources_yaml(
        &mut front,
        &[(
            format!("{topic} (framework text)"),
            format!("https://policy.familyties.test/{}", policy_slug(i)),
        )],
    );
    let vars: [(&str, &str); 0] = [];
    let mut body = String::new();
    let _ = writeln!(
        body,
        "{}\n",
        paragraph(&mut rng, &POLICY_SENTENCES, 3, &vars)
    );
    for h in ["What it says", "What it means for families", "The evidence"] {
        let _ = writeln!(
            body,
            "## {h}\n\n{}\n",
            paragraph(&mut rng, &POLICY_SENTENCES, 4, &vars)
        );
    }
    for _ in 0..3 {
        let e = 1 + rng.below(plan.evidence);
        let _ = writeln!(
            body,
            "- [{}](../evidence/{}.md)",
            evidence_title(e),
            evidence_slug(e)
        );
    }
    let _ = writeln!(
        body,
        "\nFor families, the guide on {} explains what this means on the day.",
        guide_anchor_link(&mut rng, plan, 1)
    );
    let target = rng.range(300, 600);
    while words(&body) < target {
        let _ = writeln!(
            body,
            "\n{}",
            paragraph(&mut rng, &POLICY_SENTENCES, 4, &vars)
        );
    }
    w.stats.policy += 1;
    w.page(&format!("policy/{}.md", policy_slug(i)), &front, &body)
}

pub(super) const EVIDENCE_TOPICS: [&str; 10] = [
    "visits",
    "children",
    "reoffending",
    "family-support",
    "travel",
    "video-calls",
    "women",
    "young-people",
    "resettlement",
    "mental-health",
];

pub(super) fn evidence_title(i: usize) -> String {
    let topic = EVIDENCE_TOPICS[(i - 1) % EVIDENCE_TOPICS.len()].replace('-', " ");
    format!("Study {i} on {topic} ({})", 2005 + (i % 20))
}

pub(super) fn evidence(w: &mut Writer, plan: &Plan, i: usize) -> io::Result<()> {
    let mut rng = Rng::new(STREAM_EVIDENCE, i);
    let year = 2005 + (i % 20);
    let kind = rng.pick(&["report", "finding", "statistic", "inspection"]);
    let mut front = String::new();
    let _ = writeln!(
        front,
        "title: {}\nsummary: {}\nkind: {kind}\nauthor: {}\nyear: {year}\npublisher: {}",
        q(&evidence_title(i)),
        q("A made-up study used to test the site at scale."),
        q(rng.pick(&[
            "A. Researcher",
            "The Family Study Group",
            "B. Author and C. Writer",
            "Visits Research Unit"
        ])),
        q(rng.pick(&[
            "Example University Press",
            "Example Research Trust",
            "Example Department"
        ])),
    );
    if rng.chance(50) {
        let _ = writeln!(
            front,
            "published: {year}-{:02}-{:02}",
            rng.range(1, 12),
            rng.range(1, 28)
        );
    }
    let _ = writeln!(
        front,
        "source_url: https://research.familyties.test/{slug}\nsources:\n  - title: {}\n    url: https://research.familyties.test/{slug}\n    date: {year}-01-01",
        q(&evidence_title(i)),
        slug = evidence_slug(i)
    );
    if rng.chance(60) {
        front.push_str("key_figures:\n");
        for _ in 0..rng.range(1, 3) {
            let _ = writeln!(
                front,
                "  - figure: \"{}%\"\n    meaning: {}",
                rng.range(5, 95),
                q(rng.pick(&[
                    "of families said visits helped them stay close",
                    "of children had visited in the last month",
                    "of visitors travelled more than two hours",
                    "lower odds of reoffending in the made-up sample",
                ]))
            );
        }
    }
    let topics = rng.some_between(&EVIDENCE_TOPICS, 1, 3);
    let topics: Vec<&str> = topics.into_iter().copied().collect();
    let _ = writeln!(front, "topics: [{}]", topics.join(", "));
    let pol: Vec<String> = (0..rng.range(0, 2))
        .map(|_| policy_slug(1 + rng.below(plan.policy)))
        .collect();
    let gui: Vec<String> = (0..rng.range(0, 2))
        .map(|_| guide_slug(rng.below(plan.guides)))
        .collect();
    let pri: Vec<String> = (0..rng.range(0, 2))
        .map(|_| prison_slug(1 + rng.below(plan.prisons)))
        .collect();
    for (key, list) in [("policy", &pol), ("guides", &gui), ("prisons", &pri)] {
        if !list.is_empty() {
            let _ = writeln!(front, "{key}: [{}]", list.join(", "));
        }
    }
    let _ = writeln!(
        front,
        "last_reviewed: {}",
        days_before(rng.range(0, 300) as i64)
    );
    let vars: [(&str, &str); 0] = [];
    let mut body = String::new();
    let _ = writeln!(
        body,
        "This is an invented study. {}\n",
        paragraph(&mut rng, &POLICY_SENTENCES, 2, &vars)
    );
    let _ = writeln!(
        body,
        "## What it found\n\n{}\n",
        paragraph(&mut rng, &EXTRA, 4, &vars)
    );
    let _ = writeln!(
        body,
        "## What it means for families\n\n{} It supports [{}](../policy/{}.md).\n",
        paragraph(&mut rng, &EXTRA, 3, &vars),
        POLICY_TOPICS[0].to_lowercase(),
        policy_slug(1)
    );
    let target = rng.range(200, 500);
    while words(&body) < target {
        let _ = writeln!(body, "{}\n", paragraph(&mut rng, &EXTRA, 4, &vars));
    }
    w.stats.evidence += 1;
    w.page(&format!("evidence/{}.md", evidence_slug(i)), &front, &body)
}

// ---------------------------------------------------------------------------------------
// Glossary, home and about.

pub(super) struct Term {
    pub(super) slug: &'static str,
    pub(super) term: &'static str,
    pub(super) meaning: &'static str,
    pub(super) also: &'static [&'static str],
}

pub(super) const GLOSSARY: [Term; 17] = [
    Term {
        slug: "visiting-order",
        term: "Visiting order",
        meaning: "A permission for a social visit. Many prisons now use booking online instead.",
        also: &["VO", "visiting orders"],
    },
    Term {
        slug: "lead-visitor",
        term: "Lead visitor",
        meaning: "The adult who books the visit and is named on it.",
        also: &["lead visitors"],
    },
    Term {
        slug: "social-visit",
        term: "Social visit",
        meaning: "A visit from family or friends.",
        also: &["social visits"],
    },
    Term {
        slug: "legal-visit",
        term: "Legal visit",
        meaning: "A visit from a lawyer.",
        also: &["legal visits"],
    },
    Term {
        slug: "visitors-centre",
        term: "Visitors' centre",
        meaning: "A building outside the prison where visitors wait before a visit.",
        also: &["visitors centre", "visitor centre"],
    },
    Term {
        slug: "visits-hall",
        term: "Visits hall",
        meaning: "The room inside the prison where visits happen.",
        also: &[],
    },
    Term {
        slug: "remand",
        term: "Remand",
        meaning: "Being held in prison while waiting for a trial or a sentence.",
        also: &["on remand"],
    },
    Term {
        slug: "canteen",
        term: "Canteen",
        meaning: "The prison shop, where people buy things with their own money.",
        also: &[],
    },
    Term {
        slug: "pin-phone",
        term: "PIN phone",
        meaning: "A phone on the wing. People can only call numbers on their list.",
        also: &["PIN", "PIN phones"],
    },
    Term {
        slug: "family-day",
        term: "Family day",
        meaning: "A longer visit for children and families, with games and food.",
        also: &["family days"],
    },
    Term {
        slug: "prison-number",
        term: "Prison number",
        meaning: "The number the prison gives each person. You need it to book.",
        also: &[],
    },
    Term {
        slug: "visitor-list",
        term: "Visitor list",
        meaning: "The list of people allowed to visit someone.",
        also: &[],
    },
    Term {
        slug: "secure-video-call",
        term: "Secure video call",
        meaning: "A call where you see each other on a screen.",
        also: &["video call", "video calls"],
    },
    Term {
        slug: "safer-custody",
        term: "Safer custody",
        meaning: "The team that keeps people in prison safe. Call them if you are worried.",
        also: &["safer custody line"],
    },
    Term {
        slug: "enhanced-level",
        term: "Enhanced level",
        meaning: "The top level of the scheme that rewards good behaviour with more visits.",
        also: &["enhanced"],
    },
    Term {
        slug: "booking-reference",
        term: "Booking reference",
        meaning: "The code you get when you book a visit.",
        also: &[],
    },
    Term {
        slug: "pat-down-search",
        term: "Pat-down search",
        meaning: "A search where staff pat your clothes with their hands.",
        also: &["pat down search"],
    },
];

pub(super) fn glossary_entry(w: &mut Writer, t: &Term) -> io::Result<()> {
    let mut front = format!(
        "term: {}\nmeaning: {}\nsources:\n  - title: {}\n    url: https://words.familyties.test/{}\n    date: {}\n",
        q(t.term),
        q(t.meaning),
        q("Made-up word list for testing"),
        t.slug,
        days_before(30)
    );
    if !t.also.is_empty() {
        let also: Vec<String> = t.also.iter().map(|a| q(a)).collect();
        let _ = writeln!(front, "also: [{}]", also.join(", "));
    }
    w.stats.glossary += 1;
    w.page(&format!("glossary/{}.md", t.slug), &front, "")
}

pub(super) fn home(w: &mut Writer, plan: &Plan) -> io::Result<()> {
    let mut rng = Rng::new(STREAM_HOME, 0);
    let front = "title: Visit someone in prison\nsummary: Plain help for families, on an invented site used for speed tests.\n";
    let mut body = String::from(
        "This site is made up. Its prisons, phone numbers and addresses are invented, so that we can test how fast the site builds.\n\n## Start here\n\n",
    );
    let _ = writeln!(
        body,
        "Is this your first visit? Read [how visits work](/guides/how-visits-work.md). Then read [what ID to bring](guides/what-id-to-bring.md#photo-id).\n"
    );
    body.push_str("## Some prisons\n\n");
    for _ in 0..5 {
        let _ = writeln!(body, "- {}", prison_link(&mut rng, plan, 0, false));
    }
    body.push_str("\n## Guides\n\n");
    for i in 0..plan.guides.min(10) {
        let _ = writeln!(body, "- [{}](guides/{}.md)", guide_title(i), guide_slug(i));
    }
    w.stats.other += 1;
    w.page("index.md", front, &body)
}

pub(super) fn about(w: &mut Writer) -> io::Result<()> {
    w.stats.other += 1;
    w.page(
        "about.md",
        "title: About this site\nsummary: Why this made-up site exists.\n",
        "This site was made by a program. Nothing on it is real. We use it to check that the site builds fast, even with many pages.\n\nThe real site is written by people who know prisons well. See [how visits work](guides/how-visits-work.md) for the kind of page it has.\n",
    )
}
