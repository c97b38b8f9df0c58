//! `familyties check` and `build` on sites with one kind of mistake each
//! (`tests/fixtures/invalid/<name>/`): the editor is told the file, the line and column, what
//! is wrong and how to fix it, in the terminal and as JSON, and nothing is published.

mod common;

use common::*;
use serde_json::Value;

/// One problem `check` must report.
struct Expected<'a> {
    file: &'a str,
    /// `None` for problems with a whole file (it has no line to point at).
    at: Option<(u64, u64)>,
    message: &'a str,
    help: &'a str,
}

/// Runs `check` (human and JSON) on `fixture`; it must fail and report every `expected`.
/// Returns the JSON problems for further checks.
fn assert_reports(fixture: &str, expected: &[Expected]) -> Vec<Value> {
    let site = Site::new(&format!("invalid/{fixture}"));
    let human = site.check(&[]);
    assert_eq!(
        human.code, 1,
        "check should fail on {fixture}:\n{}",
        human.stderr
    );
    let (json_run, problems) = site.check_json(&[]);
    assert_eq!(
        json_run.code, 1,
        "check --format json should fail on {fixture}"
    );
    for e in expected {
        let place = match e.at {
            Some((line, column)) => format!("{}:{line}:{column}", e.file),
            None => format!("in {}", e.file),
        };
        assert!(
            human.stderr.contains(&place),
            "{fixture}: no `{place}` in\n{}",
            human.stderr
        );
        assert!(
            human.stderr.contains(e.message),
            "{fixture}: no `{}` in\n{}",
            e.message,
            human.stderr
        );
        assert!(
            human.stderr.contains(&format!("help: {}", e.help)) || human.stderr.contains(e.help),
            "{fixture}: no help `{}` in\n{}",
            e.help,
            human.stderr
        );
        let found = problems.iter().find(|p| {
            p["file"] == e.file && p["message"].as_str().is_some_and(|m| m.contains(e.message))
        });
        let Some(p) = found else {
            panic!(
                "{fixture}: JSON has no problem `{}` in {}: {problems:#?}",
                e.message, e.file
            )
        };
        assert_eq!(p["severity"], "error", "{p:#}");
        match e.at {
            Some((line, column)) => {
                assert_eq!(p["line"], line, "{p:#}");
                assert_eq!(p["column"], column, "{p:#}");
            }
            None => assert!(p["line"].is_null(), "{p:#}"),
        }
        assert!(
            p["help"].as_str().is_some_and(|h| h.contains(e.help)),
            "{p:#}"
        );
    }
    // The summary counts the same errors the JSON lists.
    let errors = problems.iter().filter(|p| p["severity"] == "error").count();
    assert!(
        human.stderr.contains(&format!(": {errors} error(s),")),
        "{fixture}: JSON has {errors} errors but the summary says\n{}",
        human.stderr
    );
    problems
}

#[test]
fn unknown_field_names_the_field_it_was_meant_to_be() {
    assert_reports(
        "unknown-field",
        &[Expected {
            file: "content/prisons/leeds/index.md",
            at: Some((4, 1)),
            message: "unknown field `visting_times`",
            help: "did you mean `visiting_times`?",
        }],
    );
}

#[test]
fn missing_required_field_is_named() {
    assert_reports(
        "missing-field",
        &[Expected {
            file: "content/prisons/leeds/index.md",
            at: Some((2, 1)),
            message: "missing field `region`",
            help: "add a line `region: ...` to the front matter",
        }],
    );
}

#[test]
fn bad_yaml_points_at_the_open_quote_and_the_misindented_line() {
    let problems = assert_reports(
        "bad-yaml",
        &[
            Expected {
                file: "content/guides/first-visit.md",
                at: Some((2, 8)),
                message: "a quoted value in the front matter is never closed",
                help: "add the same quote mark",
            },
            Expected {
                file: "content/prisons/leeds/index.md",
                at: Some((6, 12)),
                message: "the front matter is not valid YAML",
                help: "indent with spaces",
            },
        ],
    );
    // Positions counted from the YAML rather than the file would only confuse.
    for p in &problems {
        assert!(
            !p["message"].as_str().unwrap().contains(" at line "),
            "{p:#}"
        );
    }
}

