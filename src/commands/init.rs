//! `diglot init`: start a project (see [`crate::scaffold`]).

use super::{CommandError, Console, Outcome, Report};
use crate::scaffold::{self, InitOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Options of `init`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Project folder; created when missing.
    pub root: PathBuf,
    pub init: InitOptions,
}

/// What `init` wrote.
#[derive(Debug, Clone)]
pub struct InitReport {
    pub root: PathBuf,
    pub report: scaffold::InitReport,
}

/// Start a project in `opts.root` (never overwrites a file).
pub fn run(opts: &Options) -> Result<InitReport, CommandError> {
    let report = scaffold::init(&opts.root, &opts.init)?;
    Ok(InitReport {
        root: opts.root.clone(),
        report,
    })
}

impl Report for InitReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        let root: &Path = &self.root;
        for l in &self.report.untranslated_messages {
            writeln!(
                c.err,
                "warning: locales/{l}/site.ftl is a copy of the source-language messages: translate it"
            )?;
        }
        if !c.quiet {
            for p in &self.report.written {
                writeln!(c.out, "wrote {}", root.join(p).display())?;
            }
            writeln!(
                c.out,
                "project started in {}: write statements in {}, then run `diglot build`",
                root.display(),
                root.join("corpus/statements").display()
            )?;
        }
        Ok(Outcome::Ok)
    }
}
