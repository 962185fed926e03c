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
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::id;
pub use crate::diagnostic::{Diagnostic, Severity};

/// The result of a check.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub findings: Vec<Diagnostic>,
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

    fn push(&mut self, f: Diagnostic) {
        self.findings.push(f);
    }

    /// Sort findings by file, position, rule.
    pub fn sort(&mut self) {
        self.findings.sort();
        self.findings.dedup();
    }
}

fn finding(
    path: &Path,
    line: usize,
    column: usize,
    severity: Severity,
    rule: &str,
    message: String,
) -> Diagnostic {
    Diagnostic::new(rule, severity, path, line, column, message)
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
    mut f: Diagnostic,
    qa: &QaConfig,
) -> Option<Diagnostic> {
    if let Some(level) = qa.rules.get(&f.rule) {
        f.severity = level.severity()?;
    }
    f.path = project.rel(&f.path).to_path_buf();
    f.lang = Some(lang.to_string());
    Some(f)
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
        let found = l10n::lint::reference_cycles(&ftls);
        if found.is_empty() {
            return;
        }
        // The findings already reported, by rule and position (a set: one
        // scan of the report per cycle was quadratic for thousands).
        let mut known: HashSet<(String, PathBuf, usize, usize)> = report
            .findings
            .iter()
            .map(|x| (x.rule.clone(), x.path.clone(), x.line, x.column))
            .collect();
        for f in found {
            if let Some(f) = lint_finding(project, lang, f, qa) {
                let key = (f.rule.clone(), f.path.clone(), f.line, f.column);
                if known.insert(key) {
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
        let pairs: Vec<Vec<Diagnostic>> = source_files
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
                fs.push(Diagnostic::new(
                    id::FLUENT_OBSOLETE,
                    Severity::Warning,
                    tf.path.clone(),
                    0,
                    0,
                    format!("no {source_lang} file of this name: every message in it is obsolete"),
                ));
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
fn io_finding(project: &Project, lang: &str, e: L10nError) -> Result<Diagnostic, CheckError> {
    let path = match &e {
        L10nError::Io { path, source } if is_content_problem(source) => {
            project.rel(path).to_path_buf()
        }
        L10nError::Io { .. } => return Err(e.into()),
        _ => PathBuf::new(),
    };
    let mut f = finding(&path, 1, 1, Severity::Error, id::FLUENT_IO, e.to_string());
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
                id::TERMBASE,
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
                    id::TM_INVALID,
                    message,
                );
                f.lang = Some(lang.clone());
                report.push(f);
                continue;
            }
        };
        let mem_path = project.rel(&mem.path).to_path_buf();
        // Only a memory with something to fix is locked and written (a
        // read-only checkout with nothing to fix still checks).
        let fixable = |u: &TmUnit| {
            u.approval == Approval::Approved && {
                let (fixed, changes) = crate::qa::safe_fixes(&u.source, &u.target, lang, &qa);
                !changes.is_empty() && fixed != u.target
            }
        };
        if opts.fix && mem.units().iter().any(fixable) {
            let mut changed = false;
            // Fixed under the memory's lock, on the memory as it is now.
            let mut writer = project.memory_writer(lang)?;
            let units: Vec<TmUnit> = writer.units().to_vec();
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
                writer.upsert(nu);
                changed = true;
            }
            mem = if changed {
                writer.save()?;
                drop(writer);
                // Read again: line numbers of the rewritten file.
                project.memory(lang)?
            } else {
                writer.into_memory()
            };
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
                        // The latest translation of this place: of the
                        // units translated here, the one in the same
                        // context on both sides, then the one whose source
                        // is closest to the sentence now (each edit starts
                        // from the previous text), approved first.
                        let stale = unused_by_statement
                            .get(st.slug.as_str())
                            .into_iter()
                            .flatten()
                            .filter(|u| {
                                (u.prev.is_some() && u.prev == s.prev)
                                    || (u.next.is_some() && u.next == s.next)
                            })
                            .max_by(|a, b| {
                                let both = |u: &TmUnit| u.prev == s.prev && u.next == s.next;
                                both(a)
                                    .cmp(&both(b))
                                    .then(
                                        word_overlap(&a.source, &s.source)
                                            .cmp(&word_overlap(&b.source, &s.source)),
                                    )
                                    .then(a.approval.cmp(&b.approval))
                                    .then(b.id.cmp(&a.id))
                            });
                        let (rule, message) = match (stale, unreviewed) {
                            (Some(u), false) => {
                                stale_units.insert(u.id.clone());
                                (
                                    id::STALE_TRANSLATION,
                                    format!(
                                        "segment {} changed since it was translated (unit {} translated “{}” as “{}”); its translation needs updating",
                                        s.id,
                                        u.id,
                                        site::plain(&u.source),
                                        site::plain(&u.target)
                                    ),
                                )
                            }
                            (_, true) => (
                                id::MISSING_TRANSLATION,
                                format!(
                                    "segment {} has a translation awaiting review, none approved",
                                    s.id
                                ),
                            ),
                            (None, false) => (
                                id::MISSING_TRANSLATION,
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
        let qa_findings: Vec<Diagnostic> = to_check
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
                    id::OBSOLETE_UNIT,
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

/// How many words (case-insensitive, as a multiset) two texts share: how
/// close an old version of a sentence is to the new one.
fn word_overlap(a: &crate::model::CodedText, b: &crate::model::CodedText) -> usize {
    let words = |t: &crate::model::CodedText| {
        let mut v: Vec<String> = site::plain(t)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        v.sort();
        v
    };
    let (a, b) = (words(a), words(b));
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    n
}

/// Run every check on a project without changing anything.
pub fn run(project: &Project, corpus: &Corpus) -> Result<Report, CheckError> {
    run_with(project, corpus, &Options::default()).map(|(r, _)| r)
}
