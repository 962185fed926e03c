//! `diglot pretranslate`: TM candidates added to any XLIFF 1.x/2.x file
//! (and targets filled above a threshold), every other byte kept.

use super::{CommandError, Console, Outcome, Report};
use crate::exchange;
use crate::model::{key_hash, CodedText};
use crate::project::{Project, ProjectError};
use crate::tm::{self, adapt, TmUnit};
use crate::xliff::{self, Unit, XliffError};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

/// Options of `pretranslate`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The XLIFF file.
    pub input: PathBuf,
    /// More memories: TMX, XLIFF or TSV.
    pub tm: Vec<PathBuf>,
    /// Output file (default: standard output).
    pub out: Option<PathBuf>,
    /// Fill empty targets with the best candidate scoring at least this
    /// (default: the project's `exchange.prefill`).
    pub fill: Option<u8>,
    /// Lowest candidate score.
    pub min: u8,
    /// Target language of a file that declares none (default: the
    /// project's only target language).
    pub lang: Option<String>,
}

/// What `pretranslate` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PretranslateReport {
    pub units: usize,
    pub with_candidates: usize,
    pub source_lang: String,
    pub target_lang: String,
    pub memory_units: usize,
}

/// Add TM candidates to any XLIFF file (and fill targets at or above
/// `fill`), leaving every other byte as it was. The memory is the project's
/// (when `project` is given and translates into the file's language) plus
/// each `tm_files` (TMX, XLIFF or TSV).
pub fn pretranslate_file(
    project: Option<&Project>,
    input: &Path,
    tm_files: &[PathBuf],
    fill: Option<u8>,
    min: u8,
    max_candidates: usize,
    lang: Option<&str>,
) -> Result<(Vec<u8>, PretranslateReport), ProjectError> {
    let bytes = exchange::read_limited(input)?;
    // The TM files are read and parsed while the XLIFF file is parsed (once,
    // for the lookups and the output) and its sources are analysed for
    // matching (errors in the XLIFF file still come first).
    let (parsed, tms) = rayon::join(
        || -> Result<_, XliffError> {
            let parsed = xliff::Parsed::parse(&bytes, input)?;
            let doc = parsed.document()?;
            let lang = matching_lang(project, &doc.source_lang);
            // In parallel: without --tm files (or once they are read) the
            // other threads are free.
            let units: Vec<&Unit> = doc.units().collect();
            let analysed: Vec<(String, tm::score::Analysed)> = units
                .par_iter()
                .map(|u| (key_hash(&u.source), tm::index::analyse(&u.source, lang)))
                .collect();
            Ok((parsed, doc, analysed))
        },
        || {
            tm_files
                .iter()
                .map(|f| exchange::TmFile::read(f))
                .collect::<Vec<Result<exchange::TmFile, exchange::ExchangeError>>>()
        },
    );
    let (parsed, doc, analysed) = parsed?;
    let src = doc.source_lang.clone();
    let declared = doc.target_lang.clone().filter(|t| !t.is_empty());
    let agree = |d: &str, l: &str| {
        crate::roundtrip::tag_matches(d, l) || crate::roundtrip::tag_matches(l, d)
    };
    let tgt = match (declared, lang) {
        (Some(d), Some(l)) if !agree(&d, l) => {
            return Err(ProjectError::Usage(format!(
                "{}: the file's target language is `{d}`, not `{l}` (--lang)",
                input.display()
            )))
        }
        (Some(d), _) => d,
        (None, Some(l)) => l.to_string(),
        (None, None) => match project.map(|p| p.config.target_languages.as_slice()) {
            Some([only]) => only.clone(),
            _ => {
                return Err(ProjectError::Usage(format!(
                    "{}: the file declares no target language: give it with --lang",
                    input.display()
                )))
            }
        },
    };
    // The project's memories of that language pair, when there is one.
    let project_lang = project.and_then(|p| {
        if !exchange::same_lang(&p.config.source_language, &src) {
            return None;
        }
        p.config
            .target_languages
            .iter()
            .find(|l| exchange::same_lang(l, &tgt))
            .map(|l| (p, l))
    });
    let targets = vec![tgt.clone()];
    let mut units: Vec<TmUnit> = Vec::new();
    for tm in tms {
        units.extend(tm?.units(&src, &targets, &tgt)?);
    }
    // The project and reference memories come from their persistent
    // indexes (parsed and indexed only when one changed); the --tm files
    // are indexed in memory after them.
    let lang = matching_lang(project, &src);
    let index = match project_lang {
        Some((p, l)) => p.index_with(l, units)?,
        None => tm::index::Index::build(units, lang, &tgt),
    };
    let mut report = PretranslateReport {
        units: doc.units().count(),
        source_lang: src.clone(),
        target_lang: tgt.clone(),
        memory_units: index.len(),
        ..Default::default()
    };
    // Look every distinct source up at once (in parallel), then hand the
    // candidates to the splicer unit by unit.
    let all: Vec<(&str, &CodedText, &tm::score::Analysed)> = doc
        .units()
        .zip(&analysed)
        .map(|(u, (k, a))| (k.as_str(), &u.source, a))
        .collect();
    // The splicer parses the file again: it finds the keys by source text
    // instead of computing them again (equal texts have equal keys).
    let mut by_text: HashMap<&str, Vec<(&CodedText, &str)>> = HashMap::new();
    for (k, s, _) in &all {
        by_text.entry(s.text.as_str()).or_default().push((*s, *k));
    }
    let mut keyed = all.clone();
    keyed.sort_by(|a, b| a.0.cmp(b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    let queries: Vec<tm::index::Query> = keyed
        .iter()
        .map(|(_, s, a)| tm::index::Query::new(s).with_analysis(a))
        .collect();
    let found: HashMap<&str, Vec<xliff::Match>> = keyed
        .par_iter()
        .zip(index.lookup_batch(&queries, min))
        .filter(|(_, ms)| !ms.is_empty())
        .map(|((k, _, _), ms)| {
            (
                *k,
                ms.iter()
                    .take(max_candidates)
                    .map(|m| adapt::xliff_match(&index, m))
                    .collect(),
            )
        })
        .collect();
    let with = std::sync::atomic::AtomicUsize::new(0);
    let out = parsed.pretranslate(
        &|u: &Unit| {
            let known = by_text
                .get(u.source.text.as_str())
                .and_then(|v| v.iter().find(|(s, _)| **s == u.source))
                .map(|(_, k)| *k);
            let ms = match known {
                Some(k) => found.get(k),
                None => found.get(key_hash(&u.source).as_str()),
            }?;
            with.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Some(ms.clone())
        },
        fill,
    )?;
    report.with_candidates = with.into_inner();
    Ok((out, report))
}

/// The language the sources are analysed in for matching: the project's
/// source language when it is the file's (the project's indexes were built
/// with it), else the file's.
fn matching_lang<'a>(project: Option<&'a Project>, file_lang: &'a str) -> &'a str {
    match project {
        Some(p) if exchange::same_lang(&p.config.source_language, file_lang) => {
            &p.config.source_language
        }
        _ => file_lang,
    }
}

/// The pretranslated file when it goes to standard output, and what was
/// done.
#[derive(Debug, Clone)]
pub struct Pretranslated {
    pub input: PathBuf,
    pub report: PretranslateReport,
    /// The output, unless it was written to `--out`.
    pub stdout: Option<Vec<u8>>,
}

/// Pretranslate `opts.input` against the memories of `project` (when there
/// is one) and `opts.tm`; write the result to `opts.out` (atomically).
pub fn run(project: Option<&Project>, opts: &Options) -> Result<Pretranslated, CommandError> {
    let fill = opts
        .fill
        .or_else(|| project.and_then(|p| p.config.exchange.prefill));
    let max = project
        .map(|p| p.config.exchange.max_candidates)
        .unwrap_or(3);
    let (bytes, report) = pretranslate_file(
        project,
        &opts.input,
        &opts.tm,
        fill,
        opts.min,
        max,
        opts.lang.as_deref(),
    )?;
    let stdout = match &opts.out {
        Some(p) => {
            crate::fsutil::write_atomic(p, &bytes)?;
            None
        }
        None => Some(bytes),
    };
    Ok(Pretranslated {
        input: opts.input.clone(),
        report,
        stdout,
    })
}

impl Report for Pretranslated {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        if let Some(bytes) = &self.stdout {
            c.out.write_all(bytes)?;
        }
        if !c.quiet {
            let r = &self.report;
            writeln!(
                c.err,
                "{}: {} unit(s), {} with candidates ({} → {}, {} memory unit(s))",
                self.input.display(),
                r.units,
                r.with_candidates,
                r.source_lang,
                r.target_lang,
                r.memory_units
            )?;
        }
        Ok(Outcome::Ok)
    }
}
