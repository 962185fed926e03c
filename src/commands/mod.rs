//! The commands of the `diglot` binary, one module each: its options, its
//! report and `run`. A command works on a [`Project`](crate::project::Project)
//! (and loads its [`Corpus`](crate::project::Corpus) only when it needs the
//! statements); its report prints itself on a [`Console`], so that the binary
//! only parses arguments, calls `run` and prints.

pub mod align;
pub mod analyze;
pub mod approve;
pub mod build;
pub mod check;
pub mod export;
pub mod import;
pub mod init;
pub mod new;
pub mod pretranslate;
pub mod segment;
pub mod serve;
pub mod status;
pub mod tm_concordance;
pub mod tm_export;
pub mod tm_import;
pub mod tm_lookup;
pub mod tm_prune;
pub mod validate;
pub mod xliff;

use crate::project::ProjectError;
use std::io::{self, Write};

/// Exit status of a command that ran: 0, or 1 for check or validation
/// failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Failed,
}

impl Outcome {
    /// `Failed` when `failed`, else `Ok`.
    pub fn failed_if(failed: bool) -> Outcome {
        if failed {
            Outcome::Failed
        } else {
            Outcome::Ok
        }
    }
}

/// Text or JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// Where reports are printed: standard output for results, standard error
/// for warnings and progress, and whether to print only errors.
pub struct Console<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub quiet: bool,
}

/// The report of a command: prints itself and tells the exit status.
/// Writes that fail (a closed pipe) are returned, never a panic.
pub trait Report {
    fn print(&self, console: &mut Console<'_>) -> io::Result<Outcome>;
}

/// Why a command could not run (exit 2, or 1 when the project's content is
/// invalid, see [`CommandError::is_validation`]).
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error(transparent)]
    Check(#[from] crate::check::CheckError),
    #[error(transparent)]
    Init(#[from] crate::scaffold::InitError),
    #[error(transparent)]
    Source(#[from] crate::source::SourceError),
    #[error(transparent)]
    Segment(#[from] crate::segment::SegmentError),
    #[error(transparent)]
    Write(#[from] crate::fsutil::WriteError),
    #[error(transparent)]
    Align(#[from] crate::align::AlignError),
    #[error("{what}: {error}")]
    Io { what: String, error: io::Error },
}

impl CommandError {
    /// Whether the error is about the content of the project (exit 1) rather
    /// than usage or I/O (exit 2).
    pub fn is_validation(&self) -> bool {
        matches!(self, CommandError::Project(e) if e.is_validation())
    }
}

impl From<crate::exchange::ExchangeError> for CommandError {
    fn from(e: crate::exchange::ExchangeError) -> Self {
        CommandError::Project(e.into())
    }
}

/// Serialise a value as pretty JSON followed by a newline.
pub(crate) fn json_line<T: serde::Serialize>(w: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value)?;
    writeln!(w)
}
