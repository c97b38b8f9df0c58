//! `familyties import prisons` and `familyties new`, run as an editor runs them, on a
//! throwaway site.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use familyties::model::Prison;

const HEADER: &str = "nomis_id,register_name,welsh_name,establishment_types,gender,age_group,category_or_function,category_source,operator,public_or_private,town,county,postcode,country,region,region_source,govuk_page,status_note,operator_note,source";
const SOURCE: &str = "\"github.com/ministryofjustice/prison-register (Flyway migrations V1_1..V1_41, snapshot 2026-08)\"";

/// Three rows: a Welsh name (Parc), a collision with it (the Parc children's unit, whose
/// status is not confirmed) and a category marked UNVERIFIED (Bedford).
fn three_rows() -> String {
    [
        HEADER.to_string(),
        format!("PRI,Parc (HMP & YOI),Carchar Parc,HMP+YOI,men,adults and young adults (18-21),Cat B,prison-register V1_26 prison_category,G4S,private,Bridgend,,CF35 6AP,Wales,Wales,derived,https://www.gov.uk/guidance/parc-prison-and-yoi,,,{SOURCE}"),
        format!("PYI,Parc (HMYOI),Sefydliad Troseddwyr Ifanc y Parc,YCS,boys,children (under 18),Young people's unit (children),register type YCS,G4S,private,Bridgend,,CF35 6AP,Wales,Wales,derived,,Children's unit inside HMP Parc site; current status UNVERIFIED.,,{SOURCE}"),
        format!("BFI,Bedford (HMP & YOI),,HMP+YOI,men,adults and young adults (18-21),Cat B local (reception),general knowledge - UNVERIFIED,HM Prison Service (public),public,Bedford,Bedfordshire,MK40 1HG,England,East of England,derived,https://www.gov.uk/guidance/bedford-prison,,,{SOURCE}"),
    ]
    .join("\n")
        + "\n"
}

const BEDFORD: &str = "---
name: HMP & YOI Bedford
nomis_id: BFI
types: [HMP, YOI]
holds: men aged 18 and over
operator: HM Prison Service
sector: public
region: East of England
address:
  town: Bedford
  county: Bedfordshire
  postcode: MK40 1HG
official_page: https://www.gov.uk/guidance/bedford-prison
status: open
last_reviewed: 2026-11-23
sources:
  - title: Prison register, Ministry of Justice (August 2026)
    url: https://github.com/ministryofjustice/prison-register
  - title: HMP & YOI Bedford on GOV.UK
    url: https://www.gov.uk/guidance/bedford-prison
---

HMP & YOI Bedford is a prison in Bedford. It holds men aged 18 and over.
";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_familyties"))
}

fn run(root: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("the familyties binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A site with the shipped theme and nothing but a home page.
fn new_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &dir.path().join("themes"),
    );
    let content = dir.path().join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(
        content.join("site.yaml"),
        "title: Family Ties\nbase_url: https://familyties.test\ntheme: default\n",
    )
    .unwrap();
    fs::write(
        content.join("index.md"),
        "---\ntitle: Visiting someone in prison\n---\n\nHelp for families.\n",
    )
    .unwrap();
    dir
}

fn write_csv(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("prisons.csv");
    fs::write(&path, text).unwrap();
    path
}

fn import(root: &Path, csv: &Path) -> Output {
    run(root, &["import", "prisons", csv.to_str().unwrap()])
}

fn page(root: &Path, slug: &str) -> String {
    fs::read_to_string(root.join("content/prisons").join(slug).join("index.md")).unwrap()
}

