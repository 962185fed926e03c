//! What `diglot align` does, for the command glue: aligning a pair of files
//! or two folders (in parallel), and storing the result in the memory.

use super::batch::{self, Pairing};
use super::output::{self, Format, ReviewItem};
use super::{read_document, read_text, AlignError, Aligner, Alignment, InputKind, Side};
use crate::segment::Segmenter;
use crate::tm::{self, Approval, Memory, TmUnit};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Default `--min-confidence` of `--import`, chosen on the alignment
/// benchmark (BENCHMARKS.md, "Alignment") for an import precision of at
/// least 0.97.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.6;

/// Format of the cached model: bump when [`super::Model`] or how it is
/// learned changes (a new diglot build rebuilds the cache anyway).
const MODEL_CACHE_FORMAT: u32 = 1;

/// The cache of a learned model, as written.
#[derive(serde::Serialize, serde::Deserialize)]
struct CachedModel {
    key: String,
    model: super::Model,
}

/// The model learned from a project's memories of `target_lang` (the
/// project memory and every reference memory), from its cache
/// `<memory dir>/.cache/align-<source>-<target>.model.json` when that was
/// learned by this diglot build from memory files of the same content
/// (xxh3-128 of each file's bytes), else learned from `units()` and cached.
/// The cache is derived and disposable like the memories' indexes
/// ([`crate::tm::cache`]); a cache folder that cannot be written just goes
/// without.
pub fn project_model<E>(
    memory_dir: &Path,
    source_lang: &str,
    target_lang: &str,
    units: impl FnOnce() -> Result<Vec<TmUnit>, E>,
) -> Result<super::Model, E> {
    let learn = |units: Vec<TmUnit>| {
        super::Model::learn(
            units
                .iter()
                .map(|u| (u.source.text.as_str(), u.target.text.as_str())),
        )
    };
    let key = model_key(memory_dir, source_lang, target_lang);
    let path = memory_dir
        .join(tm::cache::CACHE_DIR)
        .join(format!("align-{source_lang}-{target_lang}.model.json"));
    let Some(key) = key else {
        return Ok(learn(units()?));
    };
    if let Ok(bytes) = std::fs::read(&path) {
        if let Ok(c) = serde_json::from_slice::<CachedModel>(&bytes) {
            if c.key == key {
                return Ok(c.model);
            }
        }
    }
    let model = learn(units()?);
    let cached = CachedModel { key, model };
    if let Ok(text) = serde_json::to_vec(&cached) {
        // Best effort: a read-only memory folder goes without a cache.
        let _ = tm::cache::write_atomic(&path, |f| std::io::Write::write_all(f, &text));
    }
    Ok(cached.model)
}

/// The key of the model cache: this build, the languages and the content
/// of every memory file of the language (`None` when one cannot be read,
/// or the build cannot be identified: no cache then).
fn model_key(memory_dir: &Path, source_lang: &str, target_lang: &str) -> Option<String> {
    let build = tm::cache::build_id();
    if build == 0 {
        return None;
    }
    let mut files = vec![tm::memory_path(memory_dir, target_lang)];
    files.extend(tm::reference_paths(memory_dir, target_lang).ok()?);
    let mut key = format!("{MODEL_CACHE_FORMAT} {build:x} {source_lang} {target_lang}");
    for f in files {
        let hash = match tm::cache::file_hash(&f) {
            Ok(h) => format!("{h:032x}"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => "-".into(),
            Err(_) => return None,
        };
        let name = f.strip_prefix(memory_dir).unwrap_or(&f);
        key.push_str(&format!(" {}={hash}", name.display()));
    }
    Some(key)
}

/// Options shared by single and batch runs.
pub struct Options<'a> {
    pub presplit: bool,
    pub source_segmenter: &'a Segmenter,
    pub target_segmenter: &'a Segmenter,
}

/// Align two files.
pub fn align_files(
    aligner: &Aligner,
    source: &Path,
    target: &Path,
    opts: &Options<'_>,
) -> Result<Alignment, AlignError> {
    let s = read_text(source)?;
    let t = read_text(target)?;
    let src = read_document(
        source,
        &s,
        InputKind::of(source),
        opts.presplit,
        opts.source_segmenter,
        Some(super::soft::SoftRules::for_language(&aligner.source_lang)),
    )?;
    let tgt = read_document(
        target,
        &t,
        InputKind::of(target),
        opts.presplit,
        opts.target_segmenter,
        Some(super::soft::SoftRules::for_language(&aligner.target_lang)),
    )?;
    Ok(aligner.align(src, tgt))
}

/// One document pair of a batch and its outcome.
pub struct BatchItem {
    pub source: PathBuf,
    pub target: PathBuf,
    pub result: Result<Alignment, AlignError>,
}

