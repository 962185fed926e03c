//! `diglot import`: translated XLIFF files into the translation memory.

use super::{json_line, Console, Format, Outcome, Report};
use crate::diagnostic::{id, Diagnostic};
use crate::exchange;
use crate::model::key_hash;
use crate::project::{Project, ProjectError};
use crate::report;
use crate::site;
use crate::tm::{adapt, Approval, Memory, MemoryWriter, TmUnit};
use crate::xliff::{self, State};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};

/// Why a unit was not imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// No segment of the project has the unit's id.
    UnknownId,
    /// The source changed since export (a warning; the unit is skipped).
    Stale,
    /// The target's inline codes differ from the source's.
    InlineCodes,
}

impl Reason {
    /// The rule id (see [`crate::diagnostic::RULES`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UnknownId => id::UNKNOWN_ID,
            Reason::Stale => id::STALE,
            Reason::InlineCodes => id::INLINE_CODES,
        }
    }
}

/// Options of `import`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Import nothing if any unit is rejected or stale.
    pub strict: bool,
    /// Check and report without writing the memory.
    pub dry_run: bool,
}

/// A unit not imported: a diagnostic of the [`Reason`]'s rule at the
/// unit's line, with the unit id.
fn rejection(file: &Path, line: usize, unit: &str, reason: Reason, message: String) -> Diagnostic {
    Diagnostic::of(reason.as_str(), file, line, 0, message).with_id(unit)
}

/// The `problems` of the JSON report: `file`, `line`, `unit`, `reason`,
/// `message` per unit.
fn problems_json<S: serde::Serializer>(problems: &[Diagnostic], s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Rejection<'a> {
        file: &'a Path,
        line: usize,
        unit: &'a str,
        reason: &'a str,
        message: &'a str,
    }
    s.collect_seq(problems.iter().map(|d| Rejection {
        file: &d.path,
        line: d.line,
        unit: d.id.as_deref().unwrap_or(""),
        reason: &d.rule,
        message: &d.message,
    }))
}

/// What `import` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub approved: usize,
    pub unreviewed: usize,
    /// Units whose translation was already in the memory.
    pub unchanged: usize,
    /// Units without a target (nothing to import).
    pub untranslated: usize,
    pub stale: usize,
    pub rejected: usize,
    /// Units not imported (rules `unknown-id`, `stale`, `inline-codes`).
    #[serde(serialize_with = "problems_json")]
    pub problems: Vec<Diagnostic>,
    /// Whether the memory was written.
    pub written: bool,
    pub memories: Vec<PathBuf>,
}

