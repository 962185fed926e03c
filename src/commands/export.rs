//! `diglot export`: the segments that need translation as XLIFF, one file
//! per statement, with TM candidates.

use super::{Console, Outcome, Report};
use crate::config::ExportTarget;
use crate::model::CodedText;
use crate::project::{Project, ProjectError};
use crate::roundtrip;
use crate::site;
use crate::source::BlockKind;
use crate::tm::{self, adapt};
use crate::xliff::{self, Document, File, State, Unit};
use serde::Serialize;
use std::io;
use std::path::PathBuf;

/// XLIFF version of exported files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum XliffVersion {
    V1_2,
    V2_0,
    #[default]
    V2_1,
    V2_2,
}

impl XliffVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            XliffVersion::V1_2 => "1.2",
            XliffVersion::V2_0 => "2.0",
            XliffVersion::V2_1 => "2.1",
            XliffVersion::V2_2 => "2.2",
        }
    }

    /// Serialise a document in this version.
    pub fn write(self, doc: &Document) -> String {
        let mut doc = doc.clone();
        doc.version = self.as_str().to_string();
        match self {
            XliffVersion::V1_2 => xliff::write_v12(&doc),
            _ => xliff::write_v2(&doc),
        }
    }
}

/// Options of `export`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub lang: String,
    /// XLIFF version (default 2.1).
    pub xliff: XliffVersion,
    pub out: PathBuf,
    /// Export every segment, not only those that need work.
    pub all: bool,
    /// Only these statements (slugs or file paths); all when empty.
    pub statements: Vec<String>,
    /// Overwrite exchange files that differ from what would be written.
    pub force: bool,
}

/// One exported file.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedFile {
    pub path: PathBuf,
    pub statement: String,
    pub units: usize,
}

/// The note telling a translator that a segment is an image's alt text or
/// title, and which image.
fn image_text_note(st: &crate::source::Statement, kind: BlockKind) -> Option<String> {
    let (n, what) = match kind {
        BlockKind::ImageAlt(n) => (n, "the alternative text of an image (read aloud by screen readers and shown when the image cannot be seen)"),
        BlockKind::ImageTitle(n) => (n, "the title of an image (shown as a tooltip)"),
        _ => return None,
    };
    let src = st.images.get(usize::from(n)).map(|im| im.src.as_str())?;
    Some(format!("This segment is {what}: image `{src}`."))
}

