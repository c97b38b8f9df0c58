//! The plain sentences bodies are made of, and the links and sources they carry.

use super::*;

// ---------------------------------------------------------------------------------------
// Plain sentences about visits. `{name}`, `{town}` and the like are filled in per page.

pub(super) const INTRO: [&str; 12] = [
    "{name} is a prison near {town}.",
    "This page tells you how to visit someone at {name}.",
    "We checked these details with the prison and with families who visit.",
    "Visits here are busy at weekends, so book early.",
    "The prison is about a mile from the middle of {town}.",
    "Most families say the staff at the gate are kind and helpful.",
    "If this is your first visit, give yourself plenty of time.",
    "You can bring up to three adults and some children on each visit.",
    "Rules can change at short notice, so check this page before you go.",
    "The visits team can answer questions about your booking.",
    "{name} holds {holds}.",
    "Read the whole page once before your first visit.",
];

pub(super) const HALL: [&str; 16] = [
    "The visits hall has tables and chairs that are fixed to the floor.",
    "You sit on one side of the table and the person you visit sits on the other.",
    "Staff watch the hall during the visit, but they do not listen to what you say.",
    "There is a small play area for children in one corner.",
    "You can hug and hold hands at the start and at the end of the visit.",
    "The hall can be loud when it is full, so speak clearly.",
    "There are toilets near the hall, but you may need to ask a member of staff.",
    "Visits last for two hours, and they start on time.",
    "If you arrive late, you may have a shorter visit.",
    "Staff will tell you when there are ten minutes left.",
    "The person you visit will wear a coloured bib so staff can see them.",
    "You cannot swap seats once the visit has started.",
    "A snack bar sells tea, coffee, cold drinks and simple food.",
    "Bring a little loose change for the lockers and the snack bar.",
    "Staff may ask you to move to another table.",
    "The hall is on the ground floor, and there is a lift for the other floors.",
];

pub(super) const BEFORE: [&str; 14] = [
    "Check that you are on the visitor list.",
    "Have the person's prison number ready when you book.",
    "Book your visit at least {notice} hours before it.",
    "Bring ID for everyone aged 16 or over.",
    "Wear clothes that cover your shoulders and knees.",
    "Leave your phone in the car or in a locker.",
    "Plan how you will get there and back.",
    "Bring a little loose change for the lockers.",
    "Tell the prison if you need help with access.",
    "Check the times for the day you want to visit.",
    "Write down your booking reference.",
    "Bring any medicine you need, in its box with your name on it.",
    "Keep a copy of this page on your phone or on paper.",
    "Tell the prison if you are bringing a baby.",
];

pub(super) const ARRIVE: [&str; 10] = [
    "Go to the visitors' centre and give your name at the desk.",
    "Show your ID and your booking reference.",
    "Put your things in a locker and keep the key with you.",
    "Wait until staff call your name.",
    "Walk through the metal detector.",
    "A member of staff may give you a pat-down search.",
    "A dog may walk past you to check for drugs.",
    "Staff will stamp your hand or give you a card.",
    "Follow the signs to the visits hall.",
    "Sit at the table that staff give you.",
];

pub(super) const CHILDREN: [&str; 12] = [
    "Children are welcome at every social visit.",
    "Children under 16 do not need ID, but they must come with an adult.",
    "You can bring one bottle of baby milk and two nappies into the hall.",
    "There are toys and books in the play area.",
    "Some children feel shy or upset at the first visit, and that is normal.",
    "Tell your child what will happen before you go.",
    "A family day is a longer visit with games and food.",
    "Family days happen a few times each year.",
    "Ask the visits team how to book a place on a family day.",
    "Children can draw a picture and hand it in at the desk.",
    "Staff at the visitors' centre can give you a book about prison visits for children.",
    "Babies can sit on your lap during the visit.",
];