#[test]
fn link_to_a_missing_page_suggests_the_nearest_one() {
    assert_reports(
        "broken-link",
        &[Expected {
            file: "content/guides/what-id-to-bring.md",
            at: Some((13, 6)),
            message: "this link points to content/guides/first-visits.md, which does not exist",
            help: "did you mean `/guides/first-visit.md`?",
        }],
    );
}

#[test]
fn link_to_a_missing_heading_suggests_the_nearest_anchor() {
    assert_reports(
        "broken-anchor",
        &[Expected {
            file: "content/guides/first-visit.md",
            at: Some((13, 11)),
            message: "content/prisons/leeds/index.md has no heading with the anchor `#visting-times`",
            help: "did you mean `#visiting-times`?",
        }],
    );
}

#[test]
fn time_not_in_hh_mm_shows_the_right_form() {
    assert_reports(
        "bad-time",
        &[Expected {
            file: "content/prisons/leeds/index.md",
            at: Some((10, 14)),
            message: "`2pm` is not a time in `visiting_times.sessions[1].start`",
            help: "write it as \"HH:MM\" on the 24-hour clock, in quotes, for example \"14:30\"",
        }],
    );
}

#[test]
fn date_not_in_yyyy_mm_dd_shows_the_right_form() {
    assert_reports(
        "bad-date",
        &[Expected {
            file: "content/prisons/leeds/index.md",
            at: Some((6, 13)),
            message: "`01/11/2026` is not a date in `notices[0].starts`",
            help: "write it as YYYY-MM-DD, for example 2026-03-31",
        }],
    );
}

#[test]
fn postcode_with_a_letter_o_for_a_zero_is_refused() {
    assert_reports(
        "bad-postcode",
        &[Expected {
            file: "content/prisons/leeds/index.md",
            at: Some((7, 13)),
            message: "`LS12 OTJ` is not a UK postcode in `address.postcode`",
            help: "write it like LS12 2TJ",
        }],
    );
}

#[test]
fn phone_number_without_enough_digits_is_refused() {
    assert_reports(
        "bad-phone",
        &[Expected {
            file: "content/prisons/leeds/index.md",
            at: Some((5, 10)),
            message: "`0113 203` is not a UK phone number in `contact.phone`",
            help: "it has 7 digits, but a number starting 011 has 11. Write the whole number with its area code, for example \"0113 496 0000\"",
        }],
    );
}

#[test]
fn image_without_alt_text_is_refused() {
    assert_reports(
        "image-no-alt",
        &[Expected {
            file: "content/guides/first-visit.md",
            at: Some((13, 1)),
            message: "this image has no alt text",
            help: "describe the picture between the square brackets",
        }],
    );
}

#[test]
fn replaced_by_a_prison_that_does_not_exist_suggests_one_that_does() {
    assert_reports(
        "replaced-by-missing",
        &[Expected {
            file: "content/prisons/northallerton/index.md",
            at: Some((6, 1)),
            message: "`replaced_by: leed` names a prison that does not exist",
            help: "did you mean `leeds`?",
        }],
    );
}

#[test]
fn front_matter_that_is_never_closed() {
    assert_reports(
        "unclosed-front-matter",
        &[Expected {
            file: "content/guides/first-visit.md",
            at: Some((1, 1)),
            message: "the front matter is never closed",
            help: "add a line with just `---` after the last field",
        }],
    );
}

#[test]
fn file_without_front_matter() {
    assert_reports(
        "no-front-matter",
        &[Expected {
            file: "content/guides/first-visit.md",
            at: Some((1, 1)),
            message: "this file does not start with front matter",
            help: "start the file with a line `---`",
        }],
    );
}

#[test]
fn two_files_that_differ_only_in_case_would_share_an_address() {
    assert_reports(
        "duplicate-slug",
        &[Expected {
            file: "content/guides/visiting.md",
            at: None,
            message: "this page would have the same address (/guides/visiting/) as content/guides/Visiting.md",
            help: "rename one of the two files",
        }],
    );
}

