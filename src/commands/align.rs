//! `diglot align`: align a document and its translation (or two folders of
//! them) into sentence pairs, written out or stored in the memory. The work
//! is [`crate::align`]'s; this module maps options to it and prints.

use super::{CommandError, Console, Outcome, Report};
use crate::align::output::{self, Format};
use crate::align::run::{self, ImportReport};
use crate::align::{AlignError, Aligner, Alignment, Model};
use crate::project::Project;
use crate::segment::Segmenter;
use std::io;
use std::path::PathBuf;

/// Options of `align`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Source document, or folder with `batch`.
    pub source: PathBuf,
    /// Target document, or folder with `batch`.
    pub target: PathBuf,
    pub batch: bool,
    /// Mapping file of `batch` (`source name<TAB>target name`).
    pub map: Option<PathBuf>,
    pub presplit: bool,
    pub format: Format,
    /// A file (a folder with `batch`); standard output when `None`.
    pub out: Option<PathBuf>,
    pub source_lang: Option<String>,
    pub target_lang: Option<String>,
    /// Do not learn from the project's memories.
    pub no_memory: bool,
    pub import: bool,
    /// Threshold of `import` (default [`run::DEFAULT_MIN_CONFIDENCE`]).
    pub min_confidence: Option<f64>,
    /// Archive name of `import` (default: the source file's stem or folder's name).
    pub name: Option<String>,
    /// Review file of `import` (default `<memory dir>/review/aligned-<name>.review.xlf`).
    pub review: Option<PathBuf>,
}

/// What `align` did.
pub struct AlignReport {
    /// The alignment to print (one pair, no `--out`).
    pub text: Option<String>,
    pub unpaired: Vec<PathBuf>,
    /// Documents that could not be aligned (batch), with why.
    pub errors: Vec<String>,
    /// Pairs aligned.
    pub aligned: usize,
    pub batch: bool,
    /// What `--import` stored, relative to the project.
    pub import: Option<ImportReport>,
}

/// Run `align`. `progress(done, total)` is called as batch documents are
/// aligned (from several threads).
pub fn run(
    project: Option<&Project>,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<AlignReport, CommandError> {
    if opts.import && project.is_none() {
        return Err(AlignError::Usage(
            "--import needs a project (diglot.toml here or above, or -C DIR)".into(),
        )
        .into());
    }
    if opts.batch && opts.out.is_none() && !opts.import {
        return Err(AlignError::Usage(
            "--batch writes one file per document: give --out DIR (or --import)".into(),
        )
        .into());
    }
    let cfg = project.map(|p| &p.config);
    let sl = opts
        .source_lang
        .clone()
        .or_else(|| cfg.map(|c| c.source_language.clone()))
        .unwrap_or_else(|| "en".into());
    let tl = opts
        .target_lang
        .clone()
        .or_else(|| cfg.and_then(|c| c.target_languages.first().cloned()))
        .unwrap_or_else(|| "fr".into());
    let model = match project {
        Some(p) if !opts.no_memory => {
            run::project_model(&p.memory_dir(), &sl, &tl, || p.tm_units(&tl, &[]))?
        }
        _ => Model::default(),
    };
    let aligner = Aligner::new(&sl, &tl, model);
    let rules = project.and_then(Project::segmentation_rules);
    let (ss, _) = Segmenter::for_language(&sl, rules.as_deref())?;
    let (ts, _) = Segmenter::for_language(&tl, rules.as_deref())?;
    let seg = run::Options {
        presplit: opts.presplit,
        source_segmenter: &ss,
        target_segmenter: &ts,
    };
    let mut report = AlignReport {
        text: None,
        unpaired: Vec::new(),
        errors: Vec::new(),
        aligned: 0,
        batch: opts.batch,
        import: None,
    };
    let docs: Vec<(String, Alignment)> = if opts.batch {
        let (pairing, items) = run::align_folders(
            &aligner,
            &opts.source,
            &opts.target,
            opts.map.as_deref(),
            &seg,
            progress,
        )?;
        report
            .unpaired
            .extend(pairing.unpaired_source.iter().map(|p| opts.source.join(p)));
        report
            .unpaired
            .extend(pairing.unpaired_target.iter().map(|p| opts.target.join(p)));
        if let Some(out) = &opts.out {
            run::write_folder(out, &items, opts.format)?;
        }
        let mut docs = Vec::new();
        for it in items {
            match it.result {
                Ok(a) => docs.push((it.source.to_string_lossy().replace('\\', "/"), a)),
                Err(e) => report.errors.push(e.to_string()),
            }
        }
        docs
    } else {
        let a = run::align_files(&aligner, &opts.source, &opts.target, &seg)?;
        if opts.out.is_some() || !opts.import {
            let text = output::write(
                &a,
                opts.format,
                &opts.source.to_string_lossy(),
                &opts.target.to_string_lossy(),
            );
            match &opts.out {
                Some(p) => crate::fsutil::write_atomic(p, text.as_bytes())?,
                None => report.text = Some(text),
            }
        }
        let name = opts
            .source
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        vec![(name, a)]
    };
    report.aligned = docs.len();
    if let (true, Some(p)) = (opts.import, project) {
        let name = opts.name.clone().unwrap_or_else(|| {
            let stem = if opts.batch {
                opts.source.file_name()
            } else {
                opts.source.file_stem()
            };
            stem.map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| "archive".into())
        });
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(AlignError::Usage(format!("--name `{name}`: a name, not a path")).into());
        }
        let review = opts.review.clone().unwrap_or_else(|| {
            p.memory_dir()
                .join("review")
                .join(format!("aligned-{name}.review.xlf"))
        });
        let refs: Vec<(String, &Alignment)> = docs.iter().map(|(n, a)| (n.clone(), a)).collect();
        let mut r = run::import(
            &p.memory_dir(),
            &name,
            &refs,
            opts.min_confidence.unwrap_or(run::DEFAULT_MIN_CONFIDENCE),
            &review,
        )?;
        r.reference = p.rel(&r.reference).to_path_buf();
        r.review = r.review.map(|v| p.rel(&v).to_path_buf());
        report.import = Some(r);
    }
    Ok(report)
}

impl Report for AlignReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        if let Some(t) = &self.text {
            c.out.write_all(t.as_bytes())?;
        }
        for p in &self.unpaired {
            writeln!(c.err, "unpaired: {} (no counterpart)", p.display())?;
        }
        for e in &self.errors {
            writeln!(c.err, "error: {e}")?;
        }
        if !c.quiet {
            if self.batch {
                writeln!(
                    c.err,
                    "{} document pair(s) aligned, {} unpaired",
                    self.aligned,
                    self.unpaired.len()
                )?;
            }
            if let Some(r) = &self.import {
                writeln!(
                    c.err,
                    "{}: {} reference unit(s)",
                    r.reference.display(),
                    r.imported
                )?;
                if let Some(v) = &r.review {
                    writeln!(
                        c.err,
                        "{}: {} pair(s) to review (confirm them, then `diglot tm import` the file)",
                        v.display(),
                        r.to_review
                    )?;
                }
            }
        }
        Ok(Outcome::failed_if(!self.errors.is_empty()))
    }
}