fn parse(text: &str) -> Prison {
    let split = familyties::frontmatter::split(text).expect("front matter");
    familyties::frontmatter::parse(text, &split).expect("a valid prison page")
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walkdir(dir) {
        out.push((entry.clone(), fs::read(&entry).unwrap()));
    }
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn import_writes_only_checked_facts() {
    let site = new_site();
    let root = site.path();
    let csv = write_csv(root, &three_rows());
    let out = import(root, &csv);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("3 created, 0 updated, 0 unchanged"), "{text}");
    assert!(
        text.contains("PRI (HMP & YOI Parc) keeps `parc`") && text.contains("`parc-yoi`"),
        "the collision is reported: {text}"
    );

    let parc = page(root, "parc");
    let p = parse(&parc);
    assert_eq!(p.name, "HMP & YOI Parc");
    assert_eq!(p.name_cy.as_deref(), Some("Carchar Parc"));
    assert_eq!(p.holds.as_deref(), Some("men aged 18 and over"));
    assert_eq!(p.category.as_deref(), Some("Category B prison"));
    assert_eq!(p.operator.as_deref(), Some("G4S"));
    assert_eq!(
        p.official_page.as_ref().map(|u| u.0.as_str()),
        Some("https://www.gov.uk/guidance/parc-prison-and-yoi")
    );
    assert_eq!(p.sources.len(), 2);
    assert!(p.address.as_ref().is_some_and(|a| a.county.is_none()));

    // The unit whose use is not confirmed: no status, a warning for families instead.
    let unit = page(root, "parc-yoi");
    let u = parse(&unit);
    assert_eq!(u.name, "HMYOI Parc");
    assert!(!unit.contains("\nstatus:"), "{unit}");
    assert!(
        u.status_note
            .as_deref()
            .is_some_and(|n| n.starts_with("We could not confirm"))
    );
    assert_eq!(u.notices.len(), 1);
    assert_eq!(u.holds.as_deref(), Some("boys under 18"));
    assert_eq!(u.sources.len(), 1, "no official page, so only the register");

    // An UNVERIFIED category is left out; the whole file is as expected, byte for byte.
    assert_eq!(page(root, "bedford"), BEDFORD);

    for slug in ["parc", "parc-yoi", "bedford"] {
        let text = page(root, slug);
        for never in [
            "visiting_times",
            "contact",
            "booking",
            "on_the_day",
            "dress_code",
        ] {
            assert!(!text.contains(never), "{slug} has {never}");
        }
    }
}

#[test]
fn reimport_keeps_editors_work_and_is_stable() {
    let site = new_site();
    let root = site.path();
    let csv = write_csv(root, &three_rows());
    assert!(import(root, &csv).status.success());
    let first = snapshot(&root.join("content/prisons"));

    // An editor corrects a value, adds a comment, rewrites the body and removes a field.
    let path = root.join("content/prisons/parc/index.md");
    let edited = page(root, "parc")
        .replace(
            "holds: men aged 18 and over\n",
            "holds: men aged 21 and over  # checked with the prison\n",
        )
        .replace("category: Category B prison\n", "")
        .replace(
            "HMP & YOI Parc is a prison in Bridgend. It holds men aged 18 and over.",
            "Parc is near Bridgend. Written by an editor.",
        );
    fs::write(&path, &edited).unwrap();

    let out = import(root, &csv);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 created, 1 updated, 2 unchanged"),
        "{}",
        stdout(&out)
    );
    let after = page(root, "parc");
    assert!(after.contains("holds: men aged 21 and over  # checked with the prison\n"));
    assert!(after.contains("Parc is near Bridgend. Written by an editor.\n"));
    assert!(
        after.starts_with(edited.split("\n---\n").next().unwrap()),
        "the editor's lines are untouched"
    );
    assert_eq!(
        parse(&after).category.as_deref(),
        Some("Category B prison"),
        "the missing field is added back"
    );
    // The other pages are byte-identical to the first run.
    let second = snapshot(&root.join("content/prisons"));
    for ((p1, b1), (p2, b2)) in first.iter().zip(&second) {
        assert_eq!(p1, p2);
        if !p1.ends_with("parc/index.md") {
            assert_eq!(b1, b2, "{} changed", p1.display());
        }
    }

    // A third run changes nothing at all.
    let out = import(root, &csv);
    assert!(stdout(&out).contains("0 created, 0 updated, 3 unchanged"));
    assert_eq!(snapshot(&root.join("content/prisons")), second);

    // A fresh import of the same CSV gives the same bytes as the first one.
    let other = new_site();
    assert!(import(other.path(), &csv).status.success());
    let fresh = snapshot(&other.path().join("content/prisons"));
    let strip = |s: &[(PathBuf, Vec<u8>)], base: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        s.iter()
            .map(|(p, b)| (p.strip_prefix(base).unwrap().to_path_buf(), b.clone()))
            .collect()
    };
    assert_eq!(strip(&fresh, other.path()), strip(&first, root));
}

#[test]
fn bad_rows_are_reported_and_the_rest_imported() {
    let site = new_site();
    let root = site.path();
    let mut text = three_rows();
    text.push_str(&format!("XXI,Nowhere (HMP),,HMP,men,adults,Cat C,prison-register,HM Prison Service (public),public,Nowhere,,AB1 2CD,England,Narnia,derived,,,,{SOURCE}\n"));
    text.push_str("YYI,Too Short (HMP),,HMP\n");
    text.push_str(&format!("ZZI,Badpost (HMP),,HMP,men,adults,Cat C,prison-register,HM Prison Service (public),public,Town,,NOT A CODE,England,London,derived,,,,{SOURCE}\n"));
    let csv = write_csv(root, &text);
    let out = import(root, &csv);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let shown = csv.display().to_string();
    assert!(
        err.contains(&format!("{shown}:5: region `Narnia` is not one of:")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{shown}:6: this row has 4 fields")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{shown}:7: warning: ZZI:")) && err.contains("postcode"),
        "{err}"
    );
    assert!(stdout(&out).contains("4 created"), "{}", stdout(&out));
    let badpost = parse(&page(root, "badpost"));
    assert!(
        badpost
            .address
            .as_ref()
            .is_some_and(|a| a.postcode.is_none())
    );
    assert!(!root.join("content/prisons/nowhere").exists());
}

