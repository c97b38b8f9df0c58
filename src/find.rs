//! Find a prison: the index `search.js` matches against (`search-index.json`, and
//! `cy/search-index.json` for Welsh pages), the postcode
//! areas it falls back to (`postcode-areas.json`), and the pages that do the same job
//! without JavaScript: a name index per first letter and a page per postcode area.
//!
//! A static host cannot read what was typed into a form, so without JavaScript the box
//! sends the family to `/prisons/find/`, which says so and offers the first letter of what
//! they typed (or their postcode's first letters): one more tap than with JavaScript.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::content::{Page, Site};
use crate::diagnostics::Diagnostic;
use crate::model::Lang;
use crate::model::Prison;
use crate::model::prison::Region;
use crate::output::OutputFile;
use crate::views::{Group, Link};
use crate::words::Words;

/// Postcode areas of England and Wales: (area, the town it is named after, region).
///
/// Areas and namesake towns: Wikipedia, "List of postcode districts in the United Kingdom"
/// (captured 2026-12-02). The region is the ONS region of the namesake town; an area that
/// crosses a regional border (HP, TW, SY...) is given its namesake's region, which is why the
/// region only ranks prisons after those in the area itself.
pub const POSTCODE_AREAS: &[(&str, &str, Region)] = &[
    ("AL", "St Albans", Region::East),
    ("B", "Birmingham", Region::WestMidlands),
    ("BA", "Bath", Region::SouthWest),
    ("BB", "Blackburn", Region::NorthWest),
    ("BD", "Bradford", Region::Yorkshire),
    ("BH", "Bournemouth", Region::SouthWest),
    ("BL", "Bolton", Region::NorthWest),
    ("BN", "Brighton", Region::SouthEast),
    ("BR", "Bromley", Region::London),
    ("BS", "Bristol", Region::SouthWest),
    ("CA", "Carlisle", Region::NorthWest),
    ("CB", "Cambridge", Region::East),
    ("CF", "Cardiff", Region::Wales),
    ("CH", "Chester", Region::NorthWest),
    ("CM", "Chelmsford", Region::East),
    ("CO", "Colchester", Region::East),
    ("CR", "Croydon", Region::London),
    ("CT", "Canterbury", Region::SouthEast),
    ("CV", "Coventry", Region::WestMidlands),
    ("CW", "Crewe", Region::NorthWest),
    ("DA", "Dartford", Region::SouthEast),
    ("DE", "Derby", Region::EastMidlands),
    ("DH", "Durham", Region::NorthEast),
    ("DL", "Darlington", Region::NorthEast),
    ("DN", "Doncaster", Region::Yorkshire),
    ("DT", "Dorchester", Region::SouthWest),
    ("DY", "Dudley", Region::WestMidlands),
    ("E", "East London", Region::London),
    ("EC", "East Central London", Region::London),
    ("EN", "Enfield", Region::London),
    ("EX", "Exeter", Region::SouthWest),
    ("FY", "Fylde (Blackpool)", Region::NorthWest),
    ("GL", "Gloucester", Region::SouthWest),
    ("GU", "Guildford", Region::SouthEast),
    ("HA", "Harrow", Region::London),
    ("HD", "Huddersfield", Region::Yorkshire),
    ("HG", "Harrogate", Region::Yorkshire),
    ("HP", "Hemel Hempstead", Region::East),
    ("HR", "Hereford", Region::WestMidlands),
    ("HU", "Hull", Region::Yorkshire),
    ("HX", "Halifax", Region::Yorkshire),
    ("IG", "Ilford", Region::London),
    ("IP", "Ipswich", Region::East),
    ("KT", "Kingston upon Thames", Region::London),
    ("L", "Liverpool", Region::NorthWest),
    ("LA", "Lancaster", Region::NorthWest),
    ("LD", "Llandrindod Wells", Region::Wales),
    ("LE", "Leicester", Region::EastMidlands),
    ("LL", "Llandudno", Region::Wales),
    ("LN", "Lincoln", Region::EastMidlands),
    ("LS", "Leeds", Region::Yorkshire),
    ("LU", "Luton", Region::East),
    ("M", "Manchester", Region::NorthWest),
    ("ME", "Medway", Region::SouthEast),
    ("MK", "Milton Keynes", Region::SouthEast),
    ("N", "North London", Region::London),
    ("NE", "Newcastle upon Tyne", Region::NorthEast),
    ("NG", "Nottingham", Region::EastMidlands),
    ("NN", "Northampton", Region::EastMidlands),
    ("NP", "Newport", Region::Wales),
    ("NR", "Norwich", Region::East),
    ("NW", "North West London", Region::London),
    ("OL", "Oldham", Region::NorthWest),
    ("OX", "Oxford", Region::SouthEast),
    ("PE", "Peterborough", Region::East),
    ("PL", "Plymouth", Region::SouthWest),
    ("PO", "Portsmouth", Region::SouthEast),
    ("PR", "Preston", Region::NorthWest),
    ("RG", "Reading", Region::SouthEast),
    ("RH", "Redhill", Region::SouthEast),
    ("RM", "Romford", Region::London),
    ("S", "Sheffield", Region::Yorkshire),
    ("SA", "Swansea", Region::Wales),
    ("SE", "South East London", Region::London),
    ("SG", "Stevenage", Region::East),
    ("SK", "Stockport", Region::NorthWest),
    ("SL", "Slough", Region::SouthEast),
    ("SM", "Sutton", Region::London),
    ("SN", "Swindon", Region::SouthWest),
    ("SO", "Southampton", Region::SouthEast),
    ("SP", "Salisbury", Region::SouthWest),
    ("SR", "Sunderland", Region::NorthEast),
    ("SS", "Southend-on-Sea", Region::East),
    ("ST", "Stoke-on-Trent", Region::WestMidlands),
    ("SW", "South West London", Region::London),
    ("SY", "Shrewsbury", Region::WestMidlands),
    ("TA", "Taunton", Region::SouthWest),
    ("TF", "Telford", Region::WestMidlands),
    ("TN", "Tonbridge", Region::SouthEast),
    ("TQ", "Torquay", Region::SouthWest),
    ("TR", "Truro", Region::SouthWest),
    ("TS", "Teesside", Region::NorthEast),
    ("TW", "Twickenham", Region::London),
    ("UB", "Southall", Region::London),
    ("W", "West London", Region::London),
    ("WA", "Warrington", Region::NorthWest),
    ("WC", "West Central London", Region::London),
    ("WD", "Watford", Region::East),
    ("WF", "Wakefield", Region::Yorkshire),
    ("WN", "Wigan", Region::NorthWest),
    ("WR", "Worcester", Region::WestMidlands),
    ("WS", "Walsall", Region::WestMidlands),
    ("WV", "Wolverhampton", Region::WestMidlands),
    ("YO", "York", Region::Yorkshire),
];

