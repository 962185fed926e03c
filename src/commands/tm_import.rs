//! `diglot tm import`: TMX, XLIFF or TSV files as reference memories.

use super::{Console, Outcome, Report};
use crate::exchange;
use crate::project::{Project, ProjectError};
use crate::tm::{self, Approval, TmUnit};
use serde::Serialize;
use std::io;
use std::path::PathBuf;

/// Options of `tm import`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// TMX, XLIFF or TSV files.
    pub files: Vec<PathBuf>,
    /// Target language of TSV files (default: the project's only target).
    pub lang: Option<String>,
}

/// What `tm import` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TmImportReport {
    /// Reference memory files written, with their unit counts.
    pub written: Vec<(PathBuf, usize)>,
    /// Pairs skipped: empty, unconfirmed (XLIFF state `initial`), or with a
    /// language the project does not have.
    pub skipped: usize,
}

/// Import TMX, XLIFF or TSV files as reference memories:
/// `corpus/memory/reference/<file stem>.<lang>.xlf`, one per file and
/// target language. Reference units are unreviewed: used for matching and
/// pre-filling, never published, never reported obsolete.
pub fn run(project: &Project, opts: &Options) -> Result<TmImportReport, ProjectError> {
    let (files, tsv_lang) = (&opts.files, opts.lang.as_deref());
    let mut report = TmImportReport::default();
    let src = project.config.source_language.clone();
    for file in files {
        let bytes = exchange::read_memory_file(file)?;
        let origin = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let stem = file
            .file_stem()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "memory".into());
        // The bytes are given away: a TMX's become the text parsed, then
        // are freed (a 1M-unit TMX is hundreds of MB).
        let pairs = exchange::read_tm_pairs(
            file,
            bytes,
            &project.config.source_language,
            &project.config.target_languages,
            tsv_lang,
            &mut report.skipped,
        )?;
        for (lang, list) in pairs {
            let path = project
                .memory_dir()
                .join(tm::REFERENCE_DIR)
                .join(format!("{stem}.{lang}.xlf"));
            // The file's units replace the reference memory's, under its
            // lock; units that stay the same keep their bytes.
            let mut mem = tm::MemoryWriter::open(path.clone(), &src, &lang)?;
            mem.clear();
            // The pairs are moved into the memory (their list is freed
            // before the memory is written).
            for (s, t) in list {
                mem.upsert(TmUnit {
                    id: String::new(),
                    source: s,
                    target: t,
                    approval: Approval::Unreviewed,
                    prev: None,
                    next: None,
                    statement: None,
                    origin: Some(origin.clone()),
                    provenance: Default::default(),
                    line: 0,
                });
            }
            mem.save()?;
            report
                .written
                .push((project.rel(&path).to_path_buf(), mem.len()));
        }
    }
    Ok(report)
}

impl Report for TmImportReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        if !c.quiet {
            for (p, n) in &self.written {
                writeln!(c.out, "{}: {n} reference unit(s)", p.display())?;
            }
            if self.skipped > 0 {
                writeln!(c.out, "{} pair(s) skipped (empty, unconfirmed (state initial), or in a language the project does not translate into)", self.skipped)?;
            }
        }
        Ok(Outcome::Ok)
    }
}