pub(super) const FOOD: [&str; 8] = [
    "You cannot bring food or drinks into the hall.",
    "You can buy snacks and drinks in the hall with cash or a card.",
    "The person you visit can eat and drink what you buy for them.",
    "The snack bar sells fruit as well as crisps and chocolate.",
    "Hot drinks come in paper cups with lids.",
    "The snack bar closes half an hour before the end of the visit.",
    "Water is free and you can ask for a cup.",
    "There is a cafe in the visitors' centre that opens an hour before visits.",
];

pub(super) const TRAVEL: [&str; 10] = [
    "The nearest train station is in {town}.",
    "A taxi from the station takes about ten minutes.",
    "Buses run from the middle of {town} every half an hour.",
    "There is free parking next to the visitors' centre.",
    "There are two parking spaces for blue badge holders near the gate.",
    "You may get help with the cost of travel if you get certain benefits.",
    "Keep your tickets and receipts if you want to claim the cost back.",
    "Check the bus times on the day, as they change on Sundays.",
    "Some families share a car and split the cost of fuel.",
    "The road to the prison is narrow, so drive slowly.",
];

pub(super) const EXTRA_HEADINGS: [&str; 10] = [
    "A note from families",
    "If something goes wrong",
    "Keeping in touch between visits",
    "Your feelings after a visit",
    "Help from the chaplaincy",
    "Help if English is not your first language",
    "Sending money and letters",
    "If the person you visit moves prison",
    "Talking to staff",
    "Looking after yourself",
];

pub(super) const EXTRA: [&str; 20] = [
    "Many families feel tired after a visit, and that is normal.",
    "You can talk to someone at the visitors' centre if you feel upset.",
    "If your visit is cancelled, the prison should tell you as soon as it can.",
    "You can write letters as often as you like.",
    "The person you visit can phone you from a PIN phone on the wing.",
    "They need to add your number to their list first.",
    "A secure video call lets you see each other on a screen.",
    "You can book a video call online.",
    "The chaplaincy team helps people of every faith and of none.",
    "You can ask for an interpreter when you book.",
    "Staff can give you a leaflet in your own language.",
    "You can send money online with a bank card.",
    "If the person you visit moves, their visitor list moves with them.",
    "You will need to book your next visit at the new prison.",
    "Be polite to staff, and they will try to help you.",
    "If you are worried about someone's safety, phone the safer custody line.",
    "You do not have to give your reasons when you call.",
    "Take a friend with you if you do not want to go alone.",
    "Write down your questions before you call the prison.",
    "Look after yourself and rest when you get home.",
];

pub(super) const NOT_ALLOWED: [&str; 10] = [
    "mobile phones",
    "smart watches",
    "cameras",
    "bags",
    "food and drinks",
    "cigarettes and lighters",
    "medicines, unless you ask first",
    "sharp objects",
    "cash over £20",
    "car keys with a fob",
];

pub(super) const FACILITIES: [&str; 8] = [
    "Lockers (take a £1 coin)",
    "Toilets with baby changing",
    "A play area",
    "Free drinking water",
    "A snack bar in the visits hall",
    "A quiet room",
    "Wheelchairs to borrow",
    "A hearing loop at the desk",
];

pub(super) const HOLDS: [&str; 6] = [
    "men aged 18 and over",
    "men aged 21 and over",
    "women aged 18 and over",
    "young men aged 18 to 21",
    "boys and girls aged 12 to 17",
    "adults held under immigration powers",
];

pub(super) fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in vars {
        s = s.replace(k, v);
    }
    s
}

/// A paragraph of `n` sentences from `bank`.
pub(super) fn paragraph(rng: &mut Rng, bank: &[&str], n: usize, vars: &[(&str, &str)]) -> String {
    let mut out = Vec::new();
    for s in rng.some(bank, n) {
        out.push(fill(s, vars));
    }
    out.join(" ")
}

pub(super) fn paragraph_between(
    rng: &mut Rng,
    bank: &[&str],
    lo: usize,
    hi: usize,
    vars: &[(&str, &str)],
) -> String {
    let n = rng.range(lo, hi);
    paragraph(rng, bank, n, vars)
}

pub(super) fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