/// A postcode's area (its leading letters) and district (the part before the space).
pub fn postcode_parts(postcode: &str) -> (String, String) {
    let compact: String = postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    // The inward code is always the last three characters of a full postcode.
    let district = if compact.len() > 4 {
        compact[..compact.len() - 3].to_string()
    } else {
        compact.clone()
    };
    let area: String = district
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    (area, district)
}

#[derive(Serialize)]
struct Moved<'a> {
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Entry<'a> {
    name: &'a str,
    /// The prison's other-language name: its Welsh name in the English index, its English
    /// name in the Welsh one (where the two differ), so either matches.
    name_cy: Option<&'a str>,
    url: String,
    other_names: &'a [String],
    holds: Option<&'a str>,
    town: Option<&'a str>,
    postcode: Option<&'a str>,
    /// The region's English name: `search.js` ranks by it against `postcode-areas.json`.
    region: &'static str,
    status: &'static str,
    /// Where visits moved to, for a closed prison.
    moved_to: Option<Moved<'a>>,
}

/// The prison a closed prison's visits moved to, from its `replaced_by` folder name.
fn moved_to<'a>(site: &'a Site, prison: &Prison) -> Option<(&'a Page, &'a Prison)> {
    let slug = prison.replaced_by.as_deref()?;
    let page = site.page(&format!("prisons/{slug}/index.md"))?;
    match &page.meta {
        crate::content::Meta::Prison(p) => Some((page, p.as_ref())),
        _ => None,
    }
}

