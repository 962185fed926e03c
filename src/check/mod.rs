//! `diglot check`: completeness of every target language and the quality of
//! approved translations, as findings with a stable rule id, a severity and a
//! position. The CI gate.

use crate::l10n::{self, L10nError};
use crate::project::Project;
use crate::site;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found by `check`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// File the finding is about, relative to the project root.
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    /// Stable rule id (see README).
    pub rule: String,
    /// Target language, when the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Segment, unit or message id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub message: String,
    /// The text concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

/// The result of a check.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }

    fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }

    /// Sort findings by file, position, rule.
    pub fn sort(&mut self) {
        self.findings.sort();
        self.findings.dedup();
    }

    /// Human report grouped by file.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut by_file: BTreeMap<&Path, Vec<&Finding>> = BTreeMap::new();
        for f in &self.findings {
            by_file.entry(&f.path).or_default().push(f);
        }
        for (path, fs) in by_file {
            out.push_str(&format!("{}\n", path.display()));
            for f in fs {
                let sev = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let lang = f
                    .lang
                    .as_deref()
                    .map(|l| format!(" [{l}]"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "  {}:{}: {sev}[{}]{lang}: {}\n",
                    f.line, f.column, f.rule, f.message
                ));
                if let Some(s) = &f.snippet {
                    out.push_str(&format!("      | {s}\n"));
                }
            }
        }
        out.push_str(&format!(
            "{} error(s), {} warning(s)\n",
            self.errors(),
            self.warnings()
        ));
        out
    }

    /// GitHub Actions workflow commands: one `::error`/`::warning` line per
    /// finding, with file, line and column.
    pub fn to_github(&self) -> String {
        fn esc_data(s: &str) -> String {
            s.replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        }
        fn esc_prop(s: &str) -> String {
            esc_data(s).replace(':', "%3A").replace(',', "%2C")
        }
        let mut out = String::new();
        for f in &self.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let lang = f
                .lang
                .as_deref()
                .map(|l| format!(" [{l}]"))
                .unwrap_or_default();
            out.push_str(&format!(
                "::{level} file={},line={},col={},title={}::{}\n",
                esc_prop(&f.path.to_string_lossy()),
                f.line,
                f.column,
                esc_prop(&format!("diglot {}{lang}", f.rule)),
                esc_data(&f.message)
            ));
        }
        out
    }

    /// JUnit XML: a test suite per file, a test case per rule that found
    /// something, one failure per finding (errors) or a system-out line
    /// (warnings).
    pub fn to_junit(&self) -> String {
        let esc = crate::site::escape_html;
        let mut suites: BTreeMap<String, BTreeMap<String, Vec<&Finding>>> = BTreeMap::new();
        for f in &self.findings {
            suites
                .entry(f.path.to_string_lossy().to_string())
                .or_default()
                .entry(f.rule.clone())
                .or_default()
                .push(f);
        }
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!(
            "<testsuites name=\"diglot check\" tests=\"{}\" failures=\"{}\">\n",
            suites.values().map(|r| r.len()).sum::<usize>().max(1),
            self.errors()
        ));
        if suites.is_empty() {
            out.push_str("  <testsuite name=\"diglot check\" tests=\"1\" failures=\"0\">\n    <testcase name=\"all checks\" classname=\"diglot\"/>\n  </testsuite>\n");
        }
        for (file, rules) in &suites {
            let failures: usize = rules
                .values()
                .flatten()
                .filter(|f| f.severity == Severity::Error)
                .count();
            out.push_str(&format!(
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
                esc(file),
                rules.len(),
                failures
            ));
            for (rule, fs) in rules {
                out.push_str(&format!(
                    "    <testcase name=\"{}\" classname=\"{}\">\n",
                    esc(rule),
                    esc(file)
                ));
                for f in fs {
                    let text = format!("{}:{}:{}: {}", file, f.line, f.column, f.message);
                    match f.severity {
                        Severity::Error => out.push_str(&format!(
                            "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                            esc(&f.message),
                            esc(rule),
                            esc(&text)
                        )),
                        Severity::Warning => out.push_str(&format!(
                            "      <system-out>warning: {}</system-out>\n",
                            esc(&text)
                        )),
                    }
                }
                out.push_str("    </testcase>\n");
            }
            out.push_str("  </testsuite>\n");
        }
        out.push_str("</testsuites>\n");
        out
    }

    /// JSON report (schema in README).
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Summary {
            errors: usize,
            warnings: usize,
        }
        #[derive(Serialize)]
        struct Json<'a> {
            version: u32,
            summary: Summary,
            findings: &'a [Finding],
        }
        let j = Json {
            version: 1,
            summary: Summary {
                errors: self.errors(),
                warnings: self.warnings(),
            },
            findings: &self.findings,
        };
        serde_json::to_string_pretty(&j).expect("report serialises") + "\n"
    }
}

