//! `diglot check`: the CI gate (see [`crate::check`]); statements that
//! cannot be parsed are findings of the check.

use super::{CommandError, Console, Outcome, Report};
use crate::check::{self, Fix};
use crate::project::{Project, ProjectError};
use crate::report;
use crate::source::SourceError;
use std::io;

/// Output of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    /// Human report grouped by file.
    #[default]
    Text,
    /// JSON (schema in README).
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// JUnit XML (one test case per file and rule).
    Junit,
}

/// Options of `check`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub format: ReportFormat,
    /// Fail on warnings too.
    pub deny_warnings: bool,
    /// Apply the safe fixes to the approved translations first.
    pub fix: bool,
}

/// The result of `check`.
#[derive(Debug)]
pub enum CheckReport {
    /// Statements that cannot be parsed: nothing else was checked.
    Sources(Vec<SourceError>),
    /// The findings, and the fixes applied with `--fix`.
    Checked {
        report: check::Report,
        fixes: Vec<Fix>,
        options: Options,
    },
}

/// Check every target language of `project`.
pub fn run(project: &Project, opts: &Options) -> Result<CheckReport, CommandError> {
    let corpus = match project.corpus() {
        Ok(c) => c,
        Err(ProjectError::Sources(errors)) => return Ok(CheckReport::Sources(errors)),
        Err(e) => return Err(e.into()),
    };
    let (report, fixes) = check::run_with(project, &corpus, &check::Options { fix: opts.fix })?;
    Ok(CheckReport::Checked {
        report,
        fixes,
        options: opts.clone(),
    })
}

impl Report for CheckReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        let (report, fixes, opts) = match self {
            CheckReport::Sources(errors) => {
                for err in errors {
                    writeln!(c.err, "error[source]: {err}")?;
                }
                return Ok(Outcome::Failed);
            }
            CheckReport::Checked {
                report,
                fixes,
                options,
            } => (report, fixes, options),
        };
        for f in fixes {
            writeln!(
                c.err,
                "fixed {}:{}: unit {}: [{}] {} (“{}” → “{}”)",
                f.path.display(),
                f.line,
                f.unit,
                f.rule,
                f.message,
                f.replaced,
                f.replacement
            )?;
        }
        if opts.fix && !c.quiet {
            writeln!(c.err, "{} fix(es) applied", fixes.len())?;
        }
        match opts.format {
            ReportFormat::Text => {
                if !(c.quiet && report.findings.is_empty()) {
                    write!(c.out, "{}", report::text(&report.findings))?;
                }
            }
            ReportFormat::Json => write!(c.out, "{}", report::json(&report.findings, fixes))?,
            ReportFormat::Github => write!(c.out, "{}", report::github(&report.findings))?,
            ReportFormat::Junit => write!(c.out, "{}", report::junit(&report.findings))?,
        }
        let fail = report.errors() > 0 || (opts.deny_warnings && report.warnings() > 0);
        Ok(Outcome::failed_if(fail))
    }
}