/// One entry per prison, A–Z, with every name a family may type, leading to pages in
/// `lang`.
fn entries(site: &Site, lang: Lang) -> Vec<Entry<'_>> {
    site.prisons()
        .into_iter()
        .map(|(p, prison)| {
            let (name, other) = match (lang, &prison.name_cy) {
                (Lang::En, cy) => (prison.name.as_str(), cy.as_deref()),
                (_, Some(cy)) => (cy.as_str(), Some(prison.name.as_str())),
                (_, None) => (prison.name.as_str(), None),
            };
            Entry {
                name,
                name_cy: other,
                url: in_lang(lang, &p.url),
                other_names: &prison.other_names,
                holds: prison.holds.as_deref(),
                town: prison.town(),
                postcode: prison.postcode().map(|c| c.0.as_str()),
                region: prison.region.name(),
                status: if prison.status.is_listed() {
                    "open"
                } else {
                    "closed"
                },
                moved_to: (!prison.status.is_listed())
                    .then(|| moved_to(site, prison))
                    .flatten()
                    .map(|(page, to)| Moved {
                        name: to.name_in(lang),
                        url: in_lang(lang, &page.url),
                    }),
            }
        })
        .collect()
}

/// A JSON file of `value`, safe to inline in a `<script>` too. Failing to serialise is a
/// build error: an empty index would leave find-a-prison finding nothing.
fn json_file<T: Serialize>(path: &str, value: &T) -> Result<OutputFile, Diagnostic> {
    let text = serde_json::to_string(value).map_err(|e| {
        Diagnostic::error(format!("cannot write /{path}: {e}"))
            .help("this is a fault in familyties, not in your content: please report it")
    })?;
    Ok(OutputFile {
        path: path.to_string(),
        bytes: crate::publish::script_safe_json(&text).into_bytes(),
    })
}

/// The find-a-prison files, each given to `emit` as soon as it is made (at 100,000
/// prisons each index is tens of megabytes): `search-index.json` (English),
/// `cy/search-index.json` (the Welsh names first, leading to Welsh pages) and
/// `postcode-areas.json`.
pub fn index_files(site: &Site, emit: &mut dyn FnMut(OutputFile)) -> Result<(), Diagnostic> {
    emit(json_file("search-index.json", &entries(site, Lang::En))?);
    emit(json_file("cy/search-index.json", &entries(site, Lang::Cy))?);
    emit(json_file("postcode-areas.json", &postcode_areas())?);
    Ok(())
}

/// Area → region, for ranking a family's own postcode.
fn postcode_areas() -> BTreeMap<&'static str, &'static str> {
    POSTCODE_AREAS
        .iter()
        .map(|(area, _, region)| (*area, region.name()))
        .collect()
}

/// What tells a prison apart from others of its name, in the language of `words`: "closed:
/// visits moved to HMP Open", who it holds, its town. Who it holds is an editor's English;
/// a Welsh note gives it only where the theme has its Welsh (`holds:<text>`), so the note
/// stays one language. `None` when nothing is known.
pub fn details_in(site: &Site, prison: &Prison, words: &Words) -> Option<String> {
    let lang = words.lang;
    let mut parts = Vec::new();
    if !prison.status.is_listed() {
        match moved_to(site, prison) {
            Some((_, to)) => {
                parts.push(words.fill("find_closed_moved", &[("name", to.name_in(lang))]))
            }
            None => parts.push(words.get("closed").to_string()),
        }
    }
    if let Some(h) = prison.holds.as_deref() {
        match lang {
            Lang::En => parts.push(h.to_string()),
            _ => parts.extend(words.lookup(&format!("holds:{h}")).map(str::to_string)),
        }
    }
    let town = match lang {
        Lang::En => prison.town(),
        _ => prison
            .address
            .as_ref()
            .and_then(|a| a.town_cy.as_deref())
            .or(prison.town()),
    };
    parts.extend(town.map(str::to_string));
    (!parts.is_empty()).then(|| parts.join(" – "))
}

