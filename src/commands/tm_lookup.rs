//! `diglot tm lookup`: the best matches of a sentence in a language's
//! memories. Reads the memories only, never the statements.

use super::{json_line, Console, Format, Outcome, Report};
use crate::model::CodedText;
use crate::project::{Project, ProjectError};
use crate::tm::{self, adapt, Approval};
use serde::Serialize;
use std::io;
use std::path::PathBuf;

/// Options of `tm lookup`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub text: String,
    /// Target language (default: the first target language).
    pub lang: Option<String>,
    /// Lowest score shown.
    pub min: u8,
    /// More memories to search: TMX, XLIFF or TSV.
    pub tm: Vec<PathBuf>,
    pub format: Format,
}

/// One row of `tm lookup`.
#[derive(Debug, Clone, Serialize)]
pub struct LookupRow {
    pub score: u8,
    pub class: &'static str,
    pub unit: String,
    pub approved: bool,
    pub origin: Option<String>,
    pub source: String,
    pub target: String,
    pub substitutions: Vec<tm::score::Substitution>,
}

/// The matches found by `tm lookup`.
#[derive(Debug, Clone)]
pub struct LookupReport {
    pub rows: Vec<LookupRow>,
    pub min: u8,
    pub format: Format,
}

/// The best matches of a text in a language's memories.
pub fn lookup(
    project: &Project,
    text: &str,
    lang: &str,
    min: u8,
    extra: &[PathBuf],
) -> Result<Vec<LookupRow>, ProjectError> {
    let index = project.index(lang, extra)?;
    let query = CodedText::plain(text.trim());
    Ok(index
        .lookup(&query, None, None, min)
        .iter()
        .map(|m| {
            let u = index.unit(m.unit);
            LookupRow {
                score: m.score,
                class: adapt::class_name(m.class),
                unit: u.id.clone(),
                approved: u.approval == Approval::Approved,
                origin: u.origin.clone(),
                source: u.source.display(),
                target: m.target(&index).display(),
                substitutions: m.substitutions.clone(),
            }
        })
        .collect())
}

/// Look `opts.text` up.
pub fn run(project: &Project, opts: &Options) -> Result<LookupReport, ProjectError> {
    let lang = opts
        .lang
        .clone()
        .unwrap_or_else(|| project.config.target_languages[0].clone());
    Ok(LookupReport {
        rows: lookup(project, &opts.text, &lang, opts.min, &opts.tm)?,
        min: opts.min,
        format: opts.format,
    })
}

impl Report for LookupReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        match self.format {
            Format::Json => json_line(c.out, &self.rows)?,
            Format::Text => {
                if self.rows.is_empty() && !c.quiet {
                    writeln!(c.out, "no match at {}% or more", self.min)?;
                }
                for r in &self.rows {
                    writeln!(
                        c.out,
                        "{:>3}%  {:<11}  {}{}  {}",
                        r.score,
                        r.class,
                        r.unit,
                        if r.approved { "" } else { " (unreviewed)" },
                        r.origin.as_deref().unwrap_or("")
                    )?;
                    writeln!(c.out, "      source: {}", r.source)?;
                    writeln!(c.out, "      target: {}", r.target)?;
                    for sub in &r.substitutions {
                        writeln!(
                            c.out,
                            "      substituted: {} → {} ({} → {})",
                            sub.source_old, sub.source_new, sub.target_old, sub.target_new
                        )?;
                    }
                }
            }
        }
        Ok(Outcome::Ok)
    }
}