#[test]
fn javascript_links_are_refused() {
    assert_reports(
        "javascript-link",
        &[Expected {
            file: "content/guides/first-visit.md",
            at: Some((13, 7)),
            message: "links starting `javascript:` are not allowed",
            help: "link to a web address starting https://",
        }],
    );
}

#[test]
fn several_mistakes_in_several_files_are_all_reported_in_one_run() {
    let problems = assert_reports(
        "several-mistakes",
        &[
            Expected {
                file: "content/prisons/leeds/index.md",
                at: Some((4, 1)),
                message: "unknown field `adress`",
                help: "did you mean `address`?",
            },
            Expected {
                file: "content/prisons/cardiff/index.md",
                at: Some((8, 12)),
                message: "`4pm` is not a time in `visiting_times.sessions[0].end`",
                help: "write it as \"HH:MM\"",
            },
            Expected {
                file: "content/guides/first-visit.md",
                at: Some((13, 6)),
                message: "this link points to content/guides/what-id-to-bring.md, which does not exist",
                // Not "did you mean /guides/first-visit.md", the page the link is on.
                help: "check the file name and folder",
            },
        ],
    );
    let errors = problems.iter().filter(|p| p["severity"] == "error").count();
    assert_eq!(errors, 3, "{problems:#?}");
}

#[test]
fn stale_review_is_a_warning_that_strict_turns_into_a_failure() {
    let site = Site::new("invalid/stale-review");
    let check = site.check(&[]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("warning: this page was last reviewed 2518 days ago (more than 365)"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("content/guides/first-visit.md:4:1"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("then update `last_reviewed`"),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("0 error(s), 1 warning(s)"),
        "{}",
        check.stderr
    );

    let strict = site.check(&["--strict"]);
    assert_eq!(
        strict.code, 1,
        "--strict fails on warnings:\n{}",
        strict.stderr
    );

    let (run, problems) = site.check_json(&[]);
    assert_eq!(run.code, 0);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["severity"], "warning");
    assert_eq!(problems[0]["file"], "content/guides/first-visit.md");
    assert_eq!(
        (problems[0]["line"].as_u64(), problems[0]["column"].as_u64()),
        (Some(4), Some(1))
    );
    let (strict, _) = site.check_json(&["--strict"]);
    assert_eq!(strict.code, 1);

    // The site still builds, and says there was a warning.
    let build = site.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stdout.contains("(1 warning(s))"), "{}", build.stdout);
    assert!(site.out().join("guides/first-visit/index.html").is_file());
    // Reviewed recently enough for the build date, it is fine: what `--strict` still
    // reports is only the pages waiting for their Welsh text.
    let earlier = site.check(&["--date", "2020-06-01", "--strict"]);
    assert!(
        !earlier.stderr.contains("last reviewed"),
        "{}",
        earlier.stderr
    );
    assert!(
        earlier.stderr.contains("0 error(s), 1 warning(s)")
            && earlier.stderr.contains("have no Welsh text yet"),
        "{}",
        earlier.stderr
    );
}

#[test]
fn building_a_site_with_a_mistake_fails_and_writes_nothing() {
    let fixtures = invalid_fixtures();
    assert!(fixtures.len() >= 17, "{fixtures:?}");
    for fixture in fixtures.iter().filter(|f| *f != "stale-review") {
        let site = Site::new(&format!("invalid/{fixture}"));
        let run = site.build(&[]);
        assert_eq!(
            run.code, 1,
            "{fixture}: build should fail\n{}{}",
            run.stdout, run.stderr
        );
        assert!(run.stdout.is_empty(), "{fixture}: {}", run.stdout);
        assert!(
            run.stderr.contains("build failed: "),
            "{fixture}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("was not changed"),
            "{fixture}: {}",
            run.stderr
        );
        let left: Vec<String> = std::fs::read_dir(site.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["site"], "{fixture}: the build wrote something");
    }
}