/// "HMP Leeds – adult men – Leeds": the prison a town or other name leads to.
fn describe(site: &Site, prison: &Prison, words: &Words) -> String {
    let name = prison.name_in(words.lang);
    match details_in(site, prison, words) {
        Some(d) => format!("{name} – {d}"),
        None => name.to_string(),
    }
}

/// The Welsh name of a postcode area's town, where Welsh has its own.
fn town_cy(area: &str) -> Option<&'static str> {
    Some(match area {
        "BA" => "Caerfaddon",
        "BS" => "Bryste",
        "CB" => "Caergrawnt",
        "CF" => "Caerdydd",
        "CH" => "Caer",
        "E" => "Dwyrain Llundain",
        "EC" => "Canol Dwyrain Llundain",
        "GL" => "Caerloyw",
        "HR" => "Henffordd",
        "L" => "Lerpwl",
        "LD" => "Llandrindod",
        "M" => "Manceinion",
        "N" => "Gogledd Llundain",
        "NP" => "Casnewydd",
        "NW" => "Gogledd-orllewin Llundain",
        "OX" => "Rhydychen",
        "SA" => "Abertawe",
        "SE" => "De-ddwyrain Llundain",
        "SW" => "De-orllewin Llundain",
        "SY" => "Amwythig",
        "W" => "Gorllewin Llundain",
        "WC" => "Canol Gorllewin Llundain",
        "WR" => "Caerwrangon",
        "YO" => "Efrog",
        _ => return None,
    })
}

/// The name without "HMP", "HMYOI"... in the editor's own capitals: "HMP Leeds" → "Leeds".
fn short_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let skip = words
        .iter()
        .take(words.len().saturating_sub(1))
        .take_while(|w| {
            matches!(
                w.trim_end_matches(','),
                "HMP" | "HMYOI" | "YOI" | "HMP/YOI" | "&" | "and" | "STC" | "IRC" | "HMIRC"
            )
        })
        .count();
    words[skip..].join(" ")
}

/// The letters a name is filed under: its first, and for "The Verne" also V.
fn letters(name: &str) -> Vec<char> {
    let folded = crate::slug::slugify(name);
    let mut out = Vec::new();
    if let Some(c) = folded.chars().next().filter(char::is_ascii_alphabetic) {
        out.push(c);
    }
    if let Some(rest) = folded.strip_prefix("the-")
        && let Some(c) = rest.chars().next().filter(char::is_ascii_alphabetic)
    {
        out.push(c);
    }
    out
}

/// A page the no-JavaScript finder adds: where it goes, its kind, title and contents.
pub struct FindPage {
    /// Its English address, as for every list page: the page in another language is at
    /// the same address under that language's prefix (`/cy/...`). The links it holds are
    /// already to pages in its language.
    pub url: String,
    pub kind: &'static str,
    pub title: String,
    pub summary: Option<String>,
    pub items: Vec<Link>,
    pub groups: Vec<Group>,
}

/// Every name a family may type for a prison in `lang`: its short name, Welsh name, other
/// names and town (and on Welsh pages the Welsh name of the town).
fn names_of(prison: &Prison, lang: Lang) -> impl Iterator<Item = String> + '_ {
    // The Welsh name of the town is a name a Welsh reader may type.
    let town_cy = prison
        .address
        .as_ref()
        .and_then(|a| a.town_cy.clone())
        .filter(|_| lang != Lang::En);
    std::iter::once(short_name(&prison.name))
        .chain(prison.name_cy.clone())
        .chain(prison.other_names.iter().cloned())
        .chain(prison.town().map(str::to_string))
        .chain(town_cy)
}

