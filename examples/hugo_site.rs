//! Turns a generated familyties corpus (`examples/corpus.rs`) into a Hugo site that makes
//! the same kinds of output, for `benches/compare.sh`. Hugo (0.111) is asked for what
//! familyties makes, with ordinary Hugo features only:
//!
//! - every page in English and Welsh: two languages, each with its own content folder
//!   (`content/en`, `content/cy`) holding the same files, so Hugo pairs them as
//!   translations; Welsh pages are under `/cy/`, their chrome comes from `i18n/cy.toml`
//!   and, as in familyties, the body stays in English until someone translates it;
//! - per prison, in each language: the page, a printable checklist
//!   (`.../checklist/index.html`), a visiting calendar (`visiting.ics`, one VEVENT per
//!   session) and an Atom feed of changes (`updates.xml`), as custom output formats;
//! - lists by region, by type, by town's first letter (A–Z) and by postcode area, as
//!   taxonomies whose terms this program copies into the front matter (what a Hugo site
//!   would keep there); section lists; the site feed, a search index, open data (JSON
//!   and CSV) and Hugo's own sitemap, `robots.txt`, 404 page and alias redirects.
//!
//! Links to `.md` files are resolved by a link render hook with `GetPage`, as familyties
//! resolves them, and a link to a missing page fails the Hugo build. `census` counts the
//! files a build wrote by kind, so `compare.sh` can show that both tools make about the
//! same site.
//!
//! ```text
//! cargo run --release --example hugo_site -- /dev/shm/corpus-1000 /dev/shm/hugo-1000
//! cargo run --release --example hugo_site -- --census /dev/shm/out-hugo-1000
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const CONFIG: &str = r#"baseURL = "https://familyties.example.org/"
title = "Family Ties (benchmark corpus)"
defaultContentLanguage = "en"
enableRobotsTXT = true
# familyties has no page listing all regions or all letters (its A-Z page is the find page).
disableKinds = ["taxonomy"]
ignoreErrors = ["error-disable-taxonomy"]
rssLimit = 50
[frontmatter]
lastmod = ["last_reviewed", ":default"]
[languages.en]
languageCode = "en-gb"
languageName = "English"
weight = 1
contentDir = "content/en"
[languages.cy]
languageCode = "cy"
languageName = "Cymraeg"
weight = 2
contentDir = "content/cy"
[taxonomies]
region = "regions"
type = "types"
letter = "letters"
postcode = "postcodes"
[permalinks]
regions = "/prisons/region/:slug/"
types = "/prisons/type/:slug/"
letters = "/prisons/find/:slug/"
postcodes = "/prisons/find/postcode/:slug/"
[mediaTypes."text/calendar"]
suffixes = ["ics"]
[mediaTypes."application/atom+xml"]
suffixes = ["xml"]
[outputFormats.RSS]
baseName = "updates"
[outputFormats.checklist]
mediaType = "text/html"
baseName = "checklist/index"
isHTML = true
permalinkable = false
[outputFormats.calendar]
mediaType = "text/calendar"
baseName = "visiting"
isPlainText = true
[outputFormats.updates]
mediaType = "application/atom+xml"
baseName = "updates"
[outputFormats.searchindex]
mediaType = "application/json"
baseName = "search-index"
isPlainText = true
[outputFormats.opendata]
mediaType = "application/json"
baseName = "prisons"
isPlainText = true
[outputFormats.CSV]
baseName = "prisons"
[outputs]
home = ["HTML", "RSS", "searchindex"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
page = ["HTML"]
[markup.goldmark.renderer]
unsafe = false
[markup.highlight]
noClasses = false
"#;

/// Chrome in each language. Day codes are the corpus's (`mon` … `sun`).
const I18N_EN: &str = r#"skip = "Skip to main content"
home = "Home"
prisons = "Prisons"
guides = "Guides"
visiting_times = "Visiting times"
what_to_bring = "What to bring"
do_not_bring = "You cannot take these things into the visits hall:"
book = "Book a visit"
booking_line = "Booking line"
notice = "Book at least {{ .Count }} hours before the visit."
checklist = "Visit checklist"
back = "Back to"
calendar = "Add visiting times to your calendar"
updates = "updates"
untranslated = ""
visit = "visit"
to = "to"
mon = "Monday"
tue = "Tuesday"
wed = "Wednesday"
thu = "Thursday"
fri = "Friday"
sat = "Saturday"
sun = "Sunday"
getting_there = "Getting there"
at_prison = "At the prison"
contact = "Contact the prison"
print = "Print a checklist for your visit"
from = "Where this comes from"
"#;

const I18N_CY: &str = r#"skip = "Neidio i'r prif gynnwys"
home = "Hafan"
prisons = "Carchardai"
guides = "Canllawiau"
visiting_times = "Amseroedd ymweld"
what_to_bring = "Beth i ddod gyda chi"
do_not_bring = "Allwch chi ddim mynd â'r pethau hyn i'r neuadd ymweld:"
book = "Trefnu ymweliad"
booking_line = "Llinell drefnu"
notice = "Trefnwch o leiaf {{ .Count }} awr cyn yr ymweliad."
checklist = "Rhestr wirio ymweliad"
back = "Yn ôl i"
calendar = "Ychwanegu amseroedd ymweld at eich calendr"
updates = "diweddariadau"
untranslated = "Mae rhai manylion isod yn Saesneg yn unig: nid ydyn nhw wedi'u cyfieithu eto."
visit = "ymweliad"
to = "i"
mon = "Dydd Llun"
tue = "Dydd Mawrth"
wed = "Dydd Mercher"
thu = "Dydd Iau"
fri = "Dydd Gwener"
sat = "Dydd Sadwrn"
sun = "Dydd Sul"
getting_there = "Sut i gyrraedd"
at_prison = "Yn y carchar"
contact = "Cysylltu â'r carchar"
print = "Argraffu rhestr wirio ar gyfer eich ymweliad"
from = "O ble mae hyn yn dod"
"#;

const BASEOF: &str = r##"<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ with .Params.address }}<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "GovernmentBuilding" "name" $.Title "url" $.Permalink "address" (dict "@type" "PostalAddress" "addressCountry" "GB" "addressLocality" .town "postalCode" .postcode "streetAddress" (delimit .lines ", ")) | jsonify | safeJS }}</script>{{ end }}
{{ with .OutputFormats.Get "updates" }}<link rel="alternate" type="application/atom+xml" title="{{ $.Title }}: {{ i18n "updates" }}" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<a class="skip-link" href="#main">{{ i18n "skip" }}</a>
<header class="site-header">
<a class="site-name" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
{{ range .Translations }}<a class="lang-switch" href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}
<nav class="site-nav"><ul>{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
</header>
<nav class="breadcrumbs"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol></nav>
<main id="main" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"##;

/// The visiting times, shared by a prison's page and its checklist.
const TIMES: &str = r#"{{ with .Params.visiting_times.sessions }}
<h2 id="visiting-times">{{ i18n "visiting_times" }}</h2>
<table class="times"><tbody>{{ range . }}<tr><th scope="row">{{ range $i, $d := .days }}{{ if $i }}, {{ end }}{{ i18n $d }}{{ end }}</th><td>{{ .start }} {{ i18n "to" }} {{ .end }}</td><td>{{ .kind }}{{ with .notes }}<br><span class="note">{{ . }}</span>{{ end }}</td></tr>{{ end }}</tbody>
</table>
{{ end }}"#;

/// Booking facts and what to bring, shared by a prison's page and its checklist.
const FACTS: &str = r#"{{ with .Params.booking }}
<h2 id="book-a-visit">{{ i18n "book" }}</h2>
{{ with .phone }}<p class="big-phone">{{ i18n "booking_line" }}: <a href="tel:{{ replace . " " "" }}">{{ . }}</a></p>{{ end }}
{{ with .phone_hours }}<ul>{{ range . }}<li>{{ range $i, $d := .days }}{{ if $i }}, {{ end }}{{ i18n $d }}{{ end }}: {{ .from }} {{ i18n "to" }} {{ .to }}</li>{{ end }}</ul>{{ end }}
{{ with .email }}<p><a href="mailto:{{ . }}">{{ . }}</a></p>{{ end }}
{{ with .notice_hours }}<p>{{ i18n "notice" . }}</p>{{ end }}
{{ end }}
{{ with .Params.on_the_day.do_not_bring }}
<h2 id="what-to-bring">{{ i18n "what_to_bring" }}</h2>
<p>{{ i18n "do_not_bring" }}</p>
<ul lang="en">{{ range . }}<li>{{ . }}</li>{{ end }}</ul>
{{ end }}"#;

/// The rest of a prison's facts: how to get there, the visitors' centre, how to reach
/// the prison, each with where it comes from, as familyties prints them. The checklist's
/// address is spelled out: Hugo gives an output format whose file is `checklist/index.html`
/// the page's own address.
const PRISON: &str = r#"{{ $from := "" }}{{ with index (.Params.sources | default slice) 0 }}{{ $from = printf "<p class=\"from\">%s: <a href=\"%s\">%s</a>, <time>%s</time>.</p>" (i18n "from") .url .title .date }}{{ end }}
{{ with .Params.getting_there }}
<section id="getting-there"><h2>{{ i18n "getting_there" }}</h2>
{{ with $.Params.address }}<p class="address">{{ range .lines }}{{ . }}<br>{{ end }}{{ .town }}<br>{{ .postcode }}</p>
<p><a href="https://www.openstreetmap.org/search?query={{ .postcode | urlquery }}">{{ .postcode }}</a></p>{{ end }}
{{ range $k, $v := . }}{{ if ne $k "source" }}<p><strong>{{ $k }}:</strong> {{ $v }}</p>{{ end }}{{ end }}
{{ $from | safeHTML }}</section>{{ end }}
{{ with .OutputFormats.Get "checklist" }}<p class="print-link"><a href="{{ $.RelPermalink }}checklist/">{{ i18n "print" }}</a></p>{{ end }}
{{ with .Params.visitors_centre }}
<section id="at-the-prison"><h2>{{ i18n "at_prison" }}</h2>
<p><strong>{{ .run_by }}</strong>. {{ .hours }}. {{ with .phone }}<a href="tel:{{ replace . " " "" }}">{{ . }}</a>{{ end }}</p>
{{ with .facilities }}<ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .accessibility }}<p>{{ . }}</p>{{ end }}
{{ $from | safeHTML }}
{{ with $.Params.family_days }}<p>{{ . }}</p>{{ end }}</section>{{ end }}
{{ with .Params.contact }}
<section id="contact"><h2>{{ i18n "contact" }}</h2><dl class="facts">
{{ with .phone }}<dt>Phone</dt><dd><a href="tel:{{ replace . " " "" }}">{{ . }}</a></dd>{{ end }}
{{ with .safer_custody }}<dt>Safer custody</dt><dd><a href="tel:{{ replace . " " "" }}">{{ . }}</a></dd>{{ end }}
{{ with $.Params.official_page }}<dt>Official page</dt><dd><a href="{{ . }}">{{ $.Title }}</a></dd>{{ end }}
{{ with $.Params.operator }}<dt>Run by</dt><dd>{{ . }}</dd>{{ end }}
{{ range $.GetTerms "regions" }}<dt>Region</dt><dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}
{{ range $.GetTerms "types" }}<dt>Type</dt><dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}
</dl>{{ $from | safeHTML }}</section>{{ end }}
{{ with .Params.support }}<ul class="support">{{ range . }}<li><a href="{{ .url }}">{{ .name }}</a>{{ with .phone }} {{ . }}{{ end }}{{ with .notes }} {{ . }}{{ end }}</li>{{ end }}</ul>{{ end }}"#;

