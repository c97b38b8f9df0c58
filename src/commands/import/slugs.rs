//! Folder names for the prisons. The GOV.UK page's own name is used where there is one, so
//! our address matches the one families may already know; where two rows want the same
//! folder, the one with the GOV.UK page keeps it and the other gets a word from its own
//! name added.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::slug::slugify;

use super::row::Record;

fn preferred(r: &Record) -> String {
    r.page_slug
        .clone()
        .unwrap_or_else(|| slugify(&r.register.base))
}

/// Candidates for a row that lost its plain folder name, best first.
fn alternatives(r: &Record, plain: &str, winner: Option<&Record>) -> Vec<String> {
    let mut out = Vec::new();
    for other in &r.other_names {
        let s = slugify(other);
        if s.starts_with(&format!("{plain}-")) {
            out.push(s);
        }
    }
    let winner_kind = winner.and_then(|w| w.register.kind_slug());
    if let Some(kind) = r.register.kind_slug().filter(|k| Some(*k) != winner_kind) {
        out.push(format!("{plain}-{kind}"));
    }
    let gender_word = match r.gender.as_str() {
        "women" | "girls" => Some("women"),
        "boys" | "boys and girls" => Some("children"),
        _ => None,
    };
    if let Some(g) = gender_word.filter(|_| winner.is_none_or(|w| w.gender != r.gender)) {
        out.push(format!("{plain}-{g}"));
    }
    out.push(format!("{plain}-{}", r.nomis_id.to_lowercase()));
    out
}

/// The folder for each record (in the same order) and a line for each collision.
/// `pinned` maps a nomis_id to the folder an existing page for it already has.
pub(crate) fn assign(
    records: &[Record],
    pinned: &HashMap<String, String>,
) -> (Vec<String>, Vec<String>) {
    let mut slugs: Vec<Option<String>> = vec![None; records.len()];
    let mut taken: HashSet<String> = HashSet::new();
    for (i, r) in records.iter().enumerate() {
        if let Some(folder) = pinned.get(&r.nomis_id)
            && taken.insert(folder.clone())
        {
            slugs[i] = Some(folder.clone());
        }
    }
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if slugs[i].is_none() {
            groups.entry(preferred(r)).or_default().push(i);
        }
    }
    // First every group's winner, so a suffixed name never takes another row's plain one.
    let mut losers: Vec<(String, usize, Option<usize>)> = Vec::new();
    for (plain, mut members) in groups {
        members.sort_by_key(|&i| {
            let r = &records[i];
            let kind_matches = r.page_kind.is_some() && r.page_kind == r.register.kind_slug();
            (r.page_slug.is_none(), !kind_matches, i)
        });
        let winner = if taken.contains(&plain) {
            None
        } else {
            taken.insert(plain.clone());
            slugs[members[0]] = Some(plain.clone());
            Some(members[0])
        };
        for &i in members.iter().filter(|&&i| Some(i) != winner) {
            losers.push((plain.clone(), i, winner));
        }
    }
    let mut messages = Vec::new();
    for (plain, i, winner) in losers {
        let r = &records[i];
        let w = winner.map(|w| &records[w]);
        let mut chosen = None;
        for candidate in alternatives(r, &plain, w) {
            if taken.insert(candidate.clone()) {
                chosen = Some(candidate);
                break;
            }
        }
        let mut n = 2;
        let chosen = chosen.unwrap_or_else(|| {
            loop {
                let candidate = format!("{plain}-{}-{n}", r.nomis_id.to_lowercase());
                if taken.insert(candidate.clone()) {
                    break candidate;
                }
                n += 1;
            }
        });
        let keeper = match w {
            Some(w) => format!("{} ({}) keeps `{plain}`", w.nomis_id, w.name),
            None => format!("an existing page keeps `{plain}`"),
        };
        messages.push(format!(
            "`{plain}` is wanted twice: {keeper}; {} ({}) goes in `{chosen}`",
            r.nomis_id, r.name
        ));
        slugs[i] = Some(chosen);
    }
    let slugs = slugs
        .into_iter()
        .zip(records)
        .map(|(s, r)| s.unwrap_or_else(|| r.nomis_id.to_lowercase()))
        .collect();
    (slugs, messages)
}
