//! `diglot segment`: split a statement or plain text into segments.

use super::{json_line, CommandError, Console, Format, Outcome, Report};
use crate::extract::SegmentRow;
use crate::project::Project;
use crate::segment::{clean, Segmenter, SrxIssue};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Options of `segment`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A statement or plain-text file; standard input when `None` or `-`.
    pub file: Option<PathBuf>,
    /// Language of the text (default: the project's source language, or en).
    pub lang: Option<String>,
    /// Rules file (default: the project's, else the built-in rules).
    pub rules: Option<PathBuf>,
    /// Clean raw text first; `Some(true)` when it was extracted from PDF.
    pub clean: Option<bool>,
    pub format: Format,
}

/// The segments of the text.
#[derive(Debug, Clone)]
pub struct SegmentReport {
    pub rows: Vec<SegmentRow>,
    /// Rules of the rules file that could not be compiled.
    pub issues: Vec<SrxIssue>,
    pub format: Format,
}

/// Segment a file or standard input. `project` (optional) gives the
/// default language and rules.
pub fn run(project: Option<&Project>, opts: &Options) -> Result<SegmentReport, CommandError> {
    let lang = opts
        .lang
        .clone()
        .or_else(|| project.map(|p| p.config.source_language.clone()))
        .unwrap_or_else(|| "en".into());
    let rules = opts
        .rules
        .clone()
        .or_else(|| project.and_then(Project::segmentation_rules));
    let (text, path) = match opts.file.as_deref().filter(|p| *p != Path::new("-")) {
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|error| CommandError::Io {
                    what: "cannot read standard input".into(),
                    error,
                })?;
            (s, PathBuf::from("<stdin>"))
        }
        Some(p) => (
            std::fs::read_to_string(p).map_err(|error| CommandError::Io {
                what: format!("{}: cannot read", p.display()),
                error,
            })?,
            p.to_path_buf(),
        ),
    };
    let text = match opts.clean {
        Some(pdf) => clean::clean(&text, &clean::CleanOptions { pdf }),
        None => text,
    };
    let (segmenter, issues) = Segmenter::for_language(&lang, rules.as_deref())?;
    let read = crate::source::ReadOptions {
        smart_punctuation: project.is_some_and(|p| p.config.smart_punctuation),
    };
    let rows = crate::extract::segment_report(&text, &path, &segmenter, read)?;
    Ok(SegmentReport {
        rows,
        issues,
        format: opts.format,
    })
}

impl Report for SegmentReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        for i in &self.issues {
            writeln!(c.err, "warning: {i}")?;
        }
        match self.format {
            Format::Text => {
                for r in &self.rows {
                    writeln!(c.out, "{}", r.text)?;
                }
            }
            Format::Json => json_line(c.out, &self.rows)?,
        }
        Ok(Outcome::Ok)
    }
}