const SINGLE: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.holds }}<p class="lead">{{ . }}</p>{{ end }}
{{ with i18n "untranslated" }}<p class="untranslated">{{ . }}</p>{{ end }}
{{ partial "facts.html" . }}
{{ partial "times.html" . }}
{{ with .OutputFormats.Get "calendar" }}<p><a href="{{ .RelPermalink }}">{{ i18n "calendar" }}</a></p>{{ end }}
{{ partial "prison.html" . }}
<section class="body">{{ .Content }}</section>
{{ end }}
"#;

const CHECKLIST: &str = r#"{{ define "main" }}
<h1>{{ i18n "checklist" }}: {{ .Title }}</h1>
<p class="no-print">{{ i18n "back" }} <a href="{{ .RelPermalink }}">{{ .Title }}</a></p>
{{ partial "facts.html" . }}
{{ partial "times.html" . }}
{{ with .OutputFormats.Get "calendar" }}<p class="no-print"><a href="{{ .RelPermalink }}">{{ i18n "calendar" }}</a></p>{{ end }}
{{ end }}
"#;

/// One VEVENT per session, repeating weekly on its days, from the page's review date.
const CALENDAR: &str = r#"{{- $days := dict "mon" "MO" "tue" "TU" "wed" "WE" "thu" "TH" "fri" "FR" "sat" "SA" "sun" "SU" -}}
{{- $start := time.Format "20060102" (.Params.last_reviewed | default "2026-01-01") -}}
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//hugo//visiting times//EN
CALSCALE:GREGORIAN
X-WR-CALNAME:{{ i18n "visiting_times" }}: {{ .Title }}
X-WR-TIMEZONE:Europe/London
BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
TZNAME:BST
DTSTART:19810329T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
TZNAME:GMT
DTSTART:19961027T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
{{ range $i, $s := .Params.visiting_times.sessions -}}
BEGIN:VEVENT
UID:{{ $.File.ContentBaseName }}-{{ $i }}@hugo
DTSTAMP:{{ $start }}T000000Z
DTSTART;TZID=Europe/London:{{ $start }}T{{ replace $s.start ":" "" }}00
DTEND;TZID=Europe/London:{{ $start }}T{{ replace $s.end ":" "" }}00
RRULE:FREQ=WEEKLY;BYDAY={{ range $j, $d := $s.days }}{{ if $j }},{{ end }}{{ index $days $d }}{{ end }}
SUMMARY:{{ $s.kind }} {{ i18n "visit" }}: {{ $.Title }}
END:VEVENT
{{ end -}}
END:VCALENDAR
"#;

