//! `diglot check`: completeness of every target language and the quality of
//! approved translations, as findings with a stable rule id, a severity and a
//! position. The CI gate.

use crate::l10n::{self, L10nError};
use crate::project::{Corpus, Project};
use crate::qa::{QaConfig, Termbase};
use crate::site;
use crate::tm::{Approval, TmUnit};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use crate::model::Severity;

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
                let at = match (f.line, f.column) {
                    (0, _) => String::new(),
                    (l, c) => format!("{l}:{c}: "),
                };
                out.push_str(&format!("  {at}{sev}[{}]{lang}: {}\n", f.rule, f.message));
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
            // A finding about a whole file (line 0) is annotated on the file.
            let at = match (f.line, f.column) {
                (0, _) => String::new(),
                (l, 0) => format!(",line={l}"),
                (l, c) => format!(",line={l},col={c}"),
            };
            out.push_str(&format!(
                "::{level} file={}{at},title={}::{}\n",
                esc_prop(&f.path.to_string_lossy()),
                esc_prop(&format!("diglot {}{lang}", f.rule)),
                esc_data(&f.message)
            ));
        }
        out
    }

    /// JUnit XML: a test suite per file, a test case per finding (named
    /// by its rule id, class name the file); an error is a
    /// `<failure>`, a warning passes with its text in `<system-out>`. A clean
    /// report is one passing test case.
    pub fn to_junit(&self) -> String {
        let esc = crate::xliff::escape_xml;
        let mut suites: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
        for f in &self.findings {
            suites
                .entry(f.path.to_string_lossy().into_owned())
                .or_default()
                .push(f);
        }
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!(
            "<testsuites name=\"diglot check\" tests=\"{}\" failures=\"{}\">\n",
            self.findings.len().max(1),
            self.errors()
        ));
        if suites.is_empty() {
            out.push_str("  <testsuite name=\"diglot check\" tests=\"1\" failures=\"0\">\n    <testcase name=\"all checks\" classname=\"diglot\"/>\n  </testsuite>\n");
        }
        for (file, fs) in &suites {
            let failures = fs.iter().filter(|f| f.severity == Severity::Error).count();
            out.push_str(&format!(
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
                esc(file),
                fs.len(),
                failures
            ));
            for f in fs {
                let lang = f
                    .lang
                    .as_deref()
                    .map(|l| format!(" [{l}]"))
                    .unwrap_or_default();
                let at = if f.line == 0 {
                    file.clone()
                } else {
                    format!("{file}:{}:{}", f.line, f.column)
                };
                out.push_str(&format!(
                    "    <testcase name=\"{}\" classname=\"{}\">\n",
                    esc(&f.rule),
                    esc(file)
                ));
                let text = match &f.snippet {
                    Some(s) => format!("{at}:{lang} {}\n| {s}", f.message),
                    None => format!("{at}:{lang} {}", f.message),
                };
                match f.severity {
                    Severity::Error => out.push_str(&format!(
                        "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                        esc(&f.message),
                        esc(&f.rule),
                        esc(&text)
                    )),
                    Severity::Warning => out.push_str(&format!(
                        "      <system-out>warning: {}</system-out>\n",
                        esc(&text)
                    )),
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
        self.to_json_with_fixes(&[])
    }

    /// [`to_json`](Self::to_json), with the changes `--fix` made (a `fixes`
    /// array, present only when there are some).
    pub fn to_json_with_fixes(&self, fixes: &[Fix]) -> String {
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
            #[serde(skip_serializing_if = "<[Fix]>::is_empty")]
            fixes: &'a [Fix],
        }
        let j = Json {
            version: 1,
            summary: Summary {
                errors: self.errors(),
                warnings: self.warnings(),
            },
            findings: &self.findings,
            fixes,
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

/// What stops a check (exit 2): a file that exists but cannot be read, or
/// a failed `--fix` write. A missing folder, a file that is not UTF-8 or not
/// well-formed are findings instead.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Tm(#[from] crate::tm::TmError),
    #[error(transparent)]
    L10n(#[from] L10nError),
}

/// Whether an I/O error is about the content or absence of a file (a
/// finding) rather than the ability to read it (an error of the run).
fn is_content_problem(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::NotFound | std::io::ErrorKind::InvalidData
    )
}

/// Options of a check.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Apply the safe fixes (typography, spaces) to the memories.
    pub fix: bool,
}

/// A change made by `check --fix`.
#[derive(Debug, Clone, Serialize)]
pub struct Fix {
    pub path: PathBuf,
    pub line: usize,
    pub unit: String,
    pub rule: String,
    pub replaced: String,
    pub replacement: String,
    pub message: String,
}

fn lint_finding(
    project: &Project,
    lang: &str,
    f: l10n::lint::LintFinding,
    qa: &QaConfig,
) -> Option<Finding> {
    let severity = match qa.rules.get(f.rule) {
        Some(level) => level.severity()?,
        None => f.severity,
    };
    Some(Finding {
        path: project.rel(&f.path).to_path_buf(),
        line: f.line,
        column: f.column,
        severity,
        rule: f.rule.to_string(),
        lang: Some(lang.to_string()),
        id: f.id,
        message: f.message,
        snippet: Some(f.snippet).filter(|s| !s.is_empty()),
    })
}

/// Fluent: every file of the source language against the file of the same
/// name in each target language (a missing file means every message is
/// missing), plus syntax and duplicate checks of target-only files.
fn check_fluent(project: &Project, qa: &QaConfig, report: &mut Report) -> Result<(), CheckError> {
    let source_lang = &project.config.source_language;
    let read = |lang: &str| -> Result<Vec<l10n::FtlFile>, L10nError> { project.locale_files(lang) };
    let source_files = match read(source_lang) {
        Ok(f) => f,
        Err(e) => {
            report.push(io_finding(project, source_lang, e)?);
            return Ok(());
        }
    };
    // Reference cycles span the files of a language (one bundle, as in
    // `build`); those found inside one file are also reported by the
    // per-file lint, so they are added here only when new.
    let cycles = |lang: &str, files: &[l10n::FtlFile], report: &mut Report| {
        let ftls: Vec<l10n::lint::Ftl> = files
            .iter()
            .map(|f| l10n::lint::Ftl {
                path: project.rel(&f.path),
                text: &f.source,
            })
            .collect();
        for f in l10n::lint::reference_cycles(&ftls) {
            if let Some(f) = lint_finding(project, lang, f, qa) {
                let known = report.findings.iter().any(|x| {
                    x.rule == f.rule && x.path == f.path && x.line == f.line && x.column == f.column
                });
                if !known {
                    report.push(f);
                }
            }
        }
    };
    cycles(source_lang, &source_files, report);
    for lang in &project.config.target_languages {
        let target_files = match read(lang) {
            Ok(f) => f,
            Err(e) => {
                report.push(io_finding(project, lang, e)?);
                continue;
            }
        };
        let dir = project.path(&project.config.locales_dir).join(lang);
        // Each file pair is linted on its own, in parallel.
        let pairs: Vec<Vec<Finding>> = source_files
            .par_iter()
            .map(|sf| {
                let name = sf.path.file_name().unwrap_or_default();
                let tpath = dir.join(name);
                let ttext = target_files
                    .iter()
                    .find(|t| t.path == tpath)
                    .map(|t| t.source.as_str())
                    .unwrap_or("");
                // Paths relative to the project root, so that messages naming
                // the reference file read like the finding's own path.
                let spath = project.rel(&sf.path);
                let findings = l10n::lint::lint_pair(
                    l10n::lint::Ftl {
                        path: spath,
                        text: &sf.source,
                    },
                    l10n::lint::Ftl {
                        path: project.rel(&tpath),
                        text: ttext,
                    },
                    lang,
                );
                findings
                    .into_iter()
                    .filter_map(|f| {
                        // Source-file problems are reported once, with the
                        // source language.
                        let flang = if f.path == spath { source_lang } else { lang };
                        if flang == source_lang && lang != &project.config.target_languages[0] {
                            return None;
                        }
                        lint_finding(project, flang, f, qa)
                    })
                    .collect()
            })
            .collect();
        report.findings.extend(pairs.into_iter().flatten());
        for tf in &target_files {
            let name = tf.path.file_name().unwrap_or_default();
            if !source_files
                .iter()
                .any(|s| s.path.file_name() == Some(name))
            {
                let mut fs = l10n::lint::lint_file(l10n::lint::Ftl {
                    path: &tf.path,
                    text: &tf.source,
                });
                fs.push(l10n::lint::LintFinding {
                    rule: "fluent-obsolete",
                    severity: Severity::Warning,
                    path: tf.path.clone(),
                    line: 0,
                    column: 0,
                    message: format!(
                        "no {source_lang} file of this name: every message in it is obsolete"
                    ),
                    snippet: String::new(),
                    id: None,
                });
                for f in fs {
                    if let Some(f) = lint_finding(project, lang, f, qa) {
                        report.push(f);
                    }
                }
            }
        }
        cycles(lang, &target_files, report);
    }
    Ok(())
}

/// A locale folder or file that cannot be read: a finding when it is
/// missing or not UTF-8, an error of the run otherwise.
fn io_finding(project: &Project, lang: &str, e: L10nError) -> Result<Finding, CheckError> {
    let path = match &e {
        L10nError::Io { path, source } if is_content_problem(source) => {
            project.rel(path).to_path_buf()
        }
        L10nError::Io { .. } => return Err(e.into()),
        _ => PathBuf::new(),
    };
    let mut f = finding(&path, 1, 1, Severity::Error, "fluent-io", e.to_string());
    f.lang = Some(lang.to_string());
    Ok(f)
}

/// The project's QA configuration and termbase (`qa.termbase`, or
/// `corpus/termbase.tsv` when it exists).
fn qa_setup(project: &Project, report: &mut Report) -> (QaConfig, Option<Termbase>) {
    let qa = project.config.qa.clone();
    let tb_path =
        qa.termbase.clone().map(|p| project.path(&p)).or_else(|| {
            Some(project.path(Path::new("corpus/termbase.tsv"))).filter(|p| p.is_file())
        });
    let termbase = tb_path.and_then(|p| match Termbase::load(&p) {
        Ok(t) => Some(t),
        Err(e) => {
            report.push(finding(
                project.rel(&p),
                1,
                1,
                Severity::Error,
                "termbase",
                e.to_string(),
            ));
            None
        }
    });
    (qa, termbase)
}

/// Run every check on a project; with `opts.fix`, apply the safe fixes to the
/// memories first (atomically) and report each change.
pub fn run_with(
    project: &Project,
    corpus: &Corpus,
    opts: &Options,
) -> Result<(Report, Vec<Fix>), CheckError> {
    let mut report = Report::default();
    let mut fixes = Vec::new();
    let source_lang = project.config.source_language.clone();
    let keys_in_use: BTreeSet<&str> = corpus
        .segments
        .iter()
        .flatten()
        .map(|s| s.key.as_str())
        .collect();
    let (qa, termbase) = qa_setup(project, &mut report);
    check_fluent(project, &qa, &mut report)?;

    for lang in &project.config.target_languages {
        let mut mem = match project.memory(lang) {
            Ok(m) => m,
            Err(e) => {
                use crate::tm::TmError;
                use crate::xliff::XliffError;
                // The position of the problem, and the message without the
                // path and position the finding already carries.
                let (line, column, message) = match &e {
                    TmError::Xliff(XliffError::Syntax {
                        line,
                        column,
                        message,
                        ..
                    }) => (*line, *column, message.clone()),
                    TmError::Unit {
                        line, id, message, ..
                    } => (*line, 1, format!("unit `{id}`: {message}")),
                    TmError::Xliff(XliffError::Io { source, .. })
                        if !is_content_problem(source) =>
                    {
                        return Err(e.into())
                    }
                    other => (1, 1, other.to_string()),
                };
                let mut f = finding(
                    project.rel(&crate::tm::memory_path(&project.memory_dir(), lang)),
                    line.max(1),
                    column.max(1),
                    Severity::Error,
                    "tm-invalid",
                    message,
                );
                f.lang = Some(lang.clone());
                report.push(f);
                continue;
            }
        };
        let mem_path = project.rel(&mem.path).to_path_buf();
        if opts.fix {
            let mut changed = false;
            let units: Vec<TmUnit> = mem.units().to_vec();
            for u in units
                .into_iter()
                .filter(|u| u.approval == Approval::Approved)
            {
                let (fixed, changes) = crate::qa::safe_fixes(&u.source, &u.target, lang, &qa);
                if changes.is_empty() || fixed == u.target {
                    continue;
                }
                for c in changes {
                    fixes.push(Fix {
                        path: mem_path.clone(),
                        line: u.line,
                        unit: u.id.clone(),
                        rule: c.rule.to_string(),
                        replaced: c.replaced,
                        replacement: c.replacement,
                        message: c.message,
                    });
                }
                let mut nu = u.clone();
                nu.target = fixed;
                mem.upsert(nu);
                changed = true;
            }
            if changed {
                mem.save()?;
                mem = project.memory(lang)?;
            }
        }

        // Units no statement uses, by the statement they were translated
        // for: where an edited sentence's old translation is looked for.
        let mut unused_by_statement: HashMap<&str, Vec<&TmUnit>> = HashMap::new();
        for u in mem.units() {
            if let Some(slug) = u.statement.as_deref() {
                if !keys_in_use.contains(u.key().as_str()) {
                    unused_by_statement.entry(slug).or_default().push(u);
                }
            }
        }
        let mut stale_units: BTreeSet<String> = BTreeSet::new();
        let mut checked: BTreeSet<&str> = BTreeSet::new();
        // Approved translations to run the QA rules on, once per unit.
        let mut to_check = Vec::new();
        for (st, segs) in corpus.statements.iter().zip(&corpus.segments) {
            for s in segs {
                match mem.lookup_exact(&s.key, s.prev.as_deref(), s.next.as_deref(), true) {
                    Some((u, _)) => {
                        if checked.insert(u.id.as_str()) {
                            to_check.push((st, s, u));
                        }
                    }
                    None => {
                        let unreviewed = mem
                            .lookup_exact(&s.key, s.prev.as_deref(), s.next.as_deref(), false)
                            .is_some();
                        // A unit translated for this statement at this place whose
                        // source is no longer used: the sentence was edited.
                        let stale = unused_by_statement
                            .get(st.slug.as_str())
                            .into_iter()
                            .flatten()
                            .find(|u| {
                                (u.prev.is_some() && u.prev == s.prev)
                                    || (u.next.is_some() && u.next == s.next)
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
        }
        // The QA rules, in parallel over the units.
        let mem_path_ref = mem_path.as_path();
        let qa_findings: Vec<Finding> = to_check
            .par_iter()
            .flat_map_iter(|(st, s, u)| {
                let target = crate::tm::adapt::stored_target(u, &s.source);
                let found = crate::qa::check(
                    &s.source,
                    &target,
                    &source_lang,
                    lang,
                    termbase.as_ref(),
                    &qa,
                );
                found.into_iter().map(move |q| {
                    let mut f = finding(
                        mem_path_ref,
                        u.line.max(1),
                        1,
                        q.severity,
                        q.rule,
                        format!(
                            "unit {} ({}:{}): {}",
                            u.id,
                            project.rel(&st.path).display(),
                            s.span.line,
                            q.message
                        ),
                    );
                    f.lang = Some(lang.clone());
                    f.id = Some(u.id.clone());
                    // Codes shown as in the messages: `{1}trois{/1}`.
                    f.snippet = Some(u.target.display());
                    f
                })
            })
            .collect();
        report.findings.extend(qa_findings);
        // One source, several approved targets.
        let approved: Vec<&TmUnit> = mem
            .units()
            .iter()
            .filter(|u| u.approval == Approval::Approved)
            .collect();
        for inc in crate::qa::inconsistencies(approved.iter().map(|u| (&u.source, &u.target)), &qa)
        {
            let first = approved[inc.pairs[0]];
            let mut f = finding(
                &mem_path,
                first.line.max(1),
                1,
                inc.finding.severity,
                inc.finding.rule,
                inc.finding.message.clone(),
            );
            f.lang = Some(lang.clone());
            f.id = Some(first.id.clone());
            f.snippet = Some(inc.source.clone());
            report.push(f);
        }
        // Memory: units no statement uses.
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
    Ok((report, fixes))
}

/// Run every check on a project without changing anything.
pub fn run(project: &Project, corpus: &Corpus) -> Result<Report, CheckError> {
    run_with(project, corpus, &Options::default()).map(|(r, _)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: &str, line: usize, message: &str) -> Report {
        let mut f = finding(
            Path::new(path),
            line,
            if line == 0 { 0 } else { 3 },
            Severity::Error,
            "numbers",
            message.to_string(),
        );
        f.snippet = Some("a <b> & \"c\"\u{1}".into());
        Report { findings: vec![f] }
    }

    #[test]
    fn github_escapes_data_and_properties() {
        let r = report("a,b:c%.md", 2, "50% done\r\nnext");
        assert_eq!(
            r.to_github(),
            "::error file=a%2Cb%3Ac%25.md,line=2,col=3,title=diglot numbers::50%25 done%0D%0Anext\n"
        );
        let r = report("x.ftl", 0, "missing");
        assert_eq!(
            r.to_github(),
            "::error file=x.ftl,title=diglot numbers::missing\n"
        );
    }

    #[test]
    fn junit_escapes_markup_and_drops_control_characters() {
        let xml = report("a&b.md", 1, "<x> \"y\" & 'z'").to_junit();
        assert!(
            xml.contains("<failure message=\"&lt;x&gt; &quot;y&quot; &amp; &apos;z&apos;\" type=\"numbers\">a&amp;b.md:1:3: &lt;x&gt;"),
            "{xml}"
        );
        assert!(
            xml.contains("| a &lt;b&gt; &amp; &quot;c&quot;</failure>"),
            "{xml}"
        );
        assert!(!xml.contains('\u{1}'));
    }
}