/// The letters that have a page in `lang`.
fn letters_in(site: &Site, lang: Lang) -> BTreeSet<char> {
    site.prisons()
        .iter()
        .flat_map(|(_, prison)| names_of(prison, lang).flat_map(|n| letters(&n)))
        .collect()
}

/// Where each prison's names are filed, for the letters `wanted` lets through: letter →
/// (the prison's place in `prisons`, which of its [`names_of`] it is). Only the places are
/// held; each letter's links are made when its page is.
fn names_by_letter(
    prisons: &[(&Page, &Prison)],
    lang: Lang,
    wanted: &dyn Fn(char) -> bool,
) -> BTreeMap<char, Vec<(usize, usize)>> {
    let mut by_letter: BTreeMap<char, Vec<(usize, usize)>> = BTreeMap::new();
    for (k, (_, prison)) in prisons.iter().enumerate() {
        for (n, name) in names_of(prison, lang).enumerate() {
            for letter in letters(&name).into_iter().filter(|&c| wanted(c)) {
                by_letter.entry(letter).or_default().push((k, n));
            }
        }
    }
    by_letter
}

/// A letter's links, sorted by folded name then address, one per name and prison (the
/// last of a prison's names that fold alike). Names are names: they are not marked as
/// English on a Welsh page, as a town's name is the same in both.
fn letter_links(
    prisons: &[(&Page, &Prison)],
    filed: &[(usize, usize)],
    words: &Words,
    note_of: &mut dyn FnMut(usize) -> String,
) -> Vec<Link> {
    let mut links: BTreeMap<(String, String), Link> = BTreeMap::new();
    for &(k, n) in filed {
        let (page, prison) = prisons[k];
        let Some(name) = names_of(prison, words.lang).nth(n) else {
            continue;
        };
        let url = in_lang(words.lang, &page.url);
        links.insert(
            (crate::slug::slugify(&name), url.clone()),
            Link::new(name, url).with_note(Some(note_of(k))),
        );
    }
    links.into_values().collect()
}

/// The English addresses of every find page (landing, letters, postcode areas).
pub fn page_urls(site: &Site) -> Vec<String> {
    let mut urls = vec!["/prisons/find/".to_string()];
    urls.extend(
        letters_in(site, Lang::En)
            .into_iter()
            .map(|c| format!("/prisons/find/{c}/")),
    );
    urls.extend(POSTCODE_AREAS.iter().map(|(area, _, _)| area_url(area)));
    urls
}

fn area_url(area: &str) -> String {
    format!("/prisons/find/postcode/{}/", area.to_ascii_lowercase())
}

/// The letters whose find pages list `prison` in `lang`: a letter's page is made when
/// some prison's names lead to it.
pub fn letters_of(prison: &Prison, lang: Lang) -> BTreeSet<char> {
    names_of(prison, lang).flat_map(|n| letters(&n)).collect()
}

/// The English addresses of the find pages that show `prison`, in either language: the
/// letters of its names, its postcode area, and the areas that list its region's prisons
/// as nearby.
pub fn urls_showing(site: &Site, prison: &Prison) -> BTreeSet<String> {
    let mut urls: BTreeSet<String> = [Lang::En, Lang::Cy]
        .into_iter()
        .flat_map(|lang| names_of(prison, lang).flat_map(|n| letters(&n)))
        .map(|c| format!("/prisons/find/{c}/"))
        .collect();
    let area_of = |p: &Prison| p.postcode().map(|code| postcode_parts(&code.0).0);
    urls.extend(area_of(prison).map(|a| area_url(&a)));
    if prison.status.is_listed() {
        // An area's page lists the other prisons of its own region and of the regions of
        // its prisons.
        let mut areas: BTreeSet<String> = POSTCODE_AREAS
            .iter()
            .filter(|(_, _, region)| *region == prison.region)
            .map(|(area, _, _)| area.to_string())
            .collect();
        areas.extend(
            site.prisons()
                .iter()
                .filter(|(_, p)| p.region == prison.region)
                .filter_map(|(_, p)| area_of(p)),
        );
        urls.extend(areas.iter().map(|a| area_url(a)));
    }
    urls
}