// ---------------------------------------------------------------------------------------
// Guides: the two every prison page links to, then numbered ones.

pub(super) struct GuideSpec {
    pub(super) slug: &'static str,
    pub(super) title: &'static str,
    pub(super) summary: &'static str,
    pub(super) headings: &'static [&'static str],
}

pub(super) const HOW_VISITS_WORK: GuideSpec = GuideSpec {
    slug: "how-visits-work",
    title: "How visits work",
    summary: "The basics of booking and going on a prison visit.",
    headings: &[
        "Before you book",
        "Booking a visit",
        "On the day",
        "In the visits hall",
        "After the visit",
    ],
};

pub(super) const WHAT_ID: GuideSpec = GuideSpec {
    slug: "what-id-to-bring",
    title: "What ID to bring",
    summary: "The ID you need to show at the gate, and what to do if you have none.",
    headings: &[
        "Photo ID",
        "Other ID you can use",
        "Children and ID",
        "If you have no ID",
    ],
};

pub(super) const GUIDE_TOPICS: [&str; 12] = [
    "Visiting with a baby",
    "Travelling a long way",
    "Your first family day",
    "Visiting on your own",
    "Visiting someone on remand",
    "Help with the cost of visits",
    "Video calls",
    "Visiting with a disability",
    "Talking to children about prison",
    "When a visit is cancelled",
    "Visiting someone who is unwell",
    "Planning visits over the holidays",
];

pub(super) const GENERIC_HEADINGS: [&str; 3] = ["Who this is for", "What to do", "Getting help"];

pub(super) fn guide_slug(i: usize) -> String {
    match i {
        0 => HOW_VISITS_WORK.slug.to_string(),
        1 => WHAT_ID.slug.to_string(),
        n => format!("guide-{n:03}"),
    }
}

pub(super) fn guide_title(i: usize) -> String {
    match i {
        0 => HOW_VISITS_WORK.title.to_string(),
        1 => WHAT_ID.title.to_string(),
        n => {
            let topic = GUIDE_TOPICS[(n - 2) % GUIDE_TOPICS.len()];
            let round = (n - 2) / GUIDE_TOPICS.len();
            if round == 0 {
                topic.to_string()
            } else {
                format!("{topic} ({})", round + 1)
            }
        }
    }
}

/// A link to a heading of guide `i`, written as editors write it, from a file `depth`
/// folders below `content/`.
pub(super) fn guide_anchor_link(rng: &mut Rng, plan: &Plan, depth: usize) -> String {
    let i = rng.below(plan.guides);
    let headings: &[&str] = match i {
        0 => HOW_VISITS_WORK.headings,
        1 => WHAT_ID.headings,
        _ => &GENERIC_HEADINGS,
    };
    let h = rng.pick(headings);
    let anchor = crate::slug::slugify(h);
    let path = if rng.chance(50) {
        format!("/guides/{}.md", guide_slug(i))
    } else {
        format!("{}guides/{}.md", "../".repeat(depth), guide_slug(i))
    };
    format!("[{}]({path}#{anchor})", h.to_lowercase())
}

pub(super) fn prison_link(rng: &mut Rng, plan: &Plan, not: usize, from_prison: bool) -> String {
    let j = if from_prison {
        plan.prison_nearby(rng, not)
    } else {
        plan.other_prison(rng, not)
    };
    let slug = prison_slug(j);
    let anchor = match rng.below(4) {
        0 => "#visiting-times",
        1 => "#getting-there",
        _ => "",
    };
    let path = if from_prison && rng.chance(50) {
        format!("../{slug}/index.md{anchor}")
    } else {
        format!("/prisons/{slug}/index.md{anchor}")
    };
    format!("[{}]({path})", name_of(j))
}

pub(super) fn sources_yaml(out: &mut String, list: &[(String, String)]) {
    out.push_str("sources:\n");
    for (title, url) in list {
        let _ = writeln!(
            out,
            "  - title: {}\n    url: {url}\n    date: {}",
            q(title),
            days_before(30)
        );
    }
}