const UPDATES: &str = r#"{{ printf "<?xml version=\"1.0\" encoding=\"utf-8\"?>" | safeHTML }}
<feed xmlns="http://www.w3.org/2005/Atom">
<title>{{ site.Title }}: {{ .Title }}</title>
{{ with .OutputFormats.Get "updates" }}<id>{{ .Permalink }}</id>
<link rel="self" href="{{ .Permalink }}"/>{{ end }}
<link rel="alternate" href="{{ .Permalink }}"/>
<updated>{{ .Lastmod.Format "2006-01-02T15:04:05Z07:00" }}</updated>
<author><name>{{ site.Title }}</name></author>
<entry>
<title>{{ .Title }}</title>
<id>{{ .Permalink }}</id>
<link rel="alternate" href="{{ .Permalink }}"/>
<updated>{{ .Lastmod.Format "2006-01-02T15:04:05Z07:00" }}</updated>
</entry>
</feed>
"#;

const LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.address.town }}, {{ . }}{{ end }}</li>{{ end }}</ul>
{{ end }}
"#;

/// Help from outside the prison service, gathered from every prison's page.
const SUPPORT: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $seen := dict }}
<ul>{{ range where site.RegularPages "Section" "prisons" }}{{ range .Params.support }}{{ if not (index $seen .name) }}{{ $seen = merge $seen (dict .name true) }}<li><a href="{{ .url }}">{{ .name }}</a>{{ with .phone }} {{ . }}{{ end }}</li>{{ end }}{{ end }}{{ end }}</ul>
{{ end }}
"#;

