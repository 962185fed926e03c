//! `diglot approve`: a reviewer approves translations awaiting review.

use super::{Console, Outcome, Report};
use crate::extract::Segment;
use crate::project::{Project, ProjectError};
use crate::tm::{self, Approval, Memory, TmUnit};
use serde::Serialize;
use std::io;
use std::path::PathBuf;

/// Which unreviewed translations `approve` approves.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Target language (default: the project's only target language).
    pub lang: Option<String>,
    /// Statements (slug or path) whose segments' translations are approved.
    pub statements: Vec<String>,
    /// Memory unit ids or segment ids.
    pub units: Vec<String>,
    /// Every segment of the project.
    pub all: bool,
    /// Report without writing the memory.
    pub dry_run: bool,
}

/// One translation `approve` approved.
#[derive(Debug, Clone, Serialize)]
pub struct ApprovedUnit {
    pub unit: String,
    pub source: String,
    pub target: String,
    /// Approved units of the same source and context it replaced.
    pub superseded: Vec<String>,
}

/// What `approve` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ApproveReport {
    pub approved: Vec<ApprovedUnit>,
    /// Whether the memory was written.
    pub written: bool,
    pub memory: PathBuf,
}

/// The unreviewed unit a reviewer approves for a segment: one for its
/// context, else (when the segment has no approved translation in its
/// context) one of the same source; lowest id first.
fn unreviewed_for<'m>(mem: &'m Memory, seg: &Segment) -> Option<&'m TmUnit> {
    let has_approved = mem
        .lookup_exact(&seg.key, seg.prev.as_deref(), seg.next.as_deref(), true)
        .is_some_and(|(_, c)| c == tm::MatchClass::InContext);
    mem.with_key(&seg.key)
        .filter(|u| u.approval == Approval::Unreviewed)
        .map(|u| (u.prev == seg.prev && u.next == seg.next, u))
        .filter(|(in_ctx, _)| *in_ctx || !has_approved)
        .min_by(|a, b| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id)))
        .map(|(_, u)| u)
}

/// Approve unreviewed translations of the memory of a language: those of
/// the segments of some statements (or all), and units named by memory id
/// or segment id. The memory is written once, atomically; an id that is
/// neither is a usage error and nothing is approved.
pub fn run(project: &Project, opts: &Options) -> Result<ApproveReport, ProjectError> {
    let langs = &project.config.target_languages;
    let lang = match (&opts.lang, langs.as_slice()) {
        (Some(l), _) => l.clone(),
        (None, [only]) => only.clone(),
        (None, _) => {
            return Err(ProjectError::Usage(format!(
                "approve: give --lang (this project translates into {})",
                langs.join(", ")
            )))
        }
    };
    project.target(&lang)?;
    if !opts.all && opts.statements.is_empty() && opts.units.is_empty() {
        return Err(ProjectError::Usage(
            "approve: name statements, --unit IDs or --all".into(),
        ));
    }
    let corpus = project.corpus()?;
    // Locked from the read to the write: one writer at a time.
    let mut mem = project.memory_writer(&lang)?;
    let mut ids: Vec<String> = Vec::new();
    let statements: Vec<usize> = if opts.all {
        (0..corpus.statements.len()).collect()
    } else if opts.statements.is_empty() {
        Vec::new()
    } else {
        corpus.select(&opts.statements)?
    };
    for si in statements {
        for seg in &corpus.segments[si] {
            if let Some(u) = unreviewed_for(&mem, seg) {
                ids.push(u.id.clone());
            }
        }
    }
    let mut unknown = Vec::new();
    for id in &opts.units {
        if let Some(u) = mem.get(id) {
            if u.approval == Approval::Unreviewed {
                ids.push(u.id.clone());
            }
            continue;
        }
        let segs: Vec<&Segment> = corpus
            .segments
            .iter()
            .flatten()
            .filter(|s| s.id == *id)
            .collect();
        if segs.is_empty() {
            unknown.push(format!("`{id}`"));
        }
        for seg in segs {
            if let Some(u) = unreviewed_for(&mem, seg) {
                ids.push(u.id.clone());
            }
        }
    }
    if !unknown.is_empty() {
        return Err(ProjectError::Usage(format!(
            "no memory unit or segment has the id {} (nothing was approved)",
            unknown.join(", ")
        )));
    }
    let mut seen = std::collections::BTreeSet::new();
    ids.retain(|i| seen.insert(i.clone()));
    let mut report = ApproveReport {
        memory: project.rel(&mem.path).to_path_buf(),
        ..Default::default()
    };
    // When they were approved (the clock, or SOURCE_DATE_EPOCH), recorded
    // in each unit's metadata.
    let now = crate::locale::now_utc().map_err(|e| ProjectError::Usage(e.to_string()))?;
    for id in ids {
        let Some(u) = mem.get(&id).cloned() else {
            continue; // superseded by an earlier approval
        };
        if let Some(superseded) = mem.approve_at(&id, Some(&now)) {
            report.approved.push(ApprovedUnit {
                unit: id,
                source: u.source.display(),
                target: u.target.display(),
                superseded,
            });
        }
    }
    if !report.approved.is_empty() && !opts.dry_run {
        mem.save()?;
        report.written = true;
    }
    Ok(report)
}

impl Report for ApproveReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        if c.quiet {
            return Ok(Outcome::Ok);
        }
        for a in &self.approved {
            writeln!(
                c.out,
                "approved {}: “{}” → “{}”",
                a.unit, a.source, a.target
            )?;
            for s in &a.superseded {
                writeln!(c.out, "  replaces {s}")?;
            }
        }
        if self.approved.is_empty() {
            writeln!(
                c.out,
                "nothing to approve: no unreviewed translation was selected"
            )?;
        } else if self.written {
            writeln!(
                c.out,
                "{} translation(s) approved in {}",
                self.approved.len(),
                self.memory.display()
            )?;
        } else {
            writeln!(
                c.out,
                "--dry-run: {} translation(s) would be approved",
                self.approved.len()
            )?;
        }
        Ok(Outcome::Ok)
    }
}