fn finding(
    path: &Path,
    line: usize,
    column: usize,
    severity: Severity,
    rule: &str,
    message: String,
) -> Finding {
    Finding {
        path: path.to_path_buf(),
        line,
        column,
        severity,
        rule: rule.to_string(),
        lang: None,
        id: None,
        message,
        snippet: None,
    }
}

/// Run every check on a project.
pub fn run(project: &Project) -> Report {
    let mut report = Report::default();
    let source_lang = project.config.source_language.clone();
    let keys_in_use: BTreeSet<&str> = project
        .segments
        .iter()
        .flatten()
        .map(|s| s.key.as_str())
        .collect();

    // Fluent: syntax errors and duplicates in every language, then missing
    // and obsolete messages against the source language.
    let mut ids: BTreeMap<String, BTreeMap<String, (PathBuf, usize)>> = BTreeMap::new();
    for lang in project.config.languages() {
        let files = match project.locale_files(&lang) {
            Ok(f) => f,
            Err(e) => {
                let path = match &e {
                    L10nError::Io { path, .. } => project.rel(path).to_path_buf(),
                    _ => PathBuf::new(),
                };
                let mut f = finding(&path, 1, 1, Severity::Error, "fluent-io", e.to_string());
                f.lang = Some(lang.clone());
                report.push(f);
                continue;
            }
        };
        if let Err(errors) = l10n::Bundle::new(&lang, &files) {
            for e in errors {
                let f = match e {
                    L10nError::Syntax {
                        path,
                        line,
                        column,
                        message,
                    } => {
                        let snippet = files
                            .iter()
                            .find(|f| f.path == path)
                            .and_then(|f| f.source.lines().nth(line - 1).map(|l| l.to_string()));
                        let mut f = finding(
                            project.rel(&path),
                            line,
                            column,
                            Severity::Error,
                            "fluent-syntax",
                            message,
                        );
                        f.snippet = snippet;
                        f
                    }
                    L10nError::Duplicate { path, id, .. } => {
                        let mut f = finding(
                            project.rel(&path),
                            1,
                            1,
                            Severity::Error,
                            "fluent-duplicate",
                            format!("message `{id}` is defined more than once"),
                        );
                        f.id = Some(id);
                        f
                    }
                    other => finding(
                        Path::new(""),
                        1,
                        1,
                        Severity::Error,
                        "fluent",
                        other.to_string(),
                    ),
                };
                let mut f = f;
                f.lang = Some(lang.clone());
                report.push(f);
            }
        }
        let m = ids.entry(lang.clone()).or_default();
        for file in &files {
            for (i, line) in file.source.lines().enumerate() {
                if let Some((id, _)) = line.split_once('=') {
                    let id = id.trim();
                    let first = line.chars().next().unwrap_or(' ');
                    if (first.is_ascii_alphabetic() || first == '-')
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        m.entry(id.to_string())
                            .or_insert((project.rel(&file.path).to_path_buf(), i + 1));
                    }
                }
            }
        }
    }
    let source_ids = ids.get(&source_lang).cloned().unwrap_or_default();
    for lang in &project.config.target_languages {
        let target_ids = ids.get(lang).cloned().unwrap_or_default();
        let target_file = project.path(&project.config.locales_dir).join(lang);
        for (id, (path, line)) in &source_ids {
            if !target_ids.contains_key(id) {
                let mut f = finding(
                    project.rel(&target_file),
                    1,
                    1,
                    Severity::Error,
                    "fluent-missing",
                    format!(
                        "message `{id}` is missing (defined in {}:{line})",
                        path.display()
                    ),
                );
                f.lang = Some(lang.clone());
                f.id = Some(id.clone());
                report.push(f);
            }
        }
        for (id, (path, line)) in &target_ids {
            if !source_ids.contains_key(id) {
                let mut f = finding(
                    path,
                    *line,
                    1,
                    Severity::Warning,
                    "fluent-obsolete",
                    format!("message `{id}` is not in the {source_lang} messages"),
                );
                f.lang = Some(lang.clone());
                f.id = Some(id.clone());
                report.push(f);
            }
        }

        // Statements: segments without an approved translation.
        let mem = match project.memory(lang) {
            Ok(m) => m,
            Err(e) => {
                let mut f = finding(
                    project.rel(&crate::tm::memory_path(&project.memory_dir(), lang)),
                    1,
                    1,
                    Severity::Error,
                    "tm-invalid",
                    e.to_string(),
                );
                f.lang = Some(lang.clone());
                report.push(f);
                continue;
            }
        };
        let mut stale_units: BTreeSet<String> = BTreeSet::new();
        for (st, segs) in project.statements.iter().zip(&project.segments) {
            for s in segs {
                if mem
                    .lookup_exact(&s.key, s.prev.as_deref(), s.next.as_deref(), true)
                    .is_none()
                {
                    let unreviewed = mem
                        .lookup_exact(&s.key, s.prev.as_deref(), s.next.as_deref(), false)
                        .is_some();
                    // A unit translated for this statement at this place whose
                    // source is no longer used: the sentence was edited.
                    let stale = mem.units().iter().find(|u| {
                        u.statement.as_deref() == Some(st.slug.as_str())
                            && !keys_in_use.contains(u.key().as_str())
                            && ((u.prev.is_some() && u.prev == s.prev)
                                || (u.next.is_some() && u.next == s.next))
                    });
                    let (rule, message) = match (stale, unreviewed) {
                        (Some(u), false) => {
                            stale_units.insert(u.id.clone());
                            (
                                "stale-translation",
                                format!(
                                    "segment {} changed since it was translated (unit {} translated “{}”); its translation needs updating",
                                    s.id,
                                    u.id,
                                    site::plain(&u.source)
                                ),
                            )
                        }
                        (_, true) => (
                            "missing-translation",
                            format!(
                                "segment {} has a translation awaiting review, none approved",
                                s.id
                            ),
                        ),
                        (None, false) => (
                            "missing-translation",
                            format!("segment {} has no approved translation", s.id),
                        ),
                    };
                    let mut f = finding(
                        project.rel(&st.path),
                        s.span.line,
                        s.span.column,
                        Severity::Error,
                        rule,
                        message,
                    );
                    f.lang = Some(lang.clone());
                    f.id = Some(s.id.clone());
                    f.snippet = Some(site::plain(&s.source));
                    report.push(f);
                }
            }
        }
        // Memory: units no statement uses.
        let mem_path = project.rel(&mem.path).to_path_buf();
        for u in mem.units() {
            if !keys_in_use.contains(u.key().as_str()) && !stale_units.contains(&u.id) {
                let mut f = finding(
                    &mem_path,
                    u.line.max(1),
                    1,
                    Severity::Warning,
                    "obsolete-unit",
                    format!("unit {} is not used by any statement", u.id),
                );
                f.lang = Some(lang.clone());
                f.id = Some(u.id.clone());
                f.snippet = Some(site::plain(&u.source));
                report.push(f);
            }
        }
    }
    report.sort();
    report
}
