//! `diglot xliff …`: operations on an XLIFF 2 file (join, segment,
//! remove-markup, rewrite). Every byte an operation does not touch is kept;
//! the result goes to standard output, `--out` or (with `--in-place`) the
//! input, atomically.

use super::validate;
use super::{CommandError, Console, Outcome, Report};
use crate::diagnostic::Diagnostic;
use crate::exchange;
use crate::project::{Project, ProjectError};
use crate::segment::Segmenter;
use crate::xliff;
use std::io;
use std::path::{Path, PathBuf};

/// An operation of `diglot xliff` on an XLIFF 2 file (see
/// [`xliff::join_units`], [`xliff::segment_units`], [`xliff::remove_markup`]
/// and [`xliff::rewrite`]).
#[derive(Debug, Clone)]
pub enum XliffOperation {
    /// Read and write back.
    Rewrite,
    /// Join the segments of the units with these ids (all when empty).
    Join { units: Vec<String> },
    /// Split segments into sentences with these rules (SRX or TOML; the
    /// built-in rules of the file's languages when `None`).
    Segment { rules: Option<PathBuf> },
    /// Remove annotations and/or extensions.
    RemoveMarkup(xliff::RemoveOptions),
}

/// The result of an [`operate`].
#[derive(Debug, Default)]
pub struct XliffOperationResult {
    /// Where the input breaks XLIFF 2. When there is any, the operation is
    /// not run and `bytes` is empty.
    pub violations: Vec<Diagnostic>,
    /// The output document.
    pub bytes: Vec<u8>,
    /// Whether the output differs from the input.
    pub changed: bool,
    /// Problems with the segmentation rules (rules that were skipped).
    pub warnings: Vec<String>,
}

/// Run an operation on an XLIFF 2 file. A file that is not XLIFF 2 or not
/// well-formed is an error naming its line and column; a well-formed
/// XLIFF 2 document with violations is reported in
/// [`XliffOperationResult::violations`] and left alone.
pub fn operate(input: &Path, op: &XliffOperation) -> Result<XliffOperationResult, ProjectError> {
    let bytes = exchange::read_limited(input)?;
    // Not XLIFF 2, or not well-formed: an error.
    xliff::rewrite(&bytes, input)?;
    let violations = validate::diagnostics(input, xliff::validate(&bytes, input));
    if !violations.is_empty() {
        return Ok(XliffOperationResult {
            violations,
            ..Default::default()
        });
    }
    let mut warnings = Vec::new();
    let out = match op {
        XliffOperation::Rewrite => xliff::rewrite(&bytes, input)?,
        XliffOperation::Join { units } => {
            if !units.is_empty() {
                let doc = xliff::read_document(&bytes, input)?;
                let unknown: Vec<&str> = units
                    .iter()
                    .filter(|id| !doc.units().any(|u| &u.id == *id))
                    .map(String::as_str)
                    .collect();
                if !unknown.is_empty() {
                    return Err(ProjectError::Usage(format!(
                        "{}: no unit with id {}",
                        input.display(),
                        unknown
                            .iter()
                            .map(|u| format!("`{u}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
            xliff::join_units(&bytes, input, units)?
        }
        XliffOperation::RemoveMarkup(o) => xliff::remove_markup(&bytes, input, o)?,
        XliffOperation::Segment { rules } => {
            let doc = xliff::read_document(&bytes, input)?;
            let mut segmenter = |lang: &str| -> Result<Segmenter, ProjectError> {
                let (s, issues) = Segmenter::for_language(lang, rules.as_deref())?;
                warnings.extend(issues.iter().map(|i| i.to_string()));
                Ok(s)
            };
            let source = segmenter(&doc.source_lang)?;
            let target = match doc.target_lang.as_deref().filter(|t| !t.is_empty()) {
                Some(t) => segmenter(t)?,
                None => source.clone(),
            };
            xliff::segment_units(&bytes, input, &|_, side, text| match side {
                xliff::Side::Source => source.split_text(text),
                xliff::Side::Target => target.split_text(text),
            })?
        }
    };
    Ok(XliffOperationResult {
        changed: out != bytes,
        bytes: out,
        violations,
        warnings,
    })
}

impl XliffOperation {
    /// The command's name, in messages.
    pub fn label(&self) -> &'static str {
        match self {
            XliffOperation::Rewrite => "rewrite",
            XliffOperation::Join { .. } => "join",
            XliffOperation::Segment { .. } => "segment",
            XliffOperation::RemoveMarkup(_) => "remove-markup",
        }
    }
}

/// Where the result goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Destination {
    #[default]
    Stdout,
    /// A file other than the input.
    File(PathBuf),
    /// The input file itself.
    InPlace,
}

/// Options of `diglot xliff …`.
#[derive(Debug, Clone)]
pub struct Options {
    pub input: PathBuf,
    pub operation: XliffOperation,
    pub destination: Destination,
}

/// What `diglot xliff …` did.
#[derive(Debug)]
pub struct XliffReport {
    pub input: PathBuf,
    pub label: &'static str,
    pub result: XliffOperationResult,
    /// The file written, if any (`None`: standard output).
    pub dest: Option<PathBuf>,
}

/// Run the operation; write the result unless the input has violations.
/// `project` gives the default segmentation rules.
pub fn run(project: Option<&Project>, opts: &Options) -> Result<XliffReport, CommandError> {
    let input = &opts.input;
    let dest = match &opts.destination {
        Destination::Stdout => None,
        Destination::InPlace => Some(input.clone()),
        Destination::File(d) => {
            let same = matches!(
                (std::fs::canonicalize(d), std::fs::canonicalize(input)),
                (Ok(a), Ok(b)) if a == b
            );
            if same {
                return Err(ProjectError::Usage(format!(
                    "{}: --out is the input file; use --in-place to replace it",
                    d.display()
                ))
                .into());
            }
            Some(d.clone())
        }
    };
    let op = match &opts.operation {
        XliffOperation::Segment { rules } => XliffOperation::Segment {
            rules: rules
                .clone()
                .or_else(|| project.and_then(Project::segmentation_rules)),
        },
        op => op.clone(),
    };
    let result = operate(input, &op)?;
    if result.violations.is_empty() {
        let in_place = opts.destination == Destination::InPlace;
        match &dest {
            // Nothing to change: the input is left as it is.
            Some(_) if in_place && !result.changed => {}
            Some(p) => crate::fsutil::write_atomic(p, &result.bytes)?,
            None => {}
        }
    }
    Ok(XliffReport {
        input: input.clone(),
        label: op.label(),
        result,
        dest,
    })
}

impl Report for XliffReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        let result = &self.result;
        for w in &result.warnings {
            writeln!(c.err, "warning: {w}")?;
        }
        if !result.violations.is_empty() {
            for v in &result.violations {
                writeln!(c.err, "{}", crate::report::line(v))?;
            }
            writeln!(
                c.err,
                "{}: not valid XLIFF 2 ({} violation(s)); nothing written",
                self.input.display(),
                result.violations.len()
            )?;
            return Ok(Outcome::Failed);
        }
        match &self.dest {
            None => c.out.write_all(&result.bytes)?,
            Some(p) => {
                if !c.quiet {
                    writeln!(
                        c.err,
                        "{}: {}: {} → {}",
                        self.input.display(),
                        self.label,
                        if result.changed {
                            "changed"
                        } else {
                            "no change"
                        },
                        p.display()
                    )?;
                }
            }
        }
        Ok(Outcome::Ok)
    }
}
