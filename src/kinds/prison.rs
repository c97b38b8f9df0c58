//! Prisons: a folder each (`content/prisons/<slug>/index.md`, the visiting guide) with the
//! prison's own pages beside it (notices, family days). Their shape is their own (see
//! `discover::classify`) and so are their rich views (`render::prison`), but their folder,
//! addresses, templates and list are declared here, once.

use crate::model::Lang;

/// The folder under `content/`, and the first part of every prison address.
pub const FOLDER: &str = "prisons";
/// A prison's visiting guide.
pub const TEMPLATE: &str = "prison.html";
/// The printable checklist made from each guide, at `<guide>/checklist/`.
pub const CHECKLIST_TEMPLATE: &str = "checklist.html";
/// A prison's own page (a notice, a family day).
pub const PAGE_TEMPLATE: &str = "prison_page.html";
/// The A–Z of prisons, and the lists by region and by type.
pub const LIST_URL: &str = "/prisons/";
pub const LIST_TEMPLATE: &str = "prison_list.html";
/// The theme's word for the A–Z's title and the English without one.
pub const LIST_TITLE: (&str, &str) = ("prisons_title", "Find a prison");
/// The breadcrumb back to the A–Z.
pub const CRUMB: (&str, &str) = ("prisons", "Prisons");

/// The address of the prison `slug`'s guide.
pub fn url(lang: Lang, slug: &str) -> String {
    format!("{}/{FOLDER}/{slug}/", lang.prefix())
}

/// The address of the prison's own page `slug`.
pub fn page_url(lang: Lang, prison: &str, slug: &str) -> String {
    format!("{}/{FOLDER}/{prison}/{slug}/", lang.prefix())
}
