//! Turns a generated familyties corpus (`examples/corpus.rs`) into an equivalent Hugo
//! site, for `benches/compare.sh`: the same Markdown bodies, the front matter kept as YAML
//! with the few changes Hugo needs, and a minimal layout (a base, a single page with
//! the title, a visiting-times table from the front matter and the content, and a list).
//! Links to `.md` files are resolved by a link render hook with `GetPage`, as familyties
//! resolves them, and a link to a missing page fails the Hugo build.
//!
//! ```text
//! cargo run --release --example hugo_site -- /dev/shm/corpus-1000 /dev/shm/hugo-1000
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const CONFIG: &str = r#"baseURL = "https://familyties.example.org/"
languageCode = "en-gb"
title = "Family Ties (benchmark corpus)"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = false
[markup.highlight]
noClasses = false
"#;

const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#;

const SINGLE: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.visiting_times.sessions }}
<table class="times"><thead><tr><th scope="col">Day</th><th scope="col">Time</th><th scope="col">Type</th></tr></thead>
<tbody>{{ range . }}<tr><th scope="row">{{ delimit .days ", " }}</th><td>{{ .start }} to {{ .end }}</td><td>{{ .kind }}{{ with .notes }}<br><span class="note">{{ . }}</span>{{ end }}</td></tr>{{ end }}</tbody>
</table>
{{ end }}
{{ .Content }}
{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
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

fn convert(from: &Path, rel: &str, to: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(from).map_err(|e| format!("{}: {e}", from.display()))?;
    let split = familyties::frontmatter::split(&text)
        .map_err(|d| format!("{}: {}", from.display(), d.message))?;
    let mut meta: serde_yaml::Mapping = serde_yaml::from_str(&text[split.yaml.clone()])
        .map_err(|e| format!("{}: {e}", from.display()))?;
    let key = |k: &str| serde_yaml::Value::String(k.to_string());
    // Hugo needs a title; prisons have a name and glossary entries a term.
    for source in ["name", "term"] {
        if !meta.contains_key(key("title"))
            && let Some(v) = meta.get(key(source)).cloned()
        {
            meta.insert(key("title"), v);
        }
    }
    // `kind` means something to Hugo.
    if let Some(v) = meta.remove(key("kind")) {
        meta.insert(key("page_kind"), v);
    }
    let yaml = serde_yaml::to_string(&meta).map_err(|e| e.to_string())?;
    // Hugo's home page is content/_index.md.
    let rel = if rel == "index.md" { "_index.md" } else { rel };
    let target = to.join("content").join(rel);
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let out = format!("---\n{yaml}---\n{}", &text[split.body]);
    std::fs::write(&target, out).map_err(|e| format!("{}: {e}", target.display()))
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
        std::fs::remove_dir_all(out).map_err(|e| e.to_string())?;
    }
    let write = |rel: &str, text: &str| -> Result<(), String> {
        let p = out.join(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).map_err(|e| e.to_string())?;
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))
    };
    write("config.toml", CONFIG)?;
    write("layouts/_default/baseof.html", BASEOF)?;
    write("layouts/_default/single.html", SINGLE)?;
    write("layouts/_default/list.html", LIST)?;
    write("layouts/_default/_markup/render-link.html", RENDER_LINK)?;
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, out] = args.as_slice() else {
        eprintln!("usage: hugo_site CORPUS_DIR HUGO_SITE_DIR");
        return ExitCode::from(2);
    };
    match run(Path::new(corpus), Path::new(out)) {
        Ok(n) => {
            println!("wrote a Hugo site with {n} content files into {out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