const SEARCH_PAGE: &str =
    "---\ntitle: Search\n---\n\n<!-- the search form reads search-index.json -->\n";
const SUPPORT_PAGE: &str = "---\ntitle: Support\nlayout: support\n---\n\nHelp for families.\n";

const NOT_FOUND: &str = r#"{{ define "main" }}<h1>404</h1><p><a href="{{ site.Home.RelPermalink }}">{{ i18n "home" }}</a></p>{{ end }}
"#;

const SEARCH_INDEX: &str = r#"{{- $items := slice -}}
{{- range site.RegularPages -}}
{{- $items = $items | append (dict "title" .Title "url" .RelPermalink "summary" (.Params.summary | default "") "town" (.Params.address.town | default "") "postcode" (.Params.address.postcode | default "") "region" (.Params.region | default "")) -}}
{{- end -}}
{{- $items | jsonify -}}
"#;

const OPEN_DATA: &str = r#"{{- $items := slice -}}
{{- range where site.RegularPages "Section" "prisons" -}}
{{- $items = $items | append (dict "slug" .File.ContentBaseName "name" .Title "nomis_id" .Params.nomis_id "types" .Params.types "holds" .Params.holds "region" .Params.region "town" .Params.address.town "postcode" .Params.address.postcode "url" .Permalink) -}}
{{- end -}}
{{- $items | jsonify -}}
"#;

