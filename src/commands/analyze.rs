//! `diglot analyze`: segments and words per match band for each statement
//! and in total.

use super::{json_line, Console, Format, Outcome, Report};
use crate::extract::Segment;
use crate::project::{Project, ProjectError};
use crate::tm::analyze::Analysis;
use std::io;

/// Options of `analyze`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Target language (default: the first target language).
    pub lang: Option<String>,
    pub format: Format,
}

/// The analysis, with how to print it.
#[derive(Debug, Clone)]
pub struct AnalyzeReport {
    pub analysis: Analysis,
    pub format: Format,
}

/// Trados/memoQ-style analysis of every statement against the memories.
pub fn run(project: &Project, opts: &Options) -> Result<AnalyzeReport, ProjectError> {
    let lang = opts
        .lang
        .clone()
        .unwrap_or_else(|| project.config.target_languages[0].clone());
    let corpus = project.corpus()?;
    let index = project.index(&lang, &[])?;
    let list: Vec<(&str, &[Segment])> = corpus
        .statements
        .iter()
        .zip(&corpus.segments)
        .map(|(st, segs)| (st.slug.as_str(), segs.as_slice()))
        .collect();
    Ok(AnalyzeReport {
        analysis: crate::tm::analyze::analyze(&list, &index),
        format: opts.format,
    })
}

impl Report for AnalyzeReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        match self.format {
            Format::Json => json_line(c.out, &self.analysis)?,
            Format::Text => write!(c.out, "{}", self.analysis.to_text())?,
        }
        Ok(Outcome::Ok)
    }
}
