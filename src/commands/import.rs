//! `diglot import`: translated XLIFF files into the translation memory.

use super::{json_line, Console, Format, Outcome, Report};
use crate::diagnostic::{id, Diagnostic};
use crate::exchange;
use crate::model::key_hash;
use crate::project::{Project, ProjectError};
use crate::report;
use crate::roundtrip::{approval_of, base_of, exact_key, is_source_copy, BASE_META};
use crate::site;
use crate::tm::provenance::{self, ApprovedBy, Provenance};
use crate::tm::{adapt, Approval, Memory, MemoryWriter, TmUnit};
use crate::xliff::{self, State};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};

/// Why a unit was not imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// No segment of the project has the unit's id.
    UnknownId,
    /// The source changed since export (a warning; the unit is skipped).
    Stale,
    /// The target's inline codes differ from the source's.
    InlineCodes,
    /// The memory and the file both changed the translation since export.
    Conflict,
}

impl Reason {
    /// The rule id (see [`crate::diagnostic::RULES`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UnknownId => id::UNKNOWN_ID,
            Reason::Stale => id::STALE,
            Reason::InlineCodes => id::INLINE_CODES,
            Reason::Conflict => id::CONFLICT,
        }
    }
}

/// Options of `import`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Import nothing if any unit is rejected, stale or in conflict.
    pub strict: bool,
    /// Check and report without writing the memory.
    pub dry_run: bool,
    /// Approve every imported translation (a trusted translator), except
    /// those a reviewer marked rejected.
    pub approve: bool,
    /// In a conflict (the memory and the file both changed since export),
    /// take the file's translation.
    pub theirs: bool,
}

/// Both versions of a translation in conflict.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictVersions {
    pub file: PathBuf,
    pub line: usize,
    pub unit: String,
    /// Where the segment is in its statement (`path:line`).
    pub position: String,
    /// The memory's translation and the file's.
    pub memory: String,
    pub theirs: String,
}

/// A unit not imported: a diagnostic of the [`Reason`]'s rule at the
/// unit's line, with the unit id.
fn rejection(file: &Path, line: usize, unit: &str, reason: Reason, message: String) -> Diagnostic {
    Diagnostic::of(reason.as_str(), file, line, 0, message).with_id(unit)
}

/// The `problems` of the JSON report: `file`, `line`, `unit`, `reason`,
/// `message` per unit.
fn problems_json<S: serde::Serializer>(problems: &[Diagnostic], s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Rejection<'a> {
        file: &'a Path,
        line: usize,
        unit: &'a str,
        reason: &'a str,
        message: &'a str,
    }
    s.collect_seq(problems.iter().map(|d| Rejection {
        file: &d.path,
        line: d.line,
        unit: d.id.as_deref().unwrap_or(""),
        reason: &d.rule,
        message: &d.message,
    }))
}

/// What an import records about a translation: how it was obtained
/// (from the candidates `u` offered), the import, and when it was
/// imported and, if it is approved, by what.
fn provenance_of(
    u: &xliff::Unit,
    target: &crate::model::CodedText,
    source: &crate::model::CodedText,
    approval: Approval,
    approved_by: ApprovedBy,
    import_id: &str,
    now: &str,
) -> Provenance {
    let (obtained, score, candidate) = provenance::classify(target, source, &u.matches);
    let candidate = candidate.map(|c| site::plain(&c));
    let approved = approval == Approval::Approved;
    Provenance {
        obtained: Some(obtained),
        score,
        candidate,
        import: Some(import_id.to_string()),
        imported: Some(now.to_string()),
        approved: approved.then(|| now.to_string()),
        approved_by: approved.then_some(approved_by),
    }
}