const OPEN_DATA_CSV: &str = r#"slug,name,nomis_id,types,holds,region,town,postcode,url
{{ range where site.RegularPages "Section" "prisons" -}}
{{ .File.ContentBaseName }},"{{ .Title }}",{{ .Params.nomis_id }},{{ delimit .Params.types " " }},"{{ .Params.holds }}",{{ .Params.region }},{{ .Params.address.town }},{{ .Params.address.postcode }},{{ .Permalink }}
{{ end -}}
"#;

/// Resolves links written to `.md` files, like familyties does; others are left alone.
const RENDER_LINK: &str = r#"{{- $u := urls.Parse .Destination -}}
{{- $href := .Destination -}}
{{- if and (not $u.IsAbs) (strings.HasSuffix $u.Path ".md") -}}
  {{- $p := "" -}}
  {{- if strings.HasPrefix $u.Path "/" -}}{{- $p = site.GetPage $u.Path -}}{{- else -}}{{- $p = .Page.GetPage $u.Path -}}{{- end -}}
  {{- with $p -}}{{- $href = .RelPermalink -}}{{- with $u.Fragment -}}{{- $href = printf "%s#%s" $href . -}}{{- end -}}
  {{- else -}}{{- errorf "broken link %q in %s" $.Destination $.Page.File.Path -}}{{- end -}}
{{- end -}}
<a href="{{ $href | safe.URL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safe.HTML }}</a>
{{- /* */ -}}
"#;

const STYLE: &str = "body{font:1rem/1.5 sans-serif;max-width:40rem;margin:auto;padding:0 1rem}\n\
.times th{text-align:left}@media print{.no-print{display:none}}\n";

