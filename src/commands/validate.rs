//! `diglot validate`: XLIFF (1.x, 2.0-2.2), TMX and FTL files against
//! their specifications.

use super::{Console, Format, Outcome, Report};
use crate::diagnostic::{Diagnostic, Severity};
use crate::exchange::{self, ExchangeError};
use crate::report;
use crate::{l10n, xliff};
use std::io;
use std::path::{Path, PathBuf};

/// Options of `validate`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub files: Vec<PathBuf>,
    pub format: Format,
}

/// The violations of an XLIFF or TMX file as diagnostics (errors).
pub fn diagnostics(path: &Path, violations: Vec<xliff::Violation>) -> Vec<Diagnostic> {
    violations
        .into_iter()
        .map(|v| Diagnostic::new(v.rule, Severity::Error, path, v.line, v.column, v.message))
        .collect()
}

/// Validate an XLIFF (1.x/2.x), TMX or FTL file.
pub fn validate_path(path: &Path) -> Result<Vec<Diagnostic>, ExchangeError> {
    let bytes = exchange::read_limited(path)?;
    let is_ftl = path.extension().map(|e| e == "ftl").unwrap_or(false);
    if is_ftl {
        let text = exchange::decode_text(&bytes, path)?;
        return Ok(l10n::lint::lint_file(l10n::lint::Ftl { path, text: &text }));
    }
    Ok(diagnostics(path, xliff::validate(&bytes, path)))
}

/// The violations of every file.
#[derive(Debug, Clone)]
pub struct ValidateReport {
    pub files: usize,
    pub violations: Vec<Diagnostic>,
    pub format: Format,
}

/// Validate each file.
pub fn run(opts: &Options) -> Result<ValidateReport, ExchangeError> {
    let mut violations = Vec::new();
    for f in &opts.files {
        violations.extend(validate_path(f)?);
    }
    Ok(ValidateReport {
        files: opts.files.len(),
        violations,
        format: opts.format,
    })
}

impl Report for ValidateReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        match self.format {
            Format::Json => writeln!(c.out, "{}", report::validation_json(&self.violations))?,
            Format::Text => {
                for v in &self.violations {
                    writeln!(c.out, "{}", report::line(v))?;
                }
                if !c.quiet {
                    let bad: std::collections::BTreeSet<_> =
                        self.violations.iter().map(|v| &v.path).collect();
                    writeln!(
                        c.out,
                        "{} file(s) checked, {} invalid, {} violation(s)",
                        self.files,
                        bad.len(),
                        self.violations.len()
                    )?;
                }
            }
        }
        Ok(Outcome::failed_if(!self.violations.is_empty()))
    }
}
