//! Problems found in a site, collected rather than stopping at the first, and rendered
//! rustc-style (path:line:col, the offending line with a caret, the fix) for editors.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file (or in the site as a whole when `file` is `None`).
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the editor sees it, relative to the site root.
    pub file: Option<PathBuf>,
    /// Byte range inside the file the problem points at.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// Short text under the caret.
    pub label: Option<String>,
    /// How to fix it, in plain words.
    pub help: Option<String>,
    /// Further problems found in the same file at the same time (every front-matter
    /// mistake, not just the first); [`Diagnostics::push`] records them one by one.
    #[serde(skip)]
    pub also: Vec<Diagnostic>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            span: None,
            line: None,
            column: None,
            message: message.into(),
            label: None,
            help: None,
            also: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Points at a byte range of `text`, the whole file the diagnostic is in.
    pub fn at(mut self, text: &str, span: Range<usize>) -> Self {
        let start = span.start.min(text.len());
        let (line, column) = line_col(text, start);
        self.line = Some(line);
        self.column = Some(column);
        self.span = Some(start..span.end.clamp(start, text.len()));
        self
    }

    /// Points at a 1-based line and column of `text`.
    pub fn at_line_col(self, text: &str, line: usize, column: usize, len: usize) -> Self {
        let start = offset_of(text, line, column);
        let end = (start + len.max(1)).min(line_end(text, start));
        self.at(text, start..end.max(start))
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` for the one-line summary form.
    pub fn location(&self) -> String {
        match (&self.file, self.line, self.column) {
            (Some(f), Some(l), Some(c)) => format!("{}:{l}:{c}", f.display()),
            (Some(f), _, _) => f.display().to_string(),
            _ => "site".to_string(),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and column (in characters); clamps to the text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let end = line_end(text, start);
    text[start..end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(end, |(i, _)| start + i)
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |i| from + i)
}

/// A thread-safe bag of diagnostics plus the file texts they point into.
#[derive(Default)]
pub struct Diagnostics {
    inner: Mutex<Collected>,
}

#[derive(Default)]
struct Collected {
    items: Vec<Diagnostic>,
    sources: BTreeMap<PathBuf, String>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a diagnostic; `source` is the text of the file it points into, kept so the
    /// offending line can be shown.
    pub fn push(&self, mut diagnostic: Diagnostic, source: Option<&str>) {
        for mut more in std::mem::take(&mut diagnostic.also) {
            if more.file.is_none() {
                more.file.clone_from(&diagnostic.file);
            }
            self.push(more, source);
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let (Some(file), Some(text)) = (&diagnostic.file, source) {
            inner
                .sources
                .entry(file.clone())
                .or_insert_with(|| text.to_string());
        }
        inner.items.push(diagnostic);
    }

    pub fn extend(&self, other: Diagnostics) {
        let other = other.inner.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.items.extend(other.items);
        for (k, v) in other.sources {
            inner.sources.entry(k).or_insert(v);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.with_items(|items| items.iter().any(Diagnostic::is_error))
    }

    pub fn counts(&self) -> (usize, usize) {
        self.with_items(|items| {
            let errors = items.iter().filter(|d| d.is_error()).count();
            (errors, items.len() - errors)
        })
    }

    fn with_items<R>(&self, f: impl FnOnce(&[Diagnostic]) -> R) -> R {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        f(&inner.items)
    }

    /// The diagnostics in a stable order: by file, then position, then message.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.with_items(|items| items.to_vec());
        items.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        items.dedup_by(|a, b| {
            a.file == b.file && a.line == b.line && a.column == b.column && a.message == b.message
        });
        items
    }

    /// Human form: every diagnostic with its snippet.
    pub fn render_human(&self) -> String {
        self.render_human_limited(usize::MAX)
    }

    /// Human form with every error but only the first `warnings` warnings in full; the
    /// rest are counted by kind. A large site can have tens of thousands of warnings (stale
    /// review dates, jargon), and drawing each with its snippet cost more than the build.
    pub fn render_human_limited(&self, warnings: usize) -> String {
        let sources = {
            let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            inner.sources.clone()
        };
        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        for (path, text) in &sources {
            ids.insert(
                path.clone(),
                files.add(path.display().to_string(), text.as_str()),
            );
        }
        let config = term::Config::default();
        let mut out = String::new();
        let mut shown = 0;
        let mut rest: BTreeMap<String, usize> = BTreeMap::new();
        for d in self.sorted() {
            if d.is_error() || shown < warnings {
                shown += usize::from(!d.is_error());
                out.push_str(&render_one(&d, &files, &ids, &config));
            } else {
                *rest.entry(kind_of(&d.message)).or_default() += 1;
            }
        }
        if !rest.is_empty() {
            let hidden: usize = rest.values().sum();
            out.push_str(&format!(
                "note: {hidden} more warning(s) not shown (run with --all to see each):\n"
            ));
            let mut kinds: Vec<(String, usize)> = rest.into_iter().collect();
            kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            for (kind, n) in kinds {
                out.push_str(&format!("  {n:>7} × {kind}\n"));
            }
        }
        out
    }

    pub fn render_json(&self) -> String {
        serde_json::to_string_pretty(&self.sorted()).unwrap_or_else(|_| "[]".to_string())
    }
}

fn render_one(
    d: &Diagnostic,
    files: &SimpleFiles<String, &str>,
    ids: &BTreeMap<PathBuf, usize>,
    config: &term::Config,
) -> String {
    let severity = match d.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
    };
    let mut report = Report::new(severity).with_message(&d.message);
    let file_id = d.file.as_ref().and_then(|f| ids.get(f));
    if let (Some(&id), Some(span)) = (file_id, &d.span) {
        report = report.with_labels(vec![
            Label::primary(id, span.clone()).with_message(d.label.clone().unwrap_or_default()),
        ]);
    }
    let mut notes = Vec::new();
    if file_id.is_none() || d.span.is_none() {
        notes.push(format!("in {}", d.location()));
    }
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    report = report.with_notes(notes);
    match term::emit_into_string(config, files, &report) {
        Ok(s) => s,
        Err(_) => format!("{}: {}\n", d.location(), d.message),
    }
}

/// What kind of problem a message is, for counting: the message with the parts that
/// differ between pages (quoted words, numbers, dates) replaced by `…`, so "grade 11.2 is
/// above 9" and "grade 12.0 is above 9" count as one kind.
fn kind_of(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        let close = match c {
            '`' => Some('`'),
            '"' => Some('"'),
            '“' => Some('”'),
            '\'' | '‘' if out.is_empty() || out.ends_with(' ') => {
                Some(if c == '‘' { '’' } else { '\'' })
            }
            _ => None,
        };
        if let Some(close) = close {
            for d in chars.by_ref() {
                if d == close {
                    break;
                }
            }
            out.push('…');
        } else if c.is_ascii_digit() {
            while chars
                .peek()
                .is_some_and(|d| d.is_ascii_digit() || matches!(d, '.' | '-' | ',' | ':'))
            {
                chars.next();
            }
            out.push('…');
        } else {
            out.push(c);
        }
    }
    out
}

/// Turns a path under the site root into the form shown to editors.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_round_trip() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 4), (2, 2));
        assert_eq!(offset_of(text, 2, 3), 5);
        assert_eq!(offset_of(text, 3, 1), text.len() - 1);
    }

    #[test]
    fn human_render_names_file_line_and_help() {
        let text = "---\nvisting_times: x\n---\n";
        let d = Diagnostic::error("unknown field `visting_times`")
            .in_file("content/p.md")
            .at_line_col(text, 2, 1, 13)
            .label("unknown field")
            .help("did you mean `visiting_times`?");
        let all = Diagnostics::new();
        all.push(d, Some(text));
        let out = all.render_human();
        assert!(out.contains("content/p.md:2:1"), "{out}");
        assert!(out.contains("visting_times: x"), "{out}");
        assert!(out.contains("did you mean `visiting_times`?"), "{out}");
    }

    #[test]
    fn past_the_limit_warnings_are_counted_by_kind_and_errors_always_shown() {
        let all = Diagnostics::new();
        for (file, grade) in [("a", "11.2"), ("b", "12.0"), ("c", "13.5")] {
            all.push(
                Diagnostic::warning(format!("reading grade {grade} is above the target 9"))
                    .in_file(format!("content/{file}.md")),
                None,
            );
        }
        all.push(
            Diagnostic::warning("`VO` may not be understood").in_file("content/d.md"),
            None,
        );
        all.push(
            Diagnostic::error("broken link").in_file("content/z.md"),
            None,
        );
        let out = all.render_human_limited(1);
        assert!(out.contains("content/a.md"), "{out}");
        assert!(!out.contains("content/b.md"), "{out}");
        assert!(
            out.contains("content/z.md"),
            "the error is shown in full: {out}"
        );
        assert!(out.contains("3 more warning(s) not shown"), "{out}");
        assert!(
            out.contains("2 × reading grade … is above the target …"),
            "{out}"
        );
        assert!(out.contains("1 × … may not be understood"), "{out}");
        assert_eq!(all.render_human_limited(usize::MAX), all.render_human());
        assert!(all.render_human().contains("content/c.md"));
    }
}