/// The layouts and other fixed files of the Hugo site, by path.
const FILES: &[(&str, &str)] = &[
    ("config.toml", CONFIG),
    ("i18n/en.toml", I18N_EN),
    ("i18n/cy.toml", I18N_CY),
    ("static/style.css", STYLE),
    ("layouts/_default/baseof.html", BASEOF),
    ("layouts/partials/times.html", TIMES),
    ("layouts/partials/facts.html", FACTS),
    ("layouts/partials/prison.html", PRISON),
    ("layouts/_default/single.html", SINGLE),
    ("layouts/_default/single.checklist.html", CHECKLIST),
    ("layouts/_default/single.calendar.ics", CALENDAR),
    ("layouts/_default/single.updates.xml", UPDATES),
    ("layouts/_default/list.html", LIST),
    ("layouts/404.html", NOT_FOUND),
    ("layouts/_default/support.html", SUPPORT),
    ("content/en/search.md", SEARCH_PAGE),
    ("content/cy/search.md", SEARCH_PAGE),
    ("content/en/support.md", SUPPORT_PAGE),
    ("content/cy/support.md", SUPPORT_PAGE),
    ("layouts/index.searchindex.json", SEARCH_INDEX),
    ("layouts/index.opendata.json", OPEN_DATA),
    ("layouts/index.csv", OPEN_DATA_CSV),
    ("layouts/_default/_markup/render-link.html", RENDER_LINK),
];

type Meta = serde_yaml::Mapping;

fn key(k: &str) -> serde_yaml::Value {
    serde_yaml::Value::String(k.to_string())
}

fn list(items: &[String]) -> serde_yaml::Value {
    serde_yaml::Value::Sequence(
        items
            .iter()
            .map(|s| serde_yaml::Value::String(s.clone()))
            .collect(),
    )
}

fn text_at<'a>(meta: &'a Meta, path: &[&str]) -> Option<&'a str> {
    let (last, parents) = path.split_last()?;
    let mut here = meta;
    for p in parents {
        here = here.get(key(p))?.as_mapping()?;
    }
    here.get(key(last))?.as_str()
}