fn check_json(root: &Path) -> (Output, String) {
    let out = run(root, &["check", "--format", "json"]);
    let json = stdout(&out);
    (out, json)
}

#[test]
fn new_pages_pass_check() {
    let site = new_site();
    let root = site.path();
    let out = run(
        root,
        &["new", "prison", "HMP Example", "--region", "north west"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("wrote content/prisons/example/index.md"),
        "{said}"
    );
    assert!(said.contains("next: fill in the facts you have checked, then run `familyties check`"));
    let prison = page(root, "example");
    let p = parse(&prison);
    assert_eq!(p.name, "HMP Example");
    assert_eq!(p.region.name(), "North West");
    assert_eq!(
        p.sources[0].url.0,
        "https://www.gov.uk/government/collections/prisons-in-england-and-wales"
    );
    for field in [
        "visiting_times:",
        "booking:",
        "contact:",
        "getting_there:",
        "notices:",
        "aliases:",
    ] {
        assert!(prison.contains(&format!("# {field}")), "{field} is listed");
    }

    for (kind, name, path) in [
        (
            "guide",
            "Your first visit",
            "content/guides/your-first-visit.md",
        ),
        (
            "evidence",
            "The Example Review (2020)",
            "content/evidence/the-example-review-2020.md",
        ),
    ] {
        let out = run(root, &["new", kind, name]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).contains(&format!("wrote {path}")));
    }

    let (out, json) = check_json(root);
    for path in [
        "content/prisons/example/index.md",
        "content/guides/your-first-visit.md",
    ] {
        assert!(!json.contains(path), "{path} has problems: {json}");
    }
    // The new evidence page passes, with one reminder: its source address is still the
    // example one, which only the editor can fill in.
    let problems: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let evidence: Vec<&serde_json::Value> = problems
        .iter()
        .filter(|p| p["file"] == "content/evidence/the-example-review-2020.md")
        .collect();
    assert_eq!(evidence.len(), 1, "{json}");
    assert_eq!(evidence[0]["severity"], "warning");
    assert!(
        evidence[0]["message"]
            .as_str()
            .unwrap()
            .contains("example address")
    );
    assert!(out.status.success(), "check failed: {json}");
}

#[test]
fn new_refuses_to_overwrite_and_checks_its_input() {
    let site = new_site();
    let root = site.path();
    assert!(
        run(root, &["new", "guide", "Your first visit"])
            .status
            .success()
    );
    let path = root.join("content/guides/your-first-visit.md");
    fs::write(&path, "---\ntitle: Edited\nsummary: Mine.\n---\n").unwrap();

    let again = run(root, &["new", "guide", "Your First Visit"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "---\ntitle: Edited\nsummary: Mine.\n---\n"
    );

    // A file with the same address under another spelling counts too.
    fs::write(
        root.join("content/guides/Help With Costs.md"),
        "---\ntitle: Help\nsummary: Help.\n---\n",
    )
    .unwrap();
    let clash = run(root, &["new", "guide", "help with costs"]);
    assert_eq!(clash.status.code(), Some(1));
    assert!(stderr(&clash).contains("Help With Costs.md"));
    assert!(!root.join("content/guides/help-with-costs.md").exists());

    let prison = root.join("content/prisons/example/index.md");
    let no_region = run(root, &["new", "prison", "HMP Example"]);
    assert!(!no_region.status.success());
    assert!(stderr(&no_region).contains("Yorkshire and the Humber"));
    let bad_region = run(
        root,
        &["new", "prison", "HMP Example", "--region", "Midlands"],
    );
    assert!(!bad_region.status.success());
    assert!(stderr(&bad_region).contains("East Midlands, West Midlands"));
    assert!(!prison.exists());

    assert!(
        run(root, &["new", "prison", "HMP Example", "--region", "Wales"])
            .status
            .success()
    );
    let twice = run(root, &["new", "prison", "Example", "--region", "Wales"]);
    assert_eq!(twice.status.code(), Some(1));
}