/// A site address in `lang`: Welsh pages are under `/cy/`.
fn in_lang(lang: Lang, url: &str) -> String {
    match lang {
        Lang::En => url.to_string(),
        _ => format!("{}{url}", lang.prefix()),
    }
}

/// The landing page, a page per letter and a page per postcode area, in the language of
/// `words`, each given to `emit` as soon as it is made: an area's page lists every prison
/// of its region, so at 100,000 prisons all of them held at once were the build's peak.
/// Every title and note is from the theme's words, every link to a page in that language.
pub fn pages_in(
    site: &Site,
    words: &Words,
    wanted: &dyn Fn(&str) -> bool,
    emit: &mut dyn FnMut(FindPage),
) {
    let lang = words.lang;
    let find = |rest: &str| in_lang(lang, &format!("/prisons/find/{rest}"));
    let english = |rest: &str| format!("/prisons/find/{rest}");
    let letter_wanted = |c: char| wanted(&english(&format!("{c}/")));
    let prisons = site.prisons();
    let by_letter = names_by_letter(&prisons, lang, &letter_wanted);
    let letter_links_all: Vec<Link> = letters_in(site, lang)
        .into_iter()
        .map(|c| Link::new(c.to_ascii_uppercase().to_string(), find(&format!("{c}/"))))
        .collect();
    let town = |area: &str, town: &'static str| match lang {
        Lang::En => town,
        _ => town_cy(area).unwrap_or(town),
    };
    let area_links: Vec<Link> = POSTCODE_AREAS
        .iter()
        .map(|(area, name, _)| {
            Link::new(
                area.to_string(),
                find(&format!("postcode/{}/", area.to_ascii_lowercase())),
            )
            .with_note(Some(town(area, name).to_string()))
        })
        .collect();
    let letters_group = || Group {
        title: words.get("find_first_letter").to_string(),
        id: "letters".into(),
        items: letter_links_all.clone(),
    };
    let landing = FindPage {
        url: english(""),
        kind: "find",
        title: words.get("prisons_title").to_string(),
        summary: None,
        items: Vec::new(),
        groups: vec![
            letters_group(),
            Group {
                title: words.get("find_postcode_group").to_string(),
                id: "postcodes".into(),
                items: area_links,
            },
        ],
    };
    if wanted(&landing.url) {
        emit(landing);
    }
    // A prison's note is the same on each of its letters' pages: made once.
    let mut notes: Vec<Option<String>> = vec![None; prisons.len()];
    let mut note_of = |k: usize| {
        notes[k]
            .get_or_insert_with(|| describe(site, prisons[k].1, words))
            .clone()
    };
    for (letter, filed) in by_letter {
        let upper = letter.to_ascii_uppercase().to_string();
        emit(FindPage {
            url: english(&format!("{letter}/")),
            kind: "find_letter",
            title: words.fill("find_letter_title", &[("letter", &upper)]),
            summary: None,
            items: letter_links(&prisons, &filed, words, &mut note_of),
            groups: vec![letters_group()],
        });
    }
    drop(notes);
    // Each prison's link, area and district made once: an area's page lists its own
    // prisons and every other prison of its regions, so at thousands of prisons making
    // them per area cost more than the rest of the build's lists.
    struct Placed {
        link: Link,
        area: String,
        district: String,
        region: Region,
        listed: bool,
    }
    let areas: Vec<_> = POSTCODE_AREAS
        .iter()
        .filter(|(area, _, _)| wanted(&area_url(area)))
        .collect();
    if areas.is_empty() {
        return;
    }
    let placed: Vec<Placed> = prisons
        .iter()
        .map(|(page, prison)| {
            let (area, district) = prison
                .postcode()
                .map(|code| postcode_parts(&code.0))
                .unwrap_or_default();
            Placed {
                link: Link::new(prison.name_in(lang), in_lang(lang, &page.url))
                    .with_note(details_in(site, prison, words)),
                area,
                district,
                region: prison.region,
                listed: prison.status.is_listed(),
            }
        })
        .collect();
    let mut by_area: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, p) in placed.iter().enumerate() {
        if !p.area.is_empty() {
            by_area.entry(p.area.as_str()).or_default().push(k);
        }
    }
    let mut by_region: HashMap<Region, Vec<usize>> = HashMap::new();
    for (k, p) in placed.iter().enumerate() {
        if p.listed {
            by_region.entry(p.region).or_default().push(k);
        }
    }
    for (area, name, region) in areas {
        let in_area: &[usize] = by_area.get(area).map_or(&[], Vec::as_slice);
        let mut districts: BTreeMap<&str, Vec<Link>> = BTreeMap::new();
        for &k in in_area {
            districts
                .entry(placed[k].district.as_str())
                .or_default()
                .push(placed[k].link.clone());
        }
        let mut groups: Vec<Group> = districts
            .into_iter()
            .map(|(district, items)| Group {
                id: format!("district-{}", district.to_ascii_lowercase()),
                title: words.fill("find_in_district", &[("district", district)]),
                items,
            })
            .collect();
        // The area's region, and the regions of its prisons: an area can cross a border
        // (DL is Darlington's, in the North East, and Northallerton's, in Yorkshire).
        let mut regions = vec![*region];
        for &k in in_area {
            if !regions.contains(&placed[k].region) {
                regions.push(placed[k].region);
            }
        }
        let here: HashSet<usize> = in_area.iter().copied().collect();
        for r in regions {
            let nearby: Vec<Link> = by_region
                .get(&r)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter(|k| !here.contains(k))
                .map(|&k| placed[k].link.clone())
                .collect();
            if !nearby.is_empty() {
                groups.push(Group {
                    id: format!("region-{}", r.slug()),
                    title: words.fill("find_elsewhere_in", &[("region", words.region(r))]),
                    items: nearby,
                });
            }
        }
        emit(FindPage {
            url: area_url(area),
            kind: "find_postcode",
            title: words.fill("find_postcode_title", &[("area", area)]),
            summary: Some(words.fill(
                "find_postcode_summary",
                &[("area", area), ("town", town(area, name))],
            )),
            items: Vec::new(),
            groups,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_split_into_area_and_district() {
        assert_eq!(postcode_parts("LS12 2TJ"), ("LS".into(), "LS12".into()));
        assert_eq!(postcode_parts("n7 8tt"), ("N".into(), "N7".into()));
        assert_eq!(postcode_parts("SE280EB"), ("SE".into(), "SE28".into()));
        assert_eq!(postcode_parts("LS12"), ("LS".into(), "LS12".into()));
        assert_eq!(postcode_parts(""), (String::new(), String::new()));
    }

    #[test]
    fn names_lose_their_prefix_and_the_is_filed_twice() {
        assert_eq!(short_name("HMP Leeds"), "Leeds");
        assert_eq!(short_name("HMP & YOI Isle of Wight"), "Isle of Wight");
        assert_eq!(short_name("HMP"), "HMP");
        assert_eq!(letters("The Verne"), ['t', 'v']);
        assert_eq!(letters("Ŵyr"), ['w']);
        assert!(letters("").is_empty());
    }

    #[test]
    fn every_area_is_listed_once() {
        let mut seen = BTreeSet::new();
        for (area, _, _) in POSTCODE_AREAS {
            assert!(seen.insert(*area), "{area} twice");
            assert!(area.chars().all(|c| c.is_ascii_uppercase()), "{area}");
        }
    }
}
