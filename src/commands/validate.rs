//! `diglot validate`: XLIFF (1.x, 2.0-2.2), TMX and FTL files against
//! their specifications.

use super::{json_line, Console, Format, Outcome, Report};
use crate::exchange::{self, ExchangeError};
use crate::{l10n, xliff};
use serde::Serialize;
use std::io;
use std::path::{Path, PathBuf};

/// Options of `validate`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub files: Vec<PathBuf>,
    pub format: Format,
}

/// One problem found by `validate`.
#[derive(Debug, Clone, Serialize)]
pub struct Validation {
    pub path: PathBuf,
    pub rule: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// `path:line:column: [rule] message`
impl std::fmt::Display for Validation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: [{}] {}",
            self.path.display(),
            self.line,
            self.column,
            self.rule,
            self.message
        )
    }
}

/// Validate an XLIFF (1.x/2.x), TMX or FTL file.
pub fn validate_path(path: &Path) -> Result<Vec<Validation>, ExchangeError> {
    let bytes = exchange::read_limited(path)?;
    let is_ftl = path.extension().map(|e| e == "ftl").unwrap_or(false);
    if is_ftl {
        let text = exchange::decode_text(&bytes, path)?;
        return Ok(l10n::lint::lint_file(l10n::lint::Ftl { path, text: &text })
            .into_iter()
            .map(|f| Validation {
                path: path.to_path_buf(),
                rule: f.rule.to_string(),
                line: f.line,
                column: f.column,
                message: f.message,
            })
            .collect());
    }
    Ok(xliff::validate(&bytes, path)
        .into_iter()
        .map(|v| Validation {
            path: path.to_path_buf(),
            rule: v.rule,
            line: v.line,
            column: v.column,
            message: v.message,
        })
        .collect())
}

/// The violations of every file.
#[derive(Debug, Clone)]
pub struct ValidateReport {
    pub files: usize,
    pub violations: Vec<Validation>,
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
            Format::Json => json_line(c.out, &self.violations)?,
            Format::Text => {
                for v in &self.violations {
                    writeln!(c.out, "{v}")?;
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