/// Pair two folders and align every pair in parallel; `progress(done,
/// total)` is called after each pair (for a progress bar). Items come in pairing order.
pub fn align_folders(
    aligner: &Aligner,
    source_dir: &Path,
    target_dir: &Path,
    map: Option<&Path>,
    opts: &Options<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Pairing, Vec<BatchItem>), AlignError> {
    let map = match map {
        Some(p) => batch::read_map(p)?,
        None => Vec::new(),
    };
    let pairing = batch::pair(
        &batch::list(source_dir)?,
        &batch::list(target_dir)?,
        &aligner.source_lang,
        &aligner.target_lang,
        &map,
    );
    let total = pairing.pairs.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    progress(0, total);
    let items = pairing
        .pairs
        .par_iter()
        .map(|(s, t, _)| {
            let result = align_files(aligner, &source_dir.join(s), &target_dir.join(t), opts);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, total);
            BatchItem {
                source: s.clone(),
                target: t.clone(),
                result,
            }
        })
        .collect();
    Ok((pairing, items))
}

/// Write a batch's alignments into `out`: one file per pair, named after
/// the source document with the format's extension, each atomically (a
/// temporary file renamed), without an fsync per file.
pub fn write_folder(
    out: &Path,
    items: &[BatchItem],
    format: Format,
) -> Result<Vec<PathBuf>, AlignError> {
    let mut written = Vec::new();
    for it in items {
        let Ok(a) = &it.result else { continue };
        let path = out.join(it.source.with_extension(format.extension()));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| AlignError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let text = output::write(
            a,
            format,
            &it.source.to_string_lossy(),
            &it.target.to_string_lossy(),
        );
        // Atomic (a temporary file renamed) but not fsynced file by file:
        // these are derived files, and 200 fsyncs cost seconds of wall time
        // on a virtual disk where the alignment itself takes a fraction of one.
        let lock = crate::fsutil::lock(&path)?;
        crate::fsutil::replace_file(lock.target(), text.as_bytes(), false)?;
        drop(lock);
        written.push(path);
    }
    Ok(written)
}

/// What `--import` did.
#[derive(Debug, Default, serde::Serialize)]
pub struct ImportReport {
    /// The reference memory written (replaced).
    pub reference: PathBuf,
    /// Pairs stored in it.
    pub imported: usize,
    /// The review XLIFF written, when some beads were below the threshold.
    pub review: Option<PathBuf>,
    /// Pairs in it.
    pub to_review: usize,
}

/// Store aligned pairs: those at or above `min_confidence` replace the
/// reference memory `<memory_dir>/reference/aligned-<name>.<lang>.xlf`
/// (never published, used for matching); the others go to the review XLIFF
/// `review` (removed when there is nothing to review).
pub fn import(
    memory_dir: &Path,
    name: &str,
    docs: &[(String, &Alignment)],
    min_confidence: f64,
    review: &Path,
) -> Result<ImportReport, AlignError> {
    let Some((_, first)) = docs.first() else {
        return Err(AlignError::Usage("nothing was aligned".into()));
    };
    let (sl, tl) = (first.source_lang.clone(), first.target_lang.clone());
    let path = memory_dir
        .join(tm::REFERENCE_DIR)
        .join(format!("aligned-{name}.{tl}.xlf"));
    let mut mem = Memory::new(path.clone(), &sl, &tl);
    let mut items = Vec::new();
    for (doc, a) in docs {
        for b in a.beads.iter().filter(|b| b.is_pair()) {
            let source = a.text(Side::Source, &b.source);
            let target = a.text(Side::Target, &b.target);
            if b.confidence >= min_confidence {
                mem.upsert(TmUnit {
                    id: String::new(),
                    source,
                    target,
                    approval: Approval::Unreviewed,
                    prev: None,
                    next: None,
                    statement: None,
                    origin: Some(doc.clone()),
                    provenance: Default::default(),
                    line: 0,
                });
            } else {
                items.push(ReviewItem {
                    document: doc.clone(),
                    source,
                    target,
                    confidence: b.confidence,
                });
            }
        }
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| AlignError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    mem.save()?;
    let mut report = ImportReport {
        reference: path,
        imported: mem.len(),
        review: None,
        to_review: items.len(),
    };
    if items.is_empty() {
        match std::fs::remove_file(review) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(AlignError::Io {
                    path: review.to_path_buf(),
                    source,
                })
            }
        }
    } else {
        if let Some(parent) = review.parent() {
            std::fs::create_dir_all(parent).map_err(|source| AlignError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let xml = output::review_xliff(&sl, &tl, &items);
        crate::fsutil::write_atomic(review, xml.as_bytes())?;
        report.review = Some(review.to_path_buf());
    }
    Ok(report)
}
