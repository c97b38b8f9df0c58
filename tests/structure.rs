//! The crate's shape, checked on its own `src/` (issue #17): top-level modules do not import
//! each other through any chain, and no source file grows past 800 lines. Both break one
//! small commit at a time and are costly to undo later, so the tests catch them, not review.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{MAIN_SEPARATOR, Path, PathBuf};

const MAX_LINES: usize = 800;

/// Importer → imported → the files (relative to `src/`) that make that edge.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("src/ can be read").into_path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect()
}

/// The source with comments and string/char literals turned into spaces (newlines kept), so
/// `// see crate::x` or `"crate::x"` in a message is not taken for an import, and the `//`
/// of a `"https://…"` does not hide the code after it.
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let find = |from: usize, pat: &str| -> usize {
        let pat: Vec<char> = pat.chars().collect();
        (from..c.len())
            .find(|&j| c[j..].starts_with(&pat))
            .map_or(c.len(), |j| j + pat.len())
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        let next = |n: usize| c.get(i + n).copied().unwrap_or('\0');
        let hashes = c[i + 1..].iter().take_while(|&&h| h == '#').count();
        let after_ident = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
        let end = match (c[i], next(1)) {
            ('/', '/') => find(i, "\n"),
            ('/', '*') => find(i + 2, "*/"),
            // A raw string r#"…"# ends at a quote followed by as many hashes; `r#type` is a name.
            ('r', '"' | '#') if !after_ident && next(1 + hashes) == '"' => {
                find(i + 2 + hashes, &format!("\"{}", "#".repeat(hashes)))
            }
            ('"', _) => {
                let mut j = i + 1;
                while j < c.len() && c[j] != '"' {
                    j += if c[j] == '\\' { 2 } else { 1 };
                }
                (j + 1).min(c.len())
            }
            // A char literal ('"', '\''); a lifetime ('a) has no closing quote and is kept.
            ('\'', n) if n == '\\' || next(2) == '\'' => {
                find(i + if n == '\\' { 3 } else { 2 }, "'")
            }
            (ch, _) => {
                out.push(ch);
                i += 1;
                continue;
            }
        };
        out.extend(
            c[i..end]
                .iter()
                .map(|&ch| if ch == '\n' { '\n' } else { ' ' }),
        );
        i = end;
    }
    out
}

/// Drops every `#[cfg(test)]` item (usually `mod tests { … }`): tests may reach anywhere.
/// Returns the code left and the names of `#[cfg(test)] mod NAME;` files.
fn without_test_items(code: &str) -> (String, Vec<String>) {
    const ATTR: &str = "#[cfg(test)]";
    let (mut kept, mut test_mods, mut rest) = (String::new(), Vec::new(), code);
    while let Some(at) = rest.find(ATTR) {
        kept.push_str(&rest[..at]);
        // The item ends at the `}` closing its body, or at a `;` outside any brackets.
        let mut depth = 0;
        let end = rest[at + ATTR.len()..].char_indices().find_map(|(i, c)| {
            depth += match c {
                '(' | '[' | '{' => 1,
                ')' | ']' | '}' => -1,
                _ => 0,
            };
            (depth == 0 && (c == '}' || c == ';')).then_some(at + ATTR.len() + i + 1)
        });
        let end = end.unwrap_or(rest.len());
        let declared = rest[at..end]
            .split("mod ")
            .nth(1)
            .and_then(|s| s.strip_suffix(';'));
        test_mods.extend(declared.map(|name| name.trim().to_string()));
        rest = &rest[end..];
    }
    kept.push_str(rest);
    (kept, test_mods)
}

/// The first name of each `crate::` path in `code`: `crate::a::f()` gives `a`, and a group
/// `crate::{a, b::{c, d}}` gives `a` and `b`.
fn crate_paths(code: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        let s = s.trim_start();
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        // `my_crate::` is another path; `$crate::` in a macro is this crate.
        if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let after = code[at + "crate::".len()..].trim_start();
        let Some(group) = after.strip_prefix('{') else {
            found.push(ident(after));
            continue;
        };
        let (mut depth, mut item_start) = (0, true);
        for (i, c) in group.char_indices() {
            match c {
                '}' if depth == 0 => break,
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => item_start = true,
                c if item_start && !c.is_whitespace() => {
                    found.push(ident(&group[i..]));
                    item_start = false;
                }
                _ => {}
            }
        }
    }
    found
}

/// Which top-level module of `root` (`X.rs` or `X/`, not `main` or `lib`) imports which.
fn module_graph(root: &Path) -> Graph {
    let top = |path: &Path| -> String {
        let rel = path.strip_prefix(root).expect("under src/");
        let first = rel.components().next().expect("a file has a name");
        let first = first.as_os_str().to_string_lossy();
        first.strip_suffix(".rs").unwrap_or(&first).to_string()
    };
    let (mut files, mut test_files) = (Vec::new(), Vec::new());
    for path in rust_files(root) {
        let text = fs::read_to_string(&path).expect("source files are UTF-8");
        let (code, test_mods) = without_test_items(&code_only(&text));
        // `#[cfg(test)] mod NAME;` in a.rs or a/mod.rs: a/NAME.rs or a/NAME/ is test code.
        let dir = match path.file_stem().and_then(|s| s.to_str()) {
            Some("mod" | "lib" | "main") => path.parent().unwrap_or(root).to_path_buf(),
            _ => path.with_extension(""),
        };
        for name in test_mods {
            test_files.extend([dir.join(format!("{name}.rs")), dir.join(name)]);
        }
        files.push((path, code));
    }
    let tops = files.iter().map(|(path, _)| top(path));
    let modules: BTreeSet<String> = tops.filter(|m| m != "main" && m != "lib").collect();
    let mut graph = Graph::new();
    for (path, code) in &files {
        let from = top(path);
        if !modules.contains(&from) || test_files.iter().any(|t| path.starts_with(t)) {
            continue;
        }
        for to in crate_paths(code) {
            if to != from && modules.contains(&to) {
                let rel = path
                    .strip_prefix(root)
                    .expect("under src/")
                    .display()
                    .to_string();
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_default()
                    .insert(rel);
            }
        }
    }
    graph
}