/// Export the segments that need translation as XLIFF 2.1, one file per
/// statement: `<out>/<slug>.<lang>.xlf`.
pub fn run(project: &Project, opts: &Options) -> Result<ExportReport, ProjectError> {
    let corpus = project.corpus()?;
    project.target(&opts.lang)?;
    let mem = project.memory(&opts.lang)?;
    let index = project.index(&opts.lang, &[])?;
    let ex = &project.config.exchange;
    let mut pending = Vec::new();
    let untranslated = ex.target_for(opts.xliff.as_str());
    let file_lang = ex
        .file_language
        .get(&opts.lang)
        .cloned()
        .unwrap_or_else(|| opts.lang.clone());
    let mut too_big: Vec<(PathBuf, usize)> = Vec::new();
    for i in corpus.select(&opts.statements)? {
        let st = &corpus.statements[i];
        let segs = &corpus.segments[i];
        let title = st
            .blocks
            .first()
            .map(|b| site::plain(&b.content))
            .unwrap_or_default();
        let mut units = Vec::new();
        for (k, s) in segs.iter().enumerate() {
            let approved = mem.lookup_exact(&s.key, s.prev.as_deref(), s.next.as_deref(), true);
            if approved.is_some() && !opts.all {
                continue;
            }
            let mut u = Unit::new(s.id.clone(), s.source.clone());
            u.notes
                .push(tm::note("statement", format!("{} ({})", title, st.slug)));
            if let Some(n) = image_text_note(st, s.kind) {
                u.notes.push(tm::note("context", n));
            }
            if k > 0 {
                u.notes
                    .push(tm::note("previous", site::plain(&segs[k - 1].source)));
            }
            if let Some(n) = segs.get(k + 1) {
                u.notes.push(tm::note("next", site::plain(&n.source)));
            }
            // The memory's translation the unit is based on: an import of
            // the file compares it with the memory's at that time.
            let base = approved.map(|(unit, _)| adapt::stored_target(unit, &s.source));
            u.meta.push((
                roundtrip::BASE_META.into(),
                roundtrip::base_of(base.as_ref()),
            ));
            // The segment's context, so that a translation of a sentence
            // edited meanwhile is kept in its place.
            for (k, v) in [("prev", &s.prev), ("next", &s.next)] {
                if let Some(v) = v {
                    u.meta.push((k.into(), v.clone()));
                }
            }
            if let Some(t) = base {
                // --all: the approved translation itself.
                u.target = Some(t);
                u.state = Some(State::Final);
                u.sub_state = Some("diglot:approved".into());
            } else {
                u.state = Some(State::Initial);
                u.target = match untranslated {
                    ExportTarget::Source => Some(s.source.clone()),
                    ExportTarget::Empty => Some(CodedText::default()),
                    ExportTarget::None => None,
                };
            }
            // TM candidates, best first; the best pre-fills the target
            // when configured.
            let matches = index.lookup(
                &s.source,
                s.prev.as_deref(),
                s.next.as_deref(),
                ex.candidates_min,
            );
            for m in matches.iter().take(ex.max_candidates) {
                u.matches.push(adapt::xliff_match(&index, m));
            }
            if approved.is_none() {
                if let (Some(min), Some(best)) = (ex.prefill, matches.first()) {
                    let unit = index.unit(best.unit);
                    if best.score >= min {
                        if let Some(t) =
                            adapt::adapt_target(&unit.source, &best.target(&index), &s.source)
                        {
                            u.target = Some(t);
                            u.state = Some(State::Translated);
                            u.sub_state = Some(format!("diglot:{}", adapt::class_name(best.class)));
                            u.state_qualifier = Some(adapt::state_qualifier(best.class).into());
                        }
                    }
                }
            }
            units.push(u);
        }
        if units.is_empty() {
            continue;
        }
        let n = units.len();
        let doc = Document {
            version: opts.xliff.as_str().into(),
            source_lang: project.config.source_language.clone(),
            target_lang: Some(file_lang.clone()),
            files: vec![File {
                id: st.slug.clone(),
                original: Some(project.rel(&st.path).to_string_lossy().to_string()),
                units,
            }],
        };
        let path = opts.out.join(format!("{}.{}.xlf", st.slug, opts.lang));
        let text = opts.xliff.write(&doc);
        // One size policy: never write an exchange file that diglot (or
        // `validate`, `import`) would refuse to read.
        if text.len() > xliff::MAX_INPUT_BYTES {
            too_big.push((path, text.len()));
            continue;
        }
        pending.push((text, path, st.slug.clone(), n));
    }
    if let Some((path, len)) = too_big.first() {
        let others = match too_big.len() - 1 {
            0 => String::new(),
            k => format!(" ({k} more statement(s) too large, not written either)"),
        };
        return Err(ProjectError::Output {
            path: path.clone(),
            message: format!(
                "not written: it would be {} MiB, and diglot reads exchange files up to {} MiB; split the statement into smaller statements, or export fewer units (without --all, or with a lower exchange.max_candidates){others}",
                len.div_ceil(1024 * 1024),
                xliff::MAX_INPUT_BYTES / (1024 * 1024)
            ),
        });
    }
    // An exchange file may be a translator's work in progress: one that
    // differs from what would be written is replaced only with --force.
    // Nothing is written when any would be refused.
    let mut locked = Vec::new();
    let mut refused = Vec::new();
    for (xml, path, _, _) in &pending {
        let lock = crate::fsutil::lock(path)?;
        match std::fs::read(lock.target()) {
            Ok(old) if old != xml.as_bytes() && !opts.force => refused.push(format!(
                "{}: exists and differs from what export would write (a translation in progress?); import it first, move it away, or use --force to overwrite it",
                path.display()
            )),
            _ => {}
        }
        locked.push(lock);
    }
    if !refused.is_empty() {
        return Err(ProjectError::Usage(refused.join("\n")));
    }
    let mut written = Vec::new();
    for ((xml, path, statement, units), lock) in pending.into_iter().zip(&locked) {
        crate::fsutil::write_locked(lock, xml.as_bytes()).map_err(|e| {
            crate::fsutil::WriteError {
                path: path.clone(),
                source: e.source,
            }
        })?;
        written.push(ExportedFile {
            path,
            statement,
            units,
        });
    }
    Ok(ExportReport {
        files: written,
        no_statements: corpus
            .statements
            .is_empty()
            .then(|| project.config.statements_dir.clone()),
    })
}

/// What `export` wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportReport {
    pub files: Vec<ExportedFile>,
    /// The statements folder, when the project has no statements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_statements: Option<PathBuf>,
}

impl Report for ExportReport {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        if !c.quiet {
            if let Some(dir) = &self.no_statements {
                writeln!(
                    c.out,
                    "nothing to export: the project has no statements (write them in {})",
                    dir.display()
                )?;
            } else if self.files.is_empty() {
                writeln!(c.out, "nothing to translate: every segment has an approved translation (use --all to export everything)")?;
            }
            for f in &self.files {
                writeln!(
                    c.out,
                    "{}: {} unit(s) ({})",
                    f.path.display(),
                    f.units,
                    f.statement
                )?;
            }
        }
        Ok(Outcome::Ok)
    }
}
