//! Invented names and places: towns, prisons, regions, postcodes, phone numbers.

use super::*;

// ---------------------------------------------------------------------------------------
// Names and places: invented, from parts.

pub(super) const TOWN_START: [&str; 32] = [
    "Ash", "Barn", "Black", "Brook", "Bram", "Castle", "Clay", "Cold", "Dun", "Elm", "Fair",
    "Fern", "Glen", "Green", "Hart", "Hazel", "High", "Holm", "King", "Lark", "Long", "Mill",
    "Nether", "Oak", "Pen", "Red", "Rose", "Stan", "Stone", "Thorn", "Wester", "Wood",
];
pub(super) const TOWN_END: [&str; 16] = [
    "bridge", "brook", "bury", "by", "combe", "field", "ford", "gate", "ham", "hill", "ley",
    "mere", "moor", "stead", "ton", "wick",
];
pub(super) const TOWN_QUALIFIER: [&str; 20] = [
    "", "Upper ", "Lower ", "Great ", "Little ", "North ", "South ", "East ", "West ", "Market ",
    "Kings ", "Old ", "New ", "Long ", "High ", "Church ", "Bishops ", "Castle ", "Nether ",
    "Over ",
];

/// The town of prison `i`: different for the first 10,240 prisons.
pub(super) fn town_of(i: usize) -> String {
    let k = i - 1;
    let (a, b, c) = (k % 32, (k / 32) % 16, (k / 512) % 20);
    format!("{}{}{}", TOWN_QUALIFIER[c], TOWN_START[a], TOWN_END[b])
}

#[derive(Clone, Copy)]
pub(super) enum Estate {
    Men,
    Women,
    YoungMen,
    Children,
    Removal,
}

pub(super) fn estate_of(i: usize) -> Estate {
    match Rng::new(STREAM_NAME, i).below(100) {
        0..=69 => Estate::Men,
        70..=79 => Estate::Women,
        80..=91 => Estate::YoungMen,
        92..=95 => Estate::Children,
        _ => Estate::Removal,
    }
}

pub(super) fn name_of(i: usize) -> String {
    let town = town_of(i);
    match estate_of(i) {
        Estate::Men | Estate::Women => format!("HMP {town}"),
        Estate::YoungMen => format!("HMP & YOI {town}"),
        Estate::Children => format!("{town} Secure Training Centre"),
        Estate::Removal => format!("{town} Immigration Removal Centre"),
    }
}

pub(super) fn region_of(i: usize) -> Region {
    Region::ALL[(i - 1) % Region::ALL.len()]
}

pub(super) fn counties(r: Region) -> &'static [&'static str] {
    match r {
        Region::NorthEast => &["County Durham", "Northumberland", "Tyne and Wear"],
        Region::NorthWest => &[
            "Cumbria",
            "Lancashire",
            "Merseyside",
            "Cheshire",
            "Greater Manchester",
        ],
        Region::Yorkshire => &[
            "North Yorkshire",
            "West Yorkshire",
            "South Yorkshire",
            "East Riding of Yorkshire",
        ],
        Region::EastMidlands => &[
            "Derbyshire",
            "Nottinghamshire",
            "Leicestershire",
            "Lincolnshire",
            "Northamptonshire",
        ],
        Region::WestMidlands => &[
            "Staffordshire",
            "Shropshire",
            "Worcestershire",
            "Warwickshire",
            "West Midlands",
        ],
        Region::East => &[
            "Norfolk",
            "Suffolk",
            "Essex",
            "Cambridgeshire",
            "Hertfordshire",
            "Bedfordshire",
        ],
        Region::London => &["Greater London"],
        Region::SouthEast => &[
            "Kent",
            "Surrey",
            "East Sussex",
            "Hampshire",
            "Oxfordshire",
            "Berkshire",
        ],
        Region::SouthWest => &[
            "Devon",
            "Cornwall",
            "Somerset",
            "Dorset",
            "Gloucestershire",
            "Wiltshire",
        ],
        Region::Wales => &[
            "Powys",
            "Gwynedd",
            "Carmarthenshire",
            "Monmouthshire",
            "Pembrokeshire",
        ],
    }
}

pub(super) fn postcode_areas(r: Region) -> &'static [&'static str] {
    match r {
        Region::NorthEast => &["NE", "DH", "SR", "TS"],
        Region::NorthWest => &["M", "L", "PR", "CA", "WA"],
        Region::Yorkshire => &["LS", "BD", "S", "YO", "HU"],
        Region::EastMidlands => &["NG", "DE", "LE", "LN", "NN"],
        Region::WestMidlands => &["B", "WV", "ST", "SY", "CV"],
        Region::East => &["CB", "NR", "IP", "CO", "LU"],
        Region::London => &["SE", "SW", "N", "E", "W"],
        Region::SouthEast => &["RH", "ME", "GU", "OX", "SO"],
        Region::SouthWest => &["BS", "EX", "PL", "TA", "BA"],
        Region::Wales => &["CF", "SA", "LL", "NP", "LD"],
    }
}

pub(super) fn postcode(rng: &mut Rng, r: Region) -> String {
    const LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
    let area = rng.pick(postcode_areas(r));
    let district = rng.range(1, 29);
    let a = LETTERS[rng.below(LETTERS.len())] as char;
    let b = LETTERS[rng.below(LETTERS.len())] as char;
    format!("{area}{district} {}{a}{b}", rng.below(10))
}

/// A number from Ofcom's drama range: valid in form, never anyone's.
pub(super) fn phone(rng: &mut Rng) -> String {
    format!("01632 960 {:03}", rng.below(1000))
}

pub(super) const STREETS: [&str; 12] = [
    "Prison Lane",
    "Station Road",
    "Moor Road",
    "Church Lane",
    "Mill Road",
    "Hall Lane",
    "Park Road",
    "Green Lane",
    "Quarry Road",
    "Common Lane",
    "Bridge Street",
    "Farm Road",
];
