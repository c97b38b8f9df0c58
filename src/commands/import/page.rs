//! A record as a prison page: the front matter in a fixed order (name first, sources and
//! last_reviewed last) and a one- or two-sentence body built only from those fields.

use crate::model::fields::Date;
use crate::model::prison::{EstablishmentType, Sector, Status};

use super::row::Record;
use super::yaml::{Fields, Node, field};

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Open => "open",
        Status::Closed => "closed",
        Status::TemporarilyClosed => "temporarily_closed",
        Status::ReRoled => "re_roled",
    }
}

pub fn fields(r: &Record, reviewed: Date) -> Fields {
    let s = |v: &str| Node::Scalar(v.to_string());
    let mut f: Fields = vec![field("name", s(&r.name))];
    if let Some(cy) = &r.name_cy {
        f.push(field("name_cy", s(cy)));
    }
    if !r.other_names.is_empty() {
        f.push(field("other_names", Node::Flow(r.other_names.clone())));
    }
    f.push(field("nomis_id", s(&r.nomis_id)));
    if !r.types.is_empty() {
        let codes = r.types.iter().map(|t| t.code().to_string()).collect();
        f.push(field("types", Node::Flow(codes)));
    }
    if let Some(h) = &r.holds {
        f.push(field("holds", s(h)));
    }
    if let Some(c) = &r.category {
        f.push(field("category", s(c)));
    }
    if let Some(o) = &r.operator {
        f.push(field("operator", s(o)));
    }
    if let Some(sector) = r.sector {
        let word = match sector {
            Sector::Public => "public",
            Sector::Private => "private",
        };
        f.push(field("sector", s(word)));
    }
    f.push(field("region", s(r.region.name())));
    let mut address: Fields = Vec::new();
    if !r.address_lines.is_empty() {
        address.push(field("lines", Node::Flow(r.address_lines.clone())));
    }
    if let Some(t) = &r.town {
        address.push(field("town", s(t)));
    }
    if let Some(c) = &r.county {
        address.push(field("county", s(c)));
    }
    if let Some(p) = &r.postcode {
        address.push(field("postcode", s(&p.0)));
    }
    if !address.is_empty() {
        f.push(field("address", Node::Map(address)));
    }
    if let Some(url) = &r.official_page {
        f.push(field("official_page", s(&url.0)));
    }
    if let Some(status) = r.status {
        f.push(field("status", s(status_word(status))));
    }
    if let Some(note) = &r.status_note {
        f.push(field("status_note", s(note)));
    }
    if let (None, Some(note)) = (r.status, &r.status_note) {
        // The theme shows `status_note` only for a prison that is not open, and a status
        // that could not be confirmed is left out (so reads as open): a notice makes sure
        // families see the warning at the top of the page.
        let (title, rest) = note
            .split_once(". ")
            .map_or((note.as_str(), ""), |(a, b)| (a, b));
        let mut notice = vec![
            field("title", s(&format!("{}.", title.trim_end_matches('.')))),
            field("kind", s("warning")),
        ];
        if !rest.is_empty() {
            notice.push(field("body", s(rest)));
        }
        f.push(field("notices", Node::Seq(vec![notice])));
    }
    f.push(field("last_reviewed", s(&reviewed.to_string())));
    let sources = r
        .sources
        .iter()
        .map(|(title, url)| vec![field("title", s(title)), field("url", s(url))])
        .collect();
    f.push(field("sources", Node::Seq(sources)));
    f
}

/// "HMP Leeds is a prison in Leeds. It holds adult men."
pub fn body(r: &Record) -> String {
    let kind = match r.types.as_slice() {
        [EstablishmentType::Stc] => "secure training centre",
        [EstablishmentType::Irc] => "immigration removal centre",
        _ => "prison",
    };
    let named_as_kind = r.name.to_lowercase().contains(kind);
    let mut text = r.name.clone();
    match (&r.town, named_as_kind) {
        (Some(town), true) => text.push_str(&format!(" is in {town}.")),
        (Some(town), false) => text.push_str(&format!(" is a {kind} in {town}.")),
        (None, _) => text.push_str(&format!(" is a {kind}.")),
    }
    // A prison that is closed for now, or whose use is not confirmed, holds no one we can
    // name: the status note on the page says why.
    let holds_now = matches!(r.status, Some(Status::Open | Status::ReRoled));
    if let (Some(holds), true) = (&r.holds, holds_now) {
        text.push_str(&format!(" It holds {holds}."));
    }
    text
}

/// The whole new file.
pub(crate) fn file_text(front_matter: &str, body: &str) -> String {
    format!("---\n{front_matter}---\n\n{body}\n")
}