/// Import translated XLIFF files into the memory of their target language.
pub fn run(
    project: &Project,
    files: &[PathBuf],
    opts: &Options,
) -> Result<ImportReport, ProjectError> {
    let corpus = project.corpus()?;
    let mut report = ImportReport::default();
    // Locked from the first read to the write (a dry run reads without
    // the lock: it writes nothing).
    let mut memories: BTreeMap<String, MemoryWriter> = BTreeMap::new();
    let mut dry: BTreeMap<String, Memory> = BTreeMap::new();
    // Segment id → (statement index, segment index)
    let mut by_id: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (si, segs) in corpus.segments.iter().enumerate() {
        for (k, s) in segs.iter().enumerate() {
            by_id.entry(s.id.as_str()).or_default().push((si, k));
        }
    }
    let mut changed = false;
    for file in files {
        let bytes = exchange::read_limited(file)?;
        let doc = xliff::read_document(&bytes, file)?;
        let Some(lang) = doc.target_lang.clone().filter(|l| !l.is_empty()) else {
            return Err(ProjectError::Usage(format!(
                "{}: the file declares no target language",
                file.display()
            )));
        };
        project
            .target(&lang)
            .map_err(|e| ProjectError::Usage(format!("{}: {e}", file.display())))?;
        if doc.source_lang != project.config.source_language {
            return Err(ProjectError::Usage(format!(
                "{}: source language is `{}`, the project's is `{}`",
                file.display(),
                doc.source_lang,
                project.config.source_language
            )));
        }
        let mem: &mut Memory = if opts.dry_run {
            if !dry.contains_key(&lang) {
                dry.insert(lang.clone(), project.memory(&lang)?);
            }
            dry.get_mut(&lang).expect("inserted")
        } else {
            if !memories.contains_key(&lang) {
                memories.insert(lang.clone(), project.memory_writer(&lang)?);
            }
            memories.get_mut(&lang).expect("inserted")
        };
        let origin = file.file_name().map(|n| n.to_string_lossy().to_string());
        for xf in &doc.files {
            let file_statement = corpus.statements.iter().position(|s| s.slug == xf.id);
            for u in &xf.units {
                let reject = |reason: Reason, message: String| {
                    rejection(file, u.line, &u.id, reason, message)
                };
                let Some(target) = u.target.as_ref().filter(|t| !t.text.trim().is_empty()) else {
                    report.untranslated += 1;
                    continue;
                };
                let candidates = by_id.get(u.id.as_str()).cloned().unwrap_or_default();
                let place = candidates
                    .iter()
                    .copied()
                    .find(|(si, _)| Some(*si) == file_statement)
                    .or_else(|| candidates.first().copied());
                let Some((si, k)) = place else {
                    report.rejected += 1;
                    report.problems.push(reject(
                        Reason::UnknownId,
                        "no segment of the project has this id".into(),
                    ));
                    continue;
                };
                let seg = &corpus.segments[si][k];
                if key_hash(&u.source) != seg.key {
                    report.stale += 1;
                    report.problems.push(reject(
                        Reason::Stale,
                        format!(
                            "the source changed since export: now “{}”, the file has “{}”",
                            site::plain(&seg.source),
                            site::plain(&u.source)
                        ),
                    ));
                    continue;
                }
                let (missing, extra) = adapt::code_differences(&seg.source, target);
                if !missing.is_empty() || !extra.is_empty() {
                    let mut parts = Vec::new();
                    if !missing.is_empty() {
                        parts.push(format!(
                            "missing {}",
                            missing
                                .iter()
                                .map(adapt::describe_code)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                    if !extra.is_empty() {
                        parts.push(format!(
                            "unexpected {}",
                            extra
                                .iter()
                                .map(adapt::describe_code)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                    report.rejected += 1;
                    report.problems.push(reject(
                        Reason::InlineCodes,
                        format!(
                            "the target's inline codes differ from the source: {}",
                            parts.join("; ")
                        ),
                    ));
                    continue;
                }
                let approval = match u.state {
                    Some(State::Final) | Some(State::Reviewed) => Approval::Approved,
                    Some(State::Translated) if project.config.exchange.accept_translated => {
                        Approval::Approved
                    }
                    _ => Approval::Unreviewed,
                };
                let unit = TmUnit {
                    id: String::new(),
                    source: seg.source.clone(),
                    target: adapt::resolve_codes(target, &seg.source),
                    approval,
                    prev: seg.prev.clone(),
                    next: seg.next.clone(),
                    statement: Some(corpus.statements[si].slug.clone()),
                    origin: origin.clone(),
                    line: 0,
                };
                let (_, did_change) = mem.upsert(unit);
                if did_change {
                    changed = true;
                    match approval {
                        Approval::Approved => report.approved += 1,
                        Approval::Unreviewed => report.unreviewed += 1,
                    }
                } else {
                    report.unchanged += 1;
                }
            }
        }
    }
    let blocked = opts.strict && (report.rejected > 0 || report.stale > 0);
    if changed && !blocked && !opts.dry_run {
        for mem in memories.values() {
            mem.save()?;
            report.memories.push(project.rel(&mem.path).to_path_buf());
        }
        report.written = true;
    }
    Ok(report)
}

impl ImportReport {
    /// Print as `format`; `opts` explains why nothing was written.
    pub fn print_as(
        &self,
        c: &mut Console<'_>,
        format: Format,
        opts: &Options,
    ) -> io::Result<Outcome> {
        match format {
            Format::Json => json_line(c.out, self)?,
            Format::Text => {
                for p in &self.problems {
                    writeln!(c.err, "{}", report::rejection(p))?;
                }
                if !c.quiet {
                    writeln!(
                        c.out,
                        "imported: {} approved, {} unreviewed, {} unchanged, {} untranslated, {} stale, {} rejected",
                        self.approved, self.unreviewed, self.unchanged, self.untranslated, self.stale, self.rejected
                    )?;
                    if self.written {
                        for m in &self.memories {
                            writeln!(c.out, "updated {}", m.display())?;
                        }
                    } else if opts.strict && (self.rejected > 0 || self.stale > 0) {
                        writeln!(c.out, "--strict: nothing was imported")?;
                    } else if opts.dry_run {
                        writeln!(c.out, "--dry-run: the memory was not written")?;
                    }
                }
            }
        }
        Ok(Outcome::failed_if(self.rejected > 0 || self.stale > 0))
    }
}

/// An [`ImportReport`] with how to print it.
pub struct Printed {
    pub report: ImportReport,
    pub format: Format,
    pub options: Options,
}

impl Report for Printed {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        self.report.print_as(c, self.format, &self.options)
    }
}