/// What Hugo needs that familyties does not: a title, `kind` renamed (Hugo uses it), and
/// for a prison its taxonomy terms and output formats; glossary entries are listed but,
/// as in familyties, have no page of their own. Returns the prison's taxonomy terms as
/// YAML lines to add to the front matter.
fn adapt(meta: &mut Meta, rel: &str) -> String {
    for source in ["name", "term"] {
        if !meta.contains_key(key("title"))
            && let Some(v) = meta.get(key(source)).cloned()
        {
            meta.insert(key("title"), v);
        }
    }
    if let Some(v) = meta.remove(key("kind")) {
        meta.insert(key("page_kind"), v);
    }
    if rel.starts_with("glossary/") {
        let mut build = Meta::new();
        build.insert(key("render"), key("never"));
        meta.insert(key("_build"), serde_yaml::Value::Mapping(build));
    }
    if !meta.contains_key(key("nomis_id")) {
        return String::new();
    }
    // Terms are written as quoted YAML by `terms`: Hugo reads YAML 1.1, where a postcode
    // area or letter such as `n` is the boolean false.
    let mut terms = String::new();
    let mut term = |taxonomy: &str, value: String| {
        terms.push_str(&format!("{taxonomy}: [{value:?}]\n"));
    };
    if let Some(region) = text_at(meta, &["region"]) {
        term("regions", region.to_string());
    }
    if let Some(town) = text_at(meta, &["address", "town"]) {
        term(
            "letters",
            town.chars().take(1).flat_map(char::to_lowercase).collect(),
        );
    }
    if let Some(postcode) = text_at(meta, &["address", "postcode"]) {
        let area = postcode.chars().take_while(char::is_ascii_alphabetic);
        term("postcodes", area.flat_map(|c| c.to_lowercase()).collect());
    }
    let has_sessions = meta
        .get(key("visiting_times"))
        .and_then(|v| v.as_mapping())
        .and_then(|v| v.get(key("sessions")))
        .and_then(|v| v.as_sequence())
        .is_some_and(|s| !s.is_empty());
    let mut outputs = vec!["html".to_string(), "checklist".to_string()];
    if has_sessions {
        outputs.push("calendar".to_string());
    }
    outputs.push("updates".to_string());
    meta.insert(key("outputs"), list(&outputs));
    terms
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes the English and the Welsh copy of one content file.
fn convert(from: &Path, rel: &str, to: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(from).map_err(|e| format!("{}: {e}", from.display()))?;
    let split = familyties::frontmatter::split(&text)
        .map_err(|d| format!("{}: {}", from.display(), d.message))?;
    let mut meta: Meta = serde_yaml::from_str(&text[split.yaml.clone()])
        .map_err(|e| format!("{}: {e}", from.display()))?;
    let terms = adapt(&mut meta, rel);
    let body = &text[split.body];
    // Hugo's home page is content/_index.md.
    let rel = if rel == "index.md" { "_index.md" } else { rel };
    let home_outputs = |meta: &mut Meta, formats: &[&str]| {
        if rel == "_index.md" {
            let formats: Vec<String> = formats.iter().map(|s| s.to_string()).collect();
            meta.insert(key("outputs"), list(&formats));
        }
    };
    // Open data is made once, in English, as familyties does.
    home_outputs(
        &mut meta,
        &["html", "rss", "searchindex", "opendata", "csv"],
    );
    let yaml = serde_yaml::to_string(&meta).map_err(|e| e.to_string())?;
    write(
        &to.join("content/en").join(rel),
        &format!("---\n{yaml}{terms}---\n{body}"),
    )?;
    // Redirects from old addresses are English only in familyties.
    meta.remove(key("aliases"));
    home_outputs(&mut meta, &["html", "rss", "searchindex"]);
    let yaml = serde_yaml::to_string(&meta).map_err(|e| e.to_string())?;
    write(
        &to.join("content/cy").join(rel),
        &format!("---\n{yaml}{terms}---\n{body}"),
    )
}

fn run(corpus: &Path, out: &Path) -> Result<usize, String> {
    let content = corpus.join("content");
    if !content.join("site.yaml").is_file() {
        return Err(format!(
            "{} is not a familyties site (no content/site.yaml)",
            corpus.display()
        ));
    }
    if out.exists() {
        if !out.join("config.toml").is_file() {
            return Err(format!(
                "{} exists and is not a Hugo site made by this program; choose a new folder",
                out.display()
            ));
        }
        std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    for (rel, text) in FILES {
        write(&out.join(rel), text)?;
    }
    let mut n = 0;
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let rel: PathBuf = entry
            .path()
            .strip_prefix(&content)
            .map_err(|e| e.to_string())?
            .to_path_buf();
        convert(entry.path(), &rel.to_string_lossy(), out)?;
        n += 1;
    }
    Ok(n)
}

/// Counts the files under `dir` by kind: all, HTML pages, calendars, feeds and other XML.
/// Printed as one line of numbers for `compare.sh`.
fn census(dir: &Path) -> Result<[usize; 4], String> {
    let mut counts = [0; 4];
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(|e| e.to_string())?;
        if !entry.file_type().is_file() {
            continue;
        }
        counts[0] += 1;
        match entry.path().extension().and_then(|x| x.to_str()) {
            Some("html") => counts[1] += 1,
            Some("ics") => counts[2] += 1,
            Some("xml") => counts[3] += 1,
            _ => {}
        }
    }
    Ok(counts)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, dir] if flag == "--census" => census(Path::new(dir)).map(|[all, html, ics, xml]| {
            println!("{all} {html} {ics} {xml}");
        }),
        [corpus, out] => run(Path::new(corpus), Path::new(out)).map(|n| {
            println!("wrote a Hugo site with {n} content files in English and Welsh into {out}");
        }),
        _ => {
            eprintln!("usage: hugo_site CORPUS_DIR HUGO_SITE_DIR | hugo_site --census OUT_DIR");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
