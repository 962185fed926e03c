//! `diglot tm prune`: retire the units of the project memory that no
//! statement uses into a reference memory.

use super::{Console, Outcome, Report};
use crate::project::{Project, ProjectError};
use crate::tm::{self, Approval, TmUnit};
use serde::Serialize;
use std::io;
use std::path::{Path, PathBuf};

/// Options of `tm prune`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Target language (default: the first target language).
    pub lang: Option<String>,
    /// Report without writing.
    pub dry_run: bool,
}

/// One unit retired.
#[derive(Debug, Clone, Serialize)]
pub struct PrunedUnit {
    pub unit: String,
    pub source: String,
    pub approval: Approval,
}

/// What `tm prune` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PruneReport {
    pub retired: Vec<PrunedUnit>,
    /// The reference memory they went to.
    pub reference: PathBuf,
    pub written: bool,
}

/// The reference memory of retired units of a language.
pub fn retired_path(memory_dir: &Path, lang: &str) -> PathBuf {
    memory_dir
        .join(tm::REFERENCE_DIR)
        .join(format!("retired.{lang}.xlf"))
}

/// Move the units of a language's project memory that no statement uses
/// into the reference memory `reference/retired.<lang>.xlf` (kept for
/// matching, never published, never reported obsolete). The reference
/// memory is written before the project memory, each atomically: an
/// interruption leaves a unit in both, never in neither.
pub fn run(project: &Project, opts: &Options) -> Result<PruneReport, ProjectError> {
    let lang = opts
        .lang
        .clone()
        .unwrap_or_else(|| project.config.target_languages[0].clone());
    project.target(&lang)?;
    let corpus = project.corpus()?;
    // Locked from the read to the write: one writer at a time.
    let mut mem = project.memory_writer(&lang)?;
    let in_use: std::collections::HashSet<&str> = corpus
        .segments
        .iter()
        .flatten()
        .map(|s| s.key.as_str())
        .collect();
    let unused: Vec<TmUnit> = mem
        .units()
        .iter()
        .filter(|u| !in_use.contains(u.key().as_str()))
        .cloned()
        .collect();
    let path = retired_path(&project.memory_dir(), &lang);
    let mut report = PruneReport {
        reference: project.rel(&path).to_path_buf(),
        ..Default::default()
    };
    if unused.is_empty() {
        return Ok(report);
    }
    let mut retired = tm::MemoryWriter::open(path, &project.config.source_language, &lang)?;
    let ids: Vec<String> = unused.iter().map(|u| u.id.clone()).collect();
    for u in unused {
        report.retired.push(PrunedUnit {
            unit: u.id.clone(),
            source: u.source.display(),
            approval: u.approval,
        });
        retired.keep(u);
    }
    if !opts.dry_run {
        retired.save()?;
        mem.remove(&ids);
        mem.save()?;
        report.written = true;
    }
    Ok(report)
}

impl Report for PruneReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        if c.quiet {
            return Ok(Outcome::Ok);
        }
        for u in &self.retired {
            writeln!(
                c.out,
                "retired {} ({}): {}",
                u.unit,
                match u.approval {
                    Approval::Approved => "approved",
                    Approval::Unreviewed => "unreviewed",
                },
                u.source
            )?;
        }
        if self.retired.is_empty() {
            writeln!(
                c.out,
                "nothing to retire: every unit is used by a statement"
            )?;
        } else if self.written {
            writeln!(
                c.out,
                "{} unit(s) moved to {}",
                self.retired.len(),
                self.reference.display()
            )?;
        } else {
            writeln!(
                c.out,
                "--dry-run: {} unit(s) would move to {}",
                self.retired.len(),
                self.reference.display()
            )?;
        }
        Ok(Outcome::Ok)
    }
}
