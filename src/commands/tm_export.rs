//! `diglot tm export`: the approved project memory of a language as TMX 1.4
//! or XLIFF. Reads the memory only, never the statements.

use super::export::XliffVersion;
use super::{Console, Outcome, Report};
use crate::project::{Project, ProjectError};
use crate::tm::Approval;
use std::io;
use std::path::PathBuf;

/// Output format of `tm export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TmExportFormat {
    Tmx,
    Xliff(XliffVersion),
}

/// Options of `tm export`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Target language (default: the first target language).
    pub lang: Option<String>,
    pub format: TmExportFormat,
    /// Output file (default: standard output).
    pub out: Option<PathBuf>,
}

/// The exported memory, when it goes to standard output.
#[derive(Debug, Clone, Default)]
pub struct TmExportReport {
    /// The document, unless it was written to `--out`.
    pub stdout: Option<String>,
}

/// The project memory of a language as TMX 1.4 or XLIFF.
pub fn export(
    project: &Project,
    lang: &str,
    format: TmExportFormat,
) -> Result<String, ProjectError> {
    project.target(lang)?;
    let mem = project.memory(lang)?;
    Ok(match format {
        TmExportFormat::Tmx => {
            let doc = crate::tmx::TmxDocument::from_pairs(
                &project.config.source_language,
                lang,
                mem.units()
                    .iter()
                    .filter(|u| u.approval == Approval::Approved)
                    .map(|u| (Some(u.id.clone()), &u.source, &u.target)),
            );
            crate::tmx::write_tmx(&doc)
        }
        TmExportFormat::Xliff(v) => v.write(&mem.to_document()),
    })
}

/// Export the memory to `opts.out` (atomically) or standard output.
pub fn run(project: &Project, opts: &Options) -> Result<TmExportReport, ProjectError> {
    let lang = opts
        .lang
        .clone()
        .unwrap_or_else(|| project.config.target_languages[0].clone());
    let text = export(project, &lang, opts.format)?;
    match &opts.out {
        Some(p) => {
            crate::fsutil::write_atomic(p, text.as_bytes())?;
            Ok(TmExportReport { stdout: None })
        }
        None => Ok(TmExportReport { stdout: Some(text) }),
    }
}

impl Report for TmExportReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        if let Some(text) = &self.stdout {
            c.out.write_all(text.as_bytes())?;
        }
        Ok(Outcome::Ok)
    }
}
