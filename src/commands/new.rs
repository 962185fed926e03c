//! `diglot new`: write a new draft statement with its front matter (see
//! [`crate::scaffold::new_statement`]).

use super::{CommandError, Console, Outcome, Report};
use crate::project::Project;
use crate::scaffold::{self, NewStatement};
use crate::source;
use std::collections::BTreeSet;
use std::io;
use std::path::PathBuf;

/// Options of `new`.
#[derive(Debug, Clone)]
pub struct Options {
    pub title: String,
    /// `YYYY-MM-DD` (default: today, UTC).
    pub date: Option<String>,
    pub slug: Option<String>,
}

/// The file written.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub path: PathBuf,
}

/// Write `<statements_dir>/<slug>.md`. Slugs in use are those of the
/// statements that parse and every file name (a broken statement keeps its
/// name), so `new` works while another statement is broken.
pub fn run(project: &Project, opts: &Options) -> Result<NewReport, CommandError> {
    let dir = project.path(&project.config.statements_dir);
    let (statements, _) = source::load_statements_with(
        &dir,
        source::ReadOptions {
            smart_punctuation: project.config.smart_punctuation,
        },
    );
    let mut taken: BTreeSet<String> = statements.into_iter().map(|s| s.slug).collect();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "md") {
                if let Some(stem) = p.file_stem() {
                    taken.insert(stem.to_string_lossy().into_owned());
                }
            }
        }
    }
    let path = scaffold::new_statement(
        &dir,
        &taken,
        &NewStatement {
            title: opts.title.clone(),
            date: opts.date.clone().unwrap_or_else(scaffold::today_utc),
            slug: opts.slug.clone(),
        },
    )?;
    Ok(NewReport { path })
}

impl Report for NewReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        if !c.quiet {
            writeln!(
                c.out,
                "wrote {} (a draft: delete `draft = true` to publish it)",
                self.path.display()
            )?;
        }
        Ok(Outcome::Ok)
    }
}
