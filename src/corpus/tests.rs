use super::*;

fn tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn same_size_gives_the_same_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let sa = generate(20, a.path()).unwrap();
    let sb = generate(20, b.path()).unwrap();
    assert_eq!(sa, sb);
    assert_eq!(sa.prisons, 20);
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert!(ta.len() > 40, "{}", ta.len());
    assert!(ta == tb, "the two trees differ");
    // Generating again into the same folder replaces it with the same bytes.
    generate(20, a.path()).unwrap();
    assert!(tree(a.path()) == tb);
}

#[test]
fn refuses_a_folder_that_is_not_a_corpus() {
    let a = tempfile::tempdir().unwrap();
    std::fs::write(a.path().join("notes.txt"), "mine").unwrap();
    assert!(generate(5, a.path()).is_err());
    assert!(a.path().join("notes.txt").exists());
}

#[test]
fn bodies_are_the_promised_length_and_names_differ() {
    let a = tempfile::tempdir().unwrap();
    let stats = generate(30, a.path()).unwrap();
    for i in 1..=30 {
        let text = std::fs::read_to_string(prison_file(a.path(), i)).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap();
        let n = words(body);
        assert!((600..1400).contains(&n), "prison {i} has {n} words");
    }
    assert!(stats.body_words > 30 * 600);
    let plan = Plan::new(95);
    let mut rng = Rng::new(99, 0);
    for near in 1..=95 {
        for _ in 0..20 {
            let j = plan.prison_nearby(&mut rng, near);
            assert!(
                j != near && (1..=95).contains(&j) && region_of(j) == region_of(near),
                "{near} → {j}"
            );
        }
    }
    let names: std::collections::HashSet<String> = (1..=10_000).map(name_of).collect();
    assert_eq!(names.len(), 10_000);
}

#[test]
fn the_corpus_builds_with_no_errors_or_warnings() {
    let a = tempfile::tempdir().unwrap();
    generate(60, a.path()).unwrap();
    let diags = crate::diagnostics::Diagnostics::new();
    let options = crate::pipeline::Options {
        root: a.path().to_path_buf(),
        today: crate::model::fields::Date::parse(BUILD_DATE).unwrap(),
        strict: false,
    };
    let built = crate::pipeline::run(&options, &diags);
    assert_eq!(diags.counts(), (0, 0), "{}", diags.render_human());
    assert!(built.unwrap().pages > 60);
}