#[test]
fn every_invalid_fixture_is_otherwise_a_valid_site() {
    // Each fixture has exactly one kind of mistake: every error it reports is about the
    // files the mistake is in, never about the site settings or the theme.
    for fixture in invalid_fixtures() {
        let (_, problems) = Site::new(&format!("invalid/{fixture}")).check_json(&[]);
        assert!(!problems.is_empty(), "{fixture} reports nothing");
        for p in &problems {
            let file = p["file"].as_str().unwrap_or("");
            assert!(
                file.starts_with("content/")
                    && file != "content/site.yaml"
                    && file != "content/index.md",
                "{fixture}: unexpected problem {p:#}"
            );
        }
    }
}

#[test]
fn a_broken_page_is_reported_once_not_by_every_page_that_links_to_it() {
    let site = common::Site::new("valid-site");
    site.edit("content/guides/how-visits-work.md", |t| {
        t.replacen("title:", "titel:", 1)
    });
    let (run, problems) = site.check_json(&[]);
    assert_eq!(run.code, 1);
    let files: Vec<&str> = problems
        .iter()
        .filter(|p| p["severity"] == "error")
        .filter_map(|p| p["file"].as_str())
        .collect();
    assert_eq!(
        files,
        ["content/guides/how-visits-work.md"],
        "{problems:#?}"
    );
}

#[test]
fn strict_check_names_missing_welsh_words_and_pages_without_welsh_text() {
    let site = Site::new("valid-site");
    site.edit("themes/default/i18n/cy.yaml", |t| {
        t.lines()
            .filter(|l| !l.starts_with("book_a_visit:"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let plain = site.check(&[]);
    assert_eq!(plain.code, 0, "plain check only warns:\n{}", plain.stderr);
    assert!(
        plain.stderr.contains("have no Welsh translation") && plain.stderr.contains("book_a_visit"),
        "{}",
        plain.stderr
    );
    let strict = site.check(&["--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    let gaps = strict
        .stderr
        .lines()
        .find(|l| l.contains("have no Welsh text yet"))
        .unwrap_or_else(|| panic!("{}", strict.stderr));
    assert!(gaps.contains("content/guides/how-visits-work.md"), "{gaps}");
    // A page with its own Welsh text is not named.
    assert!(
        !gaps.contains("content/guides/what-id-to-bring.md"),
        "{gaps}"
    );
}

/// `check` on the shipped site, which has a few hundred warnings (sources still without a
/// date): the human form shows the first 20 in full and counts the rest; `--all` and JSON
/// have every one.
#[test]
fn many_warnings_show_the_first_ones_and_count_the_rest() {
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_familyties"))
            .arg("--root")
            .arg(repo_root())
            .args(["check", "--date", "2026-11-23"])
            .args(args)
            .env_remove("FAMILYTIES_DATE")
            .output()
            .expect("run familyties");
        (
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let full = |stderr: &str| stderr.lines().filter(|l| l.starts_with("warning:")).count();
    let (json, _) = run(&["--format", "json"]);
    let all: Vec<Value> = serde_json::from_str(&json).expect("JSON");
    let total = all.iter().filter(|d| d["severity"] == "warning").count();
    assert!(total > 20, "the shipped site has {total} warnings");

    let (_, short) = run(&[]);
    assert_eq!(full(&short), 20, "{short}");
    let hidden = total - 20;
    assert!(
        short.contains(&format!(
            "note: {hidden} more warning(s) not shown (run with --all to see each)"
        )),
        "{short}"
    );
    // The count per kind adds up to what was hidden.
    let counted: usize = short
        .lines()
        .filter_map(|l| l.trim_start().split_once(" × "))
        .map(|(n, _)| n.trim().parse::<usize>().expect("a count"))
        .sum();
    assert_eq!(counted, hidden, "{short}");
    assert!(short.contains(&format!("{total} warning(s)")), "{short}");

    let (_, every) = run(&["--all"]);
    assert_eq!(full(&every), total, "{every}");
    assert!(!every.contains("not shown"), "{every}");
}