/// Groups of two or more modules that each reach the others through some chain of imports
/// (strongly connected components), each sorted, in a stable order.
fn import_cycles(graph: &Graph) -> Vec<Vec<String>> {
    fn reach<'g>(graph: &'g Graph, start: &'g String) -> BTreeSet<&'g String> {
        let (mut seen, mut todo) = (BTreeSet::new(), vec![start]);
        while let Some(module) = todo.pop() {
            let next = graph.get(module).into_iter().flat_map(|edges| edges.keys());
            todo.extend(next.filter(|&m| seen.insert(m)));
        }
        seen
    }
    let reaches: BTreeMap<&String, BTreeSet<&String>> =
        graph.keys().map(|m| (m, reach(graph, m))).collect();
    // A module shares a group with each module it reaches that reaches it back; a graph of
    // forty modules is small enough to compute every module's reach outright.
    let mut groups = BTreeSet::new();
    for (module, reached) in &reaches {
        let back = |other: &&&String| reaches.get(*other).is_some_and(|r| r.contains(module));
        let group: Vec<String> = reached.iter().filter(back).map(|m| m.to_string()).collect();
        if group.len() > 1 {
            groups.insert(group);
        }
    }
    groups.into_iter().collect()
}

/// `.rs` files under `root` longer than `limit` lines, with their counts.
fn long_files(root: &Path, limit: usize) -> Vec<(String, usize)> {
    let count = |path: &Path| {
        fs::read_to_string(path)
            .expect("source is UTF-8")
            .lines()
            .count()
    };
    let rel = |path: &Path| {
        path.strip_prefix(root)
            .expect("under src/")
            .display()
            .to_string()
    };
    let counted = rust_files(root)
        .into_iter()
        .map(|path| (rel(&path), count(&path)));
    counted.filter(|&(_, lines)| lines > limit).collect()
}

#[test]
fn no_two_top_level_modules_of_src_import_each_other() {
    let graph = module_graph(&src());
    let cycles = import_cycles(&graph);
    let mut report = String::new();
    for group in &cycles {
        report += &format!(
            "\n  these modules import each other: {}\n",
            group.join(", ")
        );
        for from in group {
            for (to, files) in graph[from].iter().filter(|(to, _)| group.contains(to)) {
                let files: Vec<_> = files.iter().map(|f| format!("src/{f}")).collect();
                report += &format!("    {from} -> {to}  (in {})\n", files.join(", "));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "import cycles between top-level modules of src/ (issue #17):\n{report}\n\
         Break each circle: move what one side needs into the module that owns it or into a \
         module both can import, or pass it in as an argument."
    );
}

#[test]
fn no_source_file_under_src_is_over_800_lines() {
    let long = long_files(&src(), MAX_LINES);
    let list: Vec<_> = long
        .iter()
        .map(|(f, n)| format!("  src/{f}: {n} lines"))
        .collect();
    assert!(
        long.is_empty(),
        "source files over {MAX_LINES} lines (issue #17):\n{}\n\
         Split each into a folder of modules, one concern per file.",
        list.join("\n")
    );
}

/// A fake `src/` holding `files`, to show each check can fail.
fn fake_src(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("create dir");
        fs::write(path, text).expect("write fake source");
    }
    dir
}

#[test]
fn the_cycle_check_finds_modules_importing_each_other() {
    let dir = fake_src(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
        ("a.rs", "use crate::b::thing;\n"),
        ("b/mod.rs", "mod inner;\n"),
        ("b/inner.rs", "use crate::{c, a::{x, y}};\n"),
        ("c.rs", "pub fn g() {}\n"),
    ]);
    let graph = module_graph(dir.path());
    assert_eq!(import_cycles(&graph), [["a", "b"]]);
    assert!(graph["b"]["a"].contains(&format!("b{MAIN_SEPARATOR}inner.rs")));
}

#[test]
fn the_cycle_check_ignores_comments_strings_and_tests() {
    let b = "// crate::a\n/// crate::a\n/* crate::a */\nconst S: &str = \"crate::a\";\n\
             #[cfg(test)]\nmod tests {\n    use crate::a;\n}\n";
    let dir = fake_src(&[("a.rs", "use crate::b;\n"), ("b.rs", b)]);
    let graph = module_graph(dir.path());
    assert!(
        !graph.contains_key("b"),
        "b imports nothing, found {graph:?}"
    );
    assert!(import_cycles(&graph).is_empty());
}

#[test]
fn the_length_check_finds_a_long_file() {
    let dir = fake_src(&[
        ("short.rs", "fn f() {}\n"),
        ("long/x.rs", &"//\n".repeat(801)),
    ]);
    let long = long_files(dir.path(), MAX_LINES);
    assert_eq!(long, [(format!("long{MAIN_SEPARATOR}x.rs"), 801)]);
}