/// What `import` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub approved: usize,
    pub unreviewed: usize,
    /// Units whose translation was already in the memory (or older than
    /// the memory's and unchanged in the file).
    pub unchanged: usize,
    /// Units without a target, or whose target is still a copy of the
    /// source (nothing to import).
    pub untranslated: usize,
    /// Translations of sentences edited since export: kept unreviewed as
    /// candidates for the new sentences.
    pub stale: usize,
    /// Units whose translation changed both in the memory and in the file
    /// since export: not imported (see `--theirs`).
    pub conflicts: usize,
    pub rejected: usize,
    /// The conflicts with both versions and the segment's position.
    pub conflict_versions: Vec<ConflictVersions>,
    /// Units not imported, or kept aside (rules `unknown-id`, `stale`,
    /// `inline-codes`, `conflict`).
    #[serde(serialize_with = "problems_json")]
    pub problems: Vec<Diagnostic>,
    /// Whether the memory was written.
    pub written: bool,
    pub memories: Vec<PathBuf>,
}

/// Import translated XLIFF files into the memory of their target language.
///
/// Per unit with a non-empty target: a copy of the source is untranslated;
/// a unit whose id no statement has but whose source came from the file's
/// statement is `stale` and kept unreviewed (a candidate for the edited
/// sentence); a target equal to the memory's is unchanged; when the file
/// records the memory's translation it was exported with (`base`) and the
/// memory changed since, an unchanged target is older than the memory
/// (unchanged) and a changed one is a `conflict`; everything else is
/// stored, approved or unreviewed by its state
/// ([`crate::roundtrip::approval_of`]).
pub fn run(
    project: &Project,
    files: &[PathBuf],
    opts: &Options,
) -> Result<ImportReport, ProjectError> {
    let corpus = project.corpus()?;
    let mut report = ImportReport::default();
    // Locked from the first read to the write (a dry run reads without
    // the lock: it writes nothing).
    let mut memories: BTreeMap<String, MemoryWriter> = BTreeMap::new();
    let mut dry: BTreeMap<String, Memory> = BTreeMap::new();
    // Segment id → (statement index, segment index)
    let mut by_id: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (si, segs) in corpus.segments.iter().enumerate() {
        for (k, s) in segs.iter().enumerate() {
            by_id.entry(s.id.as_str()).or_default().push((si, k));
        }
    }
    let mut changed = false;
    // When the translations were imported (and approved): the clock, or
    // SOURCE_DATE_EPOCH.
    let now = crate::locale::now_utc().map_err(|e| ProjectError::Usage(e.to_string()))?;
    for file in files {
        let bytes = exchange::read_limited(file)?;
        // The import's id: the hash of the exchange file's bytes.
        let import_id = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes));
        let doc = xliff::read_document(&bytes, file)?;
        let Some(tag) = doc.target_lang.clone().filter(|l| !l.is_empty()) else {
            return Err(ProjectError::Usage(format!(
                "{}: the file declares no target language",
                file.display()
            )));
        };
        let lang = project
            .target_for_tag(&tag)
            .map_err(|e| ProjectError::Usage(format!("{}: {e}", file.display())))?;
        if !crate::roundtrip::tag_matches(&doc.source_lang, &project.config.source_language) {
            return Err(ProjectError::Usage(format!(
                "{}: source language is `{}`, the project's is `{}`",
                file.display(),
                doc.source_lang,
                project.config.source_language
            )));
        }
        let mem: &mut Memory = if opts.dry_run {
            if !dry.contains_key(&lang) {
                dry.insert(lang.clone(), project.memory(&lang)?);
            }
            dry.get_mut(&lang).expect("inserted")
        } else {
            if !memories.contains_key(&lang) {
                memories.insert(lang.clone(), project.memory_writer(&lang)?);
            }
            memories.get_mut(&lang).expect("inserted")
        };
        let origin = file.file_name().map(|n| n.to_string_lossy().to_string());
        for xf in &doc.files {
            // The statement the file was exported from: its `<file>` id is
            // the slug, `original` the statement's path.
            let file_statement = corpus.statements.iter().position(|s| {
                s.slug == xf.id
                    || xf
                        .original
                        .as_deref()
                        .is_some_and(|o| Path::new(o) == project.rel(&s.path))
            });
            for u in &xf.units {
                let reject = |reason: Reason, message: String| {
                    rejection(file, u.line, &u.id, reason, message)
                };
                let Some(target) = u.target.as_ref().filter(|t| !t.text.trim().is_empty()) else {
                    report.untranslated += 1;
                    continue;
                };
                let accept = project.config.exchange.accept_translated;
                let approval = approval_of(u, accept, opts.approve);
                let approved_by = if opts.approve && approval_of(u, accept, false) != approval {
                    ApprovedBy::ImportApprove
                } else {
                    ApprovedBy::Import
                };
                // Still the copy of the source `export` wrote: not a
                // translation, unless a reviewer approved it as it is.
                if is_source_copy(&u.source, target)
                    && !matches!(u.state, Some(State::Final) | Some(State::Reviewed))
                {
                    report.untranslated += 1;
                    continue;
                }
                let candidates = by_id.get(u.id.as_str()).cloned().unwrap_or_default();
                let place = candidates
                    .iter()
                    .copied()
                    .find(|(si, _)| Some(*si) == file_statement)
                    .or_else(|| candidates.first().copied());
                // A segment id is the hash of its source (`-N` for a
                // repetition): a unit whose id is its source's came from a
                // statement, even if no statement has it any more.
                let id_of_source =
                    u.id.split('-')
                        .next()
                        .is_some_and(|h| h == key_hash(&u.source));
                let stale_message = match (place, file_statement) {
                    (None, Some(fs)) if id_of_source => Some(format!(
                        "the sentence was edited since export: {} no longer has “{}”",
                        project.rel(&corpus.statements[fs].path).display(),
                        site::plain(&u.source)
                    )),
                    (None, _) => {
                        report.rejected += 1;
                        report.problems.push(reject(
                            Reason::UnknownId,
                            "no segment of the project has this id".into(),
                        ));
                        continue;
                    }
                    (Some((si, k)), _) if key_hash(&u.source) != corpus.segments[si][k].key => {
                        Some(format!(
                            "the source changed since export: now “{}”, the file has “{}”",
                            site::plain(&corpus.segments[si][k].source),
                            site::plain(&u.source)
                        ))
                    }
                    (Some(_), _) => None,
                };
                if let Some(message) = stale_message {
                    // Kept as an unreviewed translation of the old source,
                    // in its old context: the next export offers it as a
                    // candidate for the edited sentence.
                    report.stale += 1;
                    let statement = place
                        .map(|(si, _)| si)
                        .or(file_statement)
                        .map(|si| corpus.statements[si].slug.clone());
                    let target = adapt::resolve_codes(target, &u.source);
                    let provenance = provenance_of(
                        u,
                        &target,
                        &u.source,
                        Approval::Unreviewed,
                        approved_by,
                        &import_id,
                        &now,
                    );
                    let (_, did_change) = mem.upsert(TmUnit {
                        id: String::new(),
                        source: u.source.clone(),
                        target,
                        approval: Approval::Unreviewed,
                        prev: u.meta("prev").map(str::to_string),
                        next: u.meta("next").map(str::to_string),
                        statement,
                        origin: origin.clone(),
                        provenance,
                        line: 0,
                    });
                    changed |= did_change;
                    report.problems.push(reject(
                        Reason::Stale,
                        format!("{message}; its translation is kept unreviewed as a candidate for the edited sentence"),
                    ));
                    continue;
                }
                let (si, k) = place.expect("a place, or stale");
                let seg = &corpus.segments[si][k];
                let position = format!(
                    "{}:{}",
                    project.rel(&corpus.statements[si].path).display(),
                    seg.span.line
                );
                let (missing, extra) = adapt::code_differences(&seg.source, target);
                if !missing.is_empty() || !extra.is_empty() {
                    let mut parts = Vec::new();
                    if !missing.is_empty() {
                        parts.push(format!(
                            "missing {}",
                            missing
                                .iter()
                                .map(adapt::describe_code)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                    if !extra.is_empty() {
                        parts.push(format!(
                            "unexpected {}",
                            extra
                                .iter()
                                .map(adapt::describe_code)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                    report.rejected += 1;
                    report.problems.push(reject(
                        Reason::InlineCodes,
                        format!(
                            "{position}: the target's inline codes differ from the source: {}",
                            parts.join("; ")
                        ),
                    ));
                    continue;
                }
                let target = adapt::resolve_codes(target, &seg.source);
                // The memory's approved translation of this segment now.
                let current = mem
                    .lookup_exact(&seg.key, seg.prev.as_deref(), seg.next.as_deref(), true)
                    .map(|(cur, _)| adapt::stored_target(cur, &seg.source));
                if let Some(cur) = &current {
                    if exact_key(cur) == exact_key(&target) {
                        report.unchanged += 1;
                        continue;
                    }
                }
                if let (Some(base), Some(cur)) = (u.meta(BASE_META), &current) {
                    if base != base_of(Some(cur)) {
                        // The memory changed since the file was exported.
                        if base == base_of(Some(&target)) {
                            // The file did not: it is older than the memory.
                            report.unchanged += 1;
                            continue;
                        }
                        if !opts.theirs {
                            report.conflicts += 1;
                            report.problems.push(reject(
                                Reason::Conflict,
                                format!(
                                    "{position}: the memory and the file both changed since export: the memory has “{}”, the file “{}” (not imported; `import --theirs` takes the file's)",
                                    cur.display(),
                                    target.display()
                                ),
                            ));
                            report.conflict_versions.push(ConflictVersions {
                                file: file.clone(),
                                line: u.line,
                                unit: u.id.clone(),
                                position,
                                memory: cur.display(),
                                theirs: target.display(),
                            });
                            continue;
                        }
                    }
                }
                let provenance = provenance_of(
                    u,
                    &target,
                    &seg.source,
                    approval,
                    approved_by,
                    &import_id,
                    &now,
                );
                let unit = TmUnit {
                    id: String::new(),
                    source: seg.source.clone(),
                    target,
                    approval,
                    prev: seg.prev.clone(),
                    next: seg.next.clone(),
                    statement: Some(corpus.statements[si].slug.clone()),
                    origin: origin.clone(),
                    provenance,
                    line: 0,
                };
                let (id, did_change) = mem.upsert(unit);
                if did_change {
                    changed = true;
                    match mem.get(&id).map(|u| u.approval).unwrap_or(approval) {
                        Approval::Approved => report.approved += 1,
                        Approval::Unreviewed => report.unreviewed += 1,
                    }
                } else {
                    report.unchanged += 1;
                }
            }
        }
    }
    let blocked = opts.strict && report.failed();
    if changed && !blocked && !opts.dry_run {
        for mem in memories.values() {
            // Under the lock taken when the memory was read.
            mem.save()?;
            report.memories.push(project.rel(&mem.path).to_path_buf());
        }
        report.written = true;
    }
    Ok(report)
}

impl ImportReport {
    /// Whether something needs the user's attention (exit 1).
    pub fn failed(&self) -> bool {
        self.rejected > 0 || self.stale > 0 || self.conflicts > 0
    }

    /// Print as `format`; `opts` explains why nothing was written.
    pub fn print_as(
        &self,
        c: &mut Console<'_>,
        format: Format,
        opts: &Options,
    ) -> io::Result<Outcome> {
        match format {
            Format::Json => json_line(c.out, self)?,
            Format::Text => {
                for p in &self.problems {
                    writeln!(c.err, "{}", report::rejection(p))?;
                }
                if !c.quiet {
                    writeln!(
                        c.out,
                        "imported: {} approved, {} unreviewed, {} unchanged, {} untranslated, {} stale, {} conflict(s), {} rejected",
                        self.approved, self.unreviewed, self.unchanged, self.untranslated, self.stale, self.conflicts, self.rejected
                    )?;
                    if self.written {
                        for m in &self.memories {
                            writeln!(c.out, "updated {}", m.display())?;
                        }
                    } else if opts.strict && self.failed() {
                        writeln!(c.out, "--strict: nothing was imported")?;
                    } else if opts.dry_run {
                        writeln!(c.out, "--dry-run: the memory was not written")?;
                    }
                }
            }
        }
        Ok(Outcome::failed_if(self.failed()))
    }
}

/// An [`ImportReport`] with how to print it.
pub struct Printed {
    pub report: ImportReport,
    pub format: Format,
    pub options: Options,
}

impl Report for Printed {
    fn print(&self, c: &mut Console<'_>) -> io::Result<Outcome> {
        self.report.print_as(c, self.format, &self.options)
    }
}
